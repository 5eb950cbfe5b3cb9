"""The score dashboards, the due list and the ``score`` command, by role and scope."""

from __future__ import annotations

from datetime import timedelta

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import insert

from shared.events import AggregateType, EventType
from shared.ids import TenantId
from shared.roles import Role
from sync_server import reference_counter
from sync_server.__main__ import main
from sync_server.clock import FakeClock
from sync_server.schema import reference
from sync_server.scope import refresh_paths
from sync_server.scoring.config import ScoringConfig
from sync_server.scoring.job import ScoringJob
from tests.sync_server.builders import login
from tests.sync_server.scoring_world import (
    CITY,
    CLEAN,
    COUNTY,
    HIDE,
    LAPSE,
    MAJOR,
    PASSWORD,
    TENANTS,
    VILLAGE,
    Phone,
    _reference_rows,
    actor,
    app_engine,
    day_of,
    moment,
    seed,
    tick_day,
)


@pytest.fixture
def scored(client: TestClient) -> TestClient:
    """The four-enterprise world with three days ticked and scored (CLEAN skipped day 2)."""
    engine = app_engine(client.app)  # type: ignore[arg-type]
    seed(engine)
    for tenant in TENANTS:
        phone = Phone(actor(Role.WORKER, tenant), f"phone-{tenant}")
        for index in range(3):
            if not (tenant == CLEAN and index == 2):
                tick_day(phone, tenant, index)
        phone.sync(engine)
    ScoringJob(engine, ScoringConfig(), FakeClock(moment(3, 0))).score_range(day_of(0), day_of(2))
    return client


def get(client: TestClient, username: str, path: str) -> tuple[int, object]:
    token = login(client, username, PASSWORD)
    answer = client.get(path, headers={"authorization": f"Bearer {token}"})
    return answer.status_code, answer.json()


def test_the_latest_scored_day_is_the_default_day(scored):
    assert get(scored, "regulator", "/v1/scores/latest") == (200, {"day": "2026-03-04"})


def test_a_regulator_sees_the_city_ranked_with_its_child_units(scored):
    status, view = get(scored, "regulator", f"/v1/scores/grid/{CITY}")
    assert status == 200
    assert isinstance(view, dict)
    assert view["summary"]["enterprises"] == len(TENANTS)
    assert [child["unit"]["id"] for child in view["children"]] == [COUNTY]
    places = [e["ranks"][CITY][0] for e in view["best"]]
    assert places == sorted(places) and places[0] == 1
    assert len(view["best"]) == len(TENANTS) and view["worst"] == []  # a short ranking: whole
    assert view["best"][-1]["tenant"] == CLEAN  # it missed a day's cards
    assert all(e["components"] is None for e in view["best"])  # summaries


def test_a_units_trend_has_a_line_per_scored_day_with_lights_and_card_completion(scored):
    status, days = get(scored, "regulator", f"/v1/scores/grid/{CITY}/trend")
    assert status == 200 and isinstance(days, list)
    assert [d["day"] for d in days] == ["2026-03-02", "2026-03-03", "2026-03-04"]
    assert {d["enterprises"] for d in days} == {len(TENANTS)}
    last = days[-1]
    assert last["cards"]["missed"] > 0  # CLEAN skipped the last day's cards
    settled = sum(last["cards"].values())
    expected = (last["cards"]["on_time"] + 0.5 * last["cards"]["late"]) / settled
    assert last["completion"] == pytest.approx(expected, abs=0.001)
    assert all(d["red"] + d["yellow"] <= d["enterprises"] for d in days)


def test_a_units_trend_covers_the_days_asked_for(scored):
    path = f"/v1/scores/grid/{VILLAGE}/trend?from=2026-03-03&to=2026-03-03"
    status, days = get(scored, "inspector", path)
    assert status == 200 and isinstance(days, list)
    assert [d["day"] for d in days] == ["2026-03-03"]


