"""The standards library on the phone: kept by sync, fetched here only when sync never did.

Every sync round brings the library when its version changed (``mobile.sync.engine``), so a
phone that synced once browses it offline. A copy the server confirmed within a day is used
without asking; an older one is read again from ``GET /v1/standards`` when the server answers,
and shown as kept when it does not (an inspector in a basement, a manager onboarding offline).
"""

from __future__ import annotations

from dataclasses import dataclass

from mobile.standards_copy import LIBRARY_DOC, keep_copy, kept_copy
from mobile.store import Store
from mobile.sync.errors import Offline
from mobile.sync.reads import ServerReads
from shared.standards import StandardsLibrary

__all__ = ["LIBRARY_DOC", "RECHECK_MS", "KeptLibrary", "kept_library", "standards_library"]

RECHECK_MS = 24 * 3600 * 1000
"""A kept copy younger than this is used without asking the server."""


@dataclass(frozen=True)
class KeptLibrary:
    """The library and how old the phone's copy is.

    Attributes:
        library: The standards.
        checked_ms: When the server last confirmed this version (phone clock, epoch ms).
        fresh: False when the server was unreachable and an older copy is shown.
    """

    library: StandardsLibrary
    checked_ms: int
    fresh: bool


def standards_library(reads: ServerReads, store: Store, now_ms: int) -> KeptLibrary:
    """The library: the kept copy while recent, else the server's, else the kept one offline.

    Raises:
        Offline: The server cannot be reached and the phone never kept a copy.
        SignInRequired, ServerRefused: as for ``ServerReads.json``.
    """
    kept = _kept(store)
    if kept is not None and 0 <= now_ms - kept.checked_ms < RECHECK_MS:
        return kept
    try:
        fetched = reads.json("/v1/standards")
    except Offline:
        if kept is None:
            raise
        return KeptLibrary(kept.library, kept.checked_ms, fresh=False)
    library = StandardsLibrary.model_validate(fetched.body)
    if not fetched.fresh:  # the reads layer's own kept answer: the server was not reached
        return KeptLibrary(library, kept.checked_ms if kept else fetched.at_ms, fresh=False)
    keep_copy(store, library, now_ms, etag=None)
    return KeptLibrary(library, now_ms, fresh=True)


def kept_library(store: Store) -> StandardsLibrary | None:
    """The library as last kept, without asking the server (for screens drawn often)."""
    kept = _kept(store)
    return kept.library if kept is not None else None


def _kept(store: Store) -> KeptLibrary | None:
    found = kept_copy(store)
    return KeptLibrary(found.library, found.checked_ms, fresh=True) if found else None
