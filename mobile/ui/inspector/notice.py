"""整改通知书: an issued notice, its hazards with deadlines and sync state, and the PDF.

The PDF is made by the server, so before sync the screen says it comes after sync (with
立即同步). Once synced, 打开通知书 PDF downloads it into the phone's data folder and opens
it in the browser (or the phone's PDF viewer) through a short-lived signed link.
"""

from __future__ import annotations

import asyncio
from pathlib import Path

import flet as ft

from mobile.services.inspecting import enterprise_of
from mobile.services.notices import (
    NoticeHazard,
    NoticeOnPhone,
    fetch_notice_pdf,
    notice_link,
    notice_on_phone,
)
from mobile.sync.errors import Offline, ServerRefused, SignInRequired
from mobile.ui.chrome import big_button, chip, muted, screen, section
from mobile.ui.context import Ui
from mobile.ui.inspector.common import local_day, local_time
from mobile.ui.routes import Route, Screen, path_of
from mobile.ui.theme import BODY, SMALL, TITLE, Palette
from shared.cards import ItemResult

__all__ = ["NoticeView", "open_url"]

SYNC_WAIT_STEPS = 60
SYNC_WAIT_STEP_S = 0.5
"""立即同步 waits up to 30 s for the notice to reach the server before showing it again."""


async def open_url(url: str) -> None:
    """Open ``url`` in the browser (web) or the phone's viewer; replaced in view tests."""
    await ft.UrlLauncher().launch_url(url)


def NoticeView(ui: Ui, route: Route) -> ft.View:
    """The notice as saved on the phone, with what is synced and the PDF button."""
    notice = notice_on_phone(ui.phone.record, route.inspection_id or "")
    if notice is None:
        return screen(ui, route, ui.t("notice.title"), [muted(ui.t("notice.unknown"), size=BODY)])
    company = enterprise_of(ui.phone.store, notice.tenant)
    findings = notice.record.findings
    failed = sum(1 for f in findings if f.result is ItemResult.FAIL)
    body: list[ft.Control] = [
        ft.Text(
            company.name if company else notice.tenant,
            size=TITLE,
            weight=ft.FontWeight.BOLD,
            key="notice-enterprise",
        ),
        *_number(ui, notice),
        muted(ui.t("notice.issued", time=local_time(notice.at), done=len(findings), failed=failed)),
        _sync_chip(ui, not notice.pending, "notice-sync"),
        section(ui.t("notice.hazards")),
    ]
    if not notice.hazards:
        body.append(muted(ui.t("notice.no_hazards")))
    body += [_hazard(ui, h) for h in notice.hazards]
    body += _pdf(ui, notice)
    back = path_of(Route(Screen.PROFILE, tenant=notice.tenant))
    body.append(
        big_button(
            ui.t("notice.back_profile"), lambda: ui.go(back), key="notice-back", filled=False
        )
    )
    return screen(ui, route, ui.t("notice.title"), body)


def _number(ui: Ui, notice: NoticeOnPhone) -> list[ft.Control]:
    """The official number once the server confirmed it; until then the provisional one."""
    if notice.confirmed:
        return [
            ft.Text(ui.t("notice.number_official", no=notice.notice_no), size=BODY, key="notice-no")
        ]
    return [
        ft.Text(ui.t("notice.number", no=notice.notice_no), size=BODY, key="notice-no"),
        muted(ui.t("notice.number_hint")),
    ]


def _sync_chip(ui: Ui, synced: bool, key: str) -> ft.Control:
    if synced:
        return ft.Row([chip(ui.t("notice.synced"), Palette.PASS, key=key)])
    return ft.Row([chip(ui.t("notice.pending"), Palette.PENDING, key=key)])


def _hazard(ui: Ui, item: NoticeHazard) -> ft.Control:
    hazard = item.hazard
    rows: list[ft.Control] = [
        ft.Text(hazard.title if hazard else item.hazard_id, size=BODY, weight=ft.FontWeight.W_600)
    ]
    if hazard is not None and hazard.deadline is not None:
        rows.append(
            ft.Text(
                ui.t("notice.deadline", day=local_day(hazard.deadline)),
                size=SMALL + 1,
                color=Palette.FAIL,
            )
        )
    if hazard is not None and hazard.location:
        rows.append(muted(hazard.location))
    rows.append(_sync_chip(ui, not item.pending, f"hazard-sync-{item.hazard_id}"))
    return ft.Container(
        content=ft.Column(rows, spacing=4),
        padding=12,
        border_radius=12,
        bgcolor=ft.Colors.SURFACE_CONTAINER_LOW,
    )


def _pdf(ui: Ui, notice: NoticeOnPhone) -> list[ft.Control]:
    if not notice.synced:

        async def sync_now() -> None:
            await _sync_and_show(ui, notice.inspection_id)

        return [
            ft.Text(ui.t("notice.after_sync"), size=BODY, color=Palette.WARN, key="notice-later"),
            big_button(
                ui.t("notice.sync_now"), sync_now, icon=ft.Icons.SYNC, key="notice-sync-now"
            ),
        ]

    async def open_pdf() -> None:
        await _open_pdf(ui, notice.inspection_id)

    return [
        big_button(
            ui.t("notice.open_pdf"), open_pdf, icon=ft.Icons.PICTURE_AS_PDF, key="notice-pdf"
        )
    ]


async def _sync_and_show(ui: Ui, inspection_id: str) -> None:
    """Wake the sync loop and show the notice again once it is on the server (or time is up)."""
    ui.phone.loop.wake()
    for _ in range(SYNC_WAIT_STEPS):
        await asyncio.sleep(SYNC_WAIT_STEP_S)
        shown = notice_on_phone(ui.phone.record, inspection_id)
        if shown is None or shown.synced:
            break
    ui.refresh()


async def _open_pdf(ui: Ui, inspection_id: str) -> None:
    reads = ui.phone.reads
    data = Path(ui.phone.photos.folder).parent
    server = str(ui.phone.http.base_url)
    try:
        path = await asyncio.to_thread(fetch_notice_pdf, reads, data, inspection_id)
        link = await asyncio.to_thread(notice_link, reads, server, inspection_id)
    except (Offline, SignInRequired):
        ui.toast(ui.t("notice.pdf_offline"))
        return
    except ServerRefused:
        ui.toast(ui.t("notice.pdf_refused"))
        return
    ui.toast(ui.t("notice.saved_pdf", name=path.name))
    await open_url(link)
