"""What an inspector's notice does to the score: 瞒报 and 不报 judged from the app's own events.

The worker ticks the stove card on their phone, the inspector issues a 整改通知书 on theirs the
next day, and the events of both phones are folded and scored exactly as the midnight job does
(fold, view, facts, score), with the phones' clocks fixed so no test depends on today.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta

import pytest

from mobile.local_record import LocalRecord
from mobile.reference import models_of, reference_of, rows_of
from mobile.services.catalog import my_posts
from mobile.services.checking import Answers, open_sheet, submit_sheet
from mobile.services.inspecting import (
    Finding,
    Standard,
    default_title,
    enterprise_of,
    issue_notice,
    standards_of,
)
from mobile.services.reporting import report_from_item, report_hazard
from mobile.store.memory import MemoryStore
from shared.card_ticks import fold_card_records
from shared.cards import CheckCard, Frequency, HazardGrade, ItemResult
from shared.completion import Ticks
from shared.events import Event
from shared.facts import EnterpriseRecords, day_facts
from shared.hazard_facts import HazardView
from shared.hazards import fold_hazards
from shared.ids import GridUnitId, UserId
from shared.org import Post, RiskPoint
from shared.payloads import PhotoRef
from shared.roles import Actor, Role
from shared.scoring import DayScore, score_day
from tests.mobile.world import CHINA, KITCHEN, MONDAY_10, WORKER, load_reference

INSPECTOR = Actor(user_id=UserId("inspector1"), role=Role.INSPECTOR, grid_unit=GridUnitId("X-HG"))
NEXT_DAY = MONDAY_10 + timedelta(days=1)


class Phone:
    """One phone with the kitchen's reference data and a clock the test moves."""

    def __init__(self, device_id: str) -> None:
        self.now = MONDAY_10
        self.record = LocalRecord(
            _kitchen_store(device_id), clock=lambda: int(self.now.timestamp() * 1000)
        )


def _kitchen_store(device_id: str) -> MemoryStore:
    store = MemoryStore(device_id=device_id)
    load_reference(store)
    return store


@pytest.fixture
def worker_phone() -> Phone:
    return Phone("phone-worker")


@pytest.fixture
def inspector_phone() -> Phone:
    return Phone("phone-inspector")


EVIDENCE = PhotoRef(sha256="f" * 64, size=1000)


def tick_daily_stove_card(phone: Phone, result: ItemResult) -> set[str]:
    """The worker ticks every item of today's daily stove card; returns the item ids."""
    [stove] = my_posts(phone.record.store, WORKER)
    sheet = open_sheet(phone.record, stove, phone.now, Frequency.DAILY)
    answers = Answers(started_at=phone.now, scanned=True)
    answers.results.update({item.id: result for item in sheet.items})
    if result is ItemResult.FAIL:  # each failed item with the photo its card asks for
        answers.photos.update({item.id: [EVIDENCE] for item in sheet.items})
    phone.now += timedelta(minutes=5)
    submit_sheet(phone.record, WORKER, sheet, answers, phone.now)
    return {item.id for item in sheet.items}


def stove_standard(phone: Phone, item_ids: set[str]) -> Standard:
    """The inspector's standard for one item of the stove card the worker ticked."""
    return next(
        s
        for s in standards_of(phone.record.store, KITCHEN)
        if s.card_id == "CARD-STOVE" and s.item.id in item_ids
    )


def score(phones: Sequence[Phone], day: datetime) -> DayScore:
    """The day's score of the kitchen from the events of every phone, as the server folds them."""
    events: list[Event] = [e for phone in phones for e in phone.record.pending()]
    store = phones[0].record.store
    company = enterprise_of(store, KITCHEN)
    assert company is not None
    records = EnterpriseRecords(
        enterprise=company,
        joined_on=(MONDAY_10 - timedelta(days=60)).date(),
        posts=tuple(rows_of(store, KITCHEN, "post", Post)),
        cards={c.id: c for c in models_of(CheckCard, (reference_of(store, KITCHEN) or {})["card"])},
        risk_points=tuple(rows_of(store, KITCHEN, "risk_point", RiskPoint)),
        ticks={
            (t.post_id, t.period): t
            for t in (Ticks.of(r, CHINA) for r in fold_card_records(events).values())
        },
        hazards=tuple(HazardView.of(h, CHINA) for h in fold_hazards(events).values()),
        active_accounts=2,
    )
    return score_day(day_facts(records, day.date()))


