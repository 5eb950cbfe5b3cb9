"""Reference data on the phone, one document per enterprise, and the QR keys in it.

``GET /v1/reference`` answers the user's scope in pages, in full the first time and then only
what changed since the cursor kept here; an inspector's grid may hold many enterprises, so each
is kept in its own small document (``reference/<tenant>``), read when a card is scanned or a
post opened, never all at once.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from mobile.store import Store
from shared.ids import TenantId
from shared.text import STORED

__all__ = [
    "apply_delta",
    "cursor_of",
    "fetched_at_ms",
    "gather",
    "keep_cursor",
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


def gather(whole: dict[str, Any], page: dict[str, Any]) -> None:
    """Add one page of a full answer to the pages before it (saved once the last arrives)."""
    for kind, rows in page.items():
        if kind == "qr_keys" and isinstance(rows, dict):
            whole.setdefault("qr_keys", {}).update(rows)
        elif isinstance(rows, list):
            whole.setdefault(kind, []).extend(rows)


def apply_delta(store: Store, page: dict[str, Any], now_ms: int) -> None:
    """Merge rows changed since the phone's cursor into the documents, each by its id."""
    keys: dict[str, str] = dict(page.get("qr_keys") or {})
    touched: dict[str, dict[str, Any]] = {}

    def doc(tenant: str) -> dict[str, Any]:
        if tenant not in touched:
            touched[tenant] = dict(reference_of(store, tenant) or {"enterprise": None})
        return touched[tenant]

    for row in page.get("enterprise", []):
        doc(row["id"])["enterprise"] = row
    for tenant, key in keys.items():
        doc(tenant)["qr_key"] = key
    for kind, row in _changed_rows(page):
        rows = [r for r in doc(row["tenant"]).get(kind, []) if r.get("id") != row["id"]]
        doc(row["tenant"])[kind] = [*rows, row]
    people = [row for row in page.get("person") or [] if isinstance(row, dict)]
    for row in people:  # a delta lists the people changed since the cursor
        if isinstance(row.get("tenant"), str):
            doc(row["tenant"])["person"] = _by_user([*doc(row["tenant"]).get("person", []), row])
    for tenant, found in touched.items():
        store.write_doc(f"reference/{tenant}", found)
    _merge_grid(store, page.get("grid_unit") or [], [r for r in people if not r.get("tenant")])
    index = store.read_doc(INDEX) or {}
    known = sorted(set(index.get("tenants", [])) | set(touched))
    store.write_doc(INDEX, {**index, "tenants": known, "fetched_ms": now_ms})


def _changed_rows(page: dict[str, Any]) -> Iterator[tuple[str, dict[str, Any]]]:
    """The enterprise-owned rows of a delta, by kind; people are merged by their user id."""
    for kind in PER_TENANT:
        if kind == "person":
            continue
        for row in page.get(kind, []):
            if isinstance(row.get("tenant"), str):
                yield kind, row


def _by_user(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """People by user id, a later row replacing an earlier one (a changed person)."""
    return list({row.get("user_id"): row for row in rows}.values())


def _merge_grid(store: Store, units: list[dict[str, Any]], officials: list[dict[str, Any]]) -> None:
    """Changed grid units by id; changed officials (people of no enterprise) by user id."""
    if not units and not officials:
        return
    grid = dict(store.read_doc(GRID) or {})
    held = {u["id"]: u for u in grid.get("grid_unit", [])}
    held.update((u["id"], u) for u in units)
    grid["grid_unit"] = list(held.values())
    grid["person"] = _by_user([*grid.get("person", []), *officials])
    store.write_doc(GRID, grid)


def cursor_of(store: Store) -> str | None:
    """The cursor of the last reference answer kept, or None (then the answer is full)."""
    index = store.read_doc(INDEX)
    cursor = index.get("cursor") if index else None
    return cursor if isinstance(cursor, str) else None


def keep_cursor(store: Store, cursor: str | None, now_ms: int) -> None:
    """Remember where the reference data stands, for the next delta."""
    index = store.read_doc(INDEX) or {"tenants": []}
    store.write_doc(INDEX, {**index, "cursor": cursor, "fetched_ms": now_ms})


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
