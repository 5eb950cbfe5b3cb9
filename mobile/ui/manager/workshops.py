"""车间和岗位: a safety manager sets up the enterprise's workshops (or places) and posts.

The first step of onboarding a new enterprise: name a workshop, type its posts one a line and
pick whom they answer to (责任人, a person); saving is one ``workshop.defined`` event. The posts
are there for 建岗位卡 and the risk list once the server has them (after the next sync), as the
screen says.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import flet as ft

from mobile.services.catalog import PostCard, my_posts
from mobile.services.people import name_of
from mobile.services.workshops import define_workshop, post_names
from mobile.ui.chrome import big_button, muted, screen, section
from mobile.ui.context import Ui
from mobile.ui.fields import max_length
from mobile.ui.manager.responsible import responsible_menu
from mobile.ui.routes import Route
from mobile.ui.theme import BODY
from shared.errors import InvalidInput, NotPermitted
from shared.events import EventType
from shared.lifecycle import PERMITTED_ROLES
from shared.text import TextKind

__all__ = ["WorkshopsView"]

KEY = "workshops"


@dataclass
class WorkshopDraft:
    """What is typed so far: the workshop's name and its posts, one a line."""

    name: str = ""
    posts: str = ""
    responsible: str | None = None  # 责任人 of each new post: a user id, or none


def WorkshopsView(ui: Ui, route: Route) -> ft.View:
    """The workshops and posts there are, and a form for one more workshop."""
    title = ui.t("workshops.title")
    if ui.actor().role not in PERMITTED_ROLES[EventType.WORKSHOP_DEFINED]:
        return screen(ui, route, title, [muted(ui.t("workshops.managers_only"), size=BODY)])
    draft: WorkshopDraft = ui.state.kept.setdefault(KEY, WorkshopDraft())
    body: list[ft.Control] = [section(ui.t("workshops.existing"))]
    posts = my_posts(ui.phone.store, ui.actor())
    if not posts:
        body.append(muted(ui.t("workshops.none"), size=BODY))
    body.extend(_existing(ui, p) for p in posts)
    body.append(section(ui.t("workshops.new")))
    body.append(_field(ui.t("workshops.name"), draft.name, "workshop-name", TextKind.NAME, draft))
    body.append(
        _field(ui.t("workshops.posts"), draft.posts, "workshop-posts", TextKind.TEXT, draft)
    )
    body.append(muted(ui.t("workshops.posts_hint")))
    body.append(responsible_menu(ui, draft.responsible, "workshop-responsible", _keeper(draft)))
    save = big_button(
        ui.t("workshops.save"), lambda: _save(ui, draft), icon=ft.Icons.SAVE, key="workshop-save"
    )
    return screen(ui, route, title, body, footer=save)


def _existing(ui: Ui, shown: PostCard) -> ft.Control:
    """A post there is, with its 责任人 by name when it has one."""
    line = ft.Text(shown.place, size=BODY)
    if shown.post.responsible is None:
        return line
    name = name_of(ui.phone.store, ui.actor().tenant, shown.post.responsible)
    return ft.Column([line, muted(ui.t("workshops.responsible", name=name))], spacing=0)


def _keeper(draft: WorkshopDraft) -> Callable[[str | None], None]:
    def keep(user_id: str | None) -> None:
        draft.responsible = user_id

    return keep


def _field(label: str, value: str, key: str, kind: TextKind, draft: WorkshopDraft) -> ft.Control:
    multi = kind is TextKind.TEXT
    box = ft.TextField(
        label=label,
        value=value,
        key=key,
        multiline=multi,
        min_lines=3 if multi else None,
        max_length=max_length(kind),
    )

    def keep() -> None:
        # Kept as typed (a change handler also makes the client send each keystroke at once).
        setattr(draft, "posts" if multi else "name", box.value or "")

    box.on_change = keep
    return box


def _save(ui: Ui, draft: WorkshopDraft) -> None:
    names = post_names(draft.posts)
    try:
        define_workshop(
            ui.phone.record, ui.actor(), draft.name, names, responsible=draft.responsible
        )
    except (InvalidInput, NotPermitted):
        ui.toast(ui.t("workshops.refused"))
        return
    ui.state.kept.pop(KEY, None)
    ui.toast(ui.t("workshops.saved", name=draft.name.strip(), count=len(names)))
    ui.go("/enterprise")
