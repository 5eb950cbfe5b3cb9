"""Short-lived signed links to a notice PDF, for a browser or a phone's PDF viewer.

A phone opens a document in the system browser, which has no bearer token. So a signed-in
user who may see the notice asks for a link (``GET /v1/documents/notice-link``); the link
names the notice and an expiry, signed with the server's secret, and works without a token
until it expires. The signature is the permission: it says who could see it asked for it.
"""

from __future__ import annotations

import hashlib
import hmac
from datetime import datetime, timedelta
from urllib.parse import urlencode

__all__ = ["LINK_LIFETIME", "link_query", "link_valid"]

LINK_LIFETIME = timedelta(minutes=10)
"""How long a link opens its document: enough to open it, too short to pass around."""


def link_query(secret: bytes, kind: str, target: str, now: datetime) -> str:
    """The query string of a signed link to ``kind`` (hazard or inspection) ``target``."""
    expires = int((now + LINK_LIFETIME).timestamp())
    return urlencode(
        {kind: target, "expires": expires, "sig": _sign(secret, kind, target, expires)}
    )


def link_valid(
    secret: bytes, *, kind: str, target: str, expires: int, sig: str, now: datetime
) -> bool:
    """Whether a link's signature matches and it has not expired."""
    expected = _sign(secret, kind, target, expires)
    # Bytes: compare_digest refuses str with non-ASCII characters, which a link may hold.
    same = hmac.compare_digest(sig.encode("utf-8"), expected.encode("ascii"))
    return same and now.timestamp() <= expires


def _sign(secret: bytes, kind: str, target: str, expires: int) -> str:
    message = f"notice-link:{kind}:{target}:{expires}".encode()
    return hmac.new(secret, message, hashlib.sha256).hexdigest()[:32]
