"""整改通知书 on the phone: the provisional number until the server confirms the official one."""

from __future__ import annotations

from mobile.notice_numbers import keep_numbers
from mobile.services.inspecting import Finding, issue_notice, standards_of
from mobile.ui.routes import Route, Screen, path_of
from shared.cards import ItemResult
from tests.mobile.ui.fakes import screen_text
from tests.mobile.ui.inspector.conftest import INSPECTOR
from tests.mobile.world import KITCHEN, MONDAY_10

OFFICIAL = "海港应急责改〔2026〕第13号"


def test_the_notice_shows_the_provisional_number_then_the_official_one(phone, open_app):
    standard = standards_of(phone.store, KITCHEN)[0]
    finding = Finding(standard, ItemResult.FAIL, "软管老化", deadline_days=3)
    issued = issue_notice(phone.record, INSPECTOR, KITCHEN, [finding], MONDAY_10)
    path = path_of(Route(Screen.NOTICE, inspection_id=issued.inspection_id))

    _, page = open_app(phone, path)
    before = screen_text(page)
    keep_numbers(phone.store, {issued.inspection_id: OFFICIAL})
    _, page = open_app(phone, path)
    after = screen_text(page)

    assert f"文书编号 {issued.notice_no}（临时）" in before and OFFICIAL not in before
    assert f"文书编号 {OFFICIAL}" in after
    assert "临时" not in after and issued.notice_no not in after
