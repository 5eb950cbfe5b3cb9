"""辖区: a grid unit of the regulator's area, drilled down 市→县→乡→村→企.

For the unit on screen and the day chosen (← → over scored days): the summary, the lit
enterprises with their reasons, the child units (tap to go down), the enterprises ranked
(tap for the profile), hazards by state and grade with the overdue ones, the four-colour
risk points, and the 30-day trends.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from datetime import datetime
from typing import Any

import flet as ft

from mobile.services.city import (
    CityDay,
    day_in,
    grid_of,
    hazard_lines,
    lit_of,
    load_city_day,
    neighbours,
    parent_in_scope,
    ranking_of,
    trail,
    with_day,
)
from mobile.services.exports import Export
from mobile.services.local_time import local
from mobile.ui.chrome import chip, muted, screen, section, wide_screen
from mobile.ui.context import Ui
from mobile.ui.regulator.downloads import export_button
from mobile.ui.regulator.enterprise_map import enterprise_map
from mobile.ui.regulator.parts import (
    TIER_COLOURS,
    day_text,
    light_chip,
    reasons,
    scale_line,
    scale_of_ui,
    scored,
    stale_note,
    tile,
    try_read,
)
from mobile.ui.regulator.risk_grid import risk_grid
from mobile.ui.routes import Route, Screen, path_of, with_back
from mobile.ui.theme import BODY, SMALL, Palette
from shared.ids import GridUnitId
from shared.org import GridUnit

__all__ = ["CityView"]

REFERENCE_WAIT_S = 60
"""How long a screen shown before the first sync waits for the grid to arrive."""
BOLD, SEMI = ft.FontWeight.BOLD, ft.FontWeight.W_600
GRADE_COLOURS = {"major": Palette.FAIL, "general": Palette.WARN}


def CityView(ui: Ui, route: Route) -> ft.View:
    """The unit's dashboards; the user's own unit when the route names none."""
    scope = ui.actor().grid_unit
    if scope is None:
        return screen(ui, route, ui.t("city.title"), [muted(ui.t("city.no_scope"), size=BODY)])
    unit_id = GridUnitId(route.unit) if route.unit else scope
    if unit_id == scope:
        route = Route(Screen.CITY)  # the user's own unit is the tab itself, reached any way
    units = grid_of(ui.phone.store)
    if not units:

        async def wait() -> None:
            await _refresh_when_reference_arrives(ui, route)

        ui.after_render(wait)
    crumbs = trail(unit_id, scope, units)
    known = bool(crumbs) and crumbs[-1].id == unit_id
    title = crumbs[-1].name if known else ui.t("city.title")
    head: list[ft.Control] = [_breadcrumbs(ui, crumbs, unit_id)] if len(crumbs) > 1 else []
    shown, failed = try_read(
        ui, lambda: load_city_day(ui.phone.reads, unit_id, day_in(ui.state.route))
    )
    overview: list[ft.Control] = [failed or muted("")] if shown is None else []
    ranked: list[ft.Control] = []
    if shown is not None:
        overview, ranked = _dashboards(ui, shown, units)
    # The server's rollup (a few rows): a regulator's phone keeps no risk points to count.
    trends = risk_grid(ui, unit_id)
    trends += enterprise_map(ui, unit_id, units)
    if shown is not None:
        # Imported here: flet-charts takes ~0.1 s to import, and only a regulator draws charts,
        # so the app's cold start does not pay for it.
        from mobile.ui.regulator.charts import trend_charts

        trends += [section(ui.t("trend.title")), *trend_charts(ui, shown.trend)]
    up = parent_in_scope(unit_id, scope, units)
    back = (_unit_path(up) if up not in (None, scope) else "/city") if route.unit else None
    if ui.wide():  # a desk's screen: the unit, its ranking, its risks and trends side by side
        panes = [[*head, *overview], ranked, trends] if ranked else [[*head, *overview], trends]
        return wide_screen(ui, route, title, panes, back=back)
    return screen(ui, route, title, [*head, *overview, *ranked, *trends], back=back)


async def _refresh_when_reference_arrives(ui: Ui, route: Route) -> None:
    """The first sync after sign-in brings the grid; show it once it has."""
    for _ in range(REFERENCE_WAIT_S * 2):
        await asyncio.sleep(0.5)
        if ui.state.route.split("?", 1)[0] != path_of(route):
            return  # the user moved on
        if grid_of(ui.phone.store):
            ui.refresh()
            return


def _going(ui: Ui, path: str) -> Callable[[], None]:
    """A click handler that opens ``path`` (bound now, not when the loop variable moved on)."""
    return lambda: ui.go(path)


def _unit_path(unit: GridUnitId) -> str:
    return path_of(Route(Screen.CITY, unit=unit))


def _breadcrumbs(ui: Ui, crumbs: list[GridUnit], here: GridUnitId) -> ft.Control:
    parts: list[ft.Control] = []
    for index, unit in enumerate(crumbs):
        if index:
            parts.append(ft.Icon(ft.Icons.CHEVRON_RIGHT, size=16, color=Palette.MUTED))
        name = ft.Text(
            unit.name,
            size=SMALL,
            weight=ft.FontWeight.W_600 if unit.id == here else None,
            color=None if unit.id == here else ft.Colors.TEAL_800,
        )
        target = _unit_path(unit.id)
        parts.append(
            ft.Container(
                name,
                on_click=None if unit.id == here else _going(ui, target),
                padding=ft.Padding.symmetric(horizontal=2, vertical=6),
                key=f"crumb-{unit.id}",
            )
        )
    return ft.Row(parts, spacing=2, wrap=True, key="breadcrumbs")


def _dashboards(
    ui: Ui, shown: CityDay, units: dict[GridUnitId, GridUnit]
) -> tuple[list[ft.Control], list[ft.Control]]:
    """Everything the server said of the unit on the day: the overview, then the ranking."""
    grid = shown.grid
    overview = [
        *stale_note(ui, shown.at_ms, shown.fresh),
        _day_row(ui, shown),
        *_summary(ui, shown),
        *_lights(ui, lit_of(grid)),
        *_children(ui, grid["children"]),
    ]
    unit_id = grid["summary"]["unit"]["id"]
    ranked = [
        *_ranking(ui, grid, unit_id, units),
        *_hazards(ui, shown.hazards),
        export_button(ui, Export.RANKING, unit_id),
    ]
    return overview, ranked


def _day_row(ui: Ui, shown: CityDay) -> ft.Control:
    before, after = neighbours(shown.days, shown.day)
    here = ui.state.route

    def go(day: Any) -> None:
        latest = shown.days[-1] if shown.days else None
        ui.go(with_day(here, None if day == latest else day))

    label = day_text(ui, shown.day)
    if shown.days and shown.day == shown.days[-1]:
        label += f"（{ui.t('city.latest')}）"
    return ft.Row(
        [
            ft.IconButton(
                ft.Icons.CHEVRON_LEFT,
                tooltip=ui.t("city.prev_day"),
                disabled=before is None,
                on_click=lambda: go(before),
                key="day-prev",
            ),
            ft.Text(
                ui.t("city.day", date=label),
                size=BODY,
                weight=ft.FontWeight.W_600,
                expand=True,
                text_align=ft.TextAlign.CENTER,
                key="day",
            ),
            ft.IconButton(
                ft.Icons.CHEVRON_RIGHT,
                tooltip=ui.t("city.next_day"),
                disabled=after is None,
                on_click=lambda: go(after),
                key="day-next",
            ),
        ],
        spacing=0,
    )


def _summary(ui: Ui, shown: CityDay) -> list[ft.Control]:
    summary = shown.grid["summary"]
    mean = summary.get("mean_month_score")
    point = shown.point
    completion = point.completion if point is not None else None
    scale = scale_of_ui(ui)
    mean_caption = ui.t("city.mean_score")
    if mean is not None:  # the tier beside the number: read against the scale below
        tier = ui.t(f"city.tier.{scale.tier(mean)}")
        mean_caption = ui.t("scale.graded", label=mean_caption, tier=tier)
    tiles = ft.Row(
        [
            tile(str(summary["enterprises"]), ui.t("city.enterprises"), key="sum-enterprises"),
            tile("-" if mean is None else f"{mean:.1f}", mean_caption, key="sum-mean"),
            tile(str(summary["red"]), ui.t("city.red"), ft.Colors.RED_700, key="sum-red"),
            tile(
                str(summary["yellow"]), ui.t("city.yellow"), ft.Colors.AMBER_800, key="sum-yellow"
            ),
        ],
        spacing=8,
    )
    cards = point.cards if point is not None else {}
    line = (
        ui.t("city.completion_note", **cards)
        if cards and completion is not None
        else ui.t("city.no_cards")
    )
    rate = "-" if completion is None else f"{completion * 100:.0f}%"
    completion_row = ft.Container(
        ft.Row(
            [
                ft.Column(
                    [ft.Text(ui.t("city.completion"), size=BODY), muted(line, size=SMALL - 1)],
                    spacing=0,
                    expand=True,
                ),
                ft.Text(rate, size=22, weight=ft.FontWeight.BOLD, key="completion-rate"),
            ]
        ),
        padding=ft.Padding.symmetric(horizontal=12, vertical=8),
        border_radius=12,
        bgcolor=ft.Colors.SURFACE_CONTAINER,
        key="completion",
    )
    return [tiles, scale_line(ui, scale, key="scale-summary"), completion_row]


def _lights(ui: Ui, enterprises: list[dict[str, Any]]) -> list[ft.Control]:
    lit = sorted(
        (e for e in enterprises if e.get("light")),
        key=lambda e: (e["light"] != "red", e["month_score"]),
    )
    rows: list[ft.Control] = [section(f"{ui.t('city.lights')} ({len(lit)})")]
    if not lit:
        rows.append(muted(ui.t("city.no_lights")))
    for entry in lit:
        chip_ = light_chip(ui, entry["light"])
        head = ft.Row(
            [ft.Text(entry["name"], size=BODY, weight=ft.FontWeight.W_600, expand=True)]
            + ([chip_] if chip_ else []),
        )
        rows.append(
            _card(
                ui,
                [head, *reasons(ui, entry["lights"])],
                entry["tenant"],
                key=f"lit-{entry['tenant']}",
            )
        )
    return rows


def _children(ui: Ui, children: list[dict[str, Any]]) -> list[ft.Control]:
    if not children:
        return []
    rows: list[ft.Control] = [section(ui.t("city.children"))]
    for child in children:
        unit = child["unit"]
        mean = child.get("mean_month_score")
        marks: list[ft.Control] = []
        if child["red"]:
            marks.append(chip(f"{ui.t('city.red')} {child['red']}", ft.Colors.RED_700))
        if child["yellow"]:
            marks.append(chip(f"{ui.t('city.yellow')} {child['yellow']}", ft.Colors.AMBER_800))
        line = ui.t(
            "city.child_line",
            count=child["enterprises"],
            score="-" if mean is None else f"{mean:.1f}",
        )
        target = _unit_path(GridUnitId(unit["id"]))
        rows.append(
            ft.Card(
                ft.Container(
                    ft.Row(
                        [
                            ft.Column(
                                [
                                    ft.Text(
                                        f"{unit['name']}（{ui.t('city.level.' + unit['level'])}）",
                                        size=BODY,
                                        weight=ft.FontWeight.W_600,
                                    ),
                                    muted(line),
                                    ft.Row(marks, spacing=6, wrap=True),
                                ],
                                spacing=2,
                                expand=True,
                            ),
                            ft.Icon(ft.Icons.CHEVRON_RIGHT, color=Palette.MUTED),
                        ]
                    ),
                    padding=12,
                    on_click=_going(ui, target),
                    key=f"unit-{unit['id']}",
                )
            )
        )
    return rows


def _ranking(
    ui: Ui,
    grid: dict[str, Any],
    unit_id: str,
    units: dict[GridUnitId, GridUnit],
) -> list[ft.Control]:
    rows: list[ft.Control] = [
        section(ui.t("city.ranking")),
        scale_line(ui, scale_of_ui(ui), key="scale-ranking"),
    ]
    top, hidden, bottom = ranking_of(grid)
    if not top:
        rows.append(muted(ui.t("city.no_enterprises")))
    for entry in top:
        rows.append(_ranked(ui, entry, unit_id, units))
    if hidden:
        rows.append(muted(ui.t("city.ranking_hidden", count=hidden), size=SMALL))
    rows += [_ranked(ui, entry, unit_id, units) for entry in bottom]
    return rows


def _ranked(
    ui: Ui, entry: dict[str, Any], unit_id: str, units: dict[GridUnitId, GridUnit]
) -> ft.Control:
    """One enterprise: its place in the unit, tier and light, day and month scores, village."""
    place = entry["ranks"].get(unit_id, ["-"])[0]
    tier = entry["tier"]
    marks: list[ft.Control] = [chip(ui.t(f"city.tier.{tier}"), TIER_COLOURS.get(tier))]
    light = light_chip(ui, entry.get("light"))
    if light is not None:
        marks.append(light)
    scale = scale_of_ui(ui)
    score = ui.t(
        "city.score_line",
        total=scored(ui, entry["total"], scale),
        month=scored(ui, entry["month_score"], scale),
    )
    home = units.get(GridUnitId(entry["grid_unit"]))
    where = f" · {home.name}" if home is not None else ""
    head = ft.Row(
        [
            ft.Text(f"{place}", size=BODY + 2, weight=BOLD, width=28),
            ft.Text(entry["name"], size=BODY, weight=SEMI, expand=True),
            *marks,
        ],
        spacing=6,
    )
    line = ft.Row([ft.Container(width=28), muted(score + where)], spacing=6)
    return _card(ui, [head, line], entry["tenant"], key=f"rank-{entry['tenant']}")


def _hazards(ui: Ui, hazards: dict[str, Any]) -> list[ft.Control]:
    lines = hazard_lines(hazards.get("by_status") or {})
    rows: list[ft.Control] = [section(ui.t("city.hazards"))]
    if not lines:
        return [*rows, muted(ui.t("city.no_hazards"))]
    head = [ui.t("city.state"), ui.t("city.general"), ui.t("city.major")]
    table = ft.Column(
        [
            _table_row(head, bold=True),
            *(
                _table_row([ui.label(line.status), str(line.general), str(line.major)])
                for line in lines
            ),
        ],
        spacing=2,
        key="hazard-table",
    )
    overdue = hazards.get("overdue") or {}
    rows += [
        ft.Container(table, padding=8, border_radius=12, bgcolor=ft.Colors.SURFACE_CONTAINER),
        ft.Text(
            ui.t(
                "city.overdue_line",
                general=overdue.get("general", 0),
                major=overdue.get("major", 0),
            ),
            size=BODY,
            color=Palette.FAIL if any(overdue.values()) else None,
            weight=ft.FontWeight.W_600,
            key="overdue-counts",
        ),
    ]
    for late in hazards.get("overdue_hazards", [])[:10]:
        due = _local_day(late["deadline"])
        grade = "major" if late["grade"] == "major" else "general"
        rows.append(
            _card(
                ui,
                [
                    ft.Row(
                        [
                            chip(
                                ui.t(f"city.{grade}"),
                                Palette.FAIL if grade == "major" else Palette.WARN,
                            ),
                            ft.Text(late["title"], size=BODY, expand=True),
                        ],
                        spacing=6,
                    ),
                    muted(ui.t("city.overdue_item", name=late["name"], date=due)),
                ],
                late["tenant"],
                key=f"overdue-{late['id']}",
            )
        )
    return rows


def _local_day(moment: str) -> str:
    """An ISO moment from the server as the local (China) date."""
    return f"{local(datetime.fromisoformat(moment.replace('Z', '+00:00'))):%Y-%m-%d}"


def _table_row(cells: list[str], *, bold: bool = False) -> ft.Control:
    weight = ft.FontWeight.W_600 if bold else None
    return ft.Row(
        [
            ft.Text(cells[0], size=SMALL, weight=weight, expand=3),
            *(
                ft.Text(c, size=SMALL, weight=weight, expand=1, text_align=ft.TextAlign.END)
                for c in cells[1:]
            ),
        ]
    )


def _card(ui: Ui, lines: list[ft.Control], tenant: str, *, key: str) -> ft.Control:
    target = with_back(path_of(Route(Screen.PROFILE, tenant=tenant)), ui.state.route)
    return ft.Card(
        ft.Container(
            ft.Column(lines, spacing=4),
            padding=12,
            on_click=lambda: ui.go(target),
            key=key,
        )
    )
