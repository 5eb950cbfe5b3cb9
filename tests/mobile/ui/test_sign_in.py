"""Sign-in: once with the server, then the phone stays signed in and works offline."""

from __future__ import annotations

from tests.mobile.ui.conftest import NO_SERVER
from tests.mobile.ui.fakes import click, control, fire, has, screen_text, type_into


def test_without_a_session_the_app_opens_on_sign_in_whatever_the_path(make_phone, open_app):
    _, page = open_app(make_phone(), "/hazards")
    assert page.view.route == "/sign-in"
    assert "双控巡检" in screen_text(page)


def test_the_button_is_enabled_only_once_both_fields_are_filled(make_phone, open_app):
    _, page = open_app(make_phone())
    assert control(page, "sign-in").disabled
    type_into(page, "username", "worker1")
    assert control(page, "sign-in").disabled
    type_into(page, "password", "demo1234")
    assert not control(page, "sign-in").disabled


def test_a_right_password_signs_in_and_the_next_start_skips_sign_in(server, make_phone, open_app):
    phone = make_phone(server.url)
    app, page = open_app(phone)
    type_into(page, "username", "worker1")
    type_into(page, "password", "demo1234")
    click(page, "sign-in")
    assert page.view.route == "/today"
    assert app.state.actor is not None and app.state.actor.user_id == "worker1"
    _, again = open_app(phone, "/")
    assert again.view.route == "/today"


def test_a_wrong_password_says_so_and_keeps_the_user_name(server, make_phone, open_app):
    _, page = open_app(make_phone(server.url))
    type_into(page, "username", "worker1")
    type_into(page, "password", "wrong")
    fire(control(page, "password").on_submit)
    assert page.view.route == "/sign-in"
    assert "用户名或密码不对" in screen_text(page)
    assert control(page, "username").value == "worker1"


def test_the_first_sign_in_without_a_server_says_a_connection_is_needed(make_phone, open_app):
    _, page = open_app(make_phone(NO_SERVER))
    type_into(page, "username", "worker1")
    type_into(page, "password", "demo1234")
    click(page, "sign-in")
    assert has(page, "refusal")
    assert "第一次登录需要联网" in screen_text(page)


def test_the_language_switch_shows_the_screen_in_english_and_is_remembered(make_phone, open_app):
    phone = make_phone()
    _, page = open_app(phone)
    click(page, "language")
    assert "User name" in screen_text(page)
    _, again = open_app(phone)
    assert "Sign in" in screen_text(again)


def test_the_server_can_be_set_before_the_first_sign_in(make_phone, open_app):
    phone = make_phone()
    _, page = open_app(phone)
    click(page, "server")
    dialog = page.dialogs[-1]
    field, save = dialog.content, dialog.actions[1]
    field.value = "sk.example.cn"
    fire(save.on_click)
    assert field.error and page.dialogs == [dialog]
    field.value = "https://sk.example.cn/"
    fire(save.on_click)
    assert page.dialogs == []
    assert "https://sk.example.cn" in screen_text(page)


def test_the_fields_take_no_more_than_the_server_does(make_phone, open_app):
    _, page = open_app(make_phone())
    assert (control(page, "username").max_length, control(page, "password").max_length) == (
        64,
        256,
    )


def test_the_password_eye_is_named_for_a_screen_reader_and_shows_the_password(make_phone, open_app):
    _, page = open_app(make_phone())
    field, eye = control(page, "password"), control(page, "reveal")
    assert field.password and eye.tooltip == "显示密码"

    click(page, "reveal")

    assert not field.password and eye.tooltip == "隐藏密码"
