"""风险点建议 on the phone: the worker proposes, the manager confirms (six steps) or declines."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from mobile.local_record import LocalRecord
from mobile.services.risk_loop import local_risks
from mobile.services.risk_proposals import ProposalDraft, local_proposals, propose_risk
from mobile.wiring import Phone
from shared.events import Event, EventType
from shared.payloads import RiskSubject
from shared.risk import AccidentType, FiveHigh
from shared.risk_proposals import ProposalStatus
from tests.mobile.ui.fakes import click, has, pick, screen_text, type_into
from tests.mobile.ui.manager.test_risks import tick
from tests.mobile.ui.pictures import a_photo
from tests.mobile.world import KITCHEN, MANAGER, WORKER, load_reference, sign_in_offline


def pull(record: LocalRecord, made: list[Event]) -> None:
    """Events of another phone, as the next pull brings them."""
    cursor = record.store.cursor()
    page = [{**e.model_dump(mode="json"), "server_seq": cursor + i + 1} for i, e in enumerate(made)]
    record.absorb(page, cursor + len(made))


@pytest.fixture
def manager_phone(make_phone: Callable[..., Phone]) -> Phone:
    made = make_phone()
    sign_in_offline(made.store, MANAGER)
    load_reference(made.store)
    return made


def a_workers_proposal(phone: Phone) -> Event:
    draft = ProposalDraft(
        subject=RiskSubject.EQUIPMENT,
        seen="油烟机管道积油很厚",
        post_id="P-STOVE",
        five_high=FiveHigh.EQUIPMENT,
        accident_types=(AccidentType.FIRE,),
    )
    return propose_risk(phone.record, WORKER, draft)


def test_a_worker_proposes_from_my_hazards_and_sees_it_waiting(ui, phone, photos):
    app, page = ui
    app.go("/hazards")
    click(page, "proposals-open")
    assert page.view.route == "/proposals"
    click(page, "proposal-new")
    click(page, "proposal-send")
    assert "请写下看到的情况" in screen_text(page)  # nothing said: nothing saved
    assert phone.record.pending() == []
    type_into(page, "proposal-seen", "油烟机管道积油很厚")
    pick(page, "proposal-post", "P-STOVE")
    pick(page, "proposal-five-high", "equipment")
    tick(page, "proposal-accident-fire")
    photos.picked = [a_photo(3)]  # optional, but kept when taken
    click(page, "proposal-photos-gallery")
    click(page, "proposal-send")
    assert page.view.route == "/proposals"
    [made] = phone.record.pending()
    assert made.type is EventType.RISK_PROPOSED
    assert made.payload["post_id"] == "P-STOVE" and made.payload["accident_types"] == ["fire"]
    assert len(made.payload["photos"]) == 1
    assert "待确认" in screen_text(page) and "油烟机管道积油很厚" in screen_text(page)


def test_the_manager_confirms_a_proposal_through_the_six_steps_prefilled(
    phone, manager_phone, open_app: Callable[..., Any]
):
    pull(manager_phone.record, [a_workers_proposal(phone)])
    app, page = open_app(manager_phone, "/inbox")
    [proposal] = local_proposals(manager_phone.record, KITCHEN)
    assert has(page, f"todo-proposal-{proposal.id}")
    click(page, f"todo-proposal-{proposal.id}")
    click(page, "proposal-confirm")
    assert page.view.route == "/risks/new"
    assert "员工建议：油烟机管道积油很厚" in screen_text(page)
    click(page, "risk-save")  # name, post, 五高 and the accident type came from the proposal
    kinds = [e.type for e in manager_phone.record.pending()]
    assert kinds == [EventType.RISK_IDENTIFIED, EventType.RISK_PROPOSAL_CONFIRMED]
    [answered] = local_proposals(manager_phone.record, KITCHEN)
    assert answered.status is ProposalStatus.CONFIRMED
    risk = local_risks(manager_phone.record)[answered.risk_id]  # type: ignore[index]
    assert (risk.name, risk.post_id) == ("油烟机管道积油很厚", "P-STOVE")
    app.go("/inbox")
    assert not has(page, f"todo-proposal-{proposal.id}")


def test_the_manager_declines_with_a_reason_and_the_worker_reads_it(
    ui, phone, manager_phone, open_app: Callable[..., Any]
):
    made = a_workers_proposal(phone)
    pull(manager_phone.record, [made])
    _, page = open_app(manager_phone, f"/proposals/{made.aggregate.id}")
    click(page, "proposal-decline")
    assert "请写明不采纳的原因" in screen_text(page)
    type_into(page, "decline-reason", "已在清单中（燃气灶具）")
    click(page, "proposal-decline")
    [declined] = manager_phone.record.pending()
    assert declined.type is EventType.RISK_PROPOSAL_DECLINED
    pull(phone.record, [declined])
    app, worker_page = ui
    app.go("/proposals")
    text = screen_text(worker_page)
    assert "未采纳" in text and "已在清单中（燃气灶具）" in text
    app.go(f"/proposals/{made.aggregate.id}")
    assert not has(worker_page, "proposal-confirm")  # a worker only reads the answer
