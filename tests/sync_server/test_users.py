"""The user lifecycle: disable, enable, change and reset a password, revoke; tokens follow it."""

from __future__ import annotations

import base64
from typing import Any

import pytest
from fastapi.testclient import TestClient

from shared.ids import GridUnitId, UserId
from shared.roles import Actor, Role
from sync_server.accounts import TokenIssuer, create_user
from sync_server.demo import KITCHEN, seed_demo
from sync_server.problems import Unauthenticated
from sync_server.settings import Settings

PASSWORD = "demo1234"


@pytest.fixture
def city(app):
    with app.state.engine.begin() as conn:
        seed_demo(conn)
    return app


@pytest.fixture
def web(city):
    with TestClient(city) as client:
        yield client


def sign_in(web: TestClient, user: str, password: str = PASSWORD) -> dict[str, Any]:
    answer = web.post("/v1/auth/login", json={"username": user, "password": password})
    assert answer.status_code == 200, answer.text
    session: dict[str, Any] = answer.json()
    return session


def me(web: TestClient, session: dict[str, Any]) -> int:
    bearer = {"authorization": f"Bearer {session['access_token']}"}
    return int(web.get("/v1/auth/me", headers=bearer).status_code)


def as_(session: dict[str, Any]) -> dict[str, str]:
    return {"authorization": f"Bearer {session['access_token']}"}


def test_a_disabled_user_is_refused_at_the_next_request_and_cannot_refresh_or_sign_in(web):
    worker = sign_in(web, "worker1")
    manager = sign_in(web, "manager1")

    answer = web.post("/v1/users/worker1/disable", headers=as_(manager))

    assert answer.status_code == 200
    assert answer.json() == {"user_id": "worker1", "disabled": True, "sign_ins_revoked": True}
    assert me(web, worker) == 401
    refresh = web.post("/v1/auth/refresh", json={"refresh_token": worker["refresh_token"]})
    assert refresh.status_code == 401
    login = web.post("/v1/auth/login", json={"username": "worker1", "password": PASSWORD})
    assert login.status_code == 401


def test_an_enabled_user_signs_in_again_with_the_same_password(web):
    manager = sign_in(web, "manager1")
    web.post("/v1/users/worker1/disable", headers=as_(manager))

    answer = web.post("/v1/users/worker1/enable", headers=as_(manager))

    assert answer.json()["disabled"] is False
    assert me(web, sign_in(web, "worker1")) == 200


def test_changing_ones_password_ends_every_other_sign_in_and_answers_a_new_one(web):
    phone = sign_in(web, "worker1")
    tablet = sign_in(web, "worker1")
    change = {"current_password": PASSWORD, "new_password": "a-new-secret"}

    answer = web.post("/v1/auth/password", json=change, headers=as_(phone))

    assert answer.status_code == 200
    assert me(web, answer.json()) == 200
    assert me(web, phone) == 401
    assert me(web, tablet) == 401
    refresh = web.post("/v1/auth/refresh", json={"refresh_token": tablet["refresh_token"]})
    assert refresh.status_code == 401
    old = web.post("/v1/auth/login", json={"username": "worker1", "password": PASSWORD})
    assert old.status_code == 401
    assert me(web, sign_in(web, "worker1", "a-new-secret")) == 200


@pytest.mark.parametrize(
    ("current", "new", "field"),
    [
        ("wrong-password", "a-new-secret", "current_password"),  # a stolen phone is not enough
        (PASSWORD, "short", "password"),  # under 8 characters
    ],
)
def test_a_password_change_needs_the_current_password_and_a_long_enough_new_one(
    web, current, new, field
):
    session = sign_in(web, "worker1")
    change = {"current_password": current, "new_password": new}

    answer = web.post("/v1/auth/password", json=change, headers=as_(session))

    assert answer.status_code == 422
    assert answer.json()["details"]["field"] == field
    assert me(web, session) == 200  # nothing changed


def test_a_manager_resets_a_workers_password_and_the_worker_signs_in_with_it(web):
    worker = sign_in(web, "worker1")
    manager = sign_in(web, "manager1")

    answer = web.post(
        "/v1/users/worker1/password", json={"new_password": "given-in-person"}, headers=as_(manager)
    )

    assert answer.status_code == 200
    assert me(web, worker) == 401
    assert me(web, sign_in(web, "worker1", "given-in-person")) == 200


