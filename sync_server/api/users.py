"""Managing other users: disable, enable, reset a password, end every sign-in.

An admin manages anyone; a safety manager the workers of their own enterprise (another
enterprise's users answer 404, as if they did not exist); every other role gets 403.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path
from pydantic import BaseModel, ConfigDict, Field

from sync_server.deps import ActorDep, EngineDep
from sync_server.user_admin import managed_user, revoke_sign_ins, set_disabled, set_password

router = APIRouter(prefix="/v1/users", tags=["users"])


class PasswordReset(BaseModel):
    """The user's new password (at least 8 characters), to be handed to them in person."""

    model_config = ConfigDict(extra="forbid")

    new_password: str = Field(min_length=1, max_length=256)


class UserState(BaseModel):
    """A managed user after the change."""

    user_id: str
    disabled: bool
    sign_ins_revoked: bool


UserName = Annotated[str, Path(min_length=1, max_length=64)]
"""A username in a path, as long as the users table allows."""


@router.post("/{user_id}/disable")
def disable(user_id: UserName, actor: ActorDep, engine: EngineDep) -> UserState:
    """Disable a user: their tokens stop working at their next request, and sign-in fails."""
    with engine.begin() as conn:
        managed_user(conn, actor, user_id)
        set_disabled(conn, user_id, disabled=True, by=actor.user_id)
    return UserState(user_id=user_id, disabled=True, sign_ins_revoked=True)


@router.post("/{user_id}/enable")
def enable(user_id: UserName, actor: ActorDep, engine: EngineDep) -> UserState:
    """Enable a disabled user; they sign in again with their password."""
    with engine.begin() as conn:
        managed_user(conn, actor, user_id)
        set_disabled(conn, user_id, disabled=False, by=actor.user_id)
    return UserState(user_id=user_id, disabled=False, sign_ins_revoked=False)


@router.post("/{user_id}/password")
def reset_password(
    user_id: UserName, body: PasswordReset, actor: ActorDep, engine: EngineDep
) -> UserState:
    """Set a forgotten password; every sign-in the user had ends."""
    with engine.begin() as conn:
        row = managed_user(conn, actor, user_id)
        set_password(conn, user_id, body.new_password, by=actor.user_id)
    return UserState(user_id=user_id, disabled=bool(row.disabled), sign_ins_revoked=True)


@router.post("/{user_id}/revoke")
def revoke(user_id: UserName, actor: ActorDep, engine: EngineDep) -> UserState:
    """End every sign-in of a user (a lost phone); the password stays."""
    with engine.begin() as conn:
        row = managed_user(conn, actor, user_id)
        revoke_sign_ins(conn, user_id, by=actor.user_id)
    return UserState(user_id=user_id, disabled=bool(row.disabled), sign_ins_revoked=True)
