"""Revision notices: a card item built from a standard the library has since revised.

A new library version may change a standard's texts; the standard then says in which version
(``revised_in``). Nothing changes under an enterprise silently: each card item built from it at
an earlier version is offered to the manager with what would change (the item's text beside
the revised standard's), and the manager takes the new text or keeps the old.
Either answer is a new definition of the card (``card.defined``) whose items say which library
version they were checked against, so an answered item is not offered again and the record
shows who decided what, when. The post's own choices (frequency, 责任人, 管控目标) stay.
"""

from __future__ import annotations

from collections.abc import Sequence

from pydantic import BaseModel, ConfigDict

from shared.cards import CardItem, CheckCard
from shared.errors import UnknownReference
from shared.standards import HazardStandard, SmallPlaceStandard, StandardsLibrary, version_key

__all__ = ["Change", "Revision", "answered", "revisions_of"]

Standard = HazardStandard | SmallPlaceStandard

FIELDS: tuple[tuple[str, str], ...] = (
    ("what", "检查项"),
    ("how", "排查内容"),
    ("pass_criterion", "合格标准"),
    ("typical_hazard", "典型隐患"),
    ("five_high", "五高要素"),
    ("evidence", "不合格证据"),
)
"""The item's fields a standard's revision may change, and their names on the notice."""


class Change(BaseModel):
    """One field of an item as it reads and as the revised standard reads."""

    model_config = ConfigDict(frozen=True)

    field: str
    name: str
    before: str
    after: str


class Revision(BaseModel):
    """A card item whose standard was revised since the item was built or last answered."""

    model_config = ConfigDict(frozen=True)

    card_id: str
    item_id: str
    standard: str
    title: str
    from_version: str
    to_version: str
    changes: tuple[Change, ...]


def _as_standard(standard: Standard) -> dict[str, str]:
    return {
        "what": standard.title,
        "how": standard.how,
        "pass_criterion": standard.pass_criterion,
        "typical_hazard": "；".join(standard.typical_hazards),
        "five_high": standard.five_high.value,
        "evidence": standard.evidence.value,
    }


def _as_item(item: CardItem) -> dict[str, str]:
    found = item.model_dump(mode="json")
    return {name: str(found.get(name) or "") for name, _ in FIELDS}


def _standard_of(item: CardItem, library: StandardsLibrary) -> Standard | None:
    """The item's standard if it was revised after the version the item was checked against."""
    if item.standard is None or item.standard_version is None:
        return None
    try:
        standard = library.standard(item.standard)
    except UnknownReference:
        return None  # withdrawn: nothing to take; the item stays as it is
    revised = standard.revised_in
    if revised is None or version_key(revised) <= version_key(item.standard_version):
        return None
    return standard


def revisions_of(card: CheckCard, library: StandardsLibrary) -> list[Revision]:
    """The card's items whose standard now reads otherwise, with what changed."""
    found = []
    for item in card.items:
        standard = _standard_of(item, library)
        if standard is None:
            continue
        now, was = _as_standard(standard), _as_item(item)
        changes = tuple(
            Change(field=name, name=label, before=was[name], after=now[name])
            for name, label in FIELDS
            if was[name] != now[name]
        )
        if changes:
            found.append(
                Revision(
                    card_id=card.id,
                    item_id=item.id,
                    standard=standard.code,
                    title=standard.title,
                    from_version=item.standard_version or "",
                    to_version=library.version,
                    changes=changes,
                )
            )
    return found


def answered(
    card: CheckCard, library: StandardsLibrary, item_ids: Sequence[str], *, take: bool
) -> tuple[CardItem, ...]:
    """The card's items after the manager's answer for ``item_ids``: the new text, or the old.

    Either way those items are marked as checked against this library version; the others
    are unchanged.
    """
    wanted = set(item_ids)
    items = []
    for item in card.items:
        standard = _standard_of(item, library)
        if item.id not in wanted or standard is None:
            items.append(item)
            continue
        update: dict[str, object] = {"standard_version": library.version}
        if take:
            update |= {
                "what": standard.title,
                "how": standard.how,
                "pass_criterion": standard.pass_criterion,
                "typical_hazard": "；".join(standard.typical_hazards),
                "five_high": standard.five_high,
                "evidence": standard.evidence,
            }
        items.append(item.model_copy(update=update))
    return tuple(items)
