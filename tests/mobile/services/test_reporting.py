"""Reporting a hazard and fixing one: each is one event saved on the phone first."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

import pytest

from mobile.photos import keep_photo, process_photo
from mobile.services.reporting import (
    HazardReport,
    Rectification,
    report_from_item,
    report_hazard,
    start_rectification,
    submit_rectification,
)
from mobile.store import MemoryPhotoFiles
from shared.cards import HazardGrade
from shared.errors import EvidenceMissing, InvalidInput
from shared.events import EventType
from shared.lifecycle import HazardStatus
from shared.payloads import PhotoRef
from tests.mobile.ui.pictures import a_photo
from tests.mobile.world import WORKER, pulled_hazard


def test_a_failed_item_prefills_its_typical_hazard_grade_and_place(stove):
    item = next(i for i in stove.card.items if i.id == "3")
    report = report_from_item(stove, item, " 接头有气泡 ")
    assert report.title == item.typical_hazard
    assert report.description.splitlines()[0] == "接头有气泡"
    assert "合格标准" in report.description and report.grade is HazardGrade.GENERAL
    assert (report.post_id, report.card_id, report.item_id) == ("P-STOVE", "CARD-STOVE", "3")
    assert report.location == "后厨 · 灶台岗"


def test_a_report_is_one_event_with_a_fresh_hazard_id_made_on_the_phone(kitchen, stove):
    item = stove.card.items[0]
    report = replace(report_from_item(stove, item), no_photo_reason="手机没电")
    event = report_hazard(kitchen, WORKER, report)
    hazard = kitchen.projections.hazard(event.aggregate.id)
    assert event.type is EventType.HAZARD_REPORTED and event.base_version == 0
    assert hazard is not None and hazard.status is HazardStatus.REGISTERED
    assert hazard.item_id == item.id and hazard.reporter == "worker1"


def test_a_report_without_a_photo_or_a_reason_is_refused_and_nothing_is_saved(kitchen):
    with pytest.raises(EvidenceMissing):
        report_hazard(kitchen, WORKER, HazardReport(title="出口堵塞", no_photo_reason="  "))
    assert kitchen.pending() == []


def test_a_reason_is_not_kept_beside_a_photo(kitchen):
    photo = PhotoRef(sha256="a" * 64, size=10)
    report = HazardReport(title="出口堵塞", photos=(photo,), no_photo_reason="没电")
    event = report_hazard(kitchen, WORKER, report)
    assert "no_photo_reason" not in event.payload


def test_an_empty_title_is_refused_and_nothing_is_saved(kitchen):
    with pytest.raises(InvalidInput):
        report_hazard(kitchen, WORKER, HazardReport(title="  "))
    assert kitchen.pending() == []


def test_the_assignee_starts_then_submits_the_fix_with_after_photos_and_cost(kitchen):
    pulled_hazard(kitchen, "YH-1")
    start_rectification(kitchen, WORKER, "YH-1")
    photo = keep_photo(_photos(), process_photo(a_photo()))
    submit_rectification(kitchen, WORKER, "YH-1", Rectification("换新", (photo,), Decimal("12.5")))
    hazard = kitchen.projections.hazard("YH-1")
    assert hazard.status is HazardStatus.AWAITING_ACCEPTANCE
    assert hazard.photos_after == (photo,) and hazard.rectified_by == "worker1"
    assert kitchen.pending()[-1].payload["cost_yuan"] == "12.5"


def test_a_fix_without_an_after_photo_is_refused(kitchen):
    pulled_hazard(kitchen, "YH-1")
    with pytest.raises(ValueError, match="after-photo"):
        submit_rectification(kitchen, WORKER, "YH-1", Rectification("换新"))
    assert kitchen.pending() == []


def _photos() -> MemoryPhotoFiles:
    return MemoryPhotoFiles()
