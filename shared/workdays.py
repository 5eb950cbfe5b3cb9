"""Statutory working days (工作日) with the State Council's holidays and 调休 make-up days."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import date, timedelta

from pydantic import BaseModel, ConfigDict


def _days(first: date, last: date) -> Iterator[date]:
    day = first
    while day <= last:
        yield day
        day += timedelta(days=1)


def _span(year: int, month: int, first: int, last: int) -> frozenset[date]:
    return frozenset(_days(date(year, month, first), date(year, month, last)))


class WorkCalendar(BaseModel):
    """Monday to Friday, minus public holidays, plus the weekend days worked instead (调休).

    Years the tables do not cover fall back to plain Monday–Friday, so a missing year makes
    holidays count as working days rather than failing; add each year's notice as it comes.
    """

    model_config = ConfigDict(frozen=True)

    holidays: frozenset[date] = frozenset()
    makeup_days: frozenset[date] = frozenset()

    def is_working_day(self, day: date) -> bool:
        """Whether ``day`` is a 工作日: what the 履职在线 (duty log-in) share is counted over."""
        if day in self.makeup_days:
            return True
        return day.weekday() < 5 and day not in self.holidays

    def working_days(self, days: Iterable[date]) -> list[date]:
        """The working days among ``days``, in the order given."""
        return [day for day in days if self.is_working_day(day)]


CN_HOLIDAYS = frozenset().union(
    # 国办发明电〔2024〕12号, for 2025.
    _span(2025, 1, 1, 1),
    _span(2025, 1, 28, 31),
    _span(2025, 2, 1, 4),
    _span(2025, 4, 4, 6),
    _span(2025, 5, 1, 5),
    _span(2025, 5, 31, 31),
    _span(2025, 6, 1, 2),
    _span(2025, 10, 1, 8),
    # 国务院办公厅 2025-11-04, for 2026.
    _span(2026, 1, 1, 3),
    _span(2026, 2, 15, 23),
    _span(2026, 4, 4, 6),
    _span(2026, 5, 1, 5),
    _span(2026, 6, 19, 21),
    _span(2026, 9, 25, 27),
    _span(2026, 10, 1, 7),
)
"""Public holidays of the State Council's notices for 2025 and 2026."""

CN_MAKEUP_DAYS = frozenset(
    {
        date(2025, 1, 26),
        date(2025, 2, 8),
        date(2025, 4, 27),
        date(2025, 9, 28),
        date(2025, 10, 11),
        date(2026, 1, 4),
        date(2026, 2, 14),
        date(2026, 2, 28),
        date(2026, 5, 9),
        date(2026, 9, 20),
        date(2026, 10, 10),
    }
)
"""Weekend days worked instead of a holiday (调休上班) in the same notices."""

CN_CALENDAR = WorkCalendar(holidays=CN_HOLIDAYS, makeup_days=CN_MAKEUP_DAYS)
"""The mainland calendar for 2025–2026; Monday–Friday for other years."""
