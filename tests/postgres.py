"""A throwaway PostgreSQL cluster for the test session, and an empty database per test.

The cluster lives in a temporary folder: ``initdb`` with trust authentication, a ``postgres``
listening on 127.0.0.1 only on a free port (its unix socket inside the folder), durability off
for speed. It is stopped (``pg_ctl stop -m immediate``) and the folder deleted when the session
ends, at interpreter exit if that never comes, and, should the test process be killed, the
postmaster gets SIGQUIT from the kernel (parent-death signal) and the next session deletes the
folder left behind.

PostgreSQL refuses to run as root: as root its programs run as the ``postgres`` system user,
which owns the folder. ``SHUANGKONG_TEST_DATABASE_URL`` names an existing server to use instead
(its user needs CREATEDB).
"""

from __future__ import annotations

import atexit
import contextlib
import itertools
import logging
import os
import pwd
import re
import secrets
import shutil
import socket
import stat
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import Self

import psycopg
from psycopg import sql
from sqlalchemy.engine import make_url

ENV_URL = "SHUANGKONG_TEST_DATABASE_URL"
INSTALL_COMMAND = "apt-get update && apt-get install -y --no-install-recommends postgresql"
SYSTEM_USER = "postgres"  # who runs the cluster when the tests run as root
SUPERUSER = "postgres"  # the cluster's database superuser, whoever runs it
DATABASE = "shuangkong"
PREFIX = "shuangkong-pg-"
DEBIAN_VERSIONS = Path("/usr/lib/postgresql")  # one folder per major version, each with bin/
START_TIMEOUT = 30.0
STOP_TIMEOUT = 15.0
SETTINGS = {
    "listen_addresses": "127.0.0.1",
    "fsync": "off",
    "synchronous_commit": "off",
    "full_page_writes": "off",
    "max_connections": "200",
    "logging_collector": "off",
}

log = logging.getLogger(__name__)


class PostgresUnavailable(RuntimeError):
    """PostgreSQL is not installed, or the cluster could not be started."""


def find_bindir() -> Path:
    """The folder with initdb, postgres and pg_ctl: pg_config's, the newest Debian one, or PATH."""
    candidates: list[Path] = []
    pg_config = shutil.which("pg_config")
    if pg_config:
        with contextlib.suppress(OSError, subprocess.SubprocessError):
            out = subprocess.run(
                [pg_config, "--bindir"], capture_output=True, text=True, check=True, timeout=10
            )
            candidates.append(Path(out.stdout.strip()))
    candidates += sorted(DEBIAN_VERSIONS.glob("*/bin"), key=_version, reverse=True)
    initdb = shutil.which("initdb")
    if initdb:
        candidates.append(Path(initdb).parent)
    for bindir in candidates:
        if all((bindir / name).is_file() for name in ("initdb", "postgres", "pg_ctl")):
            return bindir
    raise PostgresUnavailable(
        "PostgreSQL is not installed: the tests run on SQLite and PostgreSQL, and found no "
        f"initdb (looked in: pg_config --bindir, /usr/lib/postgresql/*/bin, PATH). "
        f"Install it with `{INSTALL_COMMAND}` (as root; `make test` does it), "
        f"or point {ENV_URL} at a running server."
    )


def _version(bindir: Path) -> tuple[int, ...]:
    return tuple(int(part) for part in re.findall(r"\d+", bindir.parent.name)) or (0,)


