"""A small fake of ``ft.Page`` and of the photo sources: views are built and driven in plain pytest.

Handlers are called the way Flet calls them: with no argument or with an event, sync or async.
"""

from __future__ import annotations

import asyncio
import inspect
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import flet as ft

from mobile.live_scan import ListFrames
from mobile.ui.tree import find, walk


class FakePage:
    """What ``PhoneApp`` uses of a page: views, dialogs, update, run_task."""

    def __init__(self, route: str = "/") -> None:
        self.route = route
        self.views: list[ft.View] = []
        self.dialogs: list[Any] = []
        self.tasks: list[Callable[[], Any]] = []
        self.updates = 0
        self.on_view_pop: Callable[..., Any] | None = None
        self.locale_configuration: ft.LocaleConfiguration | None = None

    def update(self, *_: Any) -> None:
        self.updates += 1
        closed = [d for d in self.dialogs if getattr(d, "open", True) is False]
        for dialog in closed:  # as Flutter does: a closed dialog goes, then says it is gone
            self.dialogs.remove(dialog)
            fire(getattr(dialog, "on_dismiss", None) or (lambda: None))

    def show_dialog(self, dialog: ft.DialogControl) -> None:
        dialog.open = True
        self.dialogs.append(dialog)

    def pop_dialog(self) -> ft.DialogControl | None:
        """The topmost open dialog, closed (as Flet does, a snack bar included)."""
        dialog = next((d for d in reversed(self.dialogs) if d.open), None)
        if dialog is not None:
            dialog.open = False
            self.update()
        return dialog

    def run_task(self, handler: Callable[..., Any], *args: Any) -> None:
        self.tasks.append(lambda: handler(*args))

    def run_tasks(self) -> None:
        """Run the coroutines the app scheduled (camera starts), in order."""
        while self.tasks:
            asyncio.run(self.tasks.pop(0)())

    @property
    def view(self) -> ft.View:
        return self.views[-1]

    def snacks(self) -> list[str]:
        return [text_of(d.content) for d in self.dialogs if isinstance(d, ft.SnackBar)]


@dataclass
class FakePhotos:
    """Pictures from a queue; a camera that works unless told otherwise, streaming ``streamed``."""

    picked: list[bytes] = field(default_factory=list)
    captured: bytes | None = None
    has_camera: bool = True
    camera_works: bool = True
    started: int = 0
    streamed: list[bytes] | None = None
    stream_made: ListFrames | None = None
    has_torch: bool = True
    torch_on: bool = False
    sheet: tuple[str, bytes] | None = None

    async def pick_sheet(self) -> tuple[str, bytes] | None:
        found, self.sheet = self.sheet, None
        return found

    async def pick(self) -> list[bytes]:
        found, self.picked = self.picked, []
        return found

    def preview(self) -> ft.Control | None:
        return ft.Container(key="fake-preview") if self.has_camera else None

    async def start(self) -> bool:
        self.started += 1
        return self.camera_works

    async def capture(self) -> bytes | None:
        return self.captured if self.camera_works else None

    async def stream(self) -> ListFrames | None:
        """The frames to stream, from a list; None as in a browser (no frame stream)."""
        if self.streamed is None or not self.camera_works:
            return None
        self.stream_made = ListFrames(self.streamed)
        return self.stream_made

    async def torch(self, on: bool) -> bool:
        if not self.has_torch:
            return False
        self.torch_on = on
        return True


def text_of(control: Any) -> str:
    """The words shown by a control and everything in it, joined by spaces."""
    if control is None:
        return ""
    if isinstance(control, str):
        return control
    words = []
    for each in walk(control):
        for name in ("value", "content", "label", "text", "title", "tooltip"):
            value = getattr(each, name, None)
            if isinstance(value, str) and value:
                words.append(value)
    return " ".join(words)


def control(page: FakePage, key: str) -> Any:
    """The control with ``key`` on the current screen (fails the test when missing)."""
    found = find(page.view, key)
    assert found is not None, f"no control with key {key!r} on {page.view.route}"
    return found


def has(page: FakePage, key: str) -> bool:
    return find(page.view, key) is not None


def fire(handler: Callable[..., Any] | None, event: Any = None) -> None:
    """Call a handler as Flet would: with an event if it takes one, awaiting a coroutine."""
    assert handler is not None, "no handler"
    takes = len(inspect.signature(handler).parameters)
    result = handler(event) if takes else handler()
    if inspect.iscoroutine(result):
        asyncio.run(result)


def click(page: FakePage, key: str) -> None:
    """Tap the control with ``key``."""
    target = control(page, key)
    assert not getattr(target, "disabled", False), f"{key} is disabled"
    fire(target.on_click)


def type_into(page: FakePage, key: str, text: str) -> None:
    """Type into a text field: its value changes, then its change handler runs."""
    field_ = control(page, key)
    field_.value = text
    if field_.on_change is not None:
        fire(field_.on_change)


def pick(page: FakePage, key: str, option: str) -> None:
    """Choose an option of a menu by its key: its value changes, then its select handler runs."""
    menu = control(page, key)
    keys = [each.key for each in menu.options]
    assert option in keys, f"{option!r} is not offered by {key}: {keys}"
    menu.value = option
    if menu.on_select is not None:
        fire(menu.on_select)


def screen_text(page: FakePage) -> str:
    return text_of(page.view)
