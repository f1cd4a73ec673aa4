"""The system printer path (Qt): what reaches the printer still scans as the voucher."""

from __future__ import annotations

import datetime as dt

import pytest

from boostdesk.documents import vouchers
from boostdesk.domain import codes
from boostdesk.hardware import printers


def test_pages_reach_the_printer_at_their_size_and_scan(qapp, tmp_path, pdf_pages):
    from PySide6.QtPrintSupport import QPrinter

    from boostdesk.ui import system_printer

    code = codes.voucher_code(31)
    voucher = vouchers.Voucher(
        code, "Kahve Durağı", "Ayşe", "amount", 5000, None, dt.date(2026, 12, 31)
    )
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "printed.pdf"))
    system_printer.render_to(printer, vouchers.render([voucher, voucher], "80mm", "tr"))

    pages = pdf_pages((tmp_path / "printed.pdf").read_bytes())
    assert len(pages) == 2
    for page in pages:
        assert page.width_pt == pytest.approx(80 / 25.4 * 72, abs=1)
        assert page.codes == (("Code128", code), ("QRCode", code))


def test_unknown_system_printer_is_a_clear_error(qapp):
    from boostdesk.ui import system_printer

    with pytest.raises(printers.PrinterError, match="no system printer named 'Nowhere'"):
        system_printer.print_pdf(b"%PDF-1.4", "Nowhere")
