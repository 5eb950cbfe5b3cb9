"""现场检查 → 整改通知书: mark standards, issue, and the notice before and after sync."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

import pytest

from mobile.store.records import Settled
from mobile.ui.inspector import notice as notice_view
from mobile.ui.tree import find
from shared.events import EventType
from shared.protocol import PushStatus
from tests.mobile.ui.fakes import click, fire, has, screen_text, type_into
from tests.mobile.ui.pictures import a_photo
from tests.mobile.world import KITCHEN, LATHES

INSPECT = f"/enterprises/{KITCHEN}/inspect"


def issue(page: Any, *, signed: bool = True) -> None:
    """签发: the representative signs first (when there is a notice to serve), then confirm."""
    if signed and has(page, "receipt-signer"):
        sign(page)
    click(page, "inspect-issue")
    ok: Any = find(page.dialogs[-1], "dialog-ok")
    fire(ok.on_click)


def sign(page: Any, name: str = "李店长") -> None:
    """The representative types their name and draws a zigzag on the pad with a finger."""
    type_into(page, "receipt-signer", name)
    pad: Any = find(page.view, "receipt-pad")
    points = [(20.0 + 12 * i, 40.0 + (40 if i % 2 else 0)) for i in range(12)]
    fire(pad.on_pan_start, _at(*points[0]))
    for point in points[1:]:
        fire(pad.on_pan_update, _at(*point))


def _at(x: float, y: float) -> Any:
    return SimpleNamespace(local_position=SimpleNamespace(x=x, y=y))


def fail_first(page: Any, photos: Any) -> None:
    click(page, "standard-1")
    click(page, "finding-fail")
    click(page, "deadline-longer")
    type_into(page, "finding-note", "软管有三通")
    photos.picked = [a_photo()]
    click(page, "finding-1-gallery")


def test_the_menu_lists_the_enterprises_card_items_and_opens_one_at_a_time(phone, open_app):
    _, page = open_app(phone, INSPECT)
    assert "后厨灶台岗安全检查卡" in screen_text(page)
    assert control_disabled(page, "inspect-issue")  # nothing marked yet
    click(page, "standard-2")
    assert has(page, "standard-2-open") and not has(page, "standard-1-open")
    click(page, "finding-pass")
    assert "已检 1 项，不合格 0 项" in screen_text(page)
    assert "保存检查记录" in screen_text(page)  # no failing item: no notice to issue


def control_disabled(page: Any, key: str) -> bool:
    target: Any = find(page.view, key)
    return bool(target.disabled)


def test_a_failing_finding_gets_a_deadline_that_moves_from_today_to_30_days(phone, open_app):
    _, page = open_app(phone, INSPECT)
    click(page, "standard-1")
    click(page, "finding-fail")
    assert "限期 7 天" in screen_text(page) and "至 2026-12-07" in screen_text(page)
    for _ in range(6):
        click(page, "deadline-shorter")
    assert "限期 1 天" in screen_text(page) and not control_disabled(page, "deadline-shorter")
    click(page, "deadline-shorter")
    assert "立即整改" in screen_text(page) and "限期" not in screen_text(page)
    assert control_disabled(page, "deadline-shorter")


def test_the_inspector_edits_the_title_and_description_the_item_suggests(phone, open_app):
    _, page = open_app(phone, INSPECT)
    click(page, "standard-1")
    click(page, "finding-fail")
    title: Any = find(page.view, "finding-title")
    assert title.value and "、" not in title.value  # one defect, not the item's list
    assert title.max_length == 300
    type_into(page, "finding-title", "使用无码气瓶")
    type_into(page, "finding-description", "两只气瓶无二维码")
    issue(page)

    hazard = phone.record.pending()[0]
    assert hazard.payload["title"] == "使用无码气瓶"
    assert hazard.payload["description"].startswith("两只气瓶无二维码")
    assert hazard.payload["demand"] == "by_deadline"


def test_issuing_saves_the_hazards_and_the_inspection_then_shows_the_notice(
    phone, open_app, photos
):
    _, page = open_app(phone, INSPECT)
    fail_first(page, photos)
    click(page, "standard-close")
    click(page, "standard-2")
    click(page, "finding-pass")
    issue(page)

    pending = phone.record.pending()
    assert [e.type for e in pending] == [EventType.HAZARD_REPORTED, EventType.INSPECTION_RECORDED]
    hazard, inspection = pending
    assert hazard.tenant == KITCHEN and hazard.payload["source"] == 11
    assert hazard.payload["location"] == "后厨 · 灶台岗" and len(hazard.payload["photos"]) == 1
    assert hazard.payload["deadline"].startswith("2026-12-08T23:59:59")
    assert inspection.payload["hazard_ids"] == [hazard.aggregate.id]
    assert page.view.route == f"/inspections/{inspection.aggregate.id}"
    text = screen_text(page)
    assert "海港区老街小厨餐馆" in text and "整改期限 2026-12-08" in text
    assert "待同步" in text and "通知书 PDF 在同步到服务器后生成" in text
    assert not has(page, "notice-pdf")


def test_a_notice_is_not_issued_until_signed_for_or_the_refusal_witnessed(phone, open_app, photos):
    _, page = open_app(phone, INSPECT)
    fail_first(page, photos)
    issue(page, signed=False)
    assert "请填写负责人姓名。" in page.snacks() and phone.record.pending() == []
    type_into(page, "receipt-signer", "李店长")
    issue(page, signed=False)
    assert "请负责人签名，或勾选拒签并填写见证人。" in page.snacks()
    assert phone.record.pending() == []

    refused: Any = find(page.view, "receipt-refused")
    fire(refused.on_change, SimpleNamespace(control=SimpleNamespace(value=True)))
    assert not has(page, "receipt-pad")
    issue(page, signed=False)
    assert "拒签须填写见证人。" in page.snacks() and phone.record.pending() == []
    type_into(page, "receipt-witness", "王师傅（厨师）")
    issue(page, signed=False)

    inspection = phone.record.pending()[-1]
    assert inspection.payload["receipt"] == {
        "signer": "李店长",
        "refused": True,
        "witness": "王师傅（厨师）",
    }


def test_the_signature_drawn_on_the_pad_is_kept_as_a_photo_of_the_receipt(phone, open_app, photos):
    _, page = open_app(phone, INSPECT)
    fail_first(page, photos)
    issue(page)

    receipt = phone.record.pending()[-1].payload["receipt"]
    assert receipt["signer"] == "李店长" and "refused" not in receipt
    assert phone.photos.photo(receipt["signature"]["sha256"])  # kept, to be uploaded


def test_once_synced_the_notice_opens_its_pdf_by_a_signed_link(
    phone, open_app, photos, monkeypatch, tmp_path
):
    app, page = open_app(phone, INSPECT)
    fail_first(page, photos)
    issue(page)
    phone.record.settle([Settled(e.event_id, PushStatus.ACCEPTED, n)
                         for n, e in enumerate(phone.record.pending(), 1)])  # fmt: skip
    app.refresh()
    assert "已同步" in screen_text(page) and "待同步" not in screen_text(page)

    opened: list[str] = []
    saved = tmp_path / "notice.pdf"
    monkeypatch.setattr(notice_view, "fetch_notice_pdf", lambda *_: saved)
    monkeypatch.setattr(notice_view, "notice_link", lambda *_: "http://server/link")

    async def open_url(url: str) -> None:
        opened.append(url)

    monkeypatch.setattr(notice_view, "open_url", open_url)
    click(page, "notice-pdf")
    assert opened == ["http://server/link"]
    assert "通知书已保存到手机：notice.pdf" in page.snacks()


def test_offline_the_pdf_button_says_to_connect(phone, open_app, photos):
    app, page = open_app(phone, INSPECT)
    fail_first(page, photos)
    issue(page)
    phone.record.settle([Settled(e.event_id, PushStatus.ACCEPTED, n)
                         for n, e in enumerate(phone.record.pending(), 1)])  # fmt: skip
    app.refresh()
    click(page, "notice-pdf")  # the phone's server (port 9) refuses: offline
    assert "现在连不上服务器，请联网后再打开 PDF。" in page.snacks()


@pytest.mark.parametrize("path", ["/inspections/no-such-one", f"/enterprises/{LATHES}x/inspect"])
def test_a_missing_inspection_or_enterprise_says_so(phone, open_app, path):
    _, page = open_app(phone, path)
    assert "手机上没有" in screen_text(page)


def test_every_inspector_screen_builds_in_english(phone, open_app, photos):
    app, page = open_app(phone, INSPECT)
    app.set_language("en")
    fail_first(page, photos)
    assert "Fix within" not in screen_text(page) and "8 days" in screen_text(page)
    issue(page)
    assert "Hazards to fix" in screen_text(page)
    shown = {
        "/due": "Enterprises in your grid",
        f"/enterprises/{KITCHEN}": "Risk points",
        "/scan": "Scan the enterprise card",
    }
    for path, words in shown.items():
        app.go(path)
        page.run_tasks()
        assert words in screen_text(page)
