"""Drawn stand-ins for site photos, stored as verified blobs so notices have pictures to show."""

from __future__ import annotations

import hashlib
import io
import random
from functools import cache
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont
from sqlalchemy import Connection

from shared.ids import TenantId
from shared.payloads import PhotoRef
from sync_server.blob_store import BlobKey, keep_verified
from sync_server.photos import verify_photo

FONTS = Path(__file__).resolve().parents[2] / "assets" / "fonts"
_SIZE = (800, 600)


@cache
def _font(name: str, size: int) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(str(FONTS / name), size)


def draw_photo(caption: str, stamp: str, rng: random.Random) -> bytes:
    """A JPEG of a plain scene with the caption and time written on it, like a watermark."""
    ground = tuple(rng.randrange(120, 200) for _ in range(3))
    image = Image.new("RGB", _SIZE, ground)
    draw = ImageDraw.Draw(image)
    for _ in range(6):
        x, y = rng.randrange(0, 700), rng.randrange(80, 500)
        colour = tuple(rng.randrange(30, 255) for _ in range(3))
        draw.rectangle((x, y, x + rng.randrange(40, 200), y + rng.randrange(40, 160)), fill=colour)
    draw.rectangle((0, 520, 800, 600), fill=(0, 0, 0))
    white, yellow = (255, 255, 255), (255, 220, 0)
    draw.text((20, 530), caption[:30], font=_font("DroidSansFallbackFull.ttf", 28), fill=white)
    draw.text((20, 566), stamp, font=_font("DejaVuSans.ttf", 20), fill=yellow)
    out = io.BytesIO()
    image.save(out, "JPEG", quality=80)
    return out.getvalue()


def store_photo(conn: Connection, tenant: TenantId, data: bytes, by: str) -> PhotoRef:
    """Keep a photo as a verified blob of the enterprise, as an upload would, and refer to it."""
    key = BlobKey(tenant=tenant, sha256=hashlib.sha256(data).hexdigest())
    keep_verified(conn, key, data, verify_photo(data, max_pixels=40_000_000), verified_by=by)
    return PhotoRef(sha256=key.sha256, size=len(data))
