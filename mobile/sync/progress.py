"""Progress reports for the sync status line: events n of m, photo bytes n of m."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from enum import StrEnum

__all__ = ["Progress", "ProgressCallback", "Stage", "SyncReport", "ignore_progress"]


class Stage(StrEnum):
    """What a sync round is doing."""

    PHOTOS = "photos"  # uploading: done/total are bytes of the photo being sent
    PUSH = "push"  # sending events: done/total are events
    PULL = "pull"  # receiving events: done is events so far, total unknown (None)


@dataclass(frozen=True)
class Progress:
    """One step of progress; ``total`` is None when not known in advance."""

    stage: Stage
    done: int
    total: int | None
    photo: str | None = None  # the sha256 of the photo being sent


ProgressCallback = Callable[[Progress], None]
"""Called from the sync thread; a UI marshals it to its own thread."""


def ignore_progress(_: Progress) -> None:
    """The default callback: no one is watching."""


@dataclass
class SyncReport:
    """What one sync round did, for the status line and the log."""

    photos_sent: int = 0
    photos_skipped: int = 0  # already verified on the server
    photos_refused: dict[str, str] = field(default_factory=dict)  # sha256 -> error code
    photos_deleted: int = 0
    pushed: dict[str, int] = field(default_factory=dict)  # push status -> count
    pulled: int = 0
    cards_defined: int = 0  # card.defined (or workshop.defined) pulled: reference read again
    reference_updated: bool = False
    library_updated: bool = False  # the standards library changed and was downloaded
