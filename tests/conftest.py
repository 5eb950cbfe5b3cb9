"""Fixtures for the sync server: every server test runs on SQLite and on PostgreSQL.

``database_url`` is parametrized ``sqlite`` / ``postgresql``: None (SQLite in ``tmp_path``) or an
empty PostgreSQL database of the test's own on the session's cluster, which starts on first use
only (``tests/postgres.py``; ``SHUANGKONG_TEST_DATABASE_URL`` names a server to use instead).
``settings``, ``app``, ``client`` and ``live_server`` build on it; ``make_app`` builds more apps
("replicas", or a restarted server) and disposes their engines.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from sync_server.app import create_app
from sync_server.settings import Settings
from tests import postgres
from tests.live_server import LiveServer

SECRET = b"s" * 32


def pytest_addoption(parser: pytest.Parser) -> None:
    """``--seed N`` replays one seed of the chaos simulation (``tests/chaos``)."""
    parser.addoption(
        "--seed",
        type=int,
        default=None,
        help="run only this seed of the chaos simulations (printed as SEED=<n> on failure)",
    )


@pytest.fixture(scope="session")
def postgres_url() -> Iterator[str]:
    """The session's PostgreSQL database URL: a throwaway cluster, started on first use."""
    try:
        server = postgres.session_server()
    except postgres.PostgresUnavailable as exc:
        pytest.fail(str(exc), pytrace=False)
    try:
        yield server.url
    finally:
        server.close()


@pytest.fixture(scope="session")
def postgres_databases(postgres_url: str) -> Iterator[postgres.Databases]:
    """Makes and drops the per-test databases on the session's server."""
    databases = postgres.Databases(postgres_url)
    yield databases
    databases.close()


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request: pytest.FixtureRequest) -> Iterator[str | None]:
    """None for SQLite (the default, in the data folder), else an empty PostgreSQL database."""
    if request.param == "sqlite":
        yield None
        return
    databases: postgres.Databases = request.getfixturevalue("postgres_databases")
    url = databases.create()
    yield url
    databases.release(url)


@pytest.fixture
def settings(tmp_path: Path, database_url: str | None) -> Settings:
    return Settings(data_dir=tmp_path, database_url=database_url, secret=SECRET)


@pytest.fixture
def make_app(settings: Settings) -> Iterator[Callable[..., FastAPI]]:
    """``make_app(settings=None)``: another app on these (or other) settings, disposed after."""
    apps: list[FastAPI] = []

    def make(other: Settings | None = None) -> FastAPI:
        apps.append(create_app(other or settings))
        return apps[-1]

    yield make
    for app in apps:
        app.state.engine.dispose()


@pytest.fixture
def app(make_app: Callable[..., FastAPI]) -> FastAPI:
    return make_app()


@pytest.fixture
def client(app: FastAPI) -> Iterator[TestClient]:
    with TestClient(app) as client:
        yield client


@pytest.fixture
def live_server(app: FastAPI) -> Iterator[LiveServer]:
    """The app served by a real uvicorn on 127.0.0.1; ``.url``, ``.stop()``, ``.restart()``."""
    with LiveServer(app) as server:
        yield server
