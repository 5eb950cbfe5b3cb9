"""Language, server address and last sync: kept on the phone across restarts."""

from __future__ import annotations

from mobile.services.preferences import Preferences, load_preferences, with_changes


def test_the_defaults_are_chinese_and_the_started_server(store):
    assert load_preferences(store) == Preferences(
        language="zh-CN", server=None, last_synced_ms=None
    )


def test_changes_are_kept_and_merged(store):
    with_changes(store, language="en")
    with_changes(store, last_synced_ms=42)
    assert load_preferences(store) == Preferences(language="en", server=None, last_synced_ms=42)


def test_nonsense_in_the_file_falls_back_to_the_defaults(store):
    store.write_doc("preferences", {"language": "klingon", "server": 3, "last_synced_ms": "x"})
    assert load_preferences(store) == Preferences()
