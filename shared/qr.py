"""Signed QR payloads for printed post and enterprise cards, and their typed fallback code.

The payload uses only the QR alphanumeric character set (``0-9 A-Z space $ % * + - . / :``),
which packs 5.5 bits a character, so the code stays small and scans on cheap phones::

    SK1:<KIND>:<TENANT>:<TARGET>:<VERSION>:<SIGNATURE>
    SK1:P:91330100MA2AXXXX1K:P-0001:3:NYXV7LG5OJC4OH6E     a post card, manual code M8Q5-5M0X
    SK1:E:91330100MA2AXXXX1K::1:YEFZQR6SDYZ72V4S           an enterprise card (empty target)

(Both signed with ``derive_tenant_key(b"demo-master", tenant)``; a test pins them.)

* ``SK1`` is the format version. Anything starting ``SK<digits>:`` is recognisably ours, so a
  code from a newer format says "update the app" instead of "not a code of ours".
* ``KIND`` is ``P`` (post) or ``E`` (enterprise).
* ``TENANT`` and ``TARGET`` are 1 to 32 characters of ``0-9 A-Z $ % * + - . /`` (no space,
  no colon); ``TARGET`` is the post id for a post card and empty for an enterprise card.
* ``VERSION`` is the card version in decimal, 0 to 999999, without leading zeros, so that one
  payload has exactly one spelling.
* ``SIGNATURE`` is HMAC-SHA256 under the tenant's key over everything before the last colon,
  cut to 10 bytes and written in RFC 4648 base32 without padding: 16 characters of ``A-Z 2-7``.
  80 bits make forging by trial hopeless, and 16 characters fill the bits exactly, so each
  signature has one spelling too.

The manual code is HMAC-SHA256 under the same key over ``manual:`` + the unsigned text, cut to
5 bytes and written in Crockford base32: 8 characters shown as ``XXXX-XXXX``.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import re
from collections.abc import Callable, Collection, Iterable
from enum import StrEnum

from pydantic import BaseModel, ConfigDict

from shared.errors import (
    InvalidInput,
    QrForeignTenant,
    QrMalformed,
    QrTampered,
    QrUnknownVersion,
)
from shared.ids import PostId, TenantId

__all__ = [
    "FORMAT_VERSION",
    "MANUAL_CODE_LENGTH",
    "MAX_CARD_VERSION",
    "QrKind",
    "QrPayload",
    "derive_tenant_key",
    "manual_code",
    "match_manual_code",
    "parse_qr",
    "sign_qr",
    "verify_qr",
]

FORMAT_VERSION = 1
"""The payload format this build writes and reads."""
MAX_CARD_VERSION = 999_999
"""Card versions beyond this would only make the code bigger; none will be reached."""
MANUAL_CODE_LENGTH = 8
"""Crockford base32 characters in a manual code: 40 bits, typed as two groups of four."""

_SIGNATURE_BYTES = 10
_ID_CHARS = r"[0-9A-Z$%*+\-./]"
_ID = re.compile(rf"{_ID_CHARS}{{1,32}}", re.ASCII)
_OURS = re.compile(r"SK([0-9]+):", re.ASCII)
_V1 = re.compile(
    rf"SK1:([PE]):({_ID_CHARS}{{1,32}}):({_ID_CHARS}{{0,32}}):(0|[1-9][0-9]{{0,5}}):([A-Z2-7]{{16}})",
    re.ASCII,
)
_CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
_RFC4648 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"
_TO_CROCKFORD = str.maketrans(_RFC4648, _CROCKFORD)
_CROCKFORD_READING = str.maketrans({"O": "0", "I": "1", "L": "1", "-": None, " ": None})


class QrKind(StrEnum):
    """What a printed card opens."""

    POST = "P"  # 岗位 card: opens that post's inspection card
    ENTERPRISE = "E"  # 企业 card: identifies the enterprise, e.g. for an inspector's visit


class QrPayload(BaseModel):
    """What a card's code says, before signing or after verifying.

    The model only holds types; the character and range rules are checked when encoding
    (``InvalidInput``), and ``parse_qr`` only ever builds payloads that follow them.

    Attributes:
        kind: Post or enterprise card.
        tenant: The enterprise that printed the card and owns the key.
        target_id: The post id for a post card; empty for an enterprise card.
        version: The card version, so a reprinted card can retire the old one.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    kind: QrKind
    tenant: TenantId
    target_id: str
    version: int

    @property
    def post_id(self) -> PostId | None:
        """The post a post card opens; None for an enterprise card."""
        return PostId(self.target_id) if self.kind is QrKind.POST else None


