"""The user's choices on this phone: language, server address, and when it last synced."""

from __future__ import annotations

import threading
from dataclasses import asdict, dataclass, replace
from typing import Any

from mobile.store import Store

__all__ = ["DOC", "Preferences", "load_preferences", "save_preferences", "with_changes"]

DOC = "preferences"
LANGUAGES = ("zh-CN", "en")
_LOCK = threading.Lock()  # the sync thread notes its rounds while the UI changes the language


@dataclass(frozen=True)
class Preferences:
    """What the settings screen changes; kept in the store so it survives restarts.

    Attributes:
        language: ``zh-CN`` (the default) or ``en``.
        server: The sync server chosen in settings; None to use the one the app was started with.
        last_synced_ms: When a sync round last finished well, in epoch ms.
        map_tiles: A tile server's URL template (``https://…/{z}/{x}/{y}.png``) for the
            regulator's map; None draws the plain canvas (tiles are not drawn in this build).
    """

    language: str = "zh-CN"
    server: str | None = None
    last_synced_ms: int | None = None
    map_tiles: str | None = None


def load_preferences(store: Store) -> Preferences:
    """The saved preferences, or the defaults (unknown fields from a newer app are dropped)."""
    doc: dict[str, Any] = store.read_doc(DOC) or {}
    language = doc.get("language")
    server = doc.get("server")
    synced = doc.get("last_synced_ms")
    tiles = doc.get("map_tiles")
    return Preferences(
        language=language if language in LANGUAGES else "zh-CN",
        server=server if isinstance(server, str) and server else None,
        last_synced_ms=synced if isinstance(synced, int) else None,
        map_tiles=tiles if isinstance(tiles, str) and tiles else None,
    )


def save_preferences(store: Store, preferences: Preferences) -> None:
    """Keep the preferences durably."""
    store.write_doc(DOC, asdict(preferences))


def with_changes(store: Store, **changes: Any) -> Preferences:
    """Change some preferences, save them and return the result."""
    with _LOCK:
        updated = replace(load_preferences(store), **changes)
        save_preferences(store, updated)
    return updated
