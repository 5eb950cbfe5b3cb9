"""The 导出 button of the regulator's and inspector's screens: a workbook, kept and opened.

Like 打开通知书 PDF: the file is saved in the phone's data folder, then opened in the browser
(or the phone's spreadsheet app) through a short-lived signed link. Offline, it says so.
"""

from __future__ import annotations

import asyncio
from pathlib import Path

import flet as ft

from mobile.services.exports import Export, export_link, fetch_export
from mobile.sync.errors import Offline, ServerRefused, SignInRequired
from mobile.ui.chrome import big_button
from mobile.ui.context import Ui
from mobile.ui.inspector import notice

__all__ = ["export_button"]


def export_button(ui: Ui, doc: Export, unit: str | None = None) -> ft.Control:
    """A button that downloads the workbook and opens it."""

    async def go() -> None:
        await _open(ui, doc, unit)

    return big_button(
        ui.t(f"export.{doc.value}"),
        go,
        icon=ft.Icons.TABLE_VIEW,
        key=f"export-{doc.value}",
        filled=False,
    )


async def _open(ui: Ui, doc: Export, unit: str | None) -> None:
    reads = ui.phone.reads
    data = Path(ui.phone.photos.folder).parent
    server = str(ui.phone.http.base_url)
    try:
        path = await asyncio.to_thread(fetch_export, reads, data, doc, unit)
        link = await asyncio.to_thread(export_link, reads, server, doc, unit)
    except (Offline, SignInRequired):
        ui.toast(ui.t("export.offline"))
        return
    except ServerRefused:
        ui.toast(ui.t("export.refused"))
        return
    ui.toast(ui.t("export.saved", name=path.name))
    await notice.open_url(link)
