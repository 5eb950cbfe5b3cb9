"""The risk point's text fields take no more than their payload fields (issue 19's maxima)."""

from __future__ import annotations

from mobile.ui.fields import max_length
from shared.text import TextKind
from tests.mobile.ui.fakes import control


def test_the_new_risk_points_name_location_and_measure_hold_the_servers_maxima(ui):
    app, page = ui
    app.go("/risks/new")

    found = {
        key: control(page, key).max_length for key in ("risk-name", "risk-location", "measure-text")
    }

    assert found == {
        "risk-name": max_length(TextKind.TITLE),
        "risk-location": max_length(TextKind.LINE),
        "measure-text": max_length(TextKind.TEXT),
    }