def push_hazards(client: TestClient) -> None:
    """MAJOR's 重大隐患 supervised to day 1 (overdue); HIDE's 一般隐患 due in 2100; LAPSE's void."""
    engine = app_engine(client.app)  # type: ignore[arg-type]
    managers = {t: Phone(actor(Role.SAFETY_MANAGER, t), f"mgr-{t}") for t in TENANTS}
    inspector = Phone(actor(Role.INSPECTOR), "inspector-phone")
    far = moment(0, 12) + timedelta(days=27000)
    steps = [
        (
            managers[MAJOR],
            MAJOR,
            "H-1",
            EventType.HAZARD_REPORTED,
            {"title": "粉尘", "grade": "major", "no_photo_reason": "未带手机"},
        ),
        (managers[MAJOR], MAJOR, "H-1", EventType.HAZARD_MAJOR_REPORTED, {"authority": "区局"}),
        (
            inspector,
            MAJOR,
            "H-1",
            EventType.HAZARD_SUPERVISED,
            {"level": "县级", "deadline": moment(1, 12).isoformat()},
        ),
        (
            managers[HIDE],
            HIDE,
            "H-2",
            EventType.HAZARD_REPORTED,
            {"title": "插排", "grade": "general", "no_photo_reason": "未带手机"},
        ),
        (
            managers[HIDE],
            HIDE,
            "H-2",
            EventType.HAZARD_ASSIGNED,
            {"assignee": f"worker-{HIDE}", "deadline": far.isoformat()},
        ),
        (
            managers[LAPSE],
            LAPSE,
            "H-3",
            EventType.HAZARD_REPORTED,
            {"title": "误报", "grade": "general", "no_photo_reason": "未带手机"},
        ),
        (managers[LAPSE], LAPSE, "H-3", EventType.HAZARD_VOIDED, {"reason": "经核实不是隐患"}),
    ]
    versions: dict[str, int] = {}
    for index, (phone, tenant, hazard, kind, payload) in enumerate(steps):
        base = versions.get(hazard, 0)
        at = moment(0, 14, index)
        phone.make(tenant, (AggregateType.HAZARD, hazard), kind, payload, at, base=base)
        versions[hazard] = base + 1
    for phone in [*managers.values(), inspector]:
        phone.sync(engine)


def test_a_units_hazards_are_counted_by_state_and_grade_with_the_overdue_ones_listed(scored):
    push_hazards(scored)
    status, before = get(scored, "regulator", f"/v1/scores/grid/{CITY}/hazards")
    assert isinstance(before, dict)
    assert before["by_status"] == {}  # counted by the nightly job: not before the day is scored
    rescore(scored)
    status, seen = get(scored, "regulator", f"/v1/scores/grid/{CITY}/hazards")
    assert status == 200 and isinstance(seen, dict)
    assert seen["by_status"] == {"supervised": {"major": 1}, "to_rectify": {"general": 1}}
    assert seen["overdue"] == {"general": 0, "major": 1}
    [late] = seen["overdue_hazards"]
    assert (late["tenant"], late["title"], late["grade"]) == (MAJOR, "粉尘", "major")
    assert late["deadline"].startswith("2026-03-03T04:00")  # the authority's deadline, in UTC


def test_a_regulator_reads_an_enterprises_open_hazards_now_overdue_first(scored):
    push_hazards(scored)
    status, seen = get(scored, "regulator", f"/v1/scores/enterprises/{MAJOR}/hazards")
    assert status == 200 and isinstance(seen, list)
    assert [(h["id"], h["status"]) for h in seen] == [("H-1", "supervised")]
    status, voided = get(scored, "regulator", f"/v1/scores/enterprises/{LAPSE}/hazards")
    assert (status, voided) == (200, [])  # voided: not open


def rescore(client: TestClient) -> None:
    """Score the three days again, as the nightly job would with what was pushed since."""
    engine = app_engine(client.app)  # type: ignore[arg-type]
    ScoringJob(engine, ScoringConfig(), FakeClock(moment(3, 0))).score_range(day_of(0), day_of(2))