def test_revoking_ends_every_sign_in_but_keeps_the_password(web):
    worker = sign_in(web, "worker1")
    admin = sign_in(web, "admin")

    answer = web.post("/v1/users/worker1/revoke", headers=as_(admin))

    assert answer.status_code == 200
    assert me(web, worker) == 401
    refresh = web.post("/v1/auth/refresh", json={"refresh_token": worker["refresh_token"]})
    assert refresh.status_code == 401
    assert me(web, sign_in(web, "worker1")) == 200


WHO_MANAGES_WHOM = [
    # (caller, target, status): an admin anyone, a manager only their enterprise's workers.
    ("admin", "worker2", 200),
    ("admin", "manager2", 200),
    ("admin", "regulator1", 200),
    ("manager1", "worker1", 200),
    ("manager1", "worker2", 404),  # another enterprise's worker: as if there were none
    ("manager1", "manager2", 404),
    ("manager1", "nobody", 404),
    ("worker1", "worker1", 403),
    ("worker1", "manager1", 403),
    ("inspector1", "worker1", 403),
    ("regulator1", "worker1", 403),
]


ACTIONS = ["disable", "enable", "revoke", "password"]


@pytest.mark.parametrize(
    ("caller", "target", "status", "action"),
    [(*row, ACTIONS[n % len(ACTIONS)]) for n, row in enumerate(WHO_MANAGES_WHOM)]
    + [("worker1", "worker1", 403, action) for action in ACTIONS],
)
def test_who_may_manage_whom(web, caller, target, status, action):
    body = {"new_password": "given-in-person"} if action == "password" else None

    answer = web.post(f"/v1/users/{target}/{action}", json=body, headers=as_(sign_in(web, caller)))

    assert answer.status_code == status, answer.text
    if status != 200:
        assert answer.json()["code"] == {403: "auth.not_permitted", 404: "not_found"}[status]


def test_a_manager_may_not_disable_a_fellow_manager_of_their_own_enterprise(city, web):
    with city.state.engine.begin() as conn:
        create_user(
            conn,
            user_id="deputy",
            password=PASSWORD,
            actor_role=Role.SAFETY_MANAGER,
            tenant=KITCHEN,
        )

    answer = web.post("/v1/users/deputy/disable", headers=as_(sign_in(web, "manager1")))

    assert answer.status_code == 403


def test_a_validly_signed_token_for_a_user_that_does_not_exist_opens_nothing(city, web):
    # The forged regulator token of issue 13 pulled the whole city.
    ghost = Actor(user_id=UserId("ghost"), role=Role.REGULATOR, grid_unit=GridUnitId("C-QH"))
    token = city.state.tokens.access_token(ghost)

    answer = web.get("/v1/sync/pull", headers={"authorization": f"Bearer {token}"})

    assert answer.status_code == 401


def test_a_token_says_the_role_of_the_table_not_of_the_moment_it_was_issued(city, web):
    session = sign_in(web, "worker1")
    claims = Actor(user_id=UserId("worker1"), role=Role.REGULATOR, grid_unit=GridUnitId("C-QH"))
    lifted = city.state.tokens.access_token(claims)  # as if worker1 had been a regulator

    answer = web.get("/v1/auth/me", headers={"authorization": f"Bearer {lifted}"})

    assert answer.json()["role"] == "worker"
    assert me(web, session) == 200


def _respell(token: str, how: str) -> str:
    body, signature = token.split(".")
    if how == "padded":
        return f"{body}.{signature}="
    raw = base64.urlsafe_b64decode(signature + "=")
    return f"{body}.{base64.b64encode(raw).decode().rstrip('=')}"


def _token_with_a_url_safe_character(tokens: TokenIssuer) -> str:
    claims = Actor(user_id=UserId("worker1"), role=Role.WORKER, tenant=KITCHEN)
    for second in range(1000):
        token = tokens.access_token(claims, now=10**9 + second)
        if {"-", "_"} & set(token.split(".")[1]):
            return token
    raise AssertionError("no signature with - or _ in 1,000 tries")


@pytest.mark.parametrize("how", ["padded", "standard alphabet"])
def test_a_token_is_read_only_in_its_one_unpadded_url_safe_spelling(tmp_path, how):
    tokens = TokenIssuer(Settings(data_dir=tmp_path, secret=b"t" * 32))
    token = _token_with_a_url_safe_character(tokens)
    assert tokens.verify(token, now=10**9).actor.user_id == "worker1"

    with pytest.raises(Unauthenticated):
        tokens.verify(_respell(token, how), now=10**9)
