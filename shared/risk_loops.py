"""Where the risk loop and the hazard loop meet (三闭环): what a manager is asked to look at.

Pure functions over folded risks, hazards and cards, so the phone's 待办 and the server agree:
a 🟥/🟧 point that no card item checks, the control a failed card item checks, a closed hazard
whose risk point has not been re-assessed, and a control that keeps failing.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

from shared.cards import CheckCard
from shared.hazards import Hazard
from shared.ids import RiskPointId
from shared.lifecycle import HazardStatus
from shared.risk import RiskColour
from shared.risk_register import Risk, RiskStatus

__all__ = [
    "FAILING_CONTROL_COUNT",
    "FAILING_CONTROL_WINDOW",
    "FailingControl",
    "control_checked_by",
    "failing_controls",
    "reassessments_due",
    "uncovered_serious",
]

SERIOUS = frozenset({RiskColour.RED, RiskColour.ORANGE})
FAILING_CONTROL_COUNT = 3
"""This many hazards from one control measure …"""
FAILING_CONTROL_WINDOW = timedelta(days=90)
"""… within this long mark it as a control that does not work."""


def uncovered_serious(risks: Iterable[Risk], cards: Iterable[CheckCard]) -> list[Risk]:
    """Active 🟥/🟧 points none of whose measures is checked by an item of a card in use.

    A link to an item that a later card version dropped covers nothing: the check is gone.
    """
    items = {(card.id, item.id) for card in cards for item in card.items}
    return [
        risk
        for risk in risks
        if risk.status is RiskStatus.ACTIVE
        and risk.grade.colour in SERIOUS
        and not (risk.checked_items() & items)
    ]


def control_checked_by(
    risks: Iterable[Risk], card_id: str, item_id: str
) -> tuple[RiskPointId, str] | None:
    """The risk point and measure a card item checks: a failed tick is that control failing.

    Should several measures name the item, the gravest point's first measure is taken, so the
    hazard goes where the consequences are worst.
    """
    found = [
        (risk, measure.id)
        for risk in risks
        if risk.status is RiskStatus.ACTIVE
        for measure in risk.measures
        if any(link.card_id == card_id and link.item_id == item_id for link in measure.checks)
    ]
    if not found:
        return None
    order = [RiskColour.RED, RiskColour.ORANGE, RiskColour.YELLOW, RiskColour.BLUE]
    risk, measure_id = min(found, key=lambda pair: order.index(pair[0].grade.colour))
    return risk.id, measure_id


def reassessments_due(hazards: Iterable[Hazard], risks: dict[RiskPointId, Risk]) -> list[Hazard]:
    """Closed hazards of a failed control whose risk point nobody has re-assessed since.

    Closing the hazard fixes the instance; the manager must still say whether the grade and
    the measures hold (keep, regrade, or add a measure), once per hazard.
    """
    due = []
    for hazard in hazards:
        risk = risks.get(hazard.risk_id) if hazard.risk_id is not None else None
        if hazard.status is not HazardStatus.CLOSED or risk is None:
            continue
        answered = {mark.hazard_id for mark in risk.reassessments}
        if risk.status is RiskStatus.ACTIVE and hazard.id not in answered:
            due.append(hazard)
    return due


@dataclass(frozen=True)
class FailingControl:
    """A control measure that produced too many hazards lately (a control that does not work)."""

    risk_id: RiskPointId
    measure_id: str
    hazard_ids: tuple[str, ...]


def failing_controls(hazards: Iterable[Hazard], now: datetime) -> list[FailingControl]:
    """Measures with ``FAILING_CONTROL_COUNT`` or more hazards reported in the last 90 days.

    Voided hazards were mistakes and do not count; closed ones do (it failed all the same).
    """
    since = now - FAILING_CONTROL_WINDOW
    grouped: dict[tuple[RiskPointId, str], list[str]] = {}
    for hazard in hazards:
        if hazard.risk_id is None or hazard.measure_id is None:
            continue
        if hazard.status is HazardStatus.VOIDED or not since < hazard.reported_at <= now:
            continue
        grouped.setdefault((hazard.risk_id, hazard.measure_id), []).append(hazard.id)
    return [
        FailingControl(risk_id=risk_id, measure_id=measure_id, hazard_ids=tuple(sorted(ids)))
        for (risk_id, measure_id), ids in sorted(grouped.items())
        if len(ids) >= FAILING_CONTROL_COUNT
    ]
