"""The merge service under resends and across enterprises: what the chaos simulation found.

Each test here is a bug the simulation (``tests/chaos``) turned up, pinned on its own.
"""

from __future__ import annotations

import itertools
import time
from datetime import timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from shared.events import Event, EventType
from shared.hazards import fold_hazard
from shared.hlc import MAX_AHEAD_MS, Hlc
from shared.ids import GridUnitId, UserId
from shared.roles import Actor, Role
from shared.schedule import card_instance_id
from sync_server import merge
from sync_server.demo import KITCHEN, LATHES, seed_demo
from sync_server.schema import audit, devices, events, hazards, quarantine
from tests.factories import T0, Device

E = EventType
WORKER = Actor(user_id=UserId("worker1"), role=Role.WORKER, tenant=KITCHEN)
MANAGER = Actor(user_id=UserId("manager1"), role=Role.SAFETY_MANAGER, tenant=KITCHEN)
LATHE_WORKER = Actor(user_id=UserId("worker2"), role=Role.WORKER, tenant=LATHES)
INSPECTOR = Actor(user_id=UserId("inspector1"), role=Role.INSPECTOR, grid_unit=GridUnitId("X-HG"))


@pytest.fixture
def world(app):
    with app.state.engine.begin() as conn:
        seed_demo(conn)
    return app


def sign_in(client: TestClient, username: str) -> dict[str, str]:
    answer = client.post("/v1/auth/login", json={"username": username, "password": "demo1234"})
    return {"authorization": f"Bearer {answer.json()['access_token']}"}


def push(
    client: TestClient,
    username: str,
    device: str,
    batch: list[Event],
    headers: dict[str, str] | None = None,
) -> Any:
    body = {"device_id": device, "events": [event.model_dump(mode="json") for event in batch]}
    headers = headers or sign_in(client, username)
    answer = client.post("/v1/sync/push", json=body, headers=headers)
    assert answer.status_code == 200, answer.text
    return answer.json()


def answers(answer: Any) -> list[tuple[str, str | None]]:
    return [(result["status"], result["code"]) for result in answer["results"]]


def count(app, table, *where) -> int:
    with app.state.engine.connect() as conn:
        return int(conn.execute(select(func.count()).select_from(table).where(*where)).scalar_one())


def test_a_refused_event_resent_after_a_lost_answer_is_refused_again_and_kept_once(world, client):
    assign = Device("phone-w", WORKER, tenant=KITCHEN).event(E.HAZARD_ASSIGNED, base=0)
    first = push(client, "worker1", "phone-w", [assign])
    again = push(client, "worker1", "phone-w", [assign, assign])
    assert answers(again) == answers(first) * 2 == [("rejected", "auth.not_permitted")] * 2
    assert count(world, quarantine) == 1
    assert count(world, audit, audit.c.action == "event.quarantined") == 1


def test_an_id_conflict_resent_is_answered_the_same_and_kept_once(world, client):
    phone = Device("phone-w", WORKER, tenant=KITCHEN)
    report = phone.event(E.HAZARD_REPORTED, base=0)
    push(client, "worker1", "phone-w", [report])
    forged = report.model_copy(update={"payload": {"title": "改过的标题"}})
    assert answers(push(client, "worker1", "phone-w", [forged])) == [
        ("id_conflict", "sync.id_conflict")
    ]
    assert answers(push(client, "worker1", "phone-w", [forged])) == [
        ("id_conflict", "sync.id_conflict")
    ]
    assert count(world, quarantine) == 1


def test_a_refused_event_is_no_gap_in_its_devices_sequence(world, client):
    phone = Device("phone-w", WORKER, tenant=KITCHEN)
    report = phone.event(E.HAZARD_REPORTED, "H1", base=0)
    refused = phone.event(E.HAZARD_CLOSED, "H1", base=1)  # a worker may not close
    note = phone.event(E.HAZARD_ANNOTATED, "H1", base=2, payload={"note": "补充"})
    answer = push(client, "worker1", "phone-w", [report, refused, note])
    assert [status for status, _ in answers(answer)] == ["accepted", "rejected", "accepted"]
    assert (answer["device_max_seq"], answer["missing_seqs"]) == (3, [])
    status = client.get("/v1/devices/phone-w", headers=sign_in(client, "worker1")).json()
    assert (status["seq_count"], status["missing_seqs"]) == (3, [])


