"""标准库 after one sync through the real server on loopback, then offline (issue 21).

The library reaches the phone with a normal sync round, not when the screen first opens it
(the rounds themselves: tests/mobile/sync/test_library.py).
"""

from __future__ import annotations

import pytest

from mobile.standards_copy import kept_copy
from sync_server.demo import seed_demo
from sync_server.standards import shipped_library
from tests.mobile.sync.phones import make_phone
from tests.mobile.ui.fakes import click, control, fire, screen_text, type_into

LIBRARY = shipped_library()


@pytest.fixture
def server(app, live_server):
    with app.state.engine.begin() as conn:
        seed_demo(conn)
    return live_server


@pytest.mark.parametrize("username", ["inspector1", "manager1", "worker1"])
def test_one_sync_then_offline_the_library_opens_and_searches(server, tmp_path, open_app, username):
    phone = make_phone(tmp_path / "phone", server.url)
    try:
        phone.session.sign_in(username, "demo1234")
        assert kept_copy(phone.store) is None
        assert phone.engine.sync_once().library_updated
        server.stop()

        _, page = open_app(phone, "/standards")
        assert f"标准库版本 {LIBRARY.version}" in screen_text(page)
        type_into(page, "standards-search", "灭火器")
        fire(control(page, "standards-search").on_submit)
        [first, *_] = LIBRARY.search("灭火器")
        click(page, f"standard-{first.code}")
        assert first.title in screen_text(page)
    finally:
        phone.close()
