"""Drawn stand-ins for site photos, stored as verified blobs so notices have pictures to show."""

from __future__ import annotations

import hashlib
import io
import random
from datetime import UTC, datetime
from functools import cache
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont
from sqlalchemy import Connection, insert, select

from shared.ids import TenantId
from shared.payloads import PhotoRef
from sync_server.photos import verify_photo
from sync_server.schema import blobs

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
    sha = hashlib.sha256(data).hexdigest()
    known = conn.execute(
        select(blobs.c.sha256).where(blobs.c.tenant == tenant, blobs.c.sha256 == sha)
    ).first()
    if known is None:
        photo = verify_photo(data, max_pixels=40_000_000)
        conn.execute(
            insert(blobs).values(
                tenant=tenant,
                sha256=sha,
                size=len(data),
                media_type=photo.media_type,
                width=photo.width,
                height=photo.height,
                data=data,
                display=photo.display,
                thumb=photo.thumb,
                verified_by=by,
                created_at=datetime.now(UTC),
            )
        )
    return PhotoRef(sha256=sha, size=len(data))
