"""One hazard: facts, photos, the full timeline, and the worker's rectification."""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta

from mobile.services.photo_capture import add_photo
from mobile.services.reporting import HazardReport, report_hazard
from mobile.services.risk_loop import identify_risk
from shared.events import AggregateRef, AggregateType, Event, EventType
from shared.hlc import Hlc
from shared.ids import DeviceId
from shared.lifecycle import HazardStatus
from shared.payloads import HazardSource
from tests.mobile.services.test_risk_loop import kitchen_gas
from tests.mobile.ui.fakes import click, control, has, screen_text, type_into
from tests.mobile.ui.pictures import a_photo
from tests.mobile.world import KITCHEN, MANAGER, MONDAY_10, WORKER, pulled_hazard


def test_the_detail_shows_the_facts_and_the_timeline_newest_first(ui, phone):
    app, page = ui
    pulled_hazard(phone.record, "YH-1")
    app.go("/hazards/YH-1")
    text = screen_text(page)
    for fact in ("灭火器压力不足", "待整改", "后厨灶台旁", "周网格员", "王师傅", "更换灭火器"):
        assert fact in text
    assert text.index("指派整改") < text.index("上报隐患")


def test_a_photo_on_the_phone_shows_as_a_thumbnail(ui, phone):
    app, page = ui
    ref = add_photo(phone.photos, a_photo(), MONDAY_10)
    pulled_hazard(phone.record, "YH-1", photo=ref)
    app.go("/hazards/YH-1")
    assert "整改前照片" in screen_text(page)
    assert "照片未下载" not in screen_text(page)


def test_a_photo_not_on_the_phone_shows_a_placeholder_until_fetched(ui, phone):
    app, page = ui
    ref = add_photo(phone.photos, a_photo(), MONDAY_10)
    phone.photos.drop(ref.sha256)
    (phone.photos.folder / f"{ref.sha256}.thumb.jpg").unlink()
    pulled_hazard(phone.record, "YH-1", photo=ref)
    app.go("/hazards/YH-1")
    assert "照片未下载" in screen_text(page)


def test_the_assignee_starts_the_work_then_submits_the_fix(ui, phone, photos):
    app, page = ui
    pulled_hazard(phone.record, "YH-1")
    app.go("/hazards/YH-1")
    click(page, "hazard-start")
    assert phone.record.projections.hazard("YH-1").status is HazardStatus.RECTIFYING
    assert "待同步" in screen_text(page)
    assert not has(page, "hazard-start")
    click(page, "hazard-rectify")
    assert page.view.route == "/hazards/YH-1/rectify"


def test_someone_elses_hazard_offers_no_rectification(ui, phone):
    app, page = ui
    pulled_hazard(phone.record, "YH-2", assignee="worker2")
    app.go("/hazards/YH-2")
    assert not has(page, "hazard-rectify") and not has(page, "hazard-start")


def test_an_unknown_hazard_says_the_phone_does_not_know_it(ui):
    app, page = ui
    app.go("/hazards/nope")
    assert "手机上没有这条隐患" in screen_text(page)


def test_rectification_needs_an_after_photo_and_a_number_for_the_cost(ui, phone, photos):
    app, page = ui
    pulled_hazard(phone.record, "YH-1")
    app.go("/hazards/YH-1/rectify")
    type_into(page, "rectify-note", "已更换两具灭火器")
    click(page, "rectify-submit")
    assert "请至少拍一张整改后的照片" in screen_text(page)
    photos.picked = [a_photo()]
    click(page, "rectify-photos-gallery")
    type_into(page, "rectify-cost", "一百")
    click(page, "rectify-submit")
    assert "费用请填写数字" in screen_text(page)
    type_into(page, "rectify-cost", "160")
    click(page, "rectify-submit")
    [event] = phone.record.pending()
    assert event.type is EventType.HAZARD_RECTIFIED
    assert event.payload["note"] == "已更换两具灭火器" and event.payload["cost_yuan"] == "160.00"
    assert page.view.route == "/hazards/YH-1"
    assert "待验收" in screen_text(page) and "整改后照片" in screen_text(page)
    assert control(page, "pending") is not None


