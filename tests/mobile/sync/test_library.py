"""The standards library in a sync round: downloaded once, then a 304 while it holds."""

from __future__ import annotations

from mobile.standards_copy import LIBRARY_DOC, kept_copy, kept_tag
from sync_server.standards import shipped_library

LIBRARY = shipped_library()


def test_the_first_round_keeps_the_library_and_the_next_asks_with_its_tag(server, phones):
    network = phones.network()
    phone = phones.new("m", "manager1", network)
    assert phone.engine.sync_once().library_updated
    kept = kept_copy(phone.store)
    assert kept is not None and kept.library.version == LIBRARY.version
    asked = len(network.requests)

    assert not phone.engine.sync_once().library_updated
    [again] = [r for r in network.requests[asked:] if r.url.path == "/v1/standards"]
    tag = kept_tag(phone.store)
    assert tag is not None and tag.startswith(f'"{LIBRARY.version}-')
    assert again.headers["if-none-match"] == tag


def test_a_copy_this_build_cannot_read_is_downloaded_again(server, phones):
    phone = phones.new("w", "worker1")
    phone.store.write_doc(LIBRARY_DOC, {"checked_ms": 0, "library": {"v": 9}, "etag": '"x"'})
    assert kept_tag(phone.store) is None  # an unreadable copy is not asked for by its tag
    assert phone.engine.sync_once().library_updated
    assert kept_copy(phone.store) is not None
