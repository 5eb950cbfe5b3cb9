"""Accounts: argon2id password hashes, signed access tokens and rotating refresh tokens."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import re
import secrets
import time
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import Connection, Engine, insert, select, update

from shared.errors import InvalidInput
from shared.ids import GridUnitId, TenantId, UserId
from shared.roles import Actor, Role
from sync_server.people import mark_changed
from sync_server.problems import Unauthenticated
from sync_server.schema import refresh_tokens, token_generations, users
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
    check_new_password(password)
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
    mark_changed(conn, user_id)
    return actor


MIN_PASSWORD = 8


def check_new_password(password: str, field: str = "password") -> None:
    """Refuse a password too short to be worth hashing."""
    if len(password) < MIN_PASSWORD:
        raise InvalidInput(f"a password needs at least {MIN_PASSWORD} characters", field=field)


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


def authenticate(
    reader: Engine,
    username: str,
    password: str,
    *,
    slot: AbstractContextManager[None] | None = None,
) -> Actor:
    """The actor for a correct username and password; the same error for any wrong pair.

    ``slot`` bounds how many checks run at once (``SignInLimits.checks.slot()``). The row is
    read and the connection given back before the wait for a slot, so sign-ins queued behind
    the checks hold no pooled connection that pushes need, and no transaction.
    """
    with reader.connect() as conn:
        row = conn.execute(select(users).where(users.c.id == username)).first()
    if not password_matches(row.password_hash if row else None, password, slot=slot):
        raise Unauthenticated("wrong username or password")
    if row is None or row.disabled:
        raise Unauthenticated("wrong username or password")
    return _actor(row.id, Role(row.role), row.tenant, row.grid_unit)


def password_matches(
    stored: str | None, password: str, *, slot: AbstractContextManager[None] | None = None
) -> bool:
    """Whether ``password`` fits the hash; for no hash, one check of a dummy hash all the same.

    The dummy has the same parameters as a real hash, so timing does not tell which names
    exist; it costs as much memory too, which is why every check waits for a ``slot``.
    """
    with slot or nullcontext():
        try:
            return bool(_hasher.verify(stored or _DUMMY_HASH, password)) and stored is not None
        except (VerificationError, InvalidHashError):
            return False


def load_actor(conn: Connection, user_id: str) -> Actor:
    """The current scope of a user, read fresh so a changed role takes effect at refresh."""
    row = conn.execute(select(users).where(users.c.id == user_id)).first()
    if row is None or row.disabled:
        raise Unauthenticated("this account no longer exists")
    return _actor(row.id, Role(row.role), row.tenant, row.grid_unit)


def token_generation(conn: Connection, user_id: str) -> int:
    """The user's token generation: access tokens of an older one no longer open anything."""
    found = conn.execute(
        select(token_generations.c.generation).where(token_generations.c.user_id == user_id)
    ).scalar()
    return int(found or 0)


@dataclass(frozen=True)
class AccessClaims:
    """What a valid access token says: who, and the token generation it was issued in."""

    actor: Actor
    generation: int


def signed_in_actor(conn: Connection, claims: AccessClaims) -> Actor:
    """The actor of a token, as the users table says now (one primary-key read a request).

    A token outlives nothing: a user removed, disabled, or whose tokens were revoked (a
    password change bumps the generation) is refused at the next request, and a changed role
    or scope applies at once. A forged token for a user that does not exist opens nothing.

    Raises:
        Unauthenticated: The user is gone or disabled, or the token's generation is past.
    """
    row = conn.execute(
        select(
            users.c.id,
            users.c.role,
            users.c.tenant,
            users.c.grid_unit,
            users.c.disabled,
            token_generations.c.generation,
        )
        .select_from(users.outerjoin(token_generations, token_generations.c.user_id == users.c.id))
        .where(users.c.id == claims.actor.user_id)
    ).first()
    if row is None or row.disabled or (row.generation or 0) != claims.generation:
        raise Unauthenticated("this sign-in has ended: sign in again")
    return _actor(row.id, Role(row.role), row.tenant, row.grid_unit)


class TokenIssuer:
    """Stateless access tokens (HMAC-signed claims) and stored, rotating refresh tokens."""

    def __init__(self, settings: Settings) -> None:
        self._key = hashlib.sha256(b"access-token:" + settings.signing_secret()).digest()
        self._settings = settings

    def access_token(self, actor: Actor, *, generation: int = 0, now: float | None = None) -> str:
        """A short-lived token carrying the actor and the user's token generation."""
        issued = time.time() if now is None else now
        claims = {
            **actor.model_dump(mode="json"),
            "gen": generation,
            "exp": int(issued) + self._settings.access_token_seconds,
        }
        body = _b64(json.dumps(claims, separators=(",", ":")).encode())
        return f"{body}.{_b64(self._sign(body))}"

    def verify(self, token: str, *, now: float | None = None) -> AccessClaims:
        """The claims of a validly signed, unexpired token (check them with signed_in_actor)."""
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
        generation = claims.pop("gen", None)
        if not isinstance(generation, int) or isinstance(generation, bool):
            raise Unauthenticated("the sign-in has expired or is not valid")
        return AccessClaims(Actor.model_validate(claims), generation)

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


def _aware(moment: datetime) -> datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


_URL_SAFE = re.compile(r"[A-Za-z0-9_-]*")


def _unb64(text: str) -> bytes:
    """Strict: URL-safe alphabet, no padding, and the one canonical spelling of the bytes.

    The decoder alone also took ``=``, ``+`` and ``/`` and ignored stray bits, so one token had
    many spellings (issue 13).
    """
    if not _URL_SAFE.fullmatch(text) or len(text) % 4 == 1:
        raise ValueError("not unpadded URL-safe base64")
    data = base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
    if _b64(data) != text:
        raise ValueError("not the canonical spelling")
    return data
