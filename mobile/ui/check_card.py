"""检查卡: tick one card instance item by item, then submit it as one event.

One item fills the screen at a time (what to check, how, the pass criterion) with three large
buttons, 合格 / 不合格 / 不适用, a note and photos. 合格 and 不适用 move on to the next item;
不合格 stays so the worker can describe it. Submitting saves the whole instance as one
``card_instance.submitted`` event; each 不合格 item then opens a pre-filled hazard report.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import flet as ft

from mobile.services.catalog import PostCard, find_post
from mobile.services.checking import (
    CheckSheet,
    NothingToCheck,
    failed_items,
    open_sheet,
    submit_sheet,
)
from mobile.services.people import name_of
from mobile.services.reporting import HazardReport, report_from_item
from mobile.services.risk_loop import control_of_item
from mobile.services.today import DueCard, Standing
from mobile.ui.chrome import (
    big_button,
    bring_into_view,
    choice_row,
    field_label,
    muted,
    screen,
    scroll_key,
)
from mobile.ui.context import Ui
from mobile.ui.fields import max_length, update_in_place
from mobile.ui.i18n import period_text
from mobile.ui.photo_strip import PhotoStrip
from mobile.ui.routes import Route, Screen, path_of
from mobile.ui.state import CardDraft, HazardDraft
from mobile.ui.theme import BODY, SMALL, TITLE, TOUCH, Palette, result_colour
from shared.cards import CardItem, ItemResult
from shared.errors import InvalidInput
from shared.text import TextKind

__all__ = ["CheckCardView"]

DOT = 44
EVIDENCE_KEY = "evidence-hint"


def CheckCardView(ui: Ui, route: Route) -> ft.View:
    """The current item of the post's instance, the progress dots and the step buttons."""
    post = find_post(ui.phone.store, ui.actor(), route.post_id or "")
    sheet = None
    if post is not None:
        try:
            sheet = open_sheet(ui.phone.record, post, ui.now(), route.frequency, route.period)
        except NothingToCheck:
            sheet = None
    if post is None or sheet is None:
        back = big_button(ui.t("common.back"), lambda: ui.go("/today"), key="check-back")
        return screen(ui, route, ui.t("tab.today"), [muted(ui.t("check.nothing"), size=BODY), back])
    draft = _draft(ui, sheet)
    items = sheet.items
    draft.current = max(0, min(draft.current, len(items) - 1))
    item = items[draft.current]
    shown = _Shown.of(ui, draft, items)
    body = [
        _header(ui, sheet),
        _progress(ui, draft, items),
        _item(ui, item, post.post.responsible),
        _results(ui, draft, item, last=draft.current == len(items) - 1),
        *_fail_hint(ui, draft, item, shown),
        _note(ui, draft, item, shown),
        field_label(ui.t("photo.count", count=len(draft.answers.photos.get(item.id, [])))),
        PhotoStrip(ui, draft.answers.photos.setdefault(item.id, []), key=f"item-{item.id}"),
    ]
    view = screen(ui, route, post.post.name, body, footer=_steps(ui, sheet, draft, shown))
    if draft.reveal:
        draft.reveal = False
        bring_into_view(ui, view, EVIDENCE_KEY)
    return view


@dataclass(frozen=True)
class _Shown:
    """The evidence messages on screen, so fixing the note clears them without a re-render.

    A re-render while typing would drop the field's focus; the two texts are updated in place.
    """

    items: tuple[CardItem, ...]
    item_error: ft.Text
    summary: ft.Text

    @classmethod
    def of(cls, ui: Ui, draft: CardDraft, items: tuple[CardItem, ...]) -> _Shown:
        item_error = ft.Text(
            "", color=Palette.FAIL, size=SMALL + 1, weight=ft.FontWeight.W_600, key="evidence-error"
        )
        summary = ft.Text("", color=Palette.FAIL, key="evidence-missing")
        shown = cls(items, item_error, summary)
        shown.show(ui, draft)
        return shown

    def show(self, ui: Ui, draft: CardDraft) -> None:
        """Say which 不合格 items still lack evidence, once a submit was refused for it."""
        lacking = draft.answers.lacking(self.items) if draft.tried else {}
        current = self.items[draft.current].id
        numbers = [str(i + 1) for i, item in enumerate(self.items) if item.id in lacking]
        self.item_error.visible = current in lacking
        self.item_error.value = ui.label(lacking[current]) if current in lacking else ""
        self.summary.visible = bool(numbers)
        self.summary.value = (
            ui.t("check.evidence_missing", items="、".join(numbers)) if numbers else ""
        )


