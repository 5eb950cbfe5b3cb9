"""Signing in and out on the phone: the session stays on the device until the user signs out.

After the first sign-in the phone works offline: the session (and its refresh token) is kept in
the store, so the app opens straight to the worker's day without a network. Signing out forgets
only the tokens; queued events stay and are sent at the next sign-in of their author.
"""

from __future__ import annotations

import httpx

from mobile.local_record import LocalRecord
from mobile.services.preferences import with_changes
from mobile.wiring import Phone
from shared.roles import Actor

__all__ = ["sign_in", "sign_out", "signed_in_actor", "unsynced_count", "use_server"]


def signed_in_actor(phone: Phone) -> Actor | None:
    """Who is signed in on this phone, or None (the sign-in screen)."""
    session = phone.session.current()
    return None if session is None else session.actor


def sign_in(phone: Phone, username: str, password: str) -> Actor:
    """Sign in with the server and wake the sync loop, which fetches the posts and cards.

    Raises:
        SignInRequired: Wrong name or password.
        Offline: The server cannot be reached (the first sign-in needs it).
    """
    session = phone.session.sign_in(username.strip(), password)
    phone.loop.resume()
    return session.actor


def sign_out(phone: Phone) -> None:
    """Forget the tokens; every unsent event stays on the phone for the next sign-in."""
    phone.session.sign_out()


def use_server(phone: Phone, address: str) -> str:
    """Sync with the server at ``address`` from now on, and remember it on the phone.

    A phone is handed out with the app and told its server once (on the sign-in screen or in
    settings); the address outlives restarts and wins over the one the app was built with.

    Returns:
        The address as kept (without a trailing slash).

    Raises:
        ValueError: Not an ``http://`` or ``https://`` address.
    """
    cleaned = address.strip().rstrip("/")
    try:
        url = httpx.URL(cleaned)
    except httpx.InvalidURL as exc:
        raise ValueError(f"not a web address: {address!r}") from exc
    if url.scheme not in ("http", "https") or not url.host or any(c.isspace() for c in cleaned):
        raise ValueError(f"not a web address: {address!r}")
    with_changes(phone.store, server=cleaned)
    phone.http.base_url = cleaned
    phone.loop.resume()
    return cleaned


def unsynced_count(record: LocalRecord, actor: Actor | None = None) -> int:
    """Events still only on this phone (of ``actor`` if given): what signing out would park."""
    return sum(
        1 for event in record.pending() if actor is None or event.actor.user_id == actor.user_id
    )
