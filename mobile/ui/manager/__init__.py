"""The manager's screens (企业安全管理员): ``MANAGER_VIEWS`` maps each of them to its view."""

from __future__ import annotations

from collections.abc import Callable

import flet as ft

from mobile.ui.context import Ui
from mobile.ui.manager.assign import AssignView
from mobile.ui.manager.conflict import ConflictView
from mobile.ui.manager.enterprise import EnterpriseView
from mobile.ui.manager.inbox import InboxView
from mobile.ui.manager.major import MajorView
from mobile.ui.manager.onboard import OnboardView
from mobile.ui.manager.review import ReviewView
from mobile.ui.manager.risk_list import RiskListView
from mobile.ui.manager.risk_map import RiskMapView
from mobile.ui.manager.risks import ReassessView, RiskNewView, RiskReviewView, RiskView
from mobile.ui.manager.scoreboard import ScoreboardView
from mobile.ui.manager.staff import StaffView
from mobile.ui.manager.workshops import WorkshopsView
from mobile.ui.routes import Route, Screen
from mobile.ui.standards import StandardsView, StandardView

__all__ = ["MANAGER_VIEWS"]

MANAGER_VIEWS: dict[Screen, Callable[[Ui, Route], ft.View]] = {
    Screen.INBOX: InboxView,
    Screen.ASSIGN: AssignView,
    Screen.REVIEW: ReviewView,
    Screen.MAJOR: MajorView,
    Screen.CONFLICT: ConflictView,
    Screen.ENTERPRISE: EnterpriseView,
    Screen.ONBOARD: OnboardView,
    Screen.RISK_LIST: RiskListView,
    Screen.WORKSHOPS: WorkshopsView,
    Screen.STAFF: StaffView,
    Screen.SCOREBOARD: ScoreboardView,
    Screen.RISK_NEW: RiskNewView,
    Screen.RISK_REVIEW: RiskReviewView,
    Screen.RISK_MAP: RiskMapView,
    Screen.RISK: RiskView,
    Screen.REASSESS: ReassessView,
    # the library is an inspector's too (from 待检); the views are role-neutral
    Screen.STANDARDS: StandardsView,
    Screen.STANDARD: StandardView,
}
