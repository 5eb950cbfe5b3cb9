"""本企业: the risk points by colour (红橙黄蓝) and today's card completion by post."""

from __future__ import annotations

from collections.abc import Sequence
from urllib.parse import quote

import flet as ft

from mobile.services.catalog import enterprise_name
from mobile.services.enterprise import PostProgress, enterprise_day
from mobile.services.risk_loop import local_risks
from mobile.services.risk_points import COLOUR_ORDER, by_colour
from mobile.ui.chrome import big_button, chip, muted, screen, section
from mobile.ui.context import Ui
from mobile.ui.manager.revisions import revision_section
from mobile.ui.routes import Route
from mobile.ui.theme import BODY, RISK_COLOURS, SMALL, Palette
from shared.org import RiskPoint
from shared.risk import RiskColour
from shared.risk_register import RiskStatus

__all__ = ["EnterpriseView"]


def EnterpriseView(ui: Ui, route: Route) -> ft.View:
    """Risk points gravest first, then each post's cards today."""
    day = enterprise_day(ui.phone.record, ui.actor(), ui.now())
    if not day.has_reference:
        body: list[ft.Control] = [muted(ui.t("inbox.loading"), size=BODY)]
        return screen(ui, route, ui.t("tab.enterprise"), body)
    body = [
        big_button(
            ui.t("board.open"),
            lambda: ui.go("/scoreboard"),
            icon=ft.Icons.LEADERBOARD,
            key="scoreboard",
            filled=False,
        ),
        big_button(
            ui.t("workshops.open"),
            lambda: ui.go("/workshops"),
            icon=ft.Icons.ADD_BUSINESS,
            key="workshops",
            filled=False,
        ),
        big_button(
            ui.t("onboard.open"), lambda: ui.go("/onboard"), icon=ft.Icons.NOTE_ADD, key="onboard"
        ),
        big_button(
            ui.t("risk_list.open"),
            lambda: ui.go("/risk-list"),
            icon=ft.Icons.PLAYLIST_ADD,
            key="risk-list",
            filled=False,
        ),
        big_button(
            ui.t("standards.open"),
            lambda: ui.go("/standards"),
            icon=ft.Icons.MENU_BOOK,
            key="standards",
            filled=False,
        ),
        big_button(
            ui.t("staff.open"),
            lambda: ui.go("/staff"),
            icon=ft.Icons.PEOPLE,
            key="staff",
            filled=False,
        ),
        *_risk_buttons(ui),
        *revision_section(ui),
        section(ui.t("enterprise.cards")),
    ]
    if not day.posts:
        body.append(muted(ui.t("enterprise.no_posts"), size=BODY))
    body.extend(_post(ui, post) for post in day.posts)
    body.append(section(ui.t("enterprise.risks")))
    risks, mine = _risk_points(ui, day.risks)
    if not risks:
        body.append(muted(ui.t("enterprise.no_risks"), size=BODY))
    counts = {colour: len(points) for colour, points in risks}
    summary = [
        chip(
            f"{ui.t(f'enterprise.colour.{c.value}')} {counts.get(c, 0)}",
            RISK_COLOURS[c],
            key=f"colour-{c.value}",
        )
        for c in COLOUR_ORDER
    ]
    body.append(ft.Row(summary, wrap=True, spacing=6, run_spacing=6))
    body.extend(
        _point(ui, point, colour, point.id in mine) for colour, points in risks for point in points
    )
    name = enterprise_name(ui.phone.store, ui.actor())
    return screen(ui, route, name or ui.t("tab.enterprise"), body)


def _post(ui: Ui, progress: PostProgress) -> ft.Control:
    post = progress.day.post
    open_ = progress.done + progress.due + progress.overdue
    marks: list[ft.Control] = [
        chip(
            ui.t("enterprise.progress", done=progress.done, open=open_),
            Palette.PASS if progress.done == open_ else ft.Colors.TEAL_700,
        )
    ]
    if progress.overdue:
        marks.append(chip(ui.t("enterprise.late", count=progress.overdue), Palette.FAIL))
    if progress.upcoming:
        marks.append(chip(ui.t("enterprise.later", count=progress.upcoming), Palette.MUTED))
    return ft.Card(
        ft.Container(
            ft.Column(
                [
                    ft.Text(post.place, size=BODY, weight=ft.FontWeight.W_600),
                    ft.ProgressBar(
                        value=progress.share,
                        height=8,
                        border_radius=4,
                        color=Palette.PASS,
                        bgcolor=ft.Colors.GREY_200,
                    ),
                    ft.Row(marks, spacing=6, wrap=True),
                ],
                spacing=6,
            ),
            padding=12,
            key=f"post-{post.post.id}",
        )
    )


def _risk_points(
    ui: Ui, listed: Sequence[tuple[RiskColour, Sequence[RiskPoint]]]
) -> tuple[list[tuple[RiskColour, list[RiskPoint]]], set[str]]:
    """The listed points with this phone's own steps on top: new ones in, retired ones out.

    Returns the points by colour and the ids of those with a record (made by events).
    """
    tenant = ui.actor().tenant
    mine = {r.id: r for r in local_risks(ui.phone.record).values() if r.tenant == tenant}
    points = {p.id: p for _, group in listed for p in group}
    for risk in mine.values():
        if risk.status is RiskStatus.ACTIVE:
            points[risk.id] = risk.point()
        else:
            points.pop(risk.id, None)
    return by_colour(list(points.values())), set(mine)


def _risk_buttons(ui: Ui) -> list[ft.Control]:
    """The risk loop: identify a new point (the six steps), review the list, the 四色图."""
    return [
        big_button(
            ui.t("risk.new"), lambda: ui.go("/risks/new"), icon=ft.Icons.ADD_ALERT, key="risk-new"
        ),
        big_button(
            ui.t("risk.review_open"),
            lambda: ui.go("/risks/review"),
            icon=ft.Icons.FACT_CHECK,
            key="risk-review",
            filled=False,
        ),
        big_button(
            ui.t("map.title"),
            lambda: ui.go("/risks/map"),
            icon=ft.Icons.MAP,
            key="risk-map",
            filled=False,
        ),
    ]


def _point(ui: Ui, point: RiskPoint, colour: RiskColour, has_record: bool) -> ft.Control:
    lines: list[ft.Control] = [ft.Text(point.name, size=BODY, weight=ft.FontWeight.W_600)]
    if point.hazard_factors:
        lines.append(muted("、".join(point.hazard_factors), size=SMALL))
    if point.measures:
        measures = "；".join(point.measures)
        lines.append(ft.Text(ui.t("enterprise.measures", measures=measures), size=SMALL))
    target = f"/risks/{quote(point.id, safe='')}"
    return ft.Container(
        ft.Column(lines, spacing=2),
        key=f"risk-{point.id}",
        border=ft.Border.only(left=ft.BorderSide(4, RISK_COLOURS[colour])),
        padding=ft.Padding.only(left=10, top=4, bottom=4),
        on_click=(lambda: ui.go(target)) if has_record else None,
    )
