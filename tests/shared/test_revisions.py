"""Revision notices: which card items a revised standard touches, and the manager's answer."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from shared.cards import CheckCard
from shared.revisions import answered, revisions_of
from shared.standards import StandardsLibrary, version_key
from sync_server.demo import KITCHEN, demo_reference
from sync_server.standards import shipped_library

SHIPPED = shipped_library()


def revised(code: str = "PC-11-03", **changes: object) -> StandardsLibrary:
    """The shipped library as version 2026.2, one standard rewritten."""
    body = SHIPPED.model_dump(mode="json")
    body["version"] = "2026.2"
    for entry in (*body["standards"], *body["small_place_standards"]):
        if entry["code"] == code:
            entry.update(changes or {"pass_criterion": "软管长度不超过 2 m，使用金属波纹管"})
            entry["revised_in"] = "2026.2"
    return StandardsLibrary.model_validate(body)


def stove_card() -> CheckCard:
    [card] = [c for c in demo_reference().card if c.tenant == KITCHEN]
    return card


def test_an_item_of_a_revised_standard_is_flagged_with_what_changed():
    card = stove_card()
    [revision] = revisions_of(card, revised())
    [item] = [i for i in card.items if i.standard == "PC-11-03"]
    assert (revision.item_id, revision.standard) == (item.id, "PC-11-03")
    assert (revision.from_version, revision.to_version) == (SHIPPED.version, "2026.2")
    changed = {c.name: c.after for c in revision.changes}
    assert changed["合格标准"] == "软管长度不超过 2 m，使用金属波纹管"


def test_nothing_is_flagged_by_the_version_the_card_was_built_from_or_a_new_version_alone():
    assert revisions_of(stove_card(), SHIPPED) == []
    assert revisions_of(stove_card(), revised(code="SX-01")) == []  # no stove item uses SX-01


def test_a_library_cannot_say_a_standard_was_revised_in_a_later_version():
    body = revised().model_dump(mode="json")
    body["version"] = "2026.1"
    with pytest.raises(ValidationError, match="revised in a version after"):
        StandardsLibrary.model_validate(body)


def test_versions_compare_as_numbers():
    assert version_key("2026.10") > version_key("2026.9") > version_key("2025.12")


def test_taking_the_revision_rewrites_the_item_and_nothing_is_flagged_after():
    card, library = stove_card(), revised()
    [revision] = revisions_of(card, library)
    items = answered(card, library, [revision.item_id], take=True)
    [item] = [i for i in items if i.id == revision.item_id]
    assert item.pass_criterion == "软管长度不超过 2 m，使用金属波纹管"
    assert item.standard_version == "2026.2"
    assert item.frequency == next(i for i in card.items if i.id == item.id).frequency
    assert revisions_of(card.model_copy(update={"items": items}), library) == []


def test_keeping_the_old_text_is_an_answer_too_and_is_not_asked_again():
    card, library = stove_card(), revised()
    [revision] = revisions_of(card, library)
    items = answered(card, library, [revision.item_id], take=False)
    [item] = [i for i in items if i.id == revision.item_id]
    [before] = [i for i in card.items if i.id == revision.item_id]
    assert item.pass_criterion == before.pass_criterion
    assert revisions_of(card.model_copy(update={"items": items}), library) == []
    assert [i for i in items if i.id != revision.item_id] == [
        i for i in card.items if i.id != revision.item_id
    ]
