"""同步: what is left to send, the last sync, progress while syncing, and conflicts."""

from __future__ import annotations

from mobile.photos import keep_photo, process_photo
from mobile.services.actions import Action, record_action
from mobile.services.reporting import HazardReport, report_hazard
from mobile.store import Settled
from mobile.sync.loop import SyncStatus
from mobile.sync.progress import Progress, Stage
from mobile.ui.app import PhoneApp
from shared.events import EventType
from shared.protocol import PushStatus
from tests.mobile.ui.fakes import FakePage, click, control, has, screen_text, text_of
from tests.mobile.ui.pictures import a_photo
from tests.mobile.world import MANAGER, WORKER, load_reference, sign_in_offline


def open_sync(ui: tuple[PhoneApp, FakePage]) -> tuple[PhoneApp, FakePage]:
    app, page = ui
    app.go("/sync")
    return app, page


def test_an_empty_outbox_says_everything_is_synced(ui):
    _, page = open_sync(ui)
    assert text_of(control(page, "pending-events")) == "0"
    assert has(page, "all-synced")
    assert "尚未同步" in screen_text(page) and "没有冲突" in screen_text(page)


def test_unsent_events_and_their_photos_are_counted(ui, phone):
    app, page = open_sync(ui)
    ref = keep_photo(phone.photos, process_photo(a_photo()))
    report_hazard(phone.record, WORKER, HazardReport(title="地面油污", photos=(ref,)))
    app.refresh()
    assert text_of(control(page, "pending-events")) == "1"
    assert text_of(control(page, "pending-photos")) == "1"
    assert not has(page, "all-synced")


def test_a_progress_bar_shows_while_syncing_and_the_status_line_follows_the_loop(ui):
    app, page = open_sync(ui)
    app.on_sync_status(SyncStatus.SYNCING, None, None)
    app.on_sync_progress(Progress(Stage.PUSH, 1, 4))
    assert control(page, "sync-progress").value == 0.25
    assert control(page, "sync-now").disabled
    app.on_sync_status(SyncStatus.IDLE, None, 1_796_000_000_000)
    assert not has(page, "sync-progress")
    assert text_of(control(page, "last-sync")) != "尚未同步"
    assert text_of(control(page, "sync-status")) == "已连接"


def test_an_event_the_server_refused_is_listed_with_its_reason(ui, phone):
    app, page = open_sync(ui)
    event = report_hazard(phone.record, WORKER, HazardReport("地面油污", no_photo_reason="无"))
    phone.record.settle(
        [Settled(event.event_id, PushStatus.REJECTED, code="auth.not_permitted", reason="不允许")]
    )
    app.refresh()
    conflict = control(page, f"conflict-{event.aggregate.id}")
    assert text_of(conflict) == (
        "服务器拒收 · 上报隐患 你的账号不能做这一步，服务器没有接收。如有疑问请联系安全管理员。"
    )


def test_a_refused_assignment_is_said_in_words_per_rule_not_as_its_code(make_phone, open_app):
    phone = make_phone(name="manager")
    sign_in_offline(phone.store, MANAGER)
    load_reference(phone.store)
    app, page = open_app(phone, "/sync")
    report = report_hazard(phone.record, MANAGER, HazardReport("地面油污", no_photo_reason="无"))
    assign = Action(
        MANAGER,
        report.tenant,
        report.aggregate.id,
        EventType.HAZARD_ASSIGNED,
        {"assignee": "nobody99", "deadline": "2026-12-03T08:00:00+00:00"},
    )
    assigned = record_action(phone.record, assign)
    phone.record.settle(
        [
            Settled(report.event_id, PushStatus.ACCEPTED, server_seq=1),
            Settled(
                assigned.event_id,
                PushStatus.REJECTED,
                code="hazard.bad_assignee",
                reason="there is no user nobody99",
            ),
        ]
    )
    app.refresh()
    shown = text_of(control(page, f"conflict-{report.aggregate.id}"))
    assert shown.startswith("服务器拒收 · 指派整改 没有用户“nobody99”，整改任务没有指派出去。")
    assert "hazard" not in shown and "there is no user" not in shown


def test_sync_now_wakes_the_loop(ui, phone):
    _, page = open_sync(ui)
    phone.loop._parked = True
    click(page, "sync-now")
    assert not phone.loop._parked and phone.loop._wake.is_set()


def test_an_unexpected_refusal_shows_the_servers_words_under_the_status(ui):
    app, page = open_sync(ui)
    app.on_sync_status(SyncStatus.FAILED, RuntimeError("500 protocol: bad page"), None)
    assert "同步出错" in screen_text(page) and "500 protocol: bad page" in screen_text(page)
