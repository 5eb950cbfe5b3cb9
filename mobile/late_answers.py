"""A client's answer for a control that is already gone must not end the tab's connection.

Flet 1.0.5 raises in the web server's receive loop when the client answers a method call
(``get_available_cameras``, ``initialize``, ``scroll_to``…) for a control the session no longer
holds: its index is a weak dictionary, and a screen rebuilt while the call was under way (the
inspector leaves 扫码 while the camera is still being asked for) drops the control. The loop
ends, the tab reconnects, and the reconnected client has lost its FilePicker: every 相册 tap then
times out ("Timeout waiting for invoke method listener for FilePicker") until a reload. Seen in
the browser stories on a loaded machine (app.log: "Control with ID … is not registered", then
"Session disconnected", then the picker's timeouts).

``tolerate_late_answers`` makes such an answer reach the call still waiting for it, as if the
control were there: the caller decides what a late answer means (a camera that started for a
screen no longer shown is simply not used). It is installed once per process, before serving.
"""

from __future__ import annotations

import logging
from typing import Any

from flet.messaging.session import Session

__all__ = ["tolerate_late_answers"]

log = logging.getLogger(__name__)

_ORIGINAL = Session.handle_invoke_method_results


def tolerate_late_answers() -> None:
    """Let answers for gone controls complete their calls instead of ending the connection."""
    Session.handle_invoke_method_results = _handle  # type: ignore[method-assign,assignment]


def _handle(
    session: Session, control_id: int, call_id: str, result: Any, error: str | None
) -> None:
    try:
        _ORIGINAL(session, control_id, call_id, result, error)
    except RuntimeError:
        log.info("an answer came for control %s after it left the screen", control_id)
        _complete(session, call_id, result, error)


def _complete(session: Session, call_id: str, result: Any, error: str | None) -> None:
    """Hand the answer to the waiting call (Flet's own bookkeeping, name-mangled in 1.0.5)."""
    calls = getattr(session, "_Session__method_calls", {})
    results = getattr(session, "_Session__method_call_results", None)
    waiting = calls.pop(call_id, None)
    if waiting is None or results is None:
        return
    results[waiting] = (result, error)
    waiting.set()
