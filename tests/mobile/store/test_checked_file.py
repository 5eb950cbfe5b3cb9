"""Checksummed files: a torn or truncated copy is recognised, the newest good copy wins."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mobile.store.checked_file import CheckedFile, CorruptFile, decode, encode, mirror_path

BODY = {"pending": {"1": {"title": "灭火器压力不足"}}}


def test_what_is_saved_loads_back(tmp_path):
    file = CheckedFile(tmp_path / "f.json")
    file.save(BODY)
    assert CheckedFile(tmp_path / "f.json").load() == BODY


def test_a_missing_file_loads_as_none(tmp_path):
    assert CheckedFile(tmp_path / "none.json", copies=2).load() is None


@settings(max_examples=40, deadline=None)
@given(cut=st.integers(0, len(encode(BODY, 1)) - 1))
def test_any_truncation_is_recognised(cut):
    with pytest.raises(CorruptFile):
        decode(encode(BODY, 1)[:cut])


def test_a_flipped_byte_in_the_body_is_recognised():
    content = bytearray(encode(BODY, 1))
    content[-3] ^= 0x01
    with pytest.raises(CorruptFile):
        decode(bytes(content))


def test_the_newest_good_copy_wins(tmp_path):
    file = CheckedFile(tmp_path / "o.json", copies=2)
    file.save({"n": 1})
    old = (tmp_path / "o.json").read_bytes()
    file.save({"n": 2})
    (tmp_path / "o.json").write_bytes(old)  # as if the crash came between the two copies
    assert CheckedFile(tmp_path / "o.json", copies=2).load() == {"n": 2}


def test_when_every_copy_is_damaged_the_error_says_so(tmp_path):
    file = CheckedFile(tmp_path / "o.json", copies=2)
    file.save(BODY)
    for path in (tmp_path / "o.json", mirror_path(tmp_path / "o.json")):
        path.write_bytes(b"{}")
    with pytest.raises(CorruptFile):
        file.load()


def test_a_file_is_kept_in_one_or_two_copies_only(tmp_path):
    with pytest.raises(ValueError):
        CheckedFile(tmp_path / "x.json", copies=3)
