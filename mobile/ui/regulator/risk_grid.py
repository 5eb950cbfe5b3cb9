"""The regulator's 四色图 of a grid unit: enterprises by highest risk colour, per child unit.

Read from the server's rollup (``GET /v1/risk-map/grid/{unit}``), which is a few rows whatever
the size of the city: the phone no longer walks every enterprise's reference data. The unit's
risk points by colour come first, then one coloured bar per child unit, each segment the
enterprises whose gravest point has that colour (grey: none listed).
"""

from __future__ import annotations

from typing import Any

import flet as ft

from mobile.ui.chrome import muted, section
from mobile.ui.context import Ui
from mobile.ui.regulator.parts import stale_note, tile, try_read
from mobile.ui.theme import RISK_COLOURS, SMALL
from shared.ids import GridUnitId
from shared.risk import RiskColour

__all__ = ["risk_grid"]

COLOURS = (RiskColour.RED, RiskColour.ORANGE, RiskColour.YELLOW, RiskColour.BLUE)
_NONE = ft.Colors.GREY_400


def risk_grid(ui: Ui, unit: GridUnitId) -> list[ft.Control]:
    """The unit's 四色图 section; when the server cannot say, why (offline and never read…).

    The phone has nothing to count from: a regulator's reference data holds no risk points.
    """
    fetched, failed = try_read(ui, lambda: ui.phone.reads.json(f"/v1/risk-map/grid/{unit}"))
    if fetched is None:
        return [section(ui.t("city.risks")), *([failed] if failed else [])]
    body: dict[str, Any] = fetched.body
    points = body["summary"]["points"]
    tiles = ft.Row(
        [
            tile(
                str(points[c.value]),
                ui.t(f"city.risk.{c.value}"),
                RISK_COLOURS[c],
                key=f"risk-{c.value}",
            )
            for c in COLOURS
        ],
        spacing=8,
    )
    lines: list[ft.Control] = [
        section(ui.t("city.risks")),
        *stale_note(ui, fetched.at_ms, fetched.fresh),
        tiles,
        section(ui.t("city.risk_units")),
        _legend(ui),
        _unit_line(ui, body["summary"], key=f"risk-unit-{unit}", own=True),
    ]
    lines.extend(
        _unit_line(ui, child, key=f"risk-unit-{child['unit']}") for child in body["children"]
    )
    return lines


def _legend(ui: Ui) -> ft.Control:
    marks = [(RISK_COLOURS[c], ui.t(f"city.risk.{c.value}")) for c in COLOURS]
    marks.append((_NONE, ui.t("city.risk.none")))
    return ft.Row(
        [
            ft.Row(
                [ft.Container(width=10, height=10, bgcolor=colour), muted(name)],
                spacing=3,
                tight=True,  # as wide as its words: the legend wraps as one line
            )
            for colour, name in marks
        ],
        wrap=True,
        spacing=10,
    )


def _unit_line(ui: Ui, counts: dict[str, Any], *, key: str, own: bool = False) -> ft.Control:
    """The unit's name and count, and a bar split by its enterprises' highest colours."""
    companies = counts["enterprises"]
    parts = [(RISK_COLOURS[c], companies[c.value]) for c in COLOURS]
    parts.append((_NONE, companies["none"]))
    total = sum(n for _, n in parts)
    name = ui.t("city.risk_total") if own else counts["name"]
    head = ft.Row(
        [
            ft.Text(name, size=SMALL, weight=ft.FontWeight.W_600 if own else None, expand=True),
            muted(ui.t("city.risk_enterprises", n=total)),
        ]
    )
    figures = " ".join(f"{ui.t(f'city.risk.{c.value}')} {companies[c.value]}" for c in COLOURS)
    bar = ft.Row(
        [ft.Container(bgcolor=colour, height=12, expand=n) for colour, n in parts if n],
        spacing=0,
    )
    return ft.Column(
        [head, bar if total else muted(ui.t("city.risk_empty")), muted(figures)],
        spacing=2,
        key=key,
    )
