"""地图: a grid unit's enterprises on a plain canvas, by gravest risk colour and light.

No tile server is needed (none is drawn in this build): each enterprise is a dot projected
from its 纬度/经度 to the box of the unit's points, filled with its gravest risk colour (grey:
none listed) and ringed in its light's colour; each child unit is a faint box around its
enterprises with its name. The numbered list below names every dot, and lists the enterprises
that have no position. Drawn from the kept copy when offline.
"""

from __future__ import annotations

import flet as ft
import flet.canvas as cv

from mobile.services.grid_map import Pin, load_pins, project
from mobile.ui.chrome import muted, section
from mobile.ui.context import Ui
from mobile.ui.regulator.parts import stale_note, try_read
from mobile.ui.theme import BODY, LIGHT_COLOURS, RISK_COLOURS, SMALL, text_style
from shared.ids import GridUnitId
from shared.org import GridUnit
from shared.risk import RiskColour

__all__ = ["enterprise_map"]

WIDTH, HEIGHT, MARGIN = 340.0, 300.0, 28.0
DOT, RING = 9.0, 13.0
_NONE = ft.Colors.GREY_500


def enterprise_map(ui: Ui, unit: GridUnitId, units: dict[GridUnitId, GridUnit]) -> list[ft.Control]:
    """The 地图 section of the unit's screen: the canvas, then the numbered legend."""
    loaded, failed = try_read(ui, lambda: load_pins(ui.phone.reads, unit))
    head: list[ft.Control] = [section(ui.t("city.map"))]
    if loaded is None:
        return [*head, failed or muted("")]
    pins, total, at_ms, fresh = loaded
    placed = [p for p in pins if p.latitude is not None and p.longitude is not None]
    lines: list[ft.Control] = [*head, *stale_note(ui, at_ms, fresh)]
    if not placed:
        lines.append(muted(ui.t("city.map_empty"), size=BODY))
    else:
        lines.append(_canvas(ui, placed, unit, units))
    lines.append(_key(ui))
    lines += [_line(ui, pin) for pin in pins]
    if total > len(pins):
        lines.append(muted(ui.t("city.map_cut", shown=len(pins), total=total)))
    return lines


def _canvas(
    ui: Ui, placed: list[Pin], unit: GridUnitId, units: dict[GridUnitId, GridUnit]
) -> ft.Control:
    spots = project(
        [(p.latitude or 0.0, p.longitude or 0.0) for p in placed], WIDTH, HEIGHT, MARGIN
    )
    shapes: list[cv.Shape] = [
        cv.Rect(0, 0, WIDTH, HEIGHT, paint=ft.Paint(color=ft.Colors.WHITE)),
        *_unit_boxes(placed, spots, unit, units),
    ]
    for pin, (x, y) in zip(placed, spots, strict=True):
        shapes += _dot(pin, x, y)
    canvas = cv.Canvas(shapes=shapes, width=WIDTH, height=HEIGHT)
    framed = ft.Container(
        canvas,
        width=WIDTH,
        height=HEIGHT,
        border=ft.Border.all(1, ft.Colors.GREY_400),
        key="grid-map",
    )
    return ft.Semantics(label=ui.t("city.map_canvas"), image=True, container=True, content=framed)


def _dot(pin: Pin, x: float, y: float) -> list[cv.Shape]:
    """The risk colour's dot, its light's ring, and its legend number beside it."""
    shapes: list[cv.Shape] = []
    if pin.light in LIGHT_COLOURS:
        ring = ft.Paint(
            color=LIGHT_COLOURS[pin.light], stroke_width=3, style=ft.PaintingStyle.STROKE
        )
        shapes.append(cv.Circle(x, y, RING, paint=ring))
    shapes.append(cv.Circle(x, y, DOT, paint=ft.Paint(color=_colour(pin.highest))))
    shapes.append(cv.Circle(x, y, DOT, paint=_outline(ft.Colors.WHITE, 1.5)))
    shapes.append(cv.Text(x + RING + 2, y - 8, str(pin.number), style=text_style(SMALL)))
    return shapes


