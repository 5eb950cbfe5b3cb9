"""Scope at city size (issue 16): grid paths stored and indexed, scope as SQL, reference by delta.

A small city with the traps of a real one: unit ids that are prefixes of others (X1, X10),
an id with '/' and '%', an enterprise that moves, and — on PostgreSQL, whose statements take at
most 65,535 bind parameters — a regulator with 70,000 enterprises in scope.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

import pytest
from sqlalchemy import Engine, insert, select

from shared.cards import HazardGrade
from shared.credit_code import check_character
from shared.hazards import Hazard
from shared.ids import GridUnitId, HazardId, TenantId, UserId
from shared.lifecycle import HazardStatus
from shared.org import Enterprise, GridLevel, GridUnit, Industry
from shared.payloads import HazardCategory, HazardSource, ManagementClass
from shared.roles import Actor, Role
from sync_server import feed, reference_feed
from sync_server.db import make_engine
from sync_server.lists import documents, queries
from sync_server.lists.model import ReferenceSet
from sync_server.lists.store import save_reference
from sync_server.schema import daily_scores, enterprises, events, hazards, reference
from sync_server.scope import (
    in_scope,
    path_units,
    refresh_paths,
    unit_path,
    visible_among,
    visible_tenants,
)
from sync_server.scoring.views import lights_in_scope

SECRET = b"s" * 32


def unit(unit_id: str, level: GridLevel, parent: str | None) -> GridUnit:
    return GridUnit(
        id=GridUnitId(unit_id),
        name=f"单元{unit_id}",
        level=level,
        parent_id=GridUnitId(parent) if parent else None,
    )


GRID = [
    unit("C", GridLevel.CITY, None),
    unit("X1", GridLevel.COUNTY, "C"),
    unit("X10", GridLevel.COUNTY, "C"),  # X1 is a prefix of its id: not of its path
    unit("Z1/a%", GridLevel.TOWNSHIP, "X1"),  # the separator and the escape in an id
    unit("V1", GridLevel.VILLAGE, "Z1/a%"),
    unit("V10", GridLevel.VILLAGE, "X10"),
]


def company(n: int, home: str) -> Enterprise:
    prefix = f"91130300MA{n:07d}"
    return Enterprise(
        id=TenantId(f"E{n}"),
        name=f"企业{n}",
        credit_code=prefix + check_character(prefix),
        grid_unit_id=GridUnitId(home),
        industry=Industry.MANUFACTURING,
        staff_count=3,
    )


HOMES = {"E1": "V1", "E2": "Z1/a%", "E3": "X1", "E4": "V10", "E5": "X10"}


def city() -> ReferenceSet:
    refs = ReferenceSet()
    refs.grid_unit = list(GRID)
    refs.enterprise = [company(int(t[1:]), home) for t, home in HOMES.items()]
    return refs


def grid_actor(role: Role, where: str) -> Actor:
    return Actor(user_id=UserId("u"), role=role, tenant=None, grid_unit=GridUnitId(where))


WORKER = Actor(user_id=UserId("w"), role=Role.WORKER, tenant=TenantId("E1"))


@pytest.fixture
def engine(settings):
    engine = make_engine(settings)
    with engine.begin() as conn:
        save_reference(conn, city())
    yield engine
    engine.dispose()


@pytest.mark.parametrize(
    ("role", "where", "seen"),
    [
        (Role.REGULATOR, "C", {"E1", "E2", "E3", "E4", "E5"}),
        (Role.INSPECTOR, "X1", {"E1", "E2", "E3"}),
        (Role.INSPECTOR, "X10", {"E4", "E5"}),
        (Role.INSPECTOR, "Z1/a%", {"E1", "E2"}),
        (Role.INSPECTOR, "V1", {"E1"}),
        (Role.INSPECTOR, "V10", {"E4"}),
        (Role.INSPECTOR, "NOWHERE", set()),
        (Role.ADMIN, "C", set()),
    ],
)
def test_a_grid_actor_sees_exactly_the_enterprises_within_their_unit(engine, role, where, seen):
    actor = grid_actor(role, where)
    with engine.connect() as conn:
        assert visible_tenants(conn, actor) == seen
        for by_rows in (False, True):
            clause = in_scope(conn, actor, enterprises.c.id, by_rows=by_rows)
            assert set(conn.scalars(select(enterprises.c.id).where(clause))) == seen
        assert visible_among(conn, actor, ["E1", "E4", "E9"]) == seen & {"E1", "E4"}


def test_a_unit_path_names_the_units_from_the_city_down_even_with_a_slash_in_an_id(engine):
    with engine.connect() as conn:
        path = unit_path(conn, "V1")
        assert path is not None
        assert path_units(path) == ["C", "X1", "Z1/a%", "V1"]
        assert unit_path(conn, "NOWHERE") is None


def test_a_worker_sees_their_enterprise_only(engine):
    with engine.connect() as conn:
        assert visible_tenants(conn, WORKER) == {"E1"}
        assert visible_among(conn, WORKER, ["E1", "E2"]) == {"E1"}


def test_an_enterprise_moved_by_an_import_moves_out_of_the_old_units_scope(engine):
    county = grid_actor(Role.INSPECTOR, "X1")
    refs = ReferenceSet()
    refs.enterprise = [company(1, "V10")]
    with engine.begin() as conn:
        save_reference(conn, refs)
    with engine.connect() as conn:
        assert visible_tenants(conn, county) == {"E2", "E3"}
        assert "E1" in visible_tenants(conn, grid_actor(Role.INSPECTOR, "X10"))


def test_paths_missing_at_start_are_made_from_the_reference_data(settings):
    """A database made before the paths (or rows written around them) gets them on start."""
    engine = make_engine(settings)
    with engine.begin() as conn:
        save_reference(conn, city())
        conn.execute(enterprises.delete())
    engine.dispose()
    engine = make_engine(settings)
    with engine.connect() as conn:
        assert visible_tenants(conn, grid_actor(Role.INSPECTOR, "X10")) == {"E4", "E5"}
    engine.dispose()


def page(
    engine: Engine, actor: Actor, cursor: str | None = None, limit: int = reference_feed.MAX_PAGE
) -> dict[str, Any]:
    with engine.connect() as conn:
        return reference_feed.reference_page(conn, actor, cursor, limit, SECRET)


def ids(answer: dict[str, Any], kind: str) -> list[str]:
    return sorted(row["id"] for row in answer.get(kind, []))


def test_the_first_reference_answer_is_full_and_holds_only_the_scope(engine):
    answer = page(engine, grid_actor(Role.INSPECTOR, "Z1/a%"))
    assert answer["full"] is True
    assert answer["has_more"] is False
    assert ids(answer, "enterprise") == ["E1", "E2"]
    assert sorted(answer["qr_keys"]) == ["E1", "E2"]
    # the units above (to name places) and below; not the other county's
    assert ids(answer, "grid_unit") == ["C", "V1", "X1", "Z1/a%"]
    worker = page(engine, WORKER)
    assert ids(worker, "enterprise") == ["E1"]
    assert ids(worker, "grid_unit") == ["C", "V1", "X1", "Z1/a%"]


def test_a_reference_cursor_answers_only_what_changed_since(engine):
    county = grid_actor(Role.INSPECTOR, "X1")
    first = page(engine, county)
    quiet = page(engine, county, first["cursor"])
    assert (quiet["full"], ids(quiet, "enterprise"), quiet["has_more"]) == (False, [], False)
    renamed = ReferenceSet()
    renamed.enterprise = [company(2, "Z1/a%").model_copy(update={"name": "新名字"})]
    elsewhere = ReferenceSet()
    elsewhere.enterprise = [company(5, "X10").model_copy(update={"name": "别处"})]
    with engine.begin() as conn:
        save_reference(conn, renamed)
        save_reference(conn, elsewhere)  # outside the scope: not sent
    delta = page(engine, county, quiet["cursor"])
    assert delta["full"] is False
    assert [row["name"] for row in delta["enterprise"]] == ["新名字"]
    assert ids(delta, "grid_unit") == []


def test_a_move_of_an_enterprise_makes_older_cursors_start_over_with_a_full_answer(engine):
    county = grid_actor(Role.INSPECTOR, "X1")
    first = page(engine, county)
    refs = ReferenceSet()
    refs.enterprise = [company(1, "V10")]
    with engine.begin() as conn:
        save_reference(conn, refs)
    again = page(engine, county, first["cursor"])
    assert again["full"] is True
    assert ids(again, "enterprise") == ["E2", "E3"]  # the phone replaces: E1 is dropped
    assert page(engine, county, again["cursor"])["full"] is False


def test_a_cursor_of_another_scope_gets_the_full_answer(engine):
    cursor = page(engine, grid_actor(Role.INSPECTOR, "X10"))["cursor"]
    answer = page(engine, grid_actor(Role.INSPECTOR, "X1"), cursor)
    assert answer["full"] is True
    assert ids(answer, "enterprise") == ["E1", "E2", "E3"]


def test_a_cursor_beyond_the_counter_gets_the_full_answer_not_an_error(engine):
    county = grid_actor(Role.INSPECTOR, "X1")
    key = reference_feed.scope_key(county)
    for seq in ("9999999999999999999", "99999"):
        answer = page(engine, county, f"r1.{seq}.{key}")
        assert answer["full"] is True
        assert ids(answer, "enterprise") == ["E1", "E2", "E3"]


def test_a_paged_reference_answer_holds_the_same_rows_as_one_page(engine):
    regulator = grid_actor(Role.REGULATOR, "C")
    whole = page(engine, regulator)
    gathered: dict[str, list[str]] = {}
    cursor = None
    for _ in range(20):
        answer = page(engine, regulator, cursor, limit=2)
        assert len([r for k, v in answer.items() if isinstance(v, list) for r in v]) <= 2
        for kind in ("grid_unit", "enterprise"):
            gathered.setdefault(kind, []).extend(ids(answer, kind))
        cursor = answer["cursor"]
        if not answer["has_more"]:
            break
    assert {k: sorted(v) for k, v in gathered.items()} == {
        "grid_unit": ids(whole, "grid_unit"),
        "enterprise": ids(whole, "enterprise"),
    }


def event_row(tenant: str, server_seq: int) -> dict[str, object]:
    """A stored event row as the merge writes it, for one enterprise."""
    event_id = f"00000000-0000-4000-8000-{server_seq:012d}"
    actor = {"user_id": "w", "role": "worker", "tenant": tenant, "grid_unit": None}
    body = {
        "event_id": event_id,
        "device_id": "d",
        "device_seq": server_seq,
        "actor": actor,
        "tenant": tenant,
        "aggregate": {"type": "hazard", "id": "H1"},
        "type": "hazard.reported",
        "payload": {"title": "隐患"},
        "hlc": "0001790000000000-0000-d",
        "base_version": 0,
    }
    return {
        "event_id": event_id,
        "server_seq": server_seq,
        "status": "accepted",
        "tenant": tenant,
        "aggregate_type": "hazard",
        "aggregate_id": "H1",
        "type": "hazard.reported",
        "device_id": "d",
        "device_seq": server_seq,
        "hlc": body["hlc"],
        "content_hash": "0" * 64,
        "body": body,
        "received_at": datetime(2026, 11, 1, tzinfo=UTC),
        "pushed_by": "w",
    }


MANY = 70_000
"""More enterprises in one scope than PostgreSQL's 65,535 bind parameters of a statement."""


