"""Seeds and servers for the chaos simulations.

- ``CHAOS_SEEDS`` (default 200): SQLite seeds run by worker processes, one per core.
- ``CHAOS_INPROCESS_SEEDS`` (default 3): SQLite seeds run inside pytest.
- ``CHAOS_REPLICA_SEEDS`` (default 10): PostgreSQL seeds, two replicas, inside pytest.
- ``--seed N`` or ``CHAOS_SEED=N``: only seed N, everywhere (a replay).
"""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest

from sync_server import accounts
from tests.chaos.servers import CHEAP_HASHER, Servers, serving
from tests.postgres import Databases


def chosen_seed(config: pytest.Config) -> int | None:
    """The one seed asked for with ``--seed`` or ``CHAOS_SEED``, if any."""
    chosen = config.getoption("--seed", default=None)
    if chosen is None and os.environ.get("CHAOS_SEED"):
        chosen = int(os.environ["CHAOS_SEED"])
    return None if chosen is None else int(chosen)


def seeds(variable: str, default: int, config: pytest.Config) -> list[int]:
    """The seeds to run: the one asked for, else the first N."""
    chosen = chosen_seed(config)
    if chosen is not None:
        return [chosen]
    return list(range(int(os.environ.get(variable, default))))


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    """Parametrize ``seed`` (SQLite, in-process) and ``replica_seed`` (two replicas)."""
    for name, variable, default in (
        ("seed", "CHAOS_INPROCESS_SEEDS", 3),
        ("replica_seed", "CHAOS_REPLICA_SEEDS", 10),
    ):
        if name in metafunc.fixturenames:
            chosen = seeds(variable, default, metafunc.config)
            metafunc.parametrize(name, chosen, ids=[f"seed={s}" for s in chosen])


@pytest.fixture(scope="module")
def one_server() -> Iterator[Servers]:
    """One live server; each seed switches in an app on a fresh SQLite database."""
    with serving(1) as servers:
        yield servers


@pytest.fixture(scope="module")
def two_replicas() -> Iterator[Servers]:
    """Two live servers (replicas); each seed gives both apps one fresh PostgreSQL database."""
    with serving(2) as servers:
        yield servers


@pytest.fixture
def fresh_postgresql(postgres_databases: Databases) -> Iterator[str]:
    url = postgres_databases.create()
    yield url
    postgres_databases.release(url)


@pytest.fixture(autouse=True)
def no_fsync(monkeypatch: pytest.MonkeyPatch) -> None:
    """Apps are killed, not machines: the page cache keeps what a phone wrote.

    Writes stay atomic (temp file, rename); only the flush to the disk is skipped, which saves
    a third of a seed. Power loss is ``tests/mobile/store/test_crash.py``'s subject.
    """
    monkeypatch.setattr(os, "fsync", lambda fd: None)


@pytest.fixture(autouse=True)
def cheap_password_hashing(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(accounts, "_hasher", CHEAP_HASHER)
    monkeypatch.setattr(accounts, "_DUMMY_HASH", CHEAP_HASHER.hash("not a password"))
