"""Command line: ``python -m sync_server serve|seed-demo|demo|create-user|rebuild|score``."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any

import uvicorn
from pydantic import ValidationError

from shared.errors import DomainError, InvalidInput
from shared.people import Profile
from shared.roles import Role
from sync_server.accounts import create_user
from sync_server.app import create_app
from sync_server.db import one_transaction
from sync_server.demo import DEMO_PASSWORD, demo_accounts, seed_demo
from sync_server.lists.cli import add_list_commands
from sync_server.malformed_requests import MAX_REQUEST_HEAD_BYTES, http_protocol
from sync_server.people import save_profile
from sync_server.projections import rebuild_all
from sync_server.scoring.cli import add_score_arguments, run_score
from sync_server.settings import Settings, check_secret
from sync_server.user_admin import CLI_ACTOR, revoke_sign_ins, set_disabled, set_password

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
    if not Path(path).is_file():
        raise InvalidInput(f"{SECRET_FILE_ENV} must name a file of at least 32 random bytes")
    return check_secret(Path(path).read_bytes(), f"{SECRET_FILE_ENV} ({path})")


KEEP_ALIVE_S = 75
"""Idle connections stay open longer than a load balancer's (60 s by default) or a phone's.

With uvicorn's 5 s, a client reusing a connection just as the server closes it gets a reset
(bench/load.py saw two in a minute); a balancer that outlives its backend's keep-alive answers
502 for the same reason.
"""


def _serve(args: argparse.Namespace, settings: Settings) -> int:
    settings = replace(settings, nightly_scoring=True)
    _warn_if_demo(settings, expected=args.command is _demo)
    uvicorn.run(
        create_app(settings),
        host=args.host,
        port=args.port,
        log_level="info",
        timeout_keep_alive=KEEP_ALIVE_S,
        http=http_protocol(),  # a problem body for a request line it cannot read
        h11_max_incomplete_event_size=MAX_REQUEST_HEAD_BYTES,
    )
    return 0


DEMO_WARNING = """
!!! WARNING: this database holds the demo seed: {count} demo accounts ({names}, …)
!!! whose password, {password}, is printed in the README. Anyone who can reach this server can
!!! sign in as them. Do not serve it on a network; for real use start from an empty --data
!!! folder, or disable them: python -m sync_server disable-user NAME
"""


def _warn_if_demo(settings: Settings, *, expected: bool) -> None:
    """Say loudly, before serving, that the demo accounts are open to anyone."""
    with one_transaction(settings) as conn:
        names = demo_accounts(conn)
    if names:
        text = DEMO_WARNING.format(
            count=len(names), names=", ".join(names[:3]), password=DEMO_PASSWORD
        )
        sys.stderr.write(text if not expected else text.splitlines()[1] + "\n")
        sys.stderr.flush()


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


_PROFILE_FLAGS = (
    ("phone", "phone number"),
    ("department", "department (部门)"),
    ("badge_no", "an inspector's 执法证号"),
    ("authority", "an inspector's issuing authority (秦皇岛市海港区应急管理局)"),
    ("authority_code", "the authority's short name in notice numbers (海港应急)"),
)


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
        fields = {flag: getattr(args, flag) for flag, _ in _PROFILE_FLAGS}
        try:
            profile = Profile(display_name=args.name or "", **fields)
        except ValidationError as exc:
            first = exc.errors()[0]
            raise InvalidInput(f"--{first['loc'][0]}: {first['msg']}") from exc
        save_profile(conn, args.username, profile, by=CLI_ACTOR)
    _say(f"created {args.username} ({args.role})")
    return 0


def _disable_user(args: argparse.Namespace, settings: Settings) -> int:
    with one_transaction(settings) as conn:
        set_disabled(conn, args.username, disabled=True, by=CLI_ACTOR)
    _say(f"disabled {args.username}: every sign-in ended")
    return 0


def _enable_user(args: argparse.Namespace, settings: Settings) -> int:
    with one_transaction(settings) as conn:
        set_disabled(conn, args.username, disabled=False, by=CLI_ACTOR)
    _say(f"enabled {args.username}")
    return 0


def _set_password(args: argparse.Namespace, settings: Settings) -> int:
    with one_transaction(settings) as conn:
        set_password(conn, args.username, args.password, by=CLI_ACTOR)
    _say(f"new password for {args.username}: every sign-in ended")
    return 0


def _revoke(args: argparse.Namespace, settings: Settings) -> int:
    with one_transaction(settings) as conn:
        revoke_sign_ins(conn, args.username, by=CLI_ACTOR)
    _say(f"every sign-in of {args.username} ended")
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
    user.add_argument("--name", help="display name (姓名)")
    for flag, what in _PROFILE_FLAGS:
        user.add_argument(f"--{flag.replace('_', '-')}", default="", help=what)
    _add_lifecycle_commands(command)
    return parser


def _add_lifecycle_commands(command: Any) -> None:
    """disable-user, enable-user, set-password, revoke-sign-ins: each names one user."""
    for name, handler, help_text in [
        ("disable-user", _disable_user, "disable a user; their sign-ins end at once"),
        ("enable-user", _enable_user, "enable a disabled user"),
        ("set-password", _set_password, "give a user a new password; their sign-ins end"),
        ("revoke-sign-ins", _revoke, "end every sign-in of a user (a lost phone)"),
    ]:
        sub = command(name, handler, help_text)
        sub.add_argument("username")
        if handler is _set_password:
            sub.add_argument("--password", required=True)


if __name__ == "__main__":
    raise SystemExit(main())
