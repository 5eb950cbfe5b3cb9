"""Checking a whole import against itself and what is stored; nothing here writes anything.

Every problem is collected, so one run gives the full report; any problem rejects the file.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from pydantic import BaseModel

from shared.org import GRID_LEVEL_NAMES, GridLevel, GridUnit
from shared.people import Person
from shared.text import STORED
from sync_server.lists.builders import BUILDERS, Found
from sync_server.lists.columns import SHEETS, Sheet
from sync_server.lists.model import KINDS, ReferenceSet
from sync_server.lists.rows import Row, RowError, sheet_rows
from sync_server.lists.workbook import Table
from sync_server.problems import BadFile, ImportRejected

Stored = Mapping[tuple[str, str], tuple[str | None, dict[str, Any]]]
"""What is in the database: (kind, id) → (tenant, JSON body)."""

_REFERS = {
    "post": (("workshop_id", "workshop"), ("card_id", "card")),
    "risk_point": (("workshop_id", "workshop"), ("post_id", "post")),
}
"""Fields of tenant-owned records that name another record of the same enterprise."""


PeopleLookup = Callable[[set[str]], Mapping[str, Person]]
"""The accounts whose username or display name is one of these (the 责任人 a file names)."""


def validate(
    tables: list[Table],
    stored: Stored,
    scope: str | None = None,
    people: PeopleLookup | None = None,
) -> ReferenceSet:
    """Check every row and build the records to write.

    Args:
        tables: The file's sheets (``workbook.read_tables``).
        stored: Every stored reference record, to resolve codes the file does not define.
        scope: None for an administrator (anything goes); a safety manager's enterprise, whose
            records alone the file may create or change.
        people: Looks up the people the 责任人 columns name; None: no one can be named.

    Returns:
        The records the file defines, ready for ``store.save_reference``.

    Raises:
        BadFile: No sheet has a known name.
        ImportRejected: Any row is bad; ``details["errors"]`` lists every problem found.
    """
    problems: list[RowError] = []
    matched = _match(tables)
    rows = {
        sheet.kind: sheet_rows(sheet, matched[sheet.kind], problems).rows
        for sheet in SHEETS
        if sheet.kind in matched
    }
    named = {
        r.text("responsible").strip()
        for kind in ("card", "post", "risk_point")
        for r in rows.get(kind, [])
    }
    named.discard("")
    found = Found(people=people(named) if people is not None and named else {})
    for sheet in SHEETS:
        if sheet.kind in rows:
            BUILDERS[sheet.kind](rows[sheet.kind], found)
    _check_references(found, stored)
    if scope is not None:
        _check_scope(found, stored, scope)
    if problems:
        order = {sheet.name: index for index, sheet in enumerate(SHEETS)}
        problems.sort(key=lambda p: (order.get(p.sheet, 0), p.row or 0, p.cell or ""))
        raise ImportRejected(
            f"{len(problems)} problems: nothing was imported",
            errors=[problem.model_dump() for problem in problems],
        )
    refs = ReferenceSet()
    for kind in KINDS:
        refs.of(kind).extend(model for model, _ in found.records[kind].values())
    return refs


def _match(tables: list[Table]) -> dict[str, Table]:
    by_name = {sheet.name: sheet for sheet in SHEETS}
    matched: dict[str, Table] = {}
    for table in tables:
        sheet: Sheet | None = by_name.get(table.name.strip())
        if sheet is not None:
            matched[sheet.kind] = table
    if not matched:
        names = "、".join(by_name)
        raise BadFile(f"no sheet is named after a list to import ({names})")
    return matched


class _Index:
    """Which enterprise owns each code, from the file first and the database second."""

    def __init__(self, found: Found, stored: Stored) -> None:
        self.owner: dict[tuple[str, str], str | None] = {key: t for key, (t, _) in stored.items()}
        self.levels: dict[str, GridLevel] = {
            key: GridUnit.model_validate(body, context=STORED).level
            for (kind, key), (_, body) in stored.items()
            if kind == "grid_unit"
        }
        for kind in KINDS:
            for key, (model, _) in found.records[kind].items():
                owner = getattr(model, "tenant", key)
                if stored.get((kind, key), (owner,))[0] == owner:  # a taken code keeps its owner
                    self.owner[(kind, key)] = owner
                if isinstance(model, GridUnit):
                    self.levels[key] = model.level

    def knows(self, kind: str, key: str) -> bool:
        return (kind, key) in self.owner


def _check_references(found: Found, stored: Stored) -> None:
    index = _Index(found, stored)
    for unit, row in _each(found, "grid_unit"):
        _check_parent(unit, row, index)
    for company, row in _each(found, "enterprise"):
        if not index.knows("grid_unit", company.grid_unit_id):
            row.error("grid_unit_id", "unknown_reference", f"no grid unit {company.grid_unit_id}")
    for kind in KINDS[2:]:
        for model, row in _each(found, kind):
            _check_owned(kind, model, row, index, stored)


def _each(found: Found, kind: str) -> list[tuple[Any, Row]]:
    return list(found.records[kind].values())


def _check_parent(unit: GridUnit, row: Row, index: _Index) -> None:
    if unit.parent_id is None:
        return
    level = index.levels.get(unit.parent_id)
    if level is None:
        row.error("parent_id", "unknown_reference", f"no grid unit {unit.parent_id}")
    elif level.depth >= unit.level.depth:
        name = GRID_LEVEL_NAMES[level]
        row.error("parent_id", "bad_parent", f"{unit.parent_id} is a {name}: not above this unit")


def _check_owned(kind: str, model: Any, row: Row, index: _Index, stored: Stored) -> None:
    tenant = model.tenant
    if not index.knows("enterprise", tenant):
        row.error("tenant", "unknown_reference", f"no enterprise {tenant}")
    before = stored.get((kind, model.id))
    if before is not None and before[0] != tenant:
        row.error(
            "id", "code_taken", f"{model.id} belongs to another enterprise: pick another code"
        )
    for field, target in _REFERS.get(kind, ()):
        key = getattr(model, field)
        if key is None:
            continue
        if index.owner.get((target, key), "") != tenant:
            what = {"workshop": "workshop", "card": "card", "post": "post"}[target]
            row.error(field, "unknown_reference", f"unknown {what} {key} in this enterprise")


def _check_scope(found: Found, stored: Stored, scope: str) -> None:
    """A safety manager changes their own enterprise's records; the rest must stay as stored."""
    for kind in KINDS:
        for model, row in _each(found, kind):
            owner = model.id if kind == "enterprise" else getattr(model, "tenant", None)
            if owner == scope and not _moves_enterprise(kind, model, stored):
                if kind == "enterprise":
                    _check_supervision_fields(model, row, stored)
                continue
            if owner is None and _same(kind, model, stored):
                continue  # a grid unit exactly as stored, as in an export of one's own
            row.error("id", "not_permitted", "outside your enterprise: ask an administrator")


