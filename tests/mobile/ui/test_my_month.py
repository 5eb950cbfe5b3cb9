"""我的本月: a worker's own month from 今日: cards on time, hazards found and confirmed, points."""

from __future__ import annotations

from mobile.services.rewards import REWARDS
from mobile.sync.reads import _doc_name
from tests.mobile.ui.fakes import click, control, screen_text, text_of
from tests.mobile.ui.manager.test_rewards import month_body, person


def test_a_worker_opens_their_month_from_today(ui, phone, clock):
    month = f"{clock.now:%Y-%m}"
    body = month_body(month, [person("worker1", "王师傅", 9.5, cards_on_time=21)])
    phone.store.write_doc(
        _doc_name(REWARDS, {"month": month}), {"body": body, "at_ms": 1_764_460_800_000}
    )
    app, page = ui
    app.go("/today")
    click(page, "my-month")
    page.run_tasks()
    assert page.view.route == "/my-month"
    assert text_of(control(page, "my-cards")) == "21"
    assert text_of(control(page, "my-points")) == "9.5"
    assert (text_of(control(page, "my-found")), text_of(control(page, "my-confirmed"))) == (
        "2",
        "1",
    )
    assert "按时整改 1 项" in screen_text(page)


def test_offline_before_any_fetch_the_month_says_so(ui):
    app, page = ui
    app.go("/my-month")
    page.run_tasks()
    assert "连不上服务器" in screen_text(page)
