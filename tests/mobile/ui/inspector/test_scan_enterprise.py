"""扫码 for an inspector: an enterprise card (or a post card) of the grid opens its profile."""

from __future__ import annotations

import pytest

from shared.ids import TenantId
from shared.qr import QrKind, QrPayload, derive_tenant_key, manual_code, sign_qr
from sync_server.demo.city import WAREHOUSE
from tests.mobile.qr_photos import Spoil, photo_of
from tests.mobile.ui.fakes import click, screen_text, type_into
from tests.mobile.world import KITCHEN, LATHES, SECRET, card_code


def enterprise_card(tenant: str) -> QrPayload:
    return QrPayload(kind=QrKind.ENTERPRISE, tenant=tenant, target_id="", version=1)


def signed(tenant: str) -> str:
    return sign_qr(enterprise_card(tenant), derive_tenant_key(SECRET, TenantId(tenant)))


@pytest.mark.parametrize(
    ("code", "shows"),
    [
        (signed(KITCHEN), f"/enterprises/{KITCHEN}"),
        (card_code("P-LATHE-1", LATHES), f"/enterprises/{LATHES}"),
        (signed(WAREHOUSE), "这家企业不在你的辖区"),  # 昌宁县, not 海港区
    ],
)
def test_a_picked_photo_of_a_card_opens_the_enterprise_or_says_why_not(
    phone, open_app, photos, code, shows
):
    _, page = open_app(phone, "/scan")
    assert "扫描企业门口的企业码" in screen_text(page)
    photos.picked = [photo_of(code, Spoil())]
    click(page, "scan-pick")
    assert page.view.route == shows or shows in screen_text(page)


@pytest.mark.parametrize(
    ("tenant", "shows"),
    [
        (KITCHEN, f"/enterprises/{KITCHEN}"),
        (WAREHOUSE, "辖区内没有企业使用这个编码"),
    ],
)
def test_a_typed_enterprise_code_opens_the_enterprise_or_says_why_not(
    phone, open_app, tenant, shows
):
    _, page = open_app(phone, "/scan")
    code = manual_code(enterprise_card(tenant), derive_tenant_key(SECRET, TenantId(tenant)))
    type_into(page, "manual-code", code)
    click(page, "manual-open")
    assert page.view.route == shows or shows in screen_text(page)


def test_the_live_camera_says_why_a_card_is_refused_and_opens_the_next_one_of_the_grid(
    phone, open_app, photos
):
    _, page = open_app(phone, "/scan")
    photos.streamed = [photo_of(signed(WAREHOUSE), Spoil()), photo_of(signed(KITCHEN), Spoil())]
    refused: list[str] = []
    original = page.update

    def watch(*args):
        refused.append(screen_text(page))
        original(*args)

    page.update = watch
    page.run_tasks()
    assert page.view.route == f"/enterprises/{KITCHEN}"
    assert any("这家企业不在你的辖区" in shown for shown in refused)
