"""The scoring window: thirty days ending with the scored day, and the moment it ends."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone

from shared.window import Window, local

DAY = date(2026, 11, 29)


def test_the_window_covers_thirty_days_and_ends_at_the_following_midnight():
    window = Window(DAY)
    days = list(window.days())
    assert len(days) == 30 and days[0] == window.first == date(2026, 10, 31) and days[-1] == DAY
    assert window.as_of == datetime(2026, 11, 30)
    assert window.contains(datetime(2026, 10, 31)) and not window.contains(window.as_of)


def test_stored_moments_become_naive_local_time_and_naive_ones_stay():
    shanghai = timezone(timedelta(hours=8))
    assert local(datetime(2026, 11, 29, 16, 30, tzinfo=UTC), shanghai) == datetime(
        2026, 11, 30, 0, 30
    )
    assert local(datetime(2026, 11, 29, 8), shanghai) == datetime(2026, 11, 29, 8)
