"""Photo blobs: resumable uploads, verification of hostile files, scope and served derivatives."""

from __future__ import annotations

import hashlib
import io
import logging
import random
import socket
import struct
import zipfile
import zlib
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor

import httpx
import pytest
from fastapi.testclient import TestClient
from PIL import ExifTags, Image, ImageDraw
from sqlalchemy import func, select

from sync_server.blob_store import MAX_CHUNK_BYTES
from sync_server.photos import METADATA_LIMIT, verify_photo
from sync_server.problems import BadMedia
from sync_server.schema import audit, blobs, uploads
from tests.live_server import LiveServer
from tests.sync_server.builders import World, build_world

# --- images, made here with Pillow -----------------------------------------------------------


def encode(image: Image.Image, fmt: str, **options: object) -> bytes:
    out = io.BytesIO()
    image.save(out, format=fmt, **options)
    return out.getvalue()


def noise(size: tuple[int, int], seed: int) -> Image.Image:
    """Random pixels: every seed gives another photo, so tests never share a blob."""
    width, height = size
    return Image.frombytes("RGB", size, random.Random(seed).randbytes(width * height * 3))


def small_png(seed: int = 0) -> bytes:
    return encode(noise((48, 32), seed), "PNG")


def camera_jpeg() -> bytes:
    """A 3000×2000 phone photo lying on its side (orientation 6) with GPS in its EXIF.

    The red block marks the sensor's top-left corner; upright, it is at the top right.
    """
    image = Image.linear_gradient("L").resize((3000, 2000)).convert("RGB")
    image.paste(noise((3000, 600), 7), (0, 1400))  # some detail, so it spans several chunks
    ImageDraw.Draw(image).rectangle((0, 0, 400, 400), fill=(255, 0, 0))
    exif = Image.Exif()
    exif[ExifTags.Base.Orientation] = 6
    gps = exif.get_ifd(ExifTags.IFD.GPSInfo)
    gps[ExifTags.GPS.GPSLatitudeRef] = "N"
    gps[ExifTags.GPS.GPSLatitude] = (39.0, 56.0, 30.0)
    gps[ExifTags.GPS.GPSLongitudeRef] = "E"
    gps[ExifTags.GPS.GPSLongitude] = (119.0, 36.0, 0.0)
    return encode(image, "JPEG", quality=90, exif=exif)


def png_chunk(kind: bytes, data: bytes) -> bytes:
    crc = zlib.crc32(kind + data)
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", crc)


