"""What a 不合格 tick and a hazard report must carry to stand when a record is disputed.

A card item says what its failed tick needs (``CardItem.evidence``: a photo, a note, or either);
a hazard report needs a photo unless the reporter says why there is none. The phone applies
these rules before it saves an event and the server when one is pushed, with the same code
(``evidence.missing``). Events already stored are never judged again: the rules came after
them, and a record is never lost to a rule made later.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from shared.cards import CardItem, CheckCard, Evidence, ItemResult
from shared.errors import EvidenceMissing
from shared.events import Event, EventType
from shared.ids import ItemId
from shared.payloads import CardSubmitted, HazardReported, ItemTick
from shared.roles import Role

__all__ = [
    "FALLBACK",
    "card_lacks",
    "evidence_refusal",
    "report_lacks_photo",
    "tick_lacks",
]

FALLBACK = Evidence.PHOTO_OR_NOTE
"""What a failed tick needs when its item cannot be found at the ticked card version (a card
redefined since): the least every item asks, so a phone with an older card is not refused."""

EXEMPT_REPORTERS = frozenset({Role.INSPECTOR})
"""Reporters whose hazards are evidenced elsewhere: an inspector's finding is on the signed
整改通知书 of the inspection that files it, with its own note and photos."""


def tick_lacks(evidence: Evidence, result: ItemResult, note: str, photos: int) -> Evidence | None:
    """What a tick still needs (the item's ``evidence``), or None when it may be saved."""
    if result is not ItemResult.FAIL:
        return None
    has_note, has_photo = bool(note.strip()), photos > 0
    enough = {
        Evidence.PHOTO: has_photo,
        Evidence.NOTE: has_note,
        Evidence.PHOTO_OR_NOTE: has_photo or has_note,
    }[evidence]
    return None if enough else evidence


def card_lacks(
    ticks: Mapping[ItemId, ItemTick], items: Iterable[CardItem]
) -> dict[ItemId, Evidence]:
    """Each ticked item lacking evidence, and what it needs.

    Items not in ``items`` need :data:`FALLBACK`.
    """
    asked = {item.id: item.evidence for item in items}
    lacking: dict[ItemId, Evidence] = {}
    for item_id, tick in ticks.items():
        needs = tick_lacks(asked.get(item_id, FALLBACK), tick.result, tick.note, len(tick.photos))
        if needs is not None:
            lacking[item_id] = needs
    return lacking


def report_lacks_photo(photos: int, no_photo_reason: str, reporter: Role) -> bool:
    """Whether a report has neither a photo nor a reason why there is none."""
    if reporter in EXEMPT_REPORTERS:
        return False
    return photos == 0 and not no_photo_reason.strip()


def evidence_refusal(event: Event, card: CheckCard | None) -> EvidenceMissing | None:
    """Why a new event lacks evidence, or None; ``card`` is the ticked card as stored, if any.

    Only the card's items at the ticked version count: another version's items may have
    asked for something else, so the ticks fall back to :data:`FALLBACK`.
    """
    if event.type is EventType.CARD_SUBMITTED:
        submitted: CardSubmitted = event.parsed()  # type: ignore[assignment]
        same = card is not None and card.version == submitted.card_version
        items = card.items if card is not None and same else ()
        lacking = card_lacks(submitted.items, items)
        if lacking:
            needs = {item: str(evidence) for item, evidence in sorted(lacking.items())}
            return EvidenceMissing(
                f"items ticked 不合格 without the evidence they need: {needs}", items=needs
            )
    if event.type is EventType.HAZARD_REPORTED:
        report: HazardReported = event.parsed()  # type: ignore[assignment]
        reason = report.no_photo_reason
        if report_lacks_photo(len(report.photos), reason, event.actor.role):
            return EvidenceMissing(
                "a hazard report needs a photo, or a reason why there is none (no_photo_reason)",
                needs="photo_or_reason",
            )
    return None
