"""The photo pipeline: small upright JPEGs without metadata, and clear refusals."""

from __future__ import annotations

import io
import struct
import zlib
from datetime import UTC, datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from PIL import Image, ImageChops, ImageOps, ImageStat

from mobile.photos import MAX_SIDE, THUMB_SIDE, PhotoRejected, keep_photo, process_photo

CAPTURED = datetime(2026, 11, 2, 8, 30, tzinfo=UTC)


def jpeg(size=(1200, 900), *, exif: Image.Exif | None = None, mode="RGB") -> bytes:
    image = Image.linear_gradient("L").resize(size)
    image = Image.merge(
        "RGB", (image, image.rotate(90), image.transpose(Image.Transpose.FLIP_LEFT_RIGHT))
    )
    out = io.BytesIO()
    image.convert(mode).save(out, "JPEG", quality=90, exif=Image.Exif() if exif is None else exif)
    return out.getvalue()


def exif_with(**tags) -> Image.Exif:
    exif = Image.Exif()
    for key, value in tags.items():
        if key == "orientation":
            exif[0x0112] = value
        elif key == "taken":
            exif.get_ifd(0x8769)[0x9003] = value
        elif key == "offset":
            exif.get_ifd(0x8769)[0x9011] = value
        elif key == "gps":
            (lat, lat_ref), (lon, lon_ref) = value
            # Assigned whole: Pillow 10.4 (the phone's) saves no GPS IFD made by get_ifd().
            exif[0x8825] = {1: lat_ref, 2: lat, 3: lon_ref, 4: lon}
    return exif


def test_a_camera_photo_becomes_an_upright_1600_px_jpeg_and_a_256_px_thumbnail():
    photo = process_photo(jpeg((4000, 3000)), captured_at=CAPTURED)
    stored = Image.open(io.BytesIO(photo.data))
    thumb = Image.open(io.BytesIO(photo.thumb))
    assert (stored.format, stored.size, (photo.width, photo.height)) == (
        "JPEG",
        (1600, 1200),
        (1600, 1200),
    )
    assert thumb.format == "JPEG" and max(thumb.size) == THUMB_SIDE
    assert photo.ref().sha256 == photo.sha256 and photo.ref().size == len(photo.data)


def test_the_stored_file_carries_no_exif_not_even_gps():
    gps = (((39, 54, 27), "N"), ((116, 23, 17), "E"))
    photo = process_photo(
        jpeg(exif=exif_with(gps=gps, taken="2026:11:02 08:00:00")), allow_location=True
    )
    assert dict(Image.open(io.BytesIO(photo.data)).getexif()) == {}
    assert photo.latitude is not None  # it went into the event instead


@pytest.mark.parametrize("orientation", range(1, 9))
def test_exif_orientation_is_applied(orientation):
    raw = jpeg((600, 300), exif=exif_with(orientation=orientation))
    expected = ImageOps.exif_transpose(Image.open(io.BytesIO(raw))).convert("L")
    got = Image.open(io.BytesIO(process_photo(raw).data)).convert("L")
    assert got.size == expected.size
    assert ImageStat.Stat(ImageChops.difference(got, expected)).mean[0] < 4  # up to JPEG noise


@pytest.mark.parametrize(
    ("tags", "expected"),
    [
        ({"taken": "2026:11:02 16:30:00"}, datetime(2026, 11, 2, 8, 30, tzinfo=UTC)),  # China time
        (
            {"taken": "2026:11:02 09:30:00", "offset": "+01:00"},
            datetime(2026, 11, 2, 8, 30, tzinfo=UTC),
        ),
        ({}, CAPTURED),  # no EXIF time: when the app took it
        ({"taken": "not a date"}, CAPTURED),
    ],
)
def test_the_capture_time_comes_from_exif_or_the_app(tags, expected):
    photo = process_photo(jpeg(exif=exif_with(**tags)), captured_at=CAPTURED)
    assert photo.taken_at == expected
    assert photo.taken_at.utcoffset() is not None


def test_location_is_read_only_when_the_user_allows_it():
    gps = (((39, 54, 27), "N"), ((116, 23, 17), "W"))
    raw = jpeg(exif=exif_with(gps=gps))
    assert (process_photo(raw).latitude, process_photo(raw).longitude) == (None, None)
    allowed = process_photo(raw, allow_location=True)
    assert allowed.latitude == pytest.approx(39.9075) and allowed.longitude == pytest.approx(
        -116.388, abs=1e-3
    )
    assert (
        process_photo(jpeg(), allow_location=True, device_location=(30.5, 114.3)).latitude == 30.5
    )
    assert process_photo(jpeg(), device_location=(30.5, 114.3)).latitude is None


def png_header_only(width: int, height: int) -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
        )

    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b""))
        + chunk(b"IEND", b"")
    )


@pytest.mark.parametrize(
    ("raw", "code"),
    [
        (b"", "photo.not_image"),
        (b"%PDF-1.7 not a photo", "photo.not_image"),
        ("隐患照片".encode(), "photo.not_image"),
        (jpeg()[:300], "photo.not_image"),  # cut off
        (png_header_only(9000, 9000), "photo.too_large"),  # a bomb under Pillow's own limit
        (png_header_only(30000, 30000), "photo.too_large"),  # one over it
    ],
    ids=["empty", "pdf", "text", "truncated", "bomb", "huge-bomb"],
)
def test_what_is_not_a_safe_picture_is_refused_with_a_code(raw, code):
    with pytest.raises(PhotoRejected) as refused:
        process_photo(raw)
    assert refused.value.code == code


def test_a_gif_is_not_taken():
    out = io.BytesIO()
    Image.new("P", (10, 10)).save(out, "GIF")
    with pytest.raises(PhotoRejected):
        process_photo(out.getvalue())


def test_a_transparent_png_is_flattened_on_white():
    out = io.BytesIO()
    Image.new("RGBA", (40, 30), (255, 0, 0, 0)).save(out, "PNG")
    photo = Image.open(io.BytesIO(process_photo(out.getvalue()).data))
    assert photo.mode == "RGB" and ImageStat.Stat(photo.convert("L")).mean[0] > 240


@settings(max_examples=12, deadline=None)
@given(width=st.integers(1, 2600), height=st.integers(1, 2600))
def test_any_size_keeps_its_shape_within_1600_px(width, height):
    photo = process_photo(jpeg((width, height)))
    scale = min(1.0, MAX_SIDE / max(width, height))
    assert max(photo.width, photo.height) == round(max(width, height) * scale)
    assert abs(photo.width - width * scale) <= 1 and abs(photo.height - height * scale) <= 1


def test_keeping_a_photo_stores_it_and_its_thumbnail(photo_files):
    photo = process_photo(jpeg())
    ref = keep_photo(photo_files, photo)
    assert photo_files.photo(ref.sha256) == photo.data
    assert photo_files.thumb(ref.sha256) == photo.thumb
    assert photo_files.stored() == [ref.sha256]
