"""Fixtures for the phone: the store on both backends, and the real server on SQLite.

``store`` runs every contract test on the in-memory twin and on TinyDB files. Server-backed
tests use the root fixtures (``app``, ``live_server``) on SQLite only; a test that matters on
PostgreSQL too asks for it with ``@pytest.mark.parametrize("database_url", [...],
indirect=True)``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from mobile.store import FolderPhotoFiles, MemoryPhotoFiles, MemoryStore, TinyDbStore


@pytest.fixture(params=["memory", "tinydb"])
def make_store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Callable[[], Any]]:
    """``make_store()``: a new, empty store of this backend each call (device ``phone-test``)."""
    opened: list[TinyDbStore] = []

    def make() -> MemoryStore | TinyDbStore:
        if request.param == "memory":
            return MemoryStore(device_id="phone-test")
        opened.append(
            TinyDbStore(tmp_path / f"data{len(opened)}", new_device_id=lambda: "phone-test")
        )
        return opened[-1]

    yield make
    for each in opened:
        each.close()


@pytest.fixture
def store(make_store: Callable[[], Any]) -> Any:
    return make_store()


@pytest.fixture(params=["memory", "folder"])
def photo_files(request: pytest.FixtureRequest, tmp_path: Path):
    if request.param == "memory":
        return MemoryPhotoFiles()
    return FolderPhotoFiles(tmp_path / "photos")


@pytest.fixture(params=["sqlite"])
def database_url(request: pytest.FixtureRequest) -> Iterator[str | None]:
    """SQLite unless a test asks for PostgreSQL too (the server's own tests cover both)."""
    if request.param == "sqlite":
        yield None
        return
    databases = request.getfixturevalue("postgres_databases")
    url = databases.create()
    yield url
    databases.release(url)


@pytest.fixture
def server(app, live_server):
    """The real sync server on loopback with the demo city (no history) and its accounts."""
    from sync_server.demo import seed_demo

    with app.state.engine.begin() as conn:
        seed_demo(conn)
    return live_server


@pytest.fixture(autouse=True)
def cheap_password_hashing(monkeypatch: pytest.MonkeyPatch) -> None:
    """Argon2id at production cost takes ~0.1 s a hash; the demo world hashes seven."""
    try:
        from argon2 import PasswordHasher

        from sync_server import accounts
    except ImportError:  # the phone profile: no server here, so nothing is hashed
        return
    cheap = PasswordHasher(time_cost=1, memory_cost=64, parallelism=1)
    monkeypatch.setattr(accounts, "_hasher", cheap)
    monkeypatch.setattr(accounts, "_DUMMY_HASH", cheap.hash("not a password"))