def line(scored: DayScore, code: str) -> float:
    return next(d.points for d in (*scored.components, *scored.deductions) if d.code == code)


def test_the_notice_names_the_post_card_and_item_each_hazard_was_judged_against(inspector_phone):
    standard = stove_standard(inspector_phone, {"1"})
    issued = issue_notice(
        inspector_phone.record,
        INSPECTOR,
        KITCHEN,
        [Finding(standard, ItemResult.FAIL)],
        MONDAY_10,
    )
    hazard = issued.events[0].payload
    assert (hazard["post_id"], hazard["card_id"], hazard["item_id"]) == (
        "P-STOVE",
        "CARD-STOVE",
        "1",
    )
    assert "风险点：后厨燃气灶台" in hazard["description"]


def test_an_item_ticked_pass_yesterday_that_the_inspector_fails_today_is_concealment(
    worker_phone, inspector_phone
):
    ticked = tick_daily_stove_card(worker_phone, ItemResult.PASS)
    standard = stove_standard(inspector_phone, ticked)
    inspector_phone.now = NEXT_DAY
    issue_notice(
        inspector_phone.record, INSPECTOR, KITCHEN, [Finding(standard, ItemResult.FAIL)], NEXT_DAY
    )

    scored = score([worker_phone, inspector_phone], NEXT_DAY)

    [concealment] = [d for d in scored.deductions if d.code == "concealment"]
    assert concealment.points == -10.0
    assert default_title(standard.item) in concealment.detail  # the hazard as the notice named it
    assert "11-30 10:05 检查卡勾选合格，12-01 10:00 执法检查发现" in concealment.detail
    [light] = [lit for lit in scored.lights if lit.code == "concealment"]
    assert light.colour == "red" and light.reason_zh.startswith("30 天内瞒报 1 次：11-30 10:05")


def test_an_item_the_worker_ticked_fail_is_no_concealment(worker_phone, inspector_phone):
    ticked = tick_daily_stove_card(worker_phone, ItemResult.FAIL)
    inspector_phone.now = NEXT_DAY
    standard = stove_standard(inspector_phone, ticked)
    issue_notice(
        inspector_phone.record, INSPECTOR, KITCHEN, [Finding(standard, ItemResult.FAIL)], NEXT_DAY
    )
    scored = score([worker_phone, inspector_phone], NEXT_DAY)
    assert line(scored, "concealment") == 0.0
    assert "concealment" not in {lit.code for lit in scored.lights}


def inspector_finds_major(phone: Phone, standard: Standard) -> None:
    phone.now = NEXT_DAY
    finding = Finding(standard, ItemResult.FAIL, grade=HazardGrade.MAJOR)
    issue_notice(phone.record, INSPECTOR, KITCHEN, [finding], NEXT_DAY)


def test_a_major_the_enterprise_reported_first_on_that_item_is_not_unreported(
    worker_phone, inspector_phone
):
    [stove] = my_posts(worker_phone.record.store, WORKER)
    assert stove.card is not None
    item = stove.card.items[0]
    report = report_from_item(stove, item)
    report_hazard(
        worker_phone.record,
        WORKER,
        type(report)(**{**report.__dict__, "grade": HazardGrade.MAJOR, "no_photo_reason": "没电"}),
    )
    inspector_finds_major(inspector_phone, stove_standard(inspector_phone, {item.id}))

    scored = score([worker_phone, inspector_phone], NEXT_DAY)

    assert "unreported_major" not in {lit.code for lit in scored.lights}


def test_a_major_the_enterprise_never_reported_is_unreported(worker_phone, inspector_phone):
    inspector_finds_major(inspector_phone, stove_standard(inspector_phone, {"1"}))
    scored = score([worker_phone, inspector_phone], NEXT_DAY)
    [light] = [lit for lit in scored.lights if lit.code == "unreported_major"]
    assert light.reason_zh == "执法检查发现未上报重大隐患 1 项"
