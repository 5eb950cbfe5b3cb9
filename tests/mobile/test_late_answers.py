"""A late answer from the client completes its call and leaves the connection alone."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
from flet.messaging.connection import Connection
from flet.messaging.protocol import Message
from flet.messaging.session import Session
from flet.pubsub import PubSubHub

from mobile.late_answers import tolerate_late_answers

GONE = 987_654_321
"""A control id the session does not hold: the screen that had it was rebuilt."""


class Wire(Connection):
    """The client's end of the socket: keeps what the server sent."""

    def __init__(self) -> None:
        super().__init__()  # type: ignore[no-untyped-call]
        self.pubsubhub = PubSubHub()
        self.sent: list[Message] = []

    def send_message(self, message: Message) -> None:
        self.sent.append(message)


async def a_call_answered_after_its_control_left(session: Session, wire: Wire) -> Any:
    call = asyncio.create_task(session.invoke_method(GONE, "get_available_cameras", {}, 5))
    while not wire.sent:
        await asyncio.sleep(0)
    call_id = wire.sent[-1].body.call_id
    session.handle_invoke_method_results(GONE, call_id, ["back"], None)
    return await call


def test_flet_alone_ends_the_receive_loop_on_such_an_answer(monkeypatch):
    """The fault this module exists for (if Flet fixes it, the workaround can go)."""
    monkeypatch.setattr(Session, "handle_invoke_method_results", ORIGINAL)
    wire = Wire()
    with pytest.raises(RuntimeError, match="not registered"):
        asyncio.run(a_call_answered_after_its_control_left(Session(wire), wire))


def test_with_the_workaround_the_waiting_call_gets_the_answer(monkeypatch):
    monkeypatch.setattr(Session, "handle_invoke_method_results", ORIGINAL)
    tolerate_late_answers()
    wire = Wire()
    assert asyncio.run(a_call_answered_after_its_control_left(Session(wire), wire)) == ["back"]


ORIGINAL = Session.handle_invoke_method_results
