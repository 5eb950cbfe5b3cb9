"""A Hypothesis state machine: people act on one hazard in any order the rules allow or not."""

from __future__ import annotations

from hypothesis import settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, rule

from shared.events import Event, EventType
from shared.hazards import Outcome, fold_hazard
from shared.lifecycle import HazardStatus, next_status
from tests.factories import PAYLOADS, Device, inspector, manager, manager2, regulator, worker

E, S = EventType, HazardStatus
PEOPLE = [worker, manager, manager2, inspector, regulator]
ACTIONS = [e for e in EventType if e.value.startswith("hazard.") and e is not E.CONFLICT_RESOLVED]


class HazardLife(RuleBasedStateMachine):
    """Each step one person acts on the latest state; the fold must agree with the table."""

    def __init__(self) -> None:
        super().__init__()
        self.devices: dict[str, Device] = {
            actor.user_id: Device(f"d-{actor.user_id}", actor) for actor in PEOPLE
        }
        grade = "general"
        self.events: list[Event] = [
            self.devices["worker1"].event(
                E.HAZARD_REPORTED, base=0, payload={"title": "t", "grade": grade}
            )
        ]
        self.hazard = fold_hazard(self.events)

    @rule(person=st.sampled_from(PEOPLE), kind=st.sampled_from(ACTIONS), major=st.booleans())
    def act(self, person, kind, major):
        assert self.hazard is not None
        device = self.devices[person.user_id]
        device.saw(self.events)
        payload = dict(PAYLOADS.get(kind, {}))
        if kind is E.HAZARD_REPORTED or kind is E.HAZARD_REGRADED:
            payload["grade"] = "major" if major else "general"
        before = self.hazard
        event = device.event(kind, base=before.version, payload=payload)
        self.events.append(event)
        self.hazard = fold_hazard(self.events)
        assert self.hazard is not None
        entry = self.hazard.timeline[-1]
        assert entry.event_id == event.event_id
        expected = next_status(before.status, kind, before.grade)
        if entry.outcome is Outcome.APPLIED:
            assert expected is not None
            assert self.hazard.status is expected
        else:
            assert entry.outcome is Outcome.REFUSED
            assert self.hazard.status is before.status

    @invariant()
    def every_event_is_in_the_record_once(self):
        assert self.hazard is not None
        assert [e.event_id for e in self.hazard.timeline] == [e.event_id for e in self.events]
        assert self.hazard.version == len(self.events)

    @invariant()
    def an_accepted_or_closed_hazard_has_a_signature_by_someone_else(self):
        assert self.hazard is not None
        if self.hazard.status in (S.ACCEPTED, S.CLOSED):
            assert self.hazard.acceptances
            assert all(s.user_id != self.hazard.rectified_by for s in self.hazard.acceptances)

    @invariant()
    def a_major_hazard_in_work_was_reported_and_planned(self):
        assert self.hazard is not None
        in_work = {S.TO_RECTIFY, S.RECTIFYING, S.AWAITING_ACCEPTANCE, S.ACCEPTED, S.CLOSED}
        reached_work_as_major = (
            any(
                e.outcome is Outcome.APPLIED and e.type is E.HAZARD_ASSIGNED and e.status in in_work
                for e in self.hazard.timeline
            )
            and self.hazard.authority_report is not None
        )
        if reached_work_as_major:
            assert self.hazard.plan_summary is not None

    @invariant()
    def refusals_always_carry_a_reason(self):
        assert self.hazard is not None
        for entry in self.hazard.timeline:
            if entry.outcome is Outcome.REFUSED:
                assert entry.reason_code in {"auth.not_permitted", "hazard.illegal_transition"}

    @invariant()
    def the_fold_of_a_sequential_history_has_no_conflicts(self):
        assert self.hazard is not None
        assert self.hazard.conflicts == ()


HazardLife.TestCase.settings = settings(max_examples=120, stateful_step_count=30, deadline=None)
TestHazardLife = HazardLife.TestCase
