"""建卡: a safety manager builds a post's card from the standards library, on the phone.

The kind of place is prefilled from the enterprise (its 十小 kind or industry); the library
proposes its standards, all ticked; the manager unticks what does not apply, adds others found
by search, and saves. Saving is one ``card.defined`` event, kept on the phone at once and sent
with the next sync; the workers' phones show the card after theirs.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TypeVar

import flet as ft

from mobile.services.catalog import PostCard, my_posts
from mobile.services.onboarding import (
    BASES,
    Basis,
    Standard,
    basis_name,
    basis_of,
    define_card,
    proposed,
)
from mobile.ui.chrome import big_button, muted, screen, section, send_as_typed
from mobile.ui.context import Ui
from mobile.ui.fields import max_length
from mobile.ui.manager.responsible import responsible_menu
from mobile.ui.routes import Route
from mobile.ui.standards import load_library
from mobile.ui.theme import BODY, SMALL
from shared.errors import InvalidInput, NotPermitted
from shared.events import EventType
from shared.lifecycle import PERMITTED_ROLES
from shared.org import Enterprise
from shared.standards import StandardsLibrary
from shared.text import TextKind

__all__ = ["OnboardView", "enterprise_basis"]

T = TypeVar("T")

KEY = "onboard"
MAX_FOUND = 8
"""Search results offered to add at once: a phone screen, not a catalogue."""


@dataclass
class OnboardDraft:
    """The card being built: for which kind of place and post, and the standards kept."""

    basis: Basis
    post_id: str | None
    chosen: list[str] = field(default_factory=list)  # standard codes, ticked
    added: list[str] = field(default_factory=list)  # codes added by search, beyond the proposal
    words: str = ""
    responsible: str | None = None  # 责任人: a user id of the enterprise, or the post's title


def OnboardView(ui: Ui, route: Route) -> ft.View:
    """Kind of place, post, the proposed items to keep or drop, more from search, save."""
    title = ui.t("onboard.title")
    kept = load_library(ui)
    posts = my_posts(ui.phone.store, ui.actor())
    if ui.actor().role not in PERMITTED_ROLES[EventType.CARD_DEFINED]:
        return screen(ui, route, title, [muted(ui.t("onboard.managers_only"), size=BODY)])
    if kept is None or not posts:
        note = "standards.unavailable" if kept is None else "enterprise.no_posts"
        return screen(ui, route, title, [muted(ui.t(note), size=BODY)])
    library = kept.library
    draft = _draft(ui, library, posts)
    shown = [*proposed(library, draft.basis), *(library.standard(c) for c in draft.added)]
    body: list[ft.Control] = [
        section(ui.t("onboard.basis")),
        _bases(ui, draft, library),
        section(ui.t("onboard.post")),
        _posts(ui, draft, posts),
        responsible_menu(ui, draft.responsible, "onboard-responsible", _keeper(ui, draft)),
        section(ui.t("onboard.items", count=len(draft.chosen))),
        muted(ui.t("onboard.items_hint")),
        *(_item(ui, draft, entry) for entry in shown),
        section(ui.t("onboard.add")),
        *_adder(ui, draft, library, {entry.code for entry in shown}),
    ]
    post = next((p for p in posts if p.post.id == draft.post_id), None)
    chosen = [entry for entry in shown if entry.code in draft.chosen]
    save = big_button(
        ui.t("onboard.save", count=len(chosen)),
        lambda: _save(ui, post, chosen, library, draft.responsible),
        icon=ft.Icons.SAVE,
        key="onboard-save",
        disabled=post is None or not chosen,
    )
    return screen(ui, route, title, body, footer=save)


def _draft(ui: Ui, library: StandardsLibrary, posts: list[PostCard]) -> OnboardDraft:
    found = ui.state.kept.get(KEY)
    if isinstance(found, OnboardDraft):
        return found
    basis = enterprise_basis(ui)
    draft = OnboardDraft(basis, posts[0].post.id, [s.code for s in proposed(library, basis)])
    ui.state.kept[KEY] = draft
    return draft


def enterprise_basis(ui: Ui) -> Basis:
    """The signed-in manager's enterprise's kind of place, as the phone's reference data says."""
    doc = ui.phone.store.read_doc(f"reference/{ui.actor().tenant}") or {}
    rows = [doc["enterprise"]] if doc.get("enterprise") else []
    return basis_of(next((Enterprise.model_validate(row) for row in rows), None))