def test_a_rectification_note_too_long_is_refused_with_a_reason(ui, phone, photos):
    app, page = ui
    pulled_hazard(phone.record, "YH-1")
    app.go("/hazards/YH-1/rectify")
    photos.picked = [a_photo()]
    click(page, "rectify-photos-gallery")
    type_into(page, "rectify-note", "长" * 4001)
    click(page, "rectify-submit")
    assert "最多 4000 字" in screen_text(page) and phone.record.pending() == []


def pulled_steps(record, hazard_id: str, steps, after: datetime) -> None:
    """More steps of a pulled hazard, one an hour, as the phone pulls them."""
    made = []
    base = record.projections.hazard(hazard_id).version
    for n, (actor, kind, payload) in enumerate(steps):
        at_ms = int((after + timedelta(hours=n + 1)).timestamp() * 1000)
        made.append(
            Event(
                event_id=str(uuid.uuid4()),
                device_id=f"phone-{actor.user_id}",
                device_seq=10 + n,
                actor=actor,
                tenant=KITCHEN,
                aggregate=AggregateRef(type=AggregateType.HAZARD, id=hazard_id),
                type=kind,
                payload=payload,
                hlc=Hlc(wall_ms=at_ms, counter=0, device=DeviceId("srv")),
                base_version=base + n,
            )
        )
    cursor = record.store.cursor()
    bodies = [
        {**e.model_dump(mode="json"), "server_seq": cursor + i + 1} for i, e in enumerate(made)
    ]
    record.absorb(bodies, cursor + len(made))


def test_the_history_after_closing_keeps_every_word_each_step_said(ui, phone):
    app, page = ui
    ref = add_photo(phone.photos, a_photo(), MONDAY_10)
    pulled_hazard(phone.record, "YH-1")
    E = EventType
    fixed = {
        "note": "已更换新灭火器",
        "photos": [ref.model_dump(mode="json")],
        "cost_yuan": "85.50",
    }
    pulled_steps(
        phone.record,
        "YH-1",
        [
            (WORKER, E.HAZARD_STARTED, {}),
            (WORKER, E.HAZARD_RECTIFIED, fixed),
            (MANAGER, E.HAZARD_REJECTED, {"reason": "照片看不清压力表"}),
            (WORKER, E.HAZARD_RECTIFIED, {"note": "重新拍了压力表", "photos": fixed["photos"]}),
            (MANAGER, E.HAZARD_ACCEPTED, {"comment": "指针在绿区"}),
            (MANAGER, E.HAZARD_CLOSED, {"note": "销号"}),
        ],
        after=MONDAY_10,
    )
    assert phone.record.projections.hazard("YH-1").status is HazardStatus.CLOSED
    app.go("/hazards/YH-1")
    text = screen_text(page)
    for said in (
        "驳回理由：照片看不清压力表",
        "整改说明：已更换新灭火器",
        "整改说明：重新拍了压力表",
        "实际费用：85.50 元",
        "验收意见：指针在绿区",
        "整改负责人：worker1",
        "整改措施：更换灭火器",
        "整改期限：2026-12-03 10:00",
        "设备 phone-manager1",
    ):
        assert said in text, said


def test_a_hazard_of_a_failed_control_names_the_risk_point_and_the_measure(ui, phone):
    risk_id, made = identify_risk(phone.record, MANAGER, kitchen_gas(("CARD-STOVE", "4")))
    report = HazardReport(
        title="报警器断电、被拆或失效",
        no_photo_reason="相机坏了",
        source=HazardSource.CONTROL_FAILURE,
        risk_id=risk_id,
        measure_id=made[1].payload["measure_id"],
    )
    hazard = report_hazard(phone.record, WORKER, report)
    app, page = ui
    app.go(f"/hazards/{hazard.aggregate.id}")
    assert "管控措施失效：后厨燃气灶具 · 燃气泄漏报警器" in screen_text(page)


def test_a_free_report_that_named_a_risk_point_shows_the_point(ui, phone):
    risk_id, _ = identify_risk(phone.record, MANAGER, kitchen_gas())
    report = HazardReport(title="燃气报警器被拆", no_photo_reason="相机坏了", risk_id=risk_id)
    hazard = report_hazard(phone.record, WORKER, report)
    app, page = ui
    app.go(f"/hazards/{hazard.aggregate.id}")
    shown = screen_text(page)
    assert "关联风险点 后厨燃气灶具" in shown and "管控措施失效" not in shown