def test_a_gap_after_a_refused_event_is_still_reported(world, client):
    phone = Device("phone-w", WORKER, tenant=KITCHEN)
    report, refused, _lost, note = (
        phone.event(E.HAZARD_REPORTED, "H1", base=0),
        phone.event(E.HAZARD_CLOSED, "H1", base=1),
        phone.event(E.HAZARD_ANNOTATED, "H1", base=2, payload={"note": "丢了"}),
        phone.event(E.HAZARD_ANNOTATED, "H1", base=3, payload={"note": "补充"}),
    )
    answer = push(client, "worker1", "phone-w", [report, refused, note])
    assert (answer["device_max_seq"], answer["missing_seqs"]) == (4, [3])


def test_a_held_event_resent_after_a_lost_answer_is_answered_held_again(world, client):
    assign = Device("phone-m", MANAGER, tenant=KITCHEN).event(E.HAZARD_ASSIGNED, "H9", base=1)
    assert answers(push(client, "manager1", "phone-m", [assign])) == [("held", None)]
    assert answers(push(client, "manager1", "phone-m", [assign])) == [("held", None)]
    assert count(world, events) == 1


def test_an_event_filed_under_another_enterprise_on_a_record_is_refused(world, client):
    report = Device("phone-w", WORKER, tenant=KITCHEN).event(E.HAZARD_REPORTED, "H1", base=0)
    push(client, "worker1", "phone-w", [report])
    inspector = Device("phone-i", INSPECTOR, tenant=LATHES)  # in the inspector's scope too
    note = inspector.event(E.HAZARD_ANNOTATED, "H1", base=1, payload={"note": "记在别家"})
    stolen = inspector.event(E.HAZARD_REPORTED, "H1", base=0)
    answer = push(client, "inspector1", "phone-i", [note, stolen])
    assert answers(answer) == [("rejected", "auth.not_permitted")] * 2
    with world.state.engine.connect() as conn:
        body = conn.execute(select(hazards.c.body)).scalar_one()
    assert (body["tenant"], body["version"]) == (KITCHEN, 1)  # the kitchen's phones agree


def test_two_enterprises_cannot_share_a_new_record_within_one_batch(world, client):
    inspector = Device("phone-i", INSPECTOR, tenant=KITCHEN)
    first = inspector.event(E.HAZARD_REPORTED, "H-NEW", base=0)
    inspector.tenant = LATHES
    second = inspector.event(E.HAZARD_ANNOTATED, "H-NEW", base=1, payload={"note": "别家"})
    answer = push(client, "inspector1", "phone-i", [first, second])
    assert answers(answer) == [("accepted", None), ("rejected", "auth.not_permitted")]


def test_a_card_tick_of_another_enterprises_post_is_refused(world, client):
    tick = Device("phone-l", LATHE_WORKER, tenant=LATHES).event(
        E.CARD_SUBMITTED,
        card_instance_id("P-STOVE", "CARD-STOVE", "2026-11-02"),
        base=0,
        payload={
            "post_id": "P-STOVE",  # the kitchen's stove, filed under the lathe shop
            "card_id": "CARD-STOVE",
            "card_version": 1,
            "period": "2026-11-02",
            "items": {"1": {"result": "pass"}},
            "started_at": "2026-11-02T08:00:00Z",
            "completed_at": "2026-11-02T08:05:00Z",
        },
    )
    assert answers(push(client, "worker2", "phone-l", [tick])) == [("rejected", "ref.unknown")]
    assert count(world, events) == 0


def test_an_event_with_nan_in_it_is_rejected_and_kept_once_not_a_server_error(world, client):
    # Found by probing: Python's parser takes NaN, PostgreSQL's json type does not (a 500).
    token = sign_in(client, "worker1")
    body = b'{"device_id": "p", "events": [{"event_id": "n1", "payload": {"v": NaN}}]}'
    headers = {**token, "content-type": "application/json"}
    first = client.post("/v1/sync/push", content=body, headers=headers)
    again = client.post("/v1/sync/push", content=body, headers=headers)
    assert first.status_code == again.status_code == 200
    assert answers(again.json()) == answers(first.json()) == [("rejected", "invalid_input")]
    with world.state.engine.connect() as conn:
        [kept] = conn.execute(select(quarantine.c.body)).scalars().all()
    assert kept["payload"] == {"v": "nan"}


