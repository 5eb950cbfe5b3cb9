"""整改要求 of a 整改通知书: 立即整改 or 限期整改, and the deadline that must agree with it.

A notice that says 立即整改 beside a deadline ten days away cannot be enforced: the enterprise
will argue it was given ten days, or that it was never given any. The wording therefore follows
from the deadline, by one rule the phone uses to pick it and the server uses to refuse a pair
that disagrees (code ``notice.demand_mismatch``).

Dates are China's local dates (Asia/Shanghai, no daylight saving): a deadline is the end of a
local day, and "today" is the local day the notice was issued.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone
from enum import StrEnum

from shared.errors import DemandMismatch

__all__ = [
    "CHINA",
    "Demand",
    "check_demand",
    "demand_for",
    "demand_wording",
    "local_day",
]

CHINA = timezone(timedelta(hours=8))
"""Asia/Shanghai as a fixed offset: the day a notice is issued and due is China's."""


class Demand(StrEnum):
    """The two 整改要求 a notice may state."""

    IMMEDIATE = "immediate"  # 立即整改: to be fixed today, on the spot
    BY_DEADLINE = "by_deadline"  # 限期整改: fixed by the date the notice names


def local_day(moment: datetime) -> date:
    """The local (China) date of an aware moment; a naive one is taken as local already."""
    return moment.astimezone(CHINA).date() if moment.tzinfo else moment.date()


def demand_for(issued_on: date, due_on: date | None) -> Demand:
    """The demand a deadline calls for: 立即 when due the day issued (or no later date)."""
    if due_on is None or due_on <= issued_on:
        return Demand.IMMEDIATE
    return Demand.BY_DEADLINE


def demand_wording(demand: Demand, due_on: date | None) -> str:
    """The words printed in the notice's 整改要求 column."""
    if demand is Demand.IMMEDIATE or due_on is None:
        return "立即整改"
    return f"限期整改，于{due_on.year}年{due_on.month}月{due_on.day}日前整改完毕"


def check_demand(demand: Demand, issued_at: datetime, deadline: datetime | None) -> None:
    """Refuse a demand that the deadline contradicts.

    Raises:
        DemandMismatch: 立即整改 with a deadline after the day of issue, or 限期整改 with no
            deadline or one not after the day of issue.
    """
    due_on = None if deadline is None else local_day(deadline)
    expected = demand_for(local_day(issued_at), due_on)
    if demand is not expected:
        shown = "no deadline" if due_on is None else f"a deadline of {due_on.isoformat()}"
        raise DemandMismatch(
            f"{demand.value} does not fit {shown} on a notice issued "
            f"{local_day(issued_at).isoformat()}: {expected.value} does",
            field="payload.demand",
        )
