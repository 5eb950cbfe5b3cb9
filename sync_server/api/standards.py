"""The standards library (行业有标准): every signed-in role reads it to build and check lists."""

from __future__ import annotations

from fastapi import APIRouter

from shared.standards import HazardStandard, SmallPlaceStandard, StandardsLibrary
from sync_server.deps import ActorDep
from sync_server.standards import shipped_library

router = APIRouter(prefix="/v1/standards", tags=["standards"])


@router.get("")
def library(actor: ActorDep) -> StandardsLibrary:
    """The whole library with its version; phones cache it and ask again when it changes."""
    del actor  # any signed-in role may read the library
    return shipped_library()


@router.get("/{code}")
def standard(actor: ActorDep, code: str) -> HazardStandard | SmallPlaceStandard:
    """One standard by its code (PC-02-03, SX-07); an unknown code is ``ref.unknown``."""
    del actor
    return shipped_library().standard(code)
