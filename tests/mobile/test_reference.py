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