class TemporaryCluster:
    """One PostgreSQL cluster in a temporary folder; ``start()`` returns a database URL."""

    def __init__(self, bindir: Path | None = None) -> None:
        self.bindir = bindir or find_bindir()
        self.root: Path | None = None
        self.port = 0
        self.url = ""
        self._process: subprocess.Popen[bytes] | None = None
        self._user = _system_user() if os.geteuid() == 0 else None

    def __enter__(self) -> Self:
        self.start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()

    @property
    def data(self) -> Path:
        assert self.root is not None, "the cluster is not started"
        return self.root / "data"

    def start(self) -> str:
        """Create, start and wait for the cluster; make the session's database; return its URL."""
        assert self.root is None, "the cluster is already started"
        started = time.perf_counter()
        parent = _temp_parent()
        remove_stale_clusters(parent, self.bindir)
        self.root = Path(tempfile.mkdtemp(prefix=PREFIX, dir=parent))
        atexit.register(self.stop)
        try:
            (self.root / "owner.pid").write_text(str(os.getpid()))
            (self.root / "socket").mkdir()
            if self._user is not None:
                for path in (self.root, self.root / "socket"):
                    os.chown(path, self._user.pw_uid, self._user.pw_gid)
            self._initdb()
            self._launch()
            with self.connect("postgres") as conn:
                conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(DATABASE)))
        except BaseException:
            self.stop()
            raise
        self.url = f"postgresql://{SUPERUSER}@127.0.0.1:{self.port}/{DATABASE}"
        log.info("PostgreSQL cluster on port %d ready in %.2f s", self.port, _since(started))
        return self.url

    def connect(self, dbname: str = DATABASE) -> psycopg.Connection[tuple[object, ...]]:
        """An autocommit connection to one of the cluster's databases, as its superuser."""
        return psycopg.connect(
            host="127.0.0.1",
            port=self.port,
            user=SUPERUSER,
            dbname=dbname,
            autocommit=True,
            connect_timeout=5,
        )

    def stop(self) -> None:
        """Stop the cluster at once and delete its folder; safe to call more than once."""
        atexit.unregister(self.stop)
        process, self._process = self._process, None
        if process is not None and process.poll() is None:
            with contextlib.suppress(OSError, subprocess.SubprocessError):
                self._run(["pg_ctl", "stop", "-D", str(self.data), "-m", "immediate", "-w"])
            try:
                process.wait(STOP_TIMEOUT)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        root, self.root = self.root, None
        if root is not None:
            shutil.rmtree(root, ignore_errors=True)

    def _initdb(self) -> None:
        locale = "C.UTF-8" if _has_c_utf8() else "C"
        result = self._run(
            [
                "initdb",
                "-D",
                str(self.data),
                "-U",
                SUPERUSER,
                "-A",
                "trust",
                "-E",
                "UTF8",
                f"--locale={locale}",
                "--no-sync",
                "--no-instructions",
            ],
        )
        if result.returncode != 0:
            raise PostgresUnavailable(f"initdb failed:\n{result.stdout}")

    def _launch(self) -> None:
        assert self.root is not None
        for _attempt in range(3):  # another process may take the free port before postgres
            self.port = _free_port()
            options = [f"--{name}={value}" for name, value in SETTINGS.items()]
            command = [
                *self._as_owner(pdeathsig=True),
                str(self.bindir / "postgres"),
                "-D",
                str(self.data),
                "-p",
                str(self.port),
                "-k",
                str(self.root / "socket"),
                *options,
            ]
            logfile = self.root / "postgres.log"
            with logfile.open("ab") as out:
                self._process = subprocess.Popen(
                    command,
                    stdin=subprocess.DEVNULL,
                    stdout=out,
                    stderr=subprocess.STDOUT,
                    cwd=self.root,
                    env=_clean_env(),
                )
            if self._wait_ready(logfile):
                return
        raise PostgresUnavailable(f"postgres did not start:\n{_tail(logfile)}")

    def _wait_ready(self, logfile: Path) -> bool:
        assert self._process is not None
        deadline = time.monotonic() + START_TIMEOUT
        while time.monotonic() < deadline:
            if self._process.poll() is not None:
                self._process = None
                if "could not bind" in _tail(logfile) or "in use" in _tail(logfile):
                    return False
                raise PostgresUnavailable(f"postgres exited at start:\n{_tail(logfile)}")
            try:
                with self.connect("postgres"):
                    return True
            except psycopg.OperationalError:
                time.sleep(0.02)
        raise PostgresUnavailable(
            f"postgres was not ready after {START_TIMEOUT:.0f} s:\n{_tail(logfile)}"
        )

    def _as_owner(self, *, pdeathsig: bool = False) -> list[str]:
        """The prefix that runs a program as the cluster's owner (and ends it with the tests)."""
        setpriv = shutil.which("setpriv")
        # The kernel signals when the *thread* that started the child ends: main thread only.
        death = ["--pdeathsig", "QUIT"] if pdeathsig and _in_main_thread() else []
        if self._user is None:
            return [setpriv, *death, "--"] if setpriv and death else []
        name = self._user.pw_name
        if setpriv:
            return [setpriv, "--reuid", name, "--regid", name, "--clear-groups", *death, "--"]
        return ["runuser", "-u", name, "--"]

    def _run(self, command: list[str]) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [*self._as_owner(), str(self.bindir / command[0]), *command[1:]],
            stdin=subprocess.DEVNULL,
            capture_output=True,
            text=True,
            cwd=self.root,
            env=_clean_env(),
            timeout=120,
            check=False,
        )


