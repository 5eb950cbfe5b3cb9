"""Reference data per enterprise, and the QR keys that verify cards offline."""

from __future__ import annotations

from typing import Any

from mobile import reference
from mobile.store import MemoryStore
from shared.org import Enterprise, Workshop

BODY: dict[str, Any] = {
    "grid_unit": [{"id": "C-QH"}],
    "enterprise": [{"id": "T1", "name": "小厨"}, {"id": "T2", "name": "机加工"}],
    "workshop": [{"id": "W1", "tenant": "T1"}],
    "post": [
        {"id": "P1", "tenant": "T1"},
        {"id": "P2", "tenant": "T2"},
        {"id": "PX", "tenant": "T9"},
    ],
    "card": [{"id": "C1", "tenant": "T1"}],
    "qr_keys": {"T1": "00ff", "T2": "0102"},
}


def test_each_enterprise_gets_its_own_document_with_its_key():
    store = MemoryStore()
    assert reference.save_reference(store, BODY, now_ms=5) == ["T1", "T2"]
    t1 = reference.reference_of(store, "T1") or {}
    assert t1["enterprise"]["name"] == "小厨"
    assert [p["id"] for p in t1["post"]] == ["P1"] and "post" in (
        reference.reference_of(store, "T2") or {}
    )
    assert reference.qr_key(store, "T1") == b"\x00\xff"
    assert reference.fetched_at_ms(store) == 5


def test_an_enterprise_that_left_the_users_scope_is_forgotten():
    store = MemoryStore()
    reference.save_reference(store, BODY, now_ms=1)
    reference.save_reference(
        store, {**BODY, "enterprise": BODY["enterprise"][:1], "qr_keys": {"T1": "00"}}, now_ms=2
    )
    assert reference.tenants(store) == ["T1"]
    assert reference.reference_of(store, "T2") is None
    assert reference.qr_key(store, "T2") is None


def test_nothing_fetched_yet_means_no_keys_and_no_tenants():
    store = MemoryStore()
    assert reference.tenants(store) == [] and reference.fetched_at_ms(store) is None
    assert reference.qr_key(store, "T1") is None


def test_rows_are_read_as_models_and_a_row_this_build_cannot_read_is_skipped():
    store = MemoryStore()
    kitchen = {
        "id": "T1",
        "name": "小厨",
        "credit_code": "92130302MA0DEM001U",
        "grid_unit_id": "V-1",
        "industry": "other",
        "staff_count": 6,
    }
    body = {
        **BODY,
        "enterprise": [kitchen, {"id": "T2", "name": "机加工"}],
        "workshop": [
            {"id": "W1", "tenant": "T1", "name": "后厨"},
            {"id": "W2", "tenant": "T1", "name": ["a list, from a newer server"]},
        ],
    }
    reference.save_reference(store, body, now_ms=5)
    assert [w.id for w in reference.rows_of(store, "T1", "workshop", Workshop)] == ["W1"]
    assert [e.name for e in reference.rows_of(store, "T1", "enterprise", Enterprise)] == ["小厨"]
    assert reference.rows_of(store, "T2", "enterprise", Enterprise) == []  # unreadable
    assert reference.rows_of(store, "T9", "workshop", Workshop) == []  # not in scope


def test_a_delta_changes_only_the_rows_it_names_and_keeps_the_rest():
    store = MemoryStore()
    reference.save_reference(store, BODY, now_ms=1)
    delta = {
        "post": [{"id": "P1", "tenant": "T1", "name": "新岗位"}, {"id": "P3", "tenant": "T1"}],
        "grid_unit": [{"id": "V-9"}],
        "enterprise": [{"id": "T3", "name": "新店"}],
        "qr_keys": {"T3": "0a"},
        "cursor": "r1.9.abc",
        "full": False,
        "has_more": False,
    }
    reference.apply_delta(store, delta, now_ms=2)
    t1 = reference.reference_of(store, "T1") or {}
    assert [(p["id"], p.get("name")) for p in t1["post"]] == [("P1", "新岗位"), ("P3", None)]
    assert [w["id"] for w in t1["workshop"]] == ["W1"]  # untouched
    assert reference.tenants(store) == ["T1", "T2", "T3"]
    assert reference.qr_key(store, "T3") == b"\x0a"
    assert reference.qr_key(store, "T1") == b"\x00\xff"
    grid = store.read_doc("reference/grid") or {}
    assert sorted(u["id"] for u in grid["grid_unit"]) == ["C-QH", "V-9"]


def test_the_pages_of_a_full_answer_are_gathered_then_saved_whole_with_the_cursor():
    store = MemoryStore()
    whole: dict[str, Any] = {}
    reference.gather(whole, {"enterprise": BODY["enterprise"][:1], "qr_keys": {"T1": "00"}})
    reference.gather(whole, {"enterprise": BODY["enterprise"][1:], "qr_keys": {"T2": "01"}})
    reference.save_reference(store, whole, now_ms=3)
    reference.keep_cursor(store, "r1.5.abc", now_ms=3)
    assert reference.tenants(store) == ["T1", "T2"]
    assert reference.cursor_of(store) == "r1.5.abc"
    assert reference.qr_key(store, "T2") == b"\x01"


def test_a_delta_merges_the_people_it_lists_by_user_id_and_keeps_the_others():
    store = MemoryStore()
    whole = {
        **BODY,
        "person": [
            {"user_id": "w1", "tenant": "T1", "display_name": "王"},
            {"user_id": "w2", "tenant": "T1", "display_name": "李"},
            {"user_id": "w3", "tenant": "T2", "display_name": "赵"},
            {"user_id": "i1", "tenant": None, "display_name": "检查员"},
        ],
    }
    reference.save_reference(store, whole, now_ms=1)
    delta = {
        "person": [{"user_id": "w1", "tenant": "T1", "display_name": "王大厨"}],
        "cursor": "r1.9.abc",
        "full": False,
        "has_more": False,
    }
    reference.apply_delta(store, delta, now_ms=2)
    reference.apply_delta(store, {**delta, "person": []}, now_ms=3)  # a quiet delta
    names = {
        tenant: sorted(
            p["display_name"] for p in (reference.reference_of(store, tenant) or {})["person"]
        )
        for tenant in ("T1", "T2")
    }
    assert names == {"T1": ["李", "王大厨"], "T2": ["赵"]}
    grid = store.read_doc("reference/grid") or {}
    assert [p["user_id"] for p in grid["person"]] == ["i1"]
