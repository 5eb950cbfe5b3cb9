"""The four-colour picture (四色图) on the phone: the site plan and a pin per risk point.

The plan is a photo like any other (processed, kept, uploaded by the sync engine); setting it
and placing a pin are events folded by ``shared.risk_map`` here as on the server, so the
picture the manager taps on is the one the server prints.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from mobile.local_record import LocalRecord
from mobile.services.actions import Action, record_action
from mobile.services.risk_points import risk_points_of
from mobile.store import Store
from mobile.sync.errors import Offline
from mobile.sync.reads import ServerReads
from shared.errors import InvalidInput
from shared.events import AggregateType, Event
from shared.events import EventType as E
from shared.ids import RiskPointId, TenantId
from shared.payloads import PhotoRef, risk_map_id
from shared.risk_map import MapEntry, RiskMap, fold_risk_map, map_entries
from shared.roles import Actor

__all__ = [
    "MAP_LINK",
    "MAP_PDF",
    "MapPicture",
    "Paper",
    "fetch_map_pdf",
    "local_map",
    "map_link",
    "map_picture",
    "pin_point",
    "set_plan",
    "unpin_point",
]

MAP_PDF = "/v1/documents/risk-map.pdf"
MAP_LINK = "/v1/documents/risk-map-link"
Paper = Literal["A4", "A3"]


def local_map(record: LocalRecord, tenant: str) -> RiskMap:
    """The enterprise's map as this phone holds it (its own events and those pulled)."""
    bodies = record.projections.bodies(AggregateType.RISK_MAP, risk_map_id(tenant))
    return fold_risk_map(TenantId(tenant), (Event.stored(body) for body in bodies))


@dataclass(frozen=True)
class MapPicture:
    """What the 四色图 screen draws: the plan (None: the plain grid) and the numbered points."""

    plan: PhotoRef | None
    entries: list[MapEntry]


def map_picture(record: LocalRecord, store: Store, tenant: str) -> MapPicture:
    """The listed points numbered as the printed picture numbers them, with their pins."""
    drawn = local_map(record, tenant)
    return MapPicture(drawn.plan, map_entries(risk_points_of(store, tenant), drawn.pins))


def set_plan(record: LocalRecord, actor: Actor, photo: PhotoRef) -> Event:
    """The 平面布置图 the picture is drawn on, a photo already kept on the phone."""
    payload = {"photo": photo.model_dump(mode="json", exclude_none=True)}
    return _record(record, actor, E.RISK_MAP_PLAN_SET, payload)


def pin_point(record: LocalRecord, actor: Actor, risk_id: RiskPointId, x: float, y: float) -> Event:
    """Place (or move) a risk point where the plan was tapped, as fractions of its size.

    Raises:
        InvalidInput: The tap was outside the plan (a fraction outside 0..1).
    """
    if not (0 <= x <= 1 and 0 <= y <= 1):
        raise InvalidInput("tap on the plan to place the point", field="pin")
    payload = {"risk_id": risk_id, "x": round(x, 4), "y": round(y, 4)}
    return _record(record, actor, E.RISK_MAP_PINNED, payload)


def unpin_point(record: LocalRecord, actor: Actor, risk_id: RiskPointId) -> Event:
    """Take a point's pin off the plan; it is listed as not placed until pinned again."""
    return _record(record, actor, E.RISK_MAP_UNPINNED, {"risk_id": risk_id})


def _record(record: LocalRecord, actor: Actor, kind: E, payload: dict[str, Any]) -> Event:
    tenant = TenantId(actor.tenant or "")
    return record_action(record, Action(actor, tenant, risk_map_id(tenant), kind, payload))


# --- printing: the server draws the PDF, as it does the 整改通知书 ----------------------------


def fetch_map_pdf(reads: ServerReads, data: Path, paper: Paper) -> Path:
    """Download the manager's 四色图 on ``paper`` into ``data/documents``; where it is.

    The picture is the server's (the events the phone has synced), so the copy on the phone
    is the one printed.

    Raises:
        Offline, SignInRequired, ServerRefused: As ``ServerReads.download``.
    """
    pdf = reads.download(MAP_PDF, {"paper": paper})
    folder = data / "documents"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"risk-map-{paper}.pdf"
    tmp = path.with_suffix(".part")
    tmp.write_bytes(pdf)
    tmp.replace(path)
    return path


def map_link(reads: ServerReads, server: str, paper: Paper) -> str:
    """An absolute signed link that opens the 四色图 PDF for a few minutes, without a token.

    Raises:
        Offline, SignInRequired, ServerRefused: As ``ServerReads.json``.
    """
    fetched = reads.json(MAP_LINK, {"paper": paper})
    if not fetched.fresh:
        raise Offline("a kept link is stale: a new one needs the server")
    return server.rstrip("/") + str(fetched.body["path"])