def derive_tenant_key(master: bytes, tenant: TenantId) -> bytes:
    """Derive a tenant's QR key, so the server keeps one secret and a leaked key stays local.

    Args:
        master: The server's master secret.
        tenant: The enterprise.

    Returns:
        32 bytes: HMAC-SHA256(master, b"qr-key:" + tenant).

    Raises:
        InvalidInput: ``master`` is empty.
    """
    if not master:
        raise InvalidInput("the QR master secret is empty")
    return hmac.digest(master, b"qr-key:" + tenant.encode("utf-8"), hashlib.sha256)


def sign_qr(payload: QrPayload, key: bytes) -> str:
    """The full text to print in the card's QR code.

    Args:
        payload: What the card opens.
        key: The tenant's QR key (see ``derive_tenant_key``).

    Returns:
        The signed payload in the format described in the module docstring.

    Raises:
        InvalidInput: An id outside the allowed characters or lengths, a target id on an
            enterprise card (or none on a post card), a version out of range, or an empty key.
    """
    unsigned = _unsigned_text(payload)
    return f"{unsigned}:{_signature(unsigned, key)}"


def parse_qr(text: str) -> tuple[QrPayload, str]:
    """Read a scanned code's structure without checking the signature.

    Args:
        text: The decoded QR text; whitespace around it is ignored, nothing else is forgiven.

    Returns:
        The payload and its signature text.

    Raises:
        QrMalformed: Not one of our codes, cut off, or a field of the wrong shape.
        QrUnknownVersion: Starts like ours (``SK<n>:``) with a format version this build
            cannot read.
    """
    text = text.strip()
    ours = _OURS.match(text)
    if ours is None:
        raise QrMalformed("this is not a 双控巡检 card code")
    if ours.group(1) != str(FORMAT_VERSION):
        raise QrUnknownVersion(
            f"card code format SK{ours.group(1)} is not supported by this app version",
            format=f"SK{ours.group(1)}",
        )
    match = _V1.fullmatch(text)
    if match is None:
        raise QrMalformed("the card code is damaged or incomplete")
    kind, tenant, target_id, version, signature = match.groups()
    if (kind == QrKind.POST) != bool(target_id):
        raise QrMalformed("the card code is damaged or incomplete")
    payload = QrPayload(
        kind=QrKind(kind), tenant=TenantId(tenant), target_id=target_id, version=int(version)
    )
    return payload, signature


def verify_qr(
    text: str,
    *,
    key_for: Callable[[TenantId], bytes | None],
    accepted_tenants: Collection[TenantId] | None,
) -> QrPayload:
    """Accept a scanned code only if it is ours, readable, for an accepted tenant and genuine.

    The checks run in this order, each with its own error, because each later check needs the
    earlier one to have passed and because the message must tell a worker what to do:

    1. ``QrMalformed``: nothing can be read ("not a card code").
    2. ``QrUnknownVersion``: ours, but the rest cannot be interpreted ("update the app").
    3. ``QrForeignTenant``: the tenant is not accepted here, or no key is known for it. This
       comes before the signature because without the tenant's key a genuine card of another
       enterprise would otherwise look "tampered"; "not your enterprise" is what a worker who
       scanned the neighbour's card can act on. Tenant ids are not secret, so nothing leaks.
    4. ``QrTampered``: the signature does not match (compared in constant time).

    Args:
        text: The decoded QR text.
        key_for: The QR key of a tenant, or None (or empty) when this device or server has none.
        accepted_tenants: The tenants whose cards may open anything here; None to rely on
            ``key_for`` alone.

    Returns:
        The verified payload.

    Raises:
        QrMalformed: See step 1.
        QrUnknownVersion: See step 2.
        QrForeignTenant: See step 3.
        QrTampered: See step 4.
    """
    payload, signature = parse_qr(text)
    key = None
    if accepted_tenants is None or payload.tenant in accepted_tenants:
        key = key_for(payload.tenant)
    if not key:
        raise QrForeignTenant("this card belongs to another enterprise", tenant=payload.tenant)
    expected = _signature(_unsigned_text(payload), key)
    if not hmac.compare_digest(signature, expected):
        raise QrTampered("this card code is forged or altered", tenant=payload.tenant)
    return payload


