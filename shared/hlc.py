"""Hybrid logical clock stamps: one total order for events made on phones with skewed clocks."""

from __future__ import annotations

import re
from functools import total_ordering
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, PlainSerializer, ValidationError, model_validator

from shared.errors import BadHlc
from shared.ids import DeviceId

__all__ = ["MAX_AHEAD_MS", "MAX_COUNTER", "MAX_WALL_MS", "Hlc", "HlcText", "receive", "tick"]

MAX_WALL_MS = 10**13 - 1
"""The largest wall time the 13-digit text form can hold (year 2286)."""
MAX_COUNTER = 2**16 - 1
"""The largest counter the 4-hex-digit text form can hold; one more moves wall time on by 1 ms."""
MAX_AHEAD_MS = 24 * 60 * 60 * 1000
"""How far ahead of the clock that judges it a stamp may be (a day).

The server refuses events stamped further ahead of its own clock, and a phone does not follow a
pulled stamp further ahead than this: one far-future stamp would otherwise drag every later
stamp with it, up to the end of the text form, and stop every phone that saw it.
"""

_DEVICE_PATTERN = r"[\x21-\x7e]{1,128}"
_TEXT = re.compile(rf"([0-9]{{13}})-([0-9a-f]{{4}})-({_DEVICE_PATTERN})", re.ASCII)
_TEXT_SHAPE = "WWWWWWWWWWWWW-cccc-DEVICE (13 decimal digits, 4 lowercase hex digits, a device id)"


