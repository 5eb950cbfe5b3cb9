"""The app's routes as data: parsed from and written to paths by pure functions, no Flet.

==============================  =======================================================
path                            screen
==============================  =======================================================
``/sign-in``                    sign-in
``/today``                      today's cards (the home tab)
``/scan``                       scan a post's card
``/check/<post>[/<f>[/<period>]]`` tick a card instance of a post (frequency, period)
``/report``                     the hazard form (its draft lives in the UI state)
``/hazards``                    my hazards
``/hazards/<id>``               one hazard: details, photos, timeline
``/hazards/<id>/rectify``       submit a rectification with after-photos
``/sync``                       what is left to send, progress, conflicts
``/settings``                   language, server, sign out
``/inbox``                      a safety manager's hazards that need them (待办)
``/hazards/<id>/assign``        assign a rectification: person, deadline, measures, budget
``/hazards/<id>/review``        验收: before and after photos side by side, accept or reject
``/hazards/<id>/major``         a 重大隐患: report to the authority, the plan, 挂牌督办
``/hazards/<id>/conflict``      a hard conflict: both events, resolve with a reason
``/enterprise``                 a manager's own enterprise: risk points, today's cards by post
``/scoreboard``                 a manager's own score: lines with reasons, lights, ranks, trend
``/rewards``                    a manager's 奖惩 table: each person's month and points, .xlsx
``/my-month``                   a worker's own month: cards on time, hazards, 奖惩 points
``/due``                        an inspector's due inspections (the supervision plan)
``/enterprises/<tenant>``       an enterprise's profile: class, score, lights, risks, hazards
``/enterprises/<tenant>/inspect``  a menu-style inspection of the enterprise
``/inspections/<id>``           an issued 整改通知书: its hazards and the notice PDF
``/city[/<unit>]``              a regulator's grid unit: ranking, lights, hazards, trends
``/lights``                     red and yellow lights in the regulator's scope
``/standards``                  the standards library: categories, 十小, search
``/standards/<code>``           one standard: what and how to check, legal basis, review mark
``/onboard``                    a manager builds a post's card from the library
``/risk-list``                  a manager builds the enterprise's 风险清单 from the library
``/workshops``                  a manager sets up the enterprise's workshops and posts
``/risks/new``                  a manager identifies a risk point: the six steps, LEC/LS
``/risks/review``               风险清单复核: a verdict per risk point
``/risks/<id>``                 one risk point: grade, measures, its timeline
``/hazards/<id>/reassess``      after a hazard of a control closed: keep, regrade, add
``/proposals``                  风险点建议: a worker's own with the answers (a manager's: all)
``/proposals/new``              a worker proposes a risk point: what, where, 五高, accidents
``/proposals/<id>``             one proposal; the manager confirms (six steps) or declines it
``/admin``                      an admin's enterprises: search, a page at a time
``/admin/<tenant>``             an admin's 人员管理 of one enterprise (the manager's screen)
``/officials``                  an admin's inspectors and regulators: scope, 执法证号, authority
``/people-import``              an admin's bulk import of the 人员 sheet
==============================  =======================================================

Which tabs the navigation bar holds depends on the signed-in role (``tabs_for``); a
sub-screen lights the tab it belongs to and its back arrow leads there.

Ids are percent-encoded, so a post id with a ``/`` in it (allowed on cards) stays one segment.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from urllib.parse import parse_qs, quote, unquote, urlencode

from shared.cards import Frequency
from shared.roles import Role

__all__ = [
    "TABS",
    "Route",
    "Screen",
    "back_in",
    "home_of",
    "is_tab_root",
    "parent_of",
    "parse_route",
    "path_of",
    "tab_of",
    "tabs_for",
    "with_back",
]


class Screen(StrEnum):
    """Every screen of the app."""

    SIGN_IN = "sign-in"
    TODAY = "today"
    SCAN = "scan"
    CHECK = "check"
    REPORT = "report"
    HAZARDS = "hazards"
    HAZARD = "hazard"
    RECTIFY = "rectify"
    SYNC = "sync"
    SETTINGS = "settings"
    # a safety manager's
    INBOX = "inbox"
    ASSIGN = "assign"
    REVIEW = "review"
    MAJOR = "major"
    CONFLICT = "conflict"
    ENTERPRISE = "enterprise"
    SCOREBOARD = "scoreboard"  # the manager's own score (本企业评分)
    REWARDS = "rewards"  # the manager's 奖惩 table of the enterprise's people
    MY_MONTH = "my-month"  # a worker's own month: cards on time, hazards, 奖惩 points
    # an inspector's
    DUE = "due"
    PROFILE = "profile"
    INSPECT = "inspect"
    NOTICE = "notice"
    # a regulator's
    CITY = "city"
    LIGHTS = "lights"
    # the standards library (a manager's and an inspector's) and onboarding (a manager's)
    STANDARDS = "standards"
    STANDARD = "standard"
    ONBOARD = "onboard"
    RISK_LIST = "risk-list"  # 建风险清单 from the library's typical risks
    WORKSHOPS = "workshops"  # 车间和岗位, set up on the phone
    STAFF = "staff"  # a manager's people (人员管理)
    # the risk loop (a manager's)
    RISK_NEW = "risk-new"
    RISK_REVIEW = "risk-review"
    RISK_MAP = "risk-map"
    RISK = "risk"
    REASSESS = "reassess"
    # 风险点建议: any worker proposes, the manager confirms or declines
    PROPOSALS = "proposals"
    PROPOSAL_NEW = "proposal-new"
    PROPOSAL = "proposal"
    # an admin's
    ADMIN = "admin"  # the enterprises, to open one's people
    ADMIN_STAFF = "admin-staff"  # one enterprise's 人员管理
    OFFICIALS = "officials"  # inspectors and regulators
    PEOPLE_IMPORT = "people-import"  # the 人员 sheet


@dataclass(frozen=True)
class Route:
    """A screen and the ids it shows."""

    screen: Screen
    post_id: str | None = None
    frequency: Frequency | None = None
    period: str | None = None
    hazard_id: str | None = None
    tenant: str | None = None
    inspection_id: str | None = None
    unit: str | None = None
    code: str | None = None  # a standard's code
    risk_id: str | None = None
    proposal_id: str | None = None


TABS = (Screen.TODAY, Screen.SCAN, Screen.HAZARDS, Screen.SYNC, Screen.SETTINGS)
"""A worker's navigation bar, in order (the default for a role without its own)."""

