"""Printing a document on a printer of the operating system, through Qt's print path.

PySide6-Essentials has no QtPdf, so each PDF page is rasterised by pdfium at the printer's
resolution (at most 300 dpi: sharp bars, bounded memory) and painted full-page, at the page's
own size, so a 80 mm receipt stays 80 mm wide on a receipt printer's driver.
"""

from __future__ import annotations

import os
import sys

from PySide6.QtCore import QMarginsF, QRectF, QSizeF
from PySide6.QtGui import QGuiApplication, QImage, QPageLayout, QPageSize, QPainter
from PySide6.QtPrintSupport import QPrinter, QPrinterInfo

from boostdesk.hardware import printers

MAX_DPI = 300


def print_pdf(pdf: bytes, printer_name: str) -> None:
    """Print ``pdf`` on the system printer ``printer_name``; raise ``printers.PrinterError``
    when there is no such printer or it refuses the job."""
    if QGuiApplication.instance() is None and _headless():
        # The command line on a server or over SSH: printing needs no screen, and a GUI
        # platform without a display would abort the process.
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    _application = QGuiApplication.instance() or QGuiApplication([])  # noqa: F841 (kept alive)
    info = QPrinterInfo.printerInfo(printer_name)
    if info.isNull():
        raise printers.PrinterError(
            "unreachable", f"no system printer named {printer_name!r} on this computer"
        )
    printer = QPrinter(info, QPrinter.PrinterMode.HighResolution)
    printer.setDocName("BoostDesk")
    render_to(printer, pdf)


def _headless() -> bool:
    return sys.platform.startswith("linux") and not (
        os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")
    )


def _page_layout(width_pt: float, height_pt: float) -> QPageLayout:
    size = QPageSize(
        QSizeF(width_pt, height_pt), QPageSize.Unit.Point, "", QPageSize.SizeMatchPolicy.ExactMatch
    )
    orientation = QPageLayout.Orientation.Portrait
    return QPageLayout(size, orientation, QMarginsF(0, 0, 0, 0), QPageLayout.Unit.Point)


def render_to(printer: QPrinter, pdf: bytes) -> None:
    """Paint every page of ``pdf`` on ``printer`` (any QPrinter, a PDF file one in tests)."""
    import pypdfium2

    document = pypdfium2.PdfDocument(pdf)
    painter = QPainter()
    try:
        for index, page in enumerate(document):
            width, height = page.get_size()
            printer.setFullPage(True)
            printer.setPageLayout(_page_layout(width, height))
            if index == 0:
                if not painter.begin(printer):
                    raise printers.PrinterError(
                        "unreachable", f"the printer {printer.printerName()!r} cannot start a job"
                    )
            elif not printer.newPage():
                raise printers.PrinterError("interrupted", "the printer stopped during the job")
            dpi = min(printer.resolution(), MAX_DPI)
            bitmap = page.render(scale=dpi / 72, grayscale=True)
            image = bitmap.to_pil()
            qimage = QImage(
                image.tobytes(),
                image.width,
                image.height,
                image.width,
                QImage.Format.Format_Grayscale8,
            ).copy()
            target = printer.pageLayout().fullRectPixels(printer.resolution())
            painter.drawImage(QRectF(target), qimage)
    finally:
        if painter.isActive() and not painter.end():
            raise printers.PrinterError("interrupted", "the printer did not finish the job")
        document.close()
