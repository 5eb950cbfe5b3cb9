"""Names and assignees from the phone's reference data."""

from __future__ import annotations

from mobile.reference import save_reference
from mobile.services.people import assignees_for, knows_people, name_of, profile_of
from mobile.store import MemoryStore
from tests.mobile.world import KITCHEN, LATHES, WORKER, demo_reference_body


def phone_with(body) -> MemoryStore:
    store = MemoryStore()
    save_reference(store, body, now_ms=0)
    return store


def test_people_are_named_the_officials_too_and_a_stranger_by_username():
    store = phone_with(demo_reference_body())

    assert name_of(store, KITCHEN, "worker1") == "王师傅"
    assert name_of(store, KITCHEN, "inspector1") == "周网格员"  # kept with the grid
    assert name_of(store, KITCHEN, "manager2") == "manager2"  # the lathe shop's
    assert name_of(store, KITCHEN, None) == ""


def test_a_new_name_shows_after_the_next_reference_fetch():
    body = demo_reference_body()
    store = phone_with(body)
    assert name_of(store, KITCHEN, "worker1") == "王师傅"
    [me] = [p for p in body["person"] if p["user_id"] == "worker1"]
    me["display_name"] = "王建国"

    save_reference(store, body, now_ms=0)  # the same moment: the names are read again all the same

    assert name_of(store, KITCHEN, "worker1") == "王建国"


def test_the_signed_in_worker_knows_their_own_profile():
    me = profile_of(phone_with(demo_reference_body()), WORKER)

    assert me is not None and (me.name, me.posts) == ("王师傅", ("P-STOVE",))


def test_each_enterprise_offers_its_own_people_only():
    store = phone_with(demo_reference_body((KITCHEN, LATHES)))

    assert [p.user_id for p in assignees_for(store, KITCHEN)] == ["worker1", "manager1"]
    assert [p.user_id for p in assignees_for(store, LATHES)] == ["worker2", "manager2"]


def test_a_server_before_people_sends_none_and_the_phone_says_it_does_not_know():
    body = demo_reference_body()
    del body["person"]

    assert not knows_people(phone_with(body), KITCHEN)
    assert knows_people(phone_with(demo_reference_body()), KITCHEN)
