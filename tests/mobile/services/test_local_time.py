"""The schedule counts in China time whatever zone the phone's clock is in."""

from __future__ import annotations

from datetime import UTC, datetime

from mobile.services.local_time import ZONE, aware, local, utc_now


def test_utc_evening_is_the_next_morning_in_china_and_back():
    moment = datetime(2026, 11, 29, 23, 30, tzinfo=UTC)
    assert local(moment) == datetime(2026, 11, 30, 7, 30)
    assert aware(local(moment)) == moment and aware(local(moment)).tzinfo is ZONE


def test_the_default_clock_is_aware_utc():
    assert utc_now().tzinfo is UTC
