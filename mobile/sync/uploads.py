"""Photo uploads: skip what the server has, resume where it stopped, report the bytes.

Uploads are chunked (256 KiB, under the server's 1 MiB cap) so a cut on a weak network costs
little. The server keeps only whole chunks; after any interruption the phone asks where the
server stands (``GET …/upload``) and goes on from there.
"""

from __future__ import annotations

from mobile.store import PhotoFiles
from mobile.sync.api import SyncApi, UploadState
from mobile.sync.errors import PhotoRefused, ServerRefused, UploadConflict
from mobile.sync.progress import Progress, ProgressCallback, Stage, ignore_progress
from mobile.sync.session import SessionKeeper

__all__ = ["CHUNK_BYTES", "PhotoUploader"]

CHUNK_BYTES = 256 * 1024
"""Bytes per request; at most this much is sent again after a cut."""
HASH_MISMATCH = "media.hash_mismatch"
NOT_YOURS = frozenset({403, 404})
"""Answers meaning the photo's enterprise is not the user's (any more): retrying cannot help."""


class PhotoUploader:
    """Uploads one photo at a time through the session.

    Args:
        api: The server API.
        session: Runs each request with a fresh token.
        photos: The photo files on the phone.
        progress: Told the bytes sent of each photo.
        chunk_bytes: Bytes per request.
    """

    def __init__(
        self,
        api: SyncApi,
        session: SessionKeeper,
        photos: PhotoFiles,
        *,
        progress: ProgressCallback = ignore_progress,
        chunk_bytes: int = CHUNK_BYTES,
    ) -> None:
        self.api = api
        self.session = session
        self.photos = photos
        self.progress = progress
        self.chunk_bytes = chunk_bytes

    def ensure_verified(self, tenant: str, sha256: str) -> bool | None:
        """Make sure the server holds this photo verified, uploading what it lacks.

        Returns:
            True when verified (sent now or before), False when skipped because the server had
            it, None when the phone no longer has intact bytes to send.

        Raises:
            Offline: The connection failed; the next round resumes.
            PhotoRefused: The server will never take this photo: a bad file, or an enterprise
                outside the user's scope (the event showing it is refused for the same reason).
            SignInRequired: The session ended.
        """
        data = self.photos.photo(sha256)
        if data is None:
            return None
        try:
            return self._ensure(tenant, sha256, data)
        except ServerRefused as exc:
            if isinstance(exc, PhotoRefused) or exc.status not in NOT_YOURS:
                raise
            # Found by the chaos simulation: this used to stop every sync round before the
            # push, so one such photo kept all of the phone's later events from the server.
            raise PhotoRefused(exc.status, exc.code, str(exc), exc.details) from exc

    def _ensure(self, tenant: str, sha256: str, data: bytes) -> bool:
        if self.session.call(lambda t: self.api.blob_verified(t, tenant, sha256)):
            return False
        state = self.session.call(lambda t: self.api.upload_state(t, tenant, sha256))
        try:
            return self._send_from(tenant, sha256, data, state)
        except ServerRefused as exc:
            if exc.code != HASH_MISMATCH:
                raise
        # The server discarded the upload (bytes damaged on the way): send it whole once more.
        return self._send_from(
            tenant, sha256, data, UploadState(received=0, size=None, status="partial")
        )

    def _send_from(self, tenant: str, sha256: str, data: bytes, state: UploadState) -> bool:
        offset = state.received if state.size in (None, len(data)) else 0
        rounds = len(data) // self.chunk_bytes + 8  # a server that never advances is a bug
        while state.status != "verified" and rounds > 0:
            rounds -= 1
            try:
                state = self._put(tenant, sha256, data, offset)
            except UploadConflict as conflict:
                offset = conflict.received
                continue
            offset = state.received
            self.progress(Progress(Stage.PHOTOS, offset, len(data), photo=sha256))
        if state.status != "verified":
            raise ServerRefused(200, "protocol", "the upload did not advance", {})
        return True

    def _put(self, tenant: str, sha256: str, data: bytes, offset: int) -> UploadState:
        chunk = data[offset : offset + self.chunk_bytes]
        return self.session.call(
            lambda token: self.api.put_chunk(
                token, tenant, sha256, offset=offset, size=len(data), data=chunk
            )
        )
