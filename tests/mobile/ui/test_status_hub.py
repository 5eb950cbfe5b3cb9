"""The sync loop's reports reach every open page; the end of a good round is remembered."""

from __future__ import annotations

from mobile.services.preferences import load_preferences
from mobile.store import MemoryStore
from mobile.sync.loop import SyncStatus
from mobile.sync.progress import Progress, Stage
from mobile.ui.status_hub import StatusHub


class Listener:
    def __init__(self) -> None:
        self.heard: list[object] = []

    def on_sync_status(self, status, error, synced_ms) -> None:
        self.heard.append((status, synced_ms))

    def on_sync_progress(self, progress) -> None:
        self.heard.append(progress)


def test_every_listener_hears_and_a_finished_round_is_stamped_and_kept():
    store = MemoryStore()
    hub = StatusHub(lambda: 1234)
    hub.attach(store)
    one, two = Listener(), Listener()
    hub.add(one)
    hub.add(two)
    hub.on_status(SyncStatus.SYNCING, None)
    hub.on_progress(Progress(Stage.PUSH, 1, 2))
    hub.on_status(SyncStatus.IDLE, None)
    expected = [(SyncStatus.SYNCING, None), Progress(Stage.PUSH, 1, 2), (SyncStatus.IDLE, 1234)]
    assert one.heard == two.heard == expected
    assert load_preferences(store).last_synced_ms == 1234


def test_a_failed_round_is_not_a_sync_and_a_closed_page_hears_nothing():
    hub = StatusHub(lambda: 1)
    gone = Listener()
    hub.add(gone)
    hub.remove(gone)
    hub.remove(gone)
    hub.on_status(SyncStatus.SYNCING, None)
    hub.on_status(SyncStatus.OFFLINE, OSError("down"))
    assert gone.heard == [] and hub.status is SyncStatus.OFFLINE
