"""The QR benchmark reports the phone's decoder (OpenCV alone) beside zxing-cpp (issue 15)."""

from __future__ import annotations

from collections import Counter

import pytest

from bench import phone_qr

pytest.importorskip("cv2")
pytest.importorskip("zxingcpp")


def test_the_report_has_opencv_alone_beside_zxing_cpp_with_a_verdict_per_target():
    frames = phone_qr.frame_set(3, seed=1)
    sets = phone_qr.decoder_sets()
    assert {"zxing-cpp alone", phone_qr.OPENCV_ROW} <= set(sets)
    rows = {
        name: phone_qr.measure(frames, sets[name])
        for name in ("zxing-cpp alone", phone_qr.OPENCV_ROW)
    }
    text = phone_qr.report([(2, rows, Counter(), 1.0)], 3, "python -m bench.phone_qr --frames 3")
    assert "| zxing-cpp alone |" in text and f"| {phone_qr.OPENCV_ROW} |" in text
    for target in ("decoded ≥ 90%", "zero misreads", "median ≤ 15 ms", "p95 ≤ 150 ms"):
        assert f"OpenCV alone, target {target}" in text
    assert "Seed 2 (held out)" in text
