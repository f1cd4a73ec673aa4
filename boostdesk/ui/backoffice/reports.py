"""Reports: choose a report and its language, preview its pages, print it or save it as a PDF.

The PDF is made by ``services/reports.py`` (the same documents as ``boostdesk report``) and its
pages are rendered to images by pdfium, both on the task runner: the window never waits for a
report. Printing goes to a printer of this computer chosen in Qt's print dialog; the pages are
painted on the worker too. Scenario results appear once the service can make them; until then
the page says plainly why there is nothing to show.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, QDate, Qt, Slot
from PySide6.QtGui import QImage, QPixmap
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QFileDialog,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from boostdesk.documents import texts
from boostdesk.domain import codes
from boostdesk.services import reports as reports_service
from boostdesk.services import scenario_results
from boostdesk.ui import labels, messages, task_runner, widgets
from boostdesk.ui.backoffice import parts, section

KINDS = ("segments", "daily", "segment_guests", "statement", "scenarios")
PREVIEW_MARGIN = 40


@dataclass(frozen=True)
class Preview:
    """A made report: the PDF and its pages as images (made on the worker thread)."""

    pdf: bytes
    pages: tuple[QImage, ...]


def render_pages(pdf: bytes, width_px: int) -> tuple[QImage, ...]:
    """Every page of ``pdf`` as an image ``width_px`` wide (worker thread: QImage, no widgets)."""
    import pypdfium2

    document = pypdfium2.PdfDocument(pdf)
    try:
        images = []
        for page in document:
            width_pt, _height = page.get_size()
            bitmap = page.render(scale=width_px / width_pt)
            image = bitmap.to_pil().convert("RGB")
            images.append(
                QImage(
                    image.tobytes(),
                    image.width,
                    image.height,
                    image.width * 3,
                    QImage.Format.Format_RGB888,
                ).copy()
            )
        return tuple(images)
    finally:
        document.close()


def refusal_text(error: Exception) -> str:
    texts_ = {
        "card": QCoreApplication.translate("reports", "No guest holds this card."),
        "card_invalid": QCoreApplication.translate("reports", "This is not a card number."),
        "segments": QCoreApplication.translate(
            "reports",
            "The segments have not been worked out yet: they are after the next daily run (or "
            "after 'boostdesk segment').",
        ),
    }
    reason = getattr(error, "reason", None)
    if reason in texts_:
        return texts_[str(reason)]
    return messages.error_text(error)


class CardError(ValueError):
    reason = "card_invalid"


class ReportsSection(section.Section):
    key = "reports"

    def __init__(self, context: section.Context) -> None:
        super().__init__(context)
        self.preview: Preview | None = None
        self.first_show = True
        self.file_dialog: QFileDialog | None = None
        self.print_dialog: Any = None
        self.service = reports_service.ReportService(
            context.venue.store, context.venue.settings, context.venue.segmentation
        )

        self.kind_list = QListWidget(objectName="ReportKinds")
        for kind, text in (
            ("segments", self.tr("Segment overview")),
            ("daily", self.tr("Daily counter summary")),
            ("segment_guests", self.tr("Guests of a segment")),
            ("statement", self.tr("A guest's personal data")),
            ("scenarios", self.tr("Scenario results")),
        ):
            item = QListWidgetItem(text)
            item.setData(Qt.ItemDataRole.UserRole, kind)
            self.kind_list.addItem(item)
        self.kind_list.setFixedHeight(5 * 30 + 6)
        self.about = labels.data("Hint")
        self.about.setWordWrap(True)
        self.date_edit = QDateEdit(objectName="ReportDate")
        self.date_edit.setCalendarPopup(True)
        self.segment_box = QComboBox(objectName="ReportSegment")
        for key in reports_service.LIFECYCLE_ORDER:
            self.segment_box.addItem(key, key)
        self.card_edit = QLineEdit(objectName="ReportCard")
        self.card_edit.setPlaceholderText(self.tr("Scan or type the card number"))
        self.language_box = QComboBox(objectName="ReportLanguage")
        self.language_box.addItem("Türkçe", "tr")
        self.language_box.addItem("English", "en")
        self.preview_button = widgets.named(QPushButton(self.tr("Preview")), "PrimaryButton")
        self.print_button = widgets.named(QPushButton(self.tr("Print…")), "SecondaryButton")
        self.save_button = widgets.named(QPushButton(self.tr("Save as PDF…")), "SecondaryButton")
        self.status = parts.status_line()

        self.pages_box = QVBoxLayout()
        self.pages_box.setSpacing(16)
        self.pages_box.setContentsMargins(16, 16, 16, 16)
        pages = QWidget(objectName="ReportPages")
        pages.setLayout(self.pages_box)
        self.placeholder = labels.data(
            "Placeholder", self.tr("Choose a report on the left, then Preview.")
        )
        self.placeholder.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.placeholder.setWordWrap(True)
        self.pages_box.addWidget(self.placeholder)
        self.pages_box.addStretch(1)
        self.preview_scroll = QScrollArea(objectName="ReportPreview")
        self.preview_scroll.setWidgetResizable(True)
        self.preview_scroll.setWidget(pages)
        self._build()
        self._connect_signals()
        self.kind_list.setCurrentRow(0)

    def _build(self) -> None:
        side = QFrame(objectName="Tile")
        side.setFixedWidth(360)
        box = QVBoxLayout(side)
        box.setContentsMargins(16, 12, 16, 14)
        box.setSpacing(8)
        box.addWidget(labels.data("SectionTitle", self.tr("Report")))
        box.addWidget(self.kind_list)
        box.addWidget(self.about)
        form = QFormLayout()
        form.setSpacing(8)
        self.form = form
        parts.form_row(form, self.tr("Day"), self.date_edit)
        parts.form_row(form, self.tr("Segment"), self.segment_box)
        parts.form_row(form, self.tr("Card"), self.card_edit)
        parts.form_row(form, self.tr("Language"), self.language_box)
        box.addLayout(form)
        box.addWidget(self.preview_button)
        row = QHBoxLayout()
        row.addWidget(self.print_button)
        row.addWidget(self.save_button)
        box.addLayout(row)
        box.addWidget(self.status)
        box.addStretch(1)

        layout = parts.page(self, self.tr("Reports"))
        columns = QHBoxLayout()
        columns.setSpacing(18)
        columns.addWidget(side)
        columns.addWidget(self.preview_scroll, 1)
        layout.addLayout(columns, 1)

    def _connect_signals(self) -> None:
        self.kind_list.currentRowChanged.connect(self.on_kind_list_changed)
        self.preview_button.clicked.connect(self.on_preview_button_clicked)
        self.print_button.clicked.connect(self.on_print_button_clicked)
        self.save_button.clicked.connect(self.on_save_button_clicked)
        self.card_edit.returnPressed.connect(self.on_preview_button_clicked)

    # -- choosing ----------------------------------------------------------------------------------

    def on_shown(self) -> None:
        for index in range(self.segment_box.count()):
            key = str(self.segment_box.itemData(index))
            self.segment_box.setItemText(index, texts.segment_name(key, self.ui_language()))
        today = self.service.today()
        if self.first_show:
            # The venue's document language and today, until the owner picks others.
            self.first_show = False
            self.language_box.setCurrentIndex(
                max(0, self.language_box.findData(self.context.venue.vouchers.language()))
            )
            self.date_edit.setDate(QDate(today.year, today.month, today.day))
        self.date_edit.setMaximumDate(QDate(today.year, today.month, today.day))

    def ui_language(self) -> str:
        from PySide6.QtCore import QLocale

        return "tr" if QLocale().name().lower().startswith("tr") else "en"

    def kind(self) -> str:
        item = self.kind_list.currentItem()
        return str(item.data(Qt.ItemDataRole.UserRole)) if item is not None else "segments"

    @Slot()
    def on_kind_list_changed(self) -> None:
        kind = self.kind()
        self.form.setRowVisible(self.date_edit, kind in ("segments", "daily"))
        self.form.setRowVisible(self.segment_box, kind == "segment_guests")
        self.form.setRowVisible(self.card_edit, kind == "statement")
        self.about.setText(self.about_text(kind))
        self.clear_preview()
        parts.show_status(self.status, "")
        if kind == "statement":
            self.card_edit.setFocus()

    def about_text(self, kind: str) -> str:
        texts_ = {
            "segments": self.tr(
                "Segment sizes, revenue share and trend, the moves of the last 30 days and the "
                "alerts, as of the day chosen."
            ),
            "daily": self.tr(
                "The counter's day: visits, revenue, points earned and used, vouchers, busy hours "
                "and categories."
            ),
            "segment_guests": self.tr(
                "The segment's guests, biggest spenders first; phone and e-mail only where the "
                "guest agreed to be contacted."
            ),
            "statement": self.tr(
                "Everything stored about one guest, for a personal-data (KVKK) request."
            ),
            "scenarios": self.tr("How each scenario's guests answered, with the lift it made."),
        }
        return texts_.get(kind, "")

    # -- making the report -----------------------------------------------------------------------

    def maker(self) -> Callable[[], bytes]:
        """What makes the chosen report's PDF (run on the worker)."""
        kind, language = self.kind(), str(self.language_box.currentData())
        qdate = self.date_edit.date()
        day = dt.date(qdate.year(), qdate.month(), qdate.day())
        service = self.service
        if kind == "segments":
            return lambda: service.segment_overview(language, day)
        if kind == "daily":
            return lambda: service.daily_summary(language, day)
        if kind == "segment_guests":
            segment = str(self.segment_box.currentData())
            return lambda: service.segment_guests(language, segment)
        if kind == "statement":
            card = self.card_number()
            return lambda: service.guest_statement(language, card)
        # Scenario results: treatment against control per scenario, with the lift.
        venue = self.context.venue
        timezone = self.context.timezone
        return lambda: scenario_results.report_pdf(
            venue.store, venue.scenarios, venue.settings.venue_name(), timezone, language
        )

    def card_number(self) -> str:
        try:
            code = codes.parse(self.card_edit.text())
        except codes.CodeError:
            raise CardError("not a card number") from None
        if code.kind is not codes.CodeKind.CARD:
            raise CardError("not a card number")
        return code.value

    @Slot()
    def on_preview_button_clicked(self) -> None:
        try:
            make = self.maker()
        except CardError as error:
            parts.show_status(self.status, refusal_text(error), error=True)
            return
        width = max(400, self.preview_scroll.viewport().width() - 2 * PREVIEW_MARGIN)
        self.clear_preview()
        self.preview_button.setEnabled(False)
        parts.show_status(self.status, self.tr("Making the report…"))

        def work() -> Preview:
            pdf = make()
            return Preview(pdf, render_pages(pdf, width))

        self.context.runner.run(
            task_runner.Op(work)
            .with_progress(self.tr("Making the report…"))
            .on_success(self.on_preview_made)
            .on_failure(self.on_failed)
        )

    def on_preview_made(self, preview: Preview) -> None:
        self.preview_button.setEnabled(True)
        self.preview = preview
        self.placeholder.hide()
        for index, image in enumerate(preview.pages):
            page = QLabel(objectName="ReportPage")
            page.setPixmap(QPixmap.fromImage(image))
            page.setAlignment(Qt.AlignmentFlag.AlignHCenter)
            page.setAccessibleName(self.tr("Page %1").replace("%1", str(index + 1)))
            self.pages_box.insertWidget(index, page)
        self.update_buttons()
        parts.show_status(self.status, self.tr("%n page(s).", "", len(preview.pages)))

    def on_failed(self, error: Exception) -> None:
        self.preview_button.setEnabled(True)
        self.update_buttons()
        parts.show_status(self.status, refusal_text(error), error=True)

    def clear_preview(self) -> None:
        self.preview = None
        while self.pages_box.count() > 2:
            item = self.pages_box.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.deleteLater()
        self.placeholder.show()
        self.update_buttons()

    def update_buttons(self) -> None:
        self.print_button.setEnabled(self.preview is not None)
        self.save_button.setEnabled(self.preview is not None)

    # -- saving and printing ---------------------------------------------------------------------

    def suggested_name(self) -> str:
        qdate = self.date_edit.date()
        day = f"{qdate.year():04d}-{qdate.month():02d}-{qdate.day():02d}"
        names = {
            "segments": f"segments-{day}.pdf",
            "daily": f"daily-{day}.pdf",
            "segment_guests": f"guests-{self.segment_box.currentData()}.pdf",
            "statement": "personal-data.pdf",
            "scenarios": "scenarios.pdf",
        }
        return names.get(self.kind(), "report.pdf")

    @Slot()
    def on_save_button_clicked(self) -> None:
        if self.preview is None:
            return
        dialog = QFileDialog(self, self.tr("Save the report"), self.suggested_name())
        dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
        dialog.setNameFilter(self.tr("PDF documents (*.pdf)"))
        dialog.setDefaultSuffix("pdf")
        dialog.fileSelected.connect(self.save_to)
        self.file_dialog = dialog
        dialog.open()

    def save_to(self, path: str) -> None:
        """Write the previewed report to ``path`` (on the worker: the disk may be slow)."""
        if self.preview is None or not path:
            return
        pdf, target = self.preview.pdf, Path(path)
        self.context.runner.run(
            task_runner.Op(target.write_bytes, pdf)
            .on_success(
                lambda _n: parts.show_status(
                    self.status, self.tr("Saved as %1.").replace("%1", target.name)
                )
            )
            .on_failure(self.on_save_failed)
        )

    def on_save_failed(self, error: Exception) -> None:
        text = self.tr("The report could not be saved there: %1").replace(
            "%1", getattr(error, "strerror", None) or str(error)
        )
        parts.show_status(self.status, text, error=True)

    @Slot()
    def on_print_button_clicked(self) -> None:
        if self.preview is None:
            return
        from PySide6.QtPrintSupport import QPrintDialog, QPrinter

        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setDocName("BoostDesk")
        dialog = QPrintDialog(printer, self)
        dialog.setObjectName("ReportPrintDialog")
        dialog.accepted.connect(lambda: self.print_on(printer))
        self.print_dialog = (dialog, printer)
        dialog.open()

    def print_on(self, printer: Any) -> None:
        """Paint the previewed report on ``printer`` (a QPrinter; painted on the worker)."""
        if self.preview is None:
            return
        from boostdesk.ui import system_printer

        parts.show_status(self.status, self.tr("Printing…"))
        self.context.runner.run(
            task_runner.Op(system_printer.render_to, printer, self.preview.pdf)
            .with_progress(self.tr("Printing the report…"))
            .on_success(lambda _r: parts.show_status(self.status, self.tr("Sent to the printer.")))
            .on_failure(self.on_failed)
        )

    def on_locked(self) -> None:
        # A personal-data statement is not left on the screen for the next person.
        self.card_edit.clear()
        self.clear_preview()
        for dialog in (self.file_dialog, self.print_dialog[0] if self.print_dialog else None):
            if dialog is not None:
                dialog.reject()
