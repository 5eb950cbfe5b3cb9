"""Where the phone keeps its data, and one place that builds everything."""

from __future__ import annotations

from pathlib import Path

import pytest

from mobile.sync.loop import SyncStatus
from mobile.wiring import DEFAULT_SERVER, build_phone, data_folder, server_url


@pytest.mark.parametrize(
    ("argv", "environ", "expected"),
    [
        (["main.py", "--data", "/d"], {"FLET_APP_STORAGE_DATA": "/flet"}, Path("/d")),
        (["main.py", "--data=/d"], {}, Path("/d")),
        (["main.py"], {"FLET_APP_STORAGE_DATA": "/flet"}, Path("/flet")),
        (["main.py"], {}, Path("var/phone")),
    ],
)
def test_the_data_folder_is_the_flag_then_the_flet_data_folder(argv, environ, expected):
    assert data_folder(argv, environ) == expected


def test_the_server_is_the_flag_then_the_environment_then_local():
    assert server_url(["--server", "http://s:1"], {}) == "http://s:1"
    assert server_url([], {"SHUANGKONG_SERVER": "http://e:2"}) == "http://e:2"
    assert server_url([], {}) == DEFAULT_SERVER


def test_a_built_phone_keeps_its_files_in_the_data_folder_and_closes_cleanly(tmp_path):
    phone = build_phone(tmp_path, "http://127.0.0.1:9")
    assert (tmp_path / "outbox.json").exists()
    assert phone.photos.folder == tmp_path / "photos"
    assert phone.session.current() is None
    phone.close()
    assert phone.loop.status is SyncStatus.STOPPED


def test_a_built_phone_keeps_the_clock_it_is_given(tmp_path):
    # The chaos simulation gives each phone a clock off by up to a day.
    phone = build_phone(tmp_path, "http://127.0.0.1:9", clock=lambda: 1_790_000_000_000)
    assert phone.record.clock() == phone.engine.clock() == 1_790_000_000_000
    phone.close()
