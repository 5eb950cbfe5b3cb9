"""今日: the worker's posts and the card instances each owes now, with counts at the top."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, time, timedelta

import flet as ft

from mobile.services.catalog import enterprise_name, has_reference, my_posts
from mobile.services.my_reminders import Nudge, worker_reminders
from mobile.services.people import profile_of
from mobile.services.today import DueCard, PostDay, Standing, TodayPlan, plan_today
from mobile.ui.chrome import big_button, chip, muted, screen
from mobile.ui.context import Ui
from mobile.ui.routes import Route, Screen, path_of
from mobile.ui.theme import BODY, SMALL, Palette, standing_colour
from shared.cards import Frequency

__all__ = ["TodayView"]

_WEEKDAYS = "一二三四五六日"


def TodayView(ui: Ui, route: Route) -> ft.View:
    """Counts (待检, 逾期, 已完成), then each post with its instances; tap one to tick it."""
    actor = ui.actor()
    store = ui.phone.store
    plan = plan_today(ui.phone.record, my_posts(store, actor), ui.now())
    body: list[ft.Control] = [
        muted(f"{ui.t('today.hello', user=_me(ui))} · {enterprise_name(store, actor)}"),
    ]
    if not has_reference(store, actor):
        body.append(ft.Row([ft.ProgressRing(width=20, height=20), muted(ui.t("today.loading"))]))
    elif not plan.posts:
        body.append(muted(ui.t("today.no_posts"), size=BODY))
    else:
        body.append(_counts(ui, plan))
    body += _reminders(ui, plan)
    body.extend(_post(ui, day) for day in plan.posts)
    body.append(_my_month(ui))
    scan = big_button(
        ui.t("today.scan"), lambda: ui.go("/scan"), icon=ft.Icons.QR_CODE_SCANNER, key="start-scan"
    )
    return screen(ui, route, ui.t("today.title", date=_date(ui, plan)), body, footer=scan)


def _reminders(ui: Ui, plan: TodayPlan) -> list[ft.Control]:
    """The worker's reminders: fixes given, sent back (被驳回 and why) or due; cards to tick."""
    found = worker_reminders(
        ui.phone.record, ui.actor(), my_posts(ui.phone.store, ui.actor()), ui.now(), plan=plan
    )
    if not found:
        return []
    rows: list[ft.Control] = [muted(f"{ui.t('nudge.title')} ({len(found)})")]
    for reminder in found:
        grave = reminder.kind in (Nudge.FIX_REJECTED, Nudge.FIX_OVERDUE, Nudge.CARD_MISSED_SOON)

        rows.append(
            ft.Container(
                ft.Text(
                    ui.t(reminder.kind.value, **_worded(ui, reminder.values)),
                    size=BODY,
                    color=Palette.FAIL if grave else None,
                ),
                key=reminder.key,
                on_click=_opener(ui, reminder.target),
                padding=ft.Padding.symmetric(vertical=6),
            )
        )
    return rows


def _worded(ui: Ui, values: dict[str, str]) -> dict[str, str]:
    """A reminder's values in the current language (a card's frequency by its name)."""
    if "frequency" not in values:
        return values
    return {**values, "frequency": ui.label(Frequency(values["frequency"]))}


def _opener(ui: Ui, target: str) -> Callable[[], None]:
    """A tap handler that opens ``target`` (one per reminder, not the loop's last)."""
    return lambda: ui.go(target)


def _my_month(ui: Ui) -> ft.Control:
    """The way to the worker's own month (cards on time, hazards, 奖惩 points)."""
    return ft.TextButton(
        ui.t("my_month.open"), icon=ft.Icons.EMOJI_EVENTS, on_click=lambda: ui.go("/my-month"),
        key="my-month",
    )  # fmt: skip


def _date(ui: Ui, plan: TodayPlan) -> str:
    day = plan.day
    if ui.state.language.startswith("en"):
        return day.strftime("%a %d %b")
    return f"{day.month}月{day.day}日 周{_WEEKDAYS[day.weekday()]}"


def _counts(ui: Ui, plan: TodayPlan) -> ft.Control:
    tiles = [
        (Standing.DUE, "today.due"),
        (Standing.OVERDUE, "today.overdue"),
        (Standing.DONE, "today.done"),
    ]
    return ft.Row(
        [
            ft.Container(
                content=ft.Column(
                    [
                        ft.Text(
                            str(plan.count(standing)),
                            size=28,
                            weight=ft.FontWeight.BOLD,
                            color=standing_colour(standing),
                        ),
                        ft.Text(ui.t(key), size=SMALL),
                    ],
                    horizontal_alignment=ft.CrossAxisAlignment.CENTER,
                    spacing=0,
                ),
                expand=True,
                padding=10,
                border_radius=12,
                bgcolor=ft.Colors.SURFACE_CONTAINER,
                key=f"count-{standing.value}",
            )
            for standing, key in tiles
        ],
        spacing=10,
    )


def _post(ui: Ui, day: PostDay) -> ft.Control:
    header = ft.Column(
        [
            ft.Text(day.post.post.name, size=BODY + 2, weight=ft.FontWeight.W_600),
            muted(f"{day.post.workshop} · {day.post.card.name if day.post.card else ''}"),
        ],
        spacing=2,
    )
    rows: list[ft.Control] = [header]
    rows.extend(_instance(ui, day, card) for card in day.cards)
    return ft.Card(
        ft.Container(ft.Column(rows, spacing=4), padding=12), key=f"post-{day.post.post.id}"
    )


def _instance(ui: Ui, day: PostDay, card: DueCard) -> ft.Control:
    instance = card.instance
    when = (
        ui.t("today.opens_at", time=f"{instance.opens_at:%H:%M}")
        if card.standing is Standing.UPCOMING
        else ui.t("today.due_at", time=_due_text(instance.due_at, instance.opens_at))
    )
    trailing: list[ft.Control] = [chip(ui.label(card.standing), standing_colour(card.standing))]
    if card.pending:
        trailing.insert(0, chip(ui.t("common.pending"), Palette.PENDING, key="pending"))
    target = path_of(
        Route(
            Screen.CHECK,
            post_id=day.post.post.id,
            frequency=card.frequency,
            period=instance.period,
        )
    )
    items = ui.t("today.items", ticked=card.ticked, total=card.total)
    return ft.ListTile(
        title=ft.Text(f"{ui.label(card.frequency)} · {items}", size=BODY),
        subtitle=ft.Text(when, size=SMALL),
        trailing=ft.Row(trailing, tight=True, spacing=6),
        on_click=(lambda: ui.go(target)) if card.can_tick else None,
        disabled=not card.can_tick,
        min_height=56,
        content_padding=ft.Padding.symmetric(horizontal=4),
        key=f"instance-{day.post.post.id}-{card.frequency.value}-{instance.period}",
    )


def _due_text(due: datetime, opens: datetime) -> str:
    """The deadline as a worker reads it: ``20:00``, ``24:00`` or the last day, ``12-07``."""
    last = due - timedelta(seconds=1)
    if last.date() == opens.date():
        return "24:00" if due.time() == time() else f"{due:%H:%M}"
    if due - opens < timedelta(days=1):
        return f"{due:%H:%M}"  # a night shift ending the next morning
    return f"{last:%m-%d}"


def _me(ui: Ui) -> str:
    """The signed-in worker's name (their username until the reference data names them)."""
    me = profile_of(ui.phone.store, ui.actor())
    return me.name if me is not None else ui.actor().user_id