def test_pull_and_lights_take_a_scope_larger_than_a_statements_bind_limit(engine):
    """They used to pass every visible enterprise as one bind each and failed above 65,535."""
    with engine.begin() as conn:
        city_path = unit_path(conn, "V10")
        rows = [
            {"id": f"M{n:06d}", "grid_unit": "V10", "grid_path": city_path, "moved_seq": 0}
            for n in range(MANY)
        ]
        conn.execute(insert(enterprises), rows)
        conn.execute(insert(events), [event_row("M069999", server_seq=1)])
    regulator = grid_actor(Role.REGULATOR, "C")
    # a regulator pulls no events (their screens read rollups): an inspector of the whole city
    inspector = grid_actor(Role.INSPECTOR, "C")
    with engine.connect() as conn:
        pulled = feed.pull(conn, inspector, 0, 100)
        assert [e["tenant"] for e in pulled.events] == ["M069999"]
        assert lights_in_scope(conn, regulator, date(2026, 11, 1)) == []
        assert len(visible_tenants(conn, regulator)) == MANY + len(HOMES)


def test_stored_paths_follow_a_unit_moved_to_another_parent(engine):
    refs = ReferenceSet()
    refs.grid_unit = [unit("Z1/a%", GridLevel.TOWNSHIP, "X10")]
    with engine.begin() as conn:
        save_reference(conn, refs)
        assert refresh_paths(conn) == 0  # already in step
        assert visible_tenants(conn, grid_actor(Role.INSPECTOR, "X10")) == {
            "E1",
            "E2",
            "E4",
            "E5",
        }
        stored = conn.execute(select(reference.c.seq).where(reference.c.seq.is_(None))).all()
        assert stored == []


