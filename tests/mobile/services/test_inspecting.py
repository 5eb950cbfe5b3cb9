"""An inspector's visit on the phone: the menu of standards, the notice and its events."""

from __future__ import annotations

from datetime import datetime

import pytest

from mobile.local_record import LocalRecord
from mobile.scan import ScanRefused
from mobile.services.inspecting import (
    Finding,
    deadline_after,
    default_title,
    grid_enterprises,
    issue_notice,
    standards_of,
)
from mobile.services.notices import notice_on_phone
from mobile.services.scanning import (
    NOT_IN_GRID,
    UNKNOWN_ENTERPRISE_CODE,
    open_enterprise_scanned,
    open_enterprise_typed,
)
from mobile.store.memory import MemoryStore
from shared.cards import CardItem, ItemResult
from shared.events import AggregateType, EventType
from shared.ids import GridUnitId, TenantId, UserId
from shared.payloads import HazardSource, InspectionRecorded
from shared.qr import QrKind, QrPayload, derive_tenant_key, manual_code, sign_qr
from shared.roles import Actor, Role
from sync_server.demo.city import INN, WAREHOUSE
from tests.factories import CARD_ITEM
from tests.mobile.qr_photos import Spoil, photo_of
from tests.mobile.world import (
    CHINA,
    KITCHEN,
    LATHES,
    MONDAY_10,
    SECRET,
    card_code,
    load_reference,
)

INSPECTOR = Actor(user_id=UserId("inspector1"), role=Role.INSPECTOR, grid_unit=GridUnitId("X-HG"))


@pytest.fixture
def record() -> LocalRecord:
    store = MemoryStore()
    load_reference(store, (KITCHEN, LATHES, INN))
    return LocalRecord(store)


def enterprise_code(tenant: str) -> str:
    payload = QrPayload(kind=QrKind.ENTERPRISE, tenant=tenant, target_id="", version=1)
    return manual_code(payload, derive_tenant_key(SECRET, TenantId(tenant)))


def test_the_grid_is_every_enterprise_the_phone_holds(record):
    assert {e.id for e in grid_enterprises(record.store)} == {KITCHEN, LATHES, INN}


def test_a_small_place_is_checked_against_the_21_standards(record):
    standards = standards_of(record.store, INN)
    assert len(standards) == 21
    assert {s.card for s in standards} == {"十小场所21条安全检查卡"}


def test_an_industrial_enterprise_is_checked_against_its_post_cards(record):
    standards = standards_of(record.store, LATHES)
    assert standards and {s.card for s in standards} == {"车床岗安全检查卡"}
    assert len({s.title for s in standards}) == len(standards)  # two lathes, one card: listed once


@pytest.mark.parametrize(
    ("now", "days", "deadline"),
    [
        (MONDAY_10, 7, datetime(2026, 12, 7, 23, 59, 59, tzinfo=CHINA)),
        (MONDAY_10, 1, datetime(2026, 12, 1, 23, 59, 59, tzinfo=CHINA)),
        # 23:30 UTC is already Tuesday in China: the days count from the local date
        (datetime(2026, 11, 30, 23, 30, tzinfo=CHINA).astimezone(CHINA), 1,
         datetime(2026, 12, 1, 23, 59, 59, tzinfo=CHINA)),
    ],
)  # fmt: skip
def test_a_deadline_ends_on_the_local_day_so_many_days_on(now, days, deadline):
    assert deadline_after(now, days) == deadline


def test_issuing_saves_one_hazard_per_failing_finding_then_the_inspection_naming_them(record):
    first, second, third = standards_of(record.store, KITCHEN)[:3]
    findings = [
        Finding(first, ItemResult.FAIL, "软管有接口", deadline_days=3),
        Finding(second, ItemResult.PASS),
        Finding(third, ItemResult.NOT_APPLICABLE),
    ]
    issued = issue_notice(record, INSPECTOR, KITCHEN, findings, MONDAY_10)

    hazard, inspection = issued.events
    assert hazard.type is EventType.HAZARD_REPORTED and hazard.tenant == KITCHEN
    assert hazard.payload["source"] == HazardSource.ENFORCEMENT
    assert hazard.payload["deadline"] == deadline_after(MONDAY_10, 3).isoformat()
    assert "软管有接口" in hazard.payload["description"]
    assert inspection.aggregate.type is AggregateType.INSPECTION
    parsed = InspectionRecorded.model_validate(inspection.payload)
    assert parsed.hazard_ids == (hazard.aggregate.id,) == issued.hazard_ids
    assert parsed.notice_no == issued.notice_no and issued.notice_no.startswith("执法-20261130-")
    assert [f.result for f in parsed.findings] == [ItemResult.FAIL, ItemResult.PASS,
                                                   ItemResult.NOT_APPLICABLE]  # fmt: skip
    assert [e.event_id for e in record.pending()] == [e.event_id for e in issued.events]