@pytest.mark.parametrize(
    ("username", "tail", "status"),
    [
        ("regulator", "trend", 200),
        ("regulator", "hazards", 200),
        ("inspector", "trend", 404),  # the city is above the inspector's grid unit
        ("inspector", "hazards", 404),
        (f"safety_manager-{CLEAN}", "trend", 403),
        (f"worker-{CLEAN}", "hazards", 403),
    ],
)
def test_a_units_trend_and_hazards_are_for_the_grid_roles_above_it(scored, username, tail, status):
    assert get(scored, username, f"/v1/scores/grid/{CITY}/{tail}")[0] == status


@pytest.mark.parametrize(
    ("username", "unit", "status"),
    [
        ("inspector", COUNTY, 200),
        ("inspector", VILLAGE, 200),
        ("inspector", CITY, 404),  # above the inspector's grid unit
        (f"safety_manager-{CLEAN}", VILLAGE, 403),
        (f"worker-{CLEAN}", VILLAGE, 403),
    ],
)
def test_grid_dashboards_are_for_the_grid_roles_within_their_unit(scored, username, unit, status):
    assert get(scored, username, f"/v1/scores/grid/{unit}")[0] == status


def test_a_manager_sees_the_explanation_of_their_enterprise_and_nothing_of_another(scored):
    status, days = get(scored, f"safety_manager-{CLEAN}", f"/v1/scores/enterprises/{CLEAN}")
    assert status == 200 and isinstance(days, list)
    assert [d["day"] for d in days] == ["2026-03-02", "2026-03-03", "2026-03-04"]
    assert {c["code"] for c in days[-1]["components"]} >= {"card_completion", "duty_login"}
    assert get(scored, f"safety_manager-{CLEAN}", f"/v1/scores/enterprises/{MAJOR}")[0] == 404


def test_a_worker_sees_their_enterprise_summary_without_the_lines_behind_it(scored):
    status, days = get(scored, f"worker-{HIDE}", f"/v1/scores/enterprises/{HIDE}?from=2026-03-04")
    assert status == 200 and isinstance(days, list) and len(days) == 1
    assert days[0]["components"] is None and days[0]["deductions"] is None
    assert days[0]["tier"] in {"green", "yellow", "orange", "red"}


def test_the_lights_list_holds_only_enterprises_in_scope_with_a_light(scored):
    status, lit = get(scored, "regulator", "/v1/scores/lights")
    assert status == 200 and isinstance(lit, list)
    assert all(entry["light"] in {"red", "yellow"} for entry in lit)
    assert get(scored, "inspector", "/v1/scores/lights?day=2026-03-02")[0] == 200


def test_an_inspector_due_list_covers_their_grid_with_class_and_quota(scored):
    status, due = get(scored, "inspector", "/v1/supervision/due?on=2026-03-05")
    assert status == 200 and isinstance(due, list)
    assert {line["tenant"] for line in due} == set(TENANTS)
    # Manufacturers with an orange risk point: class B, two visits a year, the first by July.
    assert {(line["supervision_class"], line["quota"], line["due_on"]) for line in due} == {
        ("B", 2, "2026-06-30")
    }
    assert {line["quota_reason"] for line in due} == {"B 类：每年 2 次"}  # February not scored
    assert get(scored, f"worker-{CLEAN}", "/v1/supervision/due")[0] == 403


def test_a_due_list_pages_in_its_order_and_no_page_is_longer_than_asked(scored):
    def lines(query: str) -> list[object]:
        status, found = get(scored, "inspector", f"/v1/supervision/due?on=2026-03-05{query}")
        assert status == 200 and isinstance(found, list)
        return found

    whole = lines("")
    pages = [lines(f"&limit=3&offset={start}") for start in range(0, len(whole) + 3, 3)]
    assert all(len(page) <= 3 for page in pages) and pages[-1] == []
    assert [line for page in pages for line in page] == whole
    assert get(scored, "inspector", "/v1/supervision/due?limit=1001")[0] == 422


