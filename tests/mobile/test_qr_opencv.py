"""The phone's OpenCV cascade: which scales it searches, what a read costs, its time budget."""

from __future__ import annotations

import io
import time
from typing import Any

import pytest
from PIL import Image

from mobile.qr_opencv import READS, WARP_SIDE, Binarised, OpenCvDecoder, _search_scales

cv2 = pytest.importorskip("cv2")
numpy = pytest.importorskip("numpy")


@pytest.mark.parametrize(
    ("side", "scales"),
    [
        # a camera frame: a third first (near codes, cheapest), in small steps up to full size
        (1280, (1 / 3, 1 / 2, 2 / 3, 1.0)),
        (1000, (1 / 3, 1 / 2, 2 / 3, 1.0)),
        # a picked photo of medium size: half, then full
        (800, (0.5, 1.0)),
        (480, (0.5, 1.0)),
        # a small crop: full size, then upscaled
        (479, (1.0, 2.0)),
        (200, (1.0, 2.0)),
    ],
)
def test_a_picture_is_searched_at_scales_chosen_by_its_size(side, scales):
    assert _search_scales(side) == scales


class Counting(OpenCvDecoder):
    """The real decoder, counting the binarised squares it makes."""

    def __init__(self) -> None:
        super().__init__(cv2, numpy, budget_s=10.0)
        self.made: list[Binarised] = []

    def _binarise(self, how: Binarised, square: Any) -> Any:
        self.made.append(how)
        return super()._binarise(how, square)


def test_each_binarised_square_is_made_once_and_shared_by_the_readers_that_use_it():
    decoder = Counting()
    blank = numpy.full((WARP_SIDE, WARP_SIDE), 200, dtype=numpy.uint8)
    assert decoder._read_square(blank, time.process_time() + 10) == []
    assert sorted(decoder.made, key=str) == sorted({how for _, how in READS}, key=str)


def test_the_cheapest_read_comes_first_and_no_read_is_tried_twice():
    assert READS[0][0].value == "corners"  # no search: 3–4 ms
    assert len(set(READS)) == len(READS)


class Searches(OpenCvDecoder):
    """The real decoder, recording the scale of each finder search."""

    def __init__(self, budget_s: float) -> None:
        super().__init__(cv2, numpy, budget_s=budget_s)
        self.scales: list[float] = []

    def _search(self, grey: Any, factor: float, deadline: float) -> list[str]:
        self.scales.append(factor)
        return super()._search(grey, factor, deadline)


def noise_frame() -> Image.Image:
    out = io.BytesIO()
    Image.effect_noise((1280, 960), 90).save(out, "PNG")
    return Image.open(io.BytesIO(out.getvalue())).convert("L")


def test_a_frame_without_a_code_gives_up_once_its_budget_is_spent():
    """A busy frame must not hold the camera loop: no further search once the budget is gone."""
    spent = Searches(budget_s=0.0)
    assert spent.decode(noise_frame()) == []
    assert spent.scales == [1 / 3]
    ample = Searches(budget_s=10.0)
    assert ample.decode(noise_frame()) == []
    assert ample.scales == [1 / 3, 1 / 2, 2 / 3, 1.0, 1 / 3]  # the last one inverted


def test_the_decoder_runs_opencv_on_one_thread_so_hand_offs_cost_no_processor_time():
    cv2.setNumThreads(2)
    try:
        OpenCvDecoder(cv2, numpy)
        assert cv2.getNumThreads() == 1
    finally:
        cv2.setNumThreads(-1)
