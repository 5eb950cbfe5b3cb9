"""Accounts: argon2id password hashes, signed access tokens and rotating refresh tokens."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import secrets
import time
from collections import deque
from datetime import UTC, datetime, timedelta

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import Connection, insert, select, update

from shared.errors import InvalidInput
from shared.ids import GridUnitId, TenantId, UserId
from shared.roles import Actor, Role
from sync_server.problems import RateLimited, Unauthenticated
from sync_server.schema import refresh_tokens, users
from sync_server.settings import Settings

_hasher = PasswordHasher()  # argon2id, 64 MiB, memory-hard by design
_DUMMY_HASH = _hasher.hash("not a password")


def hash_password(password: str) -> str:
    """An argon2id hash; the parameters travel inside it, so they can be raised later."""
    return _hasher.hash(password)


def create_user(  # noqa: PLR0913 - keyword-only: the fields of one account
    conn: Connection,
    *,
    user_id: str,
    password: str,
    actor_role: Role,
    tenant: str | None = None,
    grid_unit: str | None = None,
    display_name: str = "",
) -> Actor:
    """Store a new user; a tenant role needs an enterprise, a grid role needs a grid unit."""
    actor = _actor(user_id, actor_role, tenant, grid_unit)
    if len(password) < 8:
        raise InvalidInput("a password needs at least 8 characters", field="password")
    conn.execute(
        insert(users).values(
            id=user_id,
            password_hash=hash_password(password),
            role=actor_role.value,
            tenant=tenant,
            grid_unit=grid_unit,
            display_name=display_name or user_id,
            created_at=datetime.now(UTC),
            disabled=False,
        )
    )
    return actor


def _actor(user_id: str, role: Role, tenant: str | None, grid_unit: str | None) -> Actor:
    if role in (Role.WORKER, Role.SAFETY_MANAGER) and not tenant:
        raise InvalidInput(f"a {role} belongs to an enterprise: give its tenant", field="tenant")
    if role in (Role.INSPECTOR, Role.REGULATOR) and not grid_unit:
        raise InvalidInput(f"a {role} works in a grid unit: give it", field="grid_unit")
    return Actor(
        user_id=UserId(user_id),
        role=role,
        tenant=TenantId(tenant) if tenant else None,
        grid_unit=GridUnitId(grid_unit) if grid_unit else None,
    )


def authenticate(conn: Connection, username: str, password: str) -> Actor:
    """The actor for a correct username and password; the same error for any wrong pair."""
    row = conn.execute(select(users).where(users.c.id == username)).first()
    try:
        # Hash even for an unknown name, so timing does not tell which names exist.
        _hasher.verify(row.password_hash if row else _DUMMY_HASH, password)
    except (VerificationError, InvalidHashError):
        raise Unauthenticated("wrong username or password") from None
    if row is None or row.disabled:
        raise Unauthenticated("wrong username or password")
    return _actor(row.id, Role(row.role), row.tenant, row.grid_unit)


def load_actor(conn: Connection, user_id: str) -> Actor:
    """The current scope of a user, read fresh so a changed role takes effect at refresh."""
    row = conn.execute(select(users).where(users.c.id == user_id)).first()
    if row is None or row.disabled:
        raise Unauthenticated("this account no longer exists")
    return _actor(row.id, Role(row.role), row.tenant, row.grid_unit)


class TokenIssuer:
    """Stateless access tokens (HMAC-signed claims) and stored, rotating refresh tokens."""

    def __init__(self, settings: Settings) -> None:
        self._key = hashlib.sha256(b"access-token:" + settings.signing_secret()).digest()
        self._settings = settings

    def access_token(self, actor: Actor, *, now: float | None = None) -> str:
        """A short-lived token carrying the actor's role and scope."""
        issued = time.time() if now is None else now
        claims = {
            **actor.model_dump(mode="json"),
            "exp": int(issued) + self._settings.access_token_seconds,
        }
        body = _b64(json.dumps(claims, separators=(",", ":")).encode())
        return f"{body}.{_b64(self._sign(body))}"

    def verify(self, token: str, *, now: float | None = None) -> Actor:
        """The actor of a valid, unexpired token."""
        body, _, signature = token.partition(".")
        try:
            valid = hmac.compare_digest(_unb64(signature), self._sign(body))
            claims = json.loads(_unb64(body)) if valid else None
        except (ValueError, UnicodeDecodeError):
            claims = None
        if not isinstance(claims, dict) or claims.get("exp", 0) < (
            time.time() if now is None else now
        ):
            raise Unauthenticated("the sign-in has expired or is not valid")
        claims.pop("exp")
        return Actor.model_validate(claims)

    def refresh_token(self, conn: Connection, actor: Actor) -> str:
        """A long-lived, single-use token, stored only as its hash."""
        token = secrets.token_urlsafe(32)
        conn.execute(
            insert(refresh_tokens).values(
                token_hash=_digest(token),
                user_id=actor.user_id,
                expires_at=datetime.now(UTC)
                + timedelta(seconds=self._settings.refresh_token_seconds),
                revoked=False,
            )
        )
        return token

    def redeem(self, conn: Connection, token: str) -> Actor:
        """Spend a refresh token (rotation: each works once) and return its user's actor."""
        row = conn.execute(
            select(refresh_tokens).where(refresh_tokens.c.token_hash == _digest(token))
        ).first()
        if row is None or row.revoked or _aware(row.expires_at) < datetime.now(UTC):
            raise Unauthenticated("the sign-in has expired: sign in again")
        conn.execute(
            update(refresh_tokens)
            .where(refresh_tokens.c.token_hash == row.token_hash)
            .values(revoked=True)
        )
        return load_actor(conn, row.user_id)

    def _sign(self, body: str) -> bytes:
        return hmac.new(self._key, body.encode(), hashlib.sha256).digest()


PRUNE_FLOOR = 1024
"""The throttle sweeps out stale names once it holds this many (and then twice what is left)."""


class LoginThrottle:
    """At most N login attempts per username per minute, per server process.

    Names not tried for a minute are forgotten, so guessing at many names cannot grow it for
    ever (it kept every name ever tried until this was found by the hostile-input tests).
    """

    def __init__(self, per_minute: int) -> None:
        self._per_minute = per_minute
        self._attempts: dict[str, deque[float]] = {}
        self._prune_at = PRUNE_FLOOR

    def check(self, username: str, *, now: float | None = None) -> None:
        """Count an attempt, refusing it once the minute's allowance is used."""
        moment = time.monotonic() if now is None else now
        if len(self._attempts) >= self._prune_at:
            self._forget_before(moment - 60)
        window = self._attempts.setdefault(username, deque())
        while window and window[0] <= moment - 60:
            window.popleft()
        if len(window) >= self._per_minute:
            raise RateLimited("too many sign-in attempts: wait a minute", retry_after=60)
        window.append(moment)

    def tracked(self) -> int:
        """How many names the throttle holds (for tests and the health of a long run)."""
        return len(self._attempts)

    def _forget_before(self, moment: float) -> None:
        self._attempts = {
            name: window
            for name, window in self._attempts.items()
            if window and window[-1] > moment
        }
        # Amortised: the next sweep waits until the map has doubled again.
        self._prune_at = max(PRUNE_FLOOR, 2 * len(self._attempts))


def _aware(moment: datetime) -> datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