def test_lights_are_those_of_the_scope_red_first_and_paged(engine):
    lit = {"E1": ("yellow", 70.0), "E2": ("red", 80.0), "E3": ("red", 60.0), "E4": ("red", 1.0)}
    day = date(2026, 11, 1)
    with engine.begin() as conn:
        conn.execute(
            insert(daily_scores),
            [
                {
                    "tenant": tenant,
                    "day": day,
                    "grid_unit": HOMES[tenant],
                    "total": score,
                    "tier": "red",
                    "month_score": score,
                    "light": light,
                    "lights": [],
                    "ranks": {},
                    "body": {},
                    "facts": {},
                    "computed_at": datetime(2026, 11, 2, tzinfo=UTC),
                }
                for tenant, (light, score) in lit.items()
            ],
        )
    county = grid_actor(Role.INSPECTOR, "X1")  # E4 is in the other county
    with engine.connect() as conn:
        whole = [e.tenant for e in lights_in_scope(conn, county, day)]
        assert whole == ["E3", "E2", "E1"]
        pages = [lights_in_scope(conn, county, day, limit=2, offset=n) for n in (0, 2, 4)]
        assert [[e.tenant for e in page] for page in pages] == [["E3", "E2"], ["E1"], []]
        assert [e.name for e in pages[0]] == ["企业3", "企业2"]


