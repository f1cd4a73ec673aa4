"""Vouchers on paper: an 80 mm or 58 mm receipt, or A4 sheets of eight with cut marks.

Every layout shows the venue, the guest's first name (when the voucher is theirs), the value,
the expiry, the terms, and the code as digits, as Code128 and as QR. Receipts are black only
(thermal paper); the A4 sheet uses one accent colour.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from reportlab.lib.colors import Color, black, white
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfgen import canvas as pdf_canvas

from boostdesk.documents import fonts, marks, texts

LAYOUTS = ("80mm", "58mm", "a4")
ACCENT = Color(0.09, 0.33, 0.42)
GREY = Color(0.35, 0.35, 0.35)


@dataclass(frozen=True, slots=True)
class Voucher:
    """One voucher as printed. ``value`` is minor units (amount), a percent, or ignored (item)."""

    code: str
    venue_name: str
    first_name: str | None
    kind: str  # amount | percent | item
    value: int
    item_name: str | None
    expires_on: dt.date | None
    terms: str | None = None  # None: the standard terms in the document's language


def value_text(voucher: Voucher, language: str) -> str:
    """What the voucher is worth, in words a guest reads at a glance."""
    if voucher.kind == "amount":
        return texts.money(voucher.value, language)
    if voucher.kind == "percent":
        return texts.text("percent_off", language, value=voucher.value)
    if voucher.item_name:
        return texts.text("free_item", language, item=voucher.item_name)
    return texts.text("free_item_generic", language)


def expiry_text(voucher: Voucher, language: str) -> str:
    if voucher.expires_on is None:
        return texts.text("no_expiry", language)
    return texts.text("valid_until", language, date=texts.date(voucher.expires_on, language))


def _terms(voucher: Voucher, language: str) -> str:
    return voucher.terms or texts.text("terms", language)


def wrap(text: str, font: str, size: float, width: float) -> list[str]:
    """Greedy word wrap of ``text`` into lines no wider than ``width`` points."""
    lines: list[str] = []
    for paragraph in text.splitlines() or [""]:
        line = ""
        for word in paragraph.split():
            candidate = f"{line} {word}".strip()
            if line and pdfmetrics.stringWidth(candidate, font, size) > width:
                lines.append(line)
                line = word
            else:
                line = candidate
        lines.append(line)
    return lines


def fitted_size(text: str, font: str, size: float, width: float, smallest: float) -> float:
    """``size`` shrunk (not below ``smallest``) until ``text`` fits in ``width`` on one line."""
    natural = float(pdfmetrics.stringWidth(text, font, size))
    if natural <= width:
        return size
    return max(smallest, size * width / natural)


def _clipped(text: str, font: str, size: float, width: float) -> str:
    """``text`` cut with an ellipsis so it fits ``width`` (a very long venue or guest name)."""
    if pdfmetrics.stringWidth(text, font, size) <= width:
        return text
    while text and pdfmetrics.stringWidth(text + "…", font, size) > width:
        text = text[:-1]
    return text.rstrip() + "…"


def render(vouchers: Sequence[Voucher], layout: str, language: str) -> bytes:
    """The PDF of ``vouchers`` in ``layout`` (``80mm``, ``58mm`` or ``a4``)."""
    if layout == "a4":
        return sheet(vouchers, language)
    if layout in ("80mm", "58mm"):
        return receipt(vouchers, 80 if layout == "80mm" else 58, language)
    raise ValueError(f"unknown layout {layout!r} ({', '.join(LAYOUTS)})")


def _new_canvas(buffer: io.BytesIO, title: str) -> pdf_canvas.Canvas:
    fonts.register()
    canvas = pdf_canvas.Canvas(buffer, pageCompression=1)
    canvas.setTitle(title)
    canvas.setCreator("BoostDesk")
    return canvas


# -- receipts ------------------------------------------------------------------------------------

Block = tuple[float, Callable[[pdf_canvas.Canvas, float], None]]  # (height, draw at top y)


def _text_block(
    lines: list[str], font: str, size: float, width: float, x0: float, leading: float = 1.25
) -> Block:
    """Centred lines; the block's height is the lines' leading."""
    step = size * leading

    def draw(canvas: pdf_canvas.Canvas, top: float) -> None:
        canvas.setFont(font, size)
        for index, line in enumerate(lines):
            canvas.drawCentredString(x0 + width / 2, top - size - index * step, line)

    return (size + step * (len(lines) - 1) + size * 0.3, draw)


def _gap(height: float) -> Block:
    return (height, lambda canvas, top: None)


def _rule(width: float, x0: float, dashed: bool = False) -> Block:
    def draw(canvas: pdf_canvas.Canvas, top: float) -> None:
        canvas.setLineWidth(0.6)
        if dashed:
            canvas.setDash(2, 2)
        canvas.line(x0, top - 1, x0 + width, top - 1)
        canvas.setDash()

    return (2, draw)


def _receipt_blocks(voucher: Voucher, paper_mm: int, language: str) -> tuple[list[Block], float]:
    narrow = paper_mm < 70
    margin = (5 if narrow else 4) * mm
    page_width = paper_mm * mm
    width = page_width - 2 * margin
    bold, regular = fonts.BOLD, fonts.REGULAR
    venue_size = fitted_size(voucher.venue_name, bold, 13 if narrow else 15, width, 9)
    value = value_text(voucher, language)
    value_size = fitted_size(value, bold, 24 if narrow else 30, width, 12)
    body_size = 9.5 if narrow else 10.5
    expiry = expiry_text(voucher, language)
    expiry_size = fitted_size(expiry, bold, 9 if narrow else 10, width, 7)
    # Three dots of a 203 dpi (8 dots/mm) print head per module: whole dots print crisp edges,
    # and 58 mm paper still holds the bars within its 48 mm print width.
    barcode = marks.Code128Mark(voucher.code, 3 * 72 / 203, 13 * mm)
    matrix = marks.qr_matrix(voucher.code)
    qr_size = (27 if narrow else 32) * mm

    def draw_barcode(canvas: pdf_canvas.Canvas, top: float) -> None:
        barcode.draw(canvas, (page_width - barcode.width) / 2, top - 13 * mm)
        canvas.setFont(regular, 9)
        canvas.drawCentredString(page_width / 2, top - 13 * mm - 11, voucher.code)

    def draw_qr(canvas: pdf_canvas.Canvas, top: float) -> None:
        marks.draw_qr(canvas, matrix, (page_width - qr_size) / 2, top - qr_size, qr_size)

    blocks: list[Block] = [
        _text_block(
            wrap(voucher.venue_name, bold, venue_size, width)[:2], bold, venue_size, width, margin
        ),
        _gap(1.5 * mm),
        _rule(width, margin),
        _gap(2.5 * mm),
        _text_block([texts.text("voucher", language)], regular, 8.5, width, margin),
        _gap(2 * mm),
    ]
    if voucher.first_name:
        name = _clipped(
            texts.text("dear", language, name=voucher.first_name), regular, body_size, width
        )
        blocks.append(
            _text_block([name, texts.text("for_you", language)], regular, body_size, width, margin)
        )
    else:
        blocks.append(
            _text_block([texts.text("for_anyone", language)], regular, body_size, width, margin)
        )
    blocks += [
        _gap(1.5 * mm),
        _text_block([value], bold, value_size, width, margin, leading=1.1),
        _gap(1 * mm),
        _text_block([expiry], bold, expiry_size, width, margin),
        _gap(4 * mm),
        (13 * mm + 14, draw_barcode),
        _gap(2 * mm),
        (qr_size, draw_qr),
        _gap(2 * mm),
        _rule(width, margin, dashed=True),
        _gap(2 * mm),
        _text_block(
            wrap(_terms(voucher, language), regular, 7.5, width), regular, 7.5, width, margin
        ),
    ]
    return blocks, margin


def receipt(vouchers: Sequence[Voucher], paper_mm: int, language: str) -> bytes:
    """One receipt page per voucher, ``paper_mm`` wide and as tall as its content."""
    buffer = io.BytesIO()
    canvas = _new_canvas(buffer, texts.text("voucher", language).title())
    for voucher in vouchers:
        blocks, margin = _receipt_blocks(voucher, paper_mm, language)
        top_margin = 5 * mm
        height = top_margin + sum(h for h, _ in blocks) + 8 * mm  # room for the tear-off
        canvas.setPageSize((paper_mm * mm, height))
        canvas.setFillColor(black)
        canvas.setStrokeColor(black)
        top = height - top_margin
        for block_height, draw in blocks:
            draw(canvas, top)
            top -= block_height
        canvas.showPage()
    canvas.save()
    return buffer.getvalue()


# -- A4 sheets -----------------------------------------------------------------------------------

CARD_W = 92 * mm
CARD_H = 64 * mm
COLUMNS = 2
ROWS = 4
PER_SHEET = COLUMNS * ROWS
SHEET_X0 = (A4[0] - COLUMNS * CARD_W) / 2
SHEET_Y0 = (A4[1] - ROWS * CARD_H) / 2
MARK_GAP = 2 * mm
MARK_LENGTH = 6 * mm


def _cut_marks(canvas: pdf_canvas.Canvas) -> None:
    """Crop marks in the margins on every cut line; nothing is printed where the blade goes."""
    canvas.setStrokeColor(black)
    canvas.setLineWidth(0.25)
    right = SHEET_X0 + COLUMNS * CARD_W
    top = SHEET_Y0 + ROWS * CARD_H
    for col in range(COLUMNS + 1):
        x = SHEET_X0 + col * CARD_W
        canvas.line(x, SHEET_Y0 - MARK_GAP, x, SHEET_Y0 - MARK_GAP - MARK_LENGTH)
        canvas.line(x, top + MARK_GAP, x, top + MARK_GAP + MARK_LENGTH)
    for row in range(ROWS + 1):
        y = SHEET_Y0 + row * CARD_H
        canvas.line(SHEET_X0 - MARK_GAP, y, SHEET_X0 - MARK_GAP - MARK_LENGTH, y)
        canvas.line(right + MARK_GAP, y, right + MARK_GAP + MARK_LENGTH, y)


def _card(canvas: pdf_canvas.Canvas, voucher: Voucher, x: float, y: float, language: str) -> None:
    """One voucher in the card at ``(x, y)`` (bottom left)."""
    pad = 5 * mm
    inner = CARD_W - 2 * pad
    qr_size = 28 * mm
    text_width = inner - qr_size - 2 * mm
    top = y + CARD_H - pad
    bold, regular = fonts.BOLD, fonts.REGULAR

    # Header: venue name and the word "voucher", over an accent rule.
    canvas.setFillColor(GREY)
    canvas.setFont(regular, 6.5)
    label = texts.text("voucher", language)
    label_width = pdfmetrics.stringWidth(label, regular, 6.5)
    canvas.drawRightString(x + CARD_W - pad, top - 8, label)
    venue_size = fitted_size(voucher.venue_name, bold, 11, inner - label_width - 3 * mm, 7)
    canvas.setFillColor(ACCENT)
    canvas.setFont(bold, venue_size)
    canvas.drawString(
        x + pad,
        top - 9,
        _clipped(voucher.venue_name, bold, venue_size, inner - label_width - 3 * mm),
    )
    canvas.setStrokeColor(ACCENT)
    canvas.setLineWidth(0.8)
    canvas.line(x + pad, top - 13, x + CARD_W - pad, top - 13)

    # Left column: who it is for, what it is worth, until when.
    canvas.setFillColor(black)
    greeting = (
        texts.text("dear", language, name=voucher.first_name)
        if voucher.first_name
        else texts.text("for_anyone", language)
    )
    canvas.setFont(regular, 8.5)
    canvas.drawString(x + pad, top - 26, _clipped(greeting, regular, 8.5, text_width))
    value = value_text(voucher, language)
    value_size = fitted_size(value, bold, 22, text_width, 11)
    canvas.setFont(bold, value_size)
    canvas.setFillColor(ACCENT)
    canvas.drawString(x + pad, top - 28 - value_size, value)
    canvas.setFillColor(black)
    canvas.setFont(bold, 8)
    canvas.drawString(x + pad, top - 28 - value_size - 13, expiry_text(voucher, language))

    # Right: the QR under the header.
    canvas.setFillColor(black)
    marks.draw_qr(
        canvas,
        marks.qr_matrix(voucher.code),
        x + CARD_W - pad - qr_size + 2.5 * mm,
        top - 16 - qr_size + 2.5 * mm,
        qr_size,
    )

    # Foot: the terms, and the barcode with its digits above them.
    terms_lines = wrap(_terms(voucher, language), regular, 5.8, inner)[:3]
    canvas.setFont(regular, 5.8)
    canvas.setFillColor(GREY)
    for index, line in enumerate(reversed(terms_lines)):
        canvas.drawString(x + pad, y + pad + index * 7, line)
    canvas.setFillColor(black)
    foot = y + pad + len(terms_lines) * 7 + 2
    module = 0.3 * mm
    barcode = marks.Code128Mark(voucher.code, module, 12 * mm)
    bars_left = x + pad - marks.CODE128_QUIET_MODULES * module
    canvas.setFont(regular, 7.5)
    canvas.drawString(x + pad, foot, voucher.code)
    barcode.draw(canvas, bars_left, foot + 10)


def sheet(vouchers: Sequence[Voucher], language: str) -> bytes:
    """A4 pages of eight vouchers (2 × 4 cards of 92 × 64 mm) with crop marks."""
    buffer = io.BytesIO()
    canvas = _new_canvas(buffer, texts.text("voucher", language).title())
    canvas.setPageSize(A4)
    for start in range(0, max(len(vouchers), 1), PER_SHEET):
        _cut_marks(canvas)
        for index, voucher in enumerate(vouchers[start : start + PER_SHEET]):
            col, row = index % COLUMNS, index // COLUMNS
            _card(
                canvas,
                voucher,
                SHEET_X0 + col * CARD_W,
                SHEET_Y0 + (ROWS - 1 - row) * CARD_H,
                language,
            )
        canvas.setFillColor(white)
        canvas.showPage()
    canvas.save()
    return buffer.getvalue()
