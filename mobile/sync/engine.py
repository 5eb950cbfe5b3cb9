"""One sync round (docs/sync-protocol.md): photos, push, pull, reference, library, clean-up.

Photos go first so that an event never reaches other phones before the photo it shows. Each
step is safe to cut at any point: pushes are idempotent by event id (a resend is a
``duplicate``), the cursor moves only after a page is durable, uploads resume at the server's
offset. The round stops at the first ``Offline`` or ``SignInRequired`` and the loop decides
when to try again.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from typing import Any

from pydantic import ValidationError

from mobile import reference
from mobile.local_record import LocalRecord, PhotoOwner, wall_clock_ms
from mobile.notice_numbers import keep_numbers
from mobile.standards_copy import confirm_copy, keep_copy, kept_tag
from mobile.store import STORED_ON_SERVER, PhotoFiles, Settled
from mobile.sync.api import SyncApi
from mobile.sync.errors import PhotoRefused, ServerRefused, SignInRequired
from mobile.sync.progress import Progress, ProgressCallback, Stage, SyncReport, ignore_progress
from mobile.sync.session import SessionKeeper
from mobile.sync.uploads import PhotoUploader
from shared.events import Event
from shared.ids import EventId
from shared.protocol import MAX_BATCH, PullPage, PushStatus
from shared.roles import Actor, Role
from shared.standards import StandardsLibrary

__all__ = ["SyncEngine"]

PULL_PAGE = 500
REFUSED = frozenset({PushStatus.REJECTED, PushStatus.ID_CONFLICT})
REFERENCE_MAX_AGE_MS = 6 * 3600 * 1000
REFERENCE_MAX_PAGES = 1000
DEFINITIONS = frozenset({"card.defined", "workshop.defined", "post.located"})
"""Events that change the reference data: pulling one reads it again at once."""
"""A bound on one refresh's pages (5,000 rows each), should a server keep saying has_more."""
"""Reference data (posts, cards, QR keys) changes rarely: fetched again after six hours."""


