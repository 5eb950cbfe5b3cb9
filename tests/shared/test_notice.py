"""整改要求 follows the deadline: 立即整改 only when due the day issued, else 限期整改 by a date."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone

import pytest

from shared.errors import DemandMismatch, InvalidInput
from shared.events import Event, EventType
from shared.notice import Demand, check_demand, demand_for, demand_wording
from tests.factories import Device, inspector

CHINA = timezone(timedelta(hours=8))
ISSUED = datetime(2026, 12, 7, 10, 0, tzinfo=CHINA)


@pytest.mark.parametrize(
    ("due_on", "demand"),
    [
        (None, Demand.IMMEDIATE),  # no deadline at all: on the spot
        (date(2026, 12, 7), Demand.IMMEDIATE),  # due the day issued
        (date(2026, 12, 6), Demand.IMMEDIATE),  # a deadline already past cannot give time
        (date(2026, 12, 8), Demand.BY_DEADLINE),  # tomorrow is a term, however short
        (date(2026, 12, 17), Demand.BY_DEADLINE),  # ten days
    ],
)
def test_the_deadline_picks_the_demand(due_on, demand):
    assert demand_for(date(2026, 12, 7), due_on) is demand


@pytest.mark.parametrize(
    ("demand", "due_on", "wording"),
    [
        (Demand.IMMEDIATE, None, "立即整改"),
        (Demand.IMMEDIATE, date(2026, 12, 7), "立即整改"),
        (Demand.BY_DEADLINE, date(2026, 12, 17), "限期整改，于2026年12月17日前整改完毕"),
        (Demand.BY_DEADLINE, date(2027, 1, 3), "限期整改，于2027年1月3日前整改完毕"),
    ],
)
def test_the_wording_names_the_date_of_a_term(demand, due_on, wording):
    assert demand_wording(demand, due_on) == wording


@pytest.mark.parametrize(
    ("demand", "deadline", "fits"),
    [
        (Demand.IMMEDIATE, None, True),
        (Demand.IMMEDIATE, datetime(2026, 12, 7, 23, 59, 59, tzinfo=CHINA), True),
        (Demand.IMMEDIATE, datetime(2026, 12, 17, 23, 59, 59, tzinfo=CHINA), False),
        (Demand.BY_DEADLINE, datetime(2026, 12, 17, 23, 59, 59, tzinfo=CHINA), True),
        (Demand.BY_DEADLINE, datetime(2026, 12, 7, 23, 59, 59, tzinfo=CHINA), False),
        (Demand.BY_DEADLINE, None, False),
        # 2026-12-07 16:30 UTC is already the 8th in China: a term of one day, not 立即
        (Demand.BY_DEADLINE, datetime(2026, 12, 7, 16, 30, tzinfo=UTC), True),
        (Demand.IMMEDIATE, datetime(2026, 12, 7, 16, 30, tzinfo=UTC), False),
    ],
)
def test_a_demand_the_deadline_contradicts_is_refused(demand, deadline, fits):
    if fits:
        check_demand(demand, ISSUED, deadline)
    else:
        with pytest.raises(DemandMismatch) as refused:
            check_demand(demand, ISSUED, deadline)
        assert refused.value.code == "notice.demand_mismatch"
        assert isinstance(refused.value, InvalidInput)


def _report(demand: str, days: int) -> Event:
    device = Device("phone-i", inspector)
    made = datetime.fromtimestamp(device.clock_ms / 1000 + 1, tz=CHINA)
    deadline = datetime.combine(made.date() + timedelta(days=days), datetime.max.time(), CHINA)
    payload = {"title": "灭火器压力不足", "deadline": deadline.isoformat(), "demand": demand}
    return device.event(EventType.HAZARD_REPORTED, base=0, payload=payload)


def test_an_event_with_a_contradicting_pair_is_refused_with_its_code():
    assert _report("by_deadline", 10).parsed().demand is Demand.BY_DEADLINE  # type: ignore[attr-defined]
    assert _report("immediate", 0).parsed().demand is Demand.IMMEDIATE  # type: ignore[attr-defined]
    with pytest.raises(DemandMismatch):
        _report("immediate", 10)
    with pytest.raises(DemandMismatch):
        Event.from_wire(
            _report("by_deadline", 10).model_dump(mode="json")
            | {
                "payload": {
                    "title": "x",
                    "deadline": "2026-11-01T23:59:59+08:00",
                    "demand": "by_deadline",
                }
            }
        )