SUPERVISION_FIELDS = ("supervision_class", "industry", "staff_count", "above_designated_size")
"""Fields that decide how often an enterprise is inspected (shared/supervision.py): set by the
regulator or an administrator, never by the enterprise itself."""


def _check_supervision_fields(company: Any, row: Row, stored: Stored) -> None:
    """Refuse a safety manager's change to what sets their own supervision.

    Refused, not ignored: an import is all or nothing, and a cell silently left as stored
    would tell the manager their workbook was taken as written. Their own export, unchanged
    in these cells, imports as before.
    """
    before = stored.get(("enterprise", company.id))
    if before is None:
        return
    now = company.model_dump(mode="json")
    for field in SUPERVISION_FIELDS:
        if now.get(field) != before[1].get(field):
            header = row.sheet.column(field).header
            row.error(
                field,
                "regulator_only",
                f"{header} is set by the regulator: ask them to change "
                f"{before[1].get(field)!r} to {now.get(field)!r}",
            )


def _moves_enterprise(kind: str, model: Any, stored: Stored) -> bool:
    if kind != "enterprise":
        return False
    before = stored.get((kind, model.id))
    return before is None or before[1].get("grid_unit_id") != model.grid_unit_id


def _same(kind: str, model: BaseModel, stored: Stored) -> bool:
    before = stored.get((kind, str(getattr(model, "id", ""))))
    return before is not None and before[1] == model.model_dump(mode="json")
