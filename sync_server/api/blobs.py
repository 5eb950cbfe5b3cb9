"""Photo blobs over HTTP: HEAD to skip, chunked resumable upload, re-encoded derivatives."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Path, Query, Request, Response
from sqlalchemy import Engine
from starlette.requests import ClientDisconnect

from shared.errors import InvalidInput
from shared.roles import Actor
from sync_server import blob_store
from sync_server.blob_store import MAX_CHUNK_BYTES, BlobKey, Chunk, UploadState, Variant
from sync_server.deps import ActorDep, EngineDep, SettingsDep
from sync_server.problems import TooLarge

router = APIRouter(prefix="/v1/blobs", tags=["blobs"])

Tenant = Annotated[str, Path(min_length=1, max_length=64)]
Sha256 = Annotated[str, Path(pattern="^[0-9a-f]{64}$", description="lowercase hex sha256")]

SERVED_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    # Content-addressed, so never stale; private because only the tenant's scope may read it.
    "Cache-Control": "private, max-age=31536000, immutable",
    "Content-Security-Policy": "default-src 'none'; sandbox",
}

_OCTET_BODY: dict[str, Any] = {
    "requestBody": {
        "required": True,
        "content": {"application/octet-stream": {"schema": {"type": "string", "format": "binary"}}},
    }
}


def blob_key(tenant: Tenant, sha256: Sha256) -> BlobKey:
    """The blob named by the path."""
    return BlobKey(tenant, sha256)


KeyDep = Annotated[BlobKey, Depends(blob_key)]


async def read_chunk(
    request: Request,
    key: KeyDep,
    offset: Annotated[int, Query(ge=0, description="where this chunk starts")],
    size: Annotated[int, Query(ge=1, description="the whole photo's size in bytes")],
) -> Chunk:
    """The chunk in the request's raw body (application/octet-stream)."""
    return Chunk(key, offset, size, await _read_body(request))


ChunkDep = Annotated[Chunk, Depends(read_chunk)]


@router.head("/{tenant}/{sha256}")
def head_blob(actor: ActorDep, key: KeyDep, engine: EngineDep) -> Response:
    """200 when the photo is verified and stored, so the phone skips uploading it; else 404."""
    size = blob_store.verified_size(engine, actor, key)
    return Response(status_code=200, headers={"X-Blob-Size": str(size)})


@router.get("/{tenant}/{sha256}/upload")
def get_upload(actor: ActorDep, key: KeyDep, engine: EngineDep) -> UploadState:
    """Where to resume: the bytes stored so far (0 if none), or verified."""
    return blob_store.upload_state(engine, actor, key)


@router.put("/{tenant}/{sha256}/upload", openapi_extra=_OCTET_BODY)
def put_chunk(
    actor: ActorDep, chunk: ChunkDep, engine: EngineDep, settings: SettingsDep
) -> UploadState:
    """Append the raw body at ``offset`` of a ``size``-byte photo; verified on the last byte.

    Answers ``{"received", "size", "status"}``. A wrong offset answers 409 with
    ``details.received``, where to resume. Only whole chunks are stored: a request cut
    mid-body stores nothing.
    """
    return blob_store.append_chunk(engine, settings, actor, chunk)


@router.get("/{tenant}/{sha256}/display", response_class=Response)
def get_display(actor: ActorDep, key: KeyDep, engine: EngineDep) -> Response:
    """The photo for viewing: long side at most 1600 px, JPEG, upright, without EXIF or GPS."""
    return _served(engine, actor, key, Variant.DISPLAY)


@router.get("/{tenant}/{sha256}/thumb", response_class=Response)
def get_thumb(actor: ActorDep, key: KeyDep, engine: EngineDep) -> Response:
    """The photo for lists: long side at most 256 px, JPEG, upright, without EXIF or GPS."""
    return _served(engine, actor, key, Variant.THUMB)


def _served(engine: Engine, actor: Actor, key: BlobKey, variant: Variant) -> Response:
    data = blob_store.derivative(engine, actor, key, variant)
    headers = {**SERVED_HEADERS, "ETag": f'"{key.sha256}-{variant}"'}
    return Response(content=data, media_type="image/jpeg", headers=headers)


async def _read_body(request: Request) -> bytes:
    """The whole body, at most one chunk's worth; a body cut short is refused, not stored."""
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > MAX_CHUNK_BYTES:
        raise _chunk_too_large()
    body = bytearray()
    try:
        async for piece in request.stream():
            body += piece
            if len(body) > MAX_CHUNK_BYTES:
                raise _chunk_too_large()
    except ClientDisconnect:
        raise InvalidInput("the chunk was cut off: ask for the offset and resume") from None
    if declared.isdigit() and int(declared) != len(body):
        raise InvalidInput("the chunk is shorter than its Content-Length: resume")
    return bytes(body)


def _chunk_too_large() -> TooLarge:
    return TooLarge(f"a chunk may have at most {MAX_CHUNK_BYTES} bytes", limit=MAX_CHUNK_BYTES)
