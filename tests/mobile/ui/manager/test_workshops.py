"""车间和岗位 on manager1's phone, offline."""

from __future__ import annotations

from shared.events import EventType
from shared.payloads import WorkshopDefined
from tests.mobile.ui.fakes import click, screen_text, type_into


def test_the_manager_names_a_workshop_and_types_its_posts(ui, phone):
    app, page = ui
    app.go("/enterprise")
    click(page, "workshops")
    assert "后厨 · 灶台岗" in screen_text(page)  # the posts there are
    type_into(page, "workshop-name", "前厅")
    type_into(page, "workshop-posts", "收银岗\n迎宾岗")
    click(page, "workshop-save")

    [event] = phone.record.pending()
    made = WorkshopDefined.model_validate(event.payload)
    assert event.type is EventType.WORKSHOP_DEFINED
    assert (made.name, [p.name for p in made.posts]) == ("前厅", ["收银岗", "迎宾岗"])
    assert page.view.route == "/enterprise"


def test_a_workshop_without_posts_is_refused_with_a_word_and_nothing_saved(ui, phone):
    app, page = ui
    app.go("/workshops")
    type_into(page, "workshop-name", "前厅")
    click(page, "workshop-save")
    assert phone.record.pending() == []
    assert any("至少一个岗位" in s for s in page.snacks())
