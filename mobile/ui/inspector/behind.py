"""Server reads fetched behind the screen, so a slow network never freezes a render.

A screen shows what was fetched last (or "loading" the first time) and asks for a fresh copy
after it is on the page; when that comes back different, the screen is built again, if it is
still the one shown. A copy younger than ``MAX_AGE_S`` is not asked for again, so rebuilding
a screen never loops. Each session (``UiState``) has its own copies.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Generic, TypeVar

from mobile.ui.context import Ui

__all__ = ["MAX_AGE_S", "Loaded", "fetch_behind"]

MAX_AGE_S = 30.0
"""A copy younger than this is shown without asking the server again."""

T = TypeVar("T")


@dataclass(frozen=True)
class Loaded(Generic[T]):
    """What a screen shows: the value (None: none to be had), and whether it has come yet."""

    value: T | None
    arrived: bool


def fetch_behind(ui: Ui, key: str, fetch: Callable[[], T | None]) -> Loaded[T]:
    """The last copy of ``key`` now, and a fresh one fetched once the screen is shown."""
    copies = _copies(ui)
    kept = copies.get(key)
    route = ui.state.route
    if kept is None or time.monotonic() - kept[0] > MAX_AGE_S:

        async def refetch() -> None:
            value = await asyncio.to_thread(fetch)
            copies[key] = (time.monotonic(), value)
            if (kept is None or kept[1] != value) and ui.state.route == route:
                ui.refresh()

        ui.after_render(refetch)
    if kept is None:
        return Loaded(None, arrived=False)
    return Loaded(kept[1], arrived=True)  # type: ignore[arg-type]


def _copies(ui: Ui) -> dict[str, tuple[float, object]]:
    copies: dict[str, tuple[float, object]] = ui.state.kept.setdefault("fetched", {})
    return copies
