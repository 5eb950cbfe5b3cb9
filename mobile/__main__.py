"""Command line: ``python -m mobile [--web [--multi-user]] [--server URL] [--data DIR] …``.

``--user NAME`` pre-fills the sign-in screen (``make run`` starts one phone per demo role).
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
from collections.abc import Sequence

from mobile.main import Launch, run
from mobile.multi_user import IDLE_S, MOST_PEOPLE


def main(argv: Sequence[str] | None = None) -> int:
    """Parse the options and run the app; the data and server options go to the wiring."""
    args = list(sys.argv[1:] if argv is None else argv)
    parser = argparse.ArgumentParser(prog="python -m mobile", description="双控巡检 phone app")
    parser.add_argument("--web", action="store_true", help="serve the app to a browser")
    parser.add_argument("--host", default="127.0.0.1", help="web mode: the address to listen on")
    parser.add_argument("--port", type=int, default=8550, help="web mode: the port")
    parser.add_argument("--server", help="the sync server (default: SHUANGKONG_SERVER or :8700)")
    parser.add_argument(
        "--data", help="the data folder (default: FLET_APP_STORAGE_DATA or var/phone)"
    )
    parser.add_argument(
        "--user", default="", help="the user name the sign-in screen starts with (demo phones)"
    )
    parser.add_argument(
        "--multi-user",
        action="store_true",
        help="web mode for many people: each one who signs in gets their own phone",
    )
    parser.add_argument(
        "--idle-minutes",
        type=float,
        default=IDLE_S / 60,
        help="multi-user mode: close a person's phone this long after their last tab left",
    )
    parser.add_argument(
        "--most-people",
        type=int,
        default=MOST_PEOPLE,
        help="multi-user mode: phones open at most (then the longest idle closes early)",
    )
    options = parser.parse_args(args)
    if options.multi_user and not options.web:
        parser.error("--multi-user serves browsers: add --web")
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")
    launch = Launch(
        web=options.web,
        host=options.host,
        port=options.port,
        user=options.user,
        multi_user=options.multi_user,
        idle_s=options.idle_minutes * 60,
        most_people=options.most_people,
    )
    run(launch, args, os.environ)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
