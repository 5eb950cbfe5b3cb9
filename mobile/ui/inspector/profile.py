"""企业档案: an enterprise at a glance, for an inspector on site or a regulator at a desk.

Class, the latest day's and the month's score, red/yellow lights with their reasons, the 30-day
card completion as a bar per day, risk points by colour, open hazards (overdue first), and for
an inspector 开始检查. Scores are the server's, kept for offline and marked with their date;
risk points and hazards are the phone's own, but for a regulator, whose phone keeps neither
(the server's, kept the same way).
"""

from __future__ import annotations

from collections.abc import Callable

import flet as ft

from mobile.services.inspecting import enterprise_of
from mobile.services.notices import NoticeOnPhone, inspections_of
from mobile.services.profiles import Scores, open_hazards, open_hazards_read, scores_of
from mobile.services.risk_points import by_colour, risk_points_of, risk_points_read
from mobile.services.scale import Scale
from mobile.ui.chrome import big_button, chip, figure_tile, muted, screen, section
from mobile.ui.context import Ui
from mobile.ui.inspector.behind import Loaded, fetch_behind
from mobile.ui.inspector.common import (
    CLASS_COLOURS,
    local_day,
    local_time,
)
from mobile.ui.regulator.parts import scale_line, scale_of_ui
from mobile.ui.routes import Route, Screen, path_of
from mobile.ui.theme import BODY, LIGHT_COLOURS, RISK_COLOURS, SMALL, TITLE, Palette
from shared.cards import ItemResult
from shared.hazards import Hazard
from shared.org import RiskPoint
from shared.risk import RiskColour
from shared.roles import Role

__all__ = ["ProfileView"]

BAR_HEIGHT = 40
BAR_WIDTH = 9
"""30 bars of 9 px with 2 px between fit a 390 px phone with its margins."""
MAX_INSPECTIONS = 5
"""The newest inspections listed on a profile."""


def ProfileView(ui: Ui, route: Route) -> ft.View:
    """The enterprise's profile; read-only for a regulator (no 开始检查)."""
    tenant = route.tenant or ""
    company = enterprise_of(ui.phone.store, tenant)
    if company is None:
        return screen(ui, route, ui.t("profile.title"), [muted(ui.t("profile.unknown"), size=BODY)])
    klass = company.supervision_class.value if company.supervision_class else "?"
    head: list[ft.Control] = [
        ft.Row(
            [
                ft.Text(company.name, size=TITLE, weight=ft.FontWeight.BOLD, expand=True),
                chip(ui.t("due.class", cls=klass), CLASS_COLOURS.get(klass, Palette.NEUTRAL)),
            ],
            vertical_alignment=ft.CrossAxisAlignment.START,
        ),
        muted(company.credit_code),
    ]
    body: list[ft.Control] = [
        ft.Column(head, spacing=2, key="profile-head"),
        *_scores(
            ui, fetch_behind(ui, f"scores/{tenant}", lambda: scores_of(ui.phone.reads, tenant))
        ),
        *_risks(ui, _risk_points(ui, tenant)),
        *_hazards(ui, _open_hazards(ui, tenant)),
        *_inspections(ui, inspections_of(ui.phone.record, tenant)),
    ]
    footer = None
    if ui.actor().role is Role.INSPECTOR:
        inspect = path_of(Route(Screen.INSPECT, tenant=tenant))
        footer = big_button(
            ui.t("profile.start"),
            lambda: ui.go(inspect),
            icon=ft.Icons.FACT_CHECK,
            key="profile-start",
        )
    return screen(ui, route, ui.t("profile.title"), body, footer=footer)


def _scores(ui: Ui, loaded: Loaded[Scores]) -> list[ft.Control]:
    if not loaded.arrived:
        return [muted(ui.t("profile.loading"), size=BODY)]
    scores = loaded.value
    if scores is None:
        return [muted(ui.t("profile.no_scores"), size=BODY)]
    when = ui.t("profile.score_day", day=scores.latest.day.isoformat())
    if not scores.fresh:
        when += " · " + ui.t("profile.score_kept", time=local_time(scores.fetched_ms))
    scale = scale_of_ui(ui)
    today, month = scores.latest.total, scores.month_score
    figures = ft.Row(
        [
            figure_tile(
                _graded(ui, "profile.score_today", today, scale), f"{today:.1f}", "score-today"
            ),
            figure_tile(
                _graded(ui, "profile.score_month", month, scale), f"{month:.1f}", "score-month"
            ),
        ],
        spacing=12,
    )
    found: list[ft.Control] = [
        figures,
        scale_line(ui, scale),
        ft.Text(when, size=SMALL, color=Palette.MUTED if scores.fresh else Palette.WARN),
        section(ui.t("profile.lights")),
    ]
    if not scores.lights:
        found.append(muted(ui.t("profile.no_lights")))
    english = ui.state.language.startswith("en")
    for colour, zh, en in scores.lights:
        found.append(
            ft.Row(
                [
                    ft.Icon(ft.Icons.CIRCLE, color=LIGHT_COLOURS.get(colour, Palette.NEUTRAL)),
                    ft.Text(en if english and en else zh, size=BODY, expand=True),
                ],
                key=f"light-{colour}",
            )
        )
    found += _completion(ui, scores)
    return found


def _graded(ui: Ui, label: str, score: float, scale: Scale) -> str:
    """A figure's label with the tier its number reaches on the scale: ``当日得分（良好）``."""
    return ui.t("scale.graded", label=ui.t(label), tier=ui.t(f"city.tier.{scale.tier(score)}"))


