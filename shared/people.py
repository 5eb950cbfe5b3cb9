"""People: who an account is (name, phone, department, 执法证号), and who may take a rectification.

The record names people by username (``worker1``), because a username never changes and a
name may; what a person reads is their name. ``shown_name`` is the one place that turns one
into the other, falling back to the username when no name is set.

Who may be given a rectification is a rule table (``ASSIGNEE_RULES``), asked by the phone's
picker (only eligible people are offered) and again by the server before it stores a
``hazard.assigned`` (a hand-made push naming anyone else is refused with ``BadAssignee``).
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable, Mapping
from enum import StrEnum
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field

from shared.errors import BadAssignee, BadResponsible, PostNotHeld
from shared.events import EventType
from shared.hazard_rules import TENANT_ROLES
from shared.ids import GridUnitId, PostId, TenantId, UserId
from shared.lifecycle import PERMITTED_ROLES
from shared.roles import Role
from shared.text import ID_LIMIT, ONE_LINE, LineText, ShortText, TextKind, limit

__all__ = [
    "ASSIGNEE_RULES",
    "RECTIFYING_ROLES",
    "AssigneeProblem",
    "Person",
    "Profile",
    "assignee_problem",
    "assignee_refusal",
    "eligible_assignees",
    "may_tick",
    "post_refusal",
    "shown_name",
]

PHONE_PATTERN = r"^[0-9+\- ()]*$"
"""Digits, a leading +, spaces, dashes and brackets: 0335-1234567, +86 138 0000 0000."""

OptionalName = Annotated[str, limit(TextKind.NAME), ONE_LINE]
PhoneText = Annotated[ShortText, Field(pattern=PHONE_PATTERN)]


class Profile(BaseModel):
    """What an account says about the person behind it; every field may be left empty.

    ``badge_no`` (执法证号), ``authority`` (发证机关, 秦皇岛市海港区应急管理局) and its
    ``authority_code`` (海港应急, used to number notices) are an inspector's.
    """

    model_config = ConfigDict(extra="forbid", frozen=True)

    display_name: OptionalName = ""
    phone: PhoneText = ""
    department: OptionalName = ""
    badge_no: ShortText = ""
    authority: LineText = ""
    authority_code: ShortText = ""


class Person(Profile):
    """An account as others see it: its profile, role, scope, whether it is active, its posts."""

    model_config = ConfigDict(extra="ignore", frozen=True)

    user_id: Annotated[UserId, ID_LIMIT, ONE_LINE]
    role: Role
    tenant: TenantId | None = None
    grid_unit: GridUnitId | None = None
    active: bool = True
    posts: tuple[PostId, ...] = ()

    @property
    def name(self) -> str:
        """The name to show: the display name, or the username when none is set."""
        return self.display_name.strip() or self.user_id


def shown_name(user_id: str | None, people: Mapping[str, Person]) -> str:
    """The name to show for a username in the record; the username itself for a stranger."""
    if not user_id:
        return ""
    person = people.get(user_id)
    return person.name if person is not None else user_id


RECTIFYING_ROLES = frozenset(PERMITTED_ROLES[EventType.HAZARD_RECTIFIED] & TENANT_ROLES)
"""Roles that may be given a rectification: those who may submit one, in the enterprise."""


class AssigneeProblem(StrEnum):
    """Why a person may not be given a rectification of an enterprise."""

    UNKNOWN = "unknown"  # no such account
    DISABLED = "disabled"  # the account is disabled
    OTHER_ENTERPRISE = "other_enterprise"  # the account is another enterprise's (or none's)
    ROLE = "role"  # the role never rectifies (inspector, regulator, admin)


ASSIGNEE_RULES: tuple[tuple[AssigneeProblem, Callable[[Person, str], bool]], ...] = (
    (AssigneeProblem.DISABLED, lambda person, _: not person.active),
    (AssigneeProblem.ROLE, lambda person, _: person.role not in RECTIFYING_ROLES),
    (AssigneeProblem.OTHER_ENTERPRISE, lambda person, tenant: person.tenant != tenant),
)
"""The rules in order; the first that holds is the answer (an unknown person fails them all)."""

_MESSAGES = {
    AssigneeProblem.UNKNOWN: "there is no user {assignee}",
    AssigneeProblem.DISABLED: "{assignee} is disabled and can take no rectification",
    AssigneeProblem.OTHER_ENTERPRISE: "{assignee} does not belong to this enterprise",
    AssigneeProblem.ROLE: "{assignee} is {role}, who rectifies no hazard; assign a worker",
}


_ROLE_WORDS = {
    Role.INSPECTOR: "an inspector",
    Role.REGULATOR: "a regulator",
    Role.ADMIN: "an administrator",
}


def assignee_problem(person: Person | None, tenant: str) -> AssigneeProblem | None:
    """Why ``person`` may not be given a rectification of ``tenant``, or None when they may."""
    if person is None:
        return AssigneeProblem.UNKNOWN
    return next((problem for problem, holds in ASSIGNEE_RULES if holds(person, tenant)), None)


def assignee_refusal(assignee: str, person: Person | None, tenant: str) -> BadAssignee | None:
    """The error refusing ``assignee`` (looked up as ``person``), or None when they may take it."""
    problem = assignee_problem(person, tenant)
    if problem is None:
        return None
    role = _ROLE_WORDS.get(person.role, "") if person is not None else ""
    message = _MESSAGES[problem].format(assignee=assignee, role=role)
    return BadAssignee(message, assignee=assignee, why=problem.value)


def responsible_refusal(user_id: str, person: Person | None, tenant: str) -> BadResponsible | None:
    """The error refusing ``user_id`` as a list entry's 责任人, or None when they may be.

    A 责任人 answers for the entry on site, so the rules are a rectification's assignee's: an
    active worker or safety manager of the enterprise (issue 21: a person, not free text).
    """
    problem = assignee_problem(person, tenant)
    if problem is None:
        return None
    role = _ROLE_WORDS.get(person.role, "") if person is not None else ""
    words = _MESSAGES[problem].format(assignee=user_id, role=role).split(";")[0]
    return BadResponsible(f"责任人 {user_id}: {words}", responsible=user_id, why=problem.value)


def eligible_assignees(people: Iterable[Person], tenant: str) -> list[Person]:
    """Whom a picker offers for a rectification of ``tenant``: workers first, then by name."""
    eligible = [person for person in people if assignee_problem(person, tenant) is None]
    return sorted(eligible, key=lambda p: (p.role is not Role.WORKER, p.name, p.user_id))


def may_tick(role: Role, post_id: str, held: Collection[str], *, anyone_holds: bool) -> bool:
    """Whether someone of ``role`` holding ``held`` may tick ``post_id``'s check card.

    A worker ticks the posts they hold ("my posts"); a safety manager any post of their
    enterprise, as they stand in for an absent worker. While nobody in the enterprise holds a
    post (a small place whose manager assigned none), every post is everyone's. The phone
    offers only these posts; the server checks every pushed tick by the same rule.
    """
    if role is not Role.WORKER or not anyone_holds:
        return True
    return post_id in held


def post_refusal(
    role: Role, post_id: str, held: Collection[str], *, anyone_holds: bool
) -> PostNotHeld | None:
    """The error refusing a tick of ``post_id`` (see ``may_tick``), or None when it may be made."""
    if may_tick(role, post_id, held, anyone_holds=anyone_holds):
        return None
    return PostNotHeld(
        f"post {post_id} is not one of your posts; ask your safety manager to assign it to you",
        post_id=post_id,
    )
