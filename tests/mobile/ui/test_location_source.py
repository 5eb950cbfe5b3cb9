"""The phone's position through flet-geolocator: asked with permission, never waited on for long."""

from __future__ import annotations

import asyncio
from types import SimpleNamespace
from typing import Any

import pytest

from mobile.location import NoLocator
from mobile.ui import location_source
from mobile.ui.location_source import FletLocator
from shared.geo import Position


class Service:
    """What FletLocator uses of ``flet_geolocator.Geolocator``."""

    def __init__(
        self,
        *,
        enabled: bool = True,
        status: str = "whileInUse",
        answer: str = "whileInUse",
        fix: Any = None,
        delay: float = 0.0,
    ) -> None:
        self.enabled, self.status, self.answer, self.delay = enabled, status, answer, delay
        self.fix = fix or SimpleNamespace(latitude=39.935, longitude=119.6, accuracy=12.5)
        self.requested = 0

    async def is_location_service_enabled(self) -> bool:
        return self.enabled

    async def get_permission_status(self) -> Any:
        return SimpleNamespace(value=self.status)

    async def request_permission(self) -> Any:
        self.requested += 1
        return SimpleNamespace(value=self.answer)

    async def get_current_position(self) -> Any:
        await asyncio.sleep(self.delay)
        return self.fix


def where(service: Service) -> Position | None:
    return asyncio.run(FletLocator(service, module=None).position())


def test_an_allowed_phone_gives_its_fix_with_its_error_radius():
    assert where(Service()) == Position(latitude=39.935, longitude=119.6, accuracy_m=12.5)


def test_the_permission_is_asked_the_first_time_and_a_yes_gives_the_fix():
    service = Service(status="denied", answer="whileInUse")
    assert where(service) is not None and service.requested == 1


@pytest.mark.parametrize(
    "service",
    [
        Service(status="denied", answer="denied"),  # the worker said no
        Service(status="deniedForever", answer="deniedForever"),
        Service(enabled=False),  # location services off
        Service(fix=SimpleNamespace(latitude=None, longitude=None, accuracy=None)),
        Service(fix=SimpleNamespace(latitude=39.9, longitude=119.6, accuracy=50_000)),  # vague
    ],
    ids=["refused", "refused for ever", "services off", "no fix", "cell-tower guess"],
)
def test_without_a_usable_fix_there_is_no_position_and_nothing_fails(service):
    assert where(service) is None


def test_a_slow_fix_is_not_waited_for(monkeypatch):
    monkeypatch.setattr(location_source, "FIX_WAIT_S", 0.01)
    assert where(Service(delay=1.0)) is None


def test_a_phone_without_flet_geolocator_never_knows_where_it_is(monkeypatch):
    monkeypatch.setattr(location_source, "geolocator_module", lambda: None)
    chosen = location_source.locator()
    assert isinstance(chosen, NoLocator)
    assert asyncio.run(chosen.position()) is None
