"""The standards library (行业有标准): every signed-in role reads it to build and check lists."""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import Response

from shared.standards import HazardStandard, SmallPlaceStandard, StandardsLibrary
from sync_server.deps import ActorDep
from sync_server.standards import shipped_library
from sync_server.standards_book import library_workbook

router = APIRouter(tags=["standards"])

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@router.get("/v1/standards")
def library(actor: ActorDep) -> StandardsLibrary:
    """The whole library with its version; phones cache it and ask again when it changes."""
    del actor  # any signed-in role may read the library
    return shipped_library()


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
