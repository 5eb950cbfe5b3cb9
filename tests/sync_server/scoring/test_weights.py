"""The score's weights as versioned data: who changed them, when and why; what scored a day."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient

from shared.roles import Role
from sync_server.clock import FakeClock
from sync_server.scoring.config import ScoringConfig
from sync_server.scoring.job import ScoringJob
from tests.sync_server.builders import login
from tests.sync_server.scoring_world import (
    CLEAN,
    PASSWORD,
    Phone,
    actor,
    app_engine,
    day_of,
    moment,
    seed,
    tick_day,
)

WEIGHTS = "/v1/scores/weights"


def call(client: TestClient, user: str, method: str, path: str, body: Any = None) -> Any:
    token = login(client, user, PASSWORD)
    return client.request(method, path, json=body, headers={"authorization": f"Bearer {token}"})


@pytest.fixture
def world(client: TestClient) -> TestClient:
    seed(app_engine(client.app))  # type: ignore[arg-type]
    client.app.state.clock = FakeClock(moment(3, 9))  # type: ignore[attr-defined]
    return client


def test_a_change_is_recorded_with_who_when_why_and_the_old_and_new_values(world):
    before = call(world, "regulator", "GET", WEIGHTS).json()
    assert (before["version"], before["history"]) == (0, [])
    assert before["weights"]["concealment_each"] == 10
    change = {
        "weights": {"concealment_each": 20, "late_report_each": 2},
        "reason": "市局会议纪要 12 号",
    }
    made = call(world, "regulator", "PUT", WEIGHTS, change)
    assert made.status_code == 200, made.text
    assert made.json()["changed"] == {
        "concealment_each": [10.0, 20.0],
        "late_report_each": [1.0, 2.0],
    }
    after = call(world, f"safety_manager-{CLEAN}", "GET", WEIGHTS).json()  # enterprises may read
    assert after["version"] == 1 and after["weights"]["concealment_each"] == 20
    (entry,) = after["history"]
    assert (entry["changed_by"], entry["reason"]) == ("regulator", "市局会议纪要 12 号")
    assert entry["changed_at"].startswith("2026-03-05T01:00")  # 09:00 China time
    assert entry["changed"]["concealment_each"] == [10.0, 20.0]


BAD, DENIED = "scoring.bad_weights", "auth.not_permitted"


def ask(**weights: float) -> dict[str, Any]:
    return {"weights": weights, "reason": "x"}


@pytest.mark.parametrize(
    ("user", "body", "status", "code"),
    [
        ("inspector", ask(concealment_each=20), 403, DENIED),
        (f"safety_manager-{CLEAN}", ask(concealment_each=0), 403, DENIED),
        ("regulator", ask(no_such_weight=1), 422, BAD),
        ("regulator", ask(green_from=70), 422, BAD),  # tiers must descend
        ("regulator", ask(concealment_each=-1), 422, BAD),
        ("regulator", ask(concealment_each=10), 422, BAD),  # no change
        ("regulator", {"weights": {"concealment_each": 20}, "reason": ""}, 422, "invalid_input"),
    ],
)
def test_a_bad_or_unpermitted_change_is_refused_with_a_stable_code_and_nothing_recorded(
    world, user, body, status, code
):
    refused = call(world, user, "PUT", WEIGHTS, body)
    assert (refused.status_code, refused.json()["code"]) == (status, code)
    assert call(world, "regulator", "GET", WEIGHTS).json()["version"] == 0


def test_each_scored_day_names_the_weights_version_it_used_and_old_days_keep_theirs(world):
    engine = app_engine(world.app)
    worker = Phone(actor(Role.WORKER, CLEAN), "phone-w")
    for index in range(3):
        tick_day(worker, CLEAN, index)
    worker.sync(engine)
    job = ScoringJob(engine, ScoringConfig(), FakeClock(moment(3, 1)))
    job.score_day(day_of(0))
    change = {"weights": {"card_completion_points": 20}, "reason": "试行"}
    assert call(world, "regulator", "PUT", WEIGHTS, change).status_code == 200
    job.score_day(day_of(1))
    path = f"/v1/scores/enterprises/{CLEAN}?from={day_of(0)}&to={day_of(1)}"
    days = call(world, f"safety_manager-{CLEAN}", "GET", path).json()
    assert [d["weights_version"] for d in days] == [0, 1]
    card = [next(c for c in d["components"] if c["code"] == "card_completion") for d in days]
    assert [c["max_points"] for c in card] == [35.0, 20.0]
    answer = call(world, "regulator", "GET", f"{WEIGHTS}?day={day_of(0)}").json()
    assert answer["day_version"] == 0
    # Rescoring the old day is explicit, and then it names the weights it used.
    job.score_day(day_of(0), force=True)
    assert call(world, "regulator", "GET", f"{WEIGHTS}?day={day_of(0)}").json()["day_version"] == 1
