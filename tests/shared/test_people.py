"""Who may take a rectification, and which name a person is shown by: the rule tables."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import ValidationError

from shared.errors import BadAssignee
from shared.ids import TenantId, UserId
from shared.people import (
    RECTIFYING_ROLES,
    AssigneeProblem,
    Person,
    Profile,
    assignee_problem,
    assignee_refusal,
    eligible_assignees,
    may_tick,
    post_refusal,
    shown_name,
)
from shared.roles import Role
from shared.text import LIMITS, TextKind

KITCHEN = TenantId("KITCHEN")
LATHES = TenantId("LATHES")
P = AssigneeProblem


def person(
    user_id: str = "worker1",
    role: Role = Role.WORKER,
    tenant: str | None = KITCHEN,
    *,
    active: bool = True,
    name: str = "",
) -> Person:
    return Person(
        user_id=UserId(user_id),
        role=role,
        tenant=TenantId(tenant) if tenant else None,
        active=active,
        display_name=name,
    )


@pytest.mark.parametrize(
    ("who", "problem"),
    [
        (person(), None),
        (person("manager1", Role.SAFETY_MANAGER), None),
        (None, P.UNKNOWN),
        (person(active=False), P.DISABLED),
        (person(tenant=LATHES), P.OTHER_ENTERPRISE),
        (person("inspector1", Role.INSPECTOR, None), P.ROLE),
        (person("regulator1", Role.REGULATOR, None), P.ROLE),
        (person("admin", Role.ADMIN, None), P.ROLE),
        (person(active=False, tenant=LATHES), P.DISABLED),  # the first rule that holds
    ],
)
def test_who_may_take_a_kitchen_rectification(who, problem):
    assert assignee_problem(who, KITCHEN) == problem


def test_the_roles_that_rectify_are_the_enterprises_workers_and_managers():
    assert frozenset({Role.WORKER, Role.SAFETY_MANAGER}) == RECTIFYING_ROLES


def test_a_refusal_carries_the_stable_code_whom_and_why():
    refusal = assignee_refusal("nobody99", None, KITCHEN)

    assert isinstance(refusal, BadAssignee)
    assert refusal.as_problem() == {
        "code": "hazard.bad_assignee",
        "message": "there is no user nobody99",
        "details": {"assignee": "nobody99", "why": "unknown"},
    }


people_strategy = st.lists(
    st.builds(
        person,
        user_id=st.sampled_from(["a", "b", "c", "d"]),
        role=st.sampled_from(list(Role)),
        tenant=st.sampled_from([KITCHEN, LATHES, None]),
        active=st.booleans(),
        name=st.sampled_from(["", "王师傅", "李店长"]),
    ),
    max_size=8,
)


@given(people_strategy)
def test_the_picker_offers_exactly_those_the_server_accepts(people):
    offered = eligible_assignees(people, KITCHEN)

    assert all(assignee_refusal(p.user_id, p, KITCHEN) is None for p in offered)
    refused = [p for p in people if p not in offered]
    assert all(assignee_refusal(p.user_id, p, KITCHEN) is not None for p in refused)


def test_the_picker_lists_workers_first_then_by_name():
    people = [
        person("manager1", Role.SAFETY_MANAGER, name="李店长"),
        person("worker9", name="赵师傅"),
        person("worker1", name="王师傅"),
    ]

    assert [p.user_id for p in eligible_assignees(people, KITCHEN)] == [
        "worker1",
        "worker9",
        "manager1",
    ]


@pytest.mark.parametrize(
    ("user_id", "shown"),
    [
        ("worker1", "王师傅"),  # named
        ("worker2", "worker2"),  # known, no name set
        ("nobody99", "nobody99"),  # unknown: the record's word
        (None, ""),
    ],
)
def test_a_person_is_shown_by_name_or_else_by_username(user_id, shown):
    people = {"worker1": person(name="王师傅"), "worker2": person("worker2", name="  ")}

    assert shown_name(user_id, people) == shown


@pytest.mark.parametrize(
    ("field", "kind"),
    [
        ("display_name", TextKind.NAME),
        ("phone", TextKind.SHORT),
        ("department", TextKind.NAME),
        ("badge_no", TextKind.SHORT),
        ("authority", TextKind.LINE),
        ("authority_code", TextKind.SHORT),
    ],
)
def test_each_profile_field_stops_at_its_kinds_maximum(field, kind):
    fill = "1" if field == "phone" else "证"
    Profile.model_validate({field: fill * LIMITS[kind]})
    with pytest.raises(ValidationError, match="at most"):
        Profile.model_validate({field: fill * (LIMITS[kind] + 1)})


@pytest.mark.parametrize("phone", ["0335-1234567", "+86 138 0000 0000", "(0335) 123", ""])
def test_a_phone_number_takes_digits_and_separators(phone):
    assert Profile(phone=phone).phone == phone


@pytest.mark.parametrize("phone", ["call me", "138\n0000", "１３８"])
def test_a_phone_number_refuses_anything_else(phone):
    with pytest.raises(ValidationError):
        Profile(phone=phone)


@pytest.mark.parametrize(
    ("role", "post", "anyone_holds", "may"),
    [
        (Role.WORKER, "P-STOVE", True, True),  # their own post
        (Role.WORKER, "P-OVEN", True, False),  # a colleague's post
        (Role.WORKER, "P-OVEN", False, True),  # nobody holds a post: every post is everyone's
        (Role.SAFETY_MANAGER, "P-OVEN", True, True),  # a manager stands in on any post
    ],
    ids=["own", "colleagues", "unassigned-enterprise", "manager"],
)
def test_a_worker_ticks_the_posts_they_hold_and_a_manager_any(role, post, anyone_holds, may):
    assert may_tick(role, post, {"P-STOVE"}, anyone_holds=anyone_holds) is may
    refusal = post_refusal(role, post, {"P-STOVE"}, anyone_holds=anyone_holds)
    assert (refusal is None) is may
    if refusal is not None:
        assert refusal.as_problem()["code"] == "card.post_not_held"
        assert refusal.details == {"post_id": post}
