"""Small camera-like pictures for photo fields."""

from __future__ import annotations

import io

from PIL import Image


def a_photo(seed: int = 0) -> bytes:
    """A noisy 900×600 JPEG, different per seed (so its hash is too)."""
    image = Image.effect_noise((900, 600), 40 + seed).convert("RGB")
    out = io.BytesIO()
    image.save(out, "JPEG", quality=90)
    return out.getvalue()
