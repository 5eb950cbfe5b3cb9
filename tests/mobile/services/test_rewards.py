"""奖惩 on the phone against the real server on loopback: the month read, kept, exported."""

from __future__ import annotations

import io
from datetime import date

import pytest
from openpyxl import load_workbook  # type: ignore[import-untyped]

from mobile.services.rewards import month_key, previous_month, rewards_of, save_rewards_xlsx
from mobile.sync.errors import ServerRefused
from tests.mobile.sync.phones import make_phone, signed_in


@pytest.fixture
def manager_phone(server, tmp_path):
    phone = signed_in(make_phone(tmp_path / "manager", server.url), "manager1")
    yield phone
    phone.close()


@pytest.fixture
def worker_phone(server, tmp_path):
    phone = signed_in(make_phone(tmp_path / "worker", server.url), "worker1")
    yield phone
    phone.close()


def test_the_manager_reads_the_month_and_saves_its_workbook(manager_phone, tmp_path):
    month = rewards_of(manager_phone.reads, "2026-11")
    assert month is not None and month.fresh
    assert (month.first, month.last) == (date(2026, 11, 1), date(2026, 11, 30))
    assert month.rules["concealment"] == 10
    path = save_rewards_xlsx(manager_phone.reads, tmp_path, "2026-11")
    assert path.name == "奖惩积分-2026-11.xlsx"
    rows = list(load_workbook(io.BytesIO(path.read_bytes())).active.iter_rows(values_only=True))
    assert rows[2][:3] == ("名次", "姓名", "账号")


def test_a_worker_reads_only_their_own_row_and_may_not_export(worker_phone, tmp_path):
    month = rewards_of(worker_phone.reads, "2026-11")
    assert month is not None
    assert [p.user_id for p in month.people] == ["worker1"]
    with pytest.raises(ServerRefused):
        save_rewards_xlsx(worker_phone.reads, tmp_path, "2026-11")


@pytest.mark.parametrize(
    ("day", "before"),
    [
        (date(2026, 3, 15), "2026-02"),
        (date(2026, 1, 1), "2025-12"),
        (date(2026, 12, 31), "2026-11"),
    ],
    ids=["mid-month", "new year's day", "the last day of a month"],
)
def test_the_month_before_is_the_calendar_month_before(day, before):
    assert month_key(previous_month(day)) == before
