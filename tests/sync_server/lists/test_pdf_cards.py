"""QR card sheets: the Chinese text is there, and every printed QR decodes and verifies."""

from __future__ import annotations

import io
from functools import cache

import pytest
import segno
from pypdf import PdfReader

from shared.qr import QrKind, QrPayload, derive_tenant_key, manual_code, sign_qr, verify_qr
from sync_server.demo import KITCHEN
from sync_server.demo.sites import CARDS
from sync_server.lists.pdf_cards import (
    EnterpriseCard,
    PostCard,
    enterprise_card_sheet,
    post_card_sheet,
)
from tests.sync_server.lists.pdf_reading import (
    decoded_qr_codes,
    embedded_fonts,
    page_count,
    pdf_images,
    pdf_text,
)

KEY = derive_tenant_key(b"demo-master", KITCHEN)
TWENTY_ONE = next(card for card in CARDS if card.id == "CARD-INN-21")
STOVE = next(card for card in CARDS if card.id == "CARD-STOVE")


def post_card(post_id: str, card=STOVE, version: int = 1) -> PostCard:
    payload = QrPayload(kind=QrKind.POST, tenant=KITCHEN, target_id=post_id, version=version)
    return PostCard(
        enterprise="海港区老街小厨餐馆",
        workshop="后厨",
        post=f"灶台岗{post_id[-1]}",
        post_id=post_id,
        card=card,
        qr_text=sign_qr(payload, KEY),
        manual_code=manual_code(payload, KEY),
    )


CARDS_PRINTED = [post_card(f"P-STOVE-{n}", version=n + 1) for n in range(3)]


@cache
def sheet() -> bytes:
    """One sheet of three kitchen cards, printed once for the tests that read it."""
    return post_card_sheet(CARDS_PRINTED)


def test_a_post_card_shows_post_workshop_enterprise_items_and_manual_code():
    card = CARDS_PRINTED[1]
    text = pdf_text(sheet())
    for expected in ("海港区老街小厨餐馆", "灶台岗1", "后厨", "P-STOVE-1", card.manual_code,
                     "液化气钢瓶来源与标识", "每班", "后厨灶台岗安全检查卡（第1版）"):  # fmt: skip
        assert expected in text


def test_a_21_item_card_lists_every_item_in_short():
    text = pdf_text(post_card_sheet([post_card("P-INN-1", card=TWENTY_ONE)]))
    assert "21." in text and "承诺书与二维码" in text and "1. 消防安全责任人" in text


@pytest.mark.parametrize(("count", "pages"), [(6, 1), (7, 2)])
def test_six_cards_fit_a_page(count, pages):
    cards = [post_card(f"P-{n}", version=n % 3 + 1) for n in range(count)]
    assert page_count(post_card_sheet(cards)) == pages


def test_every_qr_on_a_card_sheet_decodes_to_a_payload_that_verifies():
    decoded = decoded_qr_codes(sheet())
    assert decoded == [card.qr_text for card in CARDS_PRINTED]
    for text, card in zip(decoded, CARDS_PRINTED, strict=True):
        payload = verify_qr(text, key_for=lambda _: KEY, accepted_tenants={KITCHEN})
        assert payload.post_id == card.post_id
        assert manual_code(payload, KEY) == card.manual_code


def test_the_enterprise_sheet_carries_an_enterprise_qr_for_inspectors():
    payload = QrPayload(kind=QrKind.ENTERPRISE, tenant=KITCHEN, target_id="", version=1)
    card = EnterpriseCard(
        enterprise="海港区老街小厨餐馆",
        credit_code=KITCHEN,
        industry="餐饮",
        grid_path="秦海市 / 海港区 / 西港镇 / 东里村",
        qr_text=sign_qr(payload, KEY),
        manual_code=manual_code(payload, KEY),
    )
    data = enterprise_card_sheet([card])
    text = pdf_text(data)
    assert "企业安全检查二维码" in text and "西港镇" in text and card.manual_code in text
    [decoded] = decoded_qr_codes(data)
    assert (
        verify_qr(decoded, key_for=lambda _: KEY, accepted_tenants=None).kind is QrKind.ENTERPRISE
    )


def test_the_pdfs_embed_their_latin_and_cjk_fonts():
    assert embedded_fonts(sheet()) == {
        "DejaVuSansBook",
        "DroidSansFallback",
    }


@pytest.mark.parametrize("sheet", [post_card_sheet, enterprise_card_sheet])
def test_an_empty_sheet_says_there_is_nothing_to_print(sheet):
    assert "没有可打印" in pdf_text(sheet([]))


def placed(
    data: bytes,
) -> tuple[list[tuple[float, float, float]], list[tuple[float, float, float]]]:
    """(x, y, side) of each image and (x, baseline y, font size) of each text run, in points."""
    images, texts = [], []

    def before(operator, operands, cm, tm):
        if operator == b"Do":
            images.append((cm[4], cm[5], cm[0]))

    def text(content, cm, tm, font, size):
        if content.strip():
            texts.append((tm[4], tm[5], size))

    reader = PdfReader(io.BytesIO(data))
    reader.pages[0].extract_text(visitor_operand_before=before, visitor_text=text)
    return images, texts


def test_a_post_cards_qr_has_13_mm_modules_a_4_module_quiet_zone_and_level_m():
    card = CARDS_PRINTED[0]
    [(_, _, side_pt)] = placed(post_card_sheet([card]))[0]
    code = segno.make(card.qr_text, error="m", micro=False)
    modules = code.symbol_size(border=0)[0]
    assert code.mode == "alphanumeric" and code.error == "M"
    assert side_pt * 25.4 / 72 / (modules + 8) >= 1.3
    [image] = pdf_images(post_card_sheet([card]))
    pixels = image.convert("L")
    module_px = pixels.width / (modules + 8)
    finder_row = round(4.5 * module_px)  # through the top-left finder pattern
    row = [pixels.getpixel((x, finder_row)) for x in range(pixels.width)]
    first_dark = next(x for x, value in enumerate(row) if isinstance(value, int) and value < 128)
    assert first_dark / module_px == pytest.approx(4, abs=0.01)


def test_no_text_on_a_post_card_comes_within_4_modules_of_its_qr():
    card = CARDS_PRINTED[0]
    [(x, y, side)], texts = placed(post_card_sheet([card]))
    module = side / (segno.make(card.qr_text, error="m").symbol_size(border=0)[0] + 8)
    # The symbol, and around it the 4 modules that must stay free of text (PDF y points up).
    right = x + side - 4 * module
    bottom, top = y + 4 * module, y + side - 4 * module
    for tx, baseline, size in texts:
        if tx >= right + 4 * module:
            continue  # beside the code
        above = baseline - 0.25 * size >= top + 4 * module
        below = baseline + 0.9 * size <= bottom - 4 * module
        assert above or below, (tx, baseline, size)
