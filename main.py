"""The entry point ``flet build`` packages (it wants ``main.py`` at the app's root): the phone app.

The packaged app keeps its data in ``FLET_APP_STORAGE_DATA`` and syncs with the server chosen
on the sign-in screen (or ``SHUANGKONG_SERVER``); see docs/phone-app.md. Developers run
``python -m mobile`` instead.
"""

from __future__ import annotations

import os

from mobile.main import Launch, run

if __name__ == "__main__":
    run(Launch(), [], os.environ)