def png_bomb(side: int) -> bytes:
    """A valid one-bit PNG of side × side white pixels: tiny on disk, huge once decoded."""
    header = struct.pack(">IIBBBBB", side, side, 1, 0, 0, 0, 0)
    packer = zlib.compressobj(9)
    row = b"\x00" + b"\xff" * ((side + 7) // 8)
    idat = b"".join(packer.compress(row) for _ in range(side)) + packer.flush()
    return (
        b"\x89PNG\r\n\x1a\n"
        + png_chunk(b"IHDR", header)
        + png_chunk(b"IDAT", idat)
        + png_chunk(b"IEND", b"")
    )


def with_zip_appended() -> bytes:
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w") as zipped:
        zipped.writestr("payload.html", "<script>alert(1)</script>")
    return encode(noise((64, 64), 1), "JPEG") + archive.getvalue()


def with_html_appended() -> bytes:
    return encode(noise((64, 64), 2), "JPEG") + b"<html><script>alert(1)</script></html>"


def with_huge_exif() -> bytes:
    """A JPEG with three full APP1 'Exif' segments (~190 KiB of metadata) after its SOI."""
    jpeg = encode(noise((64, 64), 3), "JPEG")
    segment = b"\xff\xe1" + struct.pack(">H", 65535) + b"Exif\x00\x00" + b"\x00" * 65527
    return jpeg[:2] + segment * 3 + jpeg[2:]


def with_ten_thousand_comments() -> bytes:
    """Tiny, but millions of such segments would keep a parser busy: a part count is capped."""
    jpeg = encode(noise((16, 16), 18), "JPEG")
    return jpeg[:2] + b"\xff\xfe\x00\x02" * 10_001 + jpeg[2:]


def png_with_huge_exif() -> bytes:
    return encode(noise((32, 32), 4), "PNG", exif=b"Exif\x00\x00" + b"\x00" * (1024 * 1024))


def truncated_jpeg() -> bytes:
    data = encode(noise((200, 200), 5), "JPEG")
    return data[: len(data) * 2 // 3]


def truncated_png() -> bytes:
    data = small_png(6)
    return data[: len(data) // 2]


def truncated_webp() -> bytes:
    data = encode(noise((64, 64), 8), "WEBP")
    return data[: len(data) // 2]


def webp_with_trailer() -> bytes:
    return encode(noise((64, 64), 9), "WEBP") + b"PK\x03\x04trailer"


def png_with_trailer() -> bytes:
    return small_png(10) + b"<html></html>"


def mpo_behind_jpeg_magic() -> bytes:
    """Starts like a JPEG, but Pillow reads it as MPO (a second picture follows the first)."""
    image = noise((64, 64), 11)
    return encode(image, "MPO", save_all=True, append_images=[noise((64, 64), 12)])


def animated_webp() -> bytes:
    frames = [noise((32, 32), 13), noise((32, 32), 14)]
    return encode(frames[0], "WEBP", save_all=True, append_images=frames[1:])


HOSTILE: dict[str, Callable[[], bytes]] = {
    "decompression bomb 20000×20000": lambda: png_bomb(20000),
    "bomb just over the pixel limit": lambda: png_bomb(6400),
    "JPEG with a ZIP appended": with_zip_appended,
    "JPEG with HTML appended": with_html_appended,
    "TIFF named .jpg": lambda: encode(noise((64, 64), 15), "TIFF"),
    "GIF": lambda: encode(noise((64, 64), 16), "GIF"),
    "truncated JPEG": truncated_jpeg,
    "truncated PNG": truncated_png,
    "truncated WebP": truncated_webp,
    "huge EXIF block": with_huge_exif,
    "PNG with a 1 MiB eXIf chunk": png_with_huge_exif,
    "JPEG of ten thousand comments": with_ten_thousand_comments,
    "PNG with HTML after IEND": png_with_trailer,
    "WebP with a trailer past its RIFF size": webp_with_trailer,
    "MPO behind a JPEG magic": mpo_behind_jpeg_magic,
    "animated WebP": animated_webp,
    "text file": lambda: b"this is not a photo\n",
    "SVG": lambda: b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
}


# --- the world and the protocol --------------------------------------------------------------


@pytest.fixture
def world(client: TestClient) -> World:
    """The small world on the app of ``client`` (SQLite and PostgreSQL, see conftest)."""
    return build_world(client)


def sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def blob_path(data: bytes, tenant: str = "T1", digest: str | None = None) -> str:
    return f"/v1/blobs/{tenant}/{digest or sha(data)}"


def put(
    client: TestClient,
    headers: dict[str, str],
    path: str,
    chunk: bytes,
    *,
    offset: int,
    size: int,
) -> httpx.Response:
    answer: httpx.Response = client.put(
        f"{path}/upload",
        params={"offset": offset, "size": size},
        content=chunk,
        headers={**headers, "content-type": "application/octet-stream"},
    )
    return answer


def upload(
    client: TestClient,
    headers: dict[str, str],
    data: bytes,
    *,
    chunk_size: int = MAX_CHUNK_BYTES,
    path: str | None = None,
) -> httpx.Response:
    """Send a whole photo in chunks; the last answer."""
    path = path or blob_path(data)
    offset = 0
    while True:
        chunk = data[offset : offset + chunk_size]
        answer = put(client, headers, path, chunk, offset=offset, size=len(data))
        offset += len(chunk)
        if answer.status_code != 200 or offset >= len(data):
            return answer


def stored(world: World, data: bytes, tenant: str = "T1") -> bytes | None:
    with world.engine.connect() as conn:
        row = conn.execute(
            select(blobs.c.data).where(blobs.c.tenant == tenant, blobs.c.sha256 == sha(data))
        ).first()
    return None if row is None else bytes(row.data)


def audit_actions(world: World) -> list[tuple[str, str, dict[str, object]]]:
    with world.engine.connect() as conn:
        rows = conn.execute(select(audit).order_by(audit.c.id)).all()
    return [(row.action, row.subject, row.detail) for row in rows]


def pending_chunks(world: World) -> int:
    with world.engine.connect() as conn:
        return int(conn.execute(select(func.count()).select_from(uploads)).scalar_one())


# --- uploads ---------------------------------------------------------------------------------


def test_a_photo_sent_in_one_go_is_verified_and_kept_byte_for_byte(client, world):
    data = small_png(100)
    answer = put(client, world.auth("worker1"), blob_path(data), data, offset=0, size=len(data))
    assert answer.status_code == 200, answer.text
    assert answer.json() == {"received": len(data), "size": len(data), "status": "verified"}
    assert stored(world, data) == data
    assert pending_chunks(world) == 0
    assert ("blob.verified", f"T1/{sha(data)}") in [entry[:2] for entry in audit_actions(world)]


def test_head_answers_404_before_the_upload_and_200_after(client, world):
    data = small_png(101)
    headers = world.auth("worker1")
    assert client.head(blob_path(data), headers=headers).status_code == 404
    upload(client, headers, data, chunk_size=100)
    answer = client.head(blob_path(data), headers=headers)
    assert answer.status_code == 200
    assert answer.headers["x-blob-size"] == str(len(data))


@pytest.mark.parametrize("where", ["1", "2", "middle", "size-2", "size-1"])
def test_an_upload_cut_at_any_byte_resumes_from_the_offset_the_server_gives(client, world, where):
    data = small_png(102)
    cut = {"1": 1, "2": 2, "middle": len(data) // 2}.get(where) or len(data) + int(where[4:])
    headers = world.auth("worker1")
    path = blob_path(data)
    before = put(client, headers, path, data[:cut], offset=0, size=len(data))
    assert before.json() == {"received": cut, "size": len(data), "status": "partial"}
    # The phone was killed while sending the next chunk: only what the server stored counts.
    resume_at = client.get(f"{path}/upload", headers=headers).json()["received"]
    assert resume_at == cut
    last = None
    for offset in range(resume_at, len(data), 1000):
        chunk = data[offset : offset + 1000]
        last = put(client, headers, path, chunk, offset=offset, size=len(data))
        assert last.status_code == 200, last.text
    assert last is not None and last.json()["status"] == "verified"
    kept = stored(world, data)
    assert kept == data and kept is not None and sha(kept) == sha(data)


def test_nothing_is_stored_and_the_offset_is_zero_before_the_first_chunk(client, world):
    data = small_png(103)
    answer = client.get(f"{blob_path(data)}/upload", headers=world.auth("worker1"))
    assert answer.json() == {"received": 0, "size": None, "status": "partial"}


def test_a_request_cut_mid_body_stores_none_of_its_bytes(world, live_server, caplog):
    data = small_png(104)
    path = blob_path(data)
    headers = world.auth("worker1")
    with httpx.Client(base_url=live_server.url, headers=headers) as phone:
        first = phone.put(
            f"{path}/upload", params={"offset": 0, "size": len(data)}, content=data[:10]
        )
        assert first.json()["received"] == 10
        request = (
            f"PUT {path}/upload?offset=10&size={len(data)} HTTP/1.1\r\n"
            f"host: 127.0.0.1\r\nauthorization: {headers['authorization']}\r\n"
            f"content-type: application/octet-stream\r\ncontent-length: {len(data) - 10}\r\n\r\n"
        ).encode()
        with socket.create_connection((live_server.host, live_server.port)) as raw:
            raw.sendall(request + data[10:200])  # the network drops here
        assert phone.get(f"{path}/upload").json()["received"] == 10
        rest = phone.put(
            f"{path}/upload", params={"offset": 10, "size": len(data)}, content=data[10:]
        )
        assert rest.json()["status"] == "verified", rest.text
    assert stored(world, data) == data
    assert not [record for record in caplog.records if record.levelno >= logging.ERROR]


def test_a_wrong_offset_is_refused_with_where_to_resume(client, world):
    data = small_png(105)
    headers = world.auth("worker1")
    path = blob_path(data)
    put(client, headers, path, data[:50], offset=0, size=len(data))
    for offset in (0, 20, 60):  # a chunk sent twice, a gap, a skip
        answer = put(
            client, headers, path, data[offset : offset + 10], offset=offset, size=len(data)
        )
        assert answer.status_code == 409
        assert answer.json()["code"] == "conflict"
        assert answer.json()["details"]["received"] == 50
    assert client.get(f"{path}/upload", headers=headers).json()["received"] == 50


def test_another_declared_size_for_the_same_upload_is_a_conflict(client, world):
    data = small_png(106)
    headers = world.auth("worker1")
    put(client, headers, blob_path(data), data[:50], offset=0, size=len(data))
    answer = put(client, headers, blob_path(data), data[50:60], offset=50, size=len(data) + 1)
    assert answer.status_code == 409
    assert answer.json()["details"] == {"received": 50, "size": len(data)}


def test_the_last_chunk_resent_after_a_lost_answer_says_verified_again(client, world):
    data = small_png(107)
    headers = world.auth("worker1")
    upload(client, headers, data, chunk_size=300)
    again = put(client, headers, blob_path(data), data[-10:], offset=len(data) - 10, size=len(data))
    assert again.json() == {"received": len(data), "size": len(data), "status": "verified"}
    state = client.get(f"{blob_path(data)}/upload", headers=headers).json()
    assert state["status"] == "verified"


def test_a_photo_over_the_size_cap_is_refused_before_any_byte_is_stored(client, world):
    cap = world.app.state.settings.max_blob_bytes
    data = small_png(108)
    answer = put(client, world.auth("worker1"), blob_path(data), data, offset=0, size=cap + 1)
    assert answer.status_code == 413
    assert answer.json()["code"] == "request.too_large"
    assert pending_chunks(world) == 0
    assert audit_actions(world)[-1][:2] == ("blob.refused", f"T1/{sha(data)}")


def test_a_chunk_over_one_mebibyte_is_refused(client, world):
    chunk = b"\x00" * (MAX_CHUNK_BYTES + 1)
    path = blob_path(b"whatever")
    answer = put(client, world.auth("worker1"), path, chunk, offset=0, size=5 * MAX_CHUNK_BYTES)
    assert answer.status_code == 413
    assert answer.json()["details"]["limit"] == MAX_CHUNK_BYTES
    assert pending_chunks(world) == 0


def test_a_chunk_running_past_the_declared_size_is_refused(client, world):
    data = small_png(109)
    answer = put(client, world.auth("worker1"), blob_path(data), data, offset=0, size=len(data) - 1)
    assert answer.status_code == 413
    assert pending_chunks(world) == 0


def test_bytes_that_do_not_hash_to_their_name_are_refused_and_discarded(client, world):
    data = small_png(110)
    headers = world.auth("worker1")
    wrong = blob_path(data, digest=sha(b"something else"))
    put(client, headers, wrong, data[:100], offset=0, size=len(data))
    answer = put(client, headers, wrong, data[100:], offset=100, size=len(data))
    assert answer.status_code == 422
    assert answer.json()["code"] == "media.hash_mismatch"
    assert client.get(f"{wrong}/upload", headers=headers).json()["received"] == 0
    assert client.head(wrong, headers=headers).status_code == 404
    assert pending_chunks(world) == 0
    action, _, detail = audit_actions(world)[-1]
    assert action == "blob.refused" and detail["code"] == "media.hash_mismatch"
    assert upload(client, headers, data, path=wrong).status_code == 422  # re-sent, still wrong


@pytest.mark.parametrize("name", list(HOSTILE))
def test_a_hostile_file_is_refused_and_the_server_keeps_answering(client, world, name):
    data = HOSTILE[name]()
    headers = world.auth("worker1")
    answer = upload(client, headers, data)
    assert answer.status_code == 415, answer.text
    assert answer.json()["code"] == "media.bad"
    assert client.get("/health").json() == {"status": "ok"}
    assert client.head(blob_path(data), headers=headers).status_code == 404
    assert client.get(f"{blob_path(data)}/upload", headers=headers).json()["received"] == 0
    assert pending_chunks(world) == 0
    action, subject, detail = audit_actions(world)[-1]
    assert (action, subject, detail["code"]) == ("blob.refused", f"T1/{sha(data)}", "media.bad")


def test_hostile_files_are_refused_for_the_reason_they_are_hostile():
    reasons = {}
    names = (
        "decompression bomb 20000×20000",
        "bomb just over the pixel limit",
        "JPEG with a ZIP appended",
        "TIFF named .jpg",
        "truncated JPEG",
        "animated WebP",
    )
    for name in names:
        with pytest.raises(BadMedia) as refused:
            verify_photo(HOSTILE[name](), max_pixels=40_000_000)
        reasons[name] = refused.value.details["reason"]
    assert reasons == {
        "decompression bomb 20000×20000": "pixels",
        "bomb just over the pixel limit": "pixels",
        "JPEG with a ZIP appended": "trailing_data",
        "TIFF named .jpg": "format",
        "truncated JPEG": "structure",
        "animated WebP": "animated",
    }
    with pytest.raises(BadMedia) as refused:
        verify_photo(with_huge_exif(), max_pixels=40_000_000)
    assert refused.value.details == {"reason": "metadata", "limit": METADATA_LIMIT}


def test_the_pixel_limit_comes_from_the_settings():
    data = encode(noise((100, 100), 17), "PNG")
    assert verify_photo(data, max_pixels=10_000).width == 100
    with pytest.raises(BadMedia):
        verify_photo(data, max_pixels=9_999)
    assert Image.MAX_IMAGE_PIXELS != 9_999  # the process-wide limit is put back


@pytest.mark.parametrize(
    ("fmt", "media_type"), [("PNG", "image/png"), ("WEBP", "image/webp"), ("JPEG", "image/jpeg")]
)
def test_jpeg_png_and_webp_photos_are_accepted(client, world, fmt, media_type):
    data = encode(noise((120, 80), 200 + len(fmt)), fmt)
    answer = upload(client, world.auth("manager1"), data)
    assert answer.json()["status"] == "verified", answer.text
    with world.engine.connect() as conn:
        row = conn.execute(select(blobs).where(blobs.c.sha256 == sha(data))).one()
    assert (row.media_type, row.width, row.height) == (media_type, 120, 80)


@pytest.mark.parametrize("mode", ["1", "L", "LA", "P", "RGBA", "I;16"])
def test_every_png_mode_becomes_an_rgb_jpeg(mode):
    image = Image.new(mode, (40, 30))
    photo = verify_photo(encode(image, "PNG"), max_pixels=10_000)
    assert Image.open(io.BytesIO(photo.display)).mode == "RGB"


# --- what is served --------------------------------------------------------------------------


def test_the_display_photo_is_upright_at_most_1600_px_and_has_no_exif(client, world):
    data = camera_jpeg()
    assert len(data) > MAX_CHUNK_BYTES  # sent in several chunks
    headers = world.auth("worker1")
    assert upload(client, headers, data).json()["status"] == "verified"
    answer = client.get(f"{blob_path(data)}/display", headers=headers)
    assert answer.status_code == 200
    assert answer.headers["content-type"] == "image/jpeg"
    assert answer.headers["x-content-type-options"] == "nosniff"
    assert "max-age=31536000" in answer.headers["cache-control"]
    shown = Image.open(io.BytesIO(answer.content))
    assert shown.format == "JPEG"
    assert shown.size == (1067, 1600)  # turned upright: portrait
    pixel = shown.convert("RGB").getpixel((shown.width - 20, 20))
    assert isinstance(pixel, tuple)
    red, green, blue = pixel
    assert red > 200 and green < 60 and blue < 60  # the sensor's top-left, now top right
    assert len(shown.getexif()) == 0
    assert b"Exif" not in answer.content and b"GPS" not in answer.content
    kept = stored(world, data)
    assert kept == data  # the original keeps its EXIF, GPS included
    assert Image.open(io.BytesIO(data)).getexif().get_ifd(ExifTags.IFD.GPSInfo)


def test_the_thumbnail_is_a_256_px_jpeg_without_exif(client, world):
    data = camera_jpeg()
    headers = world.auth("worker1")
    upload(client, headers, data)
    answer = client.get(f"{blob_path(data)}/thumb", headers=headers)
    assert answer.headers["x-content-type-options"] == "nosniff"
    thumb = Image.open(io.BytesIO(answer.content))
    assert (thumb.format, max(thumb.size)) == ("JPEG", 256)
    assert thumb.height > thumb.width
    assert len(thumb.getexif()) == 0


def test_the_original_is_never_served(client, world):
    data = small_png(111)
    headers = world.auth("worker1")
    upload(client, headers, data)
    answer = client.get(blob_path(data), headers=headers)
    assert answer.status_code == 405
    assert data not in answer.content


def test_a_missing_photo_has_no_display(client, world):
    answer = client.get(f"{blob_path(b'nothing')}/display", headers=world.auth("worker1"))
    assert answer.status_code == 404
    assert answer.json()["code"] == "not_found"


# --- who may see -----------------------------------------------------------------------------


@pytest.mark.parametrize("outsider", ["worker2", "manager2", "admin", "inspector2"])
def test_an_outsider_gets_404_as_if_the_photo_did_not_exist(client, world, outsider):
    data = small_png(112)
    upload(client, world.auth("worker1"), data)
    missing = blob_path(small_png(113))
    headers = world.auth(outsider)
    for path in (blob_path(data), missing):
        assert client.head(path, headers=headers).status_code == 404
        for suffix in ("/display", "/thumb", "/upload"):
            answer = client.get(path + suffix, headers=headers)
            assert answer.status_code == 404
            assert answer.json() == {"code": "not_found", "message": "no such photo", "details": {}}
        answer = put(client, headers, path, data, offset=0, size=len(data))
        assert answer.status_code == 404
    assert pending_chunks(world) == 0


def test_an_inspector_whose_grid_holds_the_enterprise_may_read_its_photos(client, world):
    data = small_png(114)
    upload(client, world.auth("worker1"), data)
    headers = world.auth("inspector1")
    assert client.head(blob_path(data), headers=headers).status_code == 200
    assert client.get(f"{blob_path(data)}/display", headers=headers).status_code == 200


def test_the_same_photo_is_kept_apart_per_tenant(client, world):
    data = small_png(115)
    upload(client, world.auth("worker1"), data)
    headers = world.auth("worker2")
    assert client.head(blob_path(data, tenant="T2"), headers=headers).status_code == 404
    assert upload(client, headers, data, path=blob_path(data, "T2")).json()["status"] == "verified"
    assert stored(world, data, "T2") == data


def test_signed_out_requests_are_refused(client, world):
    data = small_png(116)
    assert client.head(blob_path(data)).status_code == 401
    assert client.get(f"{blob_path(data)}/upload").status_code == 401
    answer = client.put(f"{blob_path(data)}/upload?offset=0&size={len(data)}", content=data)
    assert answer.status_code == 401


@pytest.mark.parametrize("digest", ["A" * 64, "0" * 63, "g" * 64])
def test_a_name_that_is_not_a_lowercase_sha256_is_refused(client, world, digest):
    answer = client.get(f"/v1/blobs/T1/{digest}/upload", headers=world.auth("worker1"))
    assert answer.status_code == 422
    assert answer.json()["code"] == "invalid_input"


def test_uploads_are_stored_as_chunk_rows_until_verified(client, world):
    data = small_png(117)
    headers = world.auth("worker1")
    for offset in (0, 100, 200):
        put(
            client,
            headers,
            blob_path(data),
            data[offset : offset + 100],
            offset=offset,
            size=len(data),
        )
    assert pending_chunks(world) == 3
    put(client, headers, blob_path(data), data[300:], offset=300, size=len(data))
    assert pending_chunks(world) == 0


def test_the_live_server_serves_the_display_with_nosniff(world, live_server: LiveServer):
    data = small_png(118)
    with httpx.Client(base_url=live_server.url, headers=world.auth("worker1")) as phone:
        phone.put(
            f"{blob_path(data)}/upload", params={"offset": 0, "size": len(data)}, content=data
        )
        answer = phone.get(f"{blob_path(data)}/display")
    assert answer.status_code == 200
    assert answer.headers["x-content-type-options"] == "nosniff"


def send_like_a_phone(base_url: str, headers: dict[str, str], data: bytes) -> str:
    """The phone's loop: ask where to resume, send chunks, follow every 409's ``received``."""
    path = f"{blob_path(data)}/upload"
    with httpx.Client(base_url=base_url, headers=headers, timeout=30) as phone:
        state = phone.get(path).json()
        while state["status"] != "verified":
            offset = state["received"]
            answer = phone.put(
                path,
                params={"offset": offset, "size": len(data)},
                content=data[offset : offset + 700],
            )
            assert answer.status_code in (200, 409), answer.text
            state = answer.json() if answer.status_code == 200 else answer.json()["details"]
            state.setdefault("status", "partial")
    return str(state["status"])


def test_phones_racing_to_upload_the_same_photo_all_end_verified(world, live_server, caplog):
    data = small_png(119)
    headers = world.auth("worker1")
    with ThreadPoolExecutor(max_workers=4) as pool:
        results = list(
            pool.map(lambda _: send_like_a_phone(live_server.url, headers, data), range(4))
        )
    assert results == ["verified"] * 4
    assert stored(world, data) == data
    assert pending_chunks(world) == 0
    verified = [entry for entry in audit_actions(world) if entry[0] == "blob.verified"]
    assert len(verified) == 1
    assert not [record for record in caplog.records if record.levelno >= logging.ERROR]
