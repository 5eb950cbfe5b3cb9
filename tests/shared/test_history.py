"""What each step of a hazard's record said, in reading order, with nothing left out."""

from __future__ import annotations

import pytest

from shared.history import Said, photos_said, what_was_said

PHOTO = {"sha256": "d" * 64, "size": 10}


@pytest.mark.parametrize(
    ("payload", "said"),
    [
        (
            {"measures": "更换", "deadline": "2026-12-01T00:00:00+08:00", "assignee": "worker1"},
            [
                ("assignee", "worker1"),
                ("deadline", "2026-12-01T00:00:00+08:00"),
                ("measures", "更换"),
            ],
        ),
        ({"reason": "照片不清"}, [("reason", "照片不清")]),
        ({"note": "", "photos": [PHOTO], "cost_yuan": "85.50"}, [("cost_yuan", "85.50")]),
        ({"budget_yuan": None, "measures": "停用"}, [("measures", "停用")]),
        # ids and the source are not words a person said; a newer phone's field is kept, last
        (
            {"title": "漏气", "post_id": "P1", "source": 1, "zz_new": "新字段"},
            [("title", "漏气"), ("zz_new", "新字段")],
        ),
        ({"category": 5, "grade": "major"}, [("grade", "major"), ("category", "5")]),
        # loop 3: the failed control's ids; the detail names the point and measure in words
        (
            {"title": "报警器失效", "risk_id": "R-1", "measure_id": "M-1", "source": 9},
            [("title", "报警器失效")],
        ),
    ],
)
def test_a_step_says_every_field_that_holds_something_in_reading_order(payload, said):
    assert what_was_said(payload) == tuple(Said(field, value) for field, value in said)


def test_a_steps_photos_and_documents_are_its_pictures_and_a_broken_reference_is_skipped():
    payload = {"photos": [PHOTO, {"sha256": "not a hash"}], "documents": [PHOTO]}
    assert [p.sha256 for p in photos_said(payload)] == ["d" * 64, "d" * 64]
    assert photos_said({}) == ()
