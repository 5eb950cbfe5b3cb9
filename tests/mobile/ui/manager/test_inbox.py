"""待办: counts on top, hazards by need, each row opening the screen that takes the step."""

from __future__ import annotations

import pytest

from mobile.ui.tree import find
from tests.mobile.stories import story
from tests.mobile.ui.fakes import click, control, fire, has, screen_text, text_of


def test_a_manager_opens_on_the_inbox_with_its_tabs(ui):
    _, page = ui
    assert page.view.route == "/inbox"
    text = screen_text(page)
    assert "没有等你处理的隐患" in text
    for tab in ("待办", "本企业", "隐患", "同步", "设置"):
        assert tab in text


def test_hazards_are_grouped_by_need_with_counts_and_overdue_marked(ui, phone):
    app, page = ui
    story(phone.record, "YH-1")
    story(phone.record, "YH-2", "late start rectify")
    story(phone.record, "YH-3", "assign start rectify accept")
    story(phone.record, "YH-4", grade="major")
    app.go("/inbox")
    text = screen_text(page)
    for group in ("待指派 (1)", "待验收 (1)", "待销号 (1)", "重大隐患 (1)"):
        assert group in text
    assert text_of(control(page, "count-need.accept")).startswith("1")
    assert "逾期 1" in text_of(control(page, "overdue"))


@pytest.mark.parametrize(
    ("path", "grade", "row", "route"),
    [
        ("", "general", "inbox-assign-YH-1", "/hazards/YH-1/assign"),
        ("assign start rectify", "general", "inbox-accept-YH-1", "/hazards/YH-1/review"),
        ("assign start rectify accept", "general", "inbox-close-YH-1", "/hazards/YH-1"),
        ("", "major", "inbox-major-YH-1", "/hazards/YH-1/major"),
    ],
)
def test_each_row_opens_the_screen_of_its_step(ui, phone, path, grade, row, route):
    app, page = ui
    story(phone.record, "YH-1", path, grade=grade)
    app.go("/inbox")
    click(page, row)
    assert page.view.route == route


def test_what_is_not_the_managers_turn_is_not_in_the_inbox(ui, phone):
    app, page = ui
    story(phone.record, "YH-1", "assign start")
    app.go("/inbox")
    assert not has(page, "inbox-assign-YH-1") and "没有等你处理的隐患" in screen_text(page)


def test_on_a_desks_screen_the_row_picked_opens_beside_the_list(ui, phone):
    app, page = ui
    story(phone.record, "YH-1")
    story(phone.record, "YH-3", "assign start rectify")
    page.width = 1280
    app.go("/inbox")
    listed, beside = control(page, "pane-0"), control(page, "pane-1")
    assert find(listed, "inbox-assign-YH-1") and find(listed, "inbox-accept-YH-3")
    assert find(beside, "assign-save") and not find(beside, "review-reject")  # the first row
    click(page, "inbox-accept-YH-3")
    assert page.view.route == "/inbox"  # the list stays
    beside = control(page, "pane-1")
    assert find(beside, "review-reject") and not find(beside, "assign-save")
    assert "验收" in text_of(beside)


@pytest.mark.parametrize("width", [None, 390, 999])
def test_a_phone_keeps_one_column_and_a_row_opens_its_own_screen(ui, phone, width):
    app, page = ui
    story(phone.record, "YH-1")
    page.width = width
    app.go("/inbox")
    assert not has(page, "pane-0")
    click(page, "inbox-assign-YH-1")
    assert page.view.route == "/hazards/YH-1/assign"


def test_a_window_resized_across_the_line_gets_the_other_layout_and_not_before(ui, phone):
    app, page = ui
    story(phone.record, "YH-1")
    page.width = 390
    app.go("/inbox")
    renders = page.updates
    page.width = 800
    fire(page.on_resize)
    assert page.updates == renders  # still a phone's width: nothing rebuilt under a finger
    page.width = 1280
    fire(page.on_resize)
    assert has(page, "pane-1")
    page.width = 390
    fire(page.on_resize)
    assert not has(page, "pane-1")
