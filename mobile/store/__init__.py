"""The phone's durable storage: a small port, TinyDB files on disk, and an in-memory twin."""

from __future__ import annotations

from mobile.store.memory import MemoryPhotoFiles, MemoryStore
from mobile.store.photo_files import FolderPhotoFiles
from mobile.store.port import PhotoFiles, Store
from mobile.store.records import STORED_ON_SERVER, DeviceState, KnownEvent, Settled
from mobile.store.tinydb_store import TinyDbStore

__all__ = [
    "STORED_ON_SERVER",
    "DeviceState",
    "FolderPhotoFiles",
    "KnownEvent",
    "MemoryPhotoFiles",
    "MemoryStore",
    "PhotoFiles",
    "Settled",
    "Store",
    "TinyDbStore",
]
