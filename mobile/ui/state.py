"""What the UI remembers between renders: ids, the route, drafts and the sync status, no controls.

Every screen is built again from this state and the phone's record, so a language switch, a
sync status change or a return to a half-filled form shows the same thing. Drafts hold what
the worker typed or picked (texts, enum values, photo references); controls never live here.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from mobile.services.checking import Answers
from mobile.services.reporting import HazardReport
from mobile.sync.loop import SyncStatus
from mobile.sync.progress import Progress
from shared.cards import HazardGrade
from shared.geo import Position
from shared.payloads import HazardCategory, PhotoRef
from shared.roles import Actor

__all__ = ["CardDraft", "HazardDraft", "RectifyDraft", "SyncView", "UiState"]


@dataclass
class CardDraft:
    """A card instance being ticked.

    Attributes:
        instance_id: The instance's aggregate id; a draft for another instance is dropped.
        answers: Results, notes and photos entered so far, when and how the card was opened.
        current: The index of the item on screen.
        tried: A submit was refused for missing evidence: the items lacking it say so.
        reveal: The next build scrolls to what the item on screen still lacks (set by the
            refused submit, cleared by the build that shows it).
    """

    instance_id: str
    answers: Answers
    current: int = 0
    tried: bool = False
    reveal: bool = False

    @classmethod
    def opened(
        cls,
        instance_id: str,
        at: datetime,
        *,
        scanned: bool = False,
        location: Position | None = None,
    ) -> CardDraft:
        """A fresh draft for an instance opened at ``at`` (scanned at ``location``, if known)."""
        return cls(instance_id, Answers(started_at=at, scanned=scanned, location=location))


@dataclass
class HazardDraft:
    """The hazard form's fields; made from a failed item or blank.

    Attributes:
        follow_ups: Failed items of the submitted card still to report after this one.
    """

    title: str = ""
    description: str = ""
    grade: HazardGrade = HazardGrade.GENERAL
    category: HazardCategory = HazardCategory.SAFETY
    location: str = ""
    photos: list[PhotoRef] = field(default_factory=list)
    no_photo_reason: str = ""
    origin: HazardReport | None = None  # the pre-fill, for the post/card/item ids
    follow_ups: list[HazardReport] = field(default_factory=list)

    @classmethod
    def from_report(cls, report: HazardReport, follow_ups: list[HazardReport]) -> HazardDraft:
        """A draft pre-filled from a report (a failed card item)."""
        return cls(
            title=report.title,
            description=report.description,
            grade=report.grade,
            category=report.category,
            location=report.location,
            photos=list(report.photos),
            origin=report,
            follow_ups=follow_ups,
        )


@dataclass
class RectifyDraft:
    """The rectification form of one hazard."""

    hazard_id: str
    note: str = ""
    cost: str = ""
    photos: list[PhotoRef] = field(default_factory=list)


@dataclass
class SyncView:
    """The sync loop as the screens show it (written from the sync thread's callbacks)."""

    status: SyncStatus = SyncStatus.IDLE
    error: str | None = None
    progress: Progress | None = None
    last_synced_ms: int | None = None


@dataclass
class UiState:
    """Everything a render needs besides the phone's record.

    Attributes:
        language: ``zh-CN`` (default) or ``en``.
        route: The current path (``mobile.ui.routes``).
        actor: The signed-in user, or None on the sign-in screen.
        sync: The sync loop's status for the banner and the sync screen.
        card: The card being ticked.
        hazard: The hazard form.
        rectify: The rectification form.
        refusal: The message code of the last refused scan, sign-in or photo.
        username: The sign-in form's user name (kept across a failed attempt).
        camera_failed: The camera could not be opened: the scan screen offers the rest.
        kept: What a role's screens keep between renders, by a key of their own: a manager's
            forms, an inspection being filled in, server answers fetched behind a screen.
            It goes with the session, so nothing leaks from one user to the next.
    """

    language: str = "zh-CN"
    route: str = "/"
    actor: Actor | None = None
    sync: SyncView = field(default_factory=SyncView)
    card: CardDraft | None = None
    hazard: HazardDraft | None = None
    rectify: RectifyDraft | None = None
    refusal: str | None = None
    username: str = ""
    camera_failed: bool = False
    kept: dict[str, Any] = field(default_factory=dict)