def test_the_score_command_recomputes_a_day_and_prints_scores_and_lights(scored, settings, capsys):
    url = ["--database-url", settings.database_url] if settings.database_url else []
    assert main(["score", "--date", "2026-03-04", "--data", str(settings.data_dir), *url]) == 0
    out = capsys.readouterr().out
    assert out.startswith("2026-03-04: 4 enterprises")
    assert all(tenant in out for tenant in TENANTS)


@pytest.mark.parametrize(
    "args", [["--from", "2026-03-04"], ["--date", "2026-03-04", "--to", "2026-03-05"]]
)
def test_the_score_command_needs_one_day_or_a_range(tmp_path, capsys, args):
    assert main(["score", *args, "--data", str(tmp_path)]) == 2
    assert "give --date D, or --from D1 --to D2" in capsys.readouterr().err


IDLE = TenantId("91130300MA0IDLE01X")


def seed_with_an_idle_enterprise(client: TestClient) -> None:
    """The world, plus an enterprise imported (reference rows only): no account, no event."""
    engine = app_engine(client.app)  # type: ignore[arg-type]
    seed(engine)
    with engine.begin() as conn:
        for kind, key, owner, model in _reference_rows(len(TENANTS), IDLE):
            body = model.model_dump(mode="json")
            seq = reference_counter.take(conn)
            conn.execute(
                insert(reference).values(kind=kind, id=key, tenant=owner, body=body, seq=seq)
            )
        refresh_paths(conn)


def test_an_enterprise_without_accounts_is_red_for_not_using_the_system_and_due_for_it(client):
    seed_with_an_idle_enterprise(client)
    engine = app_engine(client.app)
    ScoringJob(engine, ScoringConfig(), FakeClock(moment(1, 0))).score_range(day_of(0), day_of(0))

    status, days = get(client, "regulator", f"/v1/scores/enterprises/{IDLE}?from={day_of(0)}")
    assert status == 200 and isinstance(days, list)
    [day] = days
    assert day["light"] == "red"
    assert {"code": "unused_system", "reason_zh": "未使用系统：无有效账号"}.items() <= (
        day["lights"][0].items()
    )

    status, due = get(client, "inspector", f"/v1/supervision/due?on={day_of(1)}")
    assert status == 200 and isinstance(due, list)
    [line] = [line for line in due if line["tenant"] == IDLE]
    assert line["reasons"][0] == "unused_system"
    assert line["due_on"] == (day_of(0) + timedelta(days=30)).isoformat()
    assert all("unused_system" not in other["reasons"] for other in due if other is not line)


def test_an_enterprise_without_accounts_ages_from_the_day_it_was_first_scored(client):
    seed_with_an_idle_enterprise(client)
    engine = app_engine(client.app)
    job = ScoringJob(engine, ScoringConfig(), FakeClock(moment(10, 0)))
    job.score_range(day_of(0), day_of(0))
    job.score_range(day_of(8), day_of(8))

    status, days = get(client, "regulator", f"/v1/scores/enterprises/{IDLE}?from={day_of(8)}")
    assert status == 200 and isinstance(days, list)
    [day] = days
    # Nine days on the books, not one: the no-login light can fire for an imported enterprise.
    assert {lit["code"]: lit["reason_zh"] for lit in day["lights"]}["no_manager_login_7d"] == (
        "安全负责人 9 天未登录"
    )


def test_last_months_tier_raises_the_visits_a_year_and_the_due_list_says_so(client):
    seed_with_an_idle_enterprise(client)
    engine = app_engine(client.app)
    ScoringJob(engine, ScoringConfig(), FakeClock(moment(1, 0))).score_range(day_of(0), day_of(0))
    status, due = get(client, "inspector", "/v1/supervision/due?on=2026-04-01")
    assert status == 200 and isinstance(due, list)
    by_tenant = {line["tenant"]: line for line in due}
    # March's only scored day rated the idle enterprise 较差: class B's 2 visits become 4.
    assert (by_tenant[IDLE]["quota"], by_tenant[IDLE]["quota_reason"]) == (
        4,
        "B 类、上月较差：每年 4 次",
    )
    assert by_tenant[IDLE]["due_on"] == "2026-03-31"  # the first of four, by the quarter's end
