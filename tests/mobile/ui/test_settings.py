"""设置: language, server address, and signing out without losing unsent work."""

from __future__ import annotations

import flet as ft

from mobile.services.preferences import load_preferences
from mobile.services.reporting import HazardReport, report_hazard
from mobile.ui.app import PhoneApp
from tests.mobile.ui.fakes import FakePage, click, fire, screen_text, type_into
from tests.mobile.world import WORKER


def open_settings(ui: tuple[PhoneApp, FakePage]) -> tuple[PhoneApp, FakePage]:
    app, page = ui
    app.go("/settings")
    return app, page


def test_english_is_one_tap_away_and_is_remembered(ui, phone):
    _app, page = open_settings(ui)
    click(page, "language-en")
    assert "Sign out" in screen_text(page)
    assert load_preferences(phone.store).language == "en"
    click(page, "language-zh-CN")
    assert "退出登录" in screen_text(page)


def test_a_new_server_address_is_saved_and_used(ui, phone):
    _, page = open_settings(ui)
    type_into(page, "server-address", "ftp://nope")
    click(page, "server-save")
    assert "http://" in page.snacks()[-1]
    type_into(page, "server-address", "https://sk.example.cn/")
    click(page, "server-save")
    assert load_preferences(phone.store).server == "https://sk.example.cn"
    assert str(phone.http.base_url).rstrip("/") == "https://sk.example.cn"


def test_signing_out_warns_about_unsynced_work_and_keeps_it(ui, phone):
    _app, page = open_settings(ui)
    report_hazard(phone.record, WORKER, HazardReport(title="地面油污", no_photo_reason="没电"))
    click(page, "sign-out")
    dialog = page.dialogs[-1]
    assert "还有 1 条记录没有同步" in dialog.content.value
    assert "不会丢失" in dialog.content.value
    fire(dialog.actions[1].on_click)
    assert page.view.route == "/sign-in"
    assert phone.session.current() is None
    assert len(phone.record.pending()) == 1


def test_cancelling_sign_out_stays_signed_in(ui, phone):
    _, page = open_settings(ui)
    click(page, "sign-out")
    assert "所有记录都已同步" in page.dialogs[-1].content.value
    assert all(button.height >= 48 for button in page.dialogs[-1].actions)  # not 32 px
    fire(page.dialogs[-1].actions[0].on_click)
    assert page.dialogs == []
    assert phone.session.current() is not None and page.view.route == "/settings"


def test_flutters_own_words_follow_the_apps_language(ui):
    _app, page = open_settings(ui)
    chinese = page.locale_configuration
    assert chinese is not None
    assert chinese.current_locale == ft.Locale("zh", "CN", script_code="Hans")
    click(page, "language-en")
    english = page.locale_configuration
    assert english is not None
    assert english.current_locale == ft.Locale("en", "US")
    assert ft.Locale("zh", script_code="Hans") in english.supported_locales
