"""The printed post card's QR, photographed, opens the card with OpenCV alone (the phone's decoder).

The sheet is printed by the server (fpdf2), so this test needs the server's packages and skips
in the phone profile; the phone profile's own scan tests (``test_scan.py``) cover OpenCV there.
"""

from __future__ import annotations

import io

import pytest
from PIL import Image, ImageFilter

from mobile.qr_decoders import opencv_decoder
from mobile.scan import scan_card
from shared.ids import PostId, TenantId
from shared.qr import QrKind, QrPayload, derive_tenant_key, manual_code, sign_qr

pytest.importorskip("fpdf", reason="the card PDF is printed by the server profile (fpdf2)")
pypdf = pytest.importorskip("pypdf", reason="reading the PDF back needs the dev profile (pypdf)")

from sync_server.lists.pdf_cards import PostCard, post_card_sheet  # noqa: E402

TENANT = TenantId("91130302MA0DEM001Y")
KEY = derive_tenant_key(b"test-master", TENANT)
CARD = QrPayload(kind=QrKind.POST, tenant=TENANT, target_id=PostId("P-STOVE"), version=2)
PX_PER_MM = 6.0
"""A 1280-px camera frame across a 213 mm field of view: a phone held about 25 cm away."""


def printed_qr() -> tuple[Image.Image, float]:
    """The QR image placed on the printed sheet, and its printed width in mm."""
    sheet = post_card_sheet(
        [
            PostCard(
                enterprise="海港区老街小厨餐馆",
                workshop="后厨",
                post="灶台岗",
                post_id=CARD.target_id,
                card=None,
                qr_text=sign_qr(CARD, KEY),
                manual_code=manual_code(CARD, KEY),
            )
        ]
    )
    page = pypdf.PdfReader(io.BytesIO(sheet)).pages[0]
    [placed] = page.images
    width_mm = _placed_width_mm(page)
    return placed.image.convert("L"), width_mm


def _placed_width_mm(page) -> float:
    """The width the page's content stream gives the QR image (``w 0 0 h x y cm``), in mm."""
    widths = []

    def visit(operator, operands, cm, tm):
        if operator == b"Do":
            widths.append(cm[0])

    page.extract_text(visitor_operand_before=visit)
    return float(widths[0]) * 25.4 / 72


def photo(code: Image.Image, width_mm: float) -> bytes:
    """The printed code as a phone camera frame sees it: on a white card, slightly soft, JPEG."""
    side = round(width_mm * PX_PER_MM)
    frame = Image.new("L", (1280, 960), 225)
    frame.paste(code.resize((side, side), Image.Resampling.BILINEAR), (500, 300))
    frame = frame.filter(ImageFilter.GaussianBlur(1.0))
    out = io.BytesIO()
    frame.save(out, "JPEG", quality=85)
    return out.getvalue()


def test_the_printed_cards_qr_opens_the_card_with_opencv_alone():
    decoder = opencv_decoder()
    assert decoder is not None, "OpenCV is the phone's decoder and must be installed here"
    code, width_mm = printed_qr()
    found = scan_card(
        photo(code, width_mm),
        key_for={TENANT: KEY}.get,
        accepted_tenants=[TENANT],
        decoders=[decoder],
    )
    assert found == CARD
