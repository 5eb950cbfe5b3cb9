"""The stored explanation: compressed lines read back as they were, old rows still read."""

from __future__ import annotations

import json
from datetime import date

from hypothesis import given
from hypothesis import strategies as st

from shared.facts import EnterpriseRecords
from shared.ids import GridUnitId, TenantId
from shared.org import Enterprise, Industry
from sync_server.scoring.config import ScoringConfig
from sync_server.scoring.explanation import pack, unpack
from sync_server.scoring.job import score_row
from tests.sync_server.builders import credit_code

LINE = st.fixed_dictionaries(
    {
        "code": st.text(max_size=20),
        "label_zh": st.text(max_size=12),
        "points": st.floats(min_value=-100, max_value=100, allow_nan=False),
        "max_points": st.none() | st.floats(min_value=0, max_value=100),
        "detail": st.text(max_size=60),
    }
)


@given(st.lists(LINE, max_size=12), st.lists(LINE, max_size=6))
def test_packed_lines_unpack_to_the_same_lines(components, deductions):
    lines = {"components": components, "deductions": deductions}
    assert unpack(pack(lines)) == lines


def test_a_body_stored_before_compression_reads_as_it_was():
    old = {"components": [{"code": "risk_list", "label_zh": "风险清单维护"}], "deductions": []}
    assert unpack(old) == old


def test_a_body_compressed_with_the_first_dictionary_still_reads():
    # Written by the job before the 迟报 and 漏报 lines (key z1), as stored then.
    stored = {"z1": "ePnnisYwwylBkhNrY2sB71EfJg=="}
    assert unpack(stored) == {"components": [{"code": "risk_list", "label_zh": "风险清单维护"}]}


def test_a_days_stored_row_of_a_quiet_enterprise_takes_a_few_hundred_bytes():
    company = Enterprise(
        id=TenantId("T-1"),
        name="小店",
        credit_code=credit_code("91130300MA0000001"),
        grid_unit_id=GridUnitId("V"),
        industry=Industry.MANUFACTURING,
        staff_count=5,
    )
    records = EnterpriseRecords(enterprise=company, joined_on=date(2026, 1, 1))
    row = score_row(records, date(2026, 3, 1), [80.0] * 29, ScoringConfig())
    stored = sum(len(json.dumps(row[k])) for k in ("body", "facts", "lights", "ranks"))
    assert stored < 600 + len(json.dumps(row["lights"]))  # it was ~2,700 with the lines plain
    assert unpack(row["body"])["components"]  # the lines are all there
