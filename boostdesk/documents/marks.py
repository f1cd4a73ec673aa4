"""Machine-readable marks drawn straight onto a reportlab canvas: Code128 and QR.

Both carry the voucher code as plain digits, which is what the counter's scan path parses. Each
mark reserves its quiet zone (10 modules for Code128, 4 for QR) inside the size it reports, so a
layout that places marks by their reported size can never crowd them.
"""

from __future__ import annotations

from dataclasses import dataclass

import qrcode
from qrcode import constants as qr_constants
from reportlab.graphics.barcode import code128
from reportlab.pdfgen import canvas as pdf_canvas

CODE128_QUIET_MODULES = 10
QR_QUIET_MODULES = 4
# The QR standard allows any of its eight masks; picking the "best" one costs ~10 ms a code in
# pure Python (1 000 vouchers would take 10 s) and buys nothing for a 13-digit number, which every
# mask renders as a version-1 symbol that scanners read equally well.
_QR_MASK = 2


@dataclass(frozen=True, slots=True)
class Code128Mark:
    """A Code128 symbol of ``value`` with ``module`` points per narrow bar."""

    value: str
    module: float
    bar_height: float

    def _symbol(self) -> code128.Code128:
        return code128.Code128(
            self.value,
            barWidth=self.module,
            barHeight=self.bar_height,
            humanReadable=False,
            quiet=True,
            lquiet=CODE128_QUIET_MODULES * self.module,
            rquiet=CODE128_QUIET_MODULES * self.module,
        )

    @property
    def width(self) -> float:
        """Width including both quiet zones."""
        return float(self._symbol().width)

    def draw(self, canvas: pdf_canvas.Canvas, x: float, y: float) -> None:
        """Draw with the left edge of the left quiet zone at ``x`` and the bars' foot at ``y``."""
        self._symbol().drawOn(canvas, x, y)


def qr_matrix(value: str) -> list[list[bool]]:
    """The QR modules of ``value`` (error correction M), without the quiet zone."""
    # Up to 34 digits fit a version-1 symbol at level M; naming it skips the size search.
    small = value.isdigit() and len(value) <= 34
    symbol = qrcode.QRCode(
        version=1 if small else None,
        error_correction=qr_constants.ERROR_CORRECT_M,
        border=0,
        mask_pattern=_QR_MASK,
    )
    symbol.add_data(value)
    symbol.make(fit=not small)
    return [[bool(cell) for cell in row] for row in symbol.get_matrix()]


def qr_size_modules(matrix: list[list[bool]]) -> int:
    """Modules across, quiet zone included."""
    return len(matrix) + 2 * QR_QUIET_MODULES


def draw_qr(
    canvas: pdf_canvas.Canvas, matrix: list[list[bool]], x: float, y: float, size: float
) -> None:
    """Draw the symbol with its quiet zone filling the square ``size`` at ``(x, y)`` (bottom
    left). Dark runs of a row are one rectangle each, slightly overlapped vertically so no
    hairline gap appears between rows at any zoom."""
    module = size / qr_size_modules(matrix)
    left = x + QR_QUIET_MODULES * module
    top = y + size - QR_QUIET_MODULES * module
    path = canvas.beginPath()
    for row_index, row in enumerate(matrix):
        row_y = top - (row_index + 1) * module
        start = None
        for col, dark in enumerate([*row, False]):
            if dark and start is None:
                start = col
            elif not dark and start is not None:
                path.rect(left + start * module, row_y, (col - start) * module, module * 1.02)
                start = None
    canvas.drawPath(path, stroke=0, fill=1)
