"""扫码: a picture of a post card opens its card; anything else is refused in plain words."""

from __future__ import annotations

import io

import pytest
import segno
from PIL import Image

from mobile import reference
from mobile.live_scan import ListFrames
from mobile.location import FixedLocator
from mobile.ui.app import PhoneApp
from shared.geo import Position
from sync_server.demo import LATHES
from tests.mobile.qr_photos import Spoil, photo_of
from tests.mobile.ui.fakes import (
    FakePage,
    click,
    control,
    has,
    screen_text,
    text_of,
    type_into,
)
from tests.mobile.world import card_code, demo_reference_body, typed_code


def picture_of(text: str) -> bytes:
    return photo_of(text, Spoil(size=400))


def blank_picture() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (640, 480), (200, 200, 200)).save(out, "JPEG")
    return out.getvalue()


def open_scan(ui: tuple[PhoneApp, FakePage]) -> tuple[PhoneApp, FakePage]:
    app, page = ui
    app.go("/scan")
    return app, page


def test_a_picked_photo_of_the_posts_card_opens_its_most_pressing_card(ui, photos):
    app, page = open_scan(ui)
    photos.picked = [picture_of(card_code())]
    click(page, "scan-pick")
    assert page.view.route == "/check/P-STOVE/daily/2026-11-29"  # yesterday's card is late
    assert app.state.card is not None and app.state.card.answers.scanned


def test_the_camera_starts_after_the_screen_is_shown_and_its_capture_opens_the_card(ui, photos):
    _, page = open_scan(ui)
    assert has(page, "camera-preview")
    assert control(page, "scan-capture").disabled  # until the camera runs
    page.run_tasks()
    assert photos.started == 1
    assert not control(page, "scan-capture").disabled
    photos.captured = picture_of(card_code())
    click(page, "scan-capture")
    assert page.view.route.startswith("/check/P-STOVE/")


def test_a_streaming_camera_reads_frames_until_the_card_shows_and_opens_it(ui, photos):
    _, page = open_scan(ui)
    photos.streamed = [blank_picture(), blank_picture(), picture_of(card_code()), blank_picture()]
    page.run_tasks()
    assert page.view.route.startswith("/check/P-STOVE/")
    assert ui[0].state.card is not None and ui[0].state.card.answers.scanned
    assert photos.stream_made is not None and photos.stream_made.read == 3


def test_a_refused_card_in_the_stream_is_explained_while_the_camera_keeps_reading(ui, photos):
    _, page = open_scan(ui)
    photos.streamed = [picture_of(card_code("P-LATHE-1", tenant=LATHES)), blank_picture()]
    page.run_tasks()
    assert page.view.route == "/scan"
    assert "属于其他企业" in text_of(control(page, "scan-live"))
    assert not control(page, "scan-capture").disabled  # the other ways stay open


def test_a_card_read_after_the_worker_left_the_scan_screen_opens_nothing(ui, photos):
    app, page = open_scan(ui)
    card = picture_of(card_code())

    class LeavingFrames(ListFrames):
        async def next_frame(self) -> bytes | None:
            frame = await super().next_frame()
            app.go("/today")  # the worker taps 今日 while this frame decodes
            return frame

    async def stream() -> ListFrames:
        return LeavingFrames([card])

    photos.stream = stream
    page.run_tasks()
    assert page.view.route == "/today" and app.state.card is None


def test_while_the_camera_streams_the_screen_says_it_reads_by_itself(ui, photos):
    _, page = open_scan(ui)
    photos.streamed = [blank_picture()]
    page.run_tasks()
    assert "自动打开" in text_of(control(page, "scan-live"))


def test_in_a_browser_without_a_frame_stream_the_capture_button_is_the_camera(ui, photos):
    _, page = open_scan(ui)
    page.run_tasks()  # photos.streamed is None: no stream, as in the web client
    assert text_of(control(page, "scan-live")) == ""
    photos.captured = picture_of(card_code())
    click(page, "scan-capture")
    assert page.view.route.startswith("/check/P-STOVE/")


def test_the_torch_toggles_once_the_camera_runs(ui, photos):
    _, page = open_scan(ui)
    assert control(page, "scan-torch").disabled
    page.run_tasks()
    click(page, "scan-torch")
    assert photos.torch_on and control(page, "scan-torch").selected
    click(page, "scan-torch")
    assert not photos.torch_on and not control(page, "scan-torch").selected


def test_a_camera_without_a_torch_says_so(ui, photos):
    _, page = open_scan(ui)
    photos.has_torch = False
    page.run_tasks()
    click(page, "scan-torch")
    assert page.snacks() == ["这部手机的相机不能开手电筒"]


