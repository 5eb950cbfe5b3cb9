"""车间和岗位: a safety manager sets up the enterprise's workshops (or places) and posts.

The first step of onboarding a new enterprise: name a workshop, type its posts one a line and
pick whom they answer to (责任人, a person); saving is one ``workshop.defined`` event. The posts
are there for 建岗位卡 and the risk list once the server has them (after the next sync), as the
screen says.

Each post can also be located here (设为当前位置): the manager standing at the post takes the
phone's position, or types 纬度 and 经度; saving is one ``post.located`` event. Scans of the
post's QR are then checked against it (the 200 m check, ``shared.geo``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import flet as ft

from mobile.services.catalog import PostCard, my_posts
from mobile.services.people import name_of
from mobile.services.workshops import define_workshop, degrees, locate_post, post_names
from mobile.ui.chrome import big_button, muted, screen, section, small_button
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
LOCATE_KEY = "post-location"


@dataclass
class WorkshopDraft:
    """What is typed so far: the workshop's name and its posts, one a line."""

    name: str = ""
    posts: str = ""
    responsible: str | None = None  # 责任人 of each new post: a user id, or none


@dataclass
class LocateDraft:
    """The post being located and the degrees typed for it so far."""

    post_id: str
    latitude: str = ""
    longitude: str = ""


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
    locating: LocateDraft | None = ui.state.kept.get(LOCATE_KEY)
    for post in posts:
        body.append(_post_row(ui, post))
        if locating is not None and locating.post_id == post.post.id:
            body.extend(_locator(ui, post, locating))
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


def _post_row(ui: Ui, post: PostCard) -> ft.Control:
    """A post, its 责任人 (by name), whether it has a position, and its locator's button."""

    def open_locator() -> None:
        ui.state.kept[LOCATE_KEY] = LocateDraft(post.post.id)
        ui.refresh()

    where = post.post.position
    status = (
        ui.t(
            "post_location.set",
            latitude=f"{where.latitude:.5f}",
            longitude=f"{where.longitude:.5f}",
        )
        if where is not None
        else ui.t("post_location.unset")
    )
    lines: list[ft.Control] = [ft.Text(post.place, size=BODY)]
    if post.post.responsible is not None:
        name = name_of(ui.phone.store, ui.actor().tenant, post.post.responsible)
        lines.append(muted(ui.t("workshops.responsible", name=name)))
    lines.append(muted(status))
    label = ft.Column(lines, spacing=0, expand=True)
    button = small_button(
        ui.t("post_location.open"), open_locator, icon=ft.Icons.PLACE, key=f"locate-{post.post.id}"
    )
    return ft.Row([label, button])


def _locator(ui: Ui, post: PostCard, draft: LocateDraft) -> list[ft.Control]:
    """设为当前位置 (the phone's fix) or typed degrees, for one post."""

    async def here() -> None:
        where = await ui.locator.position()
        if where is None:
            ui.toast(ui.t("post_location.no_fix"))
            return
        _locate(ui, post, where.latitude, where.longitude)

    def typed() -> None:
        latitude, longitude = degrees(draft.latitude), degrees(draft.longitude)
        if latitude is None or longitude is None:
            ui.toast(ui.t("post_location.refused"))
            return
        _locate(ui, post, latitude, longitude)

    return [
        section(ui.t("post_location.title", place=post.place)),
        muted(ui.t("post_location.hint")),
        big_button(ui.t("post_location.here"), here, icon=ft.Icons.MY_LOCATION, key="locate-here"),
        _degrees_field(ui.t("post_location.latitude"), "latitude", draft),
        _degrees_field(ui.t("post_location.longitude"), "longitude", draft),
        big_button(ui.t("post_location.save"), typed, key="locate-save", filled=False),
    ]


def _degrees_field(label: str, which: str, draft: LocateDraft) -> ft.Control:
    box = ft.TextField(
        label=label,
        value=getattr(draft, which),
        key=f"locate-{which}",
        keyboard_type=ft.KeyboardType.NUMBER,
        max_length=20,
    )

    def keep() -> None:
        setattr(draft, which, box.value or "")

    box.on_change = keep
    return box


def _locate(ui: Ui, post: PostCard, latitude: float, longitude: float) -> None:
    try:
        locate_post(ui.phone.record, ui.actor(), post.post.id, latitude, longitude)
    except (InvalidInput, NotPermitted):
        ui.toast(ui.t("post_location.refused"))
        return
    ui.state.kept.pop(LOCATE_KEY, None)
    ui.toast(ui.t("post_location.saved", place=post.place))
    ui.refresh()
