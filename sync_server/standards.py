"""The shipped standards library, read once from ``assets/standards/library.json``.

The file is reviewed like code and validated by :mod:`shared.standards` when read, so a broken
edit stops the server at the first request that needs it and fails the library's test first.
"""

from __future__ import annotations

import hashlib
from functools import cache
from pathlib import Path

from shared.standards import StandardsLibrary

LIBRARY_FILE = Path(__file__).resolve().parents[1] / "assets" / "standards" / "library.json"


def read_library(path: Path) -> StandardsLibrary:
    """The library in one file, checked against the schema."""
    return StandardsLibrary.model_validate_json(path.read_bytes())


@cache
def shipped_library() -> StandardsLibrary:
    """The library this server ships with; read once, it never changes while running."""
    return read_library(LIBRARY_FILE)


@cache
def library_etag() -> str:
    """The library's entity tag: its version and a digest of its content.

    Phones send it back (``If-None-Match``) on every sync and get a 304 while it holds, so the
    ~90 kB library travels only when it changed; the digest covers an edit that forgot to bump
    the version.
    """
    library = shipped_library()
    digest = hashlib.sha256(library.model_dump_json().encode("utf-8")).hexdigest()[:16]
    return f'"{library.version}-{digest}"'
