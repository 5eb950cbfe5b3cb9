"""The standards library (行业有标准): every signed-in role reads it to build and check lists."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Header
from fastapi.responses import Response

from shared.standards import HazardStandard, SmallPlaceStandard, StandardsLibrary
from sync_server.deps import ActorDep
from sync_server.standards import library_etag, shipped_library
from sync_server.standards_book import library_workbook

router = APIRouter(tags=["standards"])

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@router.get(
    "/v1/standards",
    response_model=StandardsLibrary,
    responses={304: {"description": "the library is the one the If-None-Match tag names"}},
)
def library(
    actor: ActorDep,
    response: Response,
    if_none_match: Annotated[str | None, Header()] = None,
) -> StandardsLibrary | Response:
    """The whole library with its version and its ETag; 304 when the phone has this one.

    Phones ask on every sync with the tag they keep, so the library is on them before anyone
    opens 标准库 and travels again only when it changed.
    """
    del actor  # any signed-in role may read the library
    etag = library_etag()
    if if_none_match is not None and etag in _tags(if_none_match):
        return Response(status_code=304, headers={"etag": etag})
    response.headers["etag"] = etag
    return shipped_library()


def _tags(header: str) -> set[str]:
    """The entity tags of an If-None-Match header (weak ones compared by their opaque part)."""
    return {tag.strip().removeprefix("W/") for tag in header.split(",")}


@router.get(
    "/v1/standards.xlsx",
    response_class=Response,
    responses={200: {"content": {XLSX: {}}, "description": "the library as a workbook"}},
)
def library_document(actor: ActorDep) -> Response:
    """The library as a printable workbook, one row per standard, for experts and enterprises."""
    del actor
    library = shipped_library()
    name = f"standards-{library.version}.xlsx"
    return Response(
        library_workbook(library),
        media_type=XLSX,
        headers={"content-disposition": f'attachment; filename="{name}"'},
    )


@router.get("/v1/standards/{code}")
def standard(actor: ActorDep, code: str) -> HazardStandard | SmallPlaceStandard:
    """One standard by its code (PC-02-03, SX-07); an unknown code is ``ref.unknown``."""
    del actor
    return shipped_library().standard(code)
