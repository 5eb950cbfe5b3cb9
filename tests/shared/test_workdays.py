"""Working days: Monday to Friday, the State Council's holidays off, 调休 weekends on."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from shared.workdays import CN_CALENDAR, WorkCalendar


@pytest.mark.parametrize(
    ("day", "working"),
    [
        (date(2026, 3, 2), True),  # a Monday
        (date(2026, 3, 7), False),  # a Saturday
        (date(2026, 2, 16), False),  # 春节, a Monday
        (date(2026, 2, 14), True),  # 调休: the Saturday before 春节 is worked
        (date(2026, 10, 10), True),  # 调休 after 国庆
        (date(2026, 10, 1), False),  # 国庆
        (date(2025, 1, 26), True),  # 调休, a Sunday
        (date(2025, 10, 8), False),  # 国庆 and 中秋 together
        (date(2030, 5, 1), True),  # a year not in the tables: plain Monday–Friday
    ],
)
def test_the_mainland_calendar_follows_the_notices(day, working):
    assert CN_CALENDAR.is_working_day(day) is working


def test_a_plain_calendar_has_five_working_days_a_week():
    monday = date(2026, 11, 23)
    week = [monday + timedelta(days=n) for n in range(7)]
    assert WorkCalendar().working_days(week) == week[:5]
