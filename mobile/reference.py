"""Reference data on the phone, one document per enterprise, and the QR keys in it.

``GET /v1/reference`` answers everything in the user's scope at once; an inspector's grid may
hold many enterprises, so each is kept in its own small document (``reference/<tenant>``),
read when a card is scanned or a post opened, never all at once.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from mobile.store import Store
from shared.ids import TenantId
from shared.text import STORED

__all__ = [
    "fetched_at_ms",
    "models_of",
    "qr_key",
    "reference_of",
    "rows_of",
    "save_reference",
    "tenants",
]

M = TypeVar("M", bound=BaseModel)

SAVES = 0
"""How many reference answers this process saved: what keeps a reading (names) starts over."""

INDEX = "reference/index"
GRID = "reference/grid"
PER_TENANT = ("workshop", "post", "card", "risk_point", "person")
"""Kinds of reference rows that belong to one enterprise (by their ``tenant`` field); the people
of no enterprise (inspectors, regulators) are kept with the grid."""


def save_reference(store: Store, body: dict[str, Any], now_ms: int) -> list[TenantId]:
    """Split a reference answer per enterprise and keep it; drop enterprises out of scope.

    Args:
        store: Where the documents go.
        body: The answer of ``GET /v1/reference``.
        now_ms: When it was fetched, to know when to fetch again.

    Returns:
        The enterprises now known, sorted.
    """
    keys: dict[str, str] = dict(body.get("qr_keys") or {})
    enterprises = {row["id"]: row for row in body.get("enterprise", [])}
    known = sorted(set(keys) | set(enterprises))
    docs: dict[str, dict[str, Any]] = {
        tenant: {"enterprise": enterprises.get(tenant), "qr_key": keys.get(tenant)}
        for tenant in known
    }
    for kind in PER_TENANT:
        for row in body.get(kind, []):
            if row.get("tenant") in docs:
                docs[row["tenant"]].setdefault(kind, []).append(row)
    for gone in set(tenants(store)) - set(known):
        store.write_doc(f"reference/{gone}", None)
    for tenant, doc in docs.items():
        store.write_doc(f"reference/{tenant}", doc)
    officials = [row for row in body.get("person", []) if not row.get("tenant")]
    store.write_doc(GRID, {"grid_unit": body.get("grid_unit", []), "person": officials})
    store.write_doc(INDEX, {"tenants": known, "fetched_ms": now_ms})
    global SAVES
    SAVES += 1
    return [TenantId(tenant) for tenant in known]


def tenants(store: Store) -> list[TenantId]:
    """The enterprises whose reference data the phone holds."""
    index = store.read_doc(INDEX)
    return [TenantId(t) for t in index["tenants"]] if index else []


def fetched_at_ms(store: Store) -> int | None:
    """When reference data was last fetched, or None if never."""
    index = store.read_doc(INDEX)
    return int(index["fetched_ms"]) if index else None


def reference_of(store: Store, tenant: str) -> dict[str, Any] | None:
    """One enterprise's reference data: its row, workshops, posts, cards, risk points."""
    return store.read_doc(f"reference/{tenant}")


def qr_key(store: Store, tenant: str) -> bytes | None:
    """The key that verifies this enterprise's card codes offline, or None if not in scope."""
    doc = reference_of(store, tenant)
    hex_key = doc.get("qr_key") if doc else None
    return bytes.fromhex(hex_key) if hex_key else None


def rows_of(store: Store, tenant: str, kind: str, model: type[M]) -> list[M]:
    """One enterprise's reference rows of a kind (``post``, ``risk_point``…) as models."""
    doc = reference_of(store, tenant) or {}
    found = doc.get(kind)
    if kind == "enterprise":
        found = [found] if found else []
    return models_of(model, found)


def models_of(model: type[M], rows: Iterable[Any] | None) -> list[M]:
    """Rows as models; a row this build cannot read (from a newer server) is skipped."""
    found: list[M] = []
    for row in rows or []:
        try:
            found.append(model.model_validate(row, context=STORED))
        except ValidationError:
            continue
    return found