# --- a held event and its report (issue 13.1) -----------------------------------------------


def pulled_ids(
    client: TestClient, username: str, headers: dict[str, str] | None = None
) -> list[str]:
    headers = headers or sign_in(client, username)
    page = client.get("/v1/sync/pull", params={"limit": 1000}, headers=headers)
    return [event["event_id"] for event in page.json()["events"]]


def fold(made: list[Event]) -> Any:
    hazard = fold_hazard(made)
    assert hazard is not None
    return hazard.model_dump(mode="json")


def folded(app, hazard_id: str) -> Any:
    with app.state.engine.connect() as conn:
        return conn.execute(select(hazards.c.body).where(hazards.c.id == hazard_id)).scalar()


def test_a_note_pushed_before_its_report_in_one_batch_is_accepted_pulled_and_folded(world, client):
    phone = Device("phone-w", WORKER, tenant=KITCHEN)
    report = phone.event(E.HAZARD_REPORTED, "H1", base=0)
    note = phone.event(E.HAZARD_ANNOTATED, "H1", base=1, payload={"note": "补充"})
    answer = push(client, "worker1", "phone-w", [note, report])  # the batch of the issue
    assert answers(answer) == [("accepted", None), ("accepted", None)]
    note_seq, report_seq = (result["server_seq"] for result in answer["results"])
    assert report_seq < note_seq  # pulled in this order: the report first
    assert set(pulled_ids(client, "worker1")) == {report.event_id, note.event_id}
    assert folded(world, "H1") == fold([report, note])
    again = push(client, "worker1", "phone-w", [note])
    assert answers(again) == [("duplicate", None)]
    assert again["results"][0]["server_seq"] == answer["results"][0]["server_seq"]


def test_a_held_event_resent_with_its_report_is_accepted_in_that_push(world, client):
    phone = Device("phone-w", WORKER, tenant=KITCHEN)
    report = phone.event(E.HAZARD_REPORTED, "H1", base=0)
    note = phone.event(E.HAZARD_ANNOTATED, "H1", base=1, payload={"note": "补充"})
    assert answers(push(client, "worker1", "phone-w", [note])) == [("held", None)]
    answer = push(client, "worker1", "phone-w", [note, report, note])
    assert answers(answer) == [("accepted", None), ("accepted", None), ("duplicate", None)]
    seqs = [result["server_seq"] for result in answer["results"]]
    assert seqs[0] == seqs[2] and None not in seqs
    assert set(pulled_ids(client, "worker1")) == {report.event_id, note.event_id}


examples = itertools.count()


@pytest.fixture
def manager_token(world, client) -> dict[str, str]:
    """Made once per test, not per example: sign-ins are throttled."""
    return sign_in(client, "manager1")


