"""Loop 3 on the hazard form: a free report may name the risk point; a failed item's keeps its."""

from __future__ import annotations

from mobile.services.reporting import HazardReport
from mobile.services.risk_loop import identify_risk
from mobile.ui.state import HazardDraft
from shared.ids import CardId, ItemId, PostId
from shared.payloads import HazardSource
from tests.mobile.services.test_risk_loop import kitchen_gas
from tests.mobile.ui.fakes import click, control, fire, has, text_of, type_into
from tests.mobile.world import MANAGER


def test_a_free_report_may_name_the_risk_point_it_threatens(ui, phone):
    app, page = ui
    app.state.hazard = None
    app.go("/report")
    menu = control(page, "hazard-risk")
    assert [o.key for o in menu.options] == ["", "R-KITCHEN-GAS"]
    menu.value = "R-KITCHEN-GAS"
    fire(menu.on_select)
    type_into(page, "hazard-title", "燃气报警器被拆")
    type_into(page, "hazard-no-photo-reason", "相机坏了")  # evidence: a photo or a reason
    click(page, "hazard-submit")
    [event] = phone.record.pending()
    assert event.payload["risk_id"] == "R-KITCHEN-GAS" and "measure_id" not in event.payload
    app.go("/report")
    assert control(page, "hazard-risk").value == ""  # the choice went with its report


def test_a_report_from_a_failed_item_keeps_the_control_that_item_checks(ui, phone):
    app, page = ui
    origin = HazardReport(
        title="报警器失效",
        post_id=PostId("P-STOVE"),
        card_id=CardId("CARD-STOVE"),
        item_id=ItemId("4"),
        source=HazardSource.CONTROL_FAILURE,
        risk_id="R-1",
        measure_id="M-1",
    )
    app.state.hazard = HazardDraft.from_report(origin, [])
    app.go("/report")
    assert not has(page, "hazard-risk")  # it names its control already
    type_into(page, "hazard-no-photo-reason", "相机坏了")  # evidence: a photo or a reason
    click(page, "hazard-submit")
    [event] = phone.record.pending()
    payload = event.payload
    assert (payload["source"], payload["risk_id"], payload["measure_id"]) == (9, "R-1", "M-1")


def test_a_report_from_a_failed_item_says_which_control_failed(ui, phone):
    risk_id, made = identify_risk(phone.record, MANAGER, kitchen_gas(("CARD-STOVE", "4")))
    app, page = ui
    origin = HazardReport(
        title="报警器断电、被拆或失效",
        post_id=PostId("P-STOVE"),
        card_id=CardId("CARD-STOVE"),
        item_id=ItemId("4"),
        source=HazardSource.CONTROL_FAILURE,
        risk_id=risk_id,
        measure_id=made[1].payload["measure_id"],
    )
    app.state.hazard = HazardDraft.from_report(origin, [])
    app.go("/report")
    shown = text_of(control(page, "hazard-control"))
    assert shown == "管控措施失效：后厨燃气灶具 · 燃气泄漏报警器"


def test_a_control_this_phone_does_not_know_is_named_as_failed_without_its_words(ui):
    app, page = ui
    origin = HazardReport(
        title="报警器失效", source=HazardSource.CONTROL_FAILURE, risk_id="R-1", measure_id="M-1"
    )
    app.state.hazard = HazardDraft.from_report(origin, [])
    app.go("/report")
    assert text_of(control(page, "hazard-control")) == "管控措施失效"
