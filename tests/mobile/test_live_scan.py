"""Live scanning: frames are decoded one after another until a code opens, without a camera."""

from __future__ import annotations

import asyncio

import pytest

from mobile.live_scan import LatestFrame, ListFrames, scan_frames
from mobile.scan import ScanRefused, scan_card
from shared.ids import PostId, TenantId
from shared.qr import QrKind, QrPayload, derive_tenant_key, sign_qr
from tests.mobile.qr_photos import Spoil, photo_of

OURS = TenantId("91130302MA0DEM001Y")
OTHERS = TenantId("91130302MA0DEM002Y")
KEYS = {tenant: derive_tenant_key(b"live-master", tenant) for tenant in (OURS, OTHERS)}


def card(tenant: TenantId = OURS, post: str = "P-STOVE") -> bytes:
    payload = QrPayload(kind=QrKind.POST, tenant=tenant, target_id=PostId(post), version=1)
    return photo_of(sign_qr(payload, KEYS[tenant]), Spoil(size=300))


def blank() -> bytes:
    return photo_of("", Spoil(size=300, contrast=0.0))


def open_post(frame: bytes) -> str:
    """What the scan screen does with a frame: the post of a card of our enterprise."""
    payload = scan_card(frame, key_for=KEYS.get, accepted_tenants={OURS})
    return str(payload.post_id)


def scan(stream: ListFrames) -> tuple[str | None, list[str]]:
    refused: list[str] = []
    opened = asyncio.run(scan_frames(stream, open_post, lambda r: refused.append(r.code)))
    return opened, refused


def test_frames_without_a_code_are_skipped_until_one_shows_the_card():
    stream = ListFrames([blank(), blank(), card(), card(post="P-LATER")])
    assert scan(stream) == ("P-STOVE", [])
    assert stream.read == 3 and stream.stopped  # the camera stops once the card opens


def test_a_stream_that_ends_without_a_card_opens_nothing_and_says_nothing():
    stream = ListFrames([blank(), b"not a picture"])
    assert scan(stream) == (None, [])
    assert stream.read == 2


def test_a_refused_card_is_reported_once_and_scanning_goes_on_to_the_right_one():
    stream = ListFrames([card(OTHERS), blank(), card(OTHERS), card()])
    assert scan(stream) == ("P-STOVE", ["qr.foreign_tenant"])


def test_a_refusal_that_is_not_about_the_frame_is_reported_too():
    def no_decoder(_: bytes) -> str:
        raise ScanRefused("scan.no_decoder")

    refused: list[str] = []
    stream = ListFrames([card(), card()])
    assert asyncio.run(scan_frames(stream, no_decoder, lambda r: refused.append(r.code))) is None
    assert refused == ["scan.no_decoder"]


def test_the_newest_frame_replaces_one_not_yet_decoded():
    async def run() -> tuple[list[bytes | None], int]:
        latest = LatestFrame()
        for frame in (b"1", b"2", b"3"):
            latest.offer(frame)
        first = await latest.next_frame()
        latest.offer(b"4")
        second = await latest.next_frame()
        return [first, second], latest.dropped

    assert asyncio.run(run()) == ([b"3", b"4"], 2)


def test_a_stopped_stream_ends_at_once_and_tells_the_camera_to_stop():
    async def run() -> tuple[bytes | None, list[str]]:
        told: list[str] = []

        async def stop_camera() -> None:
            told.append("stop")

        latest = LatestFrame(stop_camera)
        waiting = asyncio.ensure_future(latest.next_frame())
        await asyncio.sleep(0)
        await latest.stop()
        latest.offer(b"late")
        await latest.stop()  # twice is once
        return await waiting, told

    assert asyncio.run(run()) == (None, ["stop"])


@pytest.mark.parametrize("wait_s", [0.0, 0.01])
def test_a_camera_that_sends_nothing_more_ends_the_stream(wait_s):
    """The preview left the screen: the loop ends instead of waiting for ever."""
    latest = LatestFrame(wait_s=wait_s)
    assert asyncio.run(latest.next_frame()) is None
    latest.offer(b"after the end")
    assert asyncio.run(latest.next_frame()) is None
