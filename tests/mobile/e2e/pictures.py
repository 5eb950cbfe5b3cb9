"""Pictures the end-to-end tests hand the app through its file chooser."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

from PIL import Image

from shared.qr import QrPayload, sign_qr
from tests.mobile.qr_photos import Spoil, photo_of


def qr_photo(payload: QrPayload, reference: dict[str, Any], path: Path) -> Path:
    """A camera-like photo of a printed card's QR, signed with the key ``reference`` carries."""
    text = sign_qr(payload, bytes.fromhex(reference["qr_keys"][payload.tenant]))
    path.write_bytes(photo_of(text, Spoil(size=420, tilt=0.1, blur=0.5)))
    return path


def hose_photo(folder: Path) -> Path:
    """A camera-sized JPEG to attach as a finding's photo."""
    path = folder / "hose.jpg"
    out = io.BytesIO()
    Image.effect_noise((1200, 900), 60).convert("RGB").save(out, "JPEG", quality=88)
    path.write_bytes(out.getvalue())
    return path