def many_companies(conn: Any) -> None:
    """MANY enterprises in village V10, in the reference data and the path index alike."""
    path = unit_path(conn, "V10")
    ids = [f"M{n:06d}" for n in range(MANY)]
    conn.execute(
        insert(enterprises),
        [{"id": i, "grid_unit": "V10", "grid_path": path, "moved_seq": 0} for i in ids],
    )
    body = company(1, "V10").model_dump(mode="json")
    conn.execute(
        insert(reference),
        [
            {"kind": "enterprise", "id": i, "tenant": i, "body": body | {"id": i}, "seq": None}
            for i in ids
        ],
    )


def stored_hazard(tenant: str, reported_at: datetime) -> dict[str, object]:
    found = Hazard(
        id=HazardId(f"YH-{tenant}"),
        tenant=TenantId(tenant),
        status=HazardStatus.REPORTED,
        grade=HazardGrade.GENERAL,
        title="灭火器过期",
        description="",
        category=HazardCategory.SAFETY,
        management_class=ManagementClass.UNSAFE_CONDITION,
        source=HazardSource.ROUTINE,
        location="后厨",
        post_id=None,
        card_id=None,
        item_id=None,
        reporter=UserId("w"),
        reported_at=reported_at,
    )
    return {
        "id": found.id,
        "tenant": tenant,
        "status": found.status.value,
        "grade": found.grade.value,
        "deadline": None,
        "open_conflicts": 0,
        "body": found.model_dump(mode="json"),
    }


def test_the_ledgers_of_a_unit_larger_than_a_statements_bind_limit_print(engine):
    """The 隐患台账 and 排查记录台账 of a unit used to bind each of its enterprises and failed."""
    day = date(2026, 11, 2)
    with engine.begin() as conn:
        many_companies(conn)
        conn.execute(
            insert(hazards), [stored_hazard("M069999", datetime(2026, 11, 2, 3, tzinfo=UTC))]
        )
    with engine.connect() as conn:
        covered, name = documents.ledger_scope(conn, tenant=None, grid_unit="C", visible=None)
        assert name == "单元C"
        found = queries.hazards_of(conn, covered, day, day)
        assert [h.tenant for h in found] == ["M069999"]
        assert queries.enterprise_names(conn, covered)["M069999"] == "企业1"
        assert documents.check_ledger(conn, covered, scope=name, start=day, end=day, fmt="xlsx")
        assert documents.ledger(conn, covered, scope=name, start=day, end=day, fmt="xlsx")
