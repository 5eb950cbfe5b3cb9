"""Opening a post from its card offline: the QR or the typed code, refused in plain words."""

from __future__ import annotations

import pytest

from mobile.scan import ScanRefused
from mobile.services.scanning import open_scanned, open_typed
from mobile.store import MemoryStore
from shared.qr import QrKind, QrPayload, derive_tenant_key, sign_qr
from tests.mobile.qr_photos import Spoil, photo_of
from tests.mobile.world import (
    KITCHEN,
    LATHES,
    SECRET,
    WORKER,
    card_code,
    load_reference,
    typed_code,
)


def refusal(call, *args) -> str:
    with pytest.raises(ScanRefused) as caught:
        call(*args)
    return caught.value.code


def shot(text: str) -> bytes:
    return photo_of(text, Spoil(size=360, tilt=0.1, blur=0.6))


def test_a_photo_of_the_posts_card_opens_the_post(kitchen):
    assert open_scanned(kitchen.store, WORKER, shot(card_code())).post.id == "P-STOVE"


def test_a_post_of_another_enterprise_in_the_users_scope_is_not_theirs(kitchen):
    load_reference(kitchen.store, (KITCHEN, LATHES))
    picture = shot(card_code("P-LATHE-1", tenant=LATHES))
    assert refusal(open_scanned, kitchen.store, WORKER, picture) == "qr.foreign_tenant"


def test_a_reprinted_card_retires_the_old_one(kitchen):
    old = shot(card_code(version=0))
    assert refusal(open_scanned, kitchen.store, WORKER, old) == "scan.retired_card"


def test_an_enterprise_card_does_not_open_a_post(kitchen):
    payload = QrPayload(kind=QrKind.ENTERPRISE, tenant=KITCHEN, target_id="", version=1)
    picture = shot(sign_qr(payload, derive_tenant_key(SECRET, KITCHEN)))
    assert refusal(open_scanned, kitchen.store, WORKER, picture) == "scan.enterprise_card"


def test_a_genuine_code_for_a_post_the_phone_does_not_know_is_not_the_workers(kitchen):
    picture = shot(card_code("P-GONE"))
    assert refusal(open_scanned, kitchen.store, WORKER, picture) == "scan.not_your_post"


def test_before_the_first_sync_a_scan_asks_for_one():
    assert refusal(open_scanned, MemoryStore(), WORKER, b"") == "scan.no_reference"


def test_the_typed_code_forgives_case_and_dashes(kitchen):
    code = typed_code().replace("-", "").lower()
    assert open_typed(kitchen.store, WORKER, code).post.id == "P-STOVE"
    assert refusal(open_typed, kitchen.store, WORKER, "K7QM") == "scan.bad_manual_code"
    assert refusal(open_typed, kitchen.store, WORKER, "K7QM-2XPA") == "scan.unknown_manual_code"
