"""What a day's score needs from hazards: found, fixed in time, overdue, concealed (瞒报).

Each hazard is first reduced to a :class:`HazardView` of its state at the window's end (the
caller folds it from the events stamped by then), then counted by the rules of handbook §4.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, tzinfo

from shared.cards import HazardGrade, ItemResult
from shared.completion import Ticks
from shared.events import EventType
from shared.hazards import APPLIED_LIKE, Hazard
from shared.ids import HazardId, ItemId, PostId
from shared.lifecycle import FINISHED, HazardStatus
from shared.payloads import HazardSource
from shared.roles import Role
from shared.window import Window, local
from shared.workdays import WorkCalendar

S = HazardStatus
E = EventType
ENTERPRISE_ROLES = frozenset({Role.WORKER, Role.SAFETY_MANAGER})
"""Who reports a hazard the enterprise found itself."""
MAJOR_REPORT_WITHIN = timedelta(hours=24)
"""A 重大隐患 is reported to the authority within 24 h of becoming major."""
MAJOR_PLAN_WORKING_DAYS = 5
"""... and has its 治理方案 within 5 working days."""


@dataclass(frozen=True, slots=True)
class HazardView:
    """The facts of one hazard the rules read, in naive local time."""

    id: HazardId
    grade: HazardGrade
    status: HazardStatus
    source: HazardSource
    reporter_role: Role
    reported_at: datetime
    post_id: PostId | None
    item_id: ItemId | None
    deadline: datetime | None
    """The earlier of the rectification and the authority's deadline."""
    accepted_at: datetime | None
    """The last 验收 that stood."""
    major_since: datetime
    """When it became a 重大隐患 (reported so, or regraded); meaningless for a 一般隐患."""
    authority_reported_at: datetime | None
    plan_attached_at: datetime | None
    confirmed_by_inspector: bool
    """An inspector acted on it: a 网格员 confirmed it is real."""
    title: str = ""
    """What was found, for the reason a rule gives (瞒报 names the hazard)."""
    first_photo_at: datetime | None = None
    """When the earliest of its before-photos was taken, if the phone said: a sign of when it
    was found (迟报, ``shared.reporting``)."""

    @classmethod
    def of(cls, hazard: Hazard, zone: tzinfo) -> HazardView:
        """Read the view off a folded hazard."""
        stood = [e for e in hazard.timeline if e.outcome in APPLIED_LIKE]

        def last(kind: EventType) -> datetime | None:
            times = [local(e.at, zone) for e in stood if e.type is kind]
            return times[-1] if times else None

        taken = [local(p.taken_at, zone) for p in hazard.photos_before if p.taken_at is not None]
        deadlines = [d for d in (hazard.deadline, hazard.supervision_deadline) if d is not None]
        reported_at = local(hazard.reported_at, zone)
        return cls(
            id=hazard.id,
            grade=hazard.grade,
            status=hazard.status,
            source=hazard.source,
            reporter_role=hazard.timeline[0].actor.role,
            reported_at=reported_at,
            post_id=hazard.post_id,
            item_id=hazard.item_id,
            deadline=local(min(deadlines), zone) if deadlines else None,
            accepted_at=last(E.HAZARD_ACCEPTED),
            major_since=last(E.HAZARD_REGRADED) or reported_at,
            authority_reported_at=last(E.HAZARD_MAJOR_REPORTED),
            plan_attached_at=last(E.HAZARD_PLAN_ATTACHED),
            confirmed_by_inspector=any(e.actor.role is Role.INSPECTOR for e in stood),
            title=hazard.title,
            first_photo_at=min(taken, default=None),
        )

    @property
    def counts(self) -> bool:
        """Voided hazards were mistakes: they count nowhere."""
        return self.status is not S.VOIDED

    @property
    def self_reported(self) -> bool:
        """Found by the enterprise itself (its cards and patrols), not by enforcement."""
        return (
            self.source is not HazardSource.ENFORCEMENT and self.reporter_role in ENTERPRISE_ROLES
        )

    @property
    def is_major(self) -> bool:
        """A 重大隐患 at the window's end."""
        return self.grade is HazardGrade.MAJOR

    def overdue(self, now: datetime) -> bool:
        """Past its deadline and neither finished nor waiting for 验收."""
        open_work = self.status not in FINISHED and self.status is not S.AWAITING_ACCEPTANCE
        return open_work and self.deadline is not None and now > self.deadline


@dataclass(frozen=True, slots=True)
class HazardFacts:
    """The hazard fields of ``shared.scoring.EnterpriseDayFacts``, same names and meanings."""

    valid_self_reported_hazards_30d: int
    days_since_last_self_reported_hazard: int | None
    hazards_due_30d: int
    hazards_closed_on_time_30d: int
    major_hazards_30d: int
    major_hazards_compliant_30d: int
    overdue_general_hazards: int
    overdue_major_hazards: int
    concealments_30d: int
    unreported_majors_found_30d: int
    concealment_reasons: tuple[str, ...]


def plan_deadline(since: datetime, calendar: WorkCalendar) -> datetime:
    """The end of the 5th working day after the day a hazard became major."""
    day, counted = since.date(), 0
    while counted < MAJOR_PLAN_WORKING_DAYS:
        day += timedelta(days=1)
        counted += calendar.is_working_day(day)
    return datetime.combine(day + timedelta(days=1), time())