def test_the_notice_on_the_phone_shows_its_hazards_unsynced(record):
    standard = standards_of(record.store, KITCHEN)[0]
    issued = issue_notice(
        record, INSPECTOR, KITCHEN, [Finding(standard, ItemResult.FAIL)], MONDAY_10
    )
    notice = notice_on_phone(record, issued.inspection_id)
    assert notice is not None and notice.tenant == KITCHEN and notice.pending
    assert [h.hazard_id for h in notice.hazards] == list(issued.hazard_ids)
    assert notice.hazards[0].hazard is not None and notice.hazards[0].pending
    assert not notice.synced
    assert notice_on_phone(record, "no-such-inspection") is None


@pytest.mark.parametrize(
    ("findings", "error"),
    [
        ([], "at least one finding"),
        ([(ItemResult.FAIL, -1)], "0 to 30 days"),
        ([(ItemResult.FAIL, 31)], "0 to 30 days"),
    ],
)
def test_an_inspection_without_findings_or_with_a_wild_deadline_is_refused(record, findings, error):
    standard = standards_of(record.store, KITCHEN)[0]
    made = [Finding(standard, result, deadline_days=days) for result, days in findings]
    with pytest.raises(ValueError, match=error):
        issue_notice(record, INSPECTOR, KITCHEN, made, MONDAY_10)
    assert record.pending() == []


@pytest.mark.parametrize(
    ("typed", "opens"),
    [
        (enterprise_code(KITCHEN), KITCHEN),
        (enterprise_code(LATHES).lower().replace("-", ""), LATHES),
        (enterprise_code(WAREHOUSE), UNKNOWN_ENTERPRISE_CODE),  # not in the grid
        ("K7QM", "scan.bad_manual_code"),
    ],
)
def test_a_typed_enterprise_code_opens_an_enterprise_of_the_grid_only(record, typed, opens):
    found: str
    try:
        found = open_enterprise_typed(record.store, typed)
    except ScanRefused as refused:
        found = refused.code
    assert found == opens


def enterprise_qr(tenant: str) -> str:
    payload = QrPayload(kind=QrKind.ENTERPRISE, tenant=tenant, target_id="", version=1)
    return sign_qr(payload, derive_tenant_key(SECRET, TenantId(tenant)))


@pytest.mark.parametrize(
    ("text", "opens"),
    [
        (enterprise_qr(KITCHEN), KITCHEN),
        (card_code("P-LATHE-1", LATHES), LATHES),  # a post card of the grid opens its enterprise
        (enterprise_qr(WAREHOUSE), NOT_IN_GRID),
        (enterprise_qr(KITCHEN)[:-2] + "AA", "qr.tampered"),
        ("https://example.com", "qr.malformed"),
    ],
)
def test_a_scanned_card_opens_an_enterprise_of_the_grid_only(record, text, opens):
    found: str
    try:
        found = open_enterprise_scanned(record.store, photo_of(text, Spoil()))
    except ScanRefused as refused:
        found = refused.code
    assert found == opens


@pytest.mark.parametrize(
    ("typical", "what", "title"),
    [
        ("软管老化龟裂、超长、加三通、漏气", "连接软管", "连接软管不符合要求"),
        ("超量存放；柜内存放", "气瓶存放", "气瓶存放不符合要求"),
        ("收市后未关阀", "收市关阀断电", "收市后未关阀"),
        ("压力不足, 过期", "灭火器", "灭火器不符合要求"),
    ],
)
def test_a_failing_item_suggests_one_defect_never_its_whole_list(typical, what, title):
    item = CardItem.model_validate(CARD_ITEM | {"what": what, "typical_hazard": typical})
    assert default_title(item) == title


def test_the_hazard_says_what_the_inspector_wrote_with_the_demand_its_deadline_calls_for(record):
    first, second = standards_of(record.store, KITCHEN)[:2]
    findings = [
        Finding(first, ItemResult.FAIL, deadline_days=10, title="软管加三通", description="三通"),
        Finding(second, ItemResult.FAIL, "钢瓶放在灶台下", deadline_days=0),
    ]
    issued = issue_notice(record, INSPECTOR, KITCHEN, findings, MONDAY_10)

    edited, suggested = (event.payload for event in issued.events[:2])
    assert edited["title"] == "软管加三通" and edited["description"].startswith("三通")
    assert edited["demand"] == "by_deadline"
    assert "、" not in suggested["title"]  # not the item's list of typical defects
    assert suggested["description"].startswith("钢瓶放在灶台下。不符合合格标准：")
    assert suggested["demand"] == "immediate"
    assert suggested["deadline"] == deadline_after(MONDAY_10, 0).isoformat()
    assert issued.notice_no not in edited["description"]  # the server confirms its own number
