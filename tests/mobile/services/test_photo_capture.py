"""Photos kept the moment they are taken; thumbnails from the phone, else from the server."""

from __future__ import annotations

import pytest

from mobile.photos import PhotoRejected
from mobile.services.photo_capture import ThumbnailCache, add_photo
from mobile.services.reporting import HazardReport, report_hazard
from mobile.store import MemoryPhotoFiles
from tests.mobile.sync.phones import actor_of, make_phone, signed_in
from tests.mobile.ui.pictures import a_photo
from tests.mobile.world import MONDAY_10, sign_in_offline


def test_a_picture_is_processed_and_kept_with_its_thumbnail():
    files = MemoryPhotoFiles()
    ref = add_photo(files, a_photo(), MONDAY_10)
    assert files.photo(ref.sha256) is not None and files.thumb(ref.sha256) is not None
    assert ref.taken_at == MONDAY_10


def test_a_file_that_is_not_a_picture_is_refused():
    with pytest.raises(PhotoRejected):
        add_photo(MemoryPhotoFiles(), b"%PDF-1.4", MONDAY_10)


def test_a_thumbnail_another_phone_uploaded_is_fetched_once_then_served_from_memory(
    tmp_path, server
):
    author = signed_in(make_phone(tmp_path / "a", server.url), "worker1")
    reader = signed_in(make_phone(tmp_path / "b", server.url), "manager1")
    ref = add_photo(author.photos, a_photo(), MONDAY_10)
    report_hazard(author.record, actor_of(author), HazardReport(title="地面油污", photos=(ref,)))
    author.engine.sync_once()
    calls = []
    cache = ThumbnailCache(reader.photos, reader.engine.api, reader.session, spawn=lambda w: w())
    assert cache.get(ref.sha256) is None
    cache.fetch(actor_of(reader).tenant or "", [ref.sha256], lambda: calls.append("refresh"))
    assert cache.get(ref.sha256) is not None and calls == ["refresh"]
    cache.fetch(actor_of(reader).tenant or "", [ref.sha256], lambda: calls.append("again"))
    assert calls == ["refresh"]
    author.close()
    reader.close()


def test_an_unreachable_server_leaves_the_placeholder_and_tries_again_later(tmp_path):
    phone = make_phone(tmp_path / "p", "http://127.0.0.1:9")
    sign_in_offline(phone.store)
    cache = ThumbnailCache(phone.photos, phone.engine.api, phone.session, spawn=lambda w: w())
    sha = "a" * 64
    cache.fetch("T", [sha], lambda: None)
    assert cache.get(sha) is None and sha not in cache._asked
    phone.close()


def test_a_photo_another_phone_uploaded_is_fetched_at_display_size_for_the_full_screen_viewer(
    tmp_path, server
):
    author = signed_in(make_phone(tmp_path / "a", server.url), "worker1")
    reader = signed_in(make_phone(tmp_path / "b", server.url), "manager1")
    ref = add_photo(author.photos, a_photo(), MONDAY_10)
    report_hazard(author.record, actor_of(author), HazardReport(title="地面油污", photos=(ref,)))
    author.engine.sync_once()
    calls = []
    cache = ThumbnailCache(reader.photos, reader.engine.api, reader.session, spawn=lambda w: w())
    assert cache.full(ref.sha256) is None
    cache.fetch_full(actor_of(reader).tenant or "", ref.sha256, lambda: calls.append("here"))
    full = cache.full(ref.sha256)
    assert full is not None and calls == ["here"]
    assert len(full) > len(author.photos.thumb(ref.sha256) or b"")  # not the thumbnail
    assert ThumbnailCache(author.photos, author.engine.api, author.session).full(ref.sha256) == (
        author.photos.photo(ref.sha256)  # the phone's own photo needs no fetch
    )
    author.close()
    reader.close()
