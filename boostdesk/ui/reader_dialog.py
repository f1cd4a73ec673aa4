"""Choosing the card reader's port: detected ports listed, any pyserial URL accepted."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from boostdesk.hardware import reader

BAUD_RATES = (9600, 19200, 38400, 57600, 115200)


class ReaderDialog(QDialog):
    """Per-machine setting (kept in QSettings by the caller): port and baud rate."""

    def __init__(self, port: str, baudrate: int, parent: QWidget | None = None) -> None:
        super().__init__(parent, objectName="ReaderDialog")
        self.setWindowTitle(self.tr("Card reader"))
        self.setMinimumWidth(480)
        self.port_combo = QComboBox()
        self.port_combo.setEditable(True)
        self.port_combo.addItem(self.tr("No reader (manual entry only)"), "")
        for device, description in reader.list_ports():
            self.port_combo.addItem(f"{device} — {description}", device)
        if port:
            index = self.port_combo.findData(port)
            if index < 0:
                self.port_combo.addItem(port, port)
                index = self.port_combo.count() - 1
            self.port_combo.setCurrentIndex(index)
        self.baud_combo = QComboBox()
        for rate in BAUD_RATES:
            self.baud_combo.addItem(str(rate), rate)
        self.baud_combo.setCurrentIndex(max(0, self.baud_combo.findData(baudrate)))
        hint = QLabel(
            self.tr(
                "Pick a detected port, or type one: COM3, /dev/ttyACM0, socket://host:port. "
                "USB keyboard-mode scanners need no setting."
            ),
            objectName="Hint",
        )
        hint.setWordWrap(True)
        form = QFormLayout()
        form.addRow(self.tr("Port"), self.port_combo)
        form.addRow(self.tr("Speed (baud)"), self.baud_combo)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(hint)
        layout.addWidget(buttons)

    def port(self) -> str:
        text = self.port_combo.currentText().strip()
        data = self.port_combo.currentData()
        if data is not None and self.port_combo.itemText(self.port_combo.currentIndex()) == text:
            return str(data)
        return text.split(" — ")[0]

    def baudrate(self) -> int:
        return int(self.baud_combo.currentData() or 9600)
