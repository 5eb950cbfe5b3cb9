"""The risk loop's 待办 of one enterprise on the server, by the phone's own pure functions.

A manager whose phone was offline, or a grid inspector, sees what the phone's 待办 shows: 🟥/🟧
points no card item checks, closed hazards whose point awaits re-assessment, and controls that
failed three times in 90 days. Reads only that enterprise's rows (risks, cards, hazards).
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Connection, select

from shared.cards import CheckCard
from shared.hazards import Hazard
from shared.protocol import FailingControlDue, ReassessmentDue, RiskLoopDue, UncoveredRisk
from shared.risk_loops import failing_controls, reassessments_due, uncovered_serious
from shared.risk_register import Risk
from shared.text import STORED
from sync_server.schema import hazards, reference, risks

__all__ = ["risk_loop_due"]


def risk_loop_due(conn: Connection, tenant: str, now: datetime) -> RiskLoopDue:
    """What the risk loop asks of ``tenant``'s manager at ``now``."""
    folded = {
        row.id: Risk.model_validate(row.body, context=STORED)
        for row in conn.execute(select(risks.c.id, risks.c.body).where(risks.c.tenant == tenant))
    }
    cards = [
        CheckCard.model_validate(row.body, context=STORED)
        for row in conn.execute(
            select(reference.c.body).where(reference.c.kind == "card", reference.c.tenant == tenant)
        )
    ]
    found = [
        Hazard.model_validate(row.body, context=STORED)
        for row in conn.execute(select(hazards.c.body).where(hazards.c.tenant == tenant))
    ]
    by_id = {risk.id: risk for risk in folded.values()}
    return RiskLoopDue(
        tenant=tenant,
        as_of=now,
        uncovered=[
            UncoveredRisk(risk_id=r.id, name=r.name, colour=r.grade.colour)
            for r in sorted(uncovered_serious(by_id.values(), cards), key=lambda r: (r.name, r.id))
        ],
        reassess=[
            ReassessmentDue(
                hazard_id=h.id, title=h.title, risk_id=h.risk_id, risk_name=by_id[h.risk_id].name
            )
            for h in reassessments_due(found, by_id)
            if h.risk_id is not None
        ],
        failing=[
            FailingControlDue(
                risk_id=control.risk_id,
                risk_name=by_id[control.risk_id].name,
                measure_id=control.measure_id,
                measure=_measure_text(by_id[control.risk_id], control.measure_id),
                hazard_ids=list(control.hazard_ids),
            )
            for control in failing_controls(found, now)
            if control.risk_id in by_id
        ],
    )


def _measure_text(risk: Risk, measure_id: str) -> str:
    return next((m.text for m in risk.measures if m.id == measure_id), measure_id)
