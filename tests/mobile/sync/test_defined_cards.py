"""A card a manager builds on the phone reaches the worker's phone on its next sync."""

from __future__ import annotations

from mobile.services.catalog import find_post
from mobile.services.onboarding import define_card, proposed
from shared.org import SmallPlaceKind
from sync_server.standards import shipped_library
from tests.mobile.sync.phones import actor_of


def test_the_worker_sees_the_managers_new_card_after_one_sync_without_waiting_a_day(server, phones):
    worker = phones.new("w", "worker1")
    manager = phones.new("m", "manager1")
    worker.engine.sync_once()  # reference data fresh: not read again for a while by itself
    manager.engine.sync_once()
    stove = find_post(manager.record.store, actor_of(manager), "P-STOVE")
    assert stove is not None
    library = shipped_library()
    chosen = proposed(library, SmallPlaceKind.RESTAURANT)[:4]
    made = define_card(manager.record, actor_of(manager), stove, chosen, library)

    assert manager.engine.sync_once().pushed == {"accepted": 1}
    report = worker.engine.sync_once()

    assert report.cards_defined == 1 and report.reference_updated
    seen = find_post(worker.record.store, actor_of(worker), "P-STOVE")
    assert seen is not None and seen.card is not None
    assert seen.card.id == made.aggregate.id
    assert [item.standard for item in seen.card.items] == [s.code for s in chosen]
