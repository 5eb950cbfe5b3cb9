"""车间和岗位 on manager1's phone, offline."""

from __future__ import annotations

from mobile import reference
from shared.events import EventType
from shared.payloads import WorkshopDefined
from tests.mobile.ui.fakes import click, pick, screen_text, type_into
from tests.mobile.world import demo_reference_body


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


def test_the_posts_of_a_new_workshop_name_the_person_picked_as_their_responsible(ui, phone):
    app, page = ui
    app.go("/workshops")
    type_into(page, "workshop-name", "前厅")
    type_into(page, "workshop-posts", "收银岗\n迎宾岗")
    pick(page, "workshop-responsible", "worker1")
    click(page, "workshop-save")
    [event] = phone.record.pending()
    made = WorkshopDefined.model_validate(event.payload)
    assert [p.responsible for p in made.posts] == ["worker1", "worker1"]


def test_a_post_there_is_shows_its_responsible_by_name(phone, open_app):
    body = demo_reference_body()
    body["post"] = [{**p, "responsible": "worker1"} for p in body["post"]]
    reference.save_reference(phone.store, body, now_ms=0)
    app, page = open_app(phone)
    app.go("/workshops")
    assert "责任人：王师傅" in screen_text(page)
