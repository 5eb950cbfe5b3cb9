"""冲突处理: both events (who, when, device, what), resolved only with a reason."""

from __future__ import annotations

from mobile.wiring import Phone
from shared.events import EventType
from tests.mobile.stories import MANAGER2, story
from tests.mobile.ui.fakes import click, control, has, screen_text, type_into
from tests.mobile.world import MANAGER

E = EventType


def a_conflict(phone: Phone) -> None:
    story(
        phone.record,
        "YH-1",
        "assign start rectify",
        concurrent=(
            (MANAGER, E.HAZARD_ACCEPTED, {"comment": "合格"}),
            (MANAGER2, E.HAZARD_REJECTED, {"reason": "阀门仍漏气"}),
        ),
    )


def test_the_inbox_and_the_detail_lead_to_the_conflict(ui, phone):
    app, page = ui
    a_conflict(phone)
    app.go("/inbox")
    assert "冲突待确认 (1)" in screen_text(page)
    click(page, "inbox-conflict-YH-1")
    assert page.view.route == "/hazards/YH-1/conflict"
    app.go("/hazards/YH-1")
    click(page, "manage-conflict")
    assert page.view.route == "/hazards/YH-1/conflict"


def test_both_events_show_who_what_and_which_stands(ui, phone):
    app, page = ui
    a_conflict(phone)
    app.go("/hazards/YH-1/conflict")
    text = screen_text(page)
    assert "验收通过与驳回冲突" in text
    # manager1 by name; manager2, of another enterprise, is not among the kitchen's people
    assert "验收通过 · 李店长" in text and "验收不通过 · manager2" in text
    assert "阀门仍漏气" in text and "设备 phone-manage" in text
    assert text.count("未生效") == 1 and "生效" in text


def test_resolving_needs_a_reason_then_clears_the_flag(ui, phone):
    app, page = ui
    a_conflict(phone)
    app.go("/hazards/YH-1/conflict")
    click(page, "conflict-resolve")
    assert "请填写理由" in (control(page, "conflict-reason").error or "")
    assert phone.record.pending() == []
    type_into(page, "conflict-reason", "现场复核仍漏气，维持驳回")
    click(page, "conflict-resolve")
    [event] = phone.record.pending()
    assert event.type is E.CONFLICT_RESOLVED
    assert phone.record.projections.hazard("YH-1").open_conflicts() == ()
    assert page.view.route == "/hazards/YH-1" and not has(page, "manage-conflict")


def test_the_sync_screen_links_a_conflict_to_its_screen(ui, phone):
    app, page = ui
    a_conflict(phone)
    app.go("/sync")
    click(page, "conflict-YH-1")
    assert page.view.route == "/hazards/YH-1/conflict"
