"""The QR decoder for Android: OpenCV, the one QR reader on Flet's mobile package index.

zxing-cpp and libzbar have no Android wheels; opencv-python 4.10 does (``mobile.qr_decoders``
chooses this decoder where zxing-cpp is absent). OpenCV's detectors alone read too few phone
photos (plain ``QRCodeDetector`` about 70 % of the bench frames, ``QRCodeDetectorAruco`` about
77 %), so the decoder runs a cascade, cheapest and likeliest step first, and stops at the first
step that reads a code or when the frame's budget of processor time is spent (a frame without
a code must not hold the camera loop for 300 ms):

1. the ArUco-style finder search on a third-size copy of a camera frame (near codes, ~3 ms),
   then a half, two thirds, then full size (distant codes, ~60 ms); a small picture is searched
   at full size, then upscaled twice;
2. every code the search places is warped square-on from the full picture (so the small
   search scale loses no module detail) and read by the pairs of ``READS`` in turn: the plain
   reader told where the corners are (3–4 ms, no search) or the ArUco one, on the square
   binarised against glare (adaptive), washed-out print (CLAHE) or focus blur (unsharp mask);
3. last, the inverted picture (light modules on dark, as on etched or screen labels).

Where the median frame's time goes (``bench/phone_qr.py``, seed 1, processor time on an idle
machine): decoding the 1280×960 camera JPEG to grey 3.7 ms, paid whatever the decoder (OpenCV's
own decoder takes 3.2 ms, and a half-size DCT decode still 3.1: the entropy decoding is the
cost, not the pixels); the third-size copy 0.6 ms and its search 2.2 ms, which places about
55 % of the codes; the warp 0.45 ms, the adaptive square 0.35 ms and the corner read 2.4 ms,
which reads two codes in three; the ArUco reader, next, 4.5 ms. The median frame sits where
frames read at a third (about 10 ms, 14 ms with the second read) meet frames that needed the
half-size search too (16 ms and more), so it moves with the share read at a third. A frame
the third-size search misses pays the larger searches (6.5, 16, 56 ms), so the scales grow in
small steps and the full-size search, dearest, comes last.

The detectors find codes at any rotation, so no rotated copies are searched.

OpenCV gives the text of byte segments as UTF-8 when the bytes are valid UTF-8 and byte for
byte (Latin-1) otherwise; ``opencv_text`` recovers the raw bytes in the second case and reads
them as ``text_of`` does (UTF-8, then GB18030), so Chinese labels in either encoding come out
right and nothing that was already read as UTF-8 is mangled.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from enum import Enum
from typing import Any

from PIL import Image

__all__ = ["OpenCvDecoder", "opencv_text"]

BUDGET_S = 0.14
"""Processor time for one frame; the cascade gives up at the first check after it is spent.

Processor time, not wall time: what a frame may cost is the decoder's own work, so a busy
phone (or a busy test machine) reads the same frames, only later.
"""
CAMERA_SIDE = 1000
"""A frame whose long side is at least this is first searched at a third of its size."""
SMALL_SIDE = 480
"""A picture whose long side is below this is upscaled before the full-size search."""
WARP_MODULES = 45
"""The warped square is this many modules wide: a code up to version 5 keeps 4 quiet modules."""
WARP_SIDE = 200
"""Side in pixels of a code warped square-on: about 4.4 pixels a module.

240 (5.3 pixels) read no more frames of the bench's tuning set and each read cost more; 180
(4 pixels) lost 1.5 % of the frames.
"""
THREADS = 1
"""OpenCV's worker threads: one. Its thread pool costs more processor time in hand-offs than it
saves on pictures this small (about 1 ms of the median frame on the bench), and the camera loop
then leaves the phone's other cores to the UI. OpenCV's setting is per process; the decoder is
its only user in the app."""


class Reader(Enum):
    """OpenCV's ways to read a code that is already warped square-on."""

    ARUCO = "aruco"  # the ArUco detector's own detect-and-decode: reads most, about 5 ms
    CORNERS = "corners"  # the plain decoder told where the corners are: no search, 3–4 ms
    SEARCH = "search"  # the plain detector searching: about 11 ms, so last


