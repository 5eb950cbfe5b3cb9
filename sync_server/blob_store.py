"""Photo blobs per tenant: resumable chunked uploads, verified on the last byte, then served."""

from __future__ import annotations

import hashlib
from contextlib import suppress
from dataclasses import dataclass
from datetime import UTC, datetime
from enum import StrEnum
from typing import Any, Literal

from pydantic import BaseModel
from sqlalchemy import ColumnElement, Connection, Engine, delete, func, insert, select
from sqlalchemy.exc import IntegrityError

from shared.roles import Actor
from sync_server.photos import Photo, verify_photo
from sync_server.problems import BadMedia, Conflict, HashMismatch, NotFound, TooLarge
from sync_server.schema import audit, blobs, uploads
from sync_server.scope import may_see
from sync_server.settings import Settings
from sync_server.upload_expiry import check_quota

MAX_CHUNK_BYTES = 1024 * 1024
"""The largest chunk one request may carry: a cut on a weak network costs at most this much."""

_AUDITED_REFUSALS = (TooLarge, BadMedia, HashMismatch)


class Variant(StrEnum):
    """The served derivatives of a photo; the original is kept but never served."""

    DISPLAY = "display"
    THUMB = "thumb"


class UploadState(BaseModel):
    """Where an upload stands: the phone resumes at ``received`` and deletes its copy at verified.

    ``size`` is None while nothing has been stored.
    """

    received: int
    size: int | None
    status: Literal["partial", "verified"]


@dataclass(frozen=True)
class BlobKey:
    """A blob's name: its tenant and the lowercase hex sha256 of its bytes."""

    tenant: str
    sha256: str

    @property
    def subject(self) -> str:
        """The audit subject."""
        return f"{self.tenant}/{self.sha256}"


@dataclass(frozen=True)
class Chunk:
    """One piece of an upload as received, whole, in one request."""

    key: BlobKey
    offset: int
    size: int
    data: bytes


def upload_state(engine: Engine, actor: Actor, key: BlobKey) -> UploadState:
    """The bytes stored so far, so a phone cut off at any byte knows where to resume.

    A ``partial`` state with ``received == size`` means the last request was cut after storing
    but before verification: sending an empty chunk at ``offset=size`` finishes it.

    Raises:
        NotFound: The tenant is not in the actor's scope.
    """
    with engine.begin() as conn:
        _authorize(conn, actor, key)
        verified = _verified_size(conn, key)
        if verified is not None:
            return _verified(verified)
        received, size = _progress(conn, key)
    return UploadState(received=received, size=size, status="partial")


def append_chunk(engine: Engine, settings: Settings, actor: Actor, chunk: Chunk) -> UploadState:
    """Store a chunk if it starts where the stored bytes end; verify the blob on its last byte.

    Each chunk is committed on its own, so a cut loses at most the chunk in flight. The image
    is decoded outside the writing transaction, so a slow photo never holds up event pushes.
    Refusals of size or content are audited; a refused upload is discarded so it is re-sent.

    Raises:
        NotFound: The tenant is not in the actor's scope.
        Conflict: The offset is not where the stored bytes end (``details.received`` is), or the
            declared size differs from the one the upload started with.
        TooLarge: The blob is over the size cap, or the chunk runs past the declared size.
        HashMismatch: The whole does not hash to the blob's name.
        BadMedia: The whole is not an allowed, intact image.
    """
    try:
        state = _store(engine, settings, actor, chunk)
        if state.status == "partial" and state.received == state.size:
            state = _finish(engine, settings, actor, chunk.key)
    except _AUDITED_REFUSALS as exc:
        with engine.begin() as conn:
            detail = {"code": exc.code, "message": exc.message, **exc.details}
            _audit(conn, actor, "blob.refused", chunk.key, detail)
        raise
    return state


def verified_size(engine: Engine, actor: Actor, key: BlobKey) -> int:
    """The size of a verified blob, so a phone can skip uploading it.

    Raises:
        NotFound: Not verified, or the tenant is not in the actor's scope (indistinguishable).
    """
    with engine.begin() as conn:
        _authorize(conn, actor, key)
        size = _verified_size(conn, key)
    if size is None:
        raise NotFound("no such photo")
    return size


def derivative(engine: Engine, actor: Actor, key: BlobKey, variant: Variant) -> bytes:
    """A served derivative of a verified photo: re-encoded JPEG without any EXIF.

    Raises:
        NotFound: Not verified, or the tenant is not in the actor's scope (indistinguishable).
    """
    column = blobs.c.display if variant is Variant.DISPLAY else blobs.c.thumb
    with engine.begin() as conn:
        _authorize(conn, actor, key)
        data: bytes | None = conn.execute(select(column).where(_is_blob(key))).scalar()
    if data is None:
        raise NotFound("no such photo")
    return data


def _store(engine: Engine, settings: Settings, actor: Actor, chunk: Chunk) -> UploadState:
    try:
        with engine.begin() as conn:
            return _store_in(conn, settings, actor, chunk)
    except IntegrityError:  # another request stored a chunk at this offset first (PostgreSQL)
        with engine.begin() as conn:
            received, size = _progress(conn, chunk.key)
        raise Conflict(
            "another upload of this photo got there first", received=received, size=size
        ) from None


