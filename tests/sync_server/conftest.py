"""Server tests hash passwords cheaply; one test keeps the production parameters honest."""

from __future__ import annotations

import pytest
from argon2 import PasswordHasher

from sync_server import accounts

PRODUCTION_HASHER = accounts._hasher  # taken before any test swaps it


@pytest.fixture(autouse=True)
def cheap_password_hashing(monkeypatch):
    """Argon2id at production cost takes ~0.1 s a hash, and a demo world hashes seven."""
    cheap = PasswordHasher(time_cost=1, memory_cost=64, parallelism=1)
    monkeypatch.setattr(accounts, "_hasher", cheap)
    monkeypatch.setattr(accounts, "_DUMMY_HASH", cheap.hash("not a password"))
