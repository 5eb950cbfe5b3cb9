"""本企业评分: the manager's own score, every line with its reasons, lights, ranks and trend.

The enterprise improves itself only if it sees what the regulator sees: the latest day's total
and tier with the scale beside it, the month score, each light with what to do about it, the
places in its village, township and county, what would raise the score most, every line with
its points and reasons (a deduction names the rule, what happened and when), and the 30 days'
totals as bars. The numbers are the server's, fetched behind the screen and kept for offline.
"""

from __future__ import annotations

import flet as ft

from mobile.services.city import grid_of
from mobile.services.scoreboard import BoardLine, Rank, Scoreboard, scoreboard_of, tier_of
from mobile.ui.chrome import big_button, chip, figure_tile, muted, screen, section
from mobile.ui.context import Ui
from mobile.ui.inspector.behind import fetch_behind
from mobile.ui.inspector.common import local_time
from mobile.ui.regulator.parts import TIER_COLOURS
from mobile.ui.routes import Route
from mobile.ui.theme import BODY, LIGHT_COLOURS, SMALL, Palette
from mobile.ui.words.scoreboard import TEXTS
from shared.ids import GridUnitId

__all__ = ["ScoreboardView"]

BAR_HEIGHT = 48
BAR_WIDTH = 9
"""30 bars of 9 px with 2 px between fit a 390 px phone with its margins."""


def ScoreboardView(ui: Ui, route: Route) -> ft.View:
    """The manager's enterprise's board; 'not scored yet' until its first night."""
    tenant = ui.actor().tenant or ""
    loaded = fetch_behind(ui, f"scoreboard/{tenant}", lambda: scoreboard_of(ui.phone.reads, tenant))
    title = ui.t("board.title")
    rewards = big_button(
        ui.t("rewards.open"),
        lambda: ui.go("/rewards"),
        icon=ft.Icons.EMOJI_EVENTS,
        key="rewards",
        filled=False,
    )
    if not loaded.arrived:
        return screen(ui, route, title, [muted(ui.t("board.loading"), size=BODY), rewards])
    board = loaded.value
    if board is None:
        return screen(ui, route, title, [muted(ui.t("board.none"), size=BODY), rewards])
    body: list[ft.Control] = [
        *_head(ui, board),
        *_lights(ui, board),
        *_ranks(ui, board),
        *_raise(ui, board),
        section(ui.t("board.lines")),
        *(_line(line) for line in board.components),
        section(ui.t("board.deductions")),
        *(_line(line) for line in board.deductions),
        *_trend(ui, board),
        rewards,
    ]
    return screen(ui, route, title, body)


def _head(ui: Ui, board: Scoreboard) -> list[ft.Control]:
    when = ui.t("board.day", day=board.day.isoformat())
    if not board.fresh:
        when += " · " + ui.t("board.kept", time=local_time(board.fetched_ms))
    green, yellow, orange = board.scale
    scale = ui.t("board.scale", green=f"{green:g}", yellow=f"{yellow:g}", orange=f"{orange:g}")
    return [
        ft.Row(
            [
                figure_tile(ui.t("board.today"), f"{board.total:.1f}", "board-today"),
                figure_tile(ui.t("board.month"), f"{board.month_score:.1f}", "board-month"),
            ],
            spacing=12,
        ),
        ft.Row(
            [
                chip(
                    ui.t(f"city.tier.{board.tier}"),
                    TIER_COLOURS.get(board.tier, Palette.NEUTRAL),
                    key="board-tier",
                ),
                muted(scale),
            ],
            wrap=True,
            spacing=8,
        ),
        ft.Text(when, size=SMALL, color=Palette.MUTED if board.fresh else Palette.WARN),
    ]


def _lights(ui: Ui, board: Scoreboard) -> list[ft.Control]:
    found: list[ft.Control] = [section(ui.t("board.lights"))]
    if not board.lights:
        return [*found, muted(ui.t("board.no_lights"))]
    english = ui.state.language.startswith("en")
    for index, (colour, zh, en) in enumerate(board.lights):
        found.append(
            ft.Row(
                [
                    ft.Icon(ft.Icons.CIRCLE, color=LIGHT_COLOURS.get(colour, Palette.NEUTRAL)),
                    ft.Column(
                        [
                            ft.Text(en if english and en else zh, size=BODY),
                            muted(ui.t(f"board.todo.{colour}")),
                        ],
                        spacing=2,
                        expand=True,
                    ),
                ],
                key=f"board-light-{index}",
            )
        )
    return found