class Binarised(Enum):
    """How a warped square is prepared for a reader (glare, washed-out print, focus blur)."""

    AS_IS = "as_is"
    ADAPTIVE = "adaptive"  # local Gaussian threshold: glare and uneven light
    CLAHE = "clahe"  # local contrast equalised, then Otsu: washed-out print
    SHARP_OTSU = "sharp_otsu"  # unsharp masked, then Otsu: out of focus
    SHARP_ADAPTIVE = "sharp_adaptive"  # unsharp masked, then adaptive: blur and glare


READS: tuple[tuple[Reader, Binarised], ...] = (
    (Reader.CORNERS, Binarised.ADAPTIVE),
    (Reader.ARUCO, Binarised.ADAPTIVE),
    (Reader.CORNERS, Binarised.SHARP_ADAPTIVE),
    (Reader.CORNERS, Binarised.SHARP_OTSU),
    (Reader.ARUCO, Binarised.SHARP_OTSU),
    (Reader.ARUCO, Binarised.CLAHE),
    (Reader.ARUCO, Binarised.AS_IS),
    (Reader.SEARCH, Binarised.SHARP_OTSU),
)
"""The reads tried on a warped code, in order: most codes read per millisecond first.

Ordered greedily on the tuning frames of ``bench/phone_qr.py`` (seed 1): each pair is the one
that reads the most of the codes still unread per millisecond it costs. Pairs that read no
further code there (plain Otsu, the wider unsharp mask, the searching reader on anything but
the sharpened square) were dropped; they only spent the frame's budget.
"""


def opencv_text(text: str) -> str:
    """The text OpenCV returned, with byte-for-byte (Latin-1) results read as UTF-8 or GB18030.

    OpenCV returns valid UTF-8 decoded and anything else one character per byte. A string
    with a character beyond U+00FF, or whose Latin-1 bytes are valid UTF-8 (OpenCV would have
    decoded them), was read as UTF-8 and is returned as it is.
    """
    if text.isascii() or max(map(ord, text)) > 0xFF:
        return text
    raw = text.encode("latin-1")
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError:
        pass
    else:
        return text
    try:
        return raw.decode("gb18030")
    except UnicodeDecodeError:
        return text