def locate_the_stove(phone) -> None:
    """The stove post gets coordinates, as a manager or the import would give it."""
    body = demo_reference_body()
    for post in body["post"]:
        if post["id"] == "P-STOVE":
            post.update(latitude=39.935, longitude=119.6)
    reference.save_reference(phone.store, body, now_ms=0)


HERE = Position(latitude=39.9351, longitude=119.6001, accuracy_m=15)


@pytest.mark.parametrize("where", [HERE, None], ids=["located", "no permission"])
def test_a_scanned_post_with_coordinates_asks_where_the_phone_is_and_keeps_it_unshown(
    ui, photos, phone, where
):
    app, page = open_scan(ui)
    locate_the_stove(phone)
    app.locator = located = FixedLocator(where)
    photos.picked = [picture_of(card_code())]
    click(page, "scan-pick")
    assert page.view.route.startswith("/check/P-STOVE/")  # never required
    assert located.asked == 1
    assert app.state.card is not None and app.state.card.answers.location == where
    assert "39.93" not in screen_text(page)


def test_a_post_without_coordinates_never_asks_for_the_location(ui, photos):
    app, page = open_scan(ui)
    app.locator = located = FixedLocator(HERE)
    photos.streamed = [picture_of(card_code())]
    page.run_tasks()
    assert page.view.route.startswith("/check/P-STOVE/")
    assert app.state.card is not None and app.state.card.answers.location is None
    assert located.asked == 0


def test_a_typed_code_never_asks_for_the_location(ui, phone):
    app, page = open_scan(ui)
    locate_the_stove(phone)
    app.locator = located = FixedLocator(HERE)
    type_into(page, "manual-code", typed_code())
    click(page, "manual-open")
    assert page.view.route.startswith("/check/P-STOVE/")
    assert located.asked == 0


def test_without_a_working_camera_the_screen_offers_the_photo_and_the_code(ui, photos):
    _, page = open_scan(ui)
    photos.camera_works = False
    page.run_tasks()
    assert has(page, "no-camera") and has(page, "scan-pick") and has(page, "manual-code")
    assert "相机不可用" in screen_text(page)


def test_another_enterprises_card_is_refused_as_not_ours(ui, photos):
    _, page = open_scan(ui)
    photos.picked = [picture_of(card_code("P-LATHE-1", tenant=LATHES))]
    click(page, "scan-pick")
    assert page.view.route == "/scan"
    assert "属于其他企业" in screen_text(page)


def test_a_tampered_code_is_refused_as_forged(ui, photos):
    _, page = open_scan(ui)
    good = card_code()
    photos.picked = [picture_of(good[:-4] + ("AAAA" if not good.endswith("AAAA") else "BBBB"))]
    click(page, "scan-pick")
    assert "被改动过或是伪造的" in screen_text(page)


def test_a_picture_without_a_code_asks_to_come_closer(ui, photos):
    _, page = open_scan(ui)
    photos.picked = [blank_picture()]
    click(page, "scan-pick")
    assert "请靠近一些" in screen_text(page)


def test_a_qr_code_that_is_not_ours_says_so(ui, photos):
    _, page = open_scan(ui)
    out = io.BytesIO()
    segno.make("https://example.com/menu").save(out, kind="png", scale=8)
    photos.picked = [out.getvalue()]
    click(page, "scan-pick")
    assert "不是本系统的岗位卡二维码" in screen_text(page)


def test_the_typed_manual_code_opens_the_card(ui):
    _, page = open_scan(ui)
    type_into(page, "manual-code", typed_code().lower())
    click(page, "manual-open")
    assert page.view.route.startswith("/check/P-STOVE/")
    assert not ui[0].state.card.answers.scanned


def test_a_mistyped_manual_code_says_what_a_code_looks_like(ui):
    _, page = open_scan(ui)
    type_into(page, "manual-code", "12")
    click(page, "manual-open")
    assert "8 位字母和数字" in screen_text(page)
    type_into(page, "manual-code", "ZZZZ-ZZZZ")
    click(page, "manual-open")
    assert "没有找到这个手工码" in screen_text(page)


def test_a_refusal_is_forgotten_when_the_worker_leaves_the_screen(ui, photos):
    app, page = open_scan(ui)
    photos.picked = [blank_picture()]
    click(page, "scan-pick")
    assert has(page, "refusal")
    app.go("/today")
    app.go("/scan")
    assert not has(page, "refusal")
    assert control(page, "scan-pick") is not None
