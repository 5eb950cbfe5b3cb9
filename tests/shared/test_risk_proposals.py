"""A worker's proposal of a risk point: folded the same whatever order its events arrive in."""

from __future__ import annotations

import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from shared.errors import InvalidInput
from shared.events import Event, EventType
from shared.risk_proposals import ProposalStatus, fold_proposal, fold_proposals
from tests.factories import PAYLOADS, Device, foreign_manager, manager, manager2, worker, worker2

E = EventType


def propose(device: Device, proposal: str = "RP1") -> Event:
    return device.event(E.RISK_PROPOSED, proposal, base=0, payload=PAYLOADS[E.RISK_PROPOSED])


def confirm(device: Device, risk: str = "R1", proposal: str = "RP1") -> Event:
    payload = {"risk_id": risk, "note": "已建"}
    return device.event(E.RISK_PROPOSAL_CONFIRMED, proposal, base=1, payload=payload)


def decline(device: Device, reason: str = "已在清单中", proposal: str = "RP1") -> Event:
    payload = {"reason": reason}
    return device.event(E.RISK_PROPOSAL_DECLINED, proposal, base=1, payload=payload)


def test_a_workers_proposal_waits_for_the_manager_with_who_when_device_and_what_they_saw():
    made = propose(Device("w1", worker))
    proposal = fold_proposal([made])
    assert proposal is not None
    assert (proposal.status, proposal.by, proposal.device_id) == (
        ProposalStatus.PENDING,
        "worker1",
        "w1",
    )
    assert (proposal.at, proposal.seen, proposal.post_id) == (made.at, "油烟机管道积油很厚", "P1")
    assert proposal.five_high == "equipment" and proposal.accident_types == ("fire",)


@pytest.mark.parametrize(
    ("answer", "status", "risk_id", "text"),
    [
        (lambda d: confirm(d, "R7"), ProposalStatus.CONFIRMED, "R7", "已建"),
        (lambda d: decline(d, "重复"), ProposalStatus.DECLINED, None, "重复"),
    ],
    ids=["confirmed: it names the risk point it became", "declined: it carries the reason"],
)
def test_the_managers_answer_is_what_the_worker_sees(answer, status, risk_id, text):
    events = [propose(Device("w1", worker)), answer(Device("m1", manager))]
    proposal = fold_proposal(events)
    assert proposal is not None
    assert (proposal.status, proposal.risk_id, proposal.answer, proposal.decided_by) == (
        status,
        risk_id,
        text,
        "manager1",
    )


def test_a_decision_without_its_proposal_is_no_proposal_yet():
    assert fold_proposal([decline(Device("m1", manager))]) is None


@pytest.mark.parametrize(
    "who",
    [worker2, foreign_manager],
    ids=["a worker may not decide", "another enterprise's manager may not decide"],
)
def test_a_decision_by_someone_who_may_not_decide_changes_nothing(who):
    events = [propose(Device("w1", worker)), decline(Device("x1", who))]
    proposal = fold_proposal(events)
    assert proposal is not None and proposal.status is ProposalStatus.PENDING


def test_the_first_decision_stands_when_two_managers_answer_offline():
    one, two = Device("m1", manager), Device("m2", manager2)
    events = [propose(Device("w1", worker)), decline(one, "重复"), confirm(two, "R2")]
    proposal = fold_proposal(events)
    assert proposal is not None and proposal.status is ProposalStatus.DECLINED


def test_proposals_are_told_apart_by_their_id():
    phone = Device("w1", worker)
    events = [propose(phone, "RP1"), propose(phone, "RP2"), decline(Device("m1", manager))]
    folded = fold_proposals(events)
    assert {k: p.status for k, p in folded.items()} == {
        "RP1": ProposalStatus.DECLINED,
        "RP2": ProposalStatus.PENDING,
    }


def test_a_proposal_needs_what_was_seen():
    body = propose(Device("w1", worker)).model_dump(mode="json")
    body["payload"] = {**body["payload"], "seen": ""}
    with pytest.raises(InvalidInput):
        Event.from_wire(body)


@settings(max_examples=60, deadline=None)
@given(seed=st.integers(min_value=0, max_value=10_000))
def test_the_fold_is_the_same_whatever_order_the_events_arrive_in(seed):
    rng = random.Random(seed)
    phones = [Device("w1", worker), Device("m1", manager), Device("m2", manager2)]
    # Clocks skewed either way, so a decision may carry an earlier stamp than its proposal.
    for phone in phones:
        phone.clock_ms += rng.randint(-5_000, 5_000)
    events = [propose(phones[0])]
    for _ in range(rng.randint(0, 4)):
        phone = rng.choice(phones[1:])
        events.append(
            confirm(phone, rng.choice(["R1", "R2"])) if rng.random() < 0.5 else decline(phone)
        )
    shuffled = events[:]
    rng.shuffle(shuffled)
    assert fold_proposal(shuffled) == fold_proposal(events)
    assert fold_proposals(shuffled) == fold_proposals(events)