def remove_stale_clusters(parent: Path, bindir: Path) -> None:
    """Stop and delete clusters left by test sessions that were killed."""
    for root in parent.glob(f"{PREFIX}*"):
        owner = root / "owner.pid"
        try:
            if _alive(int(owner.read_text())):
                continue
        except (OSError, ValueError):
            if time.time() - root.stat().st_mtime < 60:  # a session is just creating it
                continue
        if (root / "data" / "postmaster.pid").exists():
            owner_ids = root.stat()
            prefix = [
                "setpriv",
                f"--reuid={owner_ids.st_uid}",
                f"--regid={owner_ids.st_gid}",
                "--clear-groups",
                "--",
            ]
            command = [str(bindir / "pg_ctl"), "stop", "-D", str(root / "data"), "-m", "immediate"]
            with contextlib.suppress(OSError, subprocess.SubprocessError):
                subprocess.run(
                    [*prefix, *command] if os.geteuid() == 0 else command,
                    capture_output=True,
                    timeout=30,
                    check=False,
                    env=_clean_env(),
                )
        shutil.rmtree(root, ignore_errors=True)
        log.info("removed a stale PostgreSQL test cluster: %s", root)


@dataclass
class SessionServer:
    """The session's PostgreSQL: a throwaway cluster, or the server named by the environment."""

    url: str
    cluster: TemporaryCluster | None = None

    def close(self) -> None:
        """Stop the cluster, if this session started one."""
        if self.cluster is not None:
            self.cluster.stop()


def session_server() -> SessionServer:
    """Use ``SHUANGKONG_TEST_DATABASE_URL`` if set, else start a throwaway cluster."""
    url = os.environ.get(ENV_URL)
    if url:
        return SessionServer(url=plain_url(url))
    cluster = TemporaryCluster()
    return SessionServer(url=cluster.start(), cluster=cluster)


