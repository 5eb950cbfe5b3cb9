"""The phone learns the official 整改通知书 number the server confirmed, through the real server.

The inspector's phone prints a provisional number (执法-20261130-…) when it issues offline; the
server numbers the notice per authority and year when it accepts the inspection and says the
number beside the pulled event. From then on the phone shows the official one.
"""

from __future__ import annotations

import re

import pytest

from mobile.notice_numbers import confirmed_numbers
from mobile.services.inspecting import Finding, Issued, issue_notice, standards_of
from mobile.services.notices import inspections_of, notice_on_phone
from mobile.wiring import Phone
from shared.cards import ItemResult
from sync_server.demo import KITCHEN
from sync_server.notice_numbers import confirmed_number
from tests.mobile.sync.phones import actor_of
from tests.mobile.world import MONDAY_10

OFFICIAL = re.compile(r"^海港应急责改〔2026〕第\d{2,}号$")


def issue(phone: Phone) -> Issued:
    standard = standards_of(phone.record.store, KITCHEN)[0]
    findings = [Finding(standard, ItemResult.FAIL, "软管老化", deadline_days=3)]
    return issue_notice(phone.record, actor_of(phone), KITCHEN, findings, MONDAY_10)


@pytest.mark.parametrize("database_url", ["sqlite", "postgresql"], indirect=True)
def test_after_sync_the_notice_shows_the_servers_official_number(world, server, phones):
    inspector = phones.new("i", "inspector1")
    inspector.engine.sync_once(refresh_reference=True)
    issued = issue(inspector)
    provisional = notice_on_phone(inspector.record, issued.inspection_id)
    assert provisional is not None and not provisional.confirmed
    assert provisional.notice_no == issued.notice_no

    inspector.engine.sync_once()

    shown = notice_on_phone(inspector.record, issued.inspection_id)
    with world.state.engine.connect() as conn:
        official = confirmed_number(conn, issued.inspection_id)
    assert official is not None and OFFICIAL.match(official.number)
    assert shown is not None and shown.confirmed and shown.notice_no == official.number
    listed = inspections_of(inspector.record, KITCHEN)
    assert [n.notice_no for n in listed] == [official.number]


def test_another_phone_of_the_inspector_learns_the_number_when_it_pulls(world, server, phones):
    first = phones.new("i1", "inspector1")
    first.engine.sync_once(refresh_reference=True)
    issued = issue(first)
    first.engine.sync_once()
    second = phones.new("i2", "inspector1")

    second.engine.sync_once(refresh_reference=True)

    shown = notice_on_phone(second.record, issued.inspection_id)
    assert shown is not None and shown.confirmed
    assert shown.notice_no == confirmed_numbers(first.record.store)[issued.inspection_id]