class SyncEngine:
    """Runs sync rounds for the signed-in user.

    Args:
        api: The server API over the injected ``httpx.Client``.
        session: The signed-in session (refreshed as needed).
        record: The phone's local record.
        photos: The photo files on the phone.
        progress: Told the events and photo bytes done, from the sync thread.
        clock: Epoch milliseconds, for the age of reference data.
    """

    def __init__(
        self,
        api: SyncApi,
        session: SessionKeeper,
        record: LocalRecord,
        photos: PhotoFiles,
        *,
        progress: ProgressCallback = ignore_progress,
        clock: Callable[[], int] = wall_clock_ms,
    ) -> None:
        self.api = api
        self.session = session
        self.record = record
        self.photos = photos
        self.progress = progress
        self.clock = clock
        self.uploader = PhotoUploader(api, session, photos, progress=progress)

    def sync_once(self, *, refresh_reference: bool = False) -> SyncReport:
        """One full round; returns what it did.

        Raises:
            Offline: The server could not be reached; what was done so far is kept.
            SignInRequired: There is no valid session; nothing more can be done until sign-in.
            ServerRefused: The server refused a request it should have accepted.
        """
        current = self.session.current()
        if current is None:
            raise SignInRequired("sign in first")
        report = SyncReport()
        verified = self._upload_photos(current.actor, report)
        self._push(current.actor, report)
        if current.actor.role is not Role.REGULATOR:  # their screens read server aggregates
            self._pull(report)
        # A card defined on a manager's phone reaches the reference data through the server.
        self._refresh_reference(report, force=refresh_reference or report.cards_defined > 0)
        self._refresh_library(report)
        self._delete_sent_photos(verified, report)
        return report

    def _upload_photos(self, actor: Actor, report: SyncReport) -> set[str]:
        verified: set[str] = set()
        for sha in self.photos.stored():
            owners = [
                o
                for o in self.record.photo_owners(sha)
                if o.user_id == actor.user_id and o.status not in REFUSED
            ]
            if not owners:
                # A draft, another user's photo (theirs to send under their sign-in), or one
                # only refused events show: the server keeps no record that needs it.
                continue
            try:
                sent = self.uploader.ensure_verified(owners[0].tenant, sha)
            except PhotoRefused as exc:
                report.photos_refused[sha] = exc.code
                continue
            if sent is None:
                continue
            verified.add(sha)
            if sent:
                report.photos_sent += 1
            else:
                report.photos_skipped += 1
        return verified

    def _push(self, actor: Actor, report: SyncReport) -> None:
        # Each user's events go under their own sign-in: the server refuses anyone else's.
        mine = [e for e in self.record.pending() if e.actor.user_id == actor.user_id]
        # Each under the device id it was made under (a shared phone's users have their own).
        by_device: dict[str, list[Event]] = {}
        for event in mine:
            by_device.setdefault(event.device_id, []).append(event)
        counts: Counter[str] = Counter(report.pushed)
        done = 0
        for events in by_device.values():
            for start in range(0, len(events), MAX_BATCH):
                batch = events[start : start + MAX_BATCH]
                settled = self._push_batch(batch)
                self.record.settle(settled)
                counts.update(answer.status.value for answer in settled)
                done += len(batch)
                self.progress(Progress(Stage.PUSH, done, len(mine)))
        report.pushed = dict(counts)

    def _push_batch(self, batch: list[Event]) -> list[Settled]:
        device_id = batch[0].device_id
        wire = [event.model_dump(mode="json") for event in batch]
        answer = self.session.call(lambda token: self.api.push(token, device_id, wire))
        sent = {event.event_id for event in batch}
        if len(answer.results) != len(batch) or {r.event_id for r in answer.results} != sent:
            raise ServerRefused(200, "protocol", "push results do not match the batch", {})
        return [
            Settled(EventId(r.event_id), r.status, r.server_seq, r.code, r.reason)
            for r in answer.results
        ]

    def _pull(self, report: SyncReport) -> None:
        while True:
            cursor = self.record.store.cursor()
            page = self._pull_page(cursor)
            # Before the page's events: once the cursor passes them, their numbers come no more.
            keep_numbers(self.record.store, page.notice_numbers)
            report.pulled += self.record.absorb(
                page.events, page.next_cursor, server_ms=self.api.server_clock_ms
            )
            report.cards_defined += sum(1 for e in page.events if e.get("type") in DEFINITIONS)
            self.progress(Progress(Stage.PULL, report.pulled, None))
            if not page.has_more or page.next_cursor <= cursor:
                return

    def _pull_page(self, cursor: int) -> PullPage:
        return self.session.call(lambda token: self.api.pull(token, cursor, PULL_PAGE))

    def _refresh_reference(self, report: SyncReport, *, force: bool) -> None:
        fetched = reference.fetched_at_ms(self.record.store)
        now = self.clock()
        if not force and fetched is not None and now - fetched < REFERENCE_MAX_AGE_MS:
            return
        cursor = reference.cursor_of(self.record.store)
        whole: dict[str, Any] | None = None  # a full answer being gathered over its pages
        for _ in range(REFERENCE_MAX_PAGES):
            body = self._reference_page(cursor)
            if body.get("full", True):
                whole = {}
            if whole is not None:
                reference.gather(whole, body)
            else:
                reference.apply_delta(self.record.store, body, now)
            cursor = body.get("cursor")
            if not body.get("has_more") or not cursor:
                break
        if whole is not None:
            reference.save_reference(self.record.store, whole, now)
        reference.keep_cursor(self.record.store, cursor, now)
        report.reference_updated = True

    def _refresh_library(self, report: SyncReport) -> None:
        """The standards library, downloaded only when its tag changed (issue 21).

        So 标准库, 建岗位卡 and 建风险清单 work offline on any phone that synced once.
        """
        store = self.record.store
        tag = kept_tag(store)
        answer = self.session.call(lambda token: self.api.standards(token, tag))
        now = self.clock()
        if answer is None:
            confirm_copy(store, now)
            return
        body, etag = answer
        try:
            library = StandardsLibrary.model_validate(body)
        except ValidationError:
            return  # a newer schema than this build reads: keep the old copy, sync on
        keep_copy(store, library, now, etag)
        report.library_updated = True

    def _reference_page(self, cursor: str | None) -> dict[str, Any]:
        return self.session.call(lambda token: self.api.reference(token, cursor))

    def _delete_sent_photos(self, verified: set[str], report: SyncReport) -> None:
        """Delete a photo only once verified and every event using it is in the record."""
        for sha in sorted(verified):
            owners = self.record.photo_owners(sha)
            if owners and all(_in_record(owner) for owner in owners):
                self.photos.drop(sha)
                report.photos_deleted += 1


def _in_record(owner: PhotoOwner) -> bool:
    return owner.status in STORED_ON_SERVER