@settings(
    max_examples=15,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(order=st.permutations(range(4)), cuts=st.lists(st.booleans(), min_size=3, max_size=3))
def test_any_order_and_batching_of_a_devices_events_ends_accepted_and_folded_the_same(
    world, client, manager_token, order: list[int], cuts: list[bool]
):
    n = next(examples)
    token = manager_token
    phone = Device(f"phone-{n}", MANAGER, tenant=KITCHEN)
    hazard = f"H-P{n}"
    made = [
        phone.event(E.HAZARD_REPORTED, hazard, base=0),
        phone.event(E.HAZARD_ANNOTATED, hazard, base=1, payload={"note": "一"}),
        phone.event(E.HAZARD_ASSIGNED, hazard, base=2),
        phone.event(E.HAZARD_ANNOTATED, hazard, base=3, payload={"note": "二"}),
    ]
    batches: list[list[Event]] = [[]]
    for position, index in enumerate(order):
        batches[-1].append(made[index])
        if position < len(cuts) and cuts[position]:
            batches.append([])
    final: dict[str, str] = {}
    for batch in batches:
        for result in push(client, "manager1", phone.name, batch, token)["results"]:
            final[result["event_id"]] = result["status"]
    resent = push(client, "manager1", phone.name, made, token)  # what a phone sees in the end
    assert set(final.values()) <= {"accepted", "held"}
    assert answers(resent) == [("duplicate", None)] * 4
    assert {e.event_id for e in made} <= set(pulled_ids(client, "manager1", token))
    assert folded(world, hazard) == fold(made)


# --- clock stamps (issue 13.2) ------------------------------------------------------------------


def stamped(event: Event, wall_ms: int, counter: int = 0) -> Event:
    hlc = Hlc(wall_ms=wall_ms, counter=counter, device=event.hlc.device)
    return event.model_copy(update={"hlc": hlc})


@pytest.mark.parametrize(
    ("ahead_ms", "expected"),
    [
        (0, ("accepted", None)),
        (MAX_AHEAD_MS, ("accepted", None)),  # a phone a day fast is honest skew
        (MAX_AHEAD_MS + 1, ("rejected", "clock.too_far_ahead")),
    ],
)
def test_a_stamp_more_than_a_day_ahead_of_the_server_is_rejected(world, ahead_ms, expected):
    now = T0 + timedelta(days=1)
    report = Device("phone-w", WORKER, tenant=KITCHEN).event(E.HAZARD_REPORTED, base=0)
    report = stamped(report, int(now.timestamp() * 1000) + ahead_ms)
    with world.state.engine.begin() as conn:
        answer = merge.push(conn, WORKER, "phone-w", [report.model_dump(mode="json")], now=now)
    assert [(r.status.value, r.code) for r in answer.results] == [expected]


@pytest.mark.parametrize("hlc", ["9999999999999-ffff-phone-w", "9999999999999-fffe-phone-w"])
def test_the_far_future_stamps_of_the_issue_are_rejected_and_never_pulled(world, client, hlc):
    report = Device("phone-w", WORKER, tenant=KITCHEN).event(E.HAZARD_REPORTED, base=0)
    body = {**report.model_dump(mode="json"), "hlc": hlc}
    answer = client.post(
        "/v1/sync/push",
        json={"device_id": "phone-w", "events": [body]},
        headers=sign_in(client, "worker1"),
    ).json()
    assert answers(answer) == [("rejected", "clock.too_far_ahead")]
    assert (answer["device_max_seq"], answer["missing_seqs"]) == (1, [])
    assert pulled_ids(client, "regulator1") == []


# --- device ownership and device_seq (issue 13.3) ---------------------------------------------


def device_row(app, device_id: str) -> Any:
    with app.state.engine.connect() as conn:
        return conn.execute(select(devices).where(devices.c.id == device_id)).first()


def test_another_users_push_under_a_device_id_is_refused_and_changes_nothing(world, client):
    manager = Device("demo-manager1", MANAGER, tenant=KITCHEN)
    push(client, "manager1", "demo-manager1", [manager.event(E.HAZARD_REPORTED, base=0)])
    before = device_row(world, "demo-manager1")
    intruder = Device("demo-manager1", WORKER, tenant=KITCHEN)
    intruder.seq = 40
    for batch in ([], [intruder.event(E.HAZARD_REPORTED, "H2", base=0)]):
        answer = client.post(
            "/v1/sync/push",
            json={
                "device_id": "demo-manager1",
                "events": [e.model_dump(mode="json") for e in batch],
            },
            headers=sign_in(client, "worker1"),
        )
        assert answer.status_code == 403
        assert answer.json()["code"] == "sync.device_of_another_user"
    assert device_row(world, "demo-manager1") == before
    status = client.get("/v1/devices/demo-manager1", headers=sign_in(client, "manager1")).json()
    assert (status["max_seq"], status["missing_seqs"]) == (1, [])
    assert count(world, events) == 1


@pytest.mark.parametrize("seq", ["7", True, 7.0, 0, -1, 2**53 + 1, None])
def test_a_device_seq_that_is_not_a_whole_number_in_range_is_refused_whole(world, client, seq):
    report = Device("phone-w", WORKER, tenant=KITCHEN).event(E.HAZARD_REPORTED, base=0)
    fine = Device("phone-w", WORKER, tenant=KITCHEN).event(E.HAZARD_REPORTED, "H2", base=0)
    body = {**report.model_dump(mode="json"), "device_seq": seq}
    answer = client.post(
        "/v1/sync/push",
        json={"device_id": "phone-w", "events": [fine.model_dump(mode="json"), body]},
        headers=sign_in(client, "worker1"),
    )
    assert answer.status_code == 422
    assert answer.json()["code"] == "invalid_input"
    assert "device_seq" in answer.json()["message"]
    assert count(world, events) == count(world, quarantine) == 0


def test_a_second_event_under_a_used_device_seq_is_rejected_and_hides_no_gap(world, client):
    phone = Device("phone-w", WORKER, tenant=KITCHEN)
    first = phone.event(E.HAZARD_REPORTED, "H1", base=0)
    phone.seq = 0
    second = phone.event(E.HAZARD_REPORTED, "H2", base=0)  # seq 1 again, another event
    phone.seq = 2
    third = phone.event(E.HAZARD_REPORTED, "H3", base=0)  # seq 3: seq 2 is missing
    push(client, "worker1", "phone-w", [first])
    answer = push(client, "worker1", "phone-w", [second, third])
    assert answers(answer) == [("rejected", "sync.seq_reused"), ("accepted", None)]
    assert (answer["device_max_seq"], answer["missing_seqs"]) == (3, [2])
    again = push(client, "worker1", "phone-w", [first, second])
    assert answers(again) == [("duplicate", None), ("rejected", "sync.seq_reused")]
    status = client.get("/v1/devices/phone-w", headers=sign_in(client, "worker1")).json()
    assert (status["seq_count"], status["missing_seqs"]) == (2, [2])


# --- missing_seqs (issue 13.4) ------------------------------------------------------------------


def test_a_sequence_number_of_2_to_the_53_minus_1_is_answered_fast_with_a_bounded_gap_list(
    world, client
):
    phone = Device("phone-w", WORKER, tenant=KITCHEN)
    phone.seq = 2**53 - 2
    report = phone.event(E.HAZARD_REPORTED, base=0)
    started = time.perf_counter()
    answer = push(client, "worker1", "phone-w", [report])
    status = client.get("/v1/devices/phone-w", headers=sign_in(client, "worker1")).json()
    elapsed = time.perf_counter() - started
    assert answer["device_max_seq"] == 2**53 - 1
    assert answer["missing_seqs"] == status["missing_seqs"] == list(range(1, 101))
    assert elapsed < 5  # counting up to 2**53 never finished (12 GB and growing)


@pytest.mark.parametrize(
    ("present", "limit", "expected"),
    [
        ([], 5, []),
        ([1, 2, 3], 5, []),
        ([3], 5, [1, 2]),
        ([1, 4, 6], 5, [2, 3, 5]),
        ([2, 4, 2**53], 5, [1, 3, 5, 6, 7]),
        ([2**53], 3, [1, 2, 3]),
        ([1, 1, 3, 3], 5, [2]),
    ],
)
def test_gaps_are_read_from_the_numbers_stored_first_ones_first(present, limit, expected):
    assert merge.first_gaps(present, limit) == expected


def test_a_number_first_used_by_a_refused_event_is_not_given_to_another(world, client):
    phone = Device("phone-w", WORKER, tenant=KITCHEN)
    refused = phone.event(E.HAZARD_CLOSED, "H1", base=1)  # seq 1: a worker may not close
    phone.seq = 0
    other = phone.event(E.HAZARD_REPORTED, "H2", base=0)  # seq 1 again
    phone.seq = 2
    last = phone.event(E.HAZARD_REPORTED, "H3", base=0)  # seq 3: seq 2 is missing
    push(client, "worker1", "phone-w", [refused])
    answer = push(client, "worker1", "phone-w", [refused, other, last])
    assert answers(answer) == [
        ("rejected", "auth.not_permitted"),
        ("rejected", "sync.seq_reused"),
        ("accepted", None),
    ]
    assert (answer["device_max_seq"], answer["missing_seqs"]) == (3, [2])
    status = client.get("/v1/devices/phone-w", headers=sign_in(client, "worker1")).json()
    assert (status["seq_count"], status["missing_seqs"]) == (2, [2])
