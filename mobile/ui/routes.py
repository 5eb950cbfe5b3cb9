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
==============================  =======================================================

Ids are percent-encoded, so a post id with a ``/`` in it (allowed on cards) stays one segment.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from urllib.parse import quote, unquote

from shared.cards import Frequency

__all__ = ["TABS", "Route", "Screen", "parent_of", "parse_route", "path_of", "tab_of"]


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


@dataclass(frozen=True)
class Route:
    """A screen and the ids it shows."""

    screen: Screen
    post_id: str | None = None
    frequency: Frequency | None = None
    period: str | None = None
    hazard_id: str | None = None


TABS = (Screen.TODAY, Screen.SCAN, Screen.HAZARDS, Screen.SYNC, Screen.SETTINGS)
"""The navigation bar's destinations, in order."""

_TAB_OF = {
    Screen.CHECK: Screen.TODAY,
    Screen.REPORT: Screen.TODAY,
    Screen.HAZARD: Screen.HAZARDS,
    Screen.RECTIFY: Screen.HAZARDS,
}
_SIMPLE = {Screen.SIGN_IN, Screen.TODAY, Screen.SCAN, Screen.REPORT, Screen.SYNC, Screen.SETTINGS}


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
    if head == "hazards":
        if not rest:
            return Route(Screen.HAZARDS)
        if len(rest) == 1:
            return Route(Screen.HAZARD, hazard_id=rest[0])
        if len(rest) == 2 and rest[1] == "rectify":
            return Route(Screen.RECTIFY, hazard_id=rest[0])
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
    if route.screen is Screen.RECTIFY and route.hazard_id:
        return f"/hazards/{_seg(route.hazard_id)}/rectify"
    return f"/{route.screen.value}"


def tab_of(screen: Screen) -> int | None:
    """The navigation bar index that is lit on a screen, or None (sign-in has no bar)."""
    tab = screen if screen in TABS else _TAB_OF.get(screen)
    return None if tab is None else TABS.index(tab)


def parent_of(route: Route) -> Route:
    """Where the back arrow goes: a hazard's rectification to the hazard, else to the tab."""
    if route.screen is Screen.RECTIFY:
        return Route(Screen.HAZARD, hazard_id=route.hazard_id)
    tab = tab_of(route.screen)
    return Route(TABS[tab]) if tab is not None else Route(Screen.SIGN_IN)


def _frequency(text: str) -> Frequency | None:
    try:
        return Frequency(text)
    except ValueError:
        return None


def _seg(value: str) -> str:
    return quote(value, safe="")
