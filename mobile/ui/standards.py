"""The standards library on the phone (行业有标准): categories, the 十小 standards, search, details.

A manager opens it from 本企业, an inspector from 待检. The library comes from the phone's kept
copy (``mobile.services.standards``), so it browses offline once fetched. An entry whose legal
citation awaits the city's experts says so: a citation on a legal document must be right.
"""

from __future__ import annotations

from dataclasses import dataclass

import flet as ft

from mobile.services.standards import KeptLibrary, standards_library
from mobile.sync.errors import Offline, ServerRefused, SignInRequired
from mobile.ui.chrome import chip, muted, screen, section, send_as_typed
from mobile.ui.context import Ui
from mobile.ui.fields import max_length
from mobile.ui.routes import Route, Screen, path_of
from mobile.ui.theme import BODY, SMALL, Palette
from shared.org import SMALL_PLACE_NAMES
from shared.risk import FIVE_HIGH_NAMES
from shared.standards import HazardStandard, SmallPlaceStandard
from shared.text import TextKind

__all__ = ["StandardView", "StandardsView", "load_library", "standard_row"]

KEY = "standards-browse"
SMALL_PLACES = "SX"
"""The browse key of the 十小 standards, beside the categories' two-digit codes."""


@dataclass
class Browse:
    """What the library screen shows: a category (or the 十小) and the words searched."""

    category: str | None = None
    words: str = ""


def load_library(ui: Ui) -> KeptLibrary | None:
    """The library, or None (with a note on screen) when it never reached this phone."""
    now_ms = int(ui.now().timestamp() * 1000)
    try:
        return standards_library(ui.phone.reads, ui.phone.store, now_ms)
    except (Offline, ServerRefused, SignInRequired):
        return None


def _browse(ui: Ui) -> Browse:
    found = ui.state.kept.get(KEY)
    if not isinstance(found, Browse):
        found = ui.state.kept[KEY] = Browse()
    return found


def StandardsView(ui: Ui, route: Route) -> ft.View:
    """Search box, then the categories; a chosen category or a search lists its standards."""
    kept = load_library(ui)
    title = ui.t("standards.title")
    if kept is None:
        return screen(ui, route, title, [muted(ui.t("standards.unavailable"), size=BODY)])
    library, browse = kept.library, _browse(ui)
    body: list[ft.Control] = [muted(ui.t("standards.version", version=library.version), size=SMALL)]
    if not kept.fresh:
        body.append(chip(ui.t("standards.kept"), Palette.MUTED))
    body.append(_search(ui, browse))
    if browse.words.strip():
        found = library.search(browse.words)
        body.append(section(ui.t("standards.found", count=len(found))))
        body.extend(standard_row(ui, entry) for entry in found)
    elif browse.category is None:
        body.extend(_category(ui, c.code, f"{c.code} {c.name}", len(library.in_category(c.code)))
                    for c in library.categories)  # fmt: skip
        body.append(
            _category(ui, SMALL_PLACES, ui.t("standards.small"), len(library.small_place_standards))
        )
    else:
        entries = (
            library.small_place_standards
            if browse.category == SMALL_PLACES
            else library.in_category(browse.category)
        )
        body.append(_back_to_categories(ui, browse))
        body.extend(standard_row(ui, entry) for entry in entries)
    return screen(ui, route, title, body)


def _search(ui: Ui, browse: Browse) -> ft.Control:
    box = ft.TextField(
        label=ui.t("standards.search"),
        value=browse.words,
        on_change=send_as_typed,
        expand=True,
        max_length=max_length(TextKind.LINE),
        key="standards-search",
    )

    def search() -> None:
        browse.words = box.value or ""
        ui.refresh()

    box.on_submit = search
    return ft.Row(
        [box, ft.IconButton(ft.Icons.SEARCH, tooltip=ui.t("standards.do_search"), on_click=search)]
    )


def _category(ui: Ui, code: str, name: str, count: int) -> ft.Control:
    def open_() -> None:
        _browse(ui).category = code
        ui.refresh()

    return ft.ListTile(
        title=ft.Text(name, size=BODY),
        trailing=ft.Text(ui.t("standards.count", count=count), size=SMALL),
        on_click=open_,
        key=f"category-{code}",
    )


def _back_to_categories(ui: Ui, browse: Browse) -> ft.Control:
    def back() -> None:
        browse.category = None
        ui.refresh()

    return ft.TextButton(ui.t("standards.all"), icon=ft.Icons.ARROW_UPWARD, on_click=back)


def standard_row(ui: Ui, entry: HazardStandard | SmallPlaceStandard) -> ft.Control:
    """One standard in a list: code, title, 五高 and the review mark; a tap opens it."""
    marks: list[ft.Control] = [chip(FIVE_HIGH_NAMES[entry.five_high], ft.Colors.TEAL_700)]
    if entry.needs_review and entry.reviewed_by is None:
        marks.append(chip(ui.t("standards.needs_review"), Palette.WARN))
    return ft.Container(
        ft.Column(
            [
                ft.Text(f"{entry.code} {entry.title}", size=BODY, weight=ft.FontWeight.W_600),
                ft.Row(marks, spacing=6, wrap=True),
            ],
            spacing=4,
        ),
        on_click=lambda: ui.go(path_of(Route(Screen.STANDARD, code=entry.code))),
        padding=ft.Padding.symmetric(vertical=6),
        key=f"standard-{entry.code}",
    )


def StandardView(ui: Ui, route: Route) -> ft.View:
    """One standard in full: what, how, pass criterion, hazards, 五高, frequency, legal basis."""
    kept = load_library(ui)
    code = route.code or ""
    entry = next((e for e in kept.library.everything() if e.code == code), None) if kept else None
    if entry is None:
        return screen(ui, route, code, [muted(ui.t("standards.unavailable"), size=BODY)])
    lines: list[ft.Control] = [
        ft.Text(entry.title, size=BODY + 2, weight=ft.FontWeight.W_600, selectable=True)
    ]
    if entry.needs_review and entry.reviewed_by is None:
        lines.append(chip(ui.t("standards.needs_review_long"), Palette.WARN))
    if entry.reviewed_by is not None:
        lines.append(muted(ui.t("standards.reviewed", by=entry.reviewed_by, on=entry.reviewed_on)))
    if isinstance(entry, SmallPlaceStandard):
        kinds = "、".join(SMALL_PLACE_NAMES[kind] for kind in entry.kinds)
        lines.append(_field(ui.t("standards.kinds"), kinds))
    fields = (
        ("standards.what", entry.what),
        ("standards.how", entry.how),
        ("standards.pass", entry.pass_criterion),
        ("standards.hazards", "；".join(entry.typical_hazards)),
        ("standards.five_high", FIVE_HIGH_NAMES[entry.five_high]),
        ("standards.frequency", ui.label(entry.frequency)),
        ("standards.basis", "\n".join(basis.cite() for basis in entry.legal_basis)),
    )
    lines.extend(_field(ui.t(key), text) for key, text in fields)
    return screen(ui, route, code, lines)


def _field(name: str, text: str) -> ft.Control:
    return ft.Column(
        [muted(name, size=SMALL), ft.Text(text, size=BODY, selectable=True)], spacing=2
    )
