"""The phone's photo pipeline on a 12 MP camera JPEG: time and size of what is stored.

Run: ``python -m bench.phone_photo [--runs 20]``. Two synthetic 4000×3000 photos saved at
camera quality (92): a detailed scene (multi-scale texture, the worst case for size) and a
plain one (smooth surfaces with edges, like a wall and a fire extinguisher). Targets: ≤ 200 ms
and ≤ 400 KB per photo.
"""

from __future__ import annotations

import argparse
import io
import statistics
import time

from PIL import Image, ImageDraw, ImageFilter

from bench.report import machine, write_section
from mobile.photos import process_photo

SIZE = (4000, 3000)
TARGET_MS = 200.0
TARGET_KB = 400.0


def detailed_scene() -> bytes:
    """Texture at three scales, in colour: compresses like foliage or a cluttered shelf."""
    w, h = SIZE
    coarse = Image.effect_noise((w // 32, h // 32), 64).resize(SIZE, Image.Resampling.BICUBIC)
    middle = Image.effect_noise((w // 4, h // 4), 40).resize(SIZE, Image.Resampling.BICUBIC)
    fine = Image.effect_noise(SIZE, 20)
    grey = Image.blend(Image.blend(coarse, middle, 0.4), fine, 0.2)
    red = grey.point(lambda v: (v * 3) // 4 + 30)
    blue = grey.point(lambda v: 255 - v)
    return camera_jpeg(Image.merge("RGB", (grey, red, blue)))


def plain_scene() -> bytes:
    """Smooth gradients, a few objects with hard edges, light sensor noise."""
    scene = Image.linear_gradient("L").resize(SIZE).convert("RGB")
    draw = ImageDraw.Draw(scene)
    draw.rectangle((1500, 600, 2300, 2700), fill=(200, 30, 30))  # an extinguisher
    draw.ellipse((1700, 800, 2100, 1200), fill=(240, 240, 240), outline=(20, 20, 20), width=12)
    draw.rectangle((300, 2200, 3700, 2400), fill=(90, 80, 70))  # a shelf
    grain = Image.effect_noise(SIZE, 12).convert("RGB")
    return camera_jpeg(Image.blend(scene, grain, 0.08).filter(ImageFilter.SMOOTH))


def camera_jpeg(image: Image.Image) -> bytes:
    out = io.BytesIO()
    image.save(out, "JPEG", quality=92)
    return out.getvalue()


def measure(raw: bytes, runs: int) -> dict[str, float]:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        photo = process_photo(raw)
        times.append((time.perf_counter() - start) * 1000)
    times.sort()
    return {
        "input_kb": len(raw) / 1024,
        "median": statistics.median(times),
        "p95": times[int(0.95 * (len(times) - 1))],
        "kb": len(photo.data) / 1024,
        "thumb_kb": len(photo.thumb) / 1024,
        "side": float(max(photo.width, photo.height)),
    }


def report(rows: dict[str, dict[str, float]], command: str) -> str:
    lines = [
        "### Photo pipeline (`bench/phone_photo.py`)",
        "",
        f"Command: `{command}` · machine: {machine()}.",
        "One call of `mobile.photos.process_photo` on a 12 MP (4000×3000) camera JPEG: draft",
        "decode at 1/2 scale, EXIF orientation, resize to 1600 px, JPEG q80 optimised, 256 px",
        "thumbnail, sha256. Synthetic photos (no real photos on this machine): stored size",
        "depends on the scene, so a detailed and a plain one bracket it.",
        "",
        "| scene | input KB | median ms | p95 ms | stored KB | long side px | thumbnail KB |",
        "|---|---|---|---|---|---|---|",
    ]
    for name, r in rows.items():
        lines.append(
            f"| {name} | {r['input_kb']:.0f} | {r['median']:.0f} | {r['p95']:.0f} | "
            f"{r['kb']:.0f} | {r['side']:.0f} | {r['thumb_kb']:.1f} |"
        )
    slowest = max(r["p95"] for r in rows.values())
    largest = max(r["kb"] for r in rows.values())
    lines += [
        "",
        f"- Time: p95 {slowest:.0f} ms against ≤ {TARGET_MS:.0f} ms: "
        f"{'met' if slowest <= TARGET_MS else 'NOT met'}.",
        f"- Size: largest {largest:.0f} KB against ≤ {TARGET_KB:.0f} KB: "
        f"{'met' if largest <= TARGET_KB else 'NOT met'}.",
    ]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=20)
    args = parser.parse_args()
    command = f"python -m bench.phone_photo --runs {args.runs}"
    rows = {}
    for name, make in (("detailed", detailed_scene), ("plain", plain_scene)):
        rows[name] = measure(make(), args.runs)
        r = rows[name]
        print(f"{name}: median {r['median']:.0f} ms, p95 {r['p95']:.0f} ms, {r['kb']:.0f} KB")
    write_section("phone-photo", report(rows, command))


if __name__ == "__main__":
    main()
