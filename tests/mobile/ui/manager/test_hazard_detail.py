"""A manager's buttons on the hazard detail: exactly the steps the rules allow in each state."""

from __future__ import annotations

import pytest

from tests.mobile.stories import story
from tests.mobile.ui.fakes import has

BUTTONS = ("manage-assign", "manage-review", "manage-close", "manage-major", "manage-conflict")


@pytest.mark.parametrize(
    ("path", "grade", "shown"),
    [
        ("", "general", {"manage-assign"}),
        ("assign", "general", {"manage-assign"}),  # reassign
        ("assign start", "general", {"manage-assign"}),
        ("assign start rectify", "general", {"manage-review"}),
        ("assign start rectify accept", "general", {"manage-close"}),
        ("assign start rectify accept close", "general", set()),
        ("", "major", {"manage-major"}),
        ("major plan", "major", {"manage-assign", "manage-major"}),
        ("major plan supervise assign", "major", {"manage-assign", "manage-major"}),
    ],
)
def test_the_buttons_follow_the_state(ui, phone, path, grade, shown):
    app, page = ui
    story(phone.record, "YH-1", path, grade=grade)
    app.go("/hazards/YH-1")
    assert {key for key in BUTTONS if has(page, key)} == shown
    assert not has(page, "hazard-rectify")  # the manager is not the one fixing it
