"""Ranks of enterprises within every grid unit above them, by their rolling month score."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping

from shared.errors import DomainError
from shared.ids import GridUnitId, TenantId
from shared.org import GridUnit, ancestors

Rank = tuple[int, int]
"""(place, out of): 1 is the best; equal scores share a place and the next place is skipped."""


def units_above(unit_id: GridUnitId, units: Mapping[GridUnitId, GridUnit]) -> list[GridUnitId]:
    """The unit itself and every unit above it, nearest first.

    A broken grid (a missing or misplaced parent) stops the chain where it breaks, so one bad
    reference costs a few ranks rather than the whole night's run.
    """
    try:
        return [unit_id, *(unit.id for unit in ancestors(unit_id, units))]
    except DomainError:
        return [unit_id]


def rank_within_units(
    scores: Mapping[TenantId, float],
    unit_of: Mapping[TenantId, GridUnitId],
    units: Mapping[GridUnitId, GridUnit],
) -> dict[TenantId, dict[GridUnitId, Rank]]:
    """Rank every scored enterprise within its unit and each unit above it (competition ranks).

    Args:
        scores: The score ranked on (the rolling month score), by enterprise.
        unit_of: The grid unit each enterprise is registered in.
        units: Every grid unit by id.

    Returns:
        For each enterprise, its (place, out of) in every unit from its own up to the city.
    """
    members: dict[GridUnitId, list[TenantId]] = defaultdict(list)
    for tenant in sorted(scores):
        for unit in units_above(unit_of[tenant], units):
            members[unit].append(tenant)
    ranks: dict[TenantId, dict[GridUnitId, Rank]] = defaultdict(dict)
    for unit, tenants in members.items():
        ordered = sorted(tenants, key=lambda t: -scores[t])
        place = 0
        for index, tenant in enumerate(ordered):
            if index == 0 or scores[tenant] != scores[ordered[index - 1]]:
                place = index + 1
            ranks[tenant][unit] = (place, len(ordered))
    return dict(ranks)