@total_ordering
class Hlc(BaseModel):
    """A stamp ordered by (wall_ms, counter, device), so every event has one place in history.

    Phone clocks are not trusted: a stamp records what the device believed, and the counter
    keeps causality when a clock stands still or jumps back. The device id breaks ties, so two
    phones never produce equal stamps.

    Two ways to carry a stamp in other models, both accepting either shape on input:

    * ``hlc: Hlc`` nests the model and dumps ``{"wall_ms": ..., "counter": ..., "device": ...}``.
    * ``hlc: HlcText`` dumps the compact text form, which sorts as text in stamp order; use it
      on the wire and in storage, where one sortable column is what we want.

    Attributes:
        wall_ms: Milliseconds since the epoch on the device's clock, possibly skewed.
        counter: Orders events within the same ``wall_ms``.
        device: The install that made the stamp: printable ASCII, no spaces, at most 128 chars.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    wall_ms: int = Field(ge=0, le=MAX_WALL_MS, strict=True)
    counter: int = Field(ge=0, le=MAX_COUNTER, strict=True)
    device: DeviceId = Field(pattern=rf"^{_DEVICE_PATTERN}$")

    @model_validator(mode="before")
    @classmethod
    def _from_text(cls, data: Any) -> Any:
        # Lets a nested stamp arrive in its text form; ValueError becomes a ValidationError.
        if isinstance(data, str):
            try:
                return Hlc.parse(data).model_dump()
            except BadHlc as exc:
                raise ValueError(exc.message) from exc
        return data

    @classmethod
    def parse(cls, text: str) -> Hlc:
        """Read the text form, accepting only the exact canonical spelling.

        Canonical only (no whitespace, lowercase hex, fixed widths) so that text equality is stamp
        equality and text order is stamp order.

        Args:
            text: A string made by ``encode()``.

        Returns:
            The stamp.

        Raises:
            BadHlc: The text does not have the canonical shape (which also rules out negative
                and too-large numbers).
        """
        match = _TEXT.fullmatch(text)
        if match is None:
            raise BadHlc(f"not a clock stamp: {text!r}; expected {_TEXT_SHAPE}", text=text)
        wall, counter, device = match.groups()
        return cls(wall_ms=int(wall), counter=int(counter, 16), device=DeviceId(device))

    def encode(self) -> str:
        """The compact text form, which sorts as text exactly as the stamps sort."""
        return f"{self.wall_ms:013d}-{self.counter:04x}-{self.device}"

    def __str__(self) -> str:
        return self.encode()

    def __lt__(self, other: object) -> bool:
        if not isinstance(other, Hlc):
            return NotImplemented
        return _key(self) < _key(other)


HlcText = Annotated[Hlc, PlainSerializer(Hlc.encode, return_type=str)]
"""A stamp that validates from the model or the text form and always dumps the text form."""


def tick(last: Hlc | None, now_ms: int, device: DeviceId) -> Hlc:
    """Stamp a local event (or a message about to be sent).

    The result is strictly greater than ``last`` whatever the clock says, so a clock that was
    set back does not reorder this device's own history; it only runs the counter.

    Args:
        last: The greatest stamp this device has made or seen, or None on a fresh install.
        now_ms: The device clock now; skew is kept, never rejected.
        device: This install.

    Returns:
        The new stamp, to be saved as ``last`` together with the event.

    Raises:
        BadHlc: ``now_ms`` or ``device`` cannot be written in the text form, or the stamps ran
            out at the year 2286.
    """
    return _after([last] if last is not None else [], now_ms, device)


def receive(
    last: Hlc | None, remote: Hlc, now_ms: int, device: DeviceId, *, judge_ms: int | None = None
) -> Hlc:
    """Merge a stamp seen from another device, so what we do next sorts after what we saw.

    Total: no remote stamp can make it raise, so a hostile stamp never stops a phone. A remote
    stamp up to ``MAX_AHEAD_MS`` ahead of ``judge_ms`` is adopted as it is (a phone clock a day
    ahead is honest skew); one further ahead is not followed (the event itself is kept, only its
    clock is ignored), since following it would push every later stamp of this device past what
    the server accepts, or past the text form.

    Args:
        last: The greatest stamp this device has made or seen, or None on a fresh install.
        remote: The stamp on the received event.
        now_ms: The device clock now; a reading the text form cannot hold is clamped into it.
        device: This install.
        judge_ms: The clock that judges how far ahead ``remote`` is: the server's, when the
            device knows it; otherwise the later of ``now_ms`` and ``last``.

    Returns:
        A stamp strictly greater than ``last`` and, when adopted, ``remote``; to be saved as
        ``last``. Should ``last`` be the very last stamp the text form holds (year 2286), it is
        returned unchanged.
    """
    now_ms = min(max(now_ms, 0), MAX_WALL_MS)
    if judge_ms is None:
        judge_ms = max(now_ms, last.wall_ms if last is not None else 0)
    seen = [] if last is None else [last]
    if remote.wall_ms - judge_ms <= MAX_AHEAD_MS:
        seen.append(remote)
    try:
        return _after(seen, now_ms, device)
    except BadHlc:
        if not seen:  # only this install's own id can be at fault
            raise
        return max(seen)


def _key(stamp: Hlc) -> tuple[int, int, str]:
    return (stamp.wall_ms, stamp.counter, stamp.device)


def _after(seen: list[Hlc], now_ms: int, device: DeviceId) -> Hlc:
    """The least-surprising stamp above every ``seen`` one, following the physical clock if ahead.

    When the counter would pass ``MAX_COUNTER`` (65 536 events in one millisecond, or a clock
    stuck far behind), wall time moves on by 1 ms and the counter restarts at 0: the stamp
    stays strictly greater, always parses, and merely runs a little ahead of the physical clock.
    Only past ``MAX_WALL_MS`` (the year 2286) is there no stamp left; with every adopted stamp
    at most ``MAX_AHEAD_MS`` ahead, no honest clock gets there.
    """
    if not 0 <= now_ms <= MAX_WALL_MS:
        raise BadHlc(f"clock reading {now_ms} ms is outside 0..{MAX_WALL_MS}", now_ms=now_ms)
    wall = max([now_ms, *(stamp.wall_ms for stamp in seen)])
    counters = [stamp.counter for stamp in seen if stamp.wall_ms == wall]
    counter = max(counters) + 1 if counters else 0
    if counter > MAX_COUNTER:
        wall, counter = wall + 1, 0
    try:
        return Hlc(wall_ms=wall, counter=counter, device=device)
    except ValidationError as exc:
        raise BadHlc(
            f"cannot stamp wall_ms={wall} counter={counter} device={device!r}",
            wall_ms=wall,
            counter=counter,
            device=device,
        ) from exc