def _draft(ui: Ui, sheet: CheckSheet) -> CardDraft:
    draft = ui.state.card
    if draft is None or draft.instance_id != sheet.instance_id:
        draft = CardDraft.opened(sheet.instance_id, ui.now())
        ui.state.card = draft
    return draft


def _header(ui: Ui, sheet: CheckSheet) -> ft.Control:
    """The card's name, the instance's period, and the post's other open cards to switch to."""
    period = ui.t(
        "check.period",
        frequency=ui.label(sheet.due.frequency),
        period=period_text(ui.state.language, sheet.due.instance),
    )
    rows: list[ft.Control] = [
        muted(sheet.card.name),
        ft.Text(period, size=BODY, weight=ft.FontWeight.W_600),
    ]
    if sheet.others:
        switches: list[ft.Control] = [muted(ui.t("check.other"))]
        for other in sheet.others:
            switches.append(
                ft.TextButton(
                    _switch_label(ui, other),
                    on_click=_go(ui, path_of(_route_of(sheet.post, other))),
                    key=f"switch-{other.frequency.value}-{other.instance.period}",
                )
            )
        rows.append(ft.Row(switches, wrap=True, spacing=0, run_spacing=0))
    return ft.Column(rows, spacing=0)


def _switch_label(ui: Ui, due: DueCard) -> str:
    late = f" {ui.label(Standing.OVERDUE)}" if due.standing is Standing.OVERDUE else ""
    return f"{ui.label(due.frequency)}{late}"


def _route_of(post: PostCard, due: DueCard) -> Route:
    period = due.instance.period
    return Route(Screen.CHECK, post_id=post.post.id, frequency=due.frequency, period=period)


def _go(ui: Ui, path: str) -> Callable[[], None]:
    return lambda: ui.go(path)


def _progress(ui: Ui, draft: CardDraft, items: tuple[CardItem, ...]) -> ft.Control:
    def jump(index: int) -> Callable[[], None]:
        def to() -> None:
            draft.current = index
            ui.refresh()

        return to

    dots: list[ft.Control] = []
    for index, item in enumerate(items):
        result = draft.answers.results.get(item.id)
        here = index == draft.current
        dots.append(
            ft.Container(
                content=ft.Text(
                    str(index + 1),
                    size=SMALL,
                    weight=ft.FontWeight.W_600,
                    color=ft.Colors.WHITE if result else None,
                ),
                width=DOT,
                height=DOT,
                border_radius=DOT / 2,
                alignment=ft.Alignment.CENTER,
                bgcolor=result_colour(result) if result else ft.Colors.GREY_200,
                border=ft.Border.all(3, ft.Colors.TEAL_900) if here else None,
                on_click=jump(index),
                key=f"dot-{index + 1}",
            )
        )
    counter = ft.Text(
        ui.t("check.progress", n=draft.current + 1, total=len(items)),
        size=BODY,
        weight=ft.FontWeight.W_600,
        key="check-progress",
    )
    # The dots are the progress: one per item, coloured by its result, the current one ringed.
    return ft.Row(
        [ft.Container(counter, padding=ft.Padding.only(right=6)), *dots],
        wrap=True,
        spacing=6,
        run_spacing=6,
        vertical_alignment=ft.CrossAxisAlignment.CENTER,
    )


def _responsible(ui: Ui, item: CardItem, post_responsible: str | None) -> str:
    """王师傅（灶台岗） where the item or else its post names a person, else the job title."""
    person = item.responsible or post_responsible
    if person is None:
        return item.responsible_role
    name = name_of(ui.phone.store, ui.actor().tenant, person)
    return ui.t("check.responsible_person", name=name, role=item.responsible_role)


def _item(ui: Ui, item: CardItem, post_responsible: str | None) -> ft.Control:
    return ft.Container(
        content=ft.Column(
            [
                ft.Text(item.what, size=TITLE + 1, weight=ft.FontWeight.BOLD, key="item-what"),
                muted(ui.t("check.responsible", role=_responsible(ui, item, post_responsible))),
                field_label(ui.t("check.how")),
                ft.Text(item.how, size=BODY),
                field_label(ui.t("check.criterion")),
                ft.Text(item.pass_criterion, size=BODY),
            ],
            spacing=2,
        ),
        padding=12,
        border_radius=12,
        bgcolor=ft.Colors.SURFACE_CONTAINER_LOW,
    )


