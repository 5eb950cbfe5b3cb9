"""The posts and cards of the worker's enterprise, from the reference data on the phone."""

from __future__ import annotations

from mobile.reference import save_reference
from mobile.services.catalog import enterprise_name, find_post, has_reference, my_posts
from mobile.store import MemoryStore
from shared.ids import UserId
from shared.roles import Actor, Role
from tests.mobile.world import KITCHEN, LATHES, WORKER, demo_reference_body, load_reference


def test_the_workers_posts_come_with_their_card_and_workshop(kitchen):
    [post] = my_posts(kitchen.store, WORKER)
    assert (post.post.id, post.workshop, post.place) == ("P-STOVE", "后厨", "后厨 · 灶台岗")
    assert post.card is not None and len(post.card.items) == 10
    assert enterprise_name(kitchen.store, WORKER) == "海港区老街小厨餐馆"


def test_another_enterprises_post_is_not_the_workers(kitchen):
    load_reference(kitchen.store, (KITCHEN, LATHES))
    assert find_post(kitchen.store, WORKER, "P-LATHE-1") is None
    assert find_post(kitchen.store, WORKER, "P-STOVE") is not None


def test_before_the_first_sync_there_is_nothing_and_the_id_stands_for_the_name():
    store = MemoryStore()
    assert not has_reference(store, WORKER)
    assert my_posts(store, WORKER) == []
    assert enterprise_name(store, WORKER) == WORKER.tenant


def test_a_row_this_version_cannot_read_is_skipped_and_the_rest_still_shows(kitchen):
    doc = kitchen.store.read_doc(f"reference/{WORKER.tenant}")
    doc["post"].append({"id": "P-NEW", "tenant": WORKER.tenant, "shape": "from the future"})
    kitchen.store.write_doc(f"reference/{WORKER.tenant}", doc)
    assert [p.post.id for p in my_posts(kitchen.store, WORKER)] == ["P-STOVE"]


WORKER2 = Actor(user_id=UserId("worker2"), role=Role.WORKER, tenant=LATHES)
MANAGER2 = Actor(user_id=UserId("manager2"), role=Role.SAFETY_MANAGER, tenant=LATHES)


def lathes_with(holders: dict[str, tuple[str, ...]]) -> MemoryStore:
    """The lathe shop's reference data with these posts held (worker2: 1号车床岗 in the demo)."""
    store = MemoryStore()
    body = demo_reference_body((LATHES,))
    for person in body["person"]:
        person["posts"] = list(holders.get(person["user_id"], ()))
    save_reference(store, body, now_ms=0)
    return store


def test_a_workers_posts_are_the_posts_they_hold_and_a_managers_every_post():
    store = lathes_with({"worker2": ("P-LATHE-1",)})

    assert [p.post.id for p in my_posts(store, WORKER2)] == ["P-LATHE-1"]
    assert [p.post.id for p in my_posts(store, MANAGER2)] == ["P-LATHE-1", "P-LATHE-2"]
    assert find_post(store, WORKER2, "P-LATHE-2") is None  # another shift's lathe


def test_where_nobody_holds_a_post_every_post_is_everyones():
    store = lathes_with({})

    assert [p.post.id for p in my_posts(store, WORKER2)] == ["P-LATHE-1", "P-LATHE-2"]


def test_a_worker_holding_no_post_where_others_do_has_none():
    store = lathes_with({"someone-else": ("P-LATHE-1",), "manager2": ("P-LATHE-2",)})

    assert my_posts(store, WORKER2) == []
