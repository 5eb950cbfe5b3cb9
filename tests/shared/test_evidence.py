"""What a 不合格 tick and a hazard report must carry: one rule for the phone and the server."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from shared.cards import CardItem, CheckCard, Evidence, ItemResult
from shared.errors import EvidenceMissing
from shared.events import Event, EventType
from shared.evidence import FALLBACK, card_lacks, evidence_refusal, report_lacks_photo, tick_lacks
from shared.hazards import fold_hazard
from shared.ids import CardId, ItemId
from shared.payloads import ItemTick, PhotoRef
from shared.roles import Role
from tests.factories import CARD_ITEM, TENANT, Device, inspector, worker

E = Evidence
E_ = EventType
PASS, FAIL, NA = ItemResult.PASS, ItemResult.FAIL, ItemResult.NOT_APPLICABLE
PHOTO = PhotoRef(sha256="b" * 64, size=2000)


@pytest.mark.parametrize(
    ("evidence", "result", "note", "photos", "needs"),
    [
        # a pass or n/a needs nothing, whatever the item asks of a failure
        (E.PHOTO, PASS, "", 0, None),
        (E.NOTE, NA, "", 0, None),
        # a photo item: only a photo will do
        (E.PHOTO, FAIL, "", 0, E.PHOTO),
        (E.PHOTO, FAIL, "接头有气泡", 0, E.PHOTO),
        (E.PHOTO, FAIL, "", 1, None),
        # a note item: only words will do, and blank words are none
        (E.NOTE, FAIL, "", 2, E.NOTE),
        (E.NOTE, FAIL, " \n\t", 0, E.NOTE),
        (E.NOTE, FAIL, "压力 0.6 MPa", 0, None),
        # either
        (E.PHOTO_OR_NOTE, FAIL, "", 0, E.PHOTO_OR_NOTE),
        (E.PHOTO_OR_NOTE, FAIL, "漏气", 0, None),
        (E.PHOTO_OR_NOTE, FAIL, "", 1, None),
    ],
)
def test_a_tick_needs_what_its_item_asks_only_when_it_failed(evidence, result, note, photos, needs):
    assert tick_lacks(evidence, result, note, photos) == needs


@given(st.sampled_from(list(Evidence)), st.text(max_size=5), st.integers(0, 3))
def test_a_failed_tick_with_both_a_photo_and_a_note_needs_nothing_more(evidence, note, photos):
    assert tick_lacks(evidence, FAIL, f"{note}漏", photos + 1) is None


def test_an_item_defaults_to_asking_for_a_photo():
    assert CardItem.model_validate(CARD_ITEM).evidence is Evidence.PHOTO


def item(item_id: str, evidence: Evidence) -> CardItem:
    return CardItem.model_validate({**CARD_ITEM, "id": item_id, "evidence": evidence.value})


def test_a_card_names_each_failed_item_lacking_evidence_and_items_it_lacks_fall_back():
    items = [item("1", E.PHOTO), item("2", E.NOTE), item("3", E.PHOTO_OR_NOTE)]
    ticks = {
        ItemId("1"): ItemTick(result=FAIL, note="有"),
        ItemId("2"): ItemTick(result=FAIL, photos=(PHOTO,)),
        ItemId("3"): ItemTick(result=FAIL, note="漏"),
        ItemId("9"): ItemTick(result=FAIL),  # not on the card at this version
    }
    assert card_lacks(ticks, items) == {"1": E.PHOTO, "2": E.NOTE, "9": FALLBACK}


@pytest.mark.parametrize(
    ("photos", "reason", "role", "lacks"),
    [
        (0, "", Role.WORKER, True),
        (0, "   ", Role.SAFETY_MANAGER, True),
        (0, "现场禁止拍照（易燃易爆区）", Role.WORKER, False),
        (1, "", Role.WORKER, False),
        # an inspector's hazard is evidenced by the inspection's notice (its own photos, notes)
        (0, "", Role.INSPECTOR, False),
    ],
)
def test_a_report_needs_a_photo_or_a_reason_why_there_is_none(photos, reason, role, lacks):
    assert report_lacks_photo(photos, reason, role) is lacks


def submission(items: dict[str, Any], version: int = 1) -> dict[str, Any]:
    return {
        "post_id": "P1",
        "card_id": "C1",
        "card_version": version,
        "period": "2026-11-02",
        "items": items,
        "started_at": "2026-11-02T08:00:00+00:00",
        "completed_at": "2026-11-02T08:05:00+00:00",
    }


CARD = CheckCard(id=CardId("C1"), tenant=TENANT, name="卡", version=2, items=(item("1", E.NOTE),))


@pytest.mark.parametrize(
    ("version", "tick", "refused"),
    [
        (2, {"result": "fail", "photos": [PHOTO.model_dump(mode="json")]}, True),  # needs a note
        (2, {"result": "fail", "note": "0.2 MPa"}, False),
        # ticked on another version of the card: either a photo or a note will do
        (1, {"result": "fail", "photos": [PHOTO.model_dump(mode="json")]}, False),
        (1, {"result": "fail"}, True),
    ],
)
def test_a_pushed_card_is_judged_by_its_items_at_the_ticked_version(version, tick, refused):
    payload = submission({"1": tick}, version)
    event = Device("p", worker).event(
        E_.CARD_SUBMITTED, "P1/C1/2026-11-02", base=0, payload=payload
    )
    refusal = evidence_refusal(event, CARD)
    assert (refusal is not None) is refused
    if refusal is not None:
        assert isinstance(refusal, EvidenceMissing) and refusal.code == "evidence.missing"
        assert set(refusal.details["items"]) == {"1"}


def report(who: Device, payload: dict[str, Any]) -> Event:
    return who.event(E_.HAZARD_REPORTED, "H1", base=0, payload=payload)


def test_a_pushed_report_is_refused_without_a_photo_or_reason_unless_an_inspector_made_it():
    bare = {"title": "出口堵塞"}
    refusal = evidence_refusal(report(Device("p", worker), bare), None)
    assert refusal is not None and refusal.details == {"needs": "photo_or_reason"}
    assert evidence_refusal(report(Device("i", inspector), bare), None) is None
    told = {**bare, "no_photo_reason": "手机没电"}
    assert evidence_refusal(report(Device("p", worker), told), None) is None


def test_the_rule_is_not_in_the_fold_so_a_stored_report_without_a_photo_still_folds():
    hazard = fold_hazard([report(Device("p", worker), {"title": "规则之前的记录"})])
    assert hazard is not None and hazard.title == "规则之前的记录"
