"""The regulator's hand from the phone, against the real server on loopback (issue 18).

regulator1's phone folds no events: it reads the hazard's record from the server, places the
挂牌督办, and the enterprise's manager sees it on their phone; once the manager closes it, the
regulator confirms the closure. A refutation makes the manager's hazard a 一般隐患.
"""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from mobile.services.actions import Action, record_action
from mobile.services.managing import Assignment, Plan, Refused, accept, assign, attach_plan, close
from mobile.services.oversight import (
    Supervision,
    lift_supervision,
    oversight_steps,
    pending_steps,
    read_overseen,
    review_major,
    supervise,
)
from mobile.wiring import Phone
from shared.cards import HazardGrade
from shared.events import EventType
from shared.ids import TenantId
from shared.lifecycle import HazardStatus
from shared.payloads import MajorVerdict
from sync_server.demo import KITCHEN
from tests.mobile.sync.phones import actor_of

E, S = EventType, HazardStatus
NOW = datetime(2026, 11, 2, 8, 0, tzinfo=UTC)  # the phones' clock in these tests is their own


def reported_major(manager: Phone, hazard_id: str) -> None:
    """The manager reports a 重大隐患 and reports it to the authority, then syncs."""
    me, kitchen = actor_of(manager), TenantId(KITCHEN)
    payload = {"title": "液化气瓶与明火同室", "grade": "major", "no_photo_reason": "不便拍照"}
    record_action(manager.record, Action(me, kitchen, hazard_id, E.HAZARD_REPORTED, payload))
    told = {"authority": "海港区应急管理局"}
    record_action(manager.record, Action(me, kitchen, hazard_id, E.HAZARD_MAJOR_REPORTED, told))
    assert manager.engine.sync_once().pushed == {"accepted": 2}


def test_regulator1_places_a_supervision_that_manager1_then_sees(server, phones):
    manager, regulator = phones.new("m", "manager1"), phones.new("r", "regulator1")
    reported_major(manager, "H-SUP")
    seen = read_overseen(regulator.reads, "H-SUP")
    assert seen is not None and seen.hazard.status is S.REPORTED
    assert oversight_steps(seen.hazard, actor_of(regulator)) == {
        E.HAZARD_SUPERVISED,
        E.HAZARD_MAJOR_REVIEWED,
    }
    form = Supervision("市级", "2099-12-31", "海港区应急管理局", "限期整改")
    supervise(regulator.record, actor_of(regulator), seen.hazard, form, NOW)
    assert regulator.engine.sync_once().pushed == {"accepted": 1}

    manager.engine.sync_once()
    hazard = manager.record.projections.hazard("H-SUP")
    assert hazard is not None
    assert (hazard.status, hazard.supervision_level) == (S.SUPERVISED, "市级")
    assert hazard.supervision_unit == "海港区应急管理局"
    again = read_overseen(regulator.reads, "H-SUP")
    assert again is not None and pending_steps(regulator.record, again) == frozenset()
    assert E.HAZARD_SUPERVISED not in oversight_steps(again.hazard, actor_of(regulator))


def test_a_refutation_from_the_phone_makes_the_managers_hazard_general(server, phones):
    manager, regulator = phones.new("m", "manager1"), phones.new("r", "regulator1")
    reported_major(manager, "H-REF")
    seen = read_overseen(regulator.reads, "H-REF")
    assert seen is not None
    with pytest.raises(Refused):  # a reason is required
        review_major(regulator.record, actor_of(regulator), seen.hazard, MajorVerdict.REFUTED, " ")
    review_major(
        regulator.record, actor_of(regulator), seen.hazard, MajorVerdict.REFUTED, "现场核实为一般"
    )
    regulator.engine.sync_once()
    manager.engine.sync_once()
    hazard = manager.record.projections.hazard("H-REF")
    assert hazard is not None
    assert (hazard.status, hazard.grade) == (S.REGISTERED, HazardGrade.GENERAL)
    assert hazard.major_reviews[-1].by.user_id == "regulator1"


def test_the_regulator_confirms_the_closure_only_after_销号(server, phones):
    manager, regulator = phones.new("m", "manager1"), phones.new("r", "regulator1")
    worker = phones.new("w", "worker1")
    reported_major(manager, "H-LIFT")
    seen = read_overseen(regulator.reads, "H-LIFT")
    assert seen is not None
    form = Supervision("县级", "2099-12-31")
    supervise(regulator.record, actor_of(regulator), seen.hazard, form, NOW)
    regulator.engine.sync_once()
    seen = read_overseen(regulator.reads, "H-LIFT")
    assert seen is not None
    with pytest.raises(Refused):  # not closed yet
        lift_supervision(regulator.record, actor_of(regulator), seen.hazard)
    # The enterprise takes it to 销号: plan, assign, the worker fixes, the manager accepts.
    me = actor_of(manager)
    manager.engine.sync_once()
    attach_plan(manager.record, me, "H-LIFT", Plan("分区存放", "2099-12-01"), NOW)
    assign(manager.record, me, "H-LIFT", Assignment("worker1", "2099-12-01"), NOW)
    manager.engine.sync_once()
    worker.engine.sync_once()
    rectify = Action(actor_of(worker), TenantId(KITCHEN), "H-LIFT", E.HAZARD_RECTIFIED, {})
    record_action(worker.record, rectify)
    worker.engine.sync_once()
    manager.engine.sync_once()
    accept(manager.record, me, "H-LIFT")
    close(manager.record, me, "H-LIFT")
    manager.engine.sync_once()

    seen = read_overseen(regulator.reads, "H-LIFT")
    assert seen is not None and seen.hazard.awaits_authority()
    lift_supervision(regulator.record, actor_of(regulator), seen.hazard, "现场核查已整改到位")
    assert regulator.engine.sync_once().pushed == {"accepted": 1}
    manager.engine.sync_once()
    hazard = manager.record.projections.hazard("H-LIFT")
    assert hazard is not None
    assert hazard.supervision_lifted_by == "regulator1"
    assert not hazard.awaits_authority()
