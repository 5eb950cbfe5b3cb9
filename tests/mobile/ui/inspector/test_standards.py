"""The standards library from an inspector's 待检, browsed offline from the kept copy."""

from __future__ import annotations

from tests.mobile.ui.fakes import click, control, fire, screen_text, type_into
from tests.mobile.ui.manager.test_onboard import LIBRARY, keep_library


def test_an_inspector_opens_the_library_from_the_due_list_and_searches_it(phone, open_app):
    keep_library(phone)
    _, page = open_app(phone)
    click(page, "due-standards")
    assert page.view.route == "/standards"
    type_into(page, "standards-search", "灭火器")
    fire(control(page, "standards-search").on_submit)
    found = LIBRARY.search("灭火器")
    assert found and f"找到 {len(found)} 项" in screen_text(page)
    click(page, f"standard-{found[0].code}")
    assert page.view.route == f"/standards/{found[0].code}"
