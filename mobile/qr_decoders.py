"""QR decoders behind one small port: zxing-cpp or else OpenCV first, zbar (through pyzbar) last.

Any library may be missing: Flet's mobile index has neither zxing-cpp nor libzbar for Android,
but it has opencv-python (handbook, "Camera and QR"; docs/phone-build.md). ``available_decoders()``
returns the ones that import, in order, and ``mobile.scan`` tries them in turn. OpenCV
(``mobile.qr_opencv``) is chosen only where zxing-cpp is absent: it reads fewer spoilt frames
and more slowly, so on a desktop it would only add time to frames without a code.

zxing-cpp binarises locally and searches rotations itself; on noisy frames a smoothed copy
(half size, or a slight blur) rescues reads that fail their checksums, and on out-of-focus
frames a sharpened one.

zbar guesses the text encoding of byte segments and turns short UTF-8 Chinese into Shift-JIS
mojibake; with ``ZBAR_CFG_BINARY`` it returns the raw bytes, which are then read as UTF-8 (or
GB18030, common on Chinese labels). zbar also needs help on phone photos: camera-size frames
are tried at half size first (faster, and zbar's finder likes modules of a few pixels), then at
full size, then binarised at several thresholds (glare, washed-out print); small crops are
upscaled.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterator
from ctypes import c_void_p, cast, create_string_buffer, string_at
from typing import Any, Protocol

from PIL import Image, ImageFilter, ImageOps

from mobile.qr_opencv import OpenCvDecoder

__all__ = [
    "OpenCvDecoder",
    "QrDecoder",
    "ZbarDecoder",
    "ZxingDecoder",
    "available_decoders",
    "text_of",
]

CAMERA_SIDE = 1000
"""A frame whose long side is at least this is treated as a camera frame (downscale first)."""
SMALL_SIDE = 480
"""A picture whose long side is below this is upscaled for zbar."""
THRESHOLDS = (96, 128, 160)
ZBAR_CFG_BINARY = 4  # zbar.h: return raw bytes, guess no text encoding
_Y800 = int.from_bytes(b"Y800", "little")  # zbar's 8-bit greyscale format


class QrDecoder(Protocol):
    """Finds every QR code in a greyscale picture and returns their texts."""

    name: str

    def decode(self, image: Image.Image) -> list[str]:
        """The texts of the QR codes found in an ``L``-mode image, possibly none."""
        ...


def text_of(payload: bytes) -> str:
    """Raw QR bytes as text: UTF-8 (our cards, modern labels), else GB18030 (older labels)."""
    for encoding in ("utf-8", "gb18030"):
        try:
            return payload.decode(encoding)
        except UnicodeDecodeError:
            continue
    return payload.decode("latin-1")


class ZxingDecoder:
    """zxing-cpp: reads tilted, blurred and low-contrast codes well, in a few milliseconds."""

    name = "zxing-cpp"

    def __init__(self, module: Any) -> None:
        self._zxing = module

    def decode(self, image: Image.Image) -> list[str]:
        """Every QR code zxing-cpp finds at the first step of its cascade that finds any."""
        for candidate in _zxing_cascade(image):
            found = self._read(candidate)
            if found:
                return found
        return []

    def _read(self, image: Image.Image) -> list[str]:
        results = self._zxing.read_barcodes(image, formats=self._zxing.BarcodeFormat.QRCode)
        return [_zxing_text(result) for result in results if result.valid]


def _zxing_text(result: Any) -> str:
    raw: bytes = result.bytes
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return str(result.text)  # zxing knows the ECI or guessed the charset


def _zxing_cascade(image: Image.Image) -> Iterator[Image.Image]:
    """As is; smoothed (sensor noise breaks module reads); sharpened (out of focus); upscaled."""
    yield image
    side = max(image.size)
    if side >= CAMERA_SIDE:
        yield _scaled(image, 0.5)
    yield image.filter(ImageFilter.GaussianBlur(1))
    yield image.filter(ImageFilter.UnsharpMask(radius=3, percent=150, threshold=2))
    if side < SMALL_SIDE:
        yield _scaled(image, 2.0)


class ZbarDecoder:
    """zbar through pyzbar's ctypes wrapper, in binary mode, with a preprocessing cascade."""

    name = "zbar"

    def __init__(self, wrapper: Any) -> None:
        self._zbar = wrapper

    def decode(self, image: Image.Image) -> list[str]:
        """Every QR code zbar finds at the first step of the cascade that finds any."""
        for make in _zbar_cascade(image):
            found = self._scan(make())
            if found:
                return [text_of(payload) for payload in found]
        return []

    def _scan(self, image: Image.Image) -> list[bytes]:
        z = self._zbar
        pixels = create_string_buffer(image.tobytes(), image.width * image.height)
        scanner = z.zbar_image_scanner_create()
        frame = z.zbar_image_create()
        try:
            z.zbar_image_scanner_set_config(scanner, 0, z.ZBarConfig.CFG_ENABLE, 0)
            qr = z.ZBarSymbol.QRCODE
            z.zbar_image_scanner_set_config(scanner, qr, z.ZBarConfig.CFG_ENABLE, 1)
            z.zbar_image_scanner_set_config(scanner, qr, ZBAR_CFG_BINARY, 1)
            z.zbar_image_set_format(frame, _Y800)
            z.zbar_image_set_size(frame, image.width, image.height)
            z.zbar_image_set_data(frame, cast(pixels, c_void_p), len(pixels), None)
            if z.zbar_scan_image(scanner, frame) <= 0:
                return []
            return list(self._symbols(frame))
        finally:
            z.zbar_image_destroy(frame)
            z.zbar_image_scanner_destroy(scanner)

    def _symbols(self, frame: Any) -> Iterator[bytes]:
        z = self._zbar
        symbol = z.zbar_image_first_symbol(frame)
        while symbol:
            yield string_at(z.zbar_symbol_get_data(symbol), z.zbar_symbol_get_data_length(symbol))
            symbol = z.zbar_symbol_next(symbol)


