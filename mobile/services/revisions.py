"""Revision notices on the manager's phone: the card items whose standard was revised.

The phone keeps the library (``mobile.services.standards``) and the enterprise's cards; after
a new library version arrives, ``pending_revisions`` lists each post's items whose standard
now reads otherwise, and the manager takes the new text or keeps the old one for each. The
answer is a new definition of the post's card (``card.defined``), saved like any action.
"""

from __future__ import annotations

from collections.abc import Sequence

from mobile.local_record import LocalRecord
from mobile.services.actions import Action, record_action
from mobile.services.catalog import PostCard, my_posts
from mobile.services.onboarding import new_card_id
from shared.errors import NotPermitted
from shared.events import Event, EventType
from shared.ids import TenantId
from shared.lifecycle import PERMITTED_ROLES
from shared.revisions import Revision, answered, revisions_of
from shared.roles import Actor
from shared.standards import StandardsLibrary

__all__ = ["answer_revisions", "pending_revisions"]


def pending_revisions(
    record: LocalRecord, actor: Actor, library: StandardsLibrary
) -> list[tuple[PostCard, Revision]]:
    """Every revised item of the enterprise's posts' cards, by post.

    A post whose card was defined anew on this phone and not yet synced is left out: the
    answer is on its way, and asking again would define the card twice.
    """
    waiting = {
        str(e.payload.get("post_id")) for e in record.pending() if e.type is EventType.CARD_DEFINED
    }
    return [
        (post, revision)
        for post in my_posts(record.store, actor)
        if post.card is not None and post.post.id not in waiting
        for revision in revisions_of(post.card, library)
    ]


def answer_revisions(
    record: LocalRecord,
    actor: Actor,
    post: PostCard,
    library: StandardsLibrary,
    item_ids: Sequence[str],
    *,
    take: bool,
) -> Event:
    """Take (or keep) the revised text of these items: the post's card defined anew.

    A card defined on phones keeps its id (its version goes up; old ticks stay readable); an
    imported card cannot be redefined under its id, so the post gets a new card.

    Raises:
        NotPermitted: Only a safety manager answers; nothing is saved.
        ValueError: The post has no card.
    """
    if actor.role not in PERMITTED_ROLES[EventType.CARD_DEFINED]:
        raise NotPermitted(f"a {actor.role} may not define post cards")
    card = post.card
    if card is None:
        raise ValueError("the post has no card")
    items = answered(card, library, item_ids, take=take)
    payload = {
        "post_id": post.post.id,
        "name": card.name,
        "items": [item.model_dump(mode="json") for item in items],
        "library_version": library.version,
    }
    card_id = card.id if card.in_force_from is not None else new_card_id()
    tenant = TenantId(actor.tenant or "")
    return record_action(record, Action(actor, tenant, card_id, EventType.CARD_DEFINED, payload))
