"""Reference data per enterprise, and the QR keys that verify cards offline."""

from __future__ import annotations

from typing import Any

from mobile import reference
from mobile.store import MemoryStore

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
