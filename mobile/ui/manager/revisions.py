"""标准修订: on 本企业, the card items whose standard the library has revised, to take or keep.

Shown only while some wait. Each says which standard, from which version to which, and what
changed (before → after); the manager takes the new text or keeps the card as it is, and the
answer is saved as a new definition of the post's card.
"""

from __future__ import annotations

from collections.abc import Callable

import flet as ft

from mobile.services.catalog import PostCard
from mobile.services.revisions import answer_revisions, pending_revisions
from mobile.services.standards import kept_library
from mobile.ui.chrome import muted, section
from mobile.ui.context import Ui
from mobile.ui.theme import BODY
from shared.errors import InvalidInput, NotPermitted
from shared.revisions import Revision
from shared.standards import StandardsLibrary

__all__ = ["revision_section"]


def revision_section(ui: Ui) -> list[ft.Control]:
    """The section's controls, or nothing when no revision waits (or no library is kept)."""
    library = kept_library(ui.phone.store)
    if library is None:
        return []
    waiting = pending_revisions(ui.phone.record, ui.actor(), library)
    if not waiting:
        return []
    body: list[ft.Control] = [section(ui.t("revisions.title", count=len(waiting)))]
    for post, revision in waiting:
        body.extend(_revision(ui, library, post, revision))
    return body


def _revision(
    ui: Ui, library: StandardsLibrary, post: PostCard, revision: Revision
) -> list[ft.Control]:
    key = f"{revision.card_id}-{revision.item_id}"
    heading = ui.t(
        "revisions.item",
        place=post.place,
        code=revision.standard,
        title=revision.title,
        old=revision.from_version,
        new=revision.to_version,
    )
    lines: list[ft.Control] = [ft.Text(heading, size=BODY, key=f"revision-{key}")]
    lines.extend(
        muted(ui.t("revisions.change", name=c.name, before=c.before, after=c.after))
        for c in revision.changes
    )
    lines.append(
        ft.Row(
            [
                ft.FilledButton(
                    content=ui.t("revisions.take"),
                    on_click=_answer(ui, library, post, revision, take=True),
                    key=f"revision-take-{key}",
                ),
                ft.OutlinedButton(
                    content=ui.t("revisions.keep"),
                    on_click=_answer(ui, library, post, revision, take=False),
                    key=f"revision-keep-{key}",
                ),
            ],
            wrap=True,
        )
    )
    return lines


def _answer(
    ui: Ui, library: StandardsLibrary, post: PostCard, revision: Revision, *, take: bool
) -> Callable[[], None]:
    def answer() -> None:
        try:
            answer_revisions(
                ui.phone.record, ui.actor(), post, library, [revision.item_id], take=take
            )
        except (InvalidInput, NotPermitted, ValueError):
            ui.toast(ui.t("revisions.refused"))
            return
        ui.toast(ui.t("revisions.taken" if take else "revisions.kept", code=revision.standard))
        ui.refresh()

    return answer