def _in_time(done: datetime | None, due: datetime, now: datetime) -> bool:
    """Done by ``due``, or not done yet while ``due`` has not passed."""
    return done <= due if done is not None else now <= due


def is_compliant_major(hazard: HazardView, now: datetime, calendar: WorkCalendar) -> bool:
    """Reported within 24 h and planned within 5 working days, or still inside both."""
    report_due = hazard.major_since + MAJOR_REPORT_WITHIN
    plan_due = plan_deadline(hazard.major_since, calendar)
    return _in_time(hazard.authority_reported_at, report_due, now) and _in_time(
        hazard.plan_attached_at, plan_due, now
    )


def concealment_of(
    finding: HazardView, ticks: Iterable[Ticks], within: timedelta = timedelta(days=7)
) -> str | None:
    """瞒报: why this finding conceals, or None.

    An inspector found it on a card item the post ticked 合格 within ``within`` before; the
    reason names the hazard and the last such tick, so the enterprise can see which one.
    """
    if finding.source is not HazardSource.ENFORCEMENT or finding.item_id is None:
        return None
    since = finding.reported_at - within
    passes = (record.ticked.get(finding.item_id) for record in ticks)
    ticked = [
        tick[1]
        for tick in passes
        if tick is not None
        and tick[0] is ItemResult.PASS
        and since <= tick[1] < finding.reported_at
    ]
    if not ticked:
        return None
    what = f"“{finding.title}”" if finding.title else "该项"
    return (
        f"{max(ticked):%m-%d %H:%M} 检查卡勾选合格，"
        f"{finding.reported_at:%m-%d %H:%M} 执法检查发现{what}不合格"
    )


def is_concealment(
    finding: HazardView, ticks: Iterable[Ticks], within: timedelta = timedelta(days=7)
) -> bool:
    """瞒报: an inspector found it on a card item the enterprise ticked 合格 shortly before."""
    return concealment_of(finding, ticks, within) is not None


def _reported_first(own: HazardView, finding: HazardView) -> bool:
    """The enterprise's own 重大隐患 is this finding: registered before it.

    On the same post (and item, where both name one), and not already fixed when the
    inspector came: an old, closed 重大隐患 on the post does not excuse a new one.
    """
    same_item = own.item_id is None or finding.item_id is None or own.item_id == finding.item_id
    still_open = own.accepted_at is None or own.accepted_at >= finding.reported_at
    return (
        own.post_id is not None
        and own.post_id == finding.post_id
        and same_item
        and own.reported_at < finding.reported_at
        and still_open
    )


def _unreported(finding: HazardView, own_majors: Sequence[HazardView]) -> bool:
    """不报: an enforcement 重大隐患 the enterprise had not registered as major itself first."""
    return not any(_reported_first(own, finding) for own in own_majors)


def _days_since_last(own: Sequence[HazardView], day: date) -> int | None:
    if not own:
        return None
    return (day - max(h.reported_at for h in own).date()).days


def hazard_facts(
    hazards: Iterable[HazardView],
    window: Window,
    calendar: WorkCalendar,
    ticks_by_post: Mapping[PostId, Sequence[Ticks]],
) -> HazardFacts:
    """Count one enterprise's hazards for a day's score.

    Args:
        hazards: Every hazard of the enterprise as it stood at the window's end.
        window: The scored day's window.
        calendar: Working days, for the 5-working-day plan deadline of a 重大隐患.
        ticks_by_post: The posts' card ticks of the window and the 7 days before it.

    Returns:
        The counts, each as the scoring contract defines it.
    """
    now = window.as_of
    counted = [h for h in hazards if h.counts and h.reported_at < now]
    own = [h for h in counted if h.self_reported]
    recent = [h for h in counted if window.contains(h.reported_at)]
    due = [h for h in counted if h.deadline is not None and window.contains(h.deadline)]
    majors = [h for h in recent if h.is_major]
    found = [h for h in recent if h.source is HazardSource.ENFORCEMENT]
    own_majors = [h for h in own if h.is_major]
    concealed = [
        reason
        for h in found
        if h.post_id is not None
        and (reason := concealment_of(h, ticks_by_post.get(h.post_id, ()))) is not None
    ]
    return HazardFacts(
        valid_self_reported_hazards_30d=sum(
            1
            for h in own
            if window.contains(h.reported_at)
            and (h.accepted_at is not None or h.confirmed_by_inspector)
        ),
        days_since_last_self_reported_hazard=_days_since_last(own, window.day),
        hazards_due_30d=len(due),
        hazards_closed_on_time_30d=sum(
            1
            for h in due
            if h.status in (S.ACCEPTED, S.CLOSED)
            and h.accepted_at is not None
            and h.deadline is not None
            and h.accepted_at <= h.deadline
        ),
        major_hazards_30d=len(majors),
        major_hazards_compliant_30d=sum(is_compliant_major(h, now, calendar) for h in majors),
        overdue_general_hazards=sum(h.overdue(now) for h in counted if not h.is_major),
        overdue_major_hazards=sum(h.overdue(now) for h in counted if h.is_major),
        concealments_30d=len(concealed),
        unreported_majors_found_30d=sum(_unreported(h, own_majors) for h in found if h.is_major),
        concealment_reasons=tuple(concealed),
    )