class Databases:
    """Hands each test an empty database on the session's server.

    A database is made from template0 (~0.1 s); when a test gives it back with no connection
    left on it and nothing but tables and the like in ``public``, its ``public`` schema is
    dropped and made again (~0.01 s) and the next test gets it; otherwise it is dropped.
    """

    def __init__(self, url: str) -> None:
        self.url = plain_url(url)
        self._admin = psycopg.connect(self.url, autocommit=True, connect_timeout=10)
        self._names = (f"test_{os.getpid()}_{secrets.token_hex(2)}_{n}" for n in itertools.count(1))
        self._spare: list[str] = []
        self._made: set[str] = set()

    def create(self) -> str:
        """An empty database of its own for one test: its ``postgresql://`` URL."""
        if self._spare:
            return self._spare.pop()
        name = next(self._names)
        self._admin.execute(
            sql.SQL("CREATE DATABASE {} TEMPLATE template0").format(sql.Identifier(name))
        )
        url = make_url(self.url).set(database=name).render_as_string(hide_password=False)
        self._made.add(url)
        return url

    def release(self, url: str) -> None:
        """Take a test's database back: emptied for the next test if it can be, else dropped."""
        if self._empty_again(url):
            self._spare.append(url)
        else:
            self.drop(url)

    def drop(self, url: str) -> None:
        """Drop a database made by ``create``, closing whatever connections are left on it."""
        self._made.discard(url)
        self._admin.execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(_name(url)))
        )

    def close(self) -> None:
        """Drop every database made here and close the administrative connection."""
        for url in list(self._made):
            self.drop(url)
        self._spare.clear()
        self._admin.close()

    def _empty_again(self, url: str) -> bool:
        deadline = time.monotonic() + 0.2  # a closed connection's backend may linger briefly
        while self._connections(url):
            if time.monotonic() > deadline:
                return False  # a test left a connection open: drop it rather than wait
            time.sleep(0.005)
        with psycopg.connect(url, autocommit=True, connect_timeout=10) as conn:
            leftovers = conn.execute(_LEFTOVERS).fetchone()
            if leftovers != (0, 0, 0, 0):
                return False
            conn.execute("DROP SCHEMA public CASCADE")
            conn.execute("CREATE SCHEMA public")
        return True

    def _connections(self, url: str) -> int:
        row = self._admin.execute(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = %s", (_name(url),)
        ).fetchone()
        return int(row[0]) if row else 0


# What dropping ``public`` would not undo: other schemas, extensions, settings, large objects.
_LEFTOVERS = """
SELECT
  (SELECT count(*) FROM pg_namespace
    WHERE nspname NOT IN ('public', 'information_schema') AND nspname NOT LIKE 'pg\\_%'),
  (SELECT count(*) FROM pg_extension WHERE extname <> 'plpgsql'),
  (SELECT count(*) FROM pg_db_role_setting
    WHERE setdatabase = (SELECT oid FROM pg_database WHERE datname = current_database())),
  (SELECT count(*) FROM pg_largeobject_metadata)
"""


def _name(url: str) -> str:
    name = make_url(url).database
    assert name, f"no database in {url}"
    return name


def plain_url(url: str) -> str:
    """The libpq form (``postgresql://``) of a SQLAlchemy URL such as ``postgresql+psycopg://``."""
    parsed = make_url(url)
    return parsed.set(drivername="postgresql").render_as_string(hide_password=False)


def _system_user() -> pwd.struct_passwd:
    try:
        return pwd.getpwnam(SYSTEM_USER)
    except KeyError:
        raise PostgresUnavailable(
            f"The tests run as root and PostgreSQL refuses to: they run it as the "
            f"{SYSTEM_USER!r} system user, which does not exist. Install PostgreSQL with "
            f"`{INSTALL_COMMAND}`, which creates it."
        ) from None


def _temp_parent() -> Path:
    """The temporary folder, if every user can reach it and a socket path in it is short."""
    parent = Path(tempfile.gettempdir())
    reachable = all(p.stat().st_mode & stat.S_IXOTH for p in (parent, *parent.parents))
    if (os.geteuid() == 0 and not reachable) or len(str(parent)) > 60:
        return Path("/tmp")  # the socket's path must stay under 108 bytes
    return parent


def _has_c_utf8() -> bool:
    return sys.platform == "linux" and any(
        Path("/usr/lib/locale", name).exists() for name in ("C.utf8", "C.UTF-8")
    )


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _in_main_thread() -> bool:
    return threading.current_thread() is threading.main_thread()


def _clean_env() -> dict[str, str]:
    """The environment without PG* variables, which would steer libpq and the server."""
    env = {key: value for key, value in os.environ.items() if not key.startswith("PG")}
    env["LC_ALL"] = "C"  # messages parsed above stay in English
    return env


def _tail(logfile: Path, lines: int = 30) -> str:
    try:
        return "\n".join(logfile.read_text(errors="replace").splitlines()[-lines:])
    except OSError:
        return "(no log)"


def _since(started: float) -> float:
    return time.perf_counter() - started
