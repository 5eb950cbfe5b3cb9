"""An error boundary for event handlers: a failing action says so, and the app stays usable.

Flet ends the whole session with an error page when a handler raises. On a phone that loses
the worker's place for one bad moment (a full disk, a bug), so every handler of a built screen
is wrapped: the exception is logged and a short message shown instead.
"""

from __future__ import annotations

import dataclasses
import inspect
import logging
import weakref
from collections.abc import Callable
from typing import Any

import flet as ft

from mobile.ui.tree import walk

__all__ = ["guard_handlers", "guarded"]

log = logging.getLogger(__name__)

Report = Callable[[BaseException], None]
"""Told each exception a handler raised (after it is logged)."""

_GUARDED: weakref.WeakSet[Callable[..., Any]] = weakref.WeakSet()


def guard_handlers(root: ft.BaseControl, report: Report) -> None:
    """Wrap every ``on_*`` handler under ``root`` (once) so that it cannot end the session."""
    for control in walk(root):
        for field in dataclasses.fields(control):
            if not field.name.startswith("on_"):
                continue
            handler = getattr(control, field.name, None)
            if callable(handler) and handler not in _GUARDED:
                setattr(control, field.name, guarded(handler, report))


def guarded(handler: Callable[..., Any], report: Report) -> Callable[..., Any]:
    """``handler`` with the same shape (sync or async, with or without the event), guarded."""
    takes_event = bool(inspect.signature(handler).parameters)
    wrapper: Callable[..., Any]
    if inspect.iscoroutinefunction(handler):

        async def wrapper(*event: Any) -> Any:
            try:
                return await handler(*event[:1]) if takes_event else await handler()
            except Exception as exc:
                _failed(handler, exc, report)
                return None

    else:

        def wrapper(*event: Any) -> Any:
            try:
                return handler(*event[:1]) if takes_event else handler()
            except Exception as exc:
                _failed(handler, exc, report)
                return None

    # Flet passes the event only to handlers that declare a parameter: keep the original's count.
    parameters = [inspect.Parameter("event", inspect.Parameter.POSITIONAL_ONLY)]
    setattr(wrapper, "__signature__", inspect.Signature(parameters if takes_event else []))  # noqa: B010
    _GUARDED.add(wrapper)
    return wrapper


def _failed(handler: Callable[..., Any], exc: Exception, report: Report) -> None:
    log.exception("the handler %s failed", getattr(handler, "__qualname__", handler))
    report(exc)
