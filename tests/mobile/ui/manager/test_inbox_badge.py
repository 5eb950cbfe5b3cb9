"""The count on a manager's 待办 tab: the hazards waiting for them and the phone's reminders."""

from __future__ import annotations

from mobile.services.inbox import reminders
from tests.mobile.stories import story
from tests.mobile.ui.fakes import control, has
from tests.mobile.world import MANAGER, MONDAY_10


def test_the_inbox_tab_counts_what_waits_for_the_manager(ui, phone):
    story(phone.record, "YH-1")
    story(phone.record, "YH-2", "assign start rectify")
    app, page = ui
    app.go("/enterprise")
    own = len(reminders(phone.record, MANAGER, MONDAY_10))
    assert control(page, "badge-inbox").badge == str(2 + own)
    assert not has(page, "badge-today")
