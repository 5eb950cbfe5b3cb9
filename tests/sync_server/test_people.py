"""People on the server: profiles, the people a phone learns, posts held, and assignee checks."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from shared.cards import CheckCard
from shared.events import Event, EventType
from shared.ids import UserId
from shared.roles import Actor, Role
from shared.schedule import card_instance_id
from shared.text import LIMITS, TextKind
from sync_server.demo import KITCHEN, LATHES, seed_demo
from sync_server.schema import reference
from tests.factories import Device

E = EventType
MANAGER = Actor(user_id=UserId("manager1"), role=Role.SAFETY_MANAGER, tenant=KITCHEN)
INSPECTOR = Actor(user_id=UserId("inspector1"), role=Role.INSPECTOR)


@pytest.fixture
def web(app):
    with app.state.engine.begin() as conn:
        seed_demo(conn)
    with TestClient(app) as client:
        yield client


def sign_in(web: TestClient, username: str) -> dict[str, Any]:
    answer = web.post("/v1/auth/login", json={"username": username, "password": "demo1234"})
    assert answer.status_code == 200, answer.text
    session: dict[str, Any] = answer.json()
    return session


def as_(web: TestClient, username: str) -> dict[str, str]:
    return {"authorization": f"Bearer {sign_in(web, username)['access_token']}"}


def people_in_reference(web: TestClient, username: str) -> dict[str, dict[str, Any]]:
    body = web.get("/v1/reference", headers=as_(web, username)).json()
    return {person["user_id"]: person for person in body["person"]}


# --- profiles ------------------------------------------------------------------------------------


def test_sign_in_answers_the_persons_name_and_profile(web):
    session = sign_in(web, "worker1")

    assert session["person"]["display_name"] == "王师傅"
    assert session["person"]["department"] == "后厨"
    assert session["person"]["posts"] == ["P-STOVE"]


def test_an_inspectors_profile_holds_badge_and_authority(web):
    profile = web.get("/v1/auth/profile", headers=as_(web, "inspector1")).json()

    assert profile["badge_no"]
    assert profile["authority"] == "秦海市海港区应急管理局"
    assert profile["authority_code"] == "海港应急"


def test_a_manager_names_a_worker_and_the_enterprises_phones_learn_it(web):
    profile = {"display_name": "王大厨", "phone": "0335-1234567", "department": "后厨"}

    answer = web.put("/v1/users/worker1/profile", json=profile, headers=as_(web, "manager1"))

    assert answer.status_code == 200, answer.text
    seen = people_in_reference(web, "worker1")["worker1"]
    assert (seen["display_name"], seen["phone"], seen["department"]) == (
        "王大厨",
        "0335-1234567",
        "后厨",
    )


def test_anyone_sets_their_own_profile_but_not_a_colleagues(web):
    mine = web.put(
        "/v1/users/worker1/profile", json={"display_name": "小王"}, headers=as_(web, "worker1")
    )
    theirs = web.put(
        "/v1/users/manager1/profile", json={"display_name": "老李"}, headers=as_(web, "worker1")
    )

    assert mine.status_code == 200
    assert theirs.status_code == 403


PROFILE_LIMITS = [
    ("display_name", TextKind.NAME),
    ("phone", TextKind.SHORT),
    ("department", TextKind.NAME),
    ("badge_no", TextKind.SHORT),
    ("authority", TextKind.LINE),
    ("authority_code", TextKind.SHORT),
]


@pytest.mark.parametrize(("field", "kind"), PROFILE_LIMITS)
def test_each_profile_field_has_a_maximum_and_takes_exactly_it(web, field, kind):
    fill = "1" if field == "phone" else "名"
    headers = as_(web, "admin")
    at_most = {field: fill * LIMITS[kind]}
    over = {field: fill * (LIMITS[kind] + 1)}

    taken = web.put("/v1/users/inspector1/profile", json=at_most, headers=headers)
    refused = web.put("/v1/users/inspector1/profile", json=over, headers=headers)

    assert taken.status_code == 200, taken.text
    assert refused.status_code == 422
    assert refused.json()["code"] == "invalid_input"
    assert refused.json()["details"]["field"] == f"body.{field}"


@pytest.mark.parametrize(("field", "_"), PROFILE_LIMITS)
def test_a_control_character_in_a_profile_field_is_refused(web, field, _):
    answer = web.put(
        "/v1/users/worker1/profile", json={field: "12\x0034"}, headers=as_(web, "manager1")
    )

    assert answer.status_code == 422
    assert answer.json()["details"]["field"] == f"body.{field}"


def test_a_phone_number_is_digits_and_separators(web):
    answer = web.put(
        "/v1/users/worker1/profile", json={"phone": "call me"}, headers=as_(web, "manager1")
    )

    assert answer.status_code == 422
    assert answer.json()["details"]["field"] == "body.phone"


def test_no_name_set_shows_the_username(web):
    web.put("/v1/users/worker1/profile", json={"display_name": ""}, headers=as_(web, "manager1"))

    seen = people_in_reference(web, "manager1")["worker1"]

    assert seen["display_name"] == ""


# --- the people a phone learns -------------------------------------------------------------------


def test_reference_lists_the_enterprises_people_and_the_officials_not_another_enterprises(web):
    people = people_in_reference(web, "manager1")

    assert {"worker1", "manager1", "inspector1", "regulator1"} <= set(people)
    assert "worker2" not in people
    assert people["inspector1"]["phone"] == ""  # an official's number is theirs to give


def test_a_disabled_person_stays_in_reference_marked_inactive(web):
    web.post("/v1/users/worker1/disable", headers=as_(web, "manager1"))

    assert people_in_reference(web, "manager1")["worker1"]["active"] is False


def reference_since(web: TestClient, username: str, cursor: str) -> dict[str, Any]:
    answer = web.get("/v1/reference", params={"cursor": cursor}, headers=as_(web, username))
    assert answer.status_code == 200, answer.text
    body: dict[str, Any] = answer.json()
    return body


def test_a_quiet_reference_delta_lists_no_people(web):
    first = web.get("/v1/reference", headers=as_(web, "inspector1")).json()
    assert first["person"]  # a full answer lists everyone the phone shows

    quiet = reference_since(web, "inspector1", first["cursor"])

    assert (quiet["full"], quiet["person"]) == (False, [])


PERSON_CHANGES = [
    ("a name", "put", "/v1/users/worker1/profile", {"display_name": "王大厨"}, "worker1"),
    ("the posts", "put", "/v1/users/worker1/posts", {"posts": []}, "worker1"),
    ("disabling", "post", "/v1/users/worker1/disable", None, "worker1"),
    (
        "a new account",
        "post",
        "/v1/users",
        {"user_id": "worker-new", "password": "secret-88", "display_name": "刘师傅"},
        "worker-new",
    ),
]


@pytest.mark.parametrize(
    ("_what", "method", "path", "body", "changed"),
    PERSON_CHANGES,
    ids=[c[0] for c in PERSON_CHANGES],
)
def test_a_reference_delta_lists_exactly_the_people_changed_since_the_cursor(
    web, _what, method, path, body, changed
):
    cursor = web.get("/v1/reference", headers=as_(web, "manager1")).json()["cursor"]

    done = web.request(method, path, json=body, headers=as_(web, "manager1"))
    delta = reference_since(web, "manager1", cursor)

    assert done.status_code < 300, done.text
    assert [person["user_id"] for person in delta["person"]] == [changed]
    assert reference_since(web, "manager1", delta["cursor"])["person"] == []


def test_a_person_of_another_enterprise_changed_is_not_in_the_delta(web):
    cursor = web.get("/v1/reference", headers=as_(web, "worker1")).json()["cursor"]

    web.put(
        "/v1/users/worker2/profile", json={"display_name": "别人"}, headers=as_(web, "manager2")
    )

    assert reference_since(web, "worker1", cursor)["person"] == []


# --- managing people -----------------------------------------------------------------------------


def test_a_manager_adds_a_worker_with_a_name_and_a_post_who_then_signs_in(web):
    body = {
        "user_id": "worker-new",
        "password": "secret-88",
        "display_name": "刘师傅",
        "posts": ["P-STOVE"],
    }

    answer = web.post("/v1/users", json=body, headers=as_(web, "manager1"))

    assert answer.status_code == 201, answer.text
    assert answer.json()["tenant"] == KITCHEN
    login = web.post("/v1/auth/login", json={"username": "worker-new", "password": "secret-88"})
    assert login.json()["person"]["posts"] == ["P-STOVE"]


@pytest.mark.parametrize(
    ("change", "status", "code"),
    [
        ({"role": "safety_manager"}, 403, "auth.not_permitted"),
        ({"tenant": LATHES}, 404, "not_found"),
        ({"posts": ["P-LATHE"]}, 404, "ref.unknown"),  # the lathe shop's post
        ({"user_id": "worker2"}, 409, "conflict"),
        ({"user_id": "王"}, 422, "invalid_input"),
    ],
)
def test_what_a_manager_may_not_add(web, change, status, code):
    body = {"user_id": "worker-new", "password": "secret-88", **change}

    answer = web.post("/v1/users", json=body, headers=as_(web, "manager1"))

    assert (answer.status_code, answer.json()["code"]) == (status, code)


def test_posts_assigned_replace_the_ones_before(web):
    headers = as_(web, "manager1")

    web.put("/v1/users/worker1/posts", json={"posts": []}, headers=headers)

    assert people_in_reference(web, "worker1")["worker1"]["posts"] == []


def test_a_manager_lists_their_enterprises_people_only(web):
    listed = web.get("/v1/users", headers=as_(web, "manager1")).json()

    assert {p["user_id"] for p in listed} == {"worker1", "manager1"}


def test_the_people_list_pages_by_role_and_username(web):
    admin = as_(web, "admin")
    whole = web.get("/v1/users", headers=admin).json()
    pages = [
        web.get(f"/v1/users?limit=7&offset={start}", headers=admin).json()
        for start in range(0, len(whole), 7)
    ]
    assert len(whole) > 7 and all(len(page) <= 7 for page in pages)
    assert [p for page in pages for p in page] == whole
    assert web.get("/v1/users?limit=1001", headers=admin).status_code == 422


# --- assignee checks -----------------------------------------------------------------------------


def push(web: TestClient, username: str, phone: Device, events: list[Event]) -> list[Any]:
    body = {"device_id": phone.name, "events": [e.model_dump(mode="json") for e in events]}
    answer = web.post("/v1/sync/push", json=body, headers=as_(web, username))
    assert answer.status_code == 200, answer.text
    results: list[Any] = answer.json()["results"]
    return results


def assign_to(web: TestClient, assignee: str, actor: Actor = MANAGER) -> Any:
    """Push a report and its assignment from a fresh phone; the assignment's result."""
    phone = Device(f"phone-{actor.user_id}-{assignee}", actor, tenant=KITCHEN)
    hazard = f"H-{assignee}"
    report = phone.event(E.HAZARD_REPORTED, hazard, base=0)
    payload = {"assignee": assignee, "deadline": "2026-11-09T08:00:00Z"}
    assigned = phone.event(E.HAZARD_ASSIGNED, hazard, base=1, payload=payload)
    return push(web, str(actor.user_id), phone, [report, assigned])[1]


