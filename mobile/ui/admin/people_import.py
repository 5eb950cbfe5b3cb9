"""An admin's bulk import of the 人员 sheet: pick it, check it, import it; every bad cell shown.

The sheet goes to the server whole (``POST /v1/users/import``), first as a dry run: the admin
reads what it would add and change, or every bad row and column, before anything is written.
The picked file and the last answer are kept in ``UiState.kept``.
"""

from __future__ import annotations

from dataclasses import dataclass

import flet as ft

from mobile.services.directory import ImportDone, ImportProblem, ImportRefused, import_sheet
from mobile.ui.chrome import big_button, muted, screen
from mobile.ui.context import Ui
from mobile.ui.routes import Route
from mobile.ui.theme import BODY, SMALL, Palette

__all__ = ["PeopleImportView"]

KEY = "admin.import"


@dataclass
class Importing:
    """The sheet picked, and what the server last said of it."""

    name: str = ""
    data: bytes = b""
    done: ImportDone | None = None
    refused: ImportRefused | None = None


def PeopleImportView(ui: Ui, route: Route) -> ft.View:
    """What the sheet is, the pick, check and import buttons, and the server's answer."""
    state: Importing = ui.state.kept.setdefault(KEY, Importing())

    async def pick() -> None:
        picked = await ui.photos.pick_sheet()
        if picked is not None:
            state.name, state.data = picked
            state.done = state.refused = None
            ui.refresh()

    def send(dry_run: bool) -> None:
        state.done = state.refused = None
        try:
            state.done = import_sheet(ui.phone, state.name, state.data, dry_run=dry_run)
        except ImportRefused as refused:
            state.refused = refused
        ui.refresh()

    body: list[ft.Control] = [
        muted(ui.t("import.explain"), size=BODY),
        big_button(ui.t("import.pick"), pick, icon=ft.Icons.UPLOAD_FILE, key="import-pick"),
    ]
    if state.name:
        body += [
            muted(ui.t("import.picked", name=state.name), size=BODY),
            big_button(ui.t("import.check"), lambda: send(True), key="import-check", filled=False),
            big_button(ui.t("import.run"), lambda: send(False), key="import-run"),
        ]
    body += _answer(ui, state)
    return screen(ui, route, ui.t("import.title"), body)


def _answer(ui: Ui, state: Importing) -> list[ft.Control]:
    if state.done is not None:
        done = state.done
        counts = {
            "added": len(done.added),
            "updated": len(done.updated),
            "unchanged": len(done.unchanged),
        }
        text = ui.t("import.checked" if done.dry_run else "import.done", **counts)
        return [ft.Text(text, size=BODY, color=Palette.PASS, key="import-answer")]
    if state.refused is None:
        return []
    refused = state.refused
    lines: list[ft.Control] = [
        ft.Text(ui.t(refused.key), size=BODY, color=Palette.FAIL, key="import-answer")
    ]
    lines += [ft.Text(_problem(ui, p), size=SMALL, color=Palette.FAIL) for p in refused.problems]
    return lines


def _problem(ui: Ui, problem: ImportProblem) -> str:
    if problem.row is None:
        return ui.t("import.problem_sheet", column=problem.column, reason=problem.reason)
    return ui.t("import.problem", row=problem.row, column=problem.column, reason=problem.reason)
