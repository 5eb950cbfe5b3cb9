"""JSON files replaced whole and atomically, checksummed, optionally kept in two copies.

A write goes to a temporary file, is fsynced, renamed over the old file with ``os.replace`` and
the folder is fsynced, so a phone killed at any instant leaves either the old file or the new
one, never a mix [tinydb's JSONStorage rewrites in place; flet-dev/flet#4114].

Each file is two lines: a header ``{"format", "generation", "length", "crc32"}`` and the JSON
body. The checksum tells a damaged file (a disk that lied about fsync, a truncation) from a good
one. A file kept in two copies is written copy after copy with the same generation; reading
takes the newest copy that checks out, so one damaged copy loses nothing that was confirmed.
"""

from __future__ import annotations

import contextlib
import json
import os
import zlib
from pathlib import Path
from typing import Any

__all__ = ["FORMAT", "CheckedFile", "CorruptFile", "fsync_folder", "write_atomic"]

FORMAT = "shuangkong-store/1"
"""The header's format tag; a file with another tag is not ours to read."""
TEMP_SUFFIX = ".tmp"
"""Half-written files end so; they are never read, and deleted when a store opens."""


class CorruptFile(Exception):
    """A file that does not check out: torn, truncated, or not one of ours."""


def write_atomic(path: Path, data: bytes) -> None:
    """Replace ``path`` with ``data`` so that a crash leaves the old or the new file whole.

    Args:
        path: The file to replace; its folder must exist.
        data: The new content.
    """
    temp = path.with_name(path.name + TEMP_SUFFIX)
    fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    try:
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view) :]
        os.fsync(fd)
    finally:
        os.close(fd)
    os.replace(temp, path)
    fsync_folder(path.parent)


def fsync_folder(folder: Path) -> None:
    """Make a rename or unlink in ``folder`` durable (the entry lives in the folder)."""
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def encode(body: Any, generation: int) -> bytes:
    """The file content for a JSON body: header line, newline, body."""
    data = json.dumps(body, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    header = {
        "format": FORMAT,
        "generation": generation,
        "length": len(data),
        "crc32": zlib.crc32(data),
    }
    return json.dumps(header).encode("ascii") + b"\n" + data


def decode(content: bytes, *, parse: bool = True) -> tuple[int, Any]:
    """The generation and body of a file's content (body None when ``parse`` is False).

    Raises:
        CorruptFile: The header or the checksum does not match the body.
    """
    head, newline, data = content.partition(b"\n")
    try:
        header = json.loads(head)
        ok = (
            newline == b"\n"
            and header["format"] == FORMAT
            and header["length"] == len(data)
            and header["crc32"] == zlib.crc32(data)
        )
        generation = int(header["generation"])
    except (ValueError, KeyError, TypeError) as exc:
        raise CorruptFile(f"unreadable header: {exc}") from exc
    if not ok:
        raise CorruptFile("the body does not match its header (torn or truncated)")
    return generation, json.loads(data) if parse else None


class CheckedFile:
    """One logical JSON document on disk, in one or two checksummed copies.

    Args:
        path: The file; a second copy lives beside it as ``<stem>.mirror<suffix>``.
        copies: 1, or 2 for data that exists nowhere else (the outbox).
    """

    def __init__(self, path: Path, *, copies: int = 1) -> None:
        if copies not in (1, 2):
            raise ValueError("a file is kept in one or two copies")
        self.path = path
        self.paths = [path] if copies == 1 else [path, mirror_path(path)]
        self.generation = 0

    def load(self) -> Any | None:
        """The newest good copy's body, or None when no copy exists.

        Raises:
            CorruptFile: Copies exist but none checks out.
        """
        good: list[tuple[int, Any]] = []
        errors: list[CorruptFile] = []
        for path in self.paths:
            copy = _read(path)
            if isinstance(copy, CorruptFile):
                errors.append(copy)
            elif copy is not None:
                good.append(copy)
        if not good:
            if errors:
                raise errors[0]
            return None
        self.generation, body = max(good, key=lambda copy: copy[0])
        return body

    def check(self) -> None:
        """Verify that some copy checks out (without parsing the body), or that none exists.

        Raises:
            CorruptFile: Copies exist but none checks out.
        """
        errors: list[CorruptFile] = []
        for path in self.paths:
            try:
                decode(path.read_bytes(), parse=False)
                return
            except FileNotFoundError:
                continue
            except CorruptFile as exc:
                errors.append(exc)
        if errors:
            raise errors[0]

    def save(self, body: Any) -> None:
        """Write every copy, one after the other, with the next generation."""
        self.generation += 1
        content = encode(body, self.generation)
        for path in self.paths:
            write_atomic(path, content)

    def delete(self) -> None:
        """Remove every copy durably."""
        for path in self.paths:
            with contextlib.suppress(FileNotFoundError):
                path.unlink()
        fsync_folder(self.path.parent)

    def quarantine(self, note: str) -> list[Path]:
        """Move every copy aside (never deleted: it may hold evidence), returning the new paths."""
        moved = []
        for path in self.paths:
            if path.exists():
                target = path.with_name(f"{path.name}.corrupt-{note}")
                os.replace(path, target)
                moved.append(target)
        fsync_folder(self.path.parent)
        return moved


def mirror_path(path: Path) -> Path:
    """Where the second copy of a file lives."""
    return path.with_name(f"{path.stem}.mirror{path.suffix}")


def _read(path: Path) -> tuple[int, Any] | CorruptFile | None:
    try:
        return decode(path.read_bytes())
    except FileNotFoundError:
        return None
    except CorruptFile as exc:
        return exc
    except ValueError as exc:  # a body that passed its checksum yet is not JSON: not ours
        return CorruptFile(str(exc))
