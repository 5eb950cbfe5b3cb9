"""Photos taken or picked on the phone: processed, kept durably, shown as thumbnails.

A photo is stored (``mobile.photos``) the moment it is taken, before the form it belongs to is
submitted, so nothing is lost if the app is killed meanwhile; the sync engine leaves such draft
photos alone until an event references them. Photos pulled with other people's events are not
on the phone: their thumbnails are fetched from the server once and kept in memory.
"""

from __future__ import annotations

import logging
import threading
from collections import OrderedDict
from collections.abc import Callable, Iterable
from datetime import datetime
from functools import partial

from mobile.photos import keep_photo, process_photo
from mobile.store import PhotoFiles
from mobile.sync.api import SyncApi
from mobile.sync.errors import SyncError
from mobile.sync.session import SessionKeeper
from shared.payloads import PhotoRef

__all__ = ["ThumbnailCache", "add_photo"]

log = logging.getLogger(__name__)

MEMORY_THUMBS = 200
"""Fetched thumbnails kept in memory (256 px JPEGs of 10–20 KB: a few MB at most)."""

MEMORY_DISPLAYS = 6
"""Fetched full-screen photos kept in memory (1600 px JPEGs of 200–400 KB each)."""


def add_photo(files: PhotoFiles, raw: bytes, taken_at: datetime) -> PhotoRef:
    """Process a camera or gallery picture and keep it; returns the reference for the event.

    Raises:
        PhotoRejected: Not a JPEG, PNG or WebP picture, or too large to open safely.
    """
    return keep_photo(files, process_photo(raw, captured_at=taken_at))


class ThumbnailCache:
    """Thumbnails by photo hash: the phone's own files first, else fetched from the server.

    Args:
        files: The photo files on the phone.
        api: The server API, to fetch thumbnails of photos other people took.
        session: Runs the requests with a valid token.
        spawn: Runs a fetch away from the UI (a daemon thread; tests run it at once).
    """

    def __init__(
        self,
        files: PhotoFiles,
        api: SyncApi,
        session: SessionKeeper,
        *,
        spawn: Callable[[Callable[[], None]], None] | None = None,
    ) -> None:
        self.files = files
        self.api = api
        self.session = session
        self.spawn = spawn or _in_thread
        self._fetched: OrderedDict[str, bytes] = OrderedDict()
        self._displays: OrderedDict[str, bytes] = OrderedDict()
        self._lock = threading.Lock()
        self._asked: set[str] = set()

    def get(self, sha256: str) -> bytes | None:
        """The thumbnail if on the phone or fetched already; never waits for the network."""
        local = self.files.thumb(sha256)
        if local is not None:
            return local
        with self._lock:
            return self._fetched.get(sha256)

    def fetch(self, tenant: str, hashes: Iterable[str], then: Callable[[], None]) -> None:
        """Fetch missing thumbnails in a background thread, then call ``then`` if any came."""
        wanted = [sha for sha in hashes if self.get(sha) is None and sha not in self._asked]
        if not wanted:
            return
        self._asked.update(wanted)
        self.spawn(partial(self._fetch_all, tenant, wanted, then))

    def full(self, sha256: str) -> bytes | None:
        """The photo at full size if on the phone or fetched already; never waits."""
        local = self.files.photo(sha256)
        if local is not None:
            return local
        with self._lock:
            return self._displays.get(sha256)

    def fetch_full(self, tenant: str, sha256: str, then: Callable[[], None]) -> None:
        """Fetch a photo someone else took at full size, away from the UI; ``then`` once here."""
        if self.full(sha256) is not None:
            return
        self.spawn(partial(self._fetch_display, tenant, sha256, then))

    def _display(self, token: str, *, tenant: str, sha256: str) -> bytes:
        return self.api.display(token, tenant, sha256)

    def _fetch_display(self, tenant: str, sha256: str, then: Callable[[], None]) -> None:
        try:
            data = self.session.call(partial(self._display, tenant=tenant, sha256=sha256))
        except SyncError:
            return  # offline: the thumbnail stays on screen; the next opening tries again
        except RuntimeError:
            log.info("photo fetch stopped: the app is closing")
            return
        with self._lock:
            self._displays[sha256] = data
            while len(self._displays) > MEMORY_DISPLAYS:
                self._displays.popitem(last=False)
        then()

    def _thumbnail(self, token: str, *, tenant: str, sha256: str) -> bytes:
        return self.api.thumbnail(token, tenant, sha256)

    def _fetch_all(self, tenant: str, wanted: list[str], then: Callable[[], None]) -> None:
        got = 0
        for sha in wanted:
            try:
                data = self.session.call(partial(self._thumbnail, tenant=tenant, sha256=sha))
            except SyncError:
                self._asked.discard(sha)  # try again next time the hazard is opened
                continue
            except RuntimeError:  # the app is closing: its HTTP client is closed
                log.info("thumbnail fetch stopped: the app is closing")
                return
            with self._lock:
                self._fetched[sha] = data
                while len(self._fetched) > MEMORY_THUMBS:
                    self._fetched.popitem(last=False)
            got += 1
        if got:
            then()


def _in_thread(work: Callable[[], None]) -> None:
    threading.Thread(target=work, name="thumbs", daemon=True).start()
