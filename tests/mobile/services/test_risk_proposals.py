"""A worker's risk proposal on the phone: saved at once, in the manager's 待办 until answered."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from mobile.local_record import LocalRecord
from mobile.services.risk_loop import risk_todos
from mobile.services.risk_proposals import (
    ProposalDraft,
    confirm_proposal,
    decline_proposal,
    local_proposals,
    open_proposals,
    propose_risk,
)
from shared.errors import InvalidInput
from shared.payloads import RiskSubject
from shared.risk import AccidentType, FiveHigh
from shared.risk_proposals import ProposalStatus
from tests.mobile.world import KITCHEN, MANAGER, WORKER

NOW = datetime(2026, 12, 1, 9, tzinfo=UTC)
GREASE = ProposalDraft(
    subject=RiskSubject.EQUIPMENT,
    seen="  油烟机管道积油很厚  ",
    post_id="P-STOVE",
    five_high=FiveHigh.EQUIPMENT,
    accident_types=(AccidentType.FIRE,),
)


def test_a_workers_proposal_is_saved_and_waits_in_the_managers_todo(kitchen: LocalRecord):
    made = propose_risk(kitchen, WORKER, GREASE)
    assert made.payload["seen"] == "油烟机管道积油很厚"
    [waiting] = open_proposals(kitchen, KITCHEN)
    assert (waiting.id, waiting.by, waiting.post_id) == (made.aggregate.id, "worker1", "P-STOVE")
    assert risk_todos(kitchen, kitchen.store, MANAGER, NOW).proposals == (waiting,)


@pytest.mark.parametrize(
    ("answer", "status"),
    [
        (lambda r, p: confirm_proposal(r, MANAGER, p, "R-KITCHEN-GAS"), ProposalStatus.CONFIRMED),
        (lambda r, p: decline_proposal(r, MANAGER, p, "已在清单中"), ProposalStatus.DECLINED),
    ],
    ids=["confirmed", "declined"],
)
def test_an_answered_proposal_leaves_the_todo_and_shows_its_answer(kitchen, answer, status):
    proposal = propose_risk(kitchen, WORKER, GREASE).aggregate.id
    answer(kitchen, proposal)
    assert open_proposals(kitchen, KITCHEN) == []
    assert [p.status for p in local_proposals(kitchen, KITCHEN)] == [status]
    assert risk_todos(kitchen, kitchen.store, MANAGER, NOW).proposals == ()


@pytest.mark.parametrize(
    "draft",
    [
        ProposalDraft(subject=RiskSubject.PLACE, seen="   "),
        ProposalDraft(subject=RiskSubject.PLACE, seen="看" * 5000),
    ],
    ids=["nothing said of what was seen", "too long"],
)
def test_a_proposal_that_does_not_fit_saves_nothing(kitchen: LocalRecord, draft):
    with pytest.raises(InvalidInput):
        propose_risk(kitchen, WORKER, draft)
    assert kitchen.pending() == []


def test_a_decline_needs_a_reason(kitchen: LocalRecord):
    proposal = propose_risk(kitchen, WORKER, GREASE).aggregate.id
    with pytest.raises(InvalidInput):
        decline_proposal(kitchen, MANAGER, proposal, "  ")
    assert len(open_proposals(kitchen, KITCHEN)) == 1
