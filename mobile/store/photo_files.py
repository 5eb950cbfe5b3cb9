"""Photo files on the phone's disk, named by their sha256, written atomically."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

from mobile.store.checked_file import fsync_folder, write_atomic

__all__ = ["FolderPhotoFiles"]

_SHA256 = re.compile(r"[0-9a-f]{64}", re.ASCII)


class FolderPhotoFiles:
    """The ``PhotoFiles`` port on a folder: ``<sha256>.jpg`` and ``<sha256>.thumb.jpg``.

    The name is the hash of the bytes, so a damaged file is recognised on reading and reported
    as missing rather than uploaded (the server would refuse it anyway).

    Args:
        folder: Where the photos live (``<data>/photos``); created if missing.
    """

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        folder.mkdir(parents=True, exist_ok=True)

    def put(self, sha256: str, photo: bytes, thumb: bytes) -> None:
        """Write the photo, then its thumbnail, each atomically and durably."""
        if hashlib.sha256(photo).hexdigest() != _checked(sha256):
            raise ValueError("the photo's bytes do not match its sha256")
        write_atomic(self._photo_path(sha256), photo)
        write_atomic(self._thumb_path(sha256), thumb)

    def photo(self, sha256: str) -> bytes | None:
        """The photo's bytes if present and intact."""
        try:
            data = self._photo_path(sha256).read_bytes()
        except FileNotFoundError:
            return None
        return data if hashlib.sha256(data).hexdigest() == sha256 else None

    def thumb(self, sha256: str) -> bytes | None:
        """The thumbnail's bytes, or None."""
        try:
            return self._thumb_path(sha256).read_bytes()
        except FileNotFoundError:
            return None

    def drop(self, sha256: str) -> None:
        """Delete the photo durably; the thumbnail stays for offline lists."""
        self._photo_path(sha256).unlink(missing_ok=True)
        fsync_folder(self.folder)

    def stored(self) -> list[str]:
        """Hashes of the photos on disk, sorted."""
        names = (path.name.removesuffix(".jpg") for path in self.folder.glob("*.jpg"))
        return sorted(name for name in names if _SHA256.fullmatch(name))

    def _photo_path(self, sha256: str) -> Path:
        return self.folder / f"{_checked(sha256)}.jpg"

    def _thumb_path(self, sha256: str) -> Path:
        return self.folder / f"{_checked(sha256)}.thumb.jpg"


def _checked(sha256: str) -> str:
    if not _SHA256.fullmatch(sha256):
        raise ValueError(f"not a lowercase hex sha256: {sha256!r}")
    return sha256
