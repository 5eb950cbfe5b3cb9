"""签收 strokes become a picture kept like a photo; a tap is not a signature."""

from __future__ import annotations

import io

import pytest
from PIL import Image

from mobile.services.signature import PAD_HEIGHT, PAD_WIDTH, is_signed, signature_png

ZIGZAG = [[(20.0 + 10 * i, 40.0 + (30 if i % 2 else 0)) for i in range(20)]]


@pytest.mark.parametrize(
    ("strokes", "signed"),
    [
        ([], False),
        ([[(10.0, 10.0)]], False),  # a tap
        ([[(10.0, 10.0), (12.0, 11.0)], [(40.0, 40.0)]], False),  # a slip
        (ZIGZAG, True),
        ([[(1.0, 1.0)] * 4, [(5.0, 5.0)] * 4], True),  # two short strokes together
    ],
)
def test_a_signature_needs_more_than_a_tap(strokes, signed):
    assert is_signed(strokes) is signed


def test_the_strokes_are_drawn_black_on_a_white_pad_at_twice_its_size():
    picture = Image.open(io.BytesIO(signature_png(ZIGZAG)))
    assert picture.format == "PNG"
    assert picture.size == (int(PAD_WIDTH * 2), int(PAD_HEIGHT * 2))
    grey = picture.convert("L")
    assert grey.getpixel((0, 0)) == 255  # untouched paper
    assert grey.getpixel((40, 80)) == 0  # the first point, doubled
    dark = grey.point(lambda value: 255 if value < 128 else 0).histogram()[255]
    assert 500 < dark < picture.size[0] * picture.size[1] // 4
