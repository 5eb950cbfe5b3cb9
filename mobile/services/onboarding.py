"""Onboarding (企业有清单、岗位有卡片): a post's card proposed from the library, then saved.

A safety manager picks what the enterprise is (an industry, or one of the ten 十小 kinds,
prefilled from the enterprise) and a post; the library proposes the standards that apply; the
manager keeps, removes or adds standards; saving makes one ``card.defined`` event like any other
action, so it is saved on the phone at once and reaches the workers' phones through the server.
Every item keeps the code of its standard and the library version (``shared.standards``).
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Sequence

from mobile.local_record import LocalRecord
from mobile.services.actions import Action, record_action
from mobile.services.catalog import PostCard
from shared.errors import NotPermitted
from shared.events import Event, EventType
from shared.ids import TenantId
from shared.lifecycle import PERMITTED_ROLES
from shared.org import INDUSTRY_NAMES, SMALL_PLACE_NAMES, Enterprise, Industry, SmallPlaceKind
from shared.roles import Actor
from shared.standards import HazardStandard, SmallPlaceStandard, StandardsLibrary, card_items

__all__ = [
    "BASES",
    "Basis",
    "basis_name",
    "basis_of",
    "define_card",
    "new_card_id",
    "parse_basis",
    "proposed",
]

Basis = Industry | SmallPlaceKind
"""What a card is proposed for: an industry, or a kind of 十小 place."""

Standard = HazardStandard | SmallPlaceStandard

BASES: tuple[Basis, ...] = (
    *SmallPlaceKind,
    *(industry for industry in Industry if industry is not Industry.SMALL_PLACE),
)
"""Every choice on the onboarding screen: the ten 十小 kinds first, then the industries."""


def basis_of(enterprise: Enterprise | None) -> Basis:
    """The enterprise's own kind: its 十小 kind, else its industry (小餐饮 when unknown)."""
    if enterprise is None:
        return SmallPlaceKind.RESTAURANT
    return enterprise.small_place_kind or enterprise.industry


def parse_basis(value: str) -> Basis | None:
    """A basis from its value, or None (an industry and a kind never share a value)."""
    for kind in (SmallPlaceKind, Industry):
        try:
            found: Basis = kind(value)
        except ValueError:
            continue
        return found if found is not Industry.SMALL_PLACE else None
    return None


def basis_name(basis: Basis) -> str:
    """小餐饮, 机械加工 …: the name the city uses."""
    if isinstance(basis, SmallPlaceKind):
        return SMALL_PLACE_NAMES[basis]
    return INDUSTRY_NAMES[basis]


def proposed(library: StandardsLibrary, basis: Basis) -> tuple[Standard, ...]:
    """The standards the library proposes for this kind of place, in library order."""
    if isinstance(basis, SmallPlaceKind):
        return library.for_small_place(basis)
    return library.for_industry(basis)


def new_card_id(make: Callable[[], uuid.UUID] = uuid.uuid4) -> str:
    """A fresh card id: a defined card never reuses an imported card's id."""
    return f"C-{make().hex[:16].upper()}"


def define_card(  # noqa: PLR0913 - the post, the standards, and who answers for it
    record: LocalRecord,
    actor: Actor,
    post: PostCard,
    chosen: Sequence[Standard],
    library: StandardsLibrary,
    *,
    card_id: str | None = None,
    responsible: str | None = None,
) -> Event:
    """Save the post's new card, one item per chosen standard, as a ``card.defined`` event.

    The post's name is the job title printed as each item's 责任人: on a small place the
    person at the post is the one who checks it. ``responsible`` names that person (a user
    id of the enterprise, which the server checks) on every item.

    Raises:
        NotPermitted: The user's role may not define cards (only a safety manager may).
        ValueError: No standard was chosen (a card has at least one item).
        InvalidInput: The card does not fit the payload (too many items); nothing is saved.
    """
    if actor.role not in PERMITTED_ROLES[EventType.CARD_DEFINED]:
        raise NotPermitted(f"a {actor.role} may not define post cards")
    if not chosen:
        raise ValueError("a card needs at least one standard")
    items = card_items(chosen, library.version, [post.post.name] * len(chosen))
    if responsible is not None:
        items = tuple(item.model_copy(update={"responsible": responsible}) for item in items)
    payload = {
        "post_id": post.post.id,
        "name": f"{post.post.name}检查卡",
        "items": [item.model_dump(mode="json") for item in items],
        "library_version": library.version,
    }
    tenant = TenantId(actor.tenant or "")
    action = Action(actor, tenant, card_id or new_card_id(), EventType.CARD_DEFINED, payload)
    return record_action(record, action)
