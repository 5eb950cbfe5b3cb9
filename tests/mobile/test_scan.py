"""Reading post cards from phone photos, with each decoder or several, and refusing bad codes.

Each decoder's tests skip where its library is absent: the phone profile (``scripts/phone-venv``)
has OpenCV only, the desktop profile all three.
"""

from __future__ import annotations

import importlib
import io
import sys
from collections.abc import Callable
from typing import Any

import pytest
import segno
from PIL import Image

from mobile.qr_decoders import (
    OpenCvDecoder,
    QrDecoder,
    ZbarDecoder,
    ZxingDecoder,
    available_decoders,
    opencv_decoder,
    text_of,
)
from mobile.scan import ScanRefused, read_codes, scan_card
from shared.ids import PostId, TenantId
from shared.qr import QrKind, QrPayload, derive_tenant_key, sign_qr
from tests.mobile.qr_photos import FRAME, Spoil, code_image, photo_of

TENANT = TenantId("91130302MA0DEM001Y")
KEY = derive_tenant_key(b"test-master", TENANT)
CARD = QrPayload(kind=QrKind.POST, tenant=TENANT, target_id=PostId("P-STOVE"), version=3)
SIGNED = sign_qr(CARD, KEY)


def _installed(make: Callable[[], Any]) -> Any:
    try:
        return make()
    except (ImportError, OSError):  # not installed, or its native library is missing
        return None


ZXING: QrDecoder | None = _installed(lambda: ZxingDecoder(importlib.import_module("zxingcpp")))
ZBAR: QrDecoder | None = _installed(
    lambda: (
        importlib.import_module("pyzbar.pyzbar")
        and ZbarDecoder(importlib.import_module("pyzbar.wrapper"))
    )
)
OPENCV: QrDecoder | None = opencv_decoder()
DESKTOP = pytest.mark.skipif(
    ZXING is None or ZBAR is None, reason="zxing-cpp and zbar are in the web/desktop profile only"
)


DECODER_SETS = {
    "zxing then zbar": [ZXING, ZBAR],
    "zxing-only": [ZXING],
    "zbar-only": [ZBAR],
    "opencv-only": [OPENCV],
}
DECODER_PARAMS = [
    pytest.param(
        decoders,
        id=name,
        marks=pytest.mark.skipif(None in decoders, reason=f"{name}: a library is not installed"),
    )
    for name, decoders in DECODER_SETS.items()
]
SINGLE_DECODERS = [
    pytest.param(decoder, id=name, marks=pytest.mark.skipif(decoder is None, reason=f"no {name}"))
    for name, decoder in {"zxing": ZXING, "zbar": ZBAR, "opencv": OPENCV}.items()
]

SPOILS = {
    "blur": Spoil(blur=3.0),
    "tilt": Spoil(tilt=0.4, rotate=25),
    "noise": Spoil(noise=0.3),
    "low contrast": Spoil(contrast=0.2),
    "glare": Spoil(glare=0.9),
    "small": Spoil(size=95),
    "all at once, mildly": Spoil(size=200, tilt=0.15, blur=1.0, noise=0.1, contrast=0.6, glare=0.4),
}


@DESKTOP
def test_on_a_desktop_zxing_comes_first_then_zbar_and_opencv_is_not_needed():
    assert [d.name for d in available_decoders()] == ["zxing-cpp", "zbar"]


@pytest.mark.skipif(OPENCV is None, reason="OpenCV is not installed")
def test_where_zxing_is_absent_opencv_is_chosen_first(monkeypatch):
    monkeypatch.setitem(sys.modules, "zxingcpp", None)  # import now raises ImportError
    names = [d.name for d in available_decoders()]
    assert names[0] == "opencv" and names[1:] in ([], ["zbar"])


@pytest.mark.parametrize("decoders", DECODER_PARAMS)
@pytest.mark.parametrize("spoil", SPOILS.values(), ids=SPOILS)
def test_a_spoilt_phone_photo_of_a_card_decodes(spoil, decoders):
    assert read_codes(photo_of(SIGNED, spoil, seed=7), decoders) == [SIGNED]


@pytest.mark.parametrize("decoder", SINGLE_DECODERS)
def test_chinese_utf8_text_is_read_exactly_never_as_shift_jis(decoder):
    text = "液化气钢瓶：检验日期 2026-10-01，充装单位 秦海燃气"
    assert read_codes(photo_of(text, Spoil(size=360)), [decoder]) == [text]


def raw_code_photo(raw: bytes) -> bytes:
    """A clean photo of a code holding these bytes as they are (no encoding declared)."""
    qr = segno.make(raw, mode="byte", error="m", micro=False)
    out = io.BytesIO()
    qr.save(out, kind="png", scale=8, border=4)
    return png(Image.open(io.BytesIO(out.getvalue())).convert("L"))


@pytest.mark.skipif(OPENCV is None, reason="OpenCV is not installed")
@pytest.mark.parametrize(
    ("raw", "text"),
    [
        ("液化气钢瓶 检验合格".encode("gb18030"), "液化气钢瓶 检验合格"),
        ("液化气钢瓶 检验合格".encode(), "液化气钢瓶 检验合格"),
        ("Café über".encode(), "Café über"),
        ("café ü".encode("latin-1"), "café ü"),
        (b"SK1:P:ABC", "SK1:P:ABC"),
    ],
    ids=["gb18030", "utf-8", "utf-8 latin letters", "latin-1", "ascii"],
)
def test_opencv_reads_utf8_then_gb18030_and_mangles_no_other_text(raw, text):
    assert OPENCV is not None
    assert read_codes(raw_code_photo(raw), [OPENCV]) == [text]


