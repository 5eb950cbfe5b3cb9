"""The gallery through Flet's FilePicker and the camera through flet-camera, when installed."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from types import SimpleNamespace
from typing import Any

import pytest

from mobile.ui import photo_source
from mobile.ui.photo_source import FletPhotoSource


@dataclass
class Picked:
    bytes: bytes | None = None
    path: str | None = None


class Picker:
    def __init__(self, files: list[Picked] | None) -> None:
        self.files = files

    async def pick_files(self, **options):
        assert options["with_data"] and options["allow_multiple"]
        return self.files


class Camera:
    def __init__(self, cameras: list[Any], fail: bool = False, **control: Any) -> None:
        self.cameras, self.fail = cameras, fail
        self.on_stream_image = control.get("on_stream_image")
        self.initialized: Any = None

    async def get_available_cameras(self):
        return self.cameras

    async def initialize(self, description, preset, enable_audio):
        if self.fail:
            raise RuntimeError("NotAllowedError")
        self.initialized = (description, enable_audio)

    async def take_picture(self):
        return b"\xff\xd8jpeg"

    streams = True
    streaming = False
    flash: Any = None

    async def supports_image_streaming(self):
        return self.streams

    async def start_image_stream(self):
        self.streaming = True

    async def stop_image_stream(self):
        self.streaming = False

    async def set_flash_mode(self, mode):
        if self.fail:
            raise RuntimeError("no flash")
        self.flash = mode


def picker(files: list[Picked] | None) -> Any:
    return Picker(files)


def fake_module(cameras: list[Any], fail: bool = False) -> Any:
    return SimpleNamespace(
        Camera=lambda **kw: Camera(cameras, fail, **kw),
        ResolutionPreset=SimpleNamespace(HIGH="high"),
        FlashMode=SimpleNamespace(TORCH="torch", OFF="off"),
    )


def test_picked_files_come_as_bytes_in_a_browser_and_from_their_path_on_a_phone(tmp_path):
    (tmp_path / "a.jpg").write_bytes(b"from disk")
    source = FletPhotoSource(picker([Picked(bytes=b"web"), Picked(path=str(tmp_path / "a.jpg"))]))
    assert asyncio.run(source.pick()) == [b"web", b"from disk"]
    assert asyncio.run(FletPhotoSource(picker(None)).pick()) == []


def test_the_back_camera_is_opened_without_audio_and_takes_a_picture(monkeypatch):
    front = SimpleNamespace(lens_direction=SimpleNamespace(value="front"))
    back = SimpleNamespace(lens_direction=SimpleNamespace(value="back"))
    monkeypatch.setattr(photo_source, "camera_module", lambda: fake_module([front, back]))
    source = FletPhotoSource(picker([]))
    assert source.has_camera
    assert asyncio.run(source.capture()) is None  # nothing on screen yet
    preview: Any = source.preview()
    assert asyncio.run(source.start())
    assert preview.initialized == (back, False)
    assert asyncio.run(source.capture()) == b"\xff\xd8jpeg"


@pytest.mark.parametrize(("cameras", "fail"), [([], False), ([object()], True)])
def test_no_camera_or_no_permission_means_no_preview_running(monkeypatch, cameras, fail):
    monkeypatch.setattr(photo_source, "camera_module", lambda: fake_module(cameras, fail))
    source = FletPhotoSource(picker([]))
    source.preview()
    assert not asyncio.run(source.start())
    assert asyncio.run(source.capture()) is None


def test_without_flet_camera_installed_there_is_no_camera(monkeypatch):
    monkeypatch.setattr(photo_source, "camera_module", lambda: None)
    source = FletPhotoSource(picker([]))
    assert not source.has_camera and source.preview() is None
    assert not asyncio.run(source.start())


def test_a_picker_that_never_answers_gives_no_pictures_instead_of_an_error():
    class Silent:
        async def pick_files(self, **_: Any) -> Any:
            raise TimeoutError("Timeout waiting for invoke method listener")

    assert asyncio.run(FletPhotoSource(Silent()).pick()) == []  # type: ignore[arg-type]


def test_the_picker_keeps_enough_references_to_stay_registered_with_the_page():
    import sys

    picker = Picker([])
    source = FletPhotoSource(picker)  # type: ignore[arg-type]
    registry = [picker]
    del picker
    # Flet keeps a service while getrefcount (inside its list comprehension) exceeds 4.
    assert next(sys.getrefcount(service) for service in registry) > 4
    assert source.picker is registry[0]  # type: ignore[comparison-overlap]


def running_source(monkeypatch, **camera: Any) -> tuple[FletPhotoSource, Any]:
    back = SimpleNamespace(lens_direction=SimpleNamespace(value="back"))
    monkeypatch.setattr(photo_source, "camera_module", lambda: fake_module([back]))
    source = FletPhotoSource(picker([]))
    preview: Any = source.preview()
    for name, value in camera.items():
        setattr(preview, name, value)
    assert asyncio.run(source.start())
    return source, preview


def test_the_running_camera_streams_its_newest_frame_and_stops_when_told(monkeypatch):
    source, camera = running_source(monkeypatch)

    async def run() -> list[bytes | None]:
        stream = await source.stream()
        assert stream is not None and camera.streaming
        for frame in (b"old", b"new"):
            await camera.on_stream_image(SimpleNamespace(bytes=frame))
        first = await stream.next_frame()
        await stream.stop()
        return [first, await stream.next_frame()]

    assert asyncio.run(run()) == [b"new", None]
    assert not camera.streaming


def test_a_camera_that_cannot_stream_gives_no_stream_as_in_a_browser(monkeypatch):
    source, _ = running_source(monkeypatch, streams=False)
    assert asyncio.run(source.stream()) is None


def test_a_new_preview_ends_the_stream_of_the_one_it_replaces(monkeypatch):
    source, _ = running_source(monkeypatch)

    async def run() -> bytes | None:
        stream = await source.stream()
        assert stream is not None
        source.preview()
        return await stream.next_frame()

    assert asyncio.run(run()) is None


def test_the_torch_is_the_cameras_flash_in_torch_mode(monkeypatch):
    source, camera = running_source(monkeypatch)
    assert asyncio.run(source.torch(True)) and camera.flash == "torch"
    assert asyncio.run(source.torch(False)) and camera.flash == "off"


def test_without_a_running_camera_or_a_flash_there_is_no_torch(monkeypatch):
    monkeypatch.setattr(photo_source, "camera_module", lambda: fake_module([]))
    assert not asyncio.run(FletPhotoSource(picker([])).torch(True))
    source, camera = running_source(monkeypatch)
    camera.fail = True
    assert not asyncio.run(source.torch(True))