def _zbar_cascade(image: Image.Image) -> Iterator[Callable[[], Image.Image]]:
    """Size-aware steps, cheapest and likeliest first; each is made only when reached."""
    side = max(image.size)
    if side >= CAMERA_SIDE:
        yield lambda: _scaled(image, 0.5)
    if side < SMALL_SIDE:
        yield lambda: _scaled(image, 2.0)
    yield lambda: image
    base = _scaled(image, 0.5) if side >= 2 * CAMERA_SIDE else image
    for level in THRESHOLDS:
        yield lambda level=level: _binarised(base, level)  # type: ignore[misc]
    yield lambda: _binarised(base.filter(ImageFilter.UnsharpMask(radius=3, percent=200)), 128)


def _scaled(image: Image.Image, factor: float) -> Image.Image:
    size = (max(1, round(image.width * factor)), max(1, round(image.height * factor)))
    method = Image.Resampling.BOX if factor < 1 else Image.Resampling.BICUBIC
    return image.resize(size, method)


def _binarised(image: Image.Image, level: int) -> Image.Image:
    stretched = ImageOps.autocontrast(image, cutoff=1)
    return stretched.point(lambda value: 255 if value >= level else 0)


def available_decoders() -> list[QrDecoder]:
    """The decoders whose libraries import on this device: zxing-cpp or else OpenCV, then zbar."""
    found: list[QrDecoder] = []
    zxing = _import("zxingcpp")
    if zxing is not None:
        found.append(ZxingDecoder(zxing))
    else:
        opencv = opencv_decoder()
        if opencv is not None:
            found.append(opencv)
    zbar = _import("pyzbar.wrapper")
    if zbar is not None and _import("pyzbar.pyzbar") is not None:  # loads libzbar
        found.append(ZbarDecoder(zbar))
    return found


def opencv_decoder() -> OpenCvDecoder | None:
    """The OpenCV decoder, if OpenCV (4.10 or later: its ArUco QR detector) imports here."""
    cv2, numpy = _import("cv2"), _import("numpy")
    if cv2 is None or numpy is None or not hasattr(cv2, "QRCodeDetectorAruco"):
        return None
    return OpenCvDecoder(cv2, numpy)


def _import(name: str) -> Any | None:
    try:
        return importlib.import_module(name)
    except (ImportError, OSError):  # not installed, or its native library is missing
        return None
