"""The photo pipeline: a camera or gallery file becomes a small, upright JPEG and a thumbnail.

A 12 MP phone photo is decoded at reduced scale (JPEG draft mode: the decoder skips detail
that the resize would throw away), turned upright by its EXIF orientation, resized to 1600 px
on the long side and saved as an optimised JPEG at quality 80: about 200–400 KB instead of
4 MB, cheap to keep and to send on a weak network. The thumbnail (256 px) is made from the
resized image. The stored file carries no EXIF at all: the capture time goes into the event,
and the location too, only when the user allowed it.
"""

from __future__ import annotations

import hashlib
import io
import math
import warnings
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from typing import Any

from PIL import Image, UnidentifiedImageError

from mobile.store import PhotoFiles
from shared.payloads import PhotoRef

__all__ = [
    "MAX_SIDE",
    "THUMB_SIDE",
    "PhotoRejected",
    "ProcessedPhoto",
    "keep_photo",
    "process_photo",
]

MAX_SIDE = 1600
"""Long side of the stored photo: enough to read a gauge or a label."""
THUMB_SIDE = 256
QUALITY = 80
THUMB_QUALITY = 75
MAX_INPUT_BYTES = 40 * 1024 * 1024
MAX_DECODED_PIXELS = 50_000_000
"""Pixels actually decoded (after draft scaling): a PNG bomb is refused before it is inflated."""
MAX_ICC_BYTES = 64 * 1024
ACCEPTED_FORMATS = ("JPEG", "PNG", "WEBP")
CHINA_TIME = timezone(timedelta(hours=8))
"""Phones write EXIF times as local wall time without a zone; in China that is UTC+8."""

_EXIF_IFD, _GPS_IFD = 0x8769, 0x8825
_DATETIME, _DATETIME_ORIGINAL, _OFFSET_ORIGINAL, _ORIENTATION = 0x0132, 0x9003, 0x9011, 0x0112
_TRANSPOSE = {
    2: Image.Transpose.FLIP_LEFT_RIGHT,
    3: Image.Transpose.ROTATE_180,
    4: Image.Transpose.FLIP_TOP_BOTTOM,
    5: Image.Transpose.TRANSPOSE,
    6: Image.Transpose.ROTATE_270,
    7: Image.Transpose.TRANSVERSE,
    8: Image.Transpose.ROTATE_90,
}


class PhotoRejected(Exception):
    """A file the pipeline will not take; ``code`` selects the message shown to the worker."""

    def __init__(self, code: str, detail: str) -> None:
        super().__init__(detail)
        self.code = code


@dataclass(frozen=True)
class ProcessedPhoto:
    """The stored photo, its thumbnail and what the event says about it."""

    data: bytes
    thumb: bytes
    sha256: str
    width: int
    height: int
    taken_at: datetime | None
    latitude: float | None = None
    longitude: float | None = None

    def ref(self) -> PhotoRef:
        """The reference an event carries."""
        return PhotoRef(
            sha256=self.sha256,
            size=len(self.data),
            taken_at=self.taken_at,
            latitude=self.latitude,
            longitude=self.longitude,
        )


def process_photo(
    raw: bytes,
    *,
    allow_location: bool = False,
    captured_at: datetime | None = None,
    device_location: tuple[float, float] | None = None,
) -> ProcessedPhoto:
    """Make the stored photo and thumbnail from a camera or gallery file.

    Args:
        raw: The file's bytes (JPEG, PNG or WebP).
        allow_location: Whether the user allowed recording where the photo was taken; when
            False no location is read at all.
        captured_at: When the app took the picture, used if the file has no EXIF time.
        device_location: The phone's (latitude, longitude), used when allowed and the file
            has no GPS tags.

    Returns:
        The processed photo.

    Raises:
        PhotoRejected: ``photo.not_image`` for anything that is not a JPEG, PNG or WebP
            picture, ``photo.too_large`` for a file or picture too big to open safely.
    """
    image = _scaled_for_decoding(_open(raw))
    exif = image.getexif()  # read after the size checks: a PNG may decode to find its EXIF
    upright = _upright(_decoded(image), exif)
    thumb = upright.copy()
    thumb.thumbnail((THUMB_SIDE, THUMB_SIDE), Image.Resampling.LANCZOS)
    data = _jpeg(upright, QUALITY, image.info.get("icc_profile"))
    location = _gps(exif) if allow_location else None
    if allow_location and location is None:
        location = device_location
    return ProcessedPhoto(
        data=data,
        thumb=_jpeg(thumb, THUMB_QUALITY, None),
        sha256=hashlib.sha256(data).hexdigest(),
        width=upright.width,
        height=upright.height,
        taken_at=_taken_at(exif) or captured_at,
        latitude=None if location is None else location[0],
        longitude=None if location is None else location[1],
    )


