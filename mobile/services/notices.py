"""An issued 整改通知书 on the phone: its hazards, what is synced, and the PDF once it is.

The notice is the ``inspection.recorded`` event and the ``hazard.reported`` events it names,
all saved on the phone first. The PDF is made by the server from what it holds, so it comes
after sync: the phone downloads it into its data folder (``notices/<id>.pdf``) and opens it
through a short-lived signed link (``/v1/documents/notice-link``), which a browser or a
phone's PDF viewer can open without the session's token.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from mobile.local_record import LocalRecord
from mobile.notice_numbers import confirmed_numbers
from mobile.sync.errors import Offline
from mobile.sync.reads import ServerReads
from shared.events import AggregateType, Event, EventType
from shared.hazards import Hazard
from shared.payloads import InspectionRecorded

__all__ = [
    "NoticeHazard",
    "NoticeOnPhone",
    "fetch_notice_pdf",
    "inspections_of",
    "notice_link",
    "notice_on_phone",
]

NOTICE_PDF = "/v1/documents/notice.pdf"
NOTICE_LINK = "/v1/documents/notice-link"


@dataclass(frozen=True)
class NoticeHazard:
    """One hazard the notice filed, as the phone knows it."""

    hazard_id: str
    hazard: Hazard | None
    pending: bool  # its report is still only on this phone (待同步)


@dataclass(frozen=True)
class NoticeOnPhone:
    """An inspection as recorded on the phone."""

    inspection_id: str
    tenant: str
    notice_no: str  # the official number once the server confirmed it, else the provisional one
    at: datetime
    record: InspectionRecorded
    hazards: tuple[NoticeHazard, ...]
    pending: bool  # the inspection itself is not on the server yet
    confirmed: bool = False  # ``notice_no`` is the server's official number

    @property
    def synced(self) -> bool:
        """Everything of the notice is on the server: the PDF can be made."""
        return not self.pending and not any(h.pending for h in self.hazards)


def notice_on_phone(
    record: LocalRecord, inspection_id: str, numbers: Mapping[str, str] | None = None
) -> NoticeOnPhone | None:
    """The inspection with this id, or None when the phone holds no such inspection.

    ``numbers`` are the confirmed numbers (``mobile.notice_numbers``), read here when not given.
    """
    pending = {e.event_id for e in record.pending()}
    event = _inspection_event(record, inspection_id)
    if event is None:
        return None
    parsed: InspectionRecorded = event.parsed()  # type: ignore[assignment]
    numbers = confirmed_numbers(record.store) if numbers is None else numbers
    official = numbers.get(inspection_id)
    pending_hazards = {e.aggregate.id for e in record.pending()}
    hazards = tuple(
        NoticeHazard(h, record.projections.hazard(h), h in pending_hazards)
        for h in parsed.hazard_ids
    )
    return NoticeOnPhone(
        inspection_id=inspection_id,
        tenant=event.tenant,
        notice_no=official or parsed.notice_no or inspection_id,
        confirmed=official is not None,
        at=event.at,
        record=parsed,
        hazards=hazards,
        pending=event.event_id in pending,
    )


def inspections_of(record: LocalRecord, tenant: str) -> list[NoticeOnPhone]:
    """The enterprise's inspections the phone holds (its own and pulled ones), newest first."""
    ids = record.projections.aggregate_ids(AggregateType.INSPECTION)
    numbers = confirmed_numbers(record.store)
    shown = (notice_on_phone(record, i, numbers) for i in ids)
    found = [n for n in shown if n and n.tenant == tenant]
    return sorted(found, key=lambda n: n.at, reverse=True)


def fetch_notice_pdf(reads: ServerReads, data: Path, inspection_id: str) -> Path:
    """Download the notice PDF into ``data/notices`` and return where it is.

    Raises:
        Offline, SignInRequired, ServerRefused: As ``ServerReads.download``.
    """
    pdf = reads.download(NOTICE_PDF, {"inspection": inspection_id})
    folder = data / "notices"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{_safe(inspection_id)}.pdf"
    tmp = path.with_suffix(".part")
    tmp.write_bytes(pdf)
    tmp.replace(path)
    return path


def notice_link(reads: ServerReads, server: str, inspection_id: str) -> str:
    """An absolute signed link that opens the notice PDF for a few minutes, without a token.

    Raises:
        Offline, SignInRequired, ServerRefused: As ``ServerReads.json``.
    """
    fetched = reads.json(NOTICE_LINK, {"inspection": inspection_id})
    if not fetched.fresh:
        raise Offline("a kept link is stale: a new one needs the server")
    return server.rstrip("/") + str(fetched.body["path"])


def _inspection_event(record: LocalRecord, inspection_id: str) -> Event | None:
    for body in record.projections.bodies(AggregateType.INSPECTION, inspection_id):
        if body.get("type") == EventType.INSPECTION_RECORDED:
            return Event.stored(body)
    return None


def _safe(name: str) -> str:
    return "".join(c if c.isalnum() or c in "-_" else "_" for c in name)
