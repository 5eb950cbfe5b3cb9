"""Command line: ``python -m mobile [--web] [--host H] [--port P] [--server URL] [--data DIR]``.

``--user NAME`` pre-fills the sign-in screen (``make run`` starts one phone per demo role).
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
from collections.abc import Sequence

from mobile.main import Launch, run


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
    options = parser.parse_args(args)
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")
    launch = Launch(web=options.web, host=options.host, port=options.port, user=options.user)
    run(launch, args, os.environ)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
