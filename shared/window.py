"""The trailing window a day's score looks back over, in naive local time."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, tzinfo

WINDOW_DAYS = 30
"""The contract of ``shared.scoring``: windowed facts cover the 30 days ending with the day."""


@dataclass(frozen=True, slots=True)
class Window:
    """The calendar days ``first``..``day`` (both included) and the moment the day ends.

    ``as_of`` (00:00 after ``day``) is the moment every fact is taken at, whenever the job runs:
    what was stamped later is ignored, so a recompute a month later gives the same facts.
    """

    day: date
    length: int = WINDOW_DAYS

    @property
    def first(self) -> date:
        """The first day of the window."""
        return self.day - timedelta(days=self.length - 1)

    @property
    def start(self) -> datetime:
        """00:00 on the first day: the window's first instant."""
        return datetime.combine(self.first, time())

    @property
    def as_of(self) -> datetime:
        """00:00 after ``day``: the window's end (exclusive) and the moment facts are taken."""
        return datetime.combine(self.day + timedelta(days=1), time())

    def contains(self, moment: datetime) -> bool:
        """Whether a naive local moment falls on one of the window's days."""
        return self.start <= moment < self.as_of

    def days(self) -> Iterator[date]:
        """The window's days, oldest first."""
        for offset in range(self.length):
            yield self.first + timedelta(days=offset)


def local(moment: datetime, zone: tzinfo) -> datetime:
    """A stored moment as naive local wall time, the convention of ``shared.schedule``.

    Aware moments (UTC in storage and on the wire) are converted; naive ones are taken as local
    already, which is how a phone without a zone writes them.
    """
    if moment.tzinfo is None:
        return moment
    return moment.astimezone(zone).replace(tzinfo=None)
