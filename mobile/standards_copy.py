"""The phone's copy of the standards library, as a sync round or the 标准库 screen left it.

Kept in one store document with the server's entity tag, so a sync round asks "still this
one?" (``If-None-Match``) and downloads the ~90 kB library only when it changed. A copy this
build cannot read (a newer schema) counts as missing rather than being shown half.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from pydantic import ValidationError

from mobile.store import Store
from shared.standards import StandardsLibrary

__all__ = ["LIBRARY_DOC", "KeptCopy", "confirm_copy", "keep_copy", "kept_copy", "kept_tag"]

LIBRARY_DOC = "standards/library"


@dataclass(frozen=True)
class KeptCopy:
    """The kept library and when the server last confirmed it (phone clock, epoch ms)."""

    library: StandardsLibrary
    checked_ms: int


def kept_copy(store: Store) -> KeptCopy | None:
    """The library the phone keeps, or None when it has none it can read."""
    doc = store.read_doc(LIBRARY_DOC)
    if doc is None:
        return None
    try:
        return KeptCopy(StandardsLibrary.model_validate(doc["library"]), int(doc["checked_ms"]))
    except (KeyError, TypeError, ValueError, ValidationError):
        return None


def kept_tag(store: Store) -> str | None:
    """The entity tag of the kept copy, when it is readable and the server gave one."""
    doc = store.read_doc(LIBRARY_DOC)
    tag = doc.get("etag") if isinstance(doc, dict) else None
    return tag if isinstance(tag, str) and kept_copy(store) is not None else None


def keep_copy(store: Store, library: StandardsLibrary, now_ms: int, etag: str | None) -> None:
    """Keep a library the server just gave."""
    doc: dict[str, Any] = {"checked_ms": now_ms, "library": library.model_dump(mode="json")}
    if etag:
        doc["etag"] = etag
    store.write_doc(LIBRARY_DOC, doc)


def confirm_copy(store: Store, now_ms: int) -> None:
    """The server said the kept copy is current (304): it is fresh as of now."""
    doc = store.read_doc(LIBRARY_DOC)
    if isinstance(doc, dict):
        store.write_doc(LIBRARY_DOC, {**doc, "checked_ms": now_ms})
