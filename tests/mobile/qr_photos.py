"""Phone-camera-like photos of QR codes, made with segno and spoilt with Pillow.

Used by the scan tests and by ``bench/phone_qr.py``: a code is drawn, placed on a textured
background, tilted in perspective, then blurred, noised, washed out or glared, and saved as a
camera JPEG. Every degradation is seeded, so a failing picture can be made again.
"""

from __future__ import annotations

import io
import random
from dataclasses import dataclass

import segno
from PIL import Image, ImageChops, ImageDraw, ImageFilter

FRAME = (1280, 960)


@dataclass(frozen=True)
class Spoil:
    """How a photo is spoilt; the defaults give a clean, square-on code of 300 px."""

    size: int = 300  # the code's side in the frame, quiet zone included
    tilt: float = 0.0  # perspective: 0 square-on, 0.3 strongly tilted
    rotate: float = 0.0  # degrees
    blur: float = 0.0  # Gaussian radius in px
    noise: float = 0.0  # 0..1 share of sensor noise
    contrast: float = 1.0  # 1 black on white; 0.25 grey on grey
    glare: float = 0.0  # 0..1 strength of a white highlight across the code
    quality: int = 85  # JPEG quality of the saved photo


def code_image(text: str, *, error: str = "m") -> Image.Image:
    """A crisp QR code (byte mode, UTF-8, as printed on our cards), one pixel per module."""
    qr = segno.make(text, mode="byte", encoding="utf-8", error=error, micro=False)
    out = io.BytesIO()
    qr.save(out, kind="png", scale=1, border=4)
    return Image.open(io.BytesIO(out.getvalue())).convert("L")


def photo_of(text: str, spoil: Spoil, seed: int = 0, frame: tuple[int, int] = FRAME) -> bytes:
    """A JPEG photo of ``text``'s QR code, spoilt as ``spoil`` says."""
    rng = random.Random(seed)
    code = _washed(
        code_image(text).resize((spoil.size, spoil.size), Image.Resampling.NEAREST), spoil
    )
    scene = _background(frame, rng)
    x = rng.randint(frame[0] // 8, frame[0] - spoil.size - frame[0] // 8)
    y = rng.randint(frame[1] // 8, frame[1] - spoil.size - frame[1] // 8)
    card = Image.new("L", frame, 0)
    mask = Image.new("L", frame, 0)
    card.paste(code, (x, y))
    mask.paste(255, (x, y, x + spoil.size, y + spoil.size))
    card, mask = _tilted(card, mask, spoil, rng)
    scene.paste(card, mask=mask)
    scene = _glared(scene, (x, y, spoil.size), spoil.glare, rng)
    if spoil.blur:
        scene = scene.filter(ImageFilter.GaussianBlur(spoil.blur))
    if spoil.noise:
        grain = Image.effect_noise(frame, 64).point(lambda v: max(0, min(255, v)))
        scene = Image.blend(scene, grain, spoil.noise)
    out = io.BytesIO()
    Image.merge("RGB", (scene, scene, scene)).save(out, "JPEG", quality=spoil.quality)
    return out.getvalue()


def _washed(code: Image.Image, spoil: Spoil) -> Image.Image:
    dark = round(128 - 128 * spoil.contrast)
    light = round(128 + 127 * spoil.contrast)
    return code.point(lambda v: light if v > 127 else dark)


def _background(frame: tuple[int, int], rng: random.Random) -> Image.Image:
    base = Image.effect_noise((frame[0] // 40, frame[1] // 40), 50).resize(
        frame, Image.Resampling.BICUBIC
    )
    tone = Image.new("L", frame, rng.randint(90, 170))
    return Image.blend(tone, base, 0.5)


def _tilted(card: Image.Image, mask: Image.Image, spoil: Spoil, rng: random.Random):
    if spoil.rotate:
        card = card.rotate(spoil.rotate, resample=Image.Resampling.BICUBIC)
        mask = mask.rotate(spoil.rotate, resample=Image.Resampling.BICUBIC)
    if not spoil.tilt:
        return card, mask
    w, h = card.size
    k = spoil.tilt * rng.choice((-1, 1))
    # A projective map that squeezes one side: like holding the phone at an angle.
    coeffs = (1 + k / 2, k / 4, -k * w / 4, 0, 1 + k / 2, -k * h / 4, k / w, 0)
    card = card.transform(card.size, Image.Transform.PERSPECTIVE, coeffs, Image.Resampling.BICUBIC)
    mask = mask.transform(mask.size, Image.Transform.PERSPECTIVE, coeffs, Image.Resampling.BICUBIC)
    return card, mask


def _glared(
    scene: Image.Image, where: tuple[int, int, int], strength: float, rng: random.Random
) -> Image.Image:
    if not strength:
        return scene
    x, y, size = where
    light = Image.new("L", scene.size, 0)
    draw = ImageDraw.Draw(light)
    cx, cy = x + rng.randint(size // 4, 3 * size // 4), y + rng.randint(size // 4, 3 * size // 4)
    radius = size // 3
    draw.ellipse((cx - radius, cy - radius, cx + radius, cy + radius), fill=round(255 * strength))
    light = light.filter(ImageFilter.GaussianBlur(radius / 2))
    return ImageChops.screen(scene, light)
