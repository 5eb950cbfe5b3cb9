"""People as the server stores them: account, profile and posts, read as ``shared.people.Person``.

The name lives in ``users.display_name``; the rest of the profile in ``profiles`` (a missing row
is an empty profile) and the posts a person holds in ``post_people``. Every change is audited.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import ColumnElement, Connection, delete, insert, select, true, update

from shared.errors import UnknownReference
from shared.ids import PostId
from shared.people import Person, Profile
from shared.roles import Role
from sync_server import reference_counter
from sync_server.schema import audit, person_changes, post_people, profiles, reference, users

__all__ = [
    "PostHoldings",
    "mark_changed",
    "people",
    "person",
    "post_holdings",
    "reference_people",
    "save_profile",
    "set_posts",
]

_PROFILE_FIELDS = ("phone", "department", "badge_no", "authority", "authority_code")


def people(
    conn: Connection,
    *,
    user_ids: Iterable[str] | None = None,
    tenants: Iterable[str] | None = None,
) -> dict[str, Person]:
    """The people with these usernames, or of these enterprises (both None: everyone)."""
    where: ColumnElement[bool] = true()
    if user_ids is not None:
        where = users.c.id.in_(sorted(set(user_ids)))
    if tenants is not None:
        where = where & users.c.tenant.in_(sorted(set(tenants)))
    rows = conn.execute(
        select(users, *(profiles.c[name] for name in _PROFILE_FIELDS))
        .outerjoin(profiles, profiles.c.user_id == users.c.id)
        .where(where)
        .order_by(users.c.id)
    ).all()
    posts = _posts_of(conn, [row.id for row in rows])
    return {row.id: _person(row, posts.get(row.id, ())) for row in rows}


def people_named(conn: Connection, names: Iterable[str]) -> dict[str, Person]:
    """The people whose username or display name is one of ``names`` (an import's 责任人)."""
    wanted = sorted(set(names))
    if not wanted:
        return {}
    rows = conn.execute(
        select(users.c.id).where(users.c.id.in_(wanted) | users.c.display_name.in_(wanted))
    )
    found = [row.id for row in rows]
    return people(conn, user_ids=found) if found else {}


def person(conn: Connection, user_id: str) -> Person | None:
    """One person, or None when no account has this name."""
    return people(conn, user_ids=[user_id]).get(user_id)


def reference_people(
    conn: Connection, tenants: Iterable[str], since: int | None = None
) -> list[dict[str, Any]]:
    """The people a phone knows (``GET /v1/reference``); with ``since``, only those changed after.

    Those of the enterprises in scope, and the inspectors and regulators, whose names stand on
    the enterprises' records. Disabled people are listed too, marked inactive: their names
    still appear in the record. An official's phone number is left out; the record needs
    their name and 执法证号. A delta (``since``) reads the changed people first, so a quiet
    scope costs an indexed look-up and an empty list, not the township's people whole.
    """
    scope = frozenset(tenants)
    grid_roles = (Role.INSPECTOR.value, Role.REGULATOR.value)
    if since is None:
        found = people(conn, tenants=scope)
        officials = select(users.c.id).where(users.c.role.in_(grid_roles))
    else:
        changed = select(person_changes.c.user_id).where(person_changes.c.seq > since)
        found = {
            user_id: one
            for user_id, one in people(conn, user_ids=conn.execute(changed).scalars()).items()
            if one.tenant is not None and one.tenant in scope
        }
        officials = select(users.c.id).where(users.c.role.in_(grid_roles), users.c.id.in_(changed))
    for user_id, official in people(conn, user_ids=conn.execute(officials).scalars()).items():
        found[user_id] = official.model_copy(update={"phone": ""})
    return [found[user_id].model_dump(mode="json") for user_id in sorted(found)]


def mark_changed(conn: Connection, user_id: str) -> None:
    """Number a change of this person from the reference counter, for phones' deltas.

    Called in the writing transaction of every change a phone shows (account made, name,
    profile, posts, disabled or enabled), as reference rows take theirs.
    """
    seq = reference_counter.take(conn)
    key = person_changes.c.user_id == user_id
    if conn.execute(update(person_changes).where(key).values(seq=seq)).rowcount == 0:
        conn.execute(insert(person_changes).values(user_id=user_id, seq=seq))


def _person(row: Any, posts: Iterable[str]) -> Person:
    profile = {name: getattr(row, name) or "" for name in _PROFILE_FIELDS}
    name = "" if row.display_name == row.id else row.display_name
    return Person.model_validate(
        {
            **profile,
            "display_name": name,
            "user_id": row.id,
            "role": row.role,
            "tenant": row.tenant,
            "grid_unit": row.grid_unit,
            "active": not row.disabled,
            "posts": tuple(sorted(posts)),
        },
        context={"stored": True},
    )


def _posts_of(conn: Connection, user_ids: list[str]) -> dict[str, list[str]]:
    if not user_ids:
        return {}
    found: dict[str, list[str]] = {}
    rows = conn.execute(
        select(post_people.c.user_id, post_people.c.post_id).where(
            post_people.c.user_id.in_(user_ids)
        )
    )
    for row in rows:
        found.setdefault(row.user_id, []).append(row.post_id)
    return found


def save_profile(conn: Connection, user_id: str, profile: Profile, *, by: str) -> None:
    """Store a person's name and profile (the caller checked that ``by`` may)."""
    conn.execute(
        update(users)
        .where(users.c.id == user_id)
        .values(display_name=profile.display_name.strip() or user_id)
    )
    values = {name: getattr(profile, name).strip() for name in _PROFILE_FIELDS}
    key = profiles.c.user_id == user_id
    if conn.execute(update(profiles).where(key).values(**values)).rowcount == 0:
        conn.execute(insert(profiles).values(user_id=user_id, **values))
    mark_changed(conn, user_id)
    _audit(conn, by, "user.profile_set", user_id, {})


def set_posts(
    conn: Connection, user_id: str, tenant: str, posts: Iterable[str], *, by: str
) -> tuple[PostId, ...]:
    """Make ``posts`` (of ``tenant``) the posts ``user_id`` holds, replacing the ones before.

    Raises:
        UnknownReference: A post that is not this enterprise's.
    """
    wanted = sorted(set(posts))
    known = set(
        conn.execute(
            select(reference.c.id).where(
                reference.c.kind == "post",
                reference.c.tenant == tenant,
                reference.c.id.in_(wanted),
            )
        ).scalars()
    )
    if missing := [post for post in wanted if post not in known]:
        raise UnknownReference(f"no post {missing[0]} in this enterprise", posts=missing)
    conn.execute(delete(post_people).where(post_people.c.user_id == user_id))
    if wanted:
        rows = [{"post_id": post, "user_id": user_id, "tenant": tenant} for post in wanted]
        conn.execute(insert(post_people), rows)
    mark_changed(conn, user_id)
    _audit(conn, by, "user.posts_set", user_id, {"posts": wanted})
    return tuple(PostId(post) for post in wanted)


@dataclass(frozen=True)
class PostHoldings:
    """What a push needs to judge its ticks by ``shared.people.may_tick``."""

    held: frozenset[str] = frozenset()  # the posts the pusher holds, or held before
    assigning: frozenset[str] = frozenset()  # the enterprises where someone holds a post


def post_holdings(conn: Connection, user_id: str, tenants: Iterable[str]) -> PostHoldings:
    """The posts ``user_id`` holds or held, and which of ``tenants`` assign posts at all.

    A post held before counts: a worker moved to another post after ticking offline still
    finds the tick accepted when the phone pushes it (the tick was theirs to make then).
    Earlier holdings are read from the audited ``user.posts_set`` of this user.
    """
    held = set(_posts_of(conn, [user_id]).get(user_id, ()))
    earlier = conn.execute(
        select(audit.c.detail).where(audit.c.action == "user.posts_set", audit.c.subject == user_id)
    ).scalars()
    for detail in earlier:
        posts = detail.get("posts", []) if isinstance(detail, dict) else []
        held |= {post for post in posts if isinstance(post, str)}
    wanted = sorted(set(tenants))
    assigning = conn.execute(
        select(post_people.c.tenant).where(post_people.c.tenant.in_(wanted)).distinct()
    ).scalars()
    return PostHoldings(frozenset(held), frozenset(assigning))


def _audit(conn: Connection, by: str, action: str, user_id: str, detail: dict[str, Any]) -> None:
    conn.execute(
        insert(audit).values(
            at=datetime.now(UTC), actor=by, action=action, subject=user_id, detail=detail
        )
    )
