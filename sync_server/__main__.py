"""Command line: ``python -m sync_server serve|seed-demo|demo|create-user|rebuild|score``."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from dataclasses import replace
from datetime import date
from pathlib import Path

import uvicorn

from shared.errors import DomainError, InvalidInput
from shared.roles import Role
from sync_server.accounts import create_user
from sync_server.app import create_app
from sync_server.db import one_transaction
from sync_server.demo import DEMO_PASSWORD, seed_demo
from sync_server.lists.cli import add_list_commands
from sync_server.projections import rebuild_all
from sync_server.score_cli import add_score_arguments, run_score
from sync_server.settings import Settings

SECRET_FILE_ENV = "SHUANGKONG_SECRET_FILE"


def main(argv: Sequence[str] | None = None) -> int:
    """Run one command; domain errors end with their code and message, not a traceback."""
    args = _parser().parse_args(argv)
    try:
        settings = Settings(
            data_dir=Path(args.data), database_url=args.database_url, secret=_shared_secret()
        )
        return int(args.command(args, settings))
    except DomainError as error:
        sys.stderr.write(f"error [{error.code}]: {error.message}\n")
        return 2


def _shared_secret() -> bytes | None:
    """The signing secret every replica shares, from ``SHUANGKONG_SECRET_FILE`` if set.

    Without it the secret is made once in the data folder, which suits one machine.
    """
    path = os.environ.get(SECRET_FILE_ENV)
    if not path:
        return None
    secret = Path(path).read_bytes() if Path(path).is_file() else b""
    if len(secret) < 32:
        raise InvalidInput(f"{SECRET_FILE_ENV} must name a file of at least 32 random bytes")
    return secret


KEEP_ALIVE_S = 75
"""Idle connections stay open longer than a load balancer's (60 s by default) or a phone's.

With uvicorn's 5 s, a client reusing a connection just as the server closes it gets a reset
(bench/load.py saw two in a minute); a balancer that outlives its backend's keep-alive answers
502 for the same reason.
"""


def _serve(args: argparse.Namespace, settings: Settings) -> int:
    settings = replace(settings, nightly_scoring=True)
    uvicorn.run(
        create_app(settings),
        host=args.host,
        port=args.port,
        log_level="info",
        timeout_keep_alive=KEEP_ALIVE_S,
    )
    return 0


def _seed(args: argparse.Namespace, settings: Settings) -> int:
    with one_transaction(settings) as conn:
        accounts = seed_demo(conn, history=True, today=args.today)
    _say("Demo accounts (password demo1234):")
    for user_id, role, name in accounts:
        _say(f"  {user_id:<12} {role:<15} {name}")
    return 0


def _demo(args: argparse.Namespace, settings: Settings) -> int:
    _seed(args, settings)
    _say(f"Sync server on http://{args.host}:{args.port} (API docs at /docs). Ctrl-C stops it.")
    return _serve(args, settings)


def _create_user(args: argparse.Namespace, settings: Settings) -> int:
    with one_transaction(settings) as conn:
        create_user(
            conn,
            user_id=args.username,
            password=args.password,
            actor_role=Role(args.role),
            tenant=args.tenant,
            grid_unit=args.grid_unit,
            display_name=args.name or args.username,
        )
    _say(f"created {args.username} ({args.role})")
    return 0


def _rebuild(_: argparse.Namespace, settings: Settings) -> int:
    with one_transaction(settings) as conn:
        count = rebuild_all(conn)
    _say(f"rebuilt {count} projections from stored events")
    return 0


def _say(text: str) -> None:
    sys.stdout.write(text + "\n")
    sys.stdout.flush()


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m sync_server", description="双控巡检 sync server"
    )
    commands = parser.add_subparsers(required=True, metavar="COMMAND")

    def command(
        name: str, handler: object, help_text: str, *, network: bool = False
    ) -> argparse.ArgumentParser:
        sub = commands.add_parser(name, help=help_text)
        sub.set_defaults(command=handler)
        sub.add_argument("--data", default="var", help="data folder (SQLite database, secret)")
        sub.add_argument("--database-url", default=None, help="postgresql://… instead of SQLite")
        if network:
            sub.add_argument("--host", default="127.0.0.1")
            sub.add_argument("--port", type=int, default=8700)
        return sub

    command("serve", _serve, "run the server", network=True)
    for seeding in (
        command("seed-demo", _seed, f"load demo data and accounts (password {DEMO_PASSWORD})"),
        command("demo", _demo, "seed the demo data if new, then serve", network=True),
    ):
        seeding.add_argument(
            "--today",
            type=date.fromisoformat,
            default=None,
            metavar="YYYY-MM-DD",
            help="the last day of the 30 days of history (tests pin it); today in China if unset",
        )
    command("rebuild", _rebuild, "rebuild every projection from the stored events")
    add_list_commands(command)
    add_score_arguments(command("score", run_score, "score days again and print scores and lights"))
    user = command("create-user", _create_user, "create a real account")
    user.add_argument("username")
    user.add_argument("--password", required=True)
    user.add_argument("--role", required=True, choices=[role.value for role in Role])
    user.add_argument("--tenant", help="the enterprise (workers and safety managers)")
    user.add_argument("--grid-unit", help="the grid unit (inspectors and regulators)")
    user.add_argument("--name", help="display name")
    return parser


if __name__ == "__main__":
    raise SystemExit(main())
