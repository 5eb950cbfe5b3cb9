"""The enterprise's wall clock: the schedule counts days in China time, whatever the phone says.

``shared.schedule`` works on naive local times (Asia/Shanghai, no daylight saving), so the
phone converts its aware UTC clock before asking what is due, and back for anything it stores.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

__all__ = ["ZONE", "aware", "local", "utc_now"]

ZONE = timezone(timedelta(hours=8))
"""Asia/Shanghai as a fixed offset: China has no daylight saving, and a phone may lack tzdata."""


def utc_now() -> datetime:
    """The phone's clock as an aware UTC datetime (the default clock of the screens)."""
    return datetime.now(UTC)


def local(moment: datetime) -> datetime:
    """An aware moment as naive local time, the way ``shared.schedule`` counts."""
    return moment.astimezone(ZONE).replace(tzinfo=None)


def aware(naive_local: datetime) -> datetime:
    """A naive local time as an aware datetime, for payloads and display."""
    return naive_local.replace(tzinfo=ZONE)