def _ranks(ui: Ui, board: Scoreboard) -> list[ft.Control]:
    if not board.ranks:
        return []
    units = grid_of(ui.phone.store)
    found: list[ft.Control] = [section(ui.t("board.ranks"))]

    def deepest_first(rank: Rank) -> tuple[int, int]:
        """Village, township, county, city; by size where the phone does not know the unit."""
        unit = units.get(GridUnitId(rank.unit))
        return (-unit.level.depth if unit is not None else 0, rank.out_of)

    for rank in sorted(board.ranks, key=deepest_first):
        unit = units.get(GridUnitId(rank.unit))
        name = unit.name if unit is not None else rank.unit
        found.append(
            ft.Text(
                ui.t("board.rank", unit=name, place=rank.place, out_of=rank.out_of),
                size=BODY,
                key=f"board-rank-{rank.unit}",
            )
        )
    return found


def _raise(ui: Ui, board: Scoreboard) -> list[ft.Control]:
    """What would raise the score most: the lines that lose the most points."""
    costly = board.costliest()
    if not costly:
        return []
    return [section(ui.t("board.raise")), *(_raise_line(ui, line) for line in costly)]


def _raise_line(ui: Ui, line: BoardLine) -> ft.Control:
    """A costly line: how many points it would give back, and what to do to get them."""
    lines: list[ft.Control] = [
        ft.Text(ui.t("board.raise_line", label=line.label_zh, points=f"{line.lost:.1f}"), size=BODY)
    ]
    how = f"board.how.{line.code}"
    if how in TEXTS:
        lines.append(muted(ui.t(how)))
    return ft.Column(lines, spacing=0, key=f"board-raise-{line.code}")


def _line(line: BoardLine) -> ft.Control:
    """A line: its label and points (of its most), and the numbers and reasons behind them."""
    most = "" if line.max_points is None else f" / {line.max_points:g}"
    colour = Palette.FAIL if line.points < 0 else None
    return ft.Container(
        content=ft.Column(
            [
                ft.Row(
                    [
                        ft.Text(line.label_zh, size=BODY, weight=ft.FontWeight.W_600, expand=True),
                        ft.Text(f"{line.points:g}{most}", size=BODY, color=colour),
                    ]
                ),
                ft.Text(line.detail, size=SMALL, color=Palette.MUTED, selectable=True),
            ],
            spacing=2,
        ),
        padding=10,
        border_radius=10,
        bgcolor=ft.Colors.SURFACE_CONTAINER_LOW,
        key=f"board-line-{line.code}",
    )


def _trend(ui: Ui, board: Scoreboard) -> list[ft.Control]:
    bars: list[ft.Control] = []
    for day, total in board.trend[-30:]:
        share = max(0.0, min(1.0, total / 100))
        colour = TIER_COLOURS.get(tier_of(total, board.scale), Palette.NEUTRAL)
        bars.append(
            ft.Container(
                height=max(2, round(BAR_HEIGHT * share)),
                bgcolor=colour,
                width=BAR_WIDTH,
                border_radius=2,
                tooltip=f"{day:%m-%d} {total:.1f}",
            )
        )
    first, last = board.trend[0], board.trend[-1]
    return [
        section(ui.t("board.trend")),
        ft.Container(
            ft.Row(bars, spacing=2, vertical_alignment=ft.CrossAxisAlignment.END),
            height=BAR_HEIGHT,
            key="board-trend",
        ),
        muted(
            ui.t(
                "board.trend_range",
                first=f"{first[0]:%m-%d}",
                last=f"{last[0]:%m-%d}",
                low=f"{min(t for _, t in board.trend):.1f}",
                high=f"{max(t for _, t in board.trend):.1f}",
            )
        ),
    ]
