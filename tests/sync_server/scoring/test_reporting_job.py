"""迟报 and 漏报 through the real job: ticks and reports pushed by phones, one day scored."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from shared.events import AggregateType, EventType
from shared.ids import TenantId
from shared.roles import Role
from shared.schedule import card_instance_id
from sync_server.clock import FakeClock
from sync_server.schema import daily_scores
from sync_server.scoring.config import ScoringConfig
from sync_server.scoring.explanation import unpack
from sync_server.scoring.job import ScoringJob
from tests.sync_server.scoring_world import (
    CLEAN,
    HIDE,
    MAJOR,
    Phone,
    actor,
    app_engine,
    day_of,
    moment,
    post_of,
    seed,
)

PHOTO = {"sha256": "c" * 64, "size": 1234}


def _fail_item_2(phone: Phone, tenant: TenantId, index: int) -> None:
    """The day's daily card at 10:00: item 2 不合格 with its photo, item 3 合格."""
    period = day_of(index).isoformat()
    done = moment(index, 10)
    phone.make(
        tenant,
        (AggregateType.CARD_INSTANCE, card_instance_id(post_of(tenant), f"C-{tenant}", period)),
        EventType.CARD_SUBMITTED,
        {
            "post_id": post_of(tenant),
            "card_id": f"C-{tenant}",
            "card_version": 1,
            "period": period,
            "items": {"2": {"result": "fail", "photos": [PHOTO]}, "3": {"result": "pass"}},
            "started_at": moment(index, 9, 59).isoformat(),
            "completed_at": done.isoformat(),
            "scanned": True,
        },
        done,
    )


def _report(phone: Phone, tenant: TenantId, index: int, hour: int) -> None:
    phone.make(
        tenant,
        (AggregateType.HAZARD, f"H-{tenant}"),
        EventType.HAZARD_REPORTED,
        {
            "title": "防护罩松动",
            "post_id": post_of(tenant),
            "item_id": "2",
            "photos": [PHOTO],
        },
        moment(index, hour),
    )


def _deduction(engine: Any, tenant: TenantId, code: str) -> dict[str, Any]:
    with engine.connect() as conn:
        body = conn.execute(
            select(daily_scores.c.body).where(
                daily_scores.c.tenant == tenant, daily_scores.c.day == day_of(3)
            )
        ).scalar_one()
    lines: list[dict[str, Any]] = unpack(body)["deductions"]
    (line,) = (d for d in lines if d["code"] == code)
    return line


def test_the_job_weighs_late_and_missed_reports_and_names_their_items(client):
    engine = app_engine(client.app)
    seed(engine)
    phones = {t: Phone(actor(Role.WORKER, t), f"phone-{t}") for t in (CLEAN, HIDE, MAJOR)}
    for tenant, phone in phones.items():
        _fail_item_2(phone, tenant, 0)
    _report(phones[HIDE], HIDE, 2, 12)  # 50 h after the 不合格: 迟报
    _report(phones[MAJOR], MAJOR, 0, 11)  # an hour after: in time
    for phone in phones.values():
        phone.sync(engine)

    ScoringJob(engine, ScoringConfig(), FakeClock(moment(4, 1))).score_day(day_of(3))

    missed = _deduction(engine, CLEAN, "missed_report")
    assert missed["points"] == -2.0
    assert missed["detail"].endswith("：“检查项2” 03-02 10:00 勾选不合格，24 小时内未报隐患")
    late = _deduction(engine, HIDE, "late_report")
    assert late["points"] == -1.0
    assert "“防护罩松动” 03-02 10:00 发现，03-04 12:00 才登记（晚 50 小时）" in late["detail"]
    assert _deduction(engine, HIDE, "missed_report")["points"] == 0.0
    for code in ("late_report", "missed_report"):
        assert _deduction(engine, MAJOR, code)["points"] == 0.0
