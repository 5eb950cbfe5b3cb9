"""同步: what is still only on the phone, when it last synced, progress, and conflicts.

The counts come from the outbox, so they are exact whatever the network does; 立即同步 wakes
the background loop rather than syncing on the UI thread.
"""

from __future__ import annotations

from datetime import UTC, datetime

import flet as ft

from mobile.services.inbox import enterprise_conflicts
from mobile.services.local_time import local
from mobile.services.sync_summary import Conflict, ConflictKind, SyncSummary, summarize
from mobile.sync.loop import SyncStatus
from mobile.sync.progress import Stage
from mobile.ui.chrome import big_button, muted, screen, section
from mobile.ui.context import Ui
from mobile.ui.routes import Route, Screen, path_of
from mobile.ui.theme import BODY, SMALL, Palette
from shared.events import EventType
from shared.roles import Role

__all__ = ["SyncView"]

_STAGES = {
    Stage.PHOTOS: "sync.stage.photos",
    Stage.PUSH: "sync.stage.push",
    Stage.PULL: "sync.stage.pull",
}


def SyncView(ui: Ui, route: Route) -> ft.View:
    """Status, counts, last sync, a progress bar while syncing, and the conflicts list."""
    summary = summarize(ui.phone.record, ui.phone.photos, ui.actor())
    sync = ui.state.sync
    body: list[ft.Control] = [
        _status(ui),
        *([muted(sync.error[:300])] if sync.error and sync.status is SyncStatus.FAILED else []),
        *_progress(ui),
        _count(ui.t("sync.pending"), summary.pending_events, "pending-events"),
        _count(ui.t("sync.photos"), summary.pending_photos, "pending-photos"),
        ft.Row(
            [
                ft.Text(ui.t("sync.last"), size=BODY, expand=True),
                ft.Text(_when(ui, sync.last_synced_ms), size=BODY, key="last-sync"),
            ]
        ),
    ]
    if summary.others_pending:
        body.append(muted(ui.t("sync.others", count=summary.others_pending)))
    if not summary.pending_events and not summary.pending_photos:
        body.append(
            ft.Row(
                [
                    ft.Icon(ft.Icons.CLOUD_DONE, color=Palette.PASS),
                    ft.Text(ui.t("sync.all_sent"), color=Palette.PASS, size=BODY, key="all-synced"),
                ]
            )
        )
    body.append(section(ui.t("sync.conflicts")))
    body.extend(_conflicts(ui, summary))

    def now() -> None:
        ui.phone.loop.resume()

    button = big_button(
        ui.t("sync.now"),
        now,
        icon=ft.Icons.SYNC,
        key="sync-now",
        disabled=sync.status is SyncStatus.SYNCING,
    )
    return screen(ui, route, ui.t("sync.title"), body, footer=button)


def _status(ui: Ui) -> ft.Control:
    status = ui.state.sync.status
    colour = {SyncStatus.IDLE: Palette.PASS, SyncStatus.SYNCING: ft.Colors.TEAL_700}.get(
        status, Palette.FAIL
    )
    return ft.Row(
        [
            ft.Icon(ft.Icons.CIRCLE, color=colour, size=14),
            ft.Text(ui.label(status), size=BODY + 1, weight=ft.FontWeight.W_600, key="sync-status"),
        ]
    )


def _progress(ui: Ui) -> list[ft.Control]:
    sync = ui.state.sync
    if sync.status is not SyncStatus.SYNCING:
        return []
    progress = sync.progress
    value = None
    text = ui.label(SyncStatus.SYNCING)
    if progress is not None:
        text = ui.t(_STAGES[progress.stage])
        if progress.total:
            value = min(1.0, progress.done / progress.total)
    return [
        muted(text),
        ft.ProgressBar(value=value, height=8, border_radius=4, key="sync-progress"),
    ]


def _count(text: str, count: int, key: str) -> ft.Control:
    return ft.Row(
        [
            ft.Text(text, size=BODY, expand=True),
            ft.Text(
                str(count),
                size=BODY + 4,
                weight=ft.FontWeight.BOLD,
                key=key,
                color=Palette.PENDING if count else Palette.PASS,
            ),
        ]
    )


def _when(ui: Ui, ms: int | None) -> str:
    if ms is None:
        return ui.t("sync.never")
    return f"{local(datetime.fromtimestamp(ms / 1000, tz=UTC)):%m-%d %H:%M:%S}"


def _conflicts(ui: Ui, summary: SyncSummary) -> list[ft.Control]:
    listed = list(summary.conflicts)
    if ui.actor().role is Role.SAFETY_MANAGER:  # every open conflict of their enterprise
        shown = {c.aggregate_id for c in listed if c.kind is ConflictKind.HAZARD}
        listed += [
            Conflict(ConflictKind.HAZARD, h.id, c.code, c.severity.value, h.title)
            for h, c in enterprise_conflicts(ui.phone.record, ui.actor())
            if h.id not in shown
        ]
    if not listed:
        return [muted(ui.t("sync.no_conflicts"))]
    return [_conflict(ui, conflict) for conflict in listed]


def _event_label(ui: Ui, event_type: str) -> str:
    """What the refused step was (上报隐患, 指派整改…), not the wire's ``hazard.assigned``."""
    known = {kind.value: kind for kind in EventType}
    return ui.label(known[event_type]) if event_type in known else event_type


def _conflict(ui: Ui, conflict: Conflict) -> ft.Control:
    kinds = {
        ConflictKind.REFUSED: "sync.refused",
        ConflictKind.ID_CONFLICT: "sync.id_conflict",
        ConflictKind.HAZARD: "sync.hazard_conflict",
    }
    title = conflict.hazard_title or _event_label(ui, conflict.event_type)
    target = None
    if conflict.kind is ConflictKind.HAZARD or conflict.event_type.startswith("hazard."):
        target = path_of(Route(Screen.HAZARD, hazard_id=conflict.aggregate_id))
    if conflict.kind is ConflictKind.HAZARD and ui.actor().role is Role.SAFETY_MANAGER:
        target = path_of(Route(Screen.CONFLICT, hazard_id=conflict.aggregate_id))
    return ft.ListTile(
        leading=ft.Icon(ft.Icons.WARNING_AMBER, color=Palette.WARN),
        title=ft.Text(f"{ui.t(kinds[conflict.kind])} · {title}", size=BODY),
        subtitle=ft.Text(
            conflict.said.text(ui.state.language) if conflict.said else conflict.reason,
            size=SMALL,
        ),
        on_click=(lambda: ui.go(target)) if target else None,
        key=f"conflict-{conflict.aggregate_id}",
    )
