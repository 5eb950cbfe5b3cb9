"""Photo files on both backends: stored by hash, dropped durably, damage never uploaded."""

from __future__ import annotations

import hashlib

import pytest

from mobile.store import FolderPhotoFiles

PHOTO = b"\xff\xd8 a photo" * 100
SHA = hashlib.sha256(PHOTO).hexdigest()


def test_a_photo_and_its_thumbnail_are_kept_and_listed(photo_files):
    photo_files.put(SHA, PHOTO, b"thumb")
    assert (photo_files.photo(SHA), photo_files.thumb(SHA), photo_files.stored()) == (
        PHOTO,
        b"thumb",
        [SHA],
    )


def test_dropping_a_photo_keeps_its_thumbnail(photo_files):
    photo_files.put(SHA, PHOTO, b"thumb")
    photo_files.drop(SHA)
    photo_files.drop(SHA)  # twice is fine
    assert (photo_files.photo(SHA), photo_files.thumb(SHA), photo_files.stored()) == (
        None,
        b"thumb",
        [],
    )


def test_bytes_that_do_not_match_their_name_are_refused(photo_files):
    with pytest.raises(ValueError):
        photo_files.put("0" * 64, PHOTO, b"thumb")


def test_a_damaged_photo_file_reads_as_missing(tmp_path):
    files = FolderPhotoFiles(tmp_path)
    files.put(SHA, PHOTO, b"thumb")
    (tmp_path / f"{SHA}.jpg").write_bytes(PHOTO[:-1])
    assert files.photo(SHA) is None


@pytest.mark.parametrize("name", ["../../etc/passwd", "A" * 64, "abc"])
def test_a_name_that_is_not_a_hash_is_refused(tmp_path, name):
    with pytest.raises(ValueError):
        FolderPhotoFiles(tmp_path).photo(name)
