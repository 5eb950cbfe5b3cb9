"""A worker's risk proposal travels through a real server to the manager and the answer back.

Also the 四色图 printed from the manager's phone: the server's PDF saved on the phone, and the
signed link the phone's viewer opens without a token.
"""

from __future__ import annotations

from pathlib import Path

import httpx

from mobile.services.risk_loop import identify_risk
from mobile.services.risk_map import fetch_map_pdf, map_link
from mobile.services.risk_proposals import (
    ProposalDraft,
    confirm_proposal,
    local_proposals,
    open_proposals,
    propose_risk,
)
from shared.payloads import RiskSubject
from shared.risk import AccidentType, FiveHigh
from shared.risk_proposals import ProposalStatus
from sync_server.demo import KITCHEN
from tests.mobile.services.test_risk_loop import kitchen_gas
from tests.mobile.sync.phones import actor_of


def test_a_proposal_reaches_the_manager_and_the_confirmation_reaches_the_worker(world, phones):
    worker, manager = phones.new("w", "worker1"), phones.new("m", "manager1")
    draft = ProposalDraft(
        subject=RiskSubject.EQUIPMENT,
        seen="油烟机管道积油很厚",
        post_id="P-STOVE",
        five_high=FiveHigh.EQUIPMENT,
        accident_types=(AccidentType.FIRE,),
    )
    made = propose_risk(worker.record, actor_of(worker), draft)
    assert worker.engine.sync_once().pushed == {"accepted": 1}

    manager.engine.sync_once()
    [waiting] = open_proposals(manager.record, KITCHEN)
    assert (waiting.id, waiting.by) == (made.aggregate.id, "worker1")
    risk_id, _ = identify_risk(manager.record, actor_of(manager), kitchen_gas())
    confirm_proposal(manager.record, actor_of(manager), waiting.id, risk_id)
    assert manager.engine.sync_once().pushed == {"accepted": 3}

    worker.engine.sync_once()
    [answered] = local_proposals(worker.record, KITCHEN)
    assert (answered.status, answered.risk_id) == (ProposalStatus.CONFIRMED, risk_id)


def test_the_manager_prints_the_four_colour_map_from_the_phone(world, phones, tmp_path: Path):
    manager = phones.new("m", "manager1")
    path = fetch_map_pdf(manager.reads, tmp_path, "A3")
    assert path == tmp_path / "documents" / "risk-map-A3.pdf"
    assert path.read_bytes().startswith(b"%PDF")
    link = map_link(manager.reads, phones.server.url, "A3")
    opened = httpx.get(link)  # the viewer has no token: the signed link is the permission
    assert opened.status_code == 200 and opened.content.startswith(b"%PDF")
