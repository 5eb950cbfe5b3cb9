"""Sign-in, token refresh and changing one's own password."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Request
from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy import Connection, select

from shared.errors import InvalidInput
from shared.people import Person
from shared.roles import Actor
from shared.text import ONE_LINE, PASSWORD_MAX
from sync_server.accounts import (
    TokenIssuer,
    authenticate,
    password_matches,
    token_generation,
)
from sync_server.deps import ActorDep, EngineDep, ReaderDep, SettingsDep, TokensDep
from sync_server.people import person
from sync_server.problems import Unauthenticated
from sync_server.schema import users
from sync_server.settings import Settings
from sync_server.sign_in_limits import SignInLimits
from sync_server.sign_ins import SignInDep
from sync_server.user_admin import set_password

router = APIRouter(prefix="/v1/auth", tags=["auth"])


class LoginRequest(BaseModel):
    """A username and password."""

    model_config = ConfigDict(extra="forbid")

    # One line: a NUL would reach the users table, which PostgreSQL answers with an error.
    username: Annotated[str, Field(min_length=1, max_length=64), ONE_LINE]
    password: str = Field(min_length=1, max_length=PASSWORD_MAX)


class RefreshRequest(BaseModel):
    """A refresh token from an earlier sign-in."""

    model_config = ConfigDict(extra="forbid")

    refresh_token: str = Field(min_length=1, max_length=200)


class PasswordChange(BaseModel):
    """One's current password, and the new one (at least 8 characters)."""

    model_config = ConfigDict(extra="forbid")

    current_password: str = Field(min_length=1, max_length=PASSWORD_MAX)
    new_password: str = Field(min_length=1, max_length=PASSWORD_MAX)


class Session(BaseModel):
    """What a phone keeps after signing in."""

    access_token: str
    refresh_token: str
    token_type: str = "bearer"
    expires_in: int
    actor: Actor
    person: Person | None = None  # the name and profile to show for the actor


def get_limits(request: Request) -> SignInLimits:
    """The app's sign-in bounds."""
    limits: SignInLimits = request.app.state.sign_in_limits
    return limits


LimitsDep = Annotated[SignInLimits, Depends(get_limits)]


def client_address(request: Request) -> str:
    """The caller's address as the server sees it (uvicorn's, after trusted proxy headers)."""
    return request.client.host if request.client else "unknown"


@router.post("/login")
def login(  # noqa: PLR0913 - the request and what handling it needs
    body: LoginRequest,
    request: Request,
    engine: EngineDep,
    reader: ReaderDep,
    tokens: TokensDep,
    settings: SettingsDep,
    limits: LimitsDep,
    sign_ins: SignInDep,
) -> Session:
    """Sign in with a username and password (throttled per name and address; see the docs)."""
    address = client_address(request)
    limits.admit(body.username, address)
    try:
        # Checked outside any write: argon2id takes ~0.1 s, and on SQLite a write transaction
        # held that long stalls every push (bench/load.py: 200 sign-ins took 39 s).
        actor = authenticate(reader, body.username, body.password, slot=limits.checks.slot())
    except Unauthenticated:
        limits.failed(address)
        raise
    with engine.begin() as conn:
        sign_ins.record(conn, actor, via="password")
        return _session(conn, actor, tokens, settings)


@router.post("/refresh")
def refresh(
    body: RefreshRequest,
    engine: EngineDep,
    tokens: TokensDep,
    settings: SettingsDep,
    sign_ins: SignInDep,
) -> Session:
    """Trade a refresh token for a new pair; each refresh token works once."""
    with engine.begin() as conn:
        actor = tokens.redeem(conn, body.refresh_token)
        sign_ins.record(conn, actor, via="refresh")
        return _session(conn, actor, tokens, settings)


@router.post("/password")
def change_password(  # noqa: PLR0913 - the request and what handling it needs
    body: PasswordChange,
    request: Request,
    actor: ActorDep,
    engine: EngineDep,
    reader: ReaderDep,
    tokens: TokensDep,
    settings: SettingsDep,
    limits: LimitsDep,
) -> Session:
    """Change one's own password: every other sign-in ends, and this answer is the new one."""
    limits.admit(actor.user_id, client_address(request))
    with reader.connect() as conn:
        stored = conn.execute(
            select(users.c.password_hash).where(users.c.id == actor.user_id)
        ).scalar()
    if not password_matches(stored, body.current_password, slot=limits.checks.slot()):
        limits.failed(client_address(request))
        # Not a 401: the caller is signed in, and a phone treats 401 as "sign in again".
        raise InvalidInput("the current password is wrong", field="current_password")
    with engine.begin() as conn:
        set_password(conn, actor.user_id, body.new_password, by=actor.user_id)
        return _session(conn, actor, tokens, settings)


def _session(conn: Connection, actor: Actor, tokens: TokenIssuer, settings: Settings) -> Session:
    """A fresh token pair; the refresh token is stored in the caller's transaction."""
    generation = token_generation(conn, actor.user_id)
    return Session(
        access_token=tokens.access_token(actor, generation=generation),
        refresh_token=tokens.refresh_token(conn, actor),
        expires_in=settings.access_token_seconds,
        actor=actor,
        person=person(conn, actor.user_id),
    )


@router.get("/me")
def me(actor: ActorDep) -> Actor:
    """Who the token says you are."""
    return actor


@router.get("/profile")
def profile(actor: ActorDep, reader: ReaderDep) -> Person:
    """Your name, phone, department and (an inspector's) 执法证号 and authority, and your posts."""
    with reader.connect() as conn:
        found = person(conn, actor.user_id)
    if found is None:  # the token outlived the account: treat as signed out
        raise Unauthenticated("no such user")
    return found
