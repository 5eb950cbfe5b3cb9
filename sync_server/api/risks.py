"""Risk points (风险分级管控): one point's record with its timeline and linked hazards."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path

from shared.protocol import RiskRecord
from shared.text import ONE_LINE
from sync_server.deps import ActorDep, ReaderDep
from sync_server.risk_projection import risk_record

router = APIRouter(prefix="/v1", tags=["risks"])


@router.get("/risks/{risk_id}")
def risk(
    risk_id: Annotated[str, Path(min_length=1, max_length=200), ONE_LINE],
    actor: ActorDep,
    engine: ReaderDep,
) -> RiskRecord:
    """One risk point: its state, every step, its reviews and the hazards it produced.

    Each step says who, when, the grade before and after, and why.

    Scoped like pull: a point outside your scope is 404, as one that does not exist.
    """
    with engine.connect() as conn:
        return risk_record(conn, actor, risk_id)
