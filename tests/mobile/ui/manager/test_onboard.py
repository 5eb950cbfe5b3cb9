"""建岗位卡 and the standards library on manager1's phone, offline with a kept library."""

from __future__ import annotations

from mobile.services.standards import LIBRARY_DOC
from shared.events import EventType
from shared.org import SmallPlaceKind
from shared.payloads import CardDefined
from sync_server.standards import shipped_library
from tests.mobile.ui.fakes import click, control, fire, has, pick, screen_text, type_into
from tests.mobile.world import MONDAY_10, WORKER, load_reference, sign_in_offline

LIBRARY = shipped_library()
RESTAURANT = LIBRARY.for_small_place(SmallPlaceKind.RESTAURANT)


def keep_library(phone) -> None:
    """The library as a sync earlier today left it on the phone."""
    checked = int(MONDAY_10.timestamp() * 1000)
    phone.store.write_doc(
        LIBRARY_DOC, {"checked_ms": checked, "library": LIBRARY.model_dump(mode="json")}
    )


def test_the_manager_builds_the_stoves_card_from_the_restaurant_standards(ui, phone):
    keep_library(phone)
    app, page = ui
    app.go("/enterprise")
    click(page, "onboard")
    assert has(page, "basis-catering")  # prefilled from the kitchen's industry
    click(page, "basis-restaurant")
    assert all(control(page, f"item-{s.code}").value for s in RESTAURANT)
    dropped = RESTAURANT[0].code
    fire(control(page, f"item-{dropped}").on_change)
    type_into(page, "onboard-search", "灭火器")
    fire(control(page, "onboard-search").on_submit)
    [extra, *_] = [s for s in LIBRARY.search("灭火器") if s not in RESTAURANT]
    click(page, f"add-{extra.code}")
    click(page, "onboard-save")

    [event] = phone.record.pending()
    card = CardDefined.model_validate(event.payload)
    kept = [s.code for s in RESTAURANT[1:]] + [extra.code]
    assert event.type is EventType.CARD_DEFINED
    assert (card.post_id, [item.standard for item in card.items]) == ("P-STOVE", kept)
    assert page.view.route == "/enterprise"


def test_the_library_opens_by_category_and_a_standard_shows_its_basis_and_review_mark(ui, phone):
    keep_library(phone)
    app, page = ui
    app.go("/standards")
    assert LIBRARY.version in screen_text(page)
    click(page, "category-SX")
    first = LIBRARY.small_place_standards[0]
    click(page, f"standard-{first.code}")
    text = screen_text(page)
    assert first.pass_criterion in text
    assert first.legal_basis[0].cite() in text
    [awaiting, *_] = [s for s in LIBRARY.everything() if s.needs_review and not s.reviewed_by]
    app.go(f"/standards/{awaiting.code}")
    assert "依据条款待专家审核" in screen_text(page)


def test_without_a_kept_library_offline_the_screens_say_so(ui):
    app, page = ui
    app.go("/onboard")
    assert "标准库还没有下载到本机" in screen_text(page)
    assert not has(page, "onboard-save")


def test_a_worker_who_opens_the_card_builder_is_told_it_is_a_managers(make_phone, open_app):
    worker_phone = make_phone(name="worker")
    sign_in_offline(worker_phone.store, WORKER)
    load_reference(worker_phone.store)
    keep_library(worker_phone)
    _, page = open_app(worker_phone, "/onboard")
    assert "只有企业安全管理员可以建岗位卡" in screen_text(page)
    assert not has(page, "onboard-save")


def test_the_card_names_the_person_picked_as_its_responsible(ui, phone):
    keep_library(phone)
    app, page = ui
    app.go("/onboard")
    pick(page, "onboard-responsible", "worker1")
    click(page, "onboard-save")
    [event] = phone.record.pending()
    card = CardDefined.model_validate(event.payload)
    assert {item.responsible for item in card.items} == {"worker1"}


TAP_S = 20
"""A generous time for one tap on a cheap phone: find the control, tap, wait for the screen."""


def test_the_demo_kitchens_stove_card_takes_four_taps_well_under_five_minutes(ui, phone):
    """Issue 21: "a card built this way for the demo kitchen takes under 5 minutes of taps".

    Counted on the real screens: 本企业 → 从标准库建岗位卡 → 小餐饮 → 保存 (the post is the
    kitchen's only one, every proposed item is kept). Four taps at TAP_S each are 80 s; reading
    the 20 proposed items is the rest of the five minutes (about 10 s an item).
    """
    keep_library(phone)
    app, page = ui
    taps = ["onboard", "basis-restaurant", "onboard-save"]
    app.go("/enterprise")  # the 本企业 tab: the first tap
    for key in taps:
        click(page, key)
    [event] = phone.record.pending()
    card = CardDefined.model_validate(event.payload)
    assert (card.post_id, len(card.items)) == ("P-STOVE", len(RESTAURANT))
    assert TAP_S * (1 + len(taps)) <= 80