@pytest.mark.parametrize(
    ("assignee", "says"),
    [
        ("nobody99", "there is no user nobody99"),
        ("worker2", "worker2 does not belong to this enterprise"),  # the lathe shop's worker
        ("inspector1", "inspector1 is an inspector, who rectifies no hazard"),
        ("admin", "admin is an administrator, who rectifies no hazard"),
    ],
)
def test_a_rectification_for_someone_who_may_not_take_it_is_rejected(web, assignee, says):
    result = assign_to(web, assignee)

    assert result["status"] == "rejected"
    assert result["code"] == "hazard.bad_assignee"
    assert result["reason"].startswith(says)


def test_a_rectification_for_a_disabled_worker_is_rejected(web):
    web.post("/v1/users/worker1/disable", headers=as_(web, "manager1"))

    result = assign_to(web, "worker1")

    assert (result["status"], result["code"]) == ("rejected", "hazard.bad_assignee")
    assert "disabled" in result["reason"]


@pytest.mark.parametrize("assignee", ["worker1", "manager1"])
def test_a_rectification_for_an_active_person_of_the_enterprise_is_accepted(web, assignee):
    assert assign_to(web, assignee)["status"] == "accepted"


def test_an_inspectors_assignment_is_checked_against_the_hazards_enterprise(web):
    assert assign_to(web, "worker2", INSPECTOR)["code"] == "hazard.bad_assignee"
    assert assign_to(web, "worker1", INSPECTOR)["status"] == "accepted"


