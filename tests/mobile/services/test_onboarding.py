"""Onboarding on the phone: what the library proposes for a place, and the card saved from it."""

from __future__ import annotations

import pytest

from mobile.services.onboarding import basis_of, define_card, parse_basis, proposed
from shared.errors import NotPermitted
from shared.events import EventType
from shared.org import Enterprise, Industry, SmallPlaceKind
from shared.payloads import CardDefined
from sync_server.demo.city import ENTERPRISES
from sync_server.standards import shipped_library
from tests.mobile.world import MANAGER, WORKER

LIBRARY = shipped_library()


def place(industry: Industry, kind: SmallPlaceKind | None = None) -> Enterprise:
    [kitchen, *_] = ENTERPRISES
    return Enterprise.model_validate(
        {**kitchen.model_dump(), "industry": industry, "small_place_kind": kind}
    )


@pytest.mark.parametrize(
    ("enterprise", "basis"),
    [
        (place(Industry.SMALL_PLACE, SmallPlaceKind.RESTAURANT), SmallPlaceKind.RESTAURANT),
        (place(Industry.SMALL_PLACE, SmallPlaceKind.STORAGE), SmallPlaceKind.STORAGE),
        (place(Industry.CATERING), Industry.CATERING),
        (None, SmallPlaceKind.RESTAURANT),
    ],
)
def test_the_choice_is_prefilled_from_the_enterprise(enterprise, basis):
    assert basis_of(enterprise) is basis


@pytest.mark.parametrize(
    ("value", "basis"),
    [
        ("restaurant", SmallPlaceKind.RESTAURANT),
        ("metalworking", Industry.METALWORKING),
        ("small_place", None),  # the industry of every 十小 place says too little
        ("bakery", None),
    ],
)
def test_a_choice_is_read_back_from_its_value(value, basis):
    assert parse_basis(value) is basis


def test_every_kind_of_place_gets_a_proposal_from_the_library():
    assert all(proposed(LIBRARY, kind) for kind in SmallPlaceKind)
    assert all(s.code.startswith("SX-") for s in proposed(LIBRARY, SmallPlaceKind.RESTAURANT))


def test_the_card_saved_keeps_each_items_standard_and_goes_out_as_an_event(kitchen, stove):
    chosen = proposed(LIBRARY, SmallPlaceKind.RESTAURANT)[:2]
    event = define_card(kitchen, MANAGER, stove, chosen, LIBRARY, card_id="C-TEST")
    [pending] = kitchen.pending()
    assert pending == event
    assert (event.type, event.aggregate.id, event.base_version) == (
        EventType.CARD_DEFINED,
        "C-TEST",
        0,
    )
    card = CardDefined.model_validate(event.payload)
    assert (card.post_id, card.name, card.library_version) == (
        "P-STOVE",
        "灶台岗检查卡",
        LIBRARY.version,
    )
    assert [(i.id, i.standard, i.responsible_role) for i in card.items] == [
        ("1", chosen[0].code, "灶台岗"),
        ("2", chosen[1].code, "灶台岗"),
    ]


def test_a_card_without_standards_is_not_saved(kitchen, stove):
    with pytest.raises(ValueError, match="at least one"):
        define_card(kitchen, MANAGER, stove, [], LIBRARY)
    assert kitchen.pending() == []


def test_a_new_card_never_takes_the_posts_imported_card_id(kitchen, stove):
    chosen = proposed(LIBRARY, SmallPlaceKind.RESTAURANT)[:1]
    event = define_card(kitchen, MANAGER, stove, chosen, LIBRARY)
    assert event.aggregate.id != stove.post.card_id
    assert event.aggregate.id.startswith("C-")


def test_a_worker_cannot_define_a_card_and_nothing_is_queued(kitchen, stove):
    chosen = proposed(LIBRARY, SmallPlaceKind.RESTAURANT)[:1]
    with pytest.raises(NotPermitted):
        define_card(kitchen, WORKER, stove, chosen, LIBRARY)
    assert kitchen.pending() == []
