"""The official 整改通知书 numbers the server confirmed, kept on the phone by inspection id.

An inspector's phone prints a provisional number (``执法-20261207-3DE8FE``) when it issues a
notice offline; the server gives the official one (海港应急责改〔2026〕第08号) when it accepts
the inspection, and says it beside each pulled ``inspection.recorded`` (``PullPage``). The
phone keeps them in one small document and shows the official number from then on.
"""

from __future__ import annotations

from collections.abc import Mapping

from mobile.store import Store

__all__ = ["confirmed_numbers", "keep_numbers"]

DOC = "notice_numbers"


def confirmed_numbers(store: Store) -> dict[str, str]:
    """Every confirmed number the phone knows, by inspection id."""
    doc = store.read_doc(DOC) or {}
    return {str(key): str(value) for key, value in doc.items() if isinstance(value, str)}


def keep_numbers(store: Store, numbers: Mapping[str, str]) -> None:
    """Add numbers the server confirmed; a number once given never changes, so later wins."""
    if not numbers:
        return
    known = confirmed_numbers(store)
    if all(known.get(key) == value for key, value in numbers.items()):
        return
    store.write_doc(DOC, {**known, **numbers})
