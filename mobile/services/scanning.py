"""Opening a post from its card: a QR picture or the typed manual code, checked offline.

The QR keys and posts come with the reference data, so a scan works without a network. A code
that opens nothing is refused with a ``ScanRefused`` whose message tells the worker why and
what to do: not a card of ours, another enterprise's, forged, replaced by a reprint, not one of
their posts, or nothing readable in the picture (closer, more light).
"""

from __future__ import annotations

from collections.abc import Sequence

from mobile.qr_decoders import QrDecoder
from mobile.reference import qr_key
from mobile.scan import ScanRefused, scan_card
from mobile.services.catalog import PostCard, has_reference, my_posts
from mobile.store import Store
from shared.errors import QrMalformed
from shared.ids import PostId, TenantId
from shared.qr import QrKind, QrPayload, match_manual_code
from shared.roles import Actor

__all__ = ["open_scanned", "open_typed"]


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
