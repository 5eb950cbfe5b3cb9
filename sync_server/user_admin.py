"""The user lifecycle: disable, enable, set a password, and end every sign-in of a user.

Each change that should end sign-ins revokes the user's refresh tokens and moves their token
generation on, so their access tokens open nothing from the next request on (the table is read
per request, see ``accounts.signed_in_actor``). Every change is audited. Who may change whom is
:func:`managed_user`: an admin anyone, a safety manager only the workers of their enterprise.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Connection, Row, insert, select, update
from sqlalchemy.exc import IntegrityError

from shared.errors import NotPermitted
from shared.roles import Actor, Role
from sync_server.accounts import check_new_password, hash_password
from sync_server.people import mark_changed
from sync_server.problems import NotFound
from sync_server.schema import audit, refresh_tokens, token_generations, users

CLI_ACTOR = "cli"
"""The audit actor of a change made with ``python -m sync_server`` on the server itself."""


def managed_user(conn: Connection, actor: Actor, user_id: str) -> Row[Any]:
    """The user row ``actor`` may manage.

    Raises:
        NotPermitted: The actor's role manages nobody, or not this kind of user.
        NotFound: No such user in the actor's reach (another enterprise's look the same).
    """
    if actor.role not in (Role.ADMIN, Role.SAFETY_MANAGER):
        raise NotPermitted(f"a {actor.role} does not manage accounts")
    row = conn.execute(select(users).where(users.c.id == user_id)).first()
    if row is None or (actor.role == Role.SAFETY_MANAGER and row.tenant != actor.tenant):
        raise NotFound(f"no user {user_id}")
    if actor.role == Role.SAFETY_MANAGER and row.role != Role.WORKER.value:
        raise NotPermitted("a safety manager manages the workers of their enterprise only")
    return row


def set_disabled(conn: Connection, user_id: str, *, disabled: bool, by: str) -> None:
    """Disable (ending every sign-in at once) or enable a user."""
    _must_exist(conn, user_id)
    conn.execute(update(users).where(users.c.id == user_id).values(disabled=disabled))
    mark_changed(conn, user_id)
    if disabled:
        revoke_sign_ins(conn, user_id, by=by, audited=False)
    _audit(conn, by, "user.disabled" if disabled else "user.enabled", user_id)


def set_password(conn: Connection, user_id: str, password: str, *, by: str) -> None:
    """Give a user a new password and end every sign-in they had.

    Raises:
        InvalidInput: The password is too short.
    """
    check_new_password(password)
    _must_exist(conn, user_id)
    conn.execute(
        update(users).where(users.c.id == user_id).values(password_hash=hash_password(password))
    )
    revoke_sign_ins(conn, user_id, by=by, audited=False)
    _audit(conn, by, "user.password_set", user_id)


def revoke_sign_ins(conn: Connection, user_id: str, *, by: str, audited: bool = True) -> int:
    """End every sign-in: refresh tokens revoked, access tokens refused; the new generation."""
    _must_exist(conn, user_id)
    conn.execute(
        update(refresh_tokens)
        .where(refresh_tokens.c.user_id == user_id, refresh_tokens.c.revoked.is_(False))
        .values(revoked=True)
    )
    generation = _next_generation(conn, user_id)
    if audited:
        _audit(conn, by, "user.sign_ins_revoked", user_id)
    return generation


def _next_generation(conn: Connection, user_id: str) -> int:
    now = datetime.now(UTC)
    key = token_generations.c.user_id == user_id
    moved = conn.execute(
        update(token_generations)
        .where(key)
        .values(generation=token_generations.c.generation + 1, changed_at=now)
    )
    if moved.rowcount == 0:
        try:
            with conn.begin_nested():
                conn.execute(
                    insert(token_generations).values(user_id=user_id, generation=1, changed_at=now)
                )
        except IntegrityError:  # a concurrent revocation made the row first: move it on
            return _next_generation(conn, user_id)
    return int(conn.execute(select(token_generations.c.generation).where(key)).scalar_one())


def _must_exist(conn: Connection, user_id: str) -> None:
    if conn.execute(select(users.c.id).where(users.c.id == user_id)).first() is None:
        raise NotFound(f"no user {user_id}")


def _audit(conn: Connection, by: str, action: str, user_id: str) -> None:
    conn.execute(
        insert(audit).values(
            at=datetime.now(UTC), actor=by, action=action, subject=user_id, detail={}
        )
    )
