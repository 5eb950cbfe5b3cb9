"""Reference data as one set of shared models: what an import writes and an export reads."""

from __future__ import annotations

from dataclasses import dataclass, field

from pydantic import BaseModel

from shared.cards import CheckCard
from shared.org import Enterprise, GridUnit, Post, RiskPoint, Workshop

KINDS = ("grid_unit", "enterprise", "workshop", "card", "post", "risk_point")
"""Kinds of the ``reference`` table, in the order they must be written (referents first)."""

MODELS: dict[str, type[BaseModel]] = {
    "grid_unit": GridUnit,
    "enterprise": Enterprise,
    "workshop": Workshop,
    "card": CheckCard,
    "post": Post,
    "risk_point": RiskPoint,
}
"""The shared model stored as JSON for each kind."""


@dataclass
class ReferenceSet:
    """Grid units, enterprises, workshops, cards, posts and risk points, each list by kind."""

    grid_unit: list[GridUnit] = field(default_factory=list)
    enterprise: list[Enterprise] = field(default_factory=list)
    workshop: list[Workshop] = field(default_factory=list)
    card: list[CheckCard] = field(default_factory=list)
    post: list[Post] = field(default_factory=list)
    risk_point: list[RiskPoint] = field(default_factory=list)

    def of(self, kind: str) -> list[BaseModel]:
        """The records of one kind, as models."""
        records: list[BaseModel] = getattr(self, kind)
        return records

    def rows(self) -> list[tuple[str, str, str | None, BaseModel]]:
        """(kind, id, tenant, model) of every record, in writing order.

        Grid units sort parents first (by depth) so a unit is written after its parent.
        """
        units = sorted(self.grid_unit, key=lambda unit: unit.level.depth)
        found: list[tuple[str, str, str | None, BaseModel]] = [
            ("grid_unit", unit.id, None, unit) for unit in units
        ]
        found += [("enterprise", e.id, e.id, e) for e in self.enterprise]
        for kind in KINDS[2:]:
            found += [(kind, r.id, r.tenant, r) for r in getattr(self, kind)]
        return found
