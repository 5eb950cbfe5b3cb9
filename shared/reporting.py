"""迟报 and 漏报: how promptly an enterprise turns what it finds into hazard reports.

A hazard found and not registered is invisible to everyone who should act on it, so the score
weighs two failures of reporting, each from what the phone records:

- **迟报**: a 一般隐患 the enterprise registered more than N hours after it was found. It was
  found when its card item was first ticked 不合格 (the earliest 不合格 of the run of them that
  ends at the report) or when its first photo was taken, whichever is earlier. A 重大隐患 has
  its own 24 h rule (``shared.hazard_facts.is_compliant_major``).
- **漏报**: a card item ticked 不合格 that had not become a hazard report of the enterprise
  N hours later. A report made later is no longer 漏报 but 迟报, so no failure counts twice; an
  open report already on the item covers every new 不合格 tick of it.

Everything here is pure: the reasons name the item or hazard and the times, so the enterprise
can see which one cost it points.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from shared.cards import ItemResult
from shared.completion import Ticks
from shared.hazard_facts import HazardView
from shared.ids import ItemId, PostId
from shared.window import Window

LOOKBACK = timedelta(days=7)
"""How far before its report a 不合格 tick or a photo still tells when a hazard was found."""

ItemKey = tuple[PostId, ItemId]


@dataclass(frozen=True, slots=True)
class ReportingFacts:
    """The reporting fields of ``shared.scoring.EnterpriseDayFacts``, same names and meanings."""

    late_reports_30d: int
    late_report_reasons: tuple[str, ...]
    missed_reports_30d: int
    missed_report_reasons: tuple[str, ...]


def _fails_before(ticks: Iterable[Ticks], item: ItemId, until: datetime) -> list[datetime]:
    """The 不合格 ticks of ``item`` in the run of them that ends last before ``until``."""
    results = sorted(
        (tick[1], tick[0])
        for record in ticks
        if (tick := record.ticked.get(item)) is not None and tick[1] <= until
    )
    run: list[datetime] = []
    for at, result in reversed(results):
        if result is not ItemResult.FAIL:
            break
        run.append(at)
    return run


def found_at(
    hazard: HazardView, ticks: Iterable[Ticks], lookback: timedelta = LOOKBACK
) -> datetime | None:
    """When the hazard was found: its item's first 不合格 of the run, or its first photo.

    Only evidence within ``lookback`` before the report counts (an old photo from the album
    says nothing about when this was found); None when there is none.
    """
    since = hazard.reported_at - lookback
    moments = [hazard.first_photo_at] if hazard.first_photo_at is not None else []
    if hazard.item_id is not None:
        moments += _fails_before(ticks, hazard.item_id, hazard.reported_at)
    seen = [at for at in moments if since <= at <= hazard.reported_at]
    return min(seen) if seen else None


def late_report_of(hazard: HazardView, ticks: Iterable[Ticks], within: timedelta) -> str | None:
    """迟报: why this 一般隐患 was reported late, or None if it was not (or is not one)."""
    if hazard.is_major or not hazard.self_reported or not hazard.counts:
        return None
    found = found_at(hazard, ticks)
    if found is None or hazard.reported_at - found <= within:
        return None
    hours = (hazard.reported_at - found) / timedelta(hours=1)
    what = f"“{hazard.title}”" if hazard.title else "隐患"
    return (
        f"{what} {found:%m-%d %H:%M} 发现，{hazard.reported_at:%m-%d %H:%M} 才登记"
        f"（晚 {hours:.0f} 小时）"
    )


def _covers(report: HazardView, ticked_at: datetime) -> bool:
    """The enterprise's report stands for this 不合格 tick: made after it, or open already.

    A report made after the grace still covers the tick (it is then 迟报, not 漏报), up to
    :data:`LOOKBACK` later; one made before covers it only while it stood and was not yet
    accepted: an item fixed and accepted that fails again is a new hazard.
    """
    if not report.self_reported:
        return False
    if report.reported_at > ticked_at:
        return report.reported_at <= ticked_at + LOOKBACK
    return report.counts and (report.accepted_at is None or report.accepted_at > ticked_at)


def missed_report_reasons(
    ticks_by_post: Mapping[PostId, Sequence[Ticks]],
    hazards: Iterable[HazardView],
    window: Window,
    within: timedelta,
    item_names: Callable[[], Mapping[ItemKey, str]],
) -> list[str]:
    """漏报: a reason for each 不合格 tick of the window not reported ``within`` after it.

    A tick whose grace has not yet run out at the day's end is not judged yet. The items'
    names are asked for only when a tick is missed (most nights none is).
    """
    reports: dict[ItemKey, list[HazardView]] | None = None
    late = window.as_of - within
    missed: list[tuple[datetime, ItemKey]] = []
    for post, records in ticks_by_post.items():
        for record in records:
            for item, (result, at) in record.ticked.items():
                if result is not ItemResult.FAIL or not window.contains(at) or at > late:
                    continue
                if reports is None:
                    reports = _reports_by_item(hazards)
                if not any(_covers(r, at) for r in reports.get((post, item), ())):
                    missed.append((at, (post, item)))
    if not missed:
        return []
    names, hours = item_names(), within / timedelta(hours=1)
    return [
        f"“{names.get(key, f'检查项 {key[1]}')}” {at:%m-%d %H:%M} 勾选不合格，"
        f"{hours:g} 小时内未报隐患"
        for at, key in sorted(missed)
    ]


def _reports_by_item(hazards: Iterable[HazardView]) -> dict[ItemKey, list[HazardView]]:
    found: dict[ItemKey, list[HazardView]] = defaultdict(list)
    for hazard in hazards:
        if hazard.post_id is not None and hazard.item_id is not None:
            found[(hazard.post_id, hazard.item_id)].append(hazard)
    return found


def reporting_facts(
    hazards: Iterable[HazardView],
    window: Window,
    ticks_by_post: Mapping[PostId, Sequence[Ticks]],
    within: timedelta,
    item_names: Callable[[], Mapping[ItemKey, str]],
) -> ReportingFacts:
    """Count one enterprise's 迟报 and 漏报 for a day's score.

    Args:
        hazards: Every hazard of the enterprise as it stood at the window's end.
        window: The scored day's window.
        ticks_by_post: The posts' card ticks of the window (and any days before it).
        within: N: how long after finding a hazard its report may come.
        item_names: What each card item checks, by post and item, for the reasons (asked
            for only when there is one to give).

    Returns:
        The counts and their reasons, oldest first.
    """
    stood = [h for h in hazards if h.reported_at < window.as_of]
    late = [
        reason
        for h in sorted(stood, key=lambda h: h.reported_at)
        if window.contains(h.reported_at)
        and (
            reason := late_report_of(
                h, ticks_by_post.get(h.post_id, ()) if h.post_id else (), within
            )
        )
        is not None
    ]
    missed = missed_report_reasons(ticks_by_post, stood, window, within, item_names)
    return ReportingFacts(
        late_reports_30d=len(late),
        late_report_reasons=tuple(late),
        missed_reports_30d=len(missed),
        missed_report_reasons=tuple(missed),
    )
