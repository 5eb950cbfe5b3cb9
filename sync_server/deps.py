"""FastAPI dependencies: the engine, the settings and the signed-in actor."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from pydantic import AfterValidator
from sqlalchemy import Engine

from shared.roles import Actor
from sync_server.accounts import TokenIssuer, signed_in_actor
from sync_server.problems import Unauthenticated
from sync_server.settings import Settings

_bearer = HTTPBearer(auto_error=False)


def get_engine(request: Request) -> Engine:
    """The app's engine, created once in ``create_app``."""
    engine: Engine = request.app.state.engine
    return engine


def get_reader(request: Request) -> Engine:
    """The app's engine for reads that must not wait behind a push (pull, reference data)."""
    engine: Engine = request.app.state.reader
    return engine


def get_settings(request: Request) -> Settings:
    """The app's settings."""
    settings: Settings = request.app.state.settings
    return settings


def get_tokens(request: Request) -> TokenIssuer:
    """The app's token issuer."""
    tokens: TokenIssuer = request.app.state.tokens
    return tokens


def current_actor(
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
    tokens: Annotated[TokenIssuer, Depends(get_tokens)],
    reader: Annotated[Engine, Depends(get_reader)],
) -> Actor:
    """The actor of the request's bearer token; every /v1 endpoint but login requires one.

    The token is checked against the users table on every request (one primary-key read), so
    a disabled user or a revoked sign-in is refused at once, not when the token expires.
    """
    if credentials is None:
        raise Unauthenticated("sign in first")
    claims = tokens.verify(credentials.credentials)
    with reader.connect() as conn:
        return signed_in_actor(conn, claims)


EARLIEST_DAY = date(2000, 1, 1)
LATEST_DAY = date(2199, 12, 31)


def _plausible(day: date | None) -> date | None:
    """Refuse days no record can be about (and whose date arithmetic would overflow)."""
    if day is not None and not EARLIEST_DAY <= day <= LATEST_DAY:
        raise ValueError(f"must be a day from {EARLIEST_DAY} to {LATEST_DAY}")
    return day


Day = Annotated[date | None, AfterValidator(_plausible)]
"""A day in a query; found by schemathesis: 0001-01-01 overflowed into a 500."""

EngineDep = Annotated[Engine, Depends(get_engine)]
ReaderDep = Annotated[Engine, Depends(get_reader)]
SettingsDep = Annotated[Settings, Depends(get_settings)]
TokensDep = Annotated[TokenIssuer, Depends(get_tokens)]
ActorDep = Annotated[Actor, Depends(current_actor)]
