"""Loop 3 on the hazard form: a hazard reported freely may name the risk point it threatens.

A report from a failed card item already carries the control that item checks; a free report
offers the enterprise's risk points (the post's own first), and the choice travels as the
report's ``risk_id``. Kept in ``UiState.kept`` until the report is saved.
"""

from __future__ import annotations

from typing import Any

import flet as ft

from mobile.reference import rows_of
from mobile.services.reporting import HazardReport
from mobile.ui.context import Ui
from shared.org import RiskPoint

__all__ = ["chosen_control", "forget_choice", "risk_picker"]

KEY = "report-risk"
"""The chosen risk point's key in ``UiState.kept``."""


def risk_picker(ui: Ui, origin: HazardReport | None) -> list[ft.Control]:
    """The menu of risk points, or nothing when the report names its control already."""
    if origin is not None and origin.risk_id is not None:
        return []
    post = origin.post_id if origin else None
    points = rows_of(ui.phone.store, ui.actor().tenant or "", "risk_point", RiskPoint)
    if not points:
        return []
    points.sort(key=lambda p: (p.post_id != post, p.name))
    options = [ft.DropdownOption(key="", text=ui.t("report.no_risk"))]
    options += [
        ft.DropdownOption(key=p.id, text=f"{p.name}（{ui.label(p.colour)}）") for p in points
    ]
    menu = ft.Dropdown(
        label=ui.t("report.risk"),
        value=ui.state.kept.get(KEY, ""),
        options=options,
        key="hazard-risk",
        expand=True,
    )

    def picked() -> None:
        ui.state.kept[KEY] = menu.value or ""

    menu.on_select = picked
    return [ft.Semantics(label=ui.t("report.risk"), content=menu)]


def chosen_control(ui: Ui, origin: HazardReport | None) -> dict[str, Any]:
    """The report's loop-3 fields: the failed item's control, else the point picked, if any."""
    if origin is not None and origin.risk_id is not None:
        return {"source": origin.source, "risk_id": origin.risk_id, "measure_id": origin.measure_id}
    picked = ui.state.kept.get(KEY) or None
    return {"risk_id": picked} if picked else {}


def forget_choice(ui: Ui) -> None:
    """Drop the choice once its report is saved."""
    ui.state.kept.pop(KEY, None)