def keep_photo(files: PhotoFiles, photo: ProcessedPhoto) -> PhotoRef:
    """Store the photo and its thumbnail durably; returns the reference for the event."""
    files.put(photo.sha256, photo.data, photo.thumb)
    return photo.ref()


def _open(raw: bytes) -> Image.Image:
    if len(raw) > MAX_INPUT_BYTES:
        raise PhotoRejected("photo.too_large", f"{len(raw)} bytes is over {MAX_INPUT_BYTES}")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)  # we check ourselves
            image = Image.open(io.BytesIO(raw), formats=ACCEPTED_FORMATS)
    except Image.DecompressionBombError as exc:
        raise PhotoRejected("photo.too_large", str(exc)) from exc
    except (UnidentifiedImageError, OSError, ValueError) as exc:
        raise PhotoRejected("photo.not_image", str(exc)) from exc
    return image


def _scaled_for_decoding(image: Image.Image) -> Image.Image:
    """Ask for the smallest JPEG scale still at least MAX_SIDE; refuse what is still too big."""
    scale = MAX_SIDE / max(image.size)
    if image.format == "JPEG" and scale < 1:
        wanted = (math.ceil(image.width * scale), math.ceil(image.height * scale))
        image.draft("RGB", wanted)
    if image.width * image.height > MAX_DECODED_PIXELS:
        raise PhotoRejected("photo.too_large", f"{image.width}×{image.height} pixels")
    return image


def _decoded(image: Image.Image) -> Image.Image:
    """Decode (at the draft scale), make RGB, resize to MAX_SIDE."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            image.load()
    except (OSError, ValueError, SyntaxError) as exc:  # truncated or corrupt data
        raise PhotoRejected("photo.not_image", str(exc)) from exc
    image = _rgb(image)
    if max(image.size) > MAX_SIDE:
        image.thumbnail((MAX_SIDE, MAX_SIDE), Image.Resampling.LANCZOS, reducing_gap=3.0)
    return image


def _rgb(image: Image.Image) -> Image.Image:
    if image.mode == "RGB":
        return image
    if image.mode in ("RGBA", "LA", "PA") or "transparency" in image.info:
        rgba = image.convert("RGBA")
        flat = Image.new("RGB", rgba.size, (255, 255, 255))
        flat.paste(rgba, mask=rgba.getchannel("A"))
        return flat
    return image.convert("RGB")


def _upright(image: Image.Image, exif: Image.Exif) -> Image.Image:
    method = _TRANSPOSE.get(int(exif.get(_ORIENTATION, 1) or 1))
    return image if method is None else image.transpose(method)


def _jpeg(image: Image.Image, quality: int, icc: Any) -> bytes:
    out = io.BytesIO()
    options: dict[str, Any] = {"quality": quality, "optimize": True}
    if isinstance(icc, bytes) and len(icc) <= MAX_ICC_BYTES:
        options["icc_profile"] = icc  # colours stay right; no other metadata is written
    image.save(out, "JPEG", **options)
    return out.getvalue()


def _taken_at(exif: Image.Exif) -> datetime | None:
    details = exif.get_ifd(_EXIF_IFD)
    text = details.get(_DATETIME_ORIGINAL) or exif.get(_DATETIME)
    try:
        moment = datetime.strptime(str(text).strip("\x00 "), "%Y:%m:%d %H:%M:%S")
    except ValueError:
        return None
    return moment.replace(tzinfo=_zone(details.get(_OFFSET_ORIGINAL)))


def _zone(offset: Any) -> timezone:
    try:
        parsed = datetime.strptime(str(offset).strip("\x00 "), "%z").tzinfo
    except ValueError:
        return CHINA_TIME
    return parsed if isinstance(parsed, timezone) else CHINA_TIME


def _gps(exif: Image.Exif) -> tuple[float, float] | None:
    gps = exif.get_ifd(_GPS_IFD)
    try:
        latitude = _degrees(gps[2], gps.get(1, "N"), "S")
        longitude = _degrees(gps[4], gps.get(3, "E"), "W")
    except (KeyError, TypeError, ValueError, ZeroDivisionError):
        return None
    if not (-90 <= latitude <= 90 and -180 <= longitude <= 180):
        return None
    return latitude, longitude


def _degrees(parts: Any, ref: Any, negative: str) -> float:
    degrees, minutes, seconds = (float(part) for part in parts)
    value = degrees + minutes / 60 + seconds / 3600
    return -value if str(ref).strip("\x00 ").upper() == negative else value
