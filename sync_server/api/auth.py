"""Sign-in and token refresh."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Request
from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy import Connection

from shared.roles import Actor
from sync_server.accounts import LoginThrottle, TokenIssuer, authenticate
from sync_server.deps import ActorDep, EngineDep, ReaderDep, SettingsDep, TokensDep
from sync_server.settings import Settings
from sync_server.sign_ins import SignInDep

router = APIRouter(prefix="/v1/auth", tags=["auth"])


class LoginRequest(BaseModel):
    """A username and password."""

    model_config = ConfigDict(extra="forbid")

    username: str = Field(min_length=1, max_length=64)
    password: str = Field(min_length=1, max_length=256)


class RefreshRequest(BaseModel):
    """A refresh token from an earlier sign-in."""

    model_config = ConfigDict(extra="forbid")

    refresh_token: str = Field(min_length=1, max_length=200)


class Session(BaseModel):
    """What a phone keeps after signing in."""

    access_token: str
    refresh_token: str
    token_type: str = "bearer"
    expires_in: int
    actor: Actor


def get_throttle(request: Request) -> LoginThrottle:
    """The app's login throttle."""
    throttle: LoginThrottle = request.app.state.throttle
    return throttle


@router.post("/login")
def login(  # noqa: PLR0913 - the request and what handling it needs
    body: LoginRequest,
    engine: EngineDep,
    reader: ReaderDep,
    tokens: TokensDep,
    settings: SettingsDep,
    throttle: Annotated[LoginThrottle, Depends(get_throttle)],
    sign_ins: SignInDep,
) -> Session:
    """Sign in with a username and password."""
    throttle.check(body.username)
    with reader.connect() as conn:
        # Checked outside any write: argon2id takes ~0.1 s, and on SQLite a write transaction
        # held that long stalls every push (found by bench/load.py: 200 sign-ins took 39 s).
        actor = authenticate(conn, body.username, body.password)
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


def _session(conn: Connection, actor: Actor, tokens: TokenIssuer, settings: Settings) -> Session:
    """A fresh token pair; the refresh token is stored in the caller's transaction."""
    return Session(
        access_token=tokens.access_token(actor),
        refresh_token=tokens.refresh_token(conn, actor),
        expires_in=settings.access_token_seconds,
        actor=actor,
    )


@router.get("/me")
def me(actor: ActorDep) -> Actor:
    """Who the token says you are."""
    return actor
