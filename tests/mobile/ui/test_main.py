"""The one place that builds the phone for the app, and one page's setup."""

from __future__ import annotations

from typing import Any

import flet as ft

from mobile import __main__ as cli
from mobile import main
from mobile.services.preferences import with_changes
from mobile.sync.loop import SyncStatus
from mobile.ui.theme import FONT_FAMILY
from mobile.ui.tree import find
from mobile.wiring import build_phone
from tests.mobile.ui.fakes import FakePage


def test_the_phone_is_built_from_the_command_line_and_the_saved_server_wins(tmp_path):
    folder = tmp_path / "phone"
    first = build_phone(folder, "http://127.0.0.1:9")
    with_changes(first.store, server="http://saved:8700")
    first.close()
    running = main.build(["--data", str(folder), "--server", "http://flag:1"], {})
    try:
        assert str(running.phone.http.base_url).startswith("http://saved:8700")
        assert running.phone.loop._thread is not None  # syncing started in the background
    finally:
        running.phone.close()


def test_a_page_gets_the_cjk_font_and_its_first_screen_and_is_forgotten_when_closed(tmp_path):
    running = main.build(["--data", str(tmp_path / "p"), "--server", "http://127.0.0.1:9"], {})
    page: Any = FakePage("/")
    try:
        app = main.session(running, page)
        assert page.fonts == {FONT_FAMILY: "fonts/DroidSansFallbackFull.ttf"}
        assert page.theme.font_family == FONT_FAMILY
        assert page.view.route == "/sign-in"
        assert app in running.hub._listeners
        page.on_disconnect()
        assert app not in running.hub._listeners
    finally:
        running.phone.close()


def test_the_font_file_is_in_the_assets_folder():
    assert (main.ASSETS / "fonts" / "DroidSansFallbackFull.ttf").stat().st_size > 1_000_000


def test_the_command_line_runs_the_app_in_web_mode_with_its_options(monkeypatch):
    seen: dict[str, object] = {}
    monkeypatch.setattr(
        cli, "run", lambda launch, argv, environ: seen.update(launch=launch, argv=argv)
    )
    assert cli.main(["--web", "--port", "8551", "--data", "x"]) == 0
    assert seen["launch"] == main.Launch(web=True, host="127.0.0.1", port=8551)
    assert seen["argv"] == ["--web", "--port", "8551", "--data", "x"]


def test_a_reloaded_tab_follows_the_sync_status_again_and_catches_up_on_what_it_missed(tmp_path):
    # Flet resumes the same session on a browser reload: main() does not run again, only
    # on_disconnect and then on_connect. The tab once showed 已连接 with the server down.
    running = main.build(["--data", str(tmp_path / "p"), "--server", "http://127.0.0.1:9"], {})
    page: Any = FakePage("/")
    try:
        app = main.session(running, page)
        running.hub.on_status(SyncStatus.IDLE, None)
        page.on_disconnect()
        running.hub.on_status(SyncStatus.OFFLINE, None)  # the server went down meanwhile
        page.on_connect()
        seen = [app.state.sync.status]
        running.hub.on_status(SyncStatus.IDLE, None)  # and it keeps following
        seen.append(app.state.sync.status)
        assert seen == [SyncStatus.OFFLINE, SyncStatus.IDLE]
        page.on_connect()  # a second connect does not make it hear everything twice
        assert running.hub._listeners.count(app) == 1
    finally:
        running.phone.close()


def test_a_demo_phone_starts_with_its_user_name_filled_in_until_someone_signs_in(tmp_path):
    running = main.build(["--data", str(tmp_path / "p"), "--server", "http://127.0.0.1:9"], {})
    try:
        app = main.session(running, FakePage("/"), user="manager1")  # type: ignore[arg-type]
        assert app.state.username == "manager1"
        username = find(app.page.views[-1], "username")
        assert isinstance(username, ft.TextField) and username.value == "manager1"
    finally:
        running.phone.close()


def test_the_user_option_reaches_the_launch(monkeypatch):
    seen: dict[str, object] = {}
    monkeypatch.setattr(cli, "run", lambda launch, argv, environ: seen.update(launch=launch))
    assert cli.main(["--web", "--user", "inspector1"]) == 0
    assert seen["launch"] == main.Launch(web=True, user="inspector1")


def test_each_app_process_numbers_its_controls_from_a_random_start_not_from_flets_3():
    # A tab open across an app restart held controls numbered from 3; the new process gave
    # its FilePicker an id the tab already had, and the picker never opened again.
    main.fresh_control_ids(first=main.CONTROL_IDS.start + 12345)
    assert ft.Text("x")._i == main.CONTROL_IDS.start + 12345
    main.fresh_control_ids()
    assert ft.Text("y")._i in main.CONTROL_IDS


def test_single_phone_mode_says_so_in_one_line_when_it_starts(tmp_path, monkeypatch, capsys):
    monkeypatch.setattr(main, "_serve", lambda launch, app: None)
    argv = ["--data", str(tmp_path / "p"), "--server", "http://127.0.0.1:9"]
    main.run(main.Launch(web=True), argv, {})
    [line] = capsys.readouterr().out.splitlines()
    assert line.startswith("single-phone mode: one phone") and "--multi-user" in line


def test_multi_user_mode_says_where_the_phones_are_kept(tmp_path, monkeypatch, capsys):
    monkeypatch.setattr(main, "_serve", lambda launch, app: None)
    argv = ["--data", str(tmp_path / "host"), "--server", "http://127.0.0.1:9"]
    main.run(main.Launch(web=True, multi_user=True, idle_s=300), argv, {})
    [line] = capsys.readouterr().out.splitlines()
    assert line.startswith("multi-user mode") and str(tmp_path / "host" / "users") in line
    assert "5 min" in line