# --- whose posts a tick may be on ----------------------------------------------------------------

WORKER2 = Actor(user_id=UserId("worker2"), role=Role.WORKER, tenant=LATHES)
MANAGER2 = Actor(user_id=UserId("manager2"), role=Role.SAFETY_MANAGER, tenant=LATHES)


def tick_lathe(web: TestClient, actor: Actor, post: str) -> Any:
    """Push a passing tick of the lathe card on ``post`` from a fresh phone; its result."""
    with web.app.state.engine.connect() as conn:  # type: ignore[attr-defined]
        body = conn.execute(
            select(reference.c.body).where(
                reference.c.kind == "card", reference.c.id == "CARD-LATHE"
            )
        ).scalar_one()
    card = CheckCard.model_validate(body)
    phone = Device(f"phone-{actor.user_id}-{post}", actor, tenant=LATHES)
    payload = {
        "post_id": post,
        "card_id": card.id,
        "card_version": card.version,
        "period": "2026-11-02",
        "items": {item.id: {"result": "pass"} for item in card.items},
        "started_at": "2026-11-02T08:00:00+00:00",
        "completed_at": "2026-11-02T08:05:00+00:00",
    }
    instance = card_instance_id(post, card.id, "2026-11-02")
    ticked = phone.event(E.CARD_SUBMITTED, instance, base=0, payload=payload)
    return push(web, str(actor.user_id), phone, [ticked])[0]


