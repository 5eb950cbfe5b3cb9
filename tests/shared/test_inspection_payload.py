"""An inspection names the hazards its notice filed; inspections recorded before that still read."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from shared.payloads import InspectionRecorded

FINDING = {"standard_item": "灭火器与灭火毯", "result": "fail"}


def test_an_inspection_recorded_before_hazard_ids_existed_reads_with_none():
    old = InspectionRecorded.model_validate({"findings": [FINDING], "notice_no": "第08号"})
    assert old.hazard_ids == ()


@pytest.mark.parametrize(
    "hazard_ids",
    [
        [""],  # an empty id
        ["x" * 65],  # longer than any id
        ["h"] * 201,  # more hazards than findings can be
    ],
)
def test_hazard_ids_are_refused_when_they_cannot_be_ids(hazard_ids):
    with pytest.raises(ValidationError):
        InspectionRecorded.model_validate({"findings": [FINDING], "hazard_ids": hazard_ids})


SIGNATURE = {"sha256": "a" * 64, "size": 1000}


@pytest.mark.parametrize(
    ("receipt", "valid"),
    [
        ({"signer": "李店长", "signature": SIGNATURE}, True),
        ({"signer": "李店长", "refused": True, "witness": "王师傅（厨师）"}, True),
        ({"signer": "李店长"}, False),  # neither signed nor refused
        ({"signer": "李店长", "signature": SIGNATURE, "refused": True, "witness": "王"}, False),
        ({"signer": "李店长", "refused": True}, False),  # a refusal nobody witnessed
        ({"signer": "李店长", "refused": True, "witness": "  "}, False),
        ({"signer": "", "signature": SIGNATURE}, False),  # signed by nobody
        ({"signer": "李" * 101, "signature": SIGNATURE}, False),  # a name is at most 100
    ],
)
def test_a_receipt_is_a_named_signature_or_a_witnessed_refusal(receipt, valid):
    payload = {"findings": [FINDING], "receipt": receipt}
    if valid:
        assert InspectionRecorded.model_validate(payload).receipt is not None
    else:
        with pytest.raises(ValidationError):
            InspectionRecorded.model_validate(payload)