def _store_in(conn: Connection, settings: Settings, actor: Actor, chunk: Chunk) -> UploadState:
    _authorize(conn, actor, chunk.key)
    verified = _verified_size(conn, chunk.key)
    if verified is not None:  # done already: the answer to a cut-off last chunk, say
        return _verified(verified)
    if chunk.size > settings.max_blob_bytes:
        raise TooLarge(
            f"a photo may have at most {settings.max_blob_bytes} bytes",
            limit=settings.max_blob_bytes,
            size=chunk.size,
        )
    received, size = _progress(conn, chunk.key)
    if size is None and chunk.data:  # a new upload: within the enterprise's quota
        check_quota(conn, settings, chunk.key.tenant)
    _check_declared(chunk, received, size or chunk.size)
    if chunk.offset + len(chunk.data) > chunk.size:
        raise TooLarge("the chunk runs past the declared size", size=chunk.size)
    if chunk.data:
        conn.execute(
            insert(uploads).values(
                tenant=chunk.key.tenant,
                sha256=chunk.key.sha256,
                start=chunk.offset,
                size=chunk.size,
                length=len(chunk.data),
                data=chunk.data,
                received_at=datetime.now(UTC),
                sent_by=actor.user_id,
            )
        )
    return UploadState(received=received + len(chunk.data), size=chunk.size, status="partial")


def _check_declared(chunk: Chunk, received: int, size: int) -> None:
    """Refuse a size other than the upload's, or an offset other than where it stands."""
    if chunk.size != size:
        raise Conflict(
            f"this upload is of {size} bytes, not {chunk.size}", received=received, size=size
        )
    if chunk.offset != received:
        raise Conflict(f"resume at offset {received}", received=received, size=size)


def _finish(engine: Engine, settings: Settings, actor: Actor, key: BlobKey) -> UploadState:
    """Check the whole upload and keep it as a blob, or discard it so the phone re-sends."""
    with engine.begin() as conn:
        verified = _verified_size(conn, key)
        if verified is not None:
            return _verified(verified)
        rows = conn.execute(
            select(uploads.c.data, uploads.c.size).where(_is_upload(key)).order_by(uploads.c.start)
        ).all()
    data = b"".join(row.data for row in rows)
    if not rows or len(data) != rows[0].size:  # a concurrent request finished or discarded it
        return upload_state(engine, actor, key)
    try:
        photo = _check_whole(data, key, settings)
    except _AUDITED_REFUSALS:
        with engine.begin() as conn:
            conn.execute(delete(uploads).where(_is_upload(key)))
        raise
    with suppress(IntegrityError), engine.begin() as conn:  # a racing request may store it first
        _keep(conn, actor, key, data, photo)
    return _verified(len(data))


def _check_whole(data: bytes, key: BlobKey, settings: Settings) -> Photo:
    if hashlib.sha256(data).hexdigest() != key.sha256:
        raise HashMismatch("the photo's bytes do not match its sha256: send it again")
    return verify_photo(data, max_pixels=settings.max_image_pixels)


def _keep(conn: Connection, actor: Actor, key: BlobKey, data: bytes, photo: Photo) -> None:
    """Store the verified blob once and drop its upload chunks."""
    if keep_verified(conn, key, data, photo, verified_by=actor.user_id):
        detail = {"size": len(data), "media_type": photo.media_type}
        _audit(conn, actor, "blob.verified", key, detail)
    conn.execute(delete(uploads).where(_is_upload(key)))


def keep_verified(
    conn: Connection, key: BlobKey, data: bytes, photo: Photo, *, verified_by: str
) -> bool:
    """Store a verified photo with its derivatives unless already there; True if stored now."""
    if _verified_size(conn, key) is not None:
        return False
    conn.execute(
        insert(blobs).values(
            tenant=key.tenant,
            sha256=key.sha256,
            size=len(data),
            media_type=photo.media_type,
            width=photo.width,
            height=photo.height,
            data=data,
            display=photo.display,
            thumb=photo.thumb,
            verified_by=verified_by,
            created_at=datetime.now(UTC),
        )
    )
    return True


def _authorize(conn: Connection, actor: Actor, key: BlobKey) -> None:
    """Another tenant's photo looks exactly like a missing one: 404, never 403."""
    if not may_see(conn, actor, key.tenant):
        raise NotFound("no such photo")


def _verified_size(conn: Connection, key: BlobKey) -> int | None:
    size: int | None = conn.execute(select(blobs.c.size).where(_is_blob(key))).scalar()
    return size


def _progress(conn: Connection, key: BlobKey) -> tuple[int, int | None]:
    """Bytes stored so far and the declared size (None before the first chunk)."""
    row = conn.execute(
        select(func.coalesce(func.sum(uploads.c.length), 0), func.max(uploads.c.size)).where(
            _is_upload(key)
        )
    ).one()
    return int(row[0]), None if row[1] is None else int(row[1])


def _verified(size: int) -> UploadState:
    return UploadState(received=size, size=size, status="verified")


def _is_blob(key: BlobKey) -> ColumnElement[bool]:
    return (blobs.c.tenant == key.tenant) & (blobs.c.sha256 == key.sha256)


def _is_upload(key: BlobKey) -> ColumnElement[bool]:
    return (uploads.c.tenant == key.tenant) & (uploads.c.sha256 == key.sha256)


def _audit(
    conn: Connection, actor: Actor, action: str, key: BlobKey, detail: dict[str, Any]
) -> None:
    conn.execute(
        insert(audit).values(
            at=datetime.now(UTC),
            actor=actor.user_id,
            action=action,
            subject=key.subject,
            detail=detail,
        )
    )
