"""The counts on the tabs (badges): what waits behind each one, drawn with every screen.

A worker's 今日 counts their reminders (fixes given, sent back, near or past their deadline;
cards open or about to be missed); a manager's 待办 the hazards that wait for them and the
phone's reminders; an inspector's 待检 the visits due within the week, from the due list kept
last time. Read from the phone alone, so drawing a screen never waits on the network.
"""

from __future__ import annotations

from mobile.services.catalog import my_posts
from mobile.services.my_reminders import due_this_week, manager_badge, worker_reminders
from mobile.services.profiles import kept_due_list
from mobile.ui.context import Ui
from mobile.ui.routes import Screen
from shared.roles import Role

__all__ = ["MAX_SHOWN", "badge_text", "tab_badges"]

MAX_SHOWN = 99
"""A larger count shows as 99+: the badge stays a few characters wide."""


def tab_badges(ui: Ui) -> dict[Screen, int]:
    """The count on each of the signed-in role's tabs that has one (none is zero)."""
    actor = ui.state.actor
    if actor is None:
        return {}
    record, now = ui.phone.record, ui.now()
    if actor.role is Role.WORKER:
        posts = my_posts(ui.phone.store, actor)
        return {Screen.TODAY: len(worker_reminders(record, actor, posts, now))}
    if actor.role is Role.SAFETY_MANAGER:
        return {Screen.INBOX: manager_badge(record, actor, now)}
    if actor.role is Role.INSPECTOR:
        due = kept_due_list(ui.phone.reads)
        week = due_this_week(due.lines, now.date()) if due is not None else []
        return {Screen.DUE: len(week)}
    return {}


def badge_text(count: int) -> str | None:
    """What a tab's badge says, or None for no badge."""
    if count <= 0:
        return None
    return f"{MAX_SHOWN}+" if count > MAX_SHOWN else str(count)
