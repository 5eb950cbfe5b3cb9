"""The sync screen's numbers: the user's unsent events and photos, and what needs a look."""

from __future__ import annotations

from mobile.photos import keep_photo, process_photo
from mobile.services.reporting import HazardReport, report_hazard
from mobile.services.sync_summary import ConflictKind, summarize
from mobile.store import MemoryPhotoFiles, Settled
from shared.protocol import PushStatus
from tests.mobile.ui.pictures import a_photo
from tests.mobile.world import MANAGER, WORKER


def test_only_the_users_own_unsent_events_count_the_others_wait_for_their_sign_in(kitchen):
    photos = MemoryPhotoFiles()
    ref = keep_photo(photos, process_photo(a_photo()))
    report_hazard(kitchen, WORKER, HazardReport(title="地面油污", photos=(ref,)))
    report_hazard(kitchen, MANAGER, HazardReport(title="通道堵塞", no_photo_reason="没电"))
    keep_photo(photos, process_photo(a_photo(3)))  # a draft photo: no event uses it yet
    summary = summarize(kitchen, photos, WORKER)
    assert (summary.pending_events, summary.pending_photos, summary.others_pending) == (1, 1, 1)
    assert summary.conflicts == ()


def test_refused_and_conflicting_events_are_listed_with_the_servers_reason(kitchen):
    refused = report_hazard(kitchen, WORKER, HazardReport(title="地面油污", no_photo_reason="没电"))
    clash = report_hazard(kitchen, WORKER, HazardReport(title="插排串接", no_photo_reason="没电"))
    kitchen.settle([
        Settled(refused.event_id, PushStatus.REJECTED, code="auth.not_permitted", reason="不允许"),
        Settled(clash.event_id, PushStatus.ID_CONFLICT, code="conflict"),
    ])  # fmt: skip
    summary = summarize(kitchen, MemoryPhotoFiles(), WORKER)
    assert [(c.kind, c.reason) for c in summary.conflicts] == [
        (ConflictKind.REFUSED, "不允许"),
        (ConflictKind.ID_CONFLICT, "conflict"),
    ]
    assert summary.pending_events == 0
    said = [c.said.text("zh-CN") for c in summary.conflicts if c.said]
    assert said == [
        "你的账号不能做这一步，服务器没有接收。如有疑问请联系安全管理员。",
        "服务器上已有另一条同编号的记录，这一条已单独保存，等待管理员核查。",
    ]
