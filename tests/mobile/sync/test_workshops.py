"""A workshop a manager sets up on the phone: its posts come back with the next sync."""

from __future__ import annotations

from mobile.reference import rows_of
from mobile.services.catalog import my_posts
from mobile.services.onboarding import define_card, proposed
from mobile.services.workshops import define_workshop
from shared.org import Post, SmallPlaceKind
from sync_server.standards import shipped_library
from tests.mobile.sync.phones import actor_of


def test_a_new_post_comes_back_with_the_sync_and_its_card_reaches_the_workers_phone(server, phones):
    worker = phones.new("w", "worker1")
    manager = phones.new("m", "manager1")
    worker.engine.sync_once()
    manager.engine.sync_once()
    actor = actor_of(manager)
    define_workshop(manager.record, actor, "前厅", ["收银岗"])

    assert manager.engine.sync_once().pushed == {"accepted": 1}
    [till] = [p for p in my_posts(manager.record.store, actor) if p.post.name == "收银岗"]
    assert till.place == "前厅 · 收银岗" and till.card is None
    library = shipped_library()
    define_card(manager.record, actor, till, proposed(library, SmallPlaceKind.SHOP)[:2], library)
    assert manager.engine.sync_once().pushed == {"accepted": 1}

    worker.engine.sync_once()
    # worker1 holds the stove only, so the till is not on their 今日, but their phone has it.
    [post] = [p for p in rows_of(worker.record.store, actor.tenant or "", "post", Post)
              if p.id == till.post.id]  # fmt: skip
    assert post.card_id is not None and post.workshop_id == till.post.workshop_id