class OpenCvDecoder:
    """OpenCV's QR detectors in a cascade with a per-frame time budget."""

    name = "opencv"

    def __init__(self, cv2: Any, numpy: Any, budget_s: float = BUDGET_S) -> None:
        cv2.setNumThreads(THREADS)
        self._cv2 = cv2
        self._np = numpy
        self._budget_s = budget_s
        self._aruco = _aruco_detector(cv2)
        self._plain = cv2.QRCodeDetector()
        margin = WARP_SIDE * 4 / WARP_MODULES
        far = WARP_SIDE - margin
        self._square = numpy.array(
            [[margin, margin], [far, margin], [far, far], [margin, far]], dtype=numpy.float32
        )
        self._clahe = cv2.createCLAHE(clipLimit=3.0, tileGridSize=(4, 4))

    def decode(self, image: Image.Image) -> list[str]:
        """Every QR code found by the first step of the cascade that finds any, in budget."""
        deadline = time.process_time() + self._budget_s
        grey = self._np.asarray(image)
        side = max(grey.shape[:2])
        scales = _search_scales(side)
        for picture, factor in [(grey, f) for f in scales] + [(255 - grey, scales[0])]:
            found = self._search(picture, factor, deadline)
            if found:
                return list(dict.fromkeys(opencv_text(text) for text in found))
            if time.process_time() >= deadline:
                break
        return []

    def _search(self, grey: Any, factor: float, deadline: float) -> list[str]:
        """Codes whose corners the ArUco finder search places at this scale, read from ``grey``.

        The search runs on a scaled copy (cheap at a third of a camera frame); the code is read
        from the full picture, warped square-on, so a small scale loses no module detail.
        """
        found, quads = self._aruco.detectMulti(self._scaled(grey, factor))
        if not found or quads is None:
            return []
        texts: list[str] = []
        for quad in quads:
            texts.extend(self._read_square(self._warped(grey, quad / factor), deadline))
        return texts

    def _read_square(self, square: Any, deadline: float) -> list[str]:
        """A code warped square-on, read by the pairs of ``READS`` in turn until one reads it.

        Each binarisation is made once per square and shared by the readers that use it.
        """
        corners = self._square.reshape(1, 4, 2)
        readers: dict[Reader, Callable[[Any], Any]] = {
            Reader.ARUCO: lambda picture: self._aruco.detectAndDecode(picture)[0],
            Reader.CORNERS: lambda picture: self._plain.decode(picture, corners)[0],
            Reader.SEARCH: lambda picture: self._plain.detectAndDecode(picture)[0],
        }
        made: dict[Binarised, Any] = {}
        for reader, binarised in READS:
            if binarised not in made:
                made[binarised] = self._binarise(binarised, square)
            text = readers[reader](made[binarised])
            if text:
                return [str(text)]
            if time.process_time() >= deadline:
                return []
        return []

    def _warped(self, grey: Any, quad: Any) -> Any:
        cv2, np = self._cv2, self._np
        matrix = cv2.getPerspectiveTransform(quad.astype(np.float32), self._square)
        return cv2.warpPerspective(
            grey,
            matrix,
            (WARP_SIDE, WARP_SIDE),
            flags=cv2.INTER_LINEAR,
            borderMode=cv2.BORDER_REPLICATE,
        )

    def _binarise(self, how: Binarised, square: Any) -> Any:
        cv2 = self._cv2
        otsu = cv2.THRESH_BINARY | cv2.THRESH_OTSU
        gaussian = cv2.ADAPTIVE_THRESH_GAUSSIAN_C
        if how is Binarised.AS_IS:
            return square
        if how is Binarised.ADAPTIVE:
            return cv2.adaptiveThreshold(square, 255, gaussian, cv2.THRESH_BINARY, 31, 5)
        if how is Binarised.CLAHE:
            return cv2.threshold(self._clahe.apply(square), 0, 255, otsu)[1]
        if how is Binarised.SHARP_OTSU:
            return cv2.threshold(self._sharpened(square, 1.5, 3), 0, 255, otsu)[1]
        sharp = self._sharpened(square, 1.0, 3)  # Binarised.SHARP_ADAPTIVE
        return cv2.adaptiveThreshold(sharp, 255, gaussian, cv2.THRESH_BINARY, 31, 0)

    def _sharpened(self, square: Any, amount: float, sigma: float) -> Any:
        """Unsharp masking: undoes some of the blur of a code photographed out of focus."""
        cv2 = self._cv2
        smooth = cv2.GaussianBlur(square, (0, 0), sigma)
        return cv2.addWeighted(square, 1 + amount, smooth, -amount, 0)

    def _scaled(self, grey: Any, factor: float) -> Any:
        if factor == 1.0:
            return grey
        cv2 = self._cv2
        method = cv2.INTER_AREA if factor < 1 else cv2.INTER_CUBIC
        return cv2.resize(grey, None, fx=factor, fy=factor, interpolation=method)


def _search_scales(side: int) -> tuple[float, ...]:
    """Scales to search a picture at: a camera frame from a third up, a small crop upscaled."""
    if side >= CAMERA_SIDE:
        return (1 / 3, 1 / 2, 2 / 3, 1.0)
    if side < SMALL_SIDE:
        return (1.0, 2.0)
    return (0.5, 1.0)


def _aruco_detector(cv2: Any) -> Any:
    """ArUco-style finder search with one threshold window (three cost three times as much)."""
    detector = cv2.QRCodeDetectorAruco()
    params = detector.getArucoParameters()
    params.adaptiveThreshWinSizeMin = 7
    params.adaptiveThreshWinSizeMax = 7
    params.minMarkerPerimeterRate = 0.04  # finder patterns of smaller codes are unreadable
    detector.setArucoParameters(params)
    return detector
