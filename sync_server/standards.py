"""The shipped standards library, read once from ``assets/standards/library.json``.

The file is reviewed like code and validated by :mod:`shared.standards` when read, so a broken
edit stops the server at the first request that needs it and fails the library's test first.
"""

from __future__ import annotations

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
