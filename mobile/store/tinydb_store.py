"""The phone store on disk: TinyDB files over an atomic storage, split so each stays small.

Layout under the data folder::

    outbox.json, outbox.mirror.json   pending events, device counters, sync cursor (two copies:
                                      this is the only place unsent events exist)
    history/YYYY-MM.json              settled and pulled events, by the month of their stamp
    docs/<name>.json                  small documents: session, reference data per enterprise

A record (a card tick) rewrites only the outbox, whatever the size of the history. Settled
events leave the outbox (it is compacted on every settle and pull). History is a copy of the
server's record: a damaged month is moved aside and the cursor reset, so the next pull restores
it. A damaged outbox copy is replaced by its twin.
"""

from __future__ import annotations

import threading
import time
import uuid
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any

from tinydb import TinyDB
from tinydb.table import Document, Table

from mobile.store.atomic_storage import AtomicStorage
from mobile.store.checked_file import TEMP_SUFFIX, CheckedFile, CorruptFile
from mobile.store.records import DeviceState, KnownEvent, Settled, check_doc_name, month_of
from shared.events import Event
from shared.ids import DeviceId

__all__ = ["TinyDbStore"]

SINGLE = 1  # the doc_id of one-document tables (device, sync)


class TinyDbStore:
    """The ``Store`` port on TinyDB files under one folder (see the module docstring).

    Safe to share between threads: each method runs under one lock, so two writes of the same
    file never interleave.

    Args:
        root: The data folder (``FLET_APP_STORAGE_DATA`` on a phone); created if missing.
        new_device_id: Makes the install's id the first time the folder is used.

    Attributes:
        recovered: What opening had to repair, for the log and the about screen.
    """

    def __init__(
        self, root: Path, *, new_device_id: Callable[[], str] = lambda: uuid.uuid4().hex
    ) -> None:
        self.root = root
        self.recovered: list[str] = []
        self._lock = threading.RLock()  # the UI and the sync thread share one store
        for folder in (root, root / "history", root / "docs"):
            folder.mkdir(parents=True, exist_ok=True)
        _remove_temp_files(root)
        self._outbox = self._open_outbox()
        self._months: dict[str, TinyDB] = {}
        self._index: dict[str, tuple[str, int]] | None = None  # event_id -> (month, doc_id)
        self._check_history()
        if not self._table("device"):
            state = DeviceState(device_id=DeviceId(new_device_id()))
            with self._batch():
                _put_single(self._table("device"), state.to_doc())

    # --- the port ------------------------------------------------------------------------------

    def device(self) -> DeviceState:
        """This install's id, last ``device_seq`` and clock stamp."""
        with self._lock:
            doc = self._table("device").get(doc_id=SINGLE)
            assert isinstance(doc, dict), "made when the store was opened"
            return DeviceState.from_doc(doc)

    def record(self, event: Event, device: DeviceState) -> None:
        """Append to the outbox with the device state, in one durable write."""
        with self._lock, self._batch():
            document = Document({"event": event.model_dump(mode="json")}, doc_id=event.device_seq)
            self._table("pending").insert(document)
            _put_single(self._table("device"), device.to_doc())

    def pending(self) -> list[Event]:
        """Unsettled events in ``device_seq`` order."""
        with self._lock:
            docs = sorted(self._table("pending").all(), key=lambda doc: doc.doc_id)
            return [Event.stored(doc["event"]) for doc in docs]

    def settle(self, settled: Sequence[Settled]) -> None:
        """History first, then the outbox: a crash between leaves a resend, never a loss."""
        with self._lock:
            waiting = {doc["event"]["event_id"]: doc for doc in self._table("pending").all()}
            answered = list({s.event_id: s for s in settled if s.event_id in waiting}.values())
            if not answered:
                return
            self._put_history(KnownEvent.settled(waiting[s.event_id]["event"], s) for s in answered)
            with self._batch():
                self._table("pending").remove(
                    doc_ids=[waiting[s.event_id].doc_id for s in answered]
                )

    def absorb(self, pulled: Sequence[KnownEvent], *, cursor: int, device: DeviceState) -> None:
        """History first, then cursor, clock and outbox compaction in one write."""
        with self._lock:
            self._put_history(pulled)
            arrived = {known.event_id for known in pulled}
            pending = self._table("pending")
            with self._batch():
                done = [doc.doc_id for doc in pending.all() if doc["event"]["event_id"] in arrived]
                if done:
                    pending.remove(doc_ids=done)
                _put_single(self._table("sync"), {"cursor": cursor})
                _put_single(self._table("device"), device.to_doc())

    def known(self) -> list[KnownEvent]:
        """Every history event, month by month; builds the id index on the way."""
        with self._lock:
            index: dict[str, tuple[str, int]] = {}
            found: list[KnownEvent] = []
            for month in self._month_names():
                for doc in self._month(month).table("events").all():
                    known = KnownEvent.from_doc(doc)
                    index[known.event_id] = (month, doc.doc_id)
                    found.append(known)
            self._index = index
            return found

    def cursor(self) -> int:
        """The saved pull cursor, 0 when none."""
        with self._lock:
            doc = self._table("sync").get(doc_id=SINGLE)
            return int(doc["cursor"]) if isinstance(doc, dict) else 0

    def read_doc(self, name: str) -> dict[str, Any] | None:
        """A small document; a damaged one is moved aside and reads as absent."""
        with self._lock:
            file = self._doc_file(name)
            try:
                body = file.load()
            except CorruptFile as exc:
                self._note(f"document {name} was damaged ({exc}) and moved aside", file)
                return None
            return None if body is None else dict(body)

    def write_doc(self, name: str, doc: dict[str, Any] | None) -> None:
        """Replace a small document durably, or delete it when ``doc`` is None."""
        with self._lock:
            file = self._doc_file(name)
            if doc is None:
                file.delete()
                return
            file.path.parent.mkdir(parents=True, exist_ok=True)
            file.save(doc)

    def close(self) -> None:
        """Release the files (nothing is buffered: everything written is already durable)."""
        self._outbox.close()
        for db in self._months.values():
            db.close()

    # --- internals -----------------------------------------------------------------------------

    def _open_outbox(self) -> TinyDB:
        path = self.root / "outbox.json"
        db = TinyDB(path, storage=AtomicStorage, copies=2)
        try:
            db.storage.read()
        except CorruptFile as exc:
            db.close()
            self._note(
                f"both outbox copies were damaged ({exc}); started empty",
                CheckedFile(path, copies=2),
            )
            db = TinyDB(path, storage=AtomicStorage, copies=2)
        return db

    def _check_history(self) -> None:
        damaged = False
        for month in self._month_names():
            file = CheckedFile(self._month_path(month))
            try:
                file.check()
            except CorruptFile as exc:
                self._note(f"history {month} was damaged ({exc}); it will be pulled again", file)
                damaged = True
        if damaged:
            with self._batch():
                _put_single(self._table("sync"), {"cursor": 0})

    def _put_history(self, records: Iterable[KnownEvent]) -> None:
        by_month: dict[str, dict[str, KnownEvent]] = {}
        for known in records:
            by_month.setdefault(month_of(known.body), {})[known.event_id] = known
        index = self._id_index()
        for month, found in sorted(by_month.items()):
            db = self._month(month)
            table = db.table("events")
            stale = [index[event_id][1] for event_id in found if event_id in index]
            with _storage(db).batch():
                if stale:
                    table.remove(doc_ids=stale)
                ids = table.insert_multiple(known.to_doc() for known in found.values())
            index.update(
                {event_id: (month, doc_id) for event_id, doc_id in zip(found, ids, strict=True)}
            )

    def _id_index(self) -> dict[str, tuple[str, int]]:
        if self._index is None:
            self.known()
        assert self._index is not None
        return self._index

    def _month(self, month: str) -> TinyDB:
        if month not in self._months:
            self._months[month] = TinyDB(
                self._month_path(month), storage=AtomicStorage, cache=False
            )
        return self._months[month]

    def _month_path(self, month: str) -> Path:
        return self.root / "history" / f"{month}.json"

    def _month_names(self) -> list[str]:
        return sorted(path.stem for path in (self.root / "history").glob("????-??.json"))

    def _doc_file(self, name: str) -> CheckedFile:
        return CheckedFile(self.root / "docs" / f"{check_doc_name(name)}.json")

    def _table(self, name: str) -> Table:
        return self._outbox.table(name, cache_size=0)

    def _batch(self) -> Any:
        return _storage(self._outbox).batch()

    def _note(self, message: str, file: CheckedFile) -> None:
        moved = file.quarantine(str(time.time_ns()))
        self.recovered.append(f"{message}: kept as {', '.join(p.name for p in moved)}")


def _storage(db: TinyDB) -> AtomicStorage:
    storage = db.storage
    assert isinstance(storage, AtomicStorage)
    return storage


def _put_single(table: Table, doc: dict[str, Any]) -> None:
    table.truncate()
    table.insert(Document(doc, doc_id=SINGLE))


def _remove_temp_files(root: Path) -> None:
    """Half-written files from a crash are never the truth: the rename never happened."""
    for temp in root.rglob(f"*{TEMP_SUFFIX}"):
        temp.unlink(missing_ok=True)
