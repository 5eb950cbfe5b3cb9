"""车间和岗位 on manager1's phone, offline."""

from __future__ import annotations

from mobile import reference
from mobile.location import FixedLocator
from shared.events import EventType
from shared.geo import Position
from shared.payloads import PostLocated, WorkshopDefined
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


def test_the_manager_sets_a_posts_position_from_the_phone_standing_there(ui, phone):
    app, page = ui
    app.locator = located = FixedLocator(Position(latitude=39.9354, longitude=119.6005))
    app.go("/workshops")
    assert "未设位置" in screen_text(page)
    click(page, "locate-P-STOVE")
    click(page, "locate-here")

    [event] = phone.record.pending()
    assert (event.type, event.aggregate.id) == (EventType.POST_LOCATED, "P-STOVE")
    assert PostLocated.model_validate(event.payload) == PostLocated(
        latitude=39.9354, longitude=119.6005
    )
    assert located.asked == 1
    assert any("灶台岗 的位置" in s for s in page.snacks())


def test_without_a_fix_the_manager_is_told_and_may_type_the_degrees(ui, phone):
    app, page = ui
    app.locator = FixedLocator(None)
    app.go("/workshops")
    click(page, "locate-P-STOVE")
    click(page, "locate-here")
    assert phone.record.pending() == []
    assert any("无法获取当前位置" in s for s in page.snacks())

    type_into(page, "locate-latitude", "39.9354")
    type_into(page, "locate-longitude", "119.6005°")
    click(page, "locate-save")
    [event] = phone.record.pending()
    assert event.payload == {"latitude": 39.9354, "longitude": 119.6005}


def test_typed_degrees_out_of_range_are_refused_with_a_word_and_nothing_saved(ui, phone):
    app, page = ui
    app.go("/workshops")
    click(page, "locate-P-STOVE")
    type_into(page, "locate-latitude", "399354")
    type_into(page, "locate-longitude", "119.6005")
    click(page, "locate-save")
    assert phone.record.pending() == []
    assert any("纬度应在 -90 到 90 之间" in s for s in page.snacks())
