"""Reading our PDFs back as a person's tools would: their text, their images, their fonts."""

from __future__ import annotations

import io
from typing import Any

import zxingcpp
from PIL import Image
from pypdf import PdfReader


def pdf_text(data: bytes) -> str:
    """All text of every page, as a PDF reader extracts it."""
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def pdf_images(data: bytes) -> list[Image.Image]:
    """Every image placed on every page, in order."""
    pages = PdfReader(io.BytesIO(data)).pages
    return [image.image for page in pages for image in page.images if image.image is not None]


def decoded_qr_codes(data: bytes) -> list[str]:
    """The text of every QR code found in the PDF's images."""
    return [
        found.text
        for image in pdf_images(data)
        for found in zxingcpp.read_barcodes(image.convert("L"))
        if found.format == zxingcpp.BarcodeFormat.QRCode
    ]


def embedded_fonts(data: bytes) -> set[str]:
    """Base names of the fonts embedded (with their font program) on the first page."""
    page: Any = PdfReader(io.BytesIO(data)).pages[0]
    found = set()
    fonts = page["/Resources"]["/Font"]
    for ref in fonts.values():
        font = ref.get_object()
        descriptor = font["/DescendantFonts"][0].get_object()["/FontDescriptor"].get_object()
        if "/FontFile2" in descriptor:
            found.add(str(font["/BaseFont"]).split("+")[-1])
    return found


def page_count(data: bytes) -> int:
    """How many pages the PDF has."""
    return len(PdfReader(io.BytesIO(data)).pages)