def _unit_boxes(
    placed: list[Pin],
    spots: list[tuple[float, float]],
    unit: GridUnitId,
    units: dict[GridUnitId, GridUnit],
) -> list[cv.Shape]:
    """A faint box round the enterprises of each child unit, named at its top left."""
    groups: dict[GridUnitId, list[tuple[float, float]]] = {}
    for pin, spot in zip(placed, spots, strict=True):
        child = _child_of(GridUnitId(pin.grid_unit), unit, units)
        if child is not None:
            groups.setdefault(child, []).append(spot)
    shapes: list[cv.Shape] = []
    pad = RING + 4
    for child, points in sorted(groups.items()):
        left, top = min(x for x, _ in points) - pad, min(y for _, y in points) - pad
        right, bottom = max(x for x, _ in points) + pad, max(y for _, y in points) + pad
        shapes.append(
            cv.Rect(left, top, right - left, bottom - top, 6, paint=_outline(ft.Colors.TEAL_200, 1))
        )
        name = units[child].name
        shapes.append(cv.Text(left + 2, top - 16, name, style=_muted_style()))
    return shapes


def _child_of(
    leaf: GridUnitId, unit: GridUnitId, units: dict[GridUnitId, GridUnit]
) -> GridUnitId | None:
    """The child of ``unit`` that ``leaf`` lies in; None when it is the unit itself or unknown."""
    current: GridUnitId | None = leaf
    for _ in range(len(units) + 1):
        found = units.get(current) if current is not None else None
        if found is None:
            return None
        if found.parent_id == unit:
            return found.id
        current = found.parent_id
    return None


def _outline(colour: str, width: float) -> ft.Paint:
    return ft.Paint(color=colour, stroke_width=width, style=ft.PaintingStyle.STROKE)


def _muted_style() -> ft.TextStyle:
    style = text_style(SMALL - 2)
    style.color = ft.Colors.TEAL_700
    return style


def _colour(highest: str) -> str:
    try:
        return RISK_COLOURS[RiskColour(highest)]
    except ValueError:
        return _NONE


def _key(ui: Ui) -> ft.Control:
    """What the fill and the ring mean, in one wrapping line."""
    marks: list[ft.Control] = [
        _mark(RISK_COLOURS[c], ui.t(f"city.risk.{c.value}"))
        for c in (RiskColour.RED, RiskColour.ORANGE, RiskColour.YELLOW, RiskColour.BLUE)
    ]
    marks.append(_mark(_NONE, ui.t("city.risk.none")))
    marks += [
        _mark(LIGHT_COLOURS[light], ui.t(f"lights.{light}"), ring=True)
        for light in ("red", "yellow")
    ]
    return ft.Row(marks, wrap=True, spacing=10, key="grid-map-key")


def _mark(colour: str, words: str, *, ring: bool = False) -> ft.Control:
    dot = ft.Container(
        width=12,
        height=12,
        shape=ft.BoxShape.CIRCLE,
        bgcolor=None if ring else colour,
        border=ft.Border.all(2.5, colour) if ring else None,
    )
    return ft.Row([dot, muted(words)], spacing=3, tight=True)


def _line(ui: Ui, pin: Pin) -> ft.Control:
    """``3. 昌宁县宏达家具厂 · 较大 · 红灯``; 未定位 when it has no position."""
    parts = [f"{pin.number}. {pin.name}", ui.t(f"city.risk.{pin.highest}")]
    if pin.light in LIGHT_COLOURS:
        parts.append(ui.t(f"lights.{pin.light}"))
    if pin.latitude is None:
        parts.append(ui.t("city.map_unplaced"))
    dot = ft.Container(width=10, height=10, shape=ft.BoxShape.CIRCLE, bgcolor=_colour(pin.highest))
    return ft.Row(
        [dot, ft.Text(" · ".join(parts), size=SMALL, expand=True)],
        spacing=6,
        key=f"grid-map-line-{pin.tenant}",
    )
