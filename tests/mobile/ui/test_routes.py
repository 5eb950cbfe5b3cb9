"""Routes are parsed and written by pure functions: every screen survives the round trip."""

from __future__ import annotations

import pytest

from mobile.ui.routes import (
    Route,
    Screen,
    back_in,
    home_of,
    parent_of,
    parse_route,
    path_of,
    tab_of,
    tabs_for,
    with_back,
)
from shared.cards import Frequency
from shared.roles import Role

S = Screen


@pytest.mark.parametrize(
    ("path", "route"),
    [
        ("/sign-in", Route(S.SIGN_IN)),
        ("/today", Route(S.TODAY)),
        ("/scan", Route(S.SCAN)),
        ("/check/P-STOVE", Route(S.CHECK, post_id="P-STOVE")),
        ("/check/P-STOVE/daily", Route(S.CHECK, post_id="P-STOVE", frequency=Frequency.DAILY)),
        # A post id may hold a slash (allowed on printed cards): it is one encoded segment.
        ("/check/A%2FB/weekly", Route(S.CHECK, post_id="A/B", frequency=Frequency.WEEKLY)),
        # A shift's period holds a '#': encoded too.
        (
            "/check/P/per_shift/2026-11-30%231",
            Route(S.CHECK, post_id="P", frequency=Frequency.PER_SHIFT, period="2026-11-30#1"),
        ),
        ("/report", Route(S.REPORT)),
        ("/hazards", Route(S.HAZARDS)),
        ("/hazards/YH-2026-0001", Route(S.HAZARD, hazard_id="YH-2026-0001")),
        ("/hazards/YH-1/rectify", Route(S.RECTIFY, hazard_id="YH-1")),
        ("/sync", Route(S.SYNC)),
        ("/settings", Route(S.SETTINGS)),
    ],
)
def test_each_path_names_its_screen_and_is_written_back_the_same(path, route):
    assert parse_route(path) == route
    assert path_of(route) == path


@pytest.mark.parametrize(
    "path",
    ["/", "", "/nowhere", "/check", "/check/P/hourly", "/hazards/a/b/c", "/today/extra", "/sync?x"],
)
def test_anything_else_is_the_home_tab(path):
    expected = Route(S.SYNC) if path == "/sync?x" else Route(S.TODAY)
    assert parse_route(path) == expected


def test_sub_screens_light_their_tab_and_go_back_to_it():
    assert tab_of(S.CHECK) == tab_of(S.TODAY) == 0
    assert tab_of(S.HAZARD) == tab_of(S.HAZARDS) == 2
    assert tab_of(S.SIGN_IN) is None
    assert parent_of(Route(S.RECTIFY, hazard_id="H")) == Route(S.HAZARD, hazard_id="H")
    assert parent_of(Route(S.HAZARD, hazard_id="H")) == Route(S.HAZARDS)
    assert parent_of(Route(S.CHECK, post_id="P")) == Route(S.TODAY)
    assert parent_of(Route(S.SIGN_IN)) == Route(S.SIGN_IN)


@pytest.mark.parametrize(
    ("path", "route"),
    [
        ("/inbox", Route(S.INBOX)),
        ("/hazards/YH-1/assign", Route(S.ASSIGN, hazard_id="YH-1")),
        ("/hazards/YH-1/review", Route(S.REVIEW, hazard_id="YH-1")),
        ("/hazards/YH-1/major", Route(S.MAJOR, hazard_id="YH-1")),
        ("/hazards/YH-1/conflict", Route(S.CONFLICT, hazard_id="YH-1")),
        ("/enterprise", Route(S.ENTERPRISE)),
        ("/due", Route(S.DUE)),
        ("/enterprises/KITCHEN", Route(S.PROFILE, tenant="KITCHEN")),
        ("/enterprises/KITCHEN/inspect", Route(S.INSPECT, tenant="KITCHEN")),
        ("/inspections/I-1", Route(S.NOTICE, inspection_id="I-1")),
        ("/city", Route(S.CITY)),
        ("/city/X-CN", Route(S.CITY, unit="X-CN")),
        ("/lights", Route(S.LIGHTS)),
        ("/standards", Route(S.STANDARDS)),
        ("/standards/SX-01", Route(S.STANDARD, code="SX-01")),
        ("/onboard", Route(S.ONBOARD)),
        ("/proposals", Route(S.PROPOSALS)),
        ("/proposals/new", Route(S.PROPOSAL_NEW)),
        ("/proposals/RP-1", Route(S.PROPOSAL, proposal_id="RP-1")),
    ],
)
def test_the_screens_of_managers_inspectors_and_regulators_round_trip(path, route):
    assert parse_route(path) == route
    assert path_of(route) == path


