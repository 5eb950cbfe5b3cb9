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
from mobile.services.risk_loop import local_risks
from mobile.ui.context import Ui
from mobile.ui.theme import BODY, Palette
from shared.ids import RiskPointId
from shared.org import RiskPoint

__all__ = [
    "chosen_control",
    "failed_control",
    "failed_control_line",
    "forget_choice",
    "risk_picker",
]

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


def failed_control_line(ui: Ui, origin: HazardReport | None) -> list[ft.Control]:
    """The control that failed, under the failed item's chip, when the report names one."""
    if origin is None or origin.risk_id is None:
        return []
    words = failed_control(ui, origin.risk_id, origin.measure_id)
    return [ft.Text(words, size=BODY, color=Palette.FAIL, key="hazard-control")]


def failed_control(ui: Ui, risk_id: str, measure_id: str | None) -> str:
    """管控措施失效 and which: the worker reports a control failing, not only a broken thing.

    A point this phone has not folded yet (its events still on the way) is named as failed
    without its words rather than not at all.
    """
    risk = local_risks(ui.phone.record).get(RiskPointId(risk_id))
    if risk is None:
        return ui.t("report.control_failed")
    measure = next((m.text for m in risk.measures if m.id == measure_id), "")
    return ui.t("report.control_failed_named", risk=risk.name, measure=measure or "—")


def chosen_control(ui: Ui, origin: HazardReport | None) -> dict[str, Any]:
    """The report's loop-3 fields: the failed item's control, else the point picked, if any."""
    if origin is not None and origin.risk_id is not None:
        return {"source": origin.source, "risk_id": origin.risk_id, "measure_id": origin.measure_id}
    picked = ui.state.kept.get(KEY) or None
    return {"risk_id": picked} if picked else {}


def forget_choice(ui: Ui) -> None:
    """Drop the choice once its report is saved."""
    ui.state.kept.pop(KEY, None)
