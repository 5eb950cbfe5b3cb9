"""Workbooks a regulator or inspector takes from the phone: a unit's ranking, the due list.

As a notice PDF (``mobile.services.notices``): the server makes the file from what it holds,
the phone keeps a copy in its data folder (``exports/<name>.xlsx``) and opens it through a
short-lived signed link (``/v1/exports/link``), which a browser or a phone's spreadsheet app
opens without the session's token.
"""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path

from mobile.sync.errors import Offline
from mobile.sync.reads import ServerReads

__all__ = ["EXPORT_LINK", "Export", "export_link", "fetch_export"]

EXPORT_LINK = "/v1/exports/link"


class Export(StrEnum):
    """The workbooks the phone offers (the server's ``doc`` names)."""

    RANKING = "ranking"  # a grid unit's ranking, lights and hazard counts
    DUE = "due"  # the signed-in inspector's (or regulator's) due list


def _source(doc: Export, unit: str | None) -> str:
    if doc is Export.RANKING:
        return f"/v1/scores/grid/{unit}/export.xlsx"
    return "/v1/supervision/due.xlsx"


def fetch_export(reads: ServerReads, data: Path, doc: Export, unit: str | None = None) -> Path:
    """Download the workbook into ``data/exports`` and return where it is.

    Raises:
        Offline, SignInRequired, ServerRefused: As ``ServerReads.download``.
    """
    book = reads.download(_source(doc, unit))
    folder = data / "exports"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{doc.value}-{_safe(unit or 'mine')}.xlsx"
    tmp = path.with_suffix(".part")
    tmp.write_bytes(book)
    tmp.replace(path)
    return path


def export_link(reads: ServerReads, server: str, doc: Export, unit: str | None = None) -> str:
    """An absolute signed link that opens the workbook for a few minutes, without a token.

    Raises:
        Offline, SignInRequired, ServerRefused: As ``ServerReads.json``.
    """
    params = {"doc": doc.value, **({"unit": unit} if unit else {})}
    fetched = reads.json(EXPORT_LINK, params)
    if not fetched.fresh:
        raise Offline("a kept link is stale: a new one needs the server")
    return server.rstrip("/") + str(fetched.body["path"])


def _safe(name: str) -> str:
    return "".join(c if c.isalnum() or c in "-_" else "_" for c in name)
