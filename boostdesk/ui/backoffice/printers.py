"""Printers: this computer's voucher printer and layout, a test page, and batch printing.

The printer is a per-machine setting (QSettings, read by ``ui/voucher_printing.py`` for the
counter's F9 too): a system printer through Qt, or an ESC/POS receipt printer on the network
(``tcp://HOST:PORT``), a serial/USB port (``serial://PORT?baudrate=N``) or a device file. The test
page goes to the printer as the form shows it, before saving, so the owner can try addresses.
Printing runs on the task runner; a printer that is off, unplugged or out of paper is said
plainly and nothing is marked printed.
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from PySide6.QtCore import QSettings, Slot
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from boostdesk.hardware import printers
from boostdesk.hardware import reader as reader_hardware
from boostdesk.services import test_page
from boostdesk.ui import labels, task_runner, voucher_printing, widgets
from boostdesk.ui.backoffice import parts, section, voucher_batch

KINDS = ("none", "system", "tcp", "serial", "file")
LAYOUTS = ("80mm", "58mm", "a4")
BAUD_RATES = (9600, 19200, 38400, 57600, 115200)


class PrinterForm(QWidget):
    """The printer's kind and address, and the paper layout; :meth:`url` is what is chosen."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.kind_box = QComboBox(objectName="PrinterKind")
        for kind, text in (
            ("none", self.tr("No voucher printer")),
            ("system", self.tr("A printer of this computer")),
            ("tcp", self.tr("Receipt printer on the network")),
            ("serial", self.tr("Receipt printer on a serial or USB port")),
            ("file", self.tr("Receipt printer device file")),
        ):
            self.kind_box.addItem(text, kind)
        self.system_box = QComboBox(objectName="SystemPrinter")
        self.host_edit = QLineEdit(objectName="PrinterHost")
        self.host_edit.setPlaceholderText(self.tr("e.g. 192.168.1.50"))
        self.port_spin = QSpinBox(objectName="PrinterPort")
        self.port_spin.setRange(1, 65535)
        self.port_spin.setValue(9100)
        self.serial_box = QComboBox(objectName="SerialPort")
        self.serial_box.setEditable(True)
        self.baud_box = QComboBox(objectName="PrinterBaud")
        for rate in BAUD_RATES:
            self.baud_box.addItem(str(rate), rate)
        self.file_edit = QLineEdit(objectName="PrinterFile")
        self.file_edit.setPlaceholderText("/dev/usb/lp0")
        self.layout_box = QComboBox(objectName="PrinterLayout")
        for layout, text in (
            ("80mm", self.tr("80 mm receipt")),
            ("58mm", self.tr("58 mm receipt")),
            ("a4", self.tr("A4 sheet of eight")),
        ):
            self.layout_box.addItem(text, layout)
        # Lists of long names (a system printer, a port) must not widen the page past 1280
        # pixels: the voucher list beside the form needs the room.
        for choice in (self.kind_box, self.system_box, self.serial_box, self.layout_box):
            choice.setSizeAdjustPolicy(
                QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
            )
            choice.setMinimumContentsLength(12)

        form = QFormLayout()
        form.setContentsMargins(0, 0, 0, 0)
        form.setSpacing(8)
        parts.form_row(form, self.tr("Voucher printer"), self.kind_box)
        # The rows of every kind in one form (labels line up); only the chosen kind's are shown.
        self.kind_rows: dict[str, list[QWidget]] = {
            "system": [self.system_box],
            "tcp": [self.host_edit, self.port_spin],
            "serial": [self.serial_box, self.baud_box],
            "file": [self.file_edit],
        }
        for text, field in (
            (self.tr("Printer"), self.system_box),
            (self.tr("Address"), self.host_edit),
            (self.tr("Port"), self.port_spin),
            (self.tr("Port"), self.serial_box),
            (self.tr("Speed"), self.baud_box),
            (self.tr("Device"), self.file_edit),
        ):
            parts.form_row(form, text, field)
        parts.form_row(form, self.tr("Paper"), self.layout_box)
        self.form = form
        box = QVBoxLayout(self)
        box.setContentsMargins(0, 0, 0, 0)
        box.addLayout(form)
        self.kind_box.currentIndexChanged.connect(self.on_kind_box_changed)
        self.on_kind_box_changed()

    def fill_choices(self, system_printers: list[str], ports: list[str]) -> None:
        """The printers and serial ports of this computer to choose from."""
        for box, names in ((self.system_box, system_printers), (self.serial_box, ports)):
            current = box.currentText()
            box.clear()
            box.addItems(names)
            if current:
                box.setCurrentText(current)

    def kind(self) -> str:
        return str(self.kind_box.currentData())

    @Slot()
    def on_kind_box_changed(self) -> None:
        kind = self.kind()
        for row_kind, fields in self.kind_rows.items():
            for field in fields:
                self.form.setRowVisible(field, row_kind == kind)
        # A4 sheets need a page printer; receipt printers take 80 or 58 mm rolls.
        a4 = self.layout_box.findData("a4")
        model = self.layout_box.model()
        item = model.item(a4) if hasattr(model, "item") else None
        if item is not None:
            item.setEnabled(kind == "system")
        if kind != "system" and self.layout_box.currentData() == "a4":
            self.layout_box.setCurrentIndex(self.layout_box.findData("80mm"))
        self.layout_box.setEnabled(kind != "none")

    def url(self) -> str:
        """The chosen printer as a URL ("" for none); may be incomplete (checked on use)."""
        kind = self.kind()
        if kind == "system":
            return (
                f"system://{self.system_box.currentText()}" if self.system_box.currentText() else ""
            )
        if kind == "tcp":
            host = self.host_edit.text().strip()
            return f"tcp://{host}:{self.port_spin.value()}" if host else ""
        if kind == "serial":
            port = self.serial_box.currentText().strip()
            return f"serial://{port}?baudrate={self.baud_box.currentData()}" if port else ""
        if kind == "file":
            path = self.file_edit.text().strip()
            return f"file://{path}" if path else ""
        return ""

    def layout_choice(self) -> str:
        return str(self.layout_box.currentData() or "80mm")

    def set_setting(self, setting: voucher_printing.PrinterSetting | None) -> None:
        """Show a stored setting (an unreadable URL shows as no printer)."""
        kind = "none"
        url: printers.PrinterUrl | None = None
        if setting is not None:
            try:
                url = printers.parse_url(setting.url)
                kind = url.scheme
            except printers.PrinterError:
                url = None
        if url is not None:
            if url.scheme == "system":
                self.system_box.setCurrentText(url.target)
            elif url.scheme == "tcp":
                self.host_edit.setText(url.target)
                self.port_spin.setValue(url.port)
            elif url.scheme == "serial":
                self.serial_box.setCurrentText(url.target)
                index = self.baud_box.findData(url.baudrate)
                if index < 0:
                    self.baud_box.addItem(str(url.baudrate), url.baudrate)
                    index = self.baud_box.count() - 1
                self.baud_box.setCurrentIndex(index)
            else:
                self.file_edit.setText(url.target)
        self.kind_box.setCurrentIndex(KINDS.index(kind))
        if setting is not None:
            self.layout_box.setCurrentIndex(max(0, self.layout_box.findData(setting.layout)))


