"""本企业 and the manager's 隐患 tab."""

from __future__ import annotations

from tests.mobile.stories import story
from tests.mobile.ui.fakes import click, control, has, screen_text, text_of


def test_the_enterprise_shows_posts_progress_and_risk_points_by_colour(ui):
    app, page = ui
    click(page, "tab-enterprise") if has(page, "tab-enterprise") else app.go("/enterprise")
    text = screen_text(page)
    assert "海港区老街小厨餐馆" in text  # the title
    assert "后厨 · 灶台岗" in text_of(control(page, "post-P-STOVE"))
    assert "完成 0/" in text_of(control(page, "post-P-STOVE"))
    assert "后厨燃气灶台" in text_of(control(page, "risk-R-KITCHEN-GAS"))
    assert any(has(page, f"colour-{c}") for c in ("red", "orange", "yellow", "blue"))


def test_the_hazard_tab_lists_the_whole_enterprise(ui, phone):
    app, page = ui
    story(phone.record, "YH-1", "assign")  # assigned to worker1, not to the manager
    story(phone.record, "YH-2", "assign start rectify")
    app.go("/hazards")
    text = screen_text(page)
    assert "本企业隐患" in text
    assert text.index("待验收 (1)") < text.index("待整改 (1)")
    assert has(page, "hazard-YH-1") and has(page, "hazard-YH-2")