def set_posts_of(web: TestClient, user_id: str, posts: list[str]) -> None:
    answer = web.put(
        f"/v1/users/{user_id}/posts", json={"posts": posts}, headers=as_(web, "manager2")
    )
    assert answer.status_code == 200, answer.text


@pytest.mark.parametrize(
    ("actor", "post", "status", "code"),
    [
        (WORKER2, "P-LATHE-1", "accepted", None),  # worker2's own lathe
        (WORKER2, "P-LATHE-2", "rejected", "card.post_not_held"),  # another shift's lathe
        (MANAGER2, "P-LATHE-2", "accepted", None),  # a manager stands in on any post
    ],
)
def test_a_tick_is_accepted_only_on_a_post_the_worker_holds(web, actor, post, status, code):
    result = tick_lathe(web, actor, post)

    assert (result["status"], result["code"]) == (status, code)
    if code is not None:
        assert result["reason"].startswith("post P-LATHE-2 is not one of your posts")


def test_a_tick_made_before_the_worker_was_moved_to_another_post_is_accepted(web):
    set_posts_of(web, "worker2", ["P-LATHE-1"])
    set_posts_of(web, "worker2", ["P-LATHE-2"])

    assert tick_lathe(web, WORKER2, "P-LATHE-1")["status"] == "accepted"


def test_where_nobody_holds_a_post_every_post_is_everyones(web):
    set_posts_of(web, "worker2", [])

    assert tick_lathe(web, WORKER2, "P-LATHE-2")["status"] == "accepted"
