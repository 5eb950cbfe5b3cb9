"""Why a sync stopped, sorted by what the phone should do about it.

The hierarchy::

    SyncError
     ├─ Offline            unreachable, timed out, busy (429, 5xx): try again later, with backoff
     ├─ SignInRequired     no session, or the refresh token was refused: stop and ask the user
     └─ ServerRefused      a 4xx the phone did not expect (carries the server's code)
         ├─ UploadConflict the server holds another offset of this upload: resume there
         └─ PhotoRefused   this photo can never be uploaded (not an image, too large)
"""

from __future__ import annotations

from typing import Any

__all__ = [
    "Offline",
    "PhotoRefused",
    "ServerRefused",
    "SignInRequired",
    "SyncError",
    "UploadConflict",
]


class SyncError(Exception):
    """Base of every reason a sync round stops early."""


class Offline(SyncError):
    """The server cannot be reached or asks to wait; nothing is lost, try again later."""


class SignInRequired(SyncError):
    """The phone has no valid session: the sync loop parks until the user signs in."""


class ServerRefused(SyncError):
    """The server answered with an error the phone did not expect.

    Attributes:
        status: The HTTP status.
        code: The stable error code from the body (``shared/errors.py``), or ``http_error``.
        details: The error's details.
    """

    def __init__(self, status: int, code: str, message: str, details: dict[str, Any]) -> None:
        super().__init__(f"{status} {code}: {message}")
        self.status = status
        self.code = code
        self.details = details


class UploadConflict(ServerRefused):
    """The offset sent is not where the server's copy of the upload ends."""

    @property
    def received(self) -> int:
        """Where the server says to resume."""
        return int(self.details.get("received", 0))


class PhotoRefused(ServerRefused):
    """The server will never accept this photo (415 ``media.bad``, 413 too large)."""
