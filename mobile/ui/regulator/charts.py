"""The unit's 30-day trends drawn with flet-charts: mean score as a line, lights as bars.

Both charts share the x axis: the index of the day in the series, labelled ``MM-DD`` at the
first, middle and last day so the labels never crowd a 390 px screen.
"""

from __future__ import annotations

import flet as ft
import flet_charts as fch

from mobile.services.city import TrendPoint
from mobile.ui.chrome import field_label, muted
from mobile.ui.context import Ui
from mobile.ui.theme import LIGHT_COLOURS, SMALL

__all__ = ["trend_charts"]

HEIGHT = 150
PAD = ft.Padding.only(right=18)
"""Room for the last day's label, which the chart centres on its bar."""


def trend_charts(ui: Ui, points: list[TrendPoint]) -> list[ft.Control]:
    """The score line and the lights bars, each under its caption; a note when empty."""
    if not points:
        return [muted(ui.t("trend.empty"))]
    return [
        field_label(ui.t("trend.score")),
        ft.Container(_score_line(points), height=HEIGHT, padding=PAD, key="trend-score"),
        field_label(ui.t("trend.lit")),
        ft.Container(_lights_bars(points), height=HEIGHT, padding=PAD, key="trend-lights"),
    ]


def _bottom(points: list[TrendPoint]) -> fch.ChartAxis:
    marks = sorted({0, len(points) // 2, len(points) - 1})
    return fch.ChartAxis(
        labels=[
            fch.ChartAxisLabel(value=i, label=ft.Text(f"{points[i].day:%m-%d}", size=SMALL - 3))
            for i in marks
        ],
        label_size=22,
    )


def _left(top: float, step: float) -> fch.ChartAxis:
    values = [0.0, step, 2 * step] if 2 * step <= top else [0.0, top]
    return fch.ChartAxis(
        labels=[
            fch.ChartAxisLabel(value=v, label=ft.Text(f"{v:g}", size=SMALL - 3)) for v in values
        ],
        label_size=30,
    )


def _score_line(points: list[TrendPoint]) -> fch.LineChart:
    spots = [
        fch.LineChartDataPoint(i, p.mean_total)
        for i, p in enumerate(points)
        if p.mean_total is not None
    ]
    return fch.LineChart(
        data_series=[
            fch.LineChartData(points=spots, color=ft.Colors.TEAL_700, stroke_width=3, curved=False),
        ],
        min_y=0,
        max_y=100,
        min_x=0,
        max_x=max(len(points) - 1, 1),
        left_axis=_left(100, 50),
        bottom_axis=_bottom(points),
        horizontal_grid_lines=fch.ChartGridLines(interval=25, color=ft.Colors.GREY_300, width=1),
        border=ft.Border.all(1, ft.Colors.GREY_400),
        interactive=False,
        animation=ft.Animation(),
    )


def _lights_bars(points: list[TrendPoint]) -> fch.BarChart:
    top = max([p.lit for p in points] + [2])
    return fch.BarChart(
        groups=[
            fch.BarChartGroup(
                x=i,
                rods=[
                    fch.BarChartRod(
                        from_y=0,
                        to_y=p.lit,
                        width=6,
                        border_radius=0,
                        stack_items=[
                            fch.BarChartRodStackItem(0, p.red, LIGHT_COLOURS["red"]),
                            fch.BarChartRodStackItem(p.red, p.lit, LIGHT_COLOURS["yellow"]),
                        ],
                    )
                ],
            )
            for i, p in enumerate(points)
        ],
        max_y=top,
        left_axis=_left(top, max(1, top // 2)),
        bottom_axis=_bottom(points),
        horizontal_grid_lines=fch.ChartGridLines(interval=1, color=ft.Colors.GREY_300, width=1),
        border=ft.Border.all(1, ft.Colors.GREY_400),
        group_spacing=2,
        interactive=False,
        animation=ft.Animation(),
    )
