"""Driving the phone app's page in Chromium: taps, typing, file choosing and screenshots.

Flutter's web renderer draws on a canvas; Playwright reaches the app through its accessibility
tree, which ``open_phone`` switches on. Every step waits on what the screen shows, at most
``WAIT_MS``.
"""

from __future__ import annotations

import contextlib
import time
from pathlib import Path
from typing import Any

from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import TimeoutError as PlaywrightTimeout
from playwright.sync_api import expect

WAIT_MS = 20_000
"""Per step: generous for a busy 2-core machine; a healthy step takes well under a second."""

PHOTO_WAIT_MS = 60_000
"""A picked photo travels through the socket, is decoded (a QR) or resized and stored (evidence)
in Python: a second idle, and past 20 s at load 15 (a story failed on it once, 照片 0)."""

NEXT_FRAMES = """() => new Promise(done => {
    let frames = 6;
    const next = () => (--frames ? requestAnimationFrame(next) : done());
    requestAnimationFrame(next);
})"""
"""Resolves after a few painted frames: the accessibility tree is ahead of the canvas, which
Flutter's web renderer paints from a worker."""


def shot(page: Any, folder: Path, name: str) -> None:
    """Photograph the screen into ``folder`` once nothing is loading (fonts included), painted."""
    page.wait_for_load_state("networkidle")
    page.evaluate(NEXT_FRAMES)
    folder.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=folder / f"{name}.png")


def keep_failure(page: Any, folder: Path) -> None:
    """The screen and its accessibility tree when a step failed, for whoever reads the CI log.

    The e2e fixtures call it for every failed story (tests/mobile/e2e/conftest.py); the
    server's and the app's logs are kept beside it.
    """
    folder.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=folder / "failure.png")
    tree = page.evaluate("() => document.querySelector('flt-semantics-host')?.outerHTML || ''")
    (folder / "failure-semantics.html").write_text(tree, encoding="utf-8")


def type_into(page: Any, label: str, text: str, attempts: int = 3) -> None:
    """Tap a field, then type, until the field holds the text.

    Flutter takes text only into a field it has focused, and on a busy machine the focus can
    come after the typing: the text then goes nowhere and the form is sent empty. So the
    field is focused first, and after a few frames it must still hold the text (Flutter
    writes back what it took), else the tap and the typing are done again.
    """
    box = page.get_by_role("textbox", name=label)
    for attempt in range(1, attempts + 1):
        box.click()
        expect(box).to_be_focused()
        box.fill(text)
        page.evaluate(NEXT_FRAMES)
        try:
            expect(box).to_have_value(text, timeout=WAIT_MS // (2 * attempts))
            return
        except AssertionError:
            if attempt == attempts:
                raise


def tap(target: Any, shows: Any, attempts: int = 3) -> None:
    """Tap, then wait for what the tap shows; tap again only if the screen shows it did not land.

    A tap can be lost while Flutter replaces the tree under the pointer (on a busy machine the
    accessibility tree runs ahead of the canvas). Before tapping again the screen is looked at
    once more: a slow first tap that landed meanwhile is not doubled, and a target that is gone
    (the screen moved on) is not waited for. ``shows`` must name one thing: an ambiguous
    locator fails at once, since no number of taps would make it unique.
    """
    per_try = WAIT_MS // attempts
    for attempt in range(1, attempts + 1):
        if attempt > 1 and _showing(shows):
            return
        with contextlib.suppress(PlaywrightTimeout):
            target.click(timeout=per_try)
        try:
            expect(shows).to_be_visible(timeout=per_try)
            return
        except AssertionError as failed:
            if attempt == attempts or "strict mode violation" in str(failed):
                raise


def _showing(shows: Any) -> bool:
    try:
        return bool(shows.is_visible())
    except PlaywrightError:  # several matches: let the next expect say so
        return False


def pick(page: Any, button: str, picture: Path, shows: Any, attempts: int = 3) -> None:
    """Choose ``picture`` in the file chooser the button opens, and wait until ``shows`` does.

    A tap that opened no chooser (lost while the screen redrew) is tapped again: it changed
    nothing. Once a chooser opened it is answered, never again: a second pick would add a
    second photo.
    """
    for attempt in range(attempts):
        try:
            with page.expect_file_chooser(timeout=WAIT_MS // attempts) as chooser:
                page.get_by_role("button", name=button, exact=True).click()
            break
        except PlaywrightTimeout:
            if attempt == attempts - 1:
                raise
    chooser.value.set_files(str(picture))
    expect(shows).to_be_visible(timeout=PHOTO_WAIT_MS)


def expect_clear_of(target: Any, cover: Any, timeout_ms: int = WAIT_MS) -> None:
    """Wait until ``target`` sits wholly above ``cover`` (a footer pinned over the body).

    A control the body scrolled under the footer is still in the viewport and in the
    accessibility tree, and a click there lands on the footer: Flutter paints one canvas, so
    Playwright cannot see what covers what. The app scrolls the control up (a refused submit);
    this waits, looking once per painted frames, until it has.
    """
    deadline = time.monotonic() + timeout_ms / 1000
    while True:
        box, over = target.bounding_box(), cover.bounding_box()
        if box and over and box["y"] + box["height"] <= over["y"]:
            return
        if time.monotonic() > deadline:
            raise AssertionError(f"{target} stays under {cover}: {box} vs {over}")
        page = target.page
        page.evaluate(NEXT_FRAMES)
