"""The server's settings: where data lives, which database, and the limits it enforces."""

from __future__ import annotations

import math
import os
import secrets
import zlib
from collections import Counter
from contextlib import suppress
from dataclasses import dataclass
from pathlib import Path

from shared.errors import InvalidInput

MIN_SECRET_BYTES = 32
MIN_SECRET_BITS = 128
"""A secret file must hold at least 32 bytes and look like 128 bits of randomness.

The estimate is the bytes' empirical Shannon entropy times their number, capped by their
deflated size: 32 random bytes score about 150, 64 hex digits about 250, ``aaaa…`` or a
repeated word far below 128. An empty
``secret.key`` was once accepted and made every token forgeable (issue 13).
"""


class WeakSecret(InvalidInput):
    """A signing secret that is empty, short or guessable: the server refuses to start."""

    code = "config.weak_secret"


def _cores() -> int:
    """The cores this process may run on (a container may have fewer than the machine)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # pragma: no cover - not Linux
        return max(1, os.cpu_count() or 1)


@dataclass(frozen=True)
class Settings:
    """Everything configurable, with embedded defaults that run on one machine.

    The signing secret is kept in the data folder on first start, so tokens and QR keys survive
    a restart and every replica that shares the folder (or is given ``secret``) agrees. A
    ``secret`` given here is the caller's to make strong (tests pass fixed ones); a secret read
    from a file is checked by :func:`check_secret`.
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
    login_attempts_per_minute: int = 10  # per name from one address
    login_attempts_per_address_per_minute: int | None = None  # any names; None: 10 × the above
    concurrent_password_checks: int = _cores()  # argon2id takes 64 MiB each
    password_check_wait_seconds: float = 2.0  # then 503 server.busy
    upload_max_age_seconds: int = 7 * 24 * 3600  # an unfinished photo upload is dropped after
    uploads_in_progress_per_tenant: int = 64  # distinct unfinished uploads one enterprise holds
    nightly_scoring: bool = False  # score every enterprise at 00:00 (``serve`` turns it on)

    @property
    def url(self) -> str:
        """The SQLAlchemy URL: the given one, else SQLite (WAL) in the data folder."""
        if self.database_url:
            return _sqlalchemy_url(self.database_url)
        return f"sqlite:///{self.data_dir / 'shuangkong.sqlite3'}"

    @property
    def address_login_budget(self) -> int:
        """Sign-in attempts one client address may make a minute, whatever the names."""
        if self.login_attempts_per_address_per_minute is not None:
            return self.login_attempts_per_address_per_minute
        return 10 * self.login_attempts_per_minute

    def signing_secret(self) -> bytes:
        """The secret for tokens and QR keys; made once and kept beside the database.

        Raises:
            WeakSecret: ``secret.key`` is empty, short or guessable (someone wrote it by hand).
        """
        if self.secret is not None:
            return self.secret
        path = self.data_dir / "secret.key"
        if not path.exists():
            make_private_dir(self.data_dir)
            _write_new_secret(path)
        return check_secret(path.read_bytes(), str(path))

    def prepare_data_dir(self) -> None:
        """The data folder 0700 and, for SQLite, the database file 0600 before SQLite opens it.

        SQLite gives its ``-wal`` and ``-shm`` files the database file's mode, so they follow.
        """
        make_private_dir(self.data_dir)
        if not self.database_url:
            database = self.data_dir / "shuangkong.sqlite3"
            os.close(os.open(database, os.O_WRONLY | os.O_CREAT, 0o600))


def check_secret(secret: bytes, name: str) -> bytes:
    """The secret, if long and random-looking enough; else a clear startup error naming it."""
    if len(secret) < MIN_SECRET_BYTES or _entropy_bits(secret) < MIN_SECRET_BITS:
        raise WeakSecret(
            f"{name} must hold at least {MIN_SECRET_BYTES} random bytes "
            f"(make one with: head -c 32 /dev/urandom > {name})",
            file=name,
        )
    return secret


def _entropy_bits(data: bytes) -> float:
    """The lesser of the Shannon estimate and the deflated size, in bits.

    A repeated word has varied bytes, so Shannon alone passes it; it deflates to almost nothing.
    """
    counts = Counter(data).values()
    shannon = -sum(n * math.log2(n / len(data)) for n in counts)
    return min(shannon, 8.0 * (len(zlib.compress(data, 9)) - ZLIB_OVERHEAD))


ZLIB_OVERHEAD = 11
"""Bytes zlib adds to any input: a 2-byte header, the block's framing and a 4-byte checksum."""


def make_private_dir(path: Path) -> None:
    """Create the folder readable by its owner only; a folder that exists keeps its mode."""
    path.mkdir(mode=0o700, parents=True, exist_ok=True)


def _write_new_secret(path: Path) -> None:
    """Write a fresh secret 0600 from its first byte, and publish it whole or not at all.

    It is written to a private temporary file and hard-linked into place: a replica starting
    at the same moment either sees no file or the whole one, and the first link wins.
    """
    temporary = path.with_name(f".{path.name}.{secrets.token_hex(8)}")
    descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        with os.fdopen(descriptor, "wb") as out:
            out.write(secrets.token_bytes(MIN_SECRET_BYTES))
            out.flush()
            os.fsync(out.fileno())
        with suppress(FileExistsError):  # another process made it first: theirs is the secret
            os.link(temporary, path)
    finally:
        temporary.unlink(missing_ok=True)


def _sqlalchemy_url(url: str) -> str:
    """Accept plain ``postgresql://`` URLs and use psycopg 3 for them."""
    if url.startswith("postgresql://"):
        return "postgresql+psycopg://" + url.removeprefix("postgresql://")
    return url
