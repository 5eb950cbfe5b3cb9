"""标准修订 on manager1's phone: a revised standard's items offered, taken or kept."""

from __future__ import annotations

from mobile.services.standards import LIBRARY_DOC
from shared.events import EventType
from shared.payloads import CardDefined
from tests.mobile.ui.fakes import click, has, screen_text
from tests.mobile.ui.manager.test_onboard import keep_library
from tests.mobile.world import MONDAY_10
from tests.shared.test_revisions import revised, stove_card

GAS_HOSE = next(i for i in stove_card().items if i.standard == "PC-11-03")
KEY = f"{stove_card().id}-{GAS_HOSE.id}"


def keep_revised_library(phone) -> None:
    checked = int(MONDAY_10.timestamp() * 1000)
    body = {"checked_ms": checked, "library": revised().model_dump(mode="json")}
    phone.store.write_doc(LIBRARY_DOC, body)


def test_the_manager_sees_what_a_revision_changes_and_takes_it(ui, phone):
    keep_revised_library(phone)
    app, page = ui
    app.go("/enterprise")
    text = screen_text(page)
    assert "标准修订（1 项待确认）" in text and "2026.1 版已修订为 2026.2 版" in text
    assert "合格标准：" in text and "使用金属波纹管" in text
    click(page, f"revision-take-{KEY}")

    [event] = phone.record.pending()
    card = CardDefined.model_validate(event.payload)
    [item] = [i for i in card.items if i.id == GAS_HOSE.id]
    assert event.type is EventType.CARD_DEFINED and card.post_id == "P-STOVE"
    assert event.aggregate.id != stove_card().id  # an imported card is defined anew
    assert (item.pass_criterion, item.standard_version) == (
        "软管长度不超过 2 m，使用金属波纹管",
        "2026.2",
    )
    assert not has(page, f"revision-take-{KEY}")  # answered: not asked again before the sync


def test_keeping_the_card_as_it_is_is_recorded_too(ui, phone):
    keep_revised_library(phone)
    app, page = ui
    app.go("/enterprise")
    click(page, f"revision-keep-{KEY}")
    [event] = phone.record.pending()
    [item] = [i for i in CardDefined.model_validate(event.payload).items if i.id == GAS_HOSE.id]
    assert (item.pass_criterion, item.standard_version) == (GAS_HOSE.pass_criterion, "2026.2")


def test_nothing_is_shown_while_no_standard_was_revised(ui, phone):
    keep_library(phone)
    app, page = ui
    app.go("/enterprise")
    assert "标准修订" not in screen_text(page)