@pytest.mark.parametrize(
    ("role", "tabs"),
    [
        (None, (S.TODAY, S.SCAN, S.HAZARDS, S.SYNC, S.SETTINGS)),
        (Role.WORKER, (S.TODAY, S.SCAN, S.HAZARDS, S.SYNC, S.SETTINGS)),
        (Role.SAFETY_MANAGER, (S.INBOX, S.ENTERPRISE, S.HAZARDS, S.SYNC, S.SETTINGS)),
        (Role.INSPECTOR, (S.DUE, S.SCAN, S.HAZARDS, S.SYNC, S.SETTINGS)),
        (Role.REGULATOR, (S.CITY, S.LIGHTS, S.SYNC, S.SETTINGS)),
    ],
)
def test_each_role_has_its_own_tabs_and_starts_on_the_first(role, tabs):
    assert tabs_for(role) == tabs
    assert home_of(role) == Route(tabs[0])


@pytest.mark.parametrize(
    ("role", "route", "lit", "back"),
    [
        (Role.SAFETY_MANAGER, Route(S.REVIEW, hazard_id="H"), 2, Route(S.HAZARD, hazard_id="H")),
        (Role.SAFETY_MANAGER, Route(S.HAZARD, hazard_id="H"), 2, Route(S.HAZARDS)),
        (Role.INSPECTOR, Route(S.INSPECT, tenant="T"), 0, Route(S.PROFILE, tenant="T")),
        (Role.INSPECTOR, Route(S.PROFILE, tenant="T"), 0, Route(S.DUE)),
        (Role.INSPECTOR, Route(S.NOTICE, inspection_id="I"), 0, Route(S.DUE)),
        (Role.REGULATOR, Route(S.PROFILE, tenant="T"), 0, Route(S.CITY)),
        (Role.REGULATOR, Route(S.CITY, unit="X-CN"), 0, Route(S.CITY)),
        (Role.SAFETY_MANAGER, Route(S.STANDARD, code="SX-01"), 1, Route(S.STANDARDS)),
        (Role.SAFETY_MANAGER, Route(S.STANDARDS), 1, Route(S.ENTERPRISE)),
        (Role.SAFETY_MANAGER, Route(S.ONBOARD), 1, Route(S.ENTERPRISE)),
        (Role.INSPECTOR, Route(S.STANDARD, code="PC-01-01"), 0, Route(S.STANDARDS)),
        (Role.INSPECTOR, Route(S.STANDARDS), 0, Route(S.DUE)),
        (Role.WORKER, Route(S.PROPOSAL_NEW), 2, Route(S.PROPOSALS)),
        (Role.SAFETY_MANAGER, Route(S.PROPOSAL, proposal_id="RP-1"), 2, Route(S.PROPOSALS)),
        (Role.WORKER, Route(S.PROPOSALS), 2, Route(S.HAZARDS)),
    ],
)
def test_a_sub_screen_lights_its_roles_tab_and_goes_back_up(role, route, lit, back):
    assert tab_of(route.screen, role) == lit
    assert parent_of(route, role) == back


@pytest.mark.parametrize(
    ("path", "back"),
    [
        (with_back("/enterprises/T", "/city/V-JA?day=2026-11-20"), "/city/V-JA?day=2026-11-20"),
        (with_back("/enterprises/T", "/lights"), "/lights"),
        ("/enterprises/T", None),
        ("/enterprises/T?back=https://elsewhere.example", None),  # only paths of this app
        ("/enterprises/T?back=//elsewhere.example", None),
    ],
)
def test_a_screen_opened_from_somewhere_goes_back_there(path, back):
    assert back_in(path) == back
    assert parse_route(path) == Route(S.PROFILE, tenant="T")