_ROLE_TABS: dict[Role, tuple[Screen, ...]] = {
    Role.SAFETY_MANAGER: (
        Screen.INBOX,
        Screen.ENTERPRISE,
        Screen.HAZARDS,
        Screen.SYNC,
        Screen.SETTINGS,
    ),
    Role.INSPECTOR: (Screen.DUE, Screen.SCAN, Screen.HAZARDS, Screen.SYNC, Screen.SETTINGS),
    Role.REGULATOR: (Screen.CITY, Screen.LIGHTS, Screen.SYNC, Screen.SETTINGS),
    # an admin makes no entries in the record: nothing to sync, no record to read
    Role.ADMIN: (Screen.ADMIN, Screen.OFFICIALS, Screen.PEOPLE_IMPORT, Screen.SETTINGS),
}

_TAB_OF = {
    Screen.CHECK: Screen.TODAY,
    Screen.REPORT: Screen.TODAY,
    Screen.HAZARD: Screen.HAZARDS,
    Screen.RECTIFY: Screen.HAZARDS,
    Screen.ASSIGN: Screen.HAZARDS,
    Screen.REVIEW: Screen.HAZARDS,
    Screen.MAJOR: Screen.HAZARDS,
    Screen.CONFLICT: Screen.HAZARDS,
    Screen.PROFILE: Screen.DUE,
    Screen.INSPECT: Screen.DUE,
    Screen.NOTICE: Screen.DUE,
    Screen.STANDARDS: Screen.ENTERPRISE,
    Screen.STANDARD: Screen.ENTERPRISE,
    Screen.ONBOARD: Screen.ENTERPRISE,
    Screen.RISK_LIST: Screen.ENTERPRISE,
    Screen.WORKSHOPS: Screen.ENTERPRISE,
    Screen.STAFF: Screen.ENTERPRISE,
    Screen.RISK_NEW: Screen.ENTERPRISE,
    Screen.RISK_REVIEW: Screen.ENTERPRISE,
    Screen.RISK_MAP: Screen.ENTERPRISE,
    Screen.RISK: Screen.ENTERPRISE,
    Screen.REASSESS: Screen.INBOX,
    Screen.SCOREBOARD: Screen.ENTERPRISE,
    Screen.REWARDS: Screen.ENTERPRISE,
    Screen.MY_MONTH: Screen.TODAY,
    Screen.PROPOSALS: Screen.HAZARDS,
    Screen.PROPOSAL_NEW: Screen.HAZARDS,
    Screen.PROPOSAL: Screen.HAZARDS,
    Screen.ADMIN_STAFF: Screen.ADMIN,
}
_SIMPLE = {
    Screen.SIGN_IN,
    Screen.TODAY,
    Screen.SCAN,
    Screen.REPORT,
    Screen.SYNC,
    Screen.SETTINGS,
    Screen.INBOX,
    Screen.ENTERPRISE,
    Screen.DUE,
    Screen.LIGHTS,
    Screen.STANDARDS,
    Screen.ONBOARD,
    Screen.RISK_LIST,
    Screen.WORKSHOPS,
    Screen.STAFF,
    Screen.SCOREBOARD,
    Screen.REWARDS,
    Screen.MY_MONTH,
    Screen.PROPOSALS,
    Screen.ADMIN,
    Screen.OFFICIALS,
    Screen.PEOPLE_IMPORT,
}
_HAZARD_SUB = {
    "rectify": Screen.RECTIFY,
    "assign": Screen.ASSIGN,
    "review": Screen.REVIEW,
    "major": Screen.MAJOR,
    "conflict": Screen.CONFLICT,
    "reassess": Screen.REASSESS,
}


