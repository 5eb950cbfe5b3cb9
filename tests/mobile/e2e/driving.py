"""Driving the phone app's page in Chromium: taps, typing, file choosing and screenshots.

Flutter's web renderer draws on a canvas; Playwright reaches the app through its accessibility
tree, which ``open_phone`` switches on. Every step waits on what the screen shows, at most
``WAIT_MS``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from playwright.sync_api import expect

WAIT_MS = 20_000
"""Per step: generous for a busy 2-core machine; a healthy step takes well under a second."""

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
    """The screen and its accessibility tree when a step failed, for whoever reads the CI log."""
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
    """Tap to move to another screen, waiting for what it shows; tap again if the tap was lost.

    Only for navigation: a tap can land while Flutter replaces the tree under the pointer.
    Actions that save something are tapped once.
    """
    for attempt in range(1, attempts + 1):
        target.click()
        try:
            expect(shows).to_be_visible(timeout=WAIT_MS // attempts)
            return
        except AssertionError:
            if attempt == attempts:
                raise


def pick(page: Any, button: str, picture: Path) -> None:
    """Choose ``picture`` in the file chooser the button opens."""
    with page.expect_file_chooser() as chooser:
        page.get_by_role("button", name=button, exact=True).click()
    chooser.value.set_files(str(picture))
