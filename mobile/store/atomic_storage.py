"""A TinyDB ``Storage`` that writes through ``CheckedFile``: atomic, checksummed, batched.

Never TinyDB's ``CachingMiddleware``: it flushes every 1000 writes, so a phone killed in
between loses what the UI called saved. Here every write is durable when it returns, and a
``batch()`` turns several table operations into one durable write (an event and the device
counters that stamped it land together or not at all).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from tinydb.storages import Storage

from mobile.store.checked_file import CheckedFile

__all__ = ["AtomicStorage"]

Tables = dict[str, dict[str, Any]]


class AtomicStorage(Storage):
    """TinyDB's whole-file storage made durable.

    Args:
        path: The file (passed by ``TinyDB(path, storage=AtomicStorage, ...)``).
        copies: 2 for data that exists nowhere else, 1 otherwise.
        cache: Keep the last durable state in memory so reads cost no disk access; off for big
            files that are read rarely (history months), to keep the phone's memory small.
    """

    def __init__(self, path: str | Path, *, copies: int = 1, cache: bool = True) -> None:
        super().__init__()
        self.file = CheckedFile(Path(path), copies=copies)
        self._cache = cache
        self._data: Tables | None = None  # the last durable state, when cached
        self._batch: Tables | None = None  # what a batch wrote so far, not yet durable
        self._batching = False

    def read(self) -> Tables | None:
        """The current tables; TinyDB may change the result before writing it back."""
        if self._batching and self._batch is not None:
            return _shallow_copy(self._batch)
        if self._data is None or not self._cache:
            self._data = self.file.load()
        data = self._data
        if not self._cache:
            self._data = None
        return None if data is None else _shallow_copy(data)

    def write(self, data: Tables) -> None:
        """Write durably now, or at the end of the current batch."""
        if self._batching:
            self._batch = data
            return
        try:
            self.file.save(data)
        except BaseException:
            # TinyDB may have changed cached documents in place before a failed write:
            # forget them, the file is the truth.
            self._data = None
            raise
        self._data = data if self._cache else None

    @contextmanager
    def batch(self) -> Iterator[None]:
        """Run several TinyDB operations as one durable write; on error nothing is written."""
        if self._batching:
            raise RuntimeError("batches do not nest")
        self._batching, self._batch = True, None
        try:
            yield
            pending = self._batch
        except BaseException:
            self._data = None  # the batch may have changed cached documents in place
            raise
        finally:
            self._batching, self._batch = False, None
        if pending is not None:
            self.write(pending)

    def close(self) -> None:
        """Nothing is held open between writes; forget the cache."""
        self._data = None


def _shallow_copy(data: Tables) -> Tables:
    """Fresh table dicts over the same documents: TinyDB replaces documents, not edits them.

    TinyDB's ``update`` does edit a document in place, but always writes right after; a failed
    write drops the cache (see ``write``).
    """
    return {name: dict(table) for name, table in data.items()}
