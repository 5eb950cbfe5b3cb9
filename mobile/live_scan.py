"""Live scanning: decode the camera's preview frames one after another until a code opens.

The camera is behind a small port, ``FrameStream``: the phone's is flet-camera's image stream
(``mobile.ui.photo_source``), the twin ``ListFrames`` plays frames from a list, so the loop is
tested without a camera. Frames come faster than they decode (a camera streams 15–30 a second,
a decode takes 10–150 ms), so the stream keeps only the newest frame (``LatestFrame``): the
loop always reads what the camera sees now, never a queue of stale frames.

A frame with no readable code is skipped without a word; a code that is read but refused
(another enterprise's card, a forged one) is reported once, and the loop goes on: the worker
only has to point the camera at the right card.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Iterable
from typing import Protocol, TypeVar

from mobile.scan import ScanRefused

__all__ = ["SKIPPED", "FrameStream", "LatestFrame", "ListFrames", "scan_frames"]

T = TypeVar("T")

SKIPPED = frozenset({"scan.no_code", "scan.not_image"})
"""Refusals that only mean this frame showed nothing readable: the next frame is tried."""
FRAME_WAIT_S = 5.0
"""A stream that brings no frame for this long has ended (the preview left the screen)."""


class FrameStream(Protocol):
    """Encoded camera frames (JPEG) as the camera takes them."""

    async def next_frame(self) -> bytes | None:
        """The newest frame not yet read, waiting for one; None once the stream has ended."""
        ...

    async def stop(self) -> None:
        """End the stream: the camera stops sending frames."""
        ...


class ListFrames:
    """The in-memory twin of a camera stream: the frames of a list, then the end."""

    def __init__(self, frames: Iterable[bytes]) -> None:
        self._frames = list(frames)
        self.read = 0
        self.stopped = False

    async def next_frame(self) -> bytes | None:
        """The next frame of the list, as fast as the loop reads (no frame is dropped)."""
        if self.stopped or self.read >= len(self._frames):
            return None
        self.read += 1
        return self._frames[self.read - 1]

    async def stop(self) -> None:
        """The list is not read further."""
        self.stopped = True


class LatestFrame:
    """A one-frame mailbox between the camera's frame events and the decode loop.

    ``offer`` is called for every frame the camera sends; a frame not yet taken is replaced
    by the newer one. ``next_frame`` waits for a frame, at most ``wait_s``: a camera whose
    preview left the screen sends nothing more, and the loop must end rather than hang.
    """

    def __init__(self, stop: Callable[[], object] | None = None, wait_s: float = FRAME_WAIT_S):
        self._frame: bytes | None = None
        self._ready = asyncio.Event()
        self._closed = False
        self._stop = stop
        self._wait_s = wait_s
        self.dropped = 0

    def offer(self, frame: bytes) -> None:
        """A frame from the camera; the unread one before it, if any, is dropped."""
        if self._closed:
            return
        self.dropped += self._frame is not None
        self._frame = frame
        self._ready.set()

    async def next_frame(self) -> bytes | None:
        """The newest frame, once one has come; None when stopped or silent too long."""
        if self._closed:
            return None
        try:
            await asyncio.wait_for(self._ready.wait(), self._wait_s)
        except TimeoutError:
            self._closed = True
            return None
        frame, self._frame = self._frame, None
        self._ready.clear()
        return None if self._closed else frame

    def close(self) -> None:
        """No more frames (the preview is gone); a waiting ``next_frame`` returns None."""
        self._closed = True
        self._ready.set()

    async def stop(self) -> None:
        """No more frames; the camera is told to stop streaming (``stop``, if given)."""
        if self._closed:
            return
        self.close()
        if self._stop is not None:
            result = self._stop()
            if asyncio.iscoroutine(result):
                await result


async def scan_frames(
    stream: FrameStream,
    open_code: Callable[[bytes], T],
    on_refused: Callable[[ScanRefused], None],
) -> T | None:
    """What the first frame with an acceptable code opens; None if the stream ends first.

    Args:
        stream: The camera's frames.
        open_code: Reads a frame and opens what its code names (``mobile.services.scanning``);
            it runs in a worker thread, so the screen stays live while a frame decodes.
        on_refused: Told of a code that was read but refused, once until the reason changes.

    The stream is stopped when a code opens.
    """
    shown: str | None = None
    while (frame := await stream.next_frame()) is not None:
        try:
            opened = await asyncio.to_thread(open_code, frame)
        except ScanRefused as refused:
            if refused.code not in SKIPPED and refused.code != shown:
                shown = refused.code
                on_refused(refused)
            continue
        await stream.stop()
        return opened
    return None
