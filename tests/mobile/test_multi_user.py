"""Multi-user web mode: each person signed in on the host gets their own phone, and only theirs.

Tabs are real ``PhoneApp``s on fake pages (``main.web_tab``), signing in with the real server
on loopback; the phones are real, in folders under the host's data folder.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from mobile import __main__ as cli
from mobile import main
from mobile.multi_user import FolderInUse, PhonePool, user_folder
from mobile.services.preferences import load_preferences
from tests.mobile.ui.fakes import FakePage, click, fire, has, screen_text, type_into


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def pool(tmp_path: Path, server: Any, clock: Clock) -> Iterator[PhonePool]:
    made = PhonePool(
        tmp_path / "host",
        lambda folder: main.open_running(folder, server.url),
        idle_s=600,
        clock=clock,
    )
    yield made
    made.close()


def tab(pool: PhonePool) -> tuple[Any, Any]:
    page: Any = FakePage("/")
    app = main.web_tab(pool, page)
    return app, page


def sign_in(page: FakePage, user: str, password: str = "demo1234") -> None:
    type_into(page, "username", user)
    type_into(page, "password", password)
    click(page, "sign-in")


def sign_out(page: FakePage) -> None:
    click(page, "sign-out") if page.view.route == "/settings" else None
    fire(page.dialogs[-1].actions[1].on_click)


def test_two_people_get_two_phones_in_their_own_folders(pool, tmp_path):
    worker, worker_page = tab(pool)
    manager, manager_page = tab(pool)
    sign_in(worker_page, "worker1")
    sign_in(manager_page, "manager1")
    assert worker.state.actor.user_id == "worker1"
    assert manager.state.actor.user_id == "manager1"
    assert worker.phone is not manager.phone
    assert worker.phone.store.root == tmp_path / "host" / "users" / "worker1"
    assert manager.phone.store.root == tmp_path / "host" / "users" / "manager1"
    assert worker.phone.store.device().device_id != manager.phone.store.device().device_id
    assert pool.open_phones() == ["manager1", "worker1"]


def test_a_second_tab_of_the_same_person_gets_the_same_phone(pool):
    first, first_page = tab(pool)
    second, second_page = tab(pool)
    sign_in(first_page, "worker1")
    sign_in(second_page, "worker1")
    assert second.phone is first.phone
    assert pool.open_phones() == ["worker1"]


def test_a_tab_opens_on_a_sign_in_screen_of_its_own_whatever_another_tab_chose(pool):
    first, first_page = tab(pool)
    click(first_page, "language")  # English on the first tab's sign-in screen
    second, second_page = tab(pool)
    assert first.phone is not second.phone
    assert "User name" in screen_text(first_page)
    assert "用户名" in screen_text(second_page)
    assert not has(second_page, "server")  # the host's operator chose the sync server


def test_a_wrong_password_opens_no_phone_and_makes_no_folder(pool, tmp_path):
    app, page = tab(pool)
    sign_in(page, "worker1", "wrong")
    assert page.view.route == "/sign-in"
    assert "用户名或密码不对" in screen_text(page)
    assert pool.open_phones() == []
    assert not (tmp_path / "host" / "users").exists()
    assert app.phone.store.root.parent == tmp_path / "host" / "lobby"


def test_signing_out_takes_the_phone_from_every_tab_of_that_person_and_the_next_sees_none_of_it(
    pool, tmp_path
):
    app, page = tab(pool)
    other, other_page = tab(pool)
    sign_in(page, "worker1")
    sign_in(other_page, "worker1")
    worker_phone = app.phone
    app.state.kept["seen"] = "worker1's answers"
    app.go("/settings")
    sign_out(page)
    assert page.view.route == "/sign-in"
    assert other_page.view.route == "/sign-in"  # the same person's other tab too
    assert app.phone is not worker_phone and other.phone is not worker_phone
    assert pool.open_phones() == []
    assert worker_phone.session.current() is None  # the tokens are forgotten on the host
    sign_in(page, "worker2")
    assert app.phone.store.root == tmp_path / "host" / "users" / "worker2"
    assert app.state.actor.user_id == "worker2"
    assert app.state.kept == {}
    assert pool.holder(other) is None


def test_a_phone_with_no_tab_connected_closes_after_the_idle_time_and_reopens_for_its_tab(
    pool, clock
):
    app, page = tab(pool)
    sign_in(page, "worker1")
    app.state.kept["draft"] = "kept"
    page.on_disconnect()
    clock.now += 599
    assert pool.reap() == []
    clock.now += 1
    assert pool.reap() == ["worker1"]
    assert pool.open_phones() == []
    page.on_connect()  # the tab comes back within Flet's session timeout
    assert pool.open_phones() == ["worker1"]
    assert app.state.actor.user_id == "worker1"
    assert app.state.kept == {"draft": "kept"}
    assert app.phone.session.current() is not None


def test_a_connected_tab_keeps_its_phone_open_however_long_it_idles(pool, clock):
    _, page = tab(pool)
    sign_in(page, "worker1")
    clock.now += 10_000
    assert pool.reap() == []


def test_a_closed_tab_lets_go_of_the_phone_and_its_lobby_is_deleted(pool, tmp_path, clock):
    app, page = tab(pool)
    lobby = app.phone.store.root
    page.on_close()
    assert not lobby.exists()
    app, page = tab(pool)
    sign_in(page, "worker1")
    page.on_close()
    assert pool.holder(app) is None
    clock.now += 600
    assert pool.reap() == ["worker1"]


def test_the_language_chosen_on_the_sign_in_screen_goes_with_the_person(pool):
    app, page = tab(pool)
    click(page, "language")
    sign_in(page, "worker1")
    assert app.state.language == "en"
    assert load_preferences(app.phone.store).language == "en"
    second, second_page = tab(pool)
    sign_in(second_page, "worker1")
    assert second.state.language == "en"  # the person's choice, not the new tab's default


@pytest.mark.parametrize(
    ("username", "folder"),
    [
        ("worker1", "worker1"),
        ("li.ming-2", "li.ming-2"),
        ("..", "u-"),
        ("../manager1", "u-"),
        ("a/b", "u-"),
        ("王师傅", "u-"),
        ("", "u-"),
    ],
)
def test_a_user_name_names_a_folder_only_when_it_is_a_plain_file_name(username, folder, tmp_path):
    made = user_folder(tmp_path, username)
    assert made.parent == tmp_path / "users"
    assert made.name == folder if folder != "u-" else made.name.startswith("u-")


def test_the_command_line_asks_for_web_mode_with_multi_user(monkeypatch):
    seen: dict[str, Any] = {}
    monkeypatch.setattr(cli, "run", lambda launch, argv, environ: seen.update(launch=launch))
    assert cli.main(["--web", "--multi-user", "--idle-minutes", "5", "--most-people", "40"]) == 0
    assert seen["launch"].multi_user and seen["launch"].idle_s == 300
    assert seen["launch"].most_people == 40
    with pytest.raises(SystemExit):
        cli.main(["--multi-user"])


def test_another_person_signing_in_where_a_session_ran_out_leaves_the_first_ones_phone_alone(
    pool, tmp_path
):
    app, page = tab(pool)
    sign_in(page, "worker1")
    worker_phone = app.phone
    app.go("/sign-in")  # the banner's 重新登录 after the server refused the refresh token
    sign_in(page, "worker2")
    assert app.phone.store.root == tmp_path / "host" / "users" / "worker2"
    assert (tmp_path / "host" / "users" / "worker1").is_dir()
    assert worker_phone.session.current() is not None
    assert pool.holder(app) == "worker2"


def test_a_second_web_process_on_the_same_folder_is_refused(pool, tmp_path):
    with pytest.raises(FolderInUse, match="give each its own --data"):
        PhonePool(tmp_path / "host", lambda folder: main.open_running(folder, "http://x"))


def test_the_sign_in_names_the_browser_to_the_server_so_its_limits_count_each_browser(pool):
    page: Any = FakePage("/")
    page.client_ip = "203.0.113.7"
    app = main.web_tab(pool, page)
    assert app.phone.http.headers["X-Forwarded-For"] == "203.0.113.7"
    sign_in(page, "worker1")  # the person's own phone syncs as itself
    assert "X-Forwarded-For" not in app.phone.http.headers


def test_the_reaper_closes_idle_phones_by_itself(tmp_path, server):
    pool = PhonePool(
        tmp_path / "host", lambda folder: main.open_running(folder, server.url), idle_s=0
    )
    try:
        _, page = tab(pool)
        sign_in(page, "worker1")
        page.on_disconnect()
        pool.start_reaping(every_s=0.01)
        deadline = time.monotonic() + 10
        while pool.open_phones() and time.monotonic() < deadline:
            time.sleep(0.01)
        assert pool.open_phones() == []
    finally:
        pool.close()


@pytest.fixture
def small_pool(tmp_path: Path, server: Any, clock: Clock) -> Iterator[PhonePool]:
    """A host with room for one open phone."""
    made = PhonePool(
        tmp_path / "small",
        lambda folder: main.open_running(folder, server.url),
        most=1,
        clock=clock,
    )
    yield made
    made.close()


def test_a_full_host_refuses_the_next_person_while_every_open_phone_has_a_tab(small_pool):
    _, first = tab(small_pool)
    sign_in(first, "worker1")
    second_app, second = tab(small_pool)
    sign_in(second, "worker2")
    assert second.view.route == "/sign-in"
    assert "网页服务器已满" in screen_text(second)
    assert second_app.state.actor is None
    assert small_pool.open_phones() == ["worker1"]
    _, again = tab(small_pool)
    sign_in(again, "worker1")  # the same person's second tab needs no room
    assert again.view.route == "/today"


def test_a_full_host_closes_the_phone_alone_the_longest_to_let_the_next_person_in(
    small_pool, clock
):
    _, first = tab(small_pool)
    sign_in(first, "worker1")
    first.on_disconnect()
    clock.now += 5  # far from the idle time: closed early for room
    app, second = tab(small_pool)
    sign_in(second, "worker2")
    assert app.state.actor.user_id == "worker2"
    assert small_pool.open_phones() == ["worker2"]


def test_a_tab_back_after_its_phone_gave_way_to_others_on_a_full_host_is_told_so(small_pool, clock):
    app, first = tab(small_pool)
    sign_in(first, "worker1")
    first.on_disconnect()
    _, second = tab(small_pool)
    sign_in(second, "worker2")  # worker1's phone closed for room
    first.on_connect()
    assert first.view.route == "/sign-in"
    assert "网页服务器已满" in screen_text(first)
    assert app.state.actor is None and small_pool.holder(app) is None
    assert small_pool.open_phones() == ["worker2"]
