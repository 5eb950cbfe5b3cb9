"""Photo verification and served derivatives: only intact JPEG, PNG or WebP images get in."""

from __future__ import annotations

import io
import re
import threading
import warnings
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from PIL import Image, ImageOps

from sync_server.problems import BadMedia

MEDIA_TYPES: dict[str, str] = {"JPEG": "image/jpeg", "PNG": "image/png", "WEBP": "image/webp"}
"""The allowlist: Pillow format name → media type. Anything else is refused."""

DISPLAY_SIDE = 1600
"""Long side of the served display image, as the phone pipeline makes it."""

THUMB_SIDE = 256
"""Long side of the served thumbnail."""

METADATA_LIMIT = 128 * 1024
"""Bytes of metadata (EXIF, XMP, ICC, comments, text chunks) an upload may carry."""

MAX_PARTS = 10_000
"""Segments or chunks a file may have: real photos have dozens, a hostile one millions."""

_DISPLAY_QUALITY = 80
_THUMB_QUALITY = 75

# One decode at a time per process: bounds memory (a 40 MP image is ~160 MB decoded) and keeps
# Pillow's process-wide pixel limit and the warning filters consistent while we change them.
_DECODE_LOCK = threading.Lock()


@dataclass(frozen=True)
class Photo:
    """A verified image: what it is, how big, and the two re-encoded files the server serves."""

    media_type: str
    width: int
    height: int
    display: bytes
    thumb: bytes


def verify_photo(data: bytes, *, max_pixels: int) -> Photo:
    """Check that the bytes are one intact allowed image and make its served derivatives.

    Uploads come from phones but a server must assume hostile input: the magic bytes pick the
    only decoder Pillow may use, the container is walked to its end so appended payloads
    (polyglots) and cut-off files are refused, and the pixel count is bounded before decoding.

    Args:
        data: The uploaded bytes, whole.
        max_pixels: The largest width × height accepted (decompression-bomb guard).

    Returns:
        The image's type and size with its display and thumbnail JPEGs.

    Raises:
        BadMedia: Not an allowed format, damaged, oversized, animated or carrying a payload.
    """
    fmt = sniff(data)
    _CONTAINER_CHECKS[fmt](data)
    with _DECODE_LOCK, _pillow_guard(max_pixels):
        try:
            return _decode(data, fmt, max_pixels)
        except BadMedia:
            raise
        except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
            raise BadMedia("the image has too many pixels", reason="pixels") from exc
        except Exception as exc:  # Pillow raises many kinds (and warnings) on hostile input
            raise BadMedia("the image cannot be decoded", reason="undecodable") from exc


def sniff(data: bytes) -> str:
    """The allowed format named by the magic bytes, whatever the file was called.

    Raises:
        BadMedia: The bytes start like no allowed format.
    """
    if data.startswith(b"\xff\xd8\xff"):
        return "JPEG"
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "PNG"
    if len(data) >= 12 and data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "WEBP"
    raise BadMedia("only JPEG, PNG and WebP photos are accepted", reason="format")


@contextmanager
def _pillow_guard(max_pixels: int) -> Iterator[None]:
    """Lower Pillow's bomb limit and turn its warnings (bomb, corrupt EXIF) into errors."""
    previous = Image.MAX_IMAGE_PIXELS
    Image.MAX_IMAGE_PIXELS = max_pixels
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            warnings.filterwarnings("error", module=r"PIL\.")
            yield
    finally:
        Image.MAX_IMAGE_PIXELS = previous


def _decode(data: bytes, fmt: str, max_pixels: int) -> Photo:
    with Image.open(io.BytesIO(data), formats=[fmt]) as probe:
        _check_header(probe, fmt, max_pixels)
        probe.verify()
    with Image.open(io.BytesIO(data), formats=[fmt]) as image:
        width, height = image.size
        if fmt == "JPEG":
            image.draft("RGB", (DISPLAY_SIDE, DISPLAY_SIDE))  # decode at a reduced scale
        image.load()
        display = _upright_rgb(image)
    display.thumbnail((DISPLAY_SIDE, DISPLAY_SIDE), Image.Resampling.LANCZOS)
    thumb = display.copy()
    thumb.thumbnail((THUMB_SIDE, THUMB_SIDE), Image.Resampling.LANCZOS)
    return Photo(
        media_type=MEDIA_TYPES[fmt],
        width=width,
        height=height,
        display=_jpeg(display, _DISPLAY_QUALITY),
        thumb=_jpeg(thumb, _THUMB_QUALITY),
    )


def _check_header(image: Image.Image, fmt: str, max_pixels: int) -> None:
    if image.format != fmt:  # an MPO behind a JPEG magic, say
        raise BadMedia(f"a {image.format} file is not a plain {fmt}", reason="format")
    if image.width * image.height > max_pixels:
        raise BadMedia("the image has too many pixels", reason="pixels", limit=max_pixels)
    if getattr(image, "n_frames", 1) != 1:
        raise BadMedia("animated images are not photos", reason="animated")


def _upright_rgb(image: Image.Image) -> Image.Image:
    """The image turned as the camera meant (EXIF orientation), flattened onto white, as RGB."""
    upright = ImageOps.exif_transpose(image)
    if upright.mode in ("RGBA", "LA", "PA") or "transparency" in upright.info:
        rgba = upright.convert("RGBA")
        flat = Image.new("RGB", rgba.size, (255, 255, 255))
        flat.paste(rgba, mask=rgba.getchannel("A"))
        return flat
    if upright.mode.startswith("I"):  # 16- or 32-bit grey: scale to 8 bits first
        upright = upright.point(lambda value: value / 256).convert("L")
    return upright.convert("RGB")


