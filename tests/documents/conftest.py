"""Reading documents back as a reader would: the text a PDF viewer extracts, and the barcodes a
scanner decodes from the page rendered at a thermal printer's resolution."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pypdfium2
import pytest
import zxingcpp

THERMAL_DPI = 203  # 8 dots per mm, the common receipt printer head


@dataclass(frozen=True)
class PageRead:
    text: str
    width_pt: float
    height_pt: float
    codes: tuple[tuple[str, str], ...]  # (format name, decoded text)


def read_pdf(data: bytes, dpi: int = THERMAL_DPI) -> list[PageRead]:
    """Every page: its extracted text, size, and the barcodes zxing-cpp finds on its image."""
    pages = []
    document = pypdfium2.PdfDocument(data)
    try:
        for page in document:
            text = page.get_textpage().get_text_range()
            image = page.render(scale=dpi / 72, grayscale=True).to_pil()
            found = zxingcpp.read_barcodes(image)
            codes = tuple(sorted((b.format.name, b.text) for b in found))
            width, height = page.get_size()
            pages.append(PageRead(text.replace("\r\n", "\n"), width, height, codes))
    finally:
        document.close()
    return pages


@pytest.fixture
def pdf_pages() -> Callable[..., list[PageRead]]:
    return read_pdf
