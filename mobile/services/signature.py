"""签收 on the phone: the representative's finger strokes made into a picture to keep.

The pad records each stroke as the points the finger passed through, in the pad's own
coordinates. When the notice is issued the strokes are drawn black on white and kept like a
photo (``mobile.photos``): the same blob travels to the server and the notice PDF prints it.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from datetime import datetime

from PIL import Image, ImageDraw

from mobile.services.photo_capture import add_photo
from mobile.store import PhotoFiles
from shared.payloads import PhotoRef

__all__ = ["PAD_HEIGHT", "PAD_WIDTH", "Stroke", "is_signed", "keep_signature", "signature_png"]

PAD_WIDTH = 340.0
PAD_HEIGHT = 160.0
"""The pad's size on screen (logical pixels); the picture is drawn at twice that."""
_SCALE = 2
_PEN = 5
MIN_POINTS = 8
"""Fewer points in all is a tap or a slip, not a signature."""

Stroke = Sequence[tuple[float, float]]


def is_signed(strokes: Sequence[Stroke]) -> bool:
    """Whether the strokes are enough to count as a signature."""
    return sum(len(stroke) for stroke in strokes) >= MIN_POINTS


def signature_png(strokes: Sequence[Stroke]) -> bytes:
    """The strokes drawn black on white, as a PNG of the pad at twice its size."""
    size = (int(PAD_WIDTH * _SCALE), int(PAD_HEIGHT * _SCALE))
    image = Image.new("L", size, 255)
    pen = ImageDraw.Draw(image)
    for stroke in strokes:
        points = [(x * _SCALE, y * _SCALE) for x, y in stroke]
        if len(points) == 1:
            x, y = points[0]
            pen.ellipse((x - _PEN / 2, y - _PEN / 2, x + _PEN / 2, y + _PEN / 2), fill=0)
        elif points:
            pen.line(points, fill=0, width=_PEN, joint="curve")
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()


def keep_signature(files: PhotoFiles, strokes: Sequence[Stroke], at: datetime) -> PhotoRef:
    """Keep the signature's picture as a photo; returns its reference for the receipt."""
    return add_photo(files, signature_png(strokes), at)