def tabs_for(role: Role | None) -> tuple[Screen, ...]:
    """The navigation bar of a role, in order; a worker's for anyone else."""
    return _ROLE_TABS.get(role, TABS) if role is not None else TABS


def is_tab_root(route: Route, role: Role | None) -> bool:
    """Whether the route is one of the role's tabs itself (a grid unit below is not)."""
    return route.screen in tabs_for(role) and route == Route(route.screen)


def home_of(role: Role | None) -> Route:
    """The first tab of a role: where sign-in and unknown paths lead."""
    return Route(tabs_for(role)[0])


def parse_route(path: str) -> Route:
    """The route a path names; anything unknown is the home tab (today)."""
    parts = [unquote(part) for part in path.split("?", 1)[0].strip("/").split("/") if part]
    if not parts:
        return Route(Screen.TODAY)
    head, rest = parts[0], parts[1:]
    if head in _SIMPLE and not rest:
        return Route(Screen(head))
    if head == "check" and 1 <= len(rest) <= 3:
        frequency = _frequency(rest[1]) if len(rest) >= 2 else None
        if len(rest) >= 2 and frequency is None:
            return Route(Screen.TODAY)
        period = rest[2] if len(rest) == 3 else None
        return Route(Screen.CHECK, post_id=rest[0], frequency=frequency, period=period)
    return _nested(head, rest)


def _nested(head: str, rest: list[str]) -> Route:
    if head == "hazards":
        if not rest:
            return Route(Screen.HAZARDS)
        if len(rest) == 1:
            return Route(Screen.HAZARD, hazard_id=rest[0])
        if len(rest) == 2 and rest[1] in _HAZARD_SUB:
            return Route(_HAZARD_SUB[rest[1]], hazard_id=rest[0])
    return _others(head, rest)


def _others(head: str, rest: list[str]) -> Route:
    if head == "enterprises" and len(rest) == 1:
        return Route(Screen.PROFILE, tenant=rest[0])
    if head == "enterprises" and len(rest) == 2 and rest[1] == "inspect":
        return Route(Screen.INSPECT, tenant=rest[0])
    if head == "inspections" and len(rest) == 1:
        return Route(Screen.NOTICE, inspection_id=rest[0])
    if head == "standards" and len(rest) == 1:
        return Route(Screen.STANDARD, code=rest[0])
    if head == "risks" and len(rest) == 1:
        fixed = {"new": Screen.RISK_NEW, "review": Screen.RISK_REVIEW, "map": Screen.RISK_MAP}
        return Route(fixed[rest[0]]) if rest[0] in fixed else Route(Screen.RISK, risk_id=rest[0])
    if head == "proposals" and len(rest) == 1:
        if rest[0] == "new":
            return Route(Screen.PROPOSAL_NEW)
        return Route(Screen.PROPOSAL, proposal_id=rest[0])
    if head == "admin" and len(rest) == 1:
        return Route(Screen.ADMIN_STAFF, tenant=rest[0])
    if head == "city" and len(rest) <= 1:
        return Route(Screen.CITY, unit=rest[0] if rest else None)
    return Route(Screen.TODAY)


