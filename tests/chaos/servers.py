"""Live servers that stay up across seeds, each seed switching in a new app on a fresh database.

Starting uvicorn costs more than a seed, so each live server serves a ``Switchable`` app: every
seed gets new apps (new engine, throttle, token issuer) on a database of its own, switched in
behind the same ports. On SQLite the seeded demo city is made once and copied for each seed.
"""

from __future__ import annotations

import sqlite3
import tempfile
from collections.abc import Iterator
from contextlib import closing, contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from argon2 import PasswordHasher
from fastapi import FastAPI
from starlette.types import ASGIApp, Receive, Scope, Send

from sync_server.app import create_app
from sync_server.db import make_engine
from sync_server.demo import seed_demo
from sync_server.settings import Settings
from tests.live_server import LiveServer

SECRET = b"c" * 32
CHEAP_HASHER = PasswordHasher(time_cost=1, memory_cost=64, parallelism=1)
"""Argon2id at production cost takes ~0.1 s a hash, and every seed signs in six phones."""


class Switchable:
    """An ASGI app that forwards to whichever app was switched in last."""

    def __init__(self) -> None:
        self.app: ASGIApp | None = None

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        assert self.app is not None, "no app switched in"
        await self.app(scope, receive, send)


@dataclass
class Servers:
    """Live servers (replicas) that each seed points at a fresh database."""

    servers: list[LiveServer]
    switches: list[Switchable]
    scratch: Path  # where the seeded SQLite template is kept
    apps: list[FastAPI] = field(default_factory=list)
    template: Path | None = None  # a seeded SQLite database, copied for each seed

    @property
    def urls(self) -> list[str]:
        return [server.url for server in self.servers]

    def fresh(self, data_dir: Path, database_url: str | None = None) -> FastAPI:
        """New apps on a new database with the demo city; returns the first (to read the DB)."""
        self.dispose()
        settings = Settings(data_dir=data_dir, database_url=database_url, secret=SECRET)
        if database_url is None:
            self._copy_template(settings)
        self.apps = [create_app(settings) for _ in self.switches]
        if database_url is not None:
            with self.apps[0].state.engine.begin() as conn:
                seed_demo(conn)
        for switch, app in zip(self.switches, self.apps, strict=True):
            switch.app = app
        return self.apps[0]

    def dispose(self) -> None:
        """Close the current apps' connections (before their database goes)."""
        for app in self.apps:
            app.state.engine.dispose()
        self.apps = []

    def _copy_template(self, settings: Settings) -> None:
        if self.template is None:
            self.template = self.scratch / "template.sqlite3"
            template_settings = Settings(data_dir=self.scratch / "template")
            engine = make_engine(template_settings)
            with engine.begin() as conn:
                seed_demo(conn)
            engine.dispose()
            _backup(_sqlite_file(template_settings), self.template)
        target = _sqlite_file(settings)
        target.parent.mkdir(parents=True, exist_ok=True)
        _backup(self.template, target)


def _sqlite_file(settings: Settings) -> Path:
    return Path(settings.url.removeprefix("sqlite:///"))


def _backup(source: Path, target: Path) -> None:
    """A consistent copy of a SQLite database (its WAL included)."""
    with closing(sqlite3.connect(source)) as src, closing(sqlite3.connect(target)) as dst:
        src.backup(dst)


@contextmanager
def serving(replicas: int) -> Iterator[Servers]:
    """``replicas`` live servers on loopback for as long as the block runs."""
    switches = [Switchable() for _ in range(replicas)]
    servers = [LiveServer(switch).start() for switch in switches]
    with tempfile.TemporaryDirectory(prefix="chaos-servers-") as scratch:
        board = Servers(servers, switches, Path(scratch))
        try:
            yield board
        finally:
            board.dispose()
            for server in servers:
                server.stop()
