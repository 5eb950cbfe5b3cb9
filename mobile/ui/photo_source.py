"""Pictures from the gallery (Flet's FilePicker) and from the camera (flet-camera, when present).

In web mode the picker returns the file's bytes (``with_data=True``); on a phone it returns
a path. The camera is ``flet_camera.Camera``: a preview control and ``take_picture()`` returning
JPEG bytes, on Android, iOS and the web. On a phone it also streams its preview frames
(``start_image_stream``, each frame a JPEG in an ``on_stream_image`` event) for live scanning,
and switches the torch (``FlashMode.TORCH``); the web client streams nothing, so a browser
keeps the capture button and the gallery. flet-camera is looked up by name, so a build without
it still runs: the screens then offer the gallery and the manual code only.
"""

from __future__ import annotations

import importlib
import logging
from pathlib import Path
from typing import Any, Protocol

import flet as ft

from mobile.live_scan import FrameStream, LatestFrame

__all__ = ["FletPhotoSource", "PhotoSource", "camera_module"]

log = logging.getLogger(__name__)


class PhotoSource(Protocol):
    """Where pictures come from; a fake in view tests."""

    @property
    def has_camera(self) -> bool:
        """Whether a camera control can be offered at all."""
        ...

    async def pick(self) -> list[bytes]:
        """Pictures the user picks from the gallery (none if cancelled)."""
        ...

    async def pick_sheet(self) -> tuple[str, bytes] | None:
        """A spreadsheet the user picks (.xlsx or .csv, an admin's import): name and bytes."""
        ...

    def preview(self) -> ft.Control | None:
        """A new camera preview to put on screen, or None without a camera."""
        ...

    async def start(self) -> bool:
        """Start the preview last made; False when no camera could be opened."""
        ...

    async def capture(self) -> bytes | None:
        """A JPEG from the running preview, or None when it is not running."""
        ...

    async def stream(self) -> FrameStream | None:
        """The running preview's frames, or None where the camera cannot stream (the web)."""
        ...

    async def torch(self, on: bool) -> bool:
        """Switch the torch on or off; False where the camera has none."""
        ...


def camera_module() -> Any | None:
    """``flet_camera`` if installed (Flet's web client has its Dart side built in)."""
    try:
        return importlib.import_module("flet_camera")
    except ImportError:
        return None


class FletPhotoSource:
    """The real sources: a FilePicker service and a flet-camera preview.

    Args:
        picker: A ``ft.FilePicker`` made inside the page's context (it is a service).
    """

    def __init__(self, picker: ft.FilePicker) -> None:
        self.picker = picker
        # Flet 1.0.5 drops a service from the page after any event once fewer than two
        # references to it remain outside its registry (``ServiceRegistry.unregister_services``
        # counts them); the client then never answers ``pick_files``. Hold a second one.
        self._pinned = (picker,)
        self._camera_module = camera_module()
        self._camera: Any | None = None
        self._running = False
        self._frames: LatestFrame | None = None

    @property
    def has_camera(self) -> bool:
        """Whether flet-camera is installed."""
        return self._camera_module is not None

    async def pick(self) -> list[bytes]:
        """Pick images; bytes in web mode, read from their paths on a phone; none on failure."""
        try:
            files = await self.picker.pick_files(
                file_type=ft.FilePickerFileType.IMAGE, allow_multiple=True, with_data=True
            )
        except Exception:  # the client did not answer: the worker taps again, the app lives on
            log.warning("the file picker failed", exc_info=True)
            return []
        found = []
        for file in files or []:
            if file.bytes is not None:
                found.append(file.bytes)
            elif file.path:
                found.append(Path(file.path).read_bytes())
            else:  # nothing readable came: refused as no photo, never dropped without a word
                found.append(b"")
        return found

    async def pick_sheet(self) -> tuple[str, bytes] | None:
        """Pick one .xlsx or .csv; None if cancelled or the client did not answer."""
        try:
            files = await self.picker.pick_files(
                file_type=ft.FilePickerFileType.CUSTOM,
                allowed_extensions=["xlsx", "csv"],
                with_data=True,
            )
        except Exception:  # the client did not answer: the admin taps again
            log.warning("the file picker failed", exc_info=True)
            return None
        if not files:
            return None
        file = files[0]
        data = file.bytes if file.bytes is not None else None
        if data is None and file.path:
            data = Path(file.path).read_bytes()
        return (file.name, data or b"")

    def preview(self) -> ft.Control | None:
        """A new preview control; the previous one is dropped."""
        if self._camera_module is None:
            return None
        if self._frames is not None:  # the old preview's stream ends with it
            self._frames.close()
            self._frames = None
        self._camera = self._camera_module.Camera(
            expand=True, preview_enabled=True, on_stream_image=self._on_frame
        )
        self._running = False
        control: ft.Control = self._camera
        return control

    async def start(self) -> bool:
        """Open the back camera (or the first one) at medium resolution, without audio."""
        camera, module = self._camera, self._camera_module
        if camera is None or module is None:
            return False
        try:
            cameras = await camera.get_available_cameras()
            if not cameras:
                return False
            back = [c for c in cameras if getattr(c.lens_direction, "value", None) == "back"]
            chosen = (back or cameras)[0]
            await camera.initialize(chosen, module.ResolutionPreset.HIGH, enable_audio=False)
        except Exception:  # a browser without a camera or permission: fall back to the gallery
            log.info("camera unavailable", exc_info=True)
            return False
        self._running = True
        return True

    async def capture(self) -> bytes | None:
        """Take a picture with the running preview."""
        if self._camera is None or not self._running:
            return None
        try:
            data = await self._camera.take_picture()
        except Exception:  # the camera went away (permission revoked, app paused)
            log.info("capture failed", exc_info=True)
            return None
        return bytes(data) if data else None

    async def stream(self) -> FrameStream | None:
        """Start the running preview's image stream; None where it cannot (the web client)."""
        camera = self._camera
        if camera is None or not self._running:
            return None
        try:
            if not await camera.supports_image_streaming():
                return None
            frames = LatestFrame(stop=camera.stop_image_stream)
            self._frames = frames
            await camera.start_image_stream()
        except Exception:  # no streaming here, or the camera went away: the button stays
            log.info("camera stream unavailable", exc_info=True)
            self._frames = None
            return None
        return frames

    async def _on_frame(self, event: Any) -> None:
        """A streamed frame, handed to the decode loop's mailbox.

        Set on the control when it is made: Flet sends only the events of handlers the
        control had when it went on the page. Async, so it runs on the page's event loop.
        """
        if self._frames is not None and event.bytes:
            self._frames.offer(bytes(event.bytes))

    async def torch(self, on: bool) -> bool:
        """The torch through the camera's flash mode (TORCH or OFF)."""
        camera, module = self._camera, self._camera_module
        if camera is None or module is None or not self._running:
            return False
        try:
            await camera.set_flash_mode(module.FlashMode.TORCH if on else module.FlashMode.OFF)
        except Exception:  # a camera without a flash, or a browser
            log.info("torch unavailable", exc_info=True)
            return False
        return True
