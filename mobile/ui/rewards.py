"""奖惩 on the phone: the manager's table of the month (with its .xlsx) and a worker's own month.

The seed's point is that enterprises improve themselves: a manager runs the enterprise's own
奖惩制度 from this table (who found real hazards, ticked on time, fixed on time, and whose 合格
an inspector proved wrong), and each worker sees the same numbers about themselves, with the
points per deed beside them so nobody has to guess how the points came about.
"""

from __future__ import annotations

import asyncio
from pathlib import Path

import flet as ft

from mobile.services.rewards import (
    PersonPoints,
    RewardsMonth,
    month_key,
    previous_month,
    rewards_of,
    save_rewards_xlsx,
)
from mobile.sync.errors import Offline, ServerRefused, SignInRequired
from mobile.ui.chrome import big_button, chip, figure_tile, muted, screen, section
from mobile.ui.context import Ui
from mobile.ui.inspector.behind import fetch_behind
from mobile.ui.inspector.common import local_time
from mobile.ui.routes import Route
from mobile.ui.theme import BODY, SMALL, Palette

__all__ = ["MyMonthView", "RewardsView"]

EARLIER = "rewards.earlier"
"""The UI state's flag: the manager looks at last month rather than this one."""


def _month(ui: Ui) -> str:
    today = ui.now().date()
    return month_key(previous_month(today) if ui.state.kept.get(EARLIER) else today)


def _load(ui: Ui, month: str) -> tuple[bool, RewardsMonth | None]:
    loaded = fetch_behind(ui, f"rewards/{month}", lambda: rewards_of(ui.phone.reads, month))
    return loaded.arrived, loaded.value


def RewardsView(ui: Ui, route: Route) -> ft.View:
    """The manager's table: this month (or last), best first, with the export."""
    month = _month(ui)
    title = ui.t("rewards.title")
    arrived, table = _load(ui, month)
    body: list[ft.Control] = [_switch(ui)]
    if not arrived:
        return screen(ui, route, title, [*body, muted(ui.t("rewards.loading"), size=BODY)])
    if table is None:
        return screen(ui, route, title, [*body, muted(ui.t("rewards.offline"), size=BODY)])
    body += [*_head(ui, table), section(ui.t("rewards.people"))]
    if not table.people:
        body.append(muted(ui.t("rewards.nobody"), size=BODY))
    body += [_person(ui, place, person) for place, person in _places(table.people)]

    async def export() -> None:
        await _export(ui, month)

    body.append(
        big_button(
            ui.t("rewards.export"),
            export,
            icon=ft.Icons.TABLE_VIEW,
            key="rewards-export",
            filled=False,
        )
    )
    return screen(ui, route, title, body)


def MyMonthView(ui: Ui, route: Route) -> ft.View:
    """A worker's own month: the figures that make their 奖惩 points, and the points."""
    month = month_key(ui.now().date())
    title = ui.t("my_month.title")
    arrived, table = _load(ui, month)
    if not arrived:
        return screen(ui, route, title, [muted(ui.t("rewards.loading"), size=BODY)])
    mine = (
        next((p for p in table.people if p.user_id == ui.actor().user_id), None) if table else None
    )
    if table is None or mine is None:
        return screen(ui, route, title, [muted(ui.t("rewards.offline"), size=BODY)])
    body: list[ft.Control] = [
        *_head(ui, table),
        ft.Row(
            [
                figure_tile(ui.t("rewards.cards"), str(mine.cards_on_time), "my-cards"),
                figure_tile(ui.t("rewards.points"), f"{mine.points:g}", "my-points"),
            ],
            spacing=12,
        ),
        ft.Row(
            [
                figure_tile(ui.t("rewards.found"), str(mine.hazards_found), "my-found"),
                figure_tile(ui.t("rewards.confirmed"), str(mine.hazards_confirmed), "my-confirmed"),
            ],
            spacing=12,
        ),
        ft.Text(ui.t("rewards.fixes", count=mine.fixes_on_time), size=BODY, key="my-fixes"),
        *_reasons(mine),
    ]
    return screen(ui, route, title, body)


def _switch(ui: Ui) -> ft.Control:
    earlier = bool(ui.state.kept.get(EARLIER))

    def flip() -> None:
        ui.state.kept[EARLIER] = not earlier
        ui.refresh()

    return ft.Row(
        [
            ft.TextButton(
                ui.t("rewards.this_month" if earlier else "rewards.last_month"),
                on_click=flip,
                key="rewards-switch",
            )
        ]
    )


def _head(ui: Ui, table: RewardsMonth) -> list[ft.Control]:
    """The month's days and the points per deed: the scale every number is read against."""
    r = table.rules
    when = ui.t("rewards.range", first=table.first.isoformat(), last=table.last.isoformat())
    if not table.fresh:
        when += " · " + ui.t("board.kept", time=local_time(table.fetched_ms))
    rules = ui.t(
        "rewards.rules",
        hazard=f"{r.get('confirmed_hazard', 0):g}",
        card=f"{r.get('card_on_time', 0):g}",
        fix=f"{r.get('fix_on_time', 0):g}",
        concealment=f"{r.get('concealment', 0):g}",
    )
    return [
        ft.Text(when, size=SMALL, color=Palette.MUTED if table.fresh else Palette.WARN),
        muted(rules),
    ]


def _places(people: tuple[PersonPoints, ...]) -> list[tuple[int, PersonPoints]]:
    """Each person with their place; equal points share one."""
    placed: list[tuple[int, PersonPoints]] = []
    for index, person in enumerate(people, start=1):
        same = placed and placed[-1][1].points == person.points
        placed.append((placed[-1][0] if same else index, person))
    return placed


def _person(ui: Ui, place: int, person: PersonPoints) -> ft.Control:
    colour = Palette.FAIL if person.points < 0 else Palette.PASS
    deeds = ui.t(
        "rewards.deeds",
        cards=person.cards_on_time,
        found=person.hazards_found,
        confirmed=person.hazards_confirmed,
        fixes=person.fixes_on_time,
        concealments=person.concealments,
    )
    return ft.Container(
        content=ft.Column(
            [
                ft.Row(
                    [
                        ft.Text(
                            f"{place}. {person.name}",
                            size=BODY,
                            weight=ft.FontWeight.W_600,
                            expand=True,
                        ),
                        chip(ui.t("rewards.points_chip", points=f"{person.points:g}"), colour),
                    ]
                ),
                muted(deeds),
                *_reasons(person),
            ],
            spacing=2,
        ),
        padding=10,
        border_radius=10,
        bgcolor=ft.Colors.SURFACE_CONTAINER_LOW,
        key=f"rewards-{person.user_id}",
    )


def _reasons(person: PersonPoints) -> list[ft.Control]:
    return [ft.Text(reason, size=SMALL, color=Palette.FAIL) for reason in person.reasons]


async def _export(ui: Ui, month: str) -> None:
    data = Path(ui.phone.photos.folder).parent
    try:
        path = await asyncio.to_thread(save_rewards_xlsx, ui.phone.reads, data, month)
    except (Offline, SignInRequired):
        ui.toast(ui.t("rewards.export_offline"))
        return
    except ServerRefused:
        ui.toast(ui.t("rewards.export_refused"))
        return
    ui.toast(ui.t("rewards.saved", name=path.name))