@pytest.mark.parametrize("decoders", DECODER_PARAMS)
def test_every_code_in_the_picture_is_returned_once(decoders):
    scene = Image.new("L", FRAME, 200)
    for n, text in enumerate(["https://gas.example/cyl/123", SIGNED, SIGNED]):
        scene.paste(
            code_image(text).resize((260, 260), Image.Resampling.NEAREST), (60 + n * 400, 300)
        )
    assert sorted(read_codes(png(scene), decoders)) == sorted(
        ["https://gas.example/cyl/123", SIGNED]
    )


def png(image: Image.Image, kind: str = "PNG") -> bytes:
    out = io.BytesIO()
    image.save(out, kind)
    return out.getvalue()


@pytest.mark.parametrize("kind", ["PNG", "WEBP", "JPEG"])
def test_png_webp_and_jpeg_files_are_read(kind):
    picture = code_image(SIGNED).resize((330, 330), Image.Resampling.NEAREST)
    assert read_codes(png(picture, kind)) == [SIGNED]


def test_a_picture_without_a_code_gives_no_texts():
    assert read_codes(png(Image.effect_noise((640, 480), 30))) == []


@pytest.mark.parametrize(
    "data", [b"", b"GIF89a....", "二维码".encode(), b"\xff\xd8\xff\xe0garbage"]
)
def test_bytes_that_are_not_a_picture_are_refused_clearly(data):
    with pytest.raises(ScanRefused) as refused:
        read_codes(data)
    assert refused.value.code == "scan.not_image"
    assert "照片" in refused.value.message.zh and "picture" in refused.value.message.en


@DESKTOP
@pytest.mark.parametrize(
    ("missing", "left"),
    [
        (["zxingcpp"], ["opencv", "zbar"]),
        (["zxingcpp", "cv2"], ["zbar"]),
        (["pyzbar.pyzbar", "pyzbar.wrapper"], ["zxing-cpp"]),
    ],
)
def test_scanning_survives_a_missing_library(monkeypatch, missing, left):
    for name in missing:
        monkeypatch.setitem(sys.modules, name, None)  # import now raises ImportError
    decoders = available_decoders()
    assert [d.name for d in decoders] == left
    assert read_codes(photo_of(SIGNED, SPOILS["tilt"])) == [SIGNED]


def test_without_any_decoder_the_worker_is_told_to_type_the_code(monkeypatch):
    for name in ("zxingcpp", "cv2", "pyzbar.pyzbar", "pyzbar.wrapper"):
        monkeypatch.setitem(sys.modules, name, None)
    with pytest.raises(ScanRefused) as refused:
        read_codes(photo_of(SIGNED, Spoil()))
    assert refused.value.code == "scan.no_decoder"
    assert "手动输入" in refused.value.message.zh


def scan(text: str, *, tenants=(TENANT,), keys=None):
    keys = {TENANT: KEY} if keys is None else keys
    return scan_card(photo_of(text, Spoil(size=300)), key_for=keys.get, accepted_tenants=tenants)


def test_a_genuine_card_of_the_users_enterprise_opens():
    assert scan(SIGNED) == CARD


@pytest.mark.parametrize(
    ("text", "tenants", "code", "zh"),
    [
        (SIGNED[:-1] + ("A" if SIGNED[-1] != "A" else "B"), (TENANT,), "qr.tampered", "伪造"),
        (SIGNED, (TenantId("OTHER"),), "qr.foreign_tenant", "其他企业"),
        ("https://gas.example/cyl/123", (TENANT,), "qr.malformed", "不是本系统"),
        ("SK2:P:X:Y:1:ABCDEFGHIJKLMNOP", (TENANT,), "qr.unknown_version", "更新"),
    ],
    ids=["tampered", "foreign", "not ours", "newer format"],
)
def test_a_code_that_must_not_open_anything_is_refused_in_words_a_worker_understands(
    text, tenants, code, zh
):
    with pytest.raises(ScanRefused) as refused:
        scan(text, tenants=tenants)
    assert refused.value.code == code
    assert zh in refused.value.message.zh
    assert refused.value.message.text("en-US") == refused.value.message.en


def test_our_card_is_found_beside_a_foreign_code_in_the_same_picture():
    scene = Image.new("L", FRAME, 210)
    scene.paste(
        code_image("https://gas.example/cyl/9").resize((250, 250), Image.Resampling.NEAREST),
        (80, 300),
    )
    scene.paste(code_image(SIGNED).resize((300, 300), Image.Resampling.NEAREST), (700, 300))
    found = scan_card(png(scene), key_for=lambda t: {TENANT: KEY}.get(t), accepted_tenants=[TENANT])
    assert found == CARD


def test_a_photo_without_a_card_asks_to_come_closer_or_type_the_code():
    with pytest.raises(ScanRefused) as refused:
        scan_card(
            png(Image.new("L", (640, 480), 128)), key_for=lambda t: None, accepted_tenants=None
        )
    assert refused.value.code == "scan.no_code"


@pytest.mark.parametrize(
    ("raw", "text"),
    [("检查".encode(), "检查"), ("检查".encode("gb18030"), "检查"), (b"\xff\xfe\xfa", "ÿþú")],
)
def test_raw_code_bytes_are_read_as_utf8_then_gb18030(raw, text):
    assert text_of(raw) == text


@pytest.mark.parametrize(
    ("decoder", "kind"),
    [(ZXING, ZxingDecoder), (ZBAR, ZbarDecoder), (OPENCV, OpenCvDecoder)],
    ids=["zxing", "zbar", "opencv"],
)
def test_the_decoders_name_themselves(decoder, kind):
    if decoder is None:
        pytest.skip(f"{kind.__name__}'s library is not installed")
    assert isinstance(decoder, kind)