def path_of(route: Route) -> str:
    """The path of a route; ``parse_route(path_of(r)) == r`` for every well-formed route."""
    if route.screen is Screen.CHECK and route.post_id:
        tail = f"/{route.frequency.value}" if route.frequency else ""
        if route.frequency and route.period:
            tail += f"/{_seg(route.period)}"
        return f"/check/{_seg(route.post_id)}{tail}"
    if route.screen is Screen.HAZARD and route.hazard_id:
        return f"/hazards/{_seg(route.hazard_id)}"
    sub = {screen: name for name, screen in _HAZARD_SUB.items()}
    if route.screen in sub and route.hazard_id:
        return f"/hazards/{_seg(route.hazard_id)}/{sub[route.screen]}"
    if route.screen is Screen.PROFILE and route.tenant:
        return f"/enterprises/{_seg(route.tenant)}"
    if route.screen is Screen.INSPECT and route.tenant:
        return f"/enterprises/{_seg(route.tenant)}/inspect"
    if route.screen is Screen.NOTICE and route.inspection_id:
        return f"/inspections/{_seg(route.inspection_id)}"
    if route.screen is Screen.STANDARD and route.code:
        return f"/standards/{_seg(route.code)}"
    if route.screen is Screen.CITY and route.unit:
        return f"/city/{_seg(route.unit)}"
    return _risk_path(route) or f"/{route.screen.value}"


def _risk_path(route: Route) -> str | None:
    if route.screen is Screen.ADMIN_STAFF and route.tenant:
        return f"/admin/{_seg(route.tenant)}"
    if route.screen is Screen.RISK and route.risk_id:
        return f"/risks/{_seg(route.risk_id)}"
    if route.screen is Screen.PROPOSAL and route.proposal_id:
        return f"/proposals/{_seg(route.proposal_id)}"
    return _RISK_PATHS.get(route.screen)


_RISK_PATHS = {
    Screen.RISK_NEW: "/risks/new",
    Screen.RISK_REVIEW: "/risks/review",
    Screen.RISK_MAP: "/risks/map",
    Screen.PROPOSAL_NEW: "/proposals/new",
}


def with_back(path: str, back: str) -> str:
    """``path`` opened from ``back``: its back arrow returns there.

    For a screen reached from several places the route alone cannot tell apart: an
    enterprise's profile opened from a grid unit or from the lights.
    """
    return f"{path}?{urlencode({'back': back})}"


def back_in(path: str) -> str | None:
    """Where a path opened by ``with_back`` goes back to; None for anything else."""
    query = path.split("?", 1)[1] if "?" in path else ""
    found = parse_qs(query).get("back")
    back = found[0] if found else None
    return back if back and back.startswith("/") and not back.startswith("//") else None


def tab_of(screen: Screen, role: Role | None = None) -> int | None:
    """The navigation bar index lit on a screen for a role, or None (not on the bar)."""
    tabs = tabs_for(role)
    tab = screen if screen in tabs else _TAB_OF.get(screen)
    if role is Role.REGULATOR and screen is Screen.PROFILE:
        tab = Screen.CITY  # a regulator reaches enterprises from the city
    if role is Role.INSPECTOR and screen in (Screen.STANDARDS, Screen.STANDARD):
        tab = Screen.DUE  # an inspector opens the library from 待检
    return tabs.index(tab) if tab in tabs else None


def parent_of(route: Route, role: Role | None = None) -> Route:
    """Where the back arrow goes: a hazard's sub-screen to the hazard, else to the tab."""
    if route.screen in _HAZARD_SUB.values() and route.screen is not Screen.HAZARD:
        return Route(Screen.HAZARD, hazard_id=route.hazard_id)
    if route.screen is Screen.INSPECT:
        return Route(Screen.PROFILE, tenant=route.tenant)
    if route.screen is Screen.STANDARD:
        return Route(Screen.STANDARDS)
    if route.screen in (Screen.PROPOSAL, Screen.PROPOSAL_NEW):
        return Route(Screen.PROPOSALS)
    tab = tab_of(route.screen, role)
    return Route(tabs_for(role)[tab]) if tab is not None else Route(Screen.SIGN_IN)


def _frequency(text: str) -> Frequency | None:
    try:
        return Frequency(text)
    except ValueError:
        return None


def _seg(value: str) -> str:
    return quote(value, safe="")