def manual_code(payload: QrPayload, key: bytes) -> str:
    """The code printed under the QR, for typing when the camera cannot read it.

    Derived from a keyed HMAC (with its own label, so it says nothing about the QR signature),
    so it cannot be guessed from the post id; Crockford base32 avoids look-alike characters.

    Args:
        payload: What the card opens.
        key: The tenant's QR key.

    Returns:
        Eight characters in two groups, like ``K7QM-2XPA``.

    Raises:
        InvalidInput: As for ``sign_qr``.
    """
    code = _manual_digits(payload, key)
    return f"{code[:4]}-{code[4:]}"


def match_manual_code(code: str, candidates: Iterable[tuple[QrPayload, bytes]]) -> QrPayload | None:
    """Find which known card a typed code belongs to; the phone tries the posts it knows.

    Typing is forgiven as Crockford base32 allows: case, dashes, spaces, ``O`` for ``0`` and
    ``I``/``L`` for ``1``.

    Args:
        code: What the user typed.
        candidates: Each known card's payload with its tenant's key.

    Returns:
        The first candidate whose code matches, or None when none does.

    Raises:
        QrMalformed: The typed text cannot be a manual code (wrong length or characters).
        InvalidInput: A candidate payload that could never be encoded.
    """
    typed = code.strip().upper().translate(_CROCKFORD_READING)
    if len(typed) != MANUAL_CODE_LENGTH or not set(typed) <= set(_CROCKFORD):
        raise QrMalformed("a manual code is 8 letters and digits, like K7QM-2XPA")
    for payload, key in candidates:
        if hmac.compare_digest(typed, _manual_digits(payload, key)):
            return payload
    return None


def _unsigned_text(payload: QrPayload) -> str:
    if not _ID.fullmatch(payload.tenant):
        raise InvalidInput(
            f"tenant {payload.tenant!r} must be 1-32 of 0-9 A-Z $ % * + - . /",
            tenant=payload.tenant,
        )
    if payload.kind is QrKind.ENTERPRISE and payload.target_id:
        raise InvalidInput("an enterprise card has no target id", target_id=payload.target_id)
    if payload.kind is QrKind.POST and not _ID.fullmatch(payload.target_id):
        raise InvalidInput(
            f"post id {payload.target_id!r} must be 1-32 of 0-9 A-Z $ % * + - . /",
            target_id=payload.target_id,
        )
    if not 0 <= payload.version <= MAX_CARD_VERSION:
        raise InvalidInput(
            f"card version {payload.version} is outside 0..{MAX_CARD_VERSION}",
            version=payload.version,
        )
    return (
        f"SK{FORMAT_VERSION}:{payload.kind.value}:{payload.tenant}:"
        f"{payload.target_id}:{payload.version}"
    )


def _mac(key: bytes, message: str) -> bytes:
    if not key:
        raise InvalidInput("the QR key is empty")
    return hmac.digest(key, message.encode("ascii"), hashlib.sha256)


def _signature(unsigned: str, key: bytes) -> str:
    digest = _mac(key, unsigned)[:_SIGNATURE_BYTES]
    return base64.b32encode(digest).decode("ascii")


def _manual_digits(payload: QrPayload, key: bytes) -> str:
    # 5 bytes are 40 bits: exactly 8 base32 characters, no padding, no spare bits.
    digest = _mac(key, "manual:" + _unsigned_text(payload))[:5]
    return base64.b32encode(digest).decode("ascii").translate(_TO_CROCKFORD)
