"""QR decode rate and time per 1280×960 camera frame on a generated set of spoilt card photos.

Run: ``python -m bench.phone_qr [--frames 200] [--seed 1]``. Each frame shows one signed post
card code (``shared.qr.sign_qr``) photographed at a random size (90–400 px), tilt, rotation,
blur, noise, contrast and glare (``tests/mobile/qr_photos.py``), saved as a camera JPEG.
``mobile.scan.read_codes`` is timed from the JPEG bytes, with the desktop's decoders (zxing-cpp,
then zbar), with each alone, and with OpenCV alone: the phone's decoder, as Flet's mobile index
has neither zxing-cpp nor libzbar (issue 15). Targets: the default median ≤ 15 ms per frame;
OpenCV alone ≥ 90 % of the frames, zero misreads, median ≤ 15 ms, p95 ≤ 150 ms.

Wall time is what a phone user waits; on this shared 2-core machine it swings with the other
work, so the processor time of the benchmark process is given beside it, with the load average.
"""

from __future__ import annotations

import argparse
import importlib
import os
import random
import statistics
import time
from collections import Counter
from typing import Any

from bench.report import machine, write_section
from mobile.qr_decoders import QrDecoder, ZbarDecoder, ZxingDecoder, opencv_decoder
from mobile.qr_opencv import OpenCvDecoder
from mobile.scan import _greyscale, read_codes
from shared.ids import PostId, TenantId
from shared.qr import QrKind, QrPayload, derive_tenant_key, sign_qr
from tests.mobile.qr_photos import Spoil, code_image, photo_of

TENANT = TenantId("91130302MA0DEM001Y")
KEY = derive_tenant_key(b"bench-master", TENANT)
TARGET_MS = 15.0
OPENCV_RATE = 0.90
OPENCV_P95_MS = 150.0
TUNING_SEED = 1
"""The frame set the OpenCV cascade's order was chosen on; report another as held out."""
BLUR_MODULES = 0.45
"""Blur sigma limit in modules; past about 0.5 neither decoder (nor an eye) reads the code."""


class StageTally(OpenCvDecoder):
    """The phone's decoder, counting which search of its cascade read each frame (the profile).

    A search is named by its scale; the last one, on the inverted picture, as "inverted".
    """

    def __init__(self, cv2: Any, numpy: Any) -> None:
        super().__init__(cv2, numpy)
        self.stages: Counter[str] = Counter()
        self._searched: list[float] = []

    def decode(self, image: Any) -> list[str]:
        self._searched = []
        found = super().decode(image)
        self.stages[self._stage() if found else "none"] += 1
        return found

    def _search(self, grey: Any, factor: float, deadline: float) -> list[str]:
        self._searched.append(factor)
        return super()._search(grey, factor, deadline)

    def _stage(self) -> str:
        last = self._searched[-1]
        return "inverted" if last in self._searched[:-1] else f"×{last:.2f}"


def frame_set(count: int, seed: int) -> list[tuple[str, bytes]]:
    """``count`` (text, JPEG) pairs, each spoilt at random within phone-photo ranges."""
    rng = random.Random(seed)
    frames = []
    for n in range(count):
        card = QrPayload(kind=QrKind.POST, tenant=TENANT, target_id=PostId(f"P-{n:04d}"), version=1)
        text = sign_qr(card, KEY)
        size = rng.randint(90, 400)
        module_px = size / code_image(text).width
        spoil = Spoil(
            size=size,
            tilt=rng.uniform(0, 0.4),
            rotate=rng.uniform(-30, 30),
            blur=rng.uniform(0, BLUR_MODULES) * module_px,  # out of focus
            noise=rng.uniform(0, 0.25),
            contrast=rng.uniform(0.35, 1.0),
            glare=rng.uniform(0, 0.8) if rng.random() < 0.4 else 0.0,
            quality=rng.randint(70, 92),
        )
        frames.append((text, photo_of(text, spoil, seed=n)))
    return frames