class PrintersSection(section.Section):
    key = "printers"

    def __init__(self, context: section.Context) -> None:
        super().__init__(context)
        self.form = PrinterForm(self)
        self.save_button = widgets.named(QPushButton(self.tr("Save")), "PrimaryButton")
        self.test_button = widgets.named(QPushButton(self.tr("Print test page")), "SecondaryButton")
        self.status = parts.status_line()
        self.batch = voucher_batch.VoucherBatch(context, self.saved_setting, self)

        printer_card = QFrame(objectName="Tile")
        box = QVBoxLayout(printer_card)
        box.setContentsMargins(14, 12, 14, 14)
        box.setSpacing(8)
        box.addWidget(labels.data("SectionTitle", self.tr("Voucher printer of this computer")))
        box.addWidget(self.form)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.test_button)
        buttons.addWidget(self.save_button)
        box.addLayout(buttons)
        box.addWidget(self.status)
        hint = labels.data(
            "Hint",
            self.tr(
                "The test page shows the Turkish letters, a barcode and a QR code, and a "
                "receipt printer cuts the paper after it. Scan its barcode at the counter to "
                "check the card reader too: the till answers that no such voucher exists."
            ),
        )
        hint.setWordWrap(True)
        box.addWidget(hint)
        box.addStretch(1)

        layout = parts.page(self, self.tr("Printers"))
        row = QHBoxLayout()
        row.setSpacing(18)
        # The form needs little room; the voucher list (five columns) takes the rest.
        printer_card.setMaximumWidth(420)
        row.addWidget(printer_card, 2)
        row.addWidget(self.batch, 3)
        layout.addLayout(row, 1)
        self._connect_signals()

    def _connect_signals(self) -> None:
        self.save_button.clicked.connect(self.on_save_button_clicked)
        self.test_button.clicked.connect(self.on_test_button_clicked)

    def on_shown(self) -> None:
        from PySide6.QtPrintSupport import QPrinterInfo

        self.form.fill_choices(
            list(QPrinterInfo.availablePrinterNames()),
            [device for device, _ in reader_hardware.list_ports()],
        )
        self.form.set_setting(voucher_printing.load_setting())
        self.batch.reload()

    def on_changes(self, changes: object) -> None:
        if getattr(changes, "vouchers", False) and self.isVisible():
            self.batch.reload()

    def saved_setting(self) -> voucher_printing.PrinterSetting | None:
        return voucher_printing.load_setting()

    @Slot()
    def on_save_button_clicked(self) -> None:
        store = QSettings()
        url = self.form.url()
        if self.form.kind() != "none" and not url:
            parts.show_status(self.status, self.tr("Fill in where the printer is."), error=True)
            return
        store.setValue(voucher_printing.URL_KEY, url)
        store.setValue(voucher_printing.LAYOUT_KEY, self.form.layout_choice())
        store.sync()
        parts.show_status(
            self.status,
            self.tr("Saved: the counter prints vouchers here.") if url else self.tr("Saved."),
        )

    @Slot()
    def on_test_button_clicked(self) -> None:
        url = self.form.url()
        if not url:
            parts.show_status(
                self.status, self.tr("Choose a printer and fill in where it is."), error=True
            )
            return
        from boostdesk.ui import system_printer

        venue = self.context.venue
        self.test_button.setEnabled(False)
        parts.show_status(self.status, self.tr("Printing the test page…"))
        self.context.runner.run(
            task_runner.Op(
                test_page.send,
                url,
                layout=self.form.layout_choice(),
                language=voucher_printing.document_language(),
                venue_name=venue.settings.venue_name(),
                at=dt.datetime.now(ZoneInfo(self.context.timezone)),
                system_print=system_printer.print_pdf,
            )
            .with_progress(self.tr("Printing the test page…"))
            .on_success(self.on_test_printed)
            .on_failure(self.on_test_failed)
        )

    def on_test_printed(self, _result: object) -> None:
        self.test_button.setEnabled(True)
        parts.show_status(
            self.status,
            self.tr("The printer took the test page. Check the letters, scan the barcode."),
        )

    def on_test_failed(self, error: Exception) -> None:
        self.test_button.setEnabled(True)
        parts.show_status(self.status, voucher_batch.failure_text(error), error=True)
