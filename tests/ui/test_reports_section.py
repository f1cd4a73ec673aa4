"""The Reports section: a report previewed as page images off the GUI thread, saved as a PDF and
read back, and the reports that cannot be made said plainly."""

from __future__ import annotations

from pathlib import Path

import pypdfium2
from PySide6.QtCore import QDate, Qt

from boostdesk.ui.backoffice import reports, shell


def _open(office: shell.BackOfficePage) -> reports.ReportsSection:
    office.navigate("reports")
    page = office.section("reports")
    assert isinstance(page, reports.ReportsSection)
    return page


def _choose(page: reports.ReportsSection, kind: str) -> None:
    page.kind_list.setCurrentRow(reports.KINDS.index(kind))


def _text(pdf: bytes) -> str:
    document = pypdfium2.PdfDocument(pdf)
    try:
        return "\n".join(page.get_textpage().get_text_range() for page in document)
    finally:
        document.close()


def _preview(qtbot, page: reports.ReportsSection) -> None:  # type: ignore[no-untyped-def]
    qtbot.mouseClick(page.preview_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.preview_button.isEnabled(), timeout=30_000)


def test_daily_summary_previewed_then_saved_and_read_back(qtbot, office, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    page = _open(office)
    _choose(page, "daily")
    assert page.date_edit.isVisible() and not page.card_edit.isVisible()
    page.date_edit.setDate(QDate(2026, 11, 24))  # the demo's last day of visits
    page.language_box.setCurrentIndex(page.language_box.findData("tr"))
    assert not page.save_button.isEnabled()
    _preview(qtbot, page)
    assert page.preview is not None and page.status.property("error") is False
    shown = page.findChildren(type(page.placeholder), "ReportPage")
    assert len(shown) == len(page.preview.pages) >= 1
    image = shown[0].pixmap().toImage()
    assert image.width() >= 400  # the page, drawn at the preview's width (at least 400 px)
    inked = sum(
        image.pixelColor(x, y).lightness() < 128
        for x in range(0, image.width(), 4)
        for y in range(0, image.height(), 4)
    )
    assert inked > 100  # text and charts, not a blank page

    target = tmp_path / "gün.pdf"
    page.save_to(str(target))
    qtbot.waitUntil(target.exists, timeout=10_000)
    qtbot.waitUntil(lambda: "gün.pdf" in page.status.text(), timeout=10_000)
    text = _text(target.read_bytes())
    assert "Günlük" in text or "günlük" in text.lower()
    assert office.venue.settings.venue_name() in text


def test_a_guests_personal_data_statement_by_card(qtbot, office) -> None:  # type: ignore[no-untyped-def]
    page = _open(office)
    _choose(page, "statement")
    page.language_box.setCurrentIndex(page.language_box.findData("en"))
    page.card_edit.setText("12345")
    _preview(qtbot, page)
    assert page.status.property("error") is True and page.preview is None

    card, first_name = office.venue.store.one(
        "SELECT card.number, customer.first_name FROM card JOIN customer"
        " ON customer.id = card.customer_id WHERE card.status = 'active' LIMIT 1"
    )
    page.card_edit.setText(card)
    _preview(qtbot, page)
    assert page.preview is not None
    assert first_name in _text(page.preview.pdf)
    office.lock()
    assert page.preview is None and page.card_edit.text() == ""  # not left for the next person


def test_scenario_results_previewed_with_their_title(qtbot, office) -> None:  # type: ignore[no-untyped-def]
    page = _open(office)
    _choose(page, "scenarios")
    _preview(qtbot, page)
    assert page.preview is not None, page.status.text()
    assert "Senaryo sonuçları" in _text(page.preview.pdf)
    assert page.save_button.isEnabled()


def test_segment_overview_before_any_segment_run_is_said_plainly(qtbot, office) -> None:  # type: ignore[no-untyped-def]
    page = _open(office)
    _choose(page, "segments")
    _preview(qtbot, page)  # the demo venue of the tests was never segmented
    assert page.status.property("error") is True
    assert "segmentler henüz hesaplanmadı" in page.status.text().lower()


def test_printing_paints_every_page_on_the_printer(qtbot, office, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtPrintSupport import QPrinter

    page = _open(office)
    _choose(page, "segment_guests")
    page.segment_box.setCurrentIndex(page.segment_box.findData("regular"))
    _preview(qtbot, page)
    assert page.preview is not None
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "printed.pdf"))
    page.print_on(printer)  # what the print dialog's OK does, on a PDF "printer"
    qtbot.waitUntil(lambda: "gönderildi" in page.status.text(), timeout=30_000)
    printed = pypdfium2.PdfDocument(str(tmp_path / "printed.pdf"))
    try:
        assert len(printed) == len(page.preview.pages)
    finally:
        printed.close()
