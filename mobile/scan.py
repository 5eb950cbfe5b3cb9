"""Reading post cards: every QR code in a picture, then the one that is ours and genuine.

``read_codes`` takes the bytes of a camera capture or a picked file (JPEG, PNG, WebP) and
returns the texts of all QR codes in it, trying the available decoders in turn
(``mobile.qr_decoders``). ``scan_card`` then checks them with ``shared.qr.verify_qr`` and
refuses a foreign, forged or unreadable code with a message a worker can act on.
"""

from __future__ import annotations

import io
import math
import warnings
from collections.abc import Callable, Collection, Sequence

from PIL import Image, UnidentifiedImageError

from mobile.messages import Message, message_for
from mobile.qr_decoders import QrDecoder, available_decoders
from shared.errors import QrError, QrForeignTenant, QrMalformed, QrTampered, QrUnknownVersion
from shared.ids import TenantId
from shared.qr import QrPayload, verify_qr

__all__ = ["ScanRefused", "read_codes", "scan_card"]

DECODE_SIDE = 2000
"""Big camera photos are decoded at about this long side: small codes stay readable."""
MAX_PIXELS = 50_000_000
FORMATS = ("JPEG", "PNG", "WEBP")
# When several codes are in view and none is accepted, say the most telling reason.
_RANK: dict[type[QrError], int] = {
    QrTampered: 4,
    QrForeignTenant: 3,
    QrUnknownVersion: 2,
    QrMalformed: 1,
}


class ScanRefused(Exception):
    """A scan that opens nothing; ``message`` tells the worker why and what to do."""

    def __init__(self, code: str, detail: str = "") -> None:
        super().__init__(f"{code}: {detail}" if detail else code)
        self.code = code

    @property
    def message(self) -> Message:
        """The worker-facing sentence in Chinese and English."""
        return message_for(self.code)


def read_codes(data: bytes, decoders: Sequence[QrDecoder] | None = None) -> list[str]:
    """The texts of all QR codes in the bytes of an image file.

    Args:
        data: A JPEG, PNG or WebP file.
        decoders: The decoders to try in order; those whose libraries import by default.

    Returns:
        Each distinct text once, in the order found; empty when no code is readable.

    Raises:
        ScanRefused: ``scan.not_image`` for bytes that are not a picture (or too big to open
            safely), ``scan.no_decoder`` when no decoder library is installed.
    """
    chosen = available_decoders() if decoders is None else list(decoders)
    if not chosen:
        raise ScanRefused("scan.no_decoder", "none of zxing-cpp, OpenCV and zbar is installed")
    image = _greyscale(data)
    for decoder in chosen:
        found = decoder.decode(image)
        if found:
            return list(dict.fromkeys(found))
    return []


def scan_card(
    data: bytes,
    *,
    key_for: Callable[[TenantId], bytes | None],
    accepted_tenants: Collection[TenantId] | None,
    decoders: Sequence[QrDecoder] | None = None,
) -> QrPayload:
    """The verified card payload in a picture.

    Args:
        data: The picture's bytes.
        key_for: The QR key of a tenant, from the reference data on the phone.
        accepted_tenants: The enterprises whose cards may open anything for this user.
        decoders: As for ``read_codes``.

    Returns:
        The payload of the first code that is ours, for an accepted enterprise, and genuine.

    Raises:
        ScanRefused: No code (``scan.no_code``), or the best reason none was accepted
            (``qr.tampered``, ``qr.foreign_tenant``, ``qr.unknown_version``, ``qr.malformed``).
    """
    texts = read_codes(data, decoders)
    if not texts:
        raise ScanRefused("scan.no_code")
    refusals: list[QrError] = []
    for text in texts:
        try:
            return verify_qr(text, key_for=key_for, accepted_tenants=accepted_tenants)
        except QrError as exc:
            refusals.append(exc)
    worst = max(refusals, key=lambda exc: _RANK.get(type(exc), 0))
    raise ScanRefused(worst.code, worst.message)


def _greyscale(data: bytes) -> Image.Image:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            image = Image.open(io.BytesIO(data), formats=FORMATS)
            if image.width * image.height > MAX_PIXELS * 4:
                raise ScanRefused("scan.not_image", "too many pixels to open safely")
            if image.format == "JPEG":  # decode only the luma, at reduced scale if huge
                scale = min(1.0, DECODE_SIDE / max(image.size))
                image.draft("L", (math.ceil(image.width * scale), math.ceil(image.height * scale)))
            if image.width * image.height > MAX_PIXELS:
                raise ScanRefused("scan.not_image", "too many pixels to decode safely")
            return image.convert("L")
    except Image.DecompressionBombError as exc:
        raise ScanRefused("scan.not_image", str(exc)) from exc
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError) as exc:
        raise ScanRefused("scan.not_image", str(exc)) from exc
