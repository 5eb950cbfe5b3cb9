"""The server's settings: where data lives, which database, and the limits it enforces."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Settings:
    """Everything configurable, with embedded defaults that run on one machine.

    The signing secret is kept in the data folder on first start, so tokens and QR keys survive
    a restart and every replica that shares the folder (or is given ``secret``) agrees.
    """

    data_dir: Path
    database_url: str | None = None
    secret: bytes | None = None
    access_token_seconds: int = 15 * 60
    refresh_token_seconds: int = 60 * 24 * 3600  # a phone offline for weeks signs in again
    max_batch: int = 500
    max_request_bytes: int = 8 * 1024 * 1024
    max_blob_bytes: int = 15 * 1024 * 1024
    max_image_pixels: int = 40_000_000
    pull_page: int = 500
    login_attempts_per_minute: int = 10
    nightly_scoring: bool = False  # score every enterprise at 00:00 (``serve`` turns it on)

    @property
    def url(self) -> str:
        """The SQLAlchemy URL: the given one, else SQLite (WAL) in the data folder."""
        if self.database_url:
            return _sqlalchemy_url(self.database_url)
        return f"sqlite:///{self.data_dir / 'shuangkong.sqlite3'}"

    def signing_secret(self) -> bytes:
        """The secret for tokens and QR keys; made once and kept beside the database."""
        if self.secret is not None:
            return self.secret
        path = self.data_dir / "secret.key"
        if not path.exists():
            self.data_dir.mkdir(parents=True, exist_ok=True)
            path.write_bytes(secrets.token_bytes(32))
            path.chmod(0o600)
        return path.read_bytes()


def _sqlalchemy_url(url: str) -> str:
    """Accept plain ``postgresql://`` URLs and use psycopg 3 for them."""
    if url.startswith("postgresql://"):
        return "postgresql+psycopg://" + url.removeprefix("postgresql://")
    return url
