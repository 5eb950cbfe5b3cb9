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
from typing import TYPE_CHECKING

import hypothesis
import pytest

if TYPE_CHECKING:  # the server's packages are imported by the fixtures that use them, so
    # the phone profile (scripts/phone-venv: no fastapi, sqlalchemy, psycopg) can run
    # tests/shared and tests/mobile with this conftest loaded
    from fastapi import FastAPI
    from fastapi.testclient import TestClient

    from sync_server.settings import Settings
    from tests import postgres
    from tests.live_server import LiveServer

SECRET = b"s" * 32

hypothesis.settings.register_profile(
    "busy-machine",
    deadline=None,
    suppress_health_check=[hypothesis.HealthCheck.too_slow],
)
hypothesis.settings.load_profile("busy-machine")
"""Hypothesis without its two clocks: the 200 ms deadline per example and the "generating
inputs is too slow" check measure the machine, not the code. Beside other work (CI runners,
two busy loops) both failed properties that pass alone (seen: ``test_explanation``'s packed
lines). What a property checks stays; how many examples it takes stays."""
SERVER_PACKAGES = frozenset(
    {"argon2", "fastapi", "fpdf", "openpyxl", "psycopg", "sqlalchemy", "starlette", "uvicorn"}
)
"""The server profile's packages; the phone profile (``scripts/phone-venv``) has none of them."""


class _TestModule(pytest.Module):
    """A test module that skips, naming the phone profile, when a server package is missing.

    Only a module whose import fails on one of ``SERVER_PACKAGES`` is skipped: every other
    import error still fails the collection.
    """

    def _getobj(self) -> object:
        try:
            return super()._getobj()  # type: ignore[no-untyped-call]
        except self.CollectError as exc:
            missing = getattr(exc.__cause__, "name", None) or ""
            if missing.split(".")[0] not in SERVER_PACKAGES:
                raise
            pytest.skip(
                f"needs the server's package {missing}; the phone profile (scripts/phone-venv)"
                " runs without the server's packages",
                allow_module_level=True,
            )


def pytest_pycollect_makemodule(module_path: Path, parent: pytest.Collector) -> pytest.Module:
    """Test modules skip, rather than fail, where the server's packages are not installed."""
    return _TestModule.from_parent(parent, path=module_path)


def _server_packages() -> None:
    """Skip a test whose fixtures need the server (the phone profile has no server packages)."""
    for name in ("fastapi", "sqlalchemy"):
        pytest.importorskip(
            name, reason="needs the server; the phone profile (scripts/phone-venv) has none"
        )


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
    _server_packages()
    from tests import postgres

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
    from tests import postgres

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
    _server_packages()
    from sync_server.settings import Settings

    return Settings(data_dir=tmp_path, database_url=database_url, secret=SECRET)


@pytest.fixture
def make_app(settings: Settings) -> Iterator[Callable[..., FastAPI]]:
    """``make_app(settings=None)``: another app on these (or other) settings, disposed after."""
    from sync_server.app import create_app

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
    from fastapi.testclient import TestClient

    with TestClient(app) as client:
        yield client


@pytest.fixture
def live_server(app: FastAPI) -> Iterator[LiveServer]:
    """The app served by a real uvicorn on 127.0.0.1; ``.url``, ``.stop()``, ``.restart()``."""
    from tests.live_server import LiveServer

    with LiveServer(app) as server:
        yield server