def _completion(ui: Ui, scores: Scores) -> list[ft.Control]:
    ratio = scores.latest.completion
    pct = "–" if ratio is None else f"{ratio * 100:.0f}"
    bars: list[ft.Control] = []
    for day in scores.days[-30:]:
        share = day.completion or 0.0
        colour = Palette.PASS if share >= 0.9 else Palette.WARN if share >= 0.5 else Palette.FAIL
        bars.append(
            ft.Container(
                height=max(2, round(BAR_HEIGHT * share)),
                bgcolor=colour,
                width=BAR_WIDTH,
                border_radius=2,
                tooltip=f"{day.day:%m-%d} {share * 100:.0f}%",
            )
        )
    return [
        section(ui.t("profile.completion")),
        ft.Text(
            ui.t("profile.completion_now", pct=pct, detail=scores.completion_detail),
            size=BODY,
            key="completion",
        ),
        ft.Container(
            ft.Row(bars, spacing=2, vertical_alignment=ft.CrossAxisAlignment.END),
            height=BAR_HEIGHT,
        ),
    ]


def _risks(ui: Ui, points: list[RiskPoint]) -> list[ft.Control]:
    found: list[ft.Control] = [section(ui.t("profile.risks"))]
    if not points:
        return [*found, muted(ui.t("profile.no_risks"))]
    for colour, group in by_colour(points):
        found.append(
            ft.Row(
                [chip(f"{ui.label(colour)} {len(group)}", RISK_COLOURS[colour])],
                key=f"risk-{colour.value}",
            )
        )
        found += [_risk_line(point, colour) for point in group]
    return found


def _risk_line(point: RiskPoint, colour: RiskColour) -> ft.Control:
    factors = "、".join(point.hazard_factors)
    return ft.Row(
        [
            ft.Icon(ft.Icons.WARNING_AMBER, color=RISK_COLOURS[colour], size=18),
            ft.Text(point.name + (f"（{factors}）" if factors else ""), size=SMALL, expand=True),
        ],
        spacing=6,
    )


def _risk_points(ui: Ui, tenant: str) -> list[RiskPoint]:
    """A regulator's reference data holds no risk points: the server's; anyone else's, its own."""
    if ui.actor().role is Role.REGULATOR:  # fetched behind the screen, like the scores
        read = fetch_behind(
            ui, f"risk-points/{tenant}", lambda: risk_points_read(ui.phone.reads, tenant)
        )
        return read.value or []
    return risk_points_of(ui.phone.store, tenant)


def _open_hazards(ui: Ui, tenant: str) -> list[tuple[Hazard, bool]]:
    """A regulator's phone keeps no events: the server's list; anyone else's, its own folds."""
    now = ui.now()
    if ui.actor().role is Role.REGULATOR:  # fetched behind the screen, like the scores
        read = fetch_behind(
            ui, f"hazards/{tenant}", lambda: open_hazards_read(ui.phone.reads, tenant, now)
        )
        return read.value or []
    return open_hazards(ui.phone.record, tenant, now)


def _hazards(ui: Ui, hazards: list[tuple[Hazard, bool]]) -> list[ft.Control]:
    found: list[ft.Control] = [section(ui.t("profile.hazards", count=len(hazards)))]
    if not hazards:
        return [*found, muted(ui.t("profile.no_hazards"))]
    for hazard, overdue in hazards:
        chips: list[ft.Control] = [chip(ui.label(hazard.status), Palette.NEUTRAL)]
        if overdue:
            chips.append(chip(ui.t("profile.overdue"), Palette.FAIL))
        if hazard.supervision_level is not None:
            waiting = hazard.awaits_authority()
            mark = ui.t("profile.awaits_authority") if waiting else ui.t("major.supervision")
            chips.append(chip(mark, Palette.WARN if waiting else Palette.FAIL))
        if hazard.deadline is not None:
            chips.append(muted(ui.t("profile.deadline", day=local_day(hazard.deadline))))
        target = path_of(Route(Screen.HAZARD, hazard_id=hazard.id))
        found.append(
            ft.Container(
                content=ft.Column(
                    [ft.Text(hazard.title, size=BODY), ft.Row(chips, wrap=True, spacing=6)],
                    spacing=4,
                ),
                padding=10,
                border_radius=10,
                bgcolor=ft.Colors.SURFACE_CONTAINER_LOW,
                on_click=_go(ui, target),
                key=f"open-hazard-{hazard.id}",
            )
        )
    return found


def _go(ui: Ui, path: str) -> Callable[[], None]:
    return lambda: ui.go(path)


def _inspections(ui: Ui, notices: list[NoticeOnPhone]) -> list[ft.Control]:
    if not notices:
        return []
    found: list[ft.Control] = [section(ui.t("profile.inspections"))]
    for notice in notices[:MAX_INSPECTIONS]:
        state = ui.t("notice.synced") if notice.synced else ui.t("notice.pending")
        colour = Palette.PASS if notice.synced else Palette.PENDING
        target = path_of(Route(Screen.NOTICE, inspection_id=notice.inspection_id))
        failing = sum(1 for f in notice.record.findings if f.result is ItemResult.FAIL)
        line = ui.t("profile.inspection_line", time=local_time(notice.at), count=failing)
        found.append(
            ft.Container(
                content=ft.Row(
                    [
                        ft.Column(
                            [
                                ft.Text(notice.notice_no, size=BODY),
                                muted(line),
                            ],
                            spacing=2,
                            expand=True,
                        ),
                        chip(state, colour),
                    ]
                ),
                padding=10,
                border_radius=10,
                bgcolor=ft.Colors.SURFACE_CONTAINER_LOW,
                on_click=_go(ui, target),
                key=f"inspection-{notice.inspection_id}",
            )
        )
    return found