def measure(frames: list[tuple[str, bytes]], decoders: list[QrDecoder]) -> dict[str, float]:
    times, cpu, hits, misreads = [], [], 0, 0
    for text, data in frames:
        start, start_cpu = time.perf_counter(), time.process_time()
        found = read_codes(data, decoders)
        times.append((time.perf_counter() - start) * 1000)
        cpu.append((time.process_time() - start_cpu) * 1000)
        hits += found == [text]
        misreads += any(each != text for each in found)
    times.sort()
    cpu.sort()
    return {
        "rate": hits / len(frames),
        "misreads": misreads,
        "median": statistics.median(times),
        "p95": times[int(0.95 * (len(times) - 1))],
        "cpu_median": statistics.median(cpu),
        "cpu_p95": cpu[int(0.95 * (len(cpu) - 1))],
        "load": os.getloadavg()[0],
    }


Table = tuple[int, dict[str, dict[str, float]], Counter[str], float]
"""One frame set: its seed, a row per decoder set, OpenCV's stage profile, the JPEG decode ms."""


def jpeg_ms(frames: list[tuple[str, bytes]]) -> float:
    """Median processor time of the JPEG decode alone, which every decoder set pays first."""
    cpu = []
    for _, data in frames:
        start = time.process_time()
        _greyscale(data)
        cpu.append((time.process_time() - start) * 1000)
    return statistics.median(cpu)


def report(tables: list[Table], frames: int, command: str) -> str:
    lines = [
        "### QR decoding (`bench/phone_qr.py`)",
        "",
        f"Command: `{command}` · machine: {machine()}.",
        f"{frames} generated 1280×960 camera JPEGs per seed, one signed card code each, spoilt",
        "at random (size 90–400 px, perspective tilt, ±30° rotation, Gaussian blur up to",
        f"{BLUR_MODULES} of a module, sensor noise, contrast 0.35–1, glare on 40%). Time is",
        "`read_codes` from the JPEG bytes (JPEG decode included); a frame counts when exactly",
        "the card's text comes back, and a misread is any other text. Past a blur of about half",
        "a module no decoder reads anything (nor does an eye): the app asks for another shot or",
        "the typed code. Wall time is what a user waits; processor (CPU) time is the same work",
        "without the waiting for the other jobs on this shared machine (load = its 1-minute",
        "load average when the row ended; above 2 the wall times are inflated). The OpenCV",
        "cascade (`mobile/qr_opencv.py`) was ordered on seed 1; any other seed is held out,",
        "and the verdicts judge the last seed measured.",
    ]
    for seed, rows, profile, jpeg in tables:
        lines += _table(seed, rows, profile, jpeg)
    seed, rows, _, _ = tables[-1]
    main_row = next(iter(rows.values()))
    busiest = max(r["load"] for _, rows_, _, _ in tables for r in rows_.values())
    lines += [""]
    if busiest > (os.cpu_count() or 1):
        lines += [
            f"- **Busy machine** (load up to {busiest:.1f} on {os.cpu_count()} cores): the wall",
            "  times above are inflated by waiting; the CPU columns are the decoders' own work.",
            "  Rerun on an idle machine before believing a wall-time verdict.",
        ]
    lines += [
        f"- Target median ≤ {TARGET_MS:.0f} ms with the default cascade: "
        f"{main_row['median']:.1f} ms, {'met' if main_row['median'] <= TARGET_MS else 'NOT met'}.",
    ]
    opencv = rows.get(OPENCV_ROW)
    if opencv is not None:
        lines += _opencv_verdicts(opencv, seed)
    lines += [
        "- Frames where a decoder finds nothing cost the whole cascade (p95); OpenCV's is capped",
        "  by a budget of processor time per frame (`mobile/qr_opencv.py`, `BUDGET_S`). The UI",
        "  then offers another shot or the typed code.",
    ]
    return "\n".join(lines)