def _bases(ui: Ui, draft: OnboardDraft, library: StandardsLibrary) -> ft.Control:
    def pick(basis: Basis) -> None:
        draft.basis, draft.added = basis, []
        draft.chosen = [s.code for s in proposed(library, basis)]
        ui.refresh()

    return ft.Row(
        [_choice(basis_name(b), b is draft.basis, _bound(pick, b), f"basis-{b.value}")
         for b in BASES],
        wrap=True, spacing=6, run_spacing=6,
    )  # fmt: skip


def _posts(ui: Ui, draft: OnboardDraft, posts: list[PostCard]) -> ft.Control:
    def pick(post_id: str) -> None:
        draft.post_id = post_id
        ui.refresh()

    return ft.Row(
        [_choice(p.place, p.post.id == draft.post_id, _bound(pick, p.post.id), f"post-{p.post.id}")
         for p in posts],
        wrap=True, spacing=6, run_spacing=6,
    )  # fmt: skip


def _bound(handler: Callable[[T], None], value: T) -> Callable[[], None]:
    """A tap handler for one value (a lambda's default argument would receive Flet's event)."""
    return lambda: handler(value)


def _choice(text: str, lit: bool, on_click: Callable[[], None], key: str) -> ft.Control:
    kind = ft.FilledButton if lit else ft.OutlinedButton
    return kind(content=text, on_click=on_click, key=key)


def _item(ui: Ui, draft: OnboardDraft, entry: Standard) -> ft.Control:
    def toggle() -> None:
        if entry.code in draft.chosen:
            draft.chosen.remove(entry.code)
        else:
            draft.chosen.append(entry.code)
        ui.refresh()

    return ft.Checkbox(
        label=f"{entry.code} {entry.title}",
        value=entry.code in draft.chosen,
        on_change=toggle,
        key=f"item-{entry.code}",
        label_style=ft.TextStyle(size=BODY - 1),
    )


def _adder(
    ui: Ui, draft: OnboardDraft, library: StandardsLibrary, shown: set[str]
) -> list[ft.Control]:
    box = ft.TextField(
        label=ui.t("onboard.search"),
        value=draft.words,
        on_change=send_as_typed,
        expand=True,
        max_length=max_length(TextKind.LINE),
        key="onboard-search",
    )

    def search() -> None:
        draft.words = box.value or ""
        ui.refresh()

    def add(code: str) -> None:
        draft.added.append(code)
        draft.chosen.append(code)
        ui.refresh()

    box.on_submit = search
    found: list[ft.Control] = [
        ft.Row([box, ft.IconButton(ft.Icons.SEARCH, tooltip=ui.t("standards.do_search"),
                                   on_click=search)])
    ]  # fmt: skip
    if draft.words.strip():
        hits = [e for e in library.search(draft.words) if e.code not in shown][:MAX_FOUND]
        if not hits:
            found.append(muted(ui.t("onboard.none_found")))
        found.extend(
            ft.Row(
                [
                    ft.Text(f"{e.code} {e.title}", size=SMALL, expand=True),
                    ft.TextButton(
                        ui.t("onboard.add_one", code=e.code),
                        on_click=_bound(add, e.code),
                        key=f"add-{e.code}",
                    ),
                ]
            )
            for e in hits
        )
    return found


def _keeper(ui: Ui, draft: OnboardDraft) -> Callable[[str | None], None]:
    def keep(user_id: str | None) -> None:
        draft.responsible = user_id
        ui.refresh()

    return keep


def _save(
    ui: Ui,
    post: PostCard | None,
    chosen: list[Standard],
    library: StandardsLibrary,
    responsible: str | None,
) -> None:
    if post is None or not chosen:
        return
    try:
        define_card(ui.phone.record, ui.actor(), post, chosen, library, responsible=responsible)
    except (InvalidInput, NotPermitted, ValueError):
        ui.toast(ui.t("onboard.refused"))
        return
    ui.state.kept.pop(KEY, None)
    ui.toast(ui.t("onboard.saved", post=post.place, count=len(chosen)))
    ui.go("/enterprise")
