"""Opening a post from its card: a QR picture or the typed manual code, checked offline.

The QR keys and posts come with the reference data, so a scan works without a network. A code
that opens nothing is refused with a ``ScanRefused`` whose message tells the worker why and
what to do: not a card of ours, another enterprise's, forged, replaced by a reprint, not one of
their posts, or nothing readable in the picture (closer, more light).
"""

from __future__ import annotations

from collections.abc import Sequence

from mobile.qr_decoders import QrDecoder
from mobile.reference import qr_key, tenants
from mobile.scan import ScanRefused, read_codes, scan_card
from mobile.services.catalog import PostCard, has_reference, my_posts
from mobile.store import Store
from shared.errors import QrError, QrForeignTenant, QrMalformed
from shared.ids import PostId, TenantId
from shared.qr import QrKind, QrPayload, match_manual_code, verify_qr
from shared.roles import Actor

__all__ = [
    "ENTERPRISE_CARD_VERSION",
    "NOT_IN_GRID",
    "UNKNOWN_ENTERPRISE_CODE",
    "open_enterprise_scanned",
    "open_enterprise_typed",
    "open_scanned",
    "open_typed",
]

ENTERPRISE_CARD_VERSION = 1
"""The version printed on every enterprise card (``sync_server.lists.queries``)."""
NOT_IN_GRID = "profile.refused.not_in_grid"
"""An inspector's refusal: a genuine-looking card of an enterprise outside their grid."""
UNKNOWN_ENTERPRISE_CODE = "profile.refused.unknown_code"
"""An inspector's refusal: no enterprise of their grid has the typed code."""


def open_scanned(
    store: Store, actor: Actor, picture: bytes, decoders: Sequence[QrDecoder] | None = None
) -> PostCard:
    """The post whose card is in the picture.

    Raises:
        ScanRefused: Why no post opens (see the module docstring).
    """
    tenant = _tenant(store, actor)
    payload = scan_card(
        picture,
        key_for=lambda t: qr_key(store, t),
        accepted_tenants={tenant},
        decoders=decoders,
    )
    if payload.kind is not QrKind.POST or payload.post_id is None:
        raise ScanRefused("scan.enterprise_card")
    post = _mine(store, actor, payload.post_id)
    if payload.version != post.post.qr_version:
        raise ScanRefused("scan.retired_card", f"version {payload.version}")
    return post


def open_typed(store: Store, actor: Actor, code: str) -> PostCard:
    """The post whose printed manual code was typed (forgiving case, dashes, O/0, I/1).

    Raises:
        ScanRefused: ``scan.bad_manual_code`` for text that cannot be a code,
            ``scan.unknown_manual_code`` when none of the worker's posts has it.
    """
    tenant = _tenant(store, actor)
    key = qr_key(store, tenant)
    posts = my_posts(store, actor)
    candidates = (
        [
            (
                QrPayload(
                    kind=QrKind.POST, tenant=tenant, target_id=p.post.id, version=p.post.qr_version
                ),
                key,
            )
            for p in posts
        ]
        if key
        else []
    )
    try:
        found = match_manual_code(code, candidates)
    except QrMalformed as exc:
        raise ScanRefused("scan.bad_manual_code", str(exc)) from exc
    if found is None or found.post_id is None:
        raise ScanRefused("scan.unknown_manual_code")
    return _mine(store, actor, found.post_id)


def _tenant(store: Store, actor: Actor) -> TenantId:
    if not has_reference(store, actor) or actor.tenant is None:
        raise ScanRefused("scan.no_reference")
    return actor.tenant


def _mine(store: Store, actor: Actor, post_id: PostId) -> PostCard:
    post = next((p for p in my_posts(store, actor) if p.post.id == post_id), None)
    if post is None:
        raise ScanRefused("scan.not_your_post", post_id)
    if post.card is None:
        raise ScanRefused("scan.no_card", post_id)
    return post


def open_enterprise_scanned(
    store: Store, picture: bytes, decoders: Sequence[QrDecoder] | None = None
) -> TenantId:
    """The enterprise of the inspector's grid whose enterprise card (or post card) is pictured.

    Raises:
        ScanRefused: ``scan.no_reference`` before the first sync, ``NOT_IN_GRID`` for a card
            of an enterprise outside the grid, else as ``scan_card`` (forged, unreadable…).
    """
    grid = set(tenants(store))
    if not grid:
        raise ScanRefused("scan.no_reference")
    texts = read_codes(picture, decoders)
    if not texts:
        raise ScanRefused("scan.no_code")
    refusals: list[ScanRefused] = []
    for text in texts:
        try:
            payload = verify_qr(text, key_for=lambda t: qr_key(store, t), accepted_tenants=grid)
        except QrForeignTenant as exc:
            refusals.append(ScanRefused(NOT_IN_GRID, str(exc)))
            continue
        except QrError as exc:
            refusals.append(ScanRefused(exc.code, str(exc)))
            continue
        return payload.tenant
    raise _most_telling(refusals)


def open_enterprise_typed(store: Store, code: str) -> TenantId:
    """The enterprise of the grid whose enterprise card's manual code was typed.

    Raises:
        ScanRefused: ``scan.bad_manual_code`` for text that cannot be a code,
            ``UNKNOWN_ENTERPRISE_CODE`` when no enterprise of the grid has it.
    """
    grid = tenants(store)
    if not grid:
        raise ScanRefused("scan.no_reference")
    candidates = [
        (
            QrPayload(
                kind=QrKind.ENTERPRISE,
                tenant=tenant,
                target_id="",
                version=ENTERPRISE_CARD_VERSION,
            ),
            key,
        )
        for tenant in grid
        if (key := qr_key(store, tenant))
    ]
    try:
        found = match_manual_code(code, candidates)
    except QrMalformed as exc:
        raise ScanRefused("scan.bad_manual_code", str(exc)) from exc
    if found is None:
        raise ScanRefused(UNKNOWN_ENTERPRISE_CODE)
    return found.tenant


_RANK = {"qr.tampered": 4, NOT_IN_GRID: 3, "qr.unknown_version": 2}


def _most_telling(refusals: list[ScanRefused]) -> ScanRefused:
    return max(refusals, key=lambda r: _RANK.get(r.code, 1))
