"""The one place where the phone's objects are built and connected; ``main.py`` calls this.

Data lives in ``--data DIR`` if given, else in ``FLET_APP_STORAGE_DATA`` (the Flet app's
durable folder: anything written elsewhere is lost when a built APK restarts, flet-dev/flet#4114),
else in ``./var/phone`` for development.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import httpx

from mobile.local_record import LocalRecord, wall_clock_ms
from mobile.store import FolderPhotoFiles, TinyDbStore
from mobile.sync.api import SyncApi
from mobile.sync.engine import SyncEngine
from mobile.sync.loop import StatusCallback, SyncLoop, ignore_status
from mobile.sync.progress import ProgressCallback, ignore_progress
from mobile.sync.reads import ServerReads
from mobile.sync.session import SessionKeeper

__all__ = ["DEFAULT_SERVER", "Phone", "build_phone", "data_folder", "server_url"]

DEFAULT_SERVER = "http://127.0.0.1:8700"
DATA_ENV = "FLET_APP_STORAGE_DATA"
SERVER_ENV = "SHUANGKONG_SERVER"
TIMEOUT = httpx.Timeout(20.0, connect=5.0)
"""Generous for weak networks; a stuck request still ends and the loop backs off."""


def data_folder(argv: Sequence[str], environ: Mapping[str, str]) -> Path:
    """Where the phone keeps its data: ``--data DIR``, else Flet's data folder, else ``var/phone``.

    Args:
        argv: The command line (without the program name or with it: only ``--data`` is read).
        environ: The environment.
    """
    found = _option(argv, "--data")
    if found:
        return Path(found)
    if environ.get(DATA_ENV):
        return Path(environ[DATA_ENV])
    return Path("var") / "phone"


def server_url(argv: Sequence[str], environ: Mapping[str, str]) -> str:
    """The sync server: ``--server URL``, else ``SHUANGKONG_SERVER``, else the local default."""
    return _option(argv, "--server") or environ.get(SERVER_ENV) or DEFAULT_SERVER


@dataclass
class Phone:
    """Everything the UI needs, connected."""

    store: TinyDbStore
    photos: FolderPhotoFiles
    record: LocalRecord
    session: SessionKeeper
    engine: SyncEngine
    loop: SyncLoop
    http: httpx.Client
    reads: ServerReads

    def close(self) -> None:
        """Stop syncing and release the connection and files."""
        self.loop.stop()
        self.http.close()
        self.store.close()


def build_phone(
    data: Path,
    server: str,
    *,
    transport: httpx.BaseTransport | None = None,
    on_status: StatusCallback = ignore_status,
    progress: ProgressCallback = ignore_progress,
    clock: Callable[[], int] = wall_clock_ms,
) -> Phone:
    """Open the store in ``data`` and connect the sync engine to ``server``.

    The loop is built but not started: the UI starts it once it can show its status.

    Args:
        data: The data folder (see ``data_folder``).
        server: The sync server's base URL.
        transport: An httpx transport to use instead of the network (tests).
        on_status: Told each sync status change.
        progress: Told sync progress.
        clock: The phone's wall clock in epoch ms, for merging pulled stamps and the age of
            reference data (tests give phones skewed clocks; actions take theirs from
            ``phone.record.clock``).
    """
    store = TinyDbStore(data)
    photos = FolderPhotoFiles(data / "photos")
    record = LocalRecord(store, clock=clock)
    http = httpx.Client(base_url=server, timeout=TIMEOUT, transport=transport)
    api = SyncApi(http)
    session = SessionKeeper(api, store)
    engine = SyncEngine(api, session, record, photos, progress=progress, clock=clock)
    loop = SyncLoop(engine.sync_once, on_status=on_status)
    reads = ServerReads(api, session, store, clock=clock)
    return Phone(store, photos, record, session, engine, loop, http, reads)


def _option(argv: Sequence[str], name: str) -> str | None:
    for index, arg in enumerate(argv):
        if arg == name and index + 1 < len(argv):
            return argv[index + 1]
        if arg.startswith(name + "="):
            return arg.split("=", 1)[1]
    return None
