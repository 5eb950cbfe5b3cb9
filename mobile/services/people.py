"""The people the phone knows, from its reference data: names to show, and whom to assign.

A phone learns an enterprise's people, and the inspectors and regulators, with the reference
data (``GET /v1/reference``). The record keeps usernames; what a person reads is a name
(``shared.people.shown_name``), the username when none is known.
"""

from __future__ import annotations

import weakref

from mobile import reference
from mobile.reference import GRID, models_of, reference_of
from mobile.store import Store
from shared.people import Person, eligible_assignees, shown_name
from shared.roles import Actor

__all__ = ["assignees_for", "knows_people", "name_of", "people_of", "profile_of"]


def people_of(store: Store, tenant: str | None) -> dict[str, Person]:
    """The people of one enterprise and the officials, by username.

    Kept per fetch of the reference data: a list shows a name on every row, and each read of
    a document is a file read on the phone.
    """
    saves = reference.SAVES
    kept = _KEPT.setdefault(store, {})
    if tenant in kept and kept[tenant][0] == saves:
        return kept[tenant][1]
    grid = store.read_doc(GRID) or {}
    doc = (reference_of(store, tenant) if tenant else None) or {}
    found = models_of(Person, [*grid.get("person", []), *doc.get("person", [])])
    people: dict[str, Person] = {person.user_id: person for person in found}
    kept[tenant] = (saves, people)
    return people


_KEPT: weakref.WeakKeyDictionary[Store, dict[str | None, tuple[int, dict[str, Person]]]] = (
    weakref.WeakKeyDictionary()
)


def knows_people(store: Store, tenant: str) -> bool:
    """Whether the phone has the enterprise's people (a server before issue 19 sends none)."""
    doc = reference_of(store, tenant) or {}
    return bool(doc.get("person"))


def name_of(store: Store, tenant: str | None, user_id: str | None) -> str:
    """The name to show for a username of this enterprise's record."""
    return shown_name(user_id, people_of(store, tenant))


def assignees_for(store: Store, tenant: str) -> list[Person]:
    """Whom a rectification of ``tenant`` may go to: its active workers and managers."""
    return eligible_assignees(people_of(store, tenant).values(), tenant)


def profile_of(store: Store, actor: Actor) -> Person | None:
    """The signed-in user as the reference data knows them, or None before the first sync."""
    return people_of(store, actor.tenant).get(actor.user_id)
