"""The manager's forms: what was typed and what was refused, kept between renders, no controls.

Each app keeps one ``FormDraft`` per form (assign, review, major, conflict); a draft for another
hazard is dropped when the form opens, so nothing typed for one hazard leaks into another.
The drafts live in the session's ``UiState.kept``, so they go with the session.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from enum import Enum

import flet as ft

from mobile.services.local_time import local
from mobile.services.managing import Refused
from mobile.ui.context import Ui
from mobile.ui.fields import max_length, update_in_place
from mobile.ui.theme import Palette
from shared.text import TextKind

__all__ = [
    "FormDraft",
    "date_field",
    "draft_for",
    "forget",
    "refusal_banner",
    "refusal_text",
    "show_refusal",
    "submit",
    "text_field",
]


@dataclass
class FormDraft:
    """One form of one hazard.

    Attributes:
        hazard_id: The hazard the form is about.
        fields: Field name → text typed.
        errors: Field name → the message key refusing it.
        refusal: A message about the whole action (the rules refused it), already in words.
    """

    hazard_id: str
    fields: dict[str, str] = field(default_factory=dict)
    errors: dict[str, str] = field(default_factory=dict)
    refusal: str | None = None
    on_screen: dict[str, Callable[[], str]] = field(default_factory=dict, repr=False)

    def read(self) -> dict[str, str]:
        """What the fields on screen hold now, kept in ``fields`` too.

        A save reads the fields themselves: Flet runs handlers on worker threads, so the
        change handler that copies a keystroke into ``fields`` may not have run yet when the
        tap on 保存 that follows it does; the field's own value is already there.
        """
        self.fields.update({name: value() for name, value in self.on_screen.items()})
        return self.fields


KEY = "manager-forms"
"""The drafts' key in ``UiState.kept``."""


def draft_for(
    ui: Ui, form: str, hazard_id: str, initial: Callable[[], dict[str, str]] | None = None
) -> FormDraft:
    """The app's draft of ``form`` for this hazard; a fresh one (from ``initial``) if none."""
    drafts: dict[str, FormDraft] = ui.state.kept.setdefault(KEY, {})
    draft = drafts.get(form)
    if draft is None or draft.hazard_id != hazard_id:
        draft = FormDraft(hazard_id, dict(initial() if initial else {}))
        drafts[form] = draft
    return draft


def forget(ui: Ui, form: str) -> None:
    """Drop a form's draft (after it was saved)."""
    ui.state.kept.get(KEY, {}).pop(form, None)


FIELD_KINDS: dict[str, TextKind] = {
    "assignee": TextKind.ID,
    "measures": TextKind.TEXT,
    "comment": TextKind.TEXT,
    "reason": TextKind.REASON,
    "authority": TextKind.LINE,
    "reference": TextKind.LINE,
    "summary": TextKind.TEXT,
    "level": TextKind.LINE,
    "note": TextKind.TEXT,
}
"""Each form field's text kind, its payload field's: the phone takes what the server does."""


def text_field(
    ui: Ui, draft: FormDraft, name: str, label: str, *, key: str, **options: object
) -> ft.TextField:
    """A text field bound to ``draft.fields[name]``, showing its refusal under it."""
    error = draft.errors.get(name)
    kind = FIELD_KINDS.get(name)
    box = ft.TextField(
        label=label,
        value=draft.fields.get(name, ""),
        key=key,
        error=ui.t(error) if error else None,
        max_length=max_length(kind) if kind else None,
        **options,  # type: ignore[arg-type]
    )

    def keep() -> None:
        draft.fields[name] = box.value or ""
        if draft.errors.pop(name, None) is not None:
            box.error = None  # being fixed: the message leaves (checked again on submit)
            update_in_place(box)

    box.on_change = keep
    draft.on_screen[name] = lambda: box.value or ""
    return box


MAX_DAYS = 366
"""How far ahead the calendar goes: a rectification or plan is due within a year."""


def date_field(
    ui: Ui, draft: FormDraft, name: str, label: str, *, key: str, days: int = MAX_DAYS
) -> ft.Control:
    """A day field (``YYYY-MM-DD``) with a calendar beside it that fills it in.

    The calendar opens on the day typed, and offers today to ``days`` ahead: a deadline is
    never in the past. Typing still works (and is checked the same way on saving).
    """
    box = text_field(
        ui, draft, name, label, key=key, keyboard_type=ft.KeyboardType.DATETIME, expand=True
    )
    today = local(ui.now()).date()

    def picked() -> None:
        if picker.value is not None:
            box.value = f"{picker.value:%Y-%m-%d}"
            draft.fields[name] = box.value
            ui.patch()

    picker = ft.DatePicker(
        value=_day_in(box.value or "", today),
        first_date=today,
        last_date=today + timedelta(days=days),
        help_text=label,
        on_change=picked,
    )
    calendar = ft.IconButton(
        ft.Icons.CALENDAR_MONTH,
        tooltip=ui.t("assign.pick_date"),
        on_click=lambda: ui.dialog(picker),
        key=f"{key}-calendar",
    )
    # Announced by name: the tooltip alone left a nameless button in the web client.
    named = ft.Semantics(content=calendar, label=ui.t("assign.pick_date"), button=True)
    return ft.Row([box, named], vertical_alignment=ft.CrossAxisAlignment.START)


def _day_in(text: str, today: date) -> date:
    """The day typed, for the calendar to open on; today when it is not a day from today on."""
    try:
        day = date.fromisoformat(text.strip())
    except ValueError:
        return today
    return max(day, today)


def refusal_text(ui: Ui, refused: Refused) -> str:
    """A refusal in words, with the hazard's state named when the message needs it."""
    values = {
        name: ui.label(value) if isinstance(value, Enum) else value
        for name, value in refused.values.items()
    }
    return ui.t(refused.key, **values)


def show_refusal(ui: Ui, draft: FormDraft, refused: Refused) -> None:
    """Put a refusal on the form (under its field, or on top) and build the screen again."""
    draft.errors.clear()
    draft.refusal = None
    if refused.fields:
        draft.errors.update(refused.fields)
    else:
        draft.refusal = refusal_text(ui, refused)
    ui.refresh()


def submit(
    ui: Ui, draft: FormDraft, form: str, step: Callable[[], object], then: str | None
) -> None:
    """Save one step of the form: refused, say why on the form and stay; saved, move on.

    Moving on is the same for every form: wake the sync loop, forget the draft, say 已保存 and
    go to ``then`` (None: build the same screen again, for a form with further steps).
    """
    try:
        step()
    except Refused as refused:
        show_refusal(ui, draft, refused)
        return
    ui.phone.loop.wake()
    forget(ui, form)
    ui.toast(ui.t("common.saved"))
    if then is None:
        ui.refresh()
    else:
        ui.go(then)


def refusal_banner(draft: FormDraft) -> list[ft.Control]:
    """The whole-action refusal on top of the form, if any."""
    if draft.refusal is None:
        return []
    return [
        ft.Container(
            ft.Text(draft.refusal, color=Palette.FAIL, key="refusal"),
            bgcolor=Palette.REFUSAL,
            border_radius=8,
            padding=10,
        )
    ]