def _results(ui: Ui, draft: CardDraft, item: CardItem, *, last: bool) -> ft.Control:
    def pick(result: ItemResult) -> None:
        draft.answers.results[item.id] = result
        if result is not ItemResult.FAIL and not last:
            draft.current += 1
        ui.refresh()

    return choice_row(
        ui,
        list(ItemResult),
        draft.answers.results.get(item.id),
        colour_of=result_colour,
        on_pick=pick,
        key="result",
    )


def _fail_hint(ui: Ui, draft: CardDraft, item: CardItem, shown: _Shown) -> list[ft.Control]:
    """What this 不合格 item needs, and after a refused submit that it is still missing.

    The card says what (a photo, a note or either): a meter reading needs words, a blocked exit
    a photo.
    """
    if draft.answers.results.get(item.id) is not ItemResult.FAIL:
        return []
    return [
        ft.Text(
            f"{ui.label(item.evidence)}{ui.t('check.fail_hint')}",
            color=Palette.FAIL,
            size=SMALL + 1,
            key=scroll_key(EVIDENCE_KEY),
        ),
        shown.item_error,
        muted(item.typical_hazard),
    ]


def _note(ui: Ui, draft: CardDraft, item: CardItem, shown: _Shown) -> ft.Control:
    field = ft.TextField(
        label=ui.t("check.note"),
        value=draft.answers.notes.get(item.id, ""),
        multiline=True,
        min_lines=1,
        max_lines=4,
        max_length=max_length(TextKind.TEXT),
        key="item-note",
    )

    def changed() -> None:
        draft.answers.notes[item.id] = field.value or ""
        if draft.tried:
            shown.show(ui, draft)
            update_in_place(shown.item_error, shown.summary)

    field.on_change = changed
    return field


def _steps(ui: Ui, sheet: CheckSheet, draft: CardDraft, shown: _Shown) -> ft.Control:
    items = sheet.items

    def move(by: int) -> Callable[[], None]:
        def step() -> None:
            draft.current += by
            ui.refresh()

        return step

    if draft.current < len(items) - 1:
        steps = ft.Row(
            [
                ft.OutlinedButton(
                    ui.t("check.prev"),
                    on_click=move(-1),
                    disabled=draft.current == 0,
                    height=TOUCH,
                    expand=True,
                    key="check-prev",
                ),
                ft.FilledButton(
                    ui.t("check.next"),
                    on_click=move(1),
                    height=TOUCH,
                    expand=True,
                    key="check-next",
                ),
            ],
            spacing=12,
        )
        return ft.Column([shown.summary, steps], spacing=4)
    missing = draft.answers.missing(items)
    submit = big_button(
        ui.t("check.submit"),
        lambda: _submit(ui, sheet, draft),
        icon=ft.Icons.TASK_ALT,
        key="check-submit",
        disabled=bool(missing),
    )
    said: list[ft.Control] = [shown.summary]
    if missing:
        said.append(ft.Text(ui.t("check.missing", count=len(missing)), color=Palette.FAIL))
    return ft.Column([*said, submit], spacing=4)


def _submit(ui: Ui, sheet: CheckSheet, draft: CardDraft) -> None:
    lacking = draft.answers.lacking(sheet.items)
    if lacking:
        # Not saved: the first item lacking evidence comes on screen and says what it needs.
        draft.tried = draft.reveal = True
        draft.current = next(i for i, item in enumerate(sheet.items) if item.id in lacking)
        ui.refresh()
        return
    try:
        submit_sheet(ui.phone.record, ui.actor(), sheet, draft.answers, ui.now())
    except InvalidInput:
        ui.toast(ui.t("form.invalid"))
        return
    ui.phone.loop.wake()
    failed = failed_items(sheet, draft.answers)
    ui.state.card = None
    ui.toast(ui.t("common.saved"))
    if not failed:
        ui.go("/today")
        return
    reports = [_report(ui, sheet.post, item, draft) for item in failed]
    ui.state.hazard = HazardDraft.from_report(reports[0], reports[1:])
    ui.go("/report")


def _report(ui: Ui, post: PostCard, item: CardItem, draft: CardDraft) -> HazardReport:
    card_id = post.card.id if post.card else None
    control = control_of_item(ui.phone.record, card_id, item.id) if card_id else None
    notes, photos = draft.answers.notes, draft.answers.photos
    return report_from_item(
        post, item, notes.get(item.id, ""), photos.get(item.id, []), control=control
    )