def _table(
    seed: int, rows: dict[str, dict[str, float]], profile: Counter[str], jpeg: float
) -> list[str]:
    lines = [
        "",
        f"Seed {seed}{' (tuning)' if seed == TUNING_SEED else ' (held out)'}:",
        "",
        "| decoders | decoded | misreads | median ms | p95 ms | CPU median | CPU p95 | load |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for name, r in rows.items():
        lines.append(
            f"| {name} | {r['rate']:.1%} | {r['misreads']:.0f} | {r['median']:.1f} | "
            f"{r['p95']:.1f} | {r['cpu_median']:.1f} | {r['cpu_p95']:.1f} | {r['load']:.1f} |"
        )
    if profile:
        stages = ", ".join(f"{stage} {count}" for stage, count in sorted(profile.items()))
        lines += ["", f"OpenCV's profile, frames read by each search of the cascade: {stages}."]
    lines += [f"The JPEG decode alone, paid by every decoder first: CPU median {jpeg:.1f} ms."]
    return lines


OPENCV_ROW = "OpenCV alone (the phone's decoder)"


def _opencv_verdicts(r: dict[str, float], seed: int) -> list[str]:
    def verdict(ok: bool) -> str:
        return "met" if ok else "NOT met"

    return [
        f"- Verdicts on seed {seed}.",
        f"- OpenCV alone, target decoded ≥ {OPENCV_RATE:.0%}: {r['rate']:.1%}, "
        f"{verdict(r['rate'] >= OPENCV_RATE)}.",
        f"- OpenCV alone, target zero misreads: {r['misreads']:.0f} misreads, "
        f"{verdict(r['misreads'] == 0)}.",
        f"- OpenCV alone, target median ≤ {TARGET_MS:.0f} ms: {r['cpu_median']:.1f} ms of CPU "
        f"(wall {r['median']:.1f} ms), {verdict(r['cpu_median'] <= TARGET_MS)}.",
        f"- OpenCV alone, target p95 ≤ {OPENCV_P95_MS:.0f} ms: {r['cpu_p95']:.1f} ms of CPU "
        f"(wall {r['p95']:.1f} ms), {verdict(r['cpu_p95'] <= OPENCV_P95_MS)}.",
    ]


def decoder_sets() -> dict[str, list[QrDecoder]]:
    """Every decoder set this machine can run: the desktop's, each alone, and the phone's."""
    zxing, zbar = _maybe(_zxing), _maybe(_zbar)
    opencv = opencv_decoder() and StageTally(_module("cv2"), _module("numpy"))
    sets: dict[str, list[Any]] = {
        "zxing-cpp, then zbar (desktop default)": [zxing, zbar],
        "zxing-cpp alone": [zxing],
        "zbar alone (binary mode, cascade)": [zbar],
        OPENCV_ROW: [opencv],
    }
    return {name: decoders for name, decoders in sets.items() if None not in decoders}


def _module(name: str) -> Any:
    return importlib.import_module(name)


def _zxing() -> QrDecoder:
    return ZxingDecoder(importlib.import_module("zxingcpp"))


def _zbar() -> QrDecoder:
    importlib.import_module("pyzbar.pyzbar")  # loads libzbar, or fails
    return ZbarDecoder(importlib.import_module("pyzbar.wrapper"))


def _maybe(make: Any) -> QrDecoder | None:
    try:
        decoder: QrDecoder = make()
    except (ImportError, OSError):
        return None
    return decoder


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--frames", type=int, default=200)
    parser.add_argument(
        "--seed",
        type=int,
        nargs="+",
        default=[1],
        help="frame sets, each measured apart; the verdicts judge the last (the held-out set)",
    )
    args = parser.parse_args()
    seeds = " ".join(map(str, args.seed))
    command = f"python -m bench.phone_qr --frames {args.frames} --seed {seeds}"
    tables = []
    for seed in args.seed:
        frames = frame_set(args.frames, seed)
        rows, profile = {}, Counter[str]()
        for name, decoders in decoder_sets().items():
            rows[name] = measure(frames, decoders)
            profile += Counter(getattr(decoders[0], "stages", {}))
            r = rows[name]
            print(
                f"seed {seed}, {name}: {r['rate']:.1%} decoded, {r['misreads']:.0f} misreads, "
                f"median {r['median']:.1f} ms (CPU {r['cpu_median']:.1f}), p95 {r['p95']:.1f} "
                f"ms (CPU {r['cpu_p95']:.1f}), load {r['load']:.1f}"
            )
        tables.append((seed, rows, profile, jpeg_ms(frames)))
    write_section("phone-qr", report(tables, args.frames, command))


if __name__ == "__main__":
    main()
