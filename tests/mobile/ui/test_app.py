"""The app frame: first screen, navigation, the offline banner, and sync status from its thread."""

from __future__ import annotations

from mobile.sync.loop import SyncStatus
from mobile.sync.progress import SyncReport
from tests.mobile.ui.fakes import control, fire, has, screen_text, type_into


def test_the_navigation_bar_goes_to_each_tab(ui):
    _, page = ui
    for index, route in enumerate(["/today", "/scan", "/hazards", "/sync", "/settings"]):
        bar = page.view.navigation_bar
        bar.selected_index = index
        fire(bar.on_change, type("Event", (), {"control": bar})())
        assert page.view.route == route


def test_offline_shows_a_banner_on_every_screen_and_it_goes_when_back_online(ui):
    app, page = ui
    app.on_sync_status(SyncStatus.OFFLINE, OSError("no route"), None)
    assert "离线：记录已保存在手机上" in screen_text(page)
    app.go("/hazards")
    assert "离线" in screen_text(page)
    app.on_sync_status(SyncStatus.IDLE, None, 1)
    assert "离线" not in screen_text(page)


def test_a_status_change_on_a_form_updates_the_banner_without_rebuilding_the_form(ui):
    app, page = ui
    app.go("/report")
    type_into(page, "hazard-title", "地面油污")
    field = control(page, "hazard-title")
    app.on_sync_status(SyncStatus.OFFLINE, None, None)
    assert control(page, "hazard-title") is field
    assert "离线" in screen_text(page)


def test_when_the_server_signs_the_user_out_a_banner_offers_to_sign_in_again(ui):
    app, page = ui
    app.on_sync_status(SyncStatus.SIGN_IN_NEEDED, None, None)
    assert "登录已过期" in screen_text(page)
    banner = control(page, "banner").content
    again = banner.content.controls[-1]
    fire(again.on_click)
    assert page.view.route == "/sign-in"


def test_an_unknown_path_opens_today(phone, open_app):
    _, page = open_app(phone, "/no/such/screen")
    assert page.view.route == "/today"
    assert has(page, "start-scan")


def test_a_sync_round_that_changed_nothing_leaves_the_screen_alone(ui, phone):
    app, page = ui
    before = page.view
    phone.loop.last_report = SyncReport()
    app.on_sync_status(SyncStatus.SYNCING, None, None)
    app.on_sync_status(SyncStatus.IDLE, None, 5)
    assert page.view is before  # a rebuild under the worker's finger would lose the tap
    phone.loop.last_report = SyncReport(pulled=3)
    app.on_sync_status(SyncStatus.IDLE, None, 6)
    assert page.view is not before


def test_retries_while_offline_do_not_rebuild_the_screen(ui):
    app, page = ui
    app.on_sync_status(SyncStatus.OFFLINE, None, None)
    shown = page.view
    for status in (SyncStatus.SYNCING, SyncStatus.OFFLINE, SyncStatus.SYNCING, SyncStatus.OFFLINE):
        app.on_sync_status(status, None, None)
    assert page.view is shown and "离线" in screen_text(page)