def _jpeg(image: Image.Image, quality: int) -> bytes:
    """Encode without any metadata: no EXIF (so no GPS), no XMP, no ICC, no comment."""
    image.info.clear()
    out = io.BytesIO()
    image.save(out, format="JPEG", quality=quality, optimize=True)
    return out.getvalue()


# --- containers: walk each format to its declared end -------------------------------------


_FILL = re.compile(rb"\xff+")
_MARKER = re.compile(rb"\xff[^\x00\xd0-\xd7\xff]")


def _refuse_structure(message: str) -> BadMedia:
    return BadMedia(message, reason="structure")


def _too_many_parts() -> BadMedia:
    return BadMedia("the file has too many parts", reason="structure", limit=MAX_PARTS)


def _check_metadata(total: int) -> None:
    if total > METADATA_LIMIT:
        raise BadMedia(
            "the photo carries too much metadata", reason="metadata", limit=METADATA_LIMIT
        )


def _check_jpeg(data: bytes) -> None:
    """Walk the JPEG markers to EOI: nothing may follow it, and metadata stays small."""
    pos, metadata = 2, 0
    for _ in range(MAX_PARTS):
        marker, pos = _next_marker(data, pos)
        if marker == 0xD9:  # EOI
            break
        if marker == 0x01 or 0xD0 <= marker <= 0xD7:  # markers without a length
            continue
        end = _segment_end(data, pos)
        if 0xE0 <= marker <= 0xEF or marker == 0xFE:  # APPn and COM
            metadata += end - pos
        pos = _skip_scan(data, end) if marker == 0xDA else end
    else:
        raise _too_many_parts()
    _check_metadata(metadata)
    if pos != len(data):
        raise BadMedia("data follows the end of the image", reason="trailing_data")


def _next_marker(data: bytes, pos: int) -> tuple[int, int]:
    """The marker at ``pos`` (after any fill bytes) and the position after it."""
    fill = _FILL.match(data, pos)
    if fill is None:
        raise _refuse_structure("the JPEG is cut off or damaged")
    pos = fill.end()
    if pos >= len(data):
        raise _refuse_structure("the JPEG is cut off")
    return data[pos], pos + 1


def _segment_end(data: bytes, pos: int) -> int:
    length = int.from_bytes(data[pos : pos + 2], "big")
    if length < 2 or pos + length > len(data):
        raise _refuse_structure("the JPEG is cut off or damaged")
    return pos + length


def _skip_scan(data: bytes, pos: int) -> int:
    """The position of the first real marker after entropy-coded data.

    Inside a scan, 0xFF is followed by a stuffed 0x00, a restart marker or more 0xFF fill.
    """
    found = _MARKER.search(data, pos)
    if found is None:
        raise _refuse_structure("the JPEG is cut off")
    return found.start()


_PNG_IMAGE_CHUNKS = frozenset({b"IHDR", b"PLTE", b"IDAT", b"IEND", b"tRNS"})


def _check_png(data: bytes) -> None:
    """Walk the PNG chunks to IEND: nothing may follow it, and metadata stays small."""
    pos, metadata = 8, 0
    for _ in range(MAX_PARTS):
        if pos + 12 > len(data):
            raise _refuse_structure("the PNG is cut off")
        length = int.from_bytes(data[pos : pos + 4], "big")
        kind = data[pos + 4 : pos + 8]
        end = pos + 12 + length
        if end > len(data):
            raise _refuse_structure("the PNG is cut off")
        if kind not in _PNG_IMAGE_CHUNKS:
            metadata += length
        pos = end
        if kind == b"IEND":
            break
    else:
        raise _too_many_parts()
    _check_metadata(metadata)
    if pos != len(data):
        raise BadMedia("data follows the end of the image", reason="trailing_data")


_WEBP_IMAGE_CHUNKS = frozenset({b"VP8 ", b"VP8L", b"VP8X", b"ALPH"})


def _check_webp(data: bytes) -> None:
    """Check the RIFF size covers the file exactly and walk its chunks for metadata."""
    declared = int.from_bytes(data[4:8], "little") + 8
    if declared > len(data):
        raise _refuse_structure("the WebP is cut off")
    if declared != len(data):
        raise BadMedia("data follows the end of the image", reason="trailing_data")
    pos, metadata = 12, 0
    for _ in range(MAX_PARTS):
        if pos == len(data):
            break
        if pos + 8 > len(data):
            raise _refuse_structure("the WebP is damaged")
        length = int.from_bytes(data[pos + 4 : pos + 8], "little")
        end = pos + 8 + length + (length & 1)  # chunks are padded to an even length
        if end > len(data):
            raise _refuse_structure("the WebP is cut off")
        if data[pos : pos + 4] not in _WEBP_IMAGE_CHUNKS:
            metadata += length
        pos = end
    else:
        raise _too_many_parts()
    _check_metadata(metadata)


_CONTAINER_CHECKS: dict[str, Callable[[bytes], None]] = {
    "JPEG": _check_jpeg,
    "PNG": _check_png,
    "WEBP": _check_webp,
}
