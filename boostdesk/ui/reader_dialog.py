"""Card reader settings of this machine: the serial reader (port, speed, framing, AIM prefix),
the duplicate window, and the keyboard-wedge scanner (prefix, suffix, minimum length).

These are per-machine settings kept in ``QSettings``; the dialog shows what the reader is doing
right now (the port it reads and its state), so it never contradicts the status bar.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from PySide6.QtCore import QSettings, Qt, Signal, Slot
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDoubleSpinBox,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from boostdesk.domain import scanframes
from boostdesk.hardware import reader
from boostdesk.ui import labels, wedge, widgets

BAUD_RATES = (9600, 19200, 38400, 57600, 115200)


@dataclass(frozen=True)
class ReaderSettings:
    """What this machine's card readers are set to. ``duplicate_window_s`` None means the
    venue's default (business setting ``counter.duplicate_window_s``)."""

    port: str = ""
    baudrate: int = 9600
    framing: scanframes.Framing = scanframes.Framing.AUTO
    strip_aim: bool = True
    duplicate_window_s: float | None = None
    wedge_prefix: str = ""
    wedge_suffix: str = ""
    wedge_min_length: int = wedge.DEFAULT_MIN_LENGTH

    @classmethod
    def load(cls, store: QSettings) -> ReaderSettings:
        """Read the ``reader/*`` and ``wedge/*`` keys; a missing or unusable value falls back
        to its default."""
        default = cls()
        try:
            framing = scanframes.Framing(str(store.value("reader/framing", "auto")))
        except ValueError:
            framing = default.framing
        window = _float(store.value("reader/duplicate_window_s", ""))
        keyboard = wedge.load_settings(store)
        return cls(
            port=str(store.value("reader/port", "") or ""),
            baudrate=_int(store.value("reader/baud", 9600), 9600),
            framing=framing,
            strip_aim=str(store.value("reader/strip_aim", "true")).lower() not in ("false", "0"),
            duplicate_window_s=window if window is None or 0 <= window <= 60 else None,
            wedge_prefix=keyboard.prefix,
            wedge_suffix=keyboard.suffix,
            wedge_min_length=keyboard.min_length,
        )

    def save(self, store: QSettings) -> None:
        store.setValue("reader/port", self.port)
        store.setValue("reader/baud", self.baudrate)
        store.setValue("reader/framing", self.framing.value)
        store.setValue("reader/strip_aim", self.strip_aim)
        if self.duplicate_window_s is None:
            store.remove("reader/duplicate_window_s")
        else:
            store.setValue("reader/duplicate_window_s", self.duplicate_window_s)
        wedge.save_settings(self.keyboard(), store)

    def keyboard(self) -> wedge.WedgeSettings:
        """The keyboard-wedge part, as the wedge detector takes it."""
        return wedge.WedgeSettings(self.wedge_prefix, self.wedge_suffix, self.wedge_min_length)


def _int(value: object, fallback: int) -> int:
    try:
        return int(str(value))
    except ValueError:
        return fallback


def _float(value: object) -> float | None:
    try:
        return float(str(value)) if str(value) else None
    except ValueError:
        return None


@dataclass(frozen=True)
class LiveState:
    """What the reader is doing now: ``state`` as the status bar says it (none, connecting,
    connected, disconnected), the port it reads, and whether it is the demo's simulator."""

    state: str
    port: str | None
    detail: str = ""
    simulated: bool = False


class ReaderDialog(QDialog):
    """Edit :class:`ReaderSettings`; "Scan log…" asks the caller to show the recent scans."""

    scan_log_requested = Signal()

    def __init__(
        self,
        current: ReaderSettings,
        live: LiveState,
        default_window_s: float,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("ReaderDialog")
        self.setWindowTitle(self.tr("Card reader"))
        self.setMinimumWidth(660)
        self.current = current
        title = labels.data("DialogTitle", self.tr("Card reader settings"))
        self.live_label = labels.data("LiveState", self.live_text(live))
        self.live_label.setProperty("state", live.state)
        self.live_label.setWordWrap(True)

        self.port_combo = QComboBox()
        self.port_combo.setEditable(True)
        self.port_combo.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.port_combo.setMinimumContentsLength(24)
        self.port_combo.addItem(self.tr("No serial reader"), "")
        for device, description in reader.list_ports():
            self.port_combo.addItem(f"{device} — {description}", device)
        shown_port = current.port or (live.port if live.port and not live.simulated else "")
        if shown_port:
            index = self.port_combo.findData(shown_port)
            if index < 0:
                self.port_combo.addItem(shown_port, shown_port)
                index = self.port_combo.count() - 1
            self.port_combo.setCurrentIndex(index)
        line = self.port_combo.lineEdit()
        if line is not None:
            line.setCursorPosition(0)
        self.baud_combo = QComboBox()
        for rate in BAUD_RATES:
            self.baud_combo.addItem(str(rate), rate)
        self.baud_combo.setCurrentIndex(max(0, self.baud_combo.findData(current.baudrate)))
        self.framing_combo = QComboBox()
        for text, framing in (
            (self.tr("Automatic (CR, LF, CR LF or STX…ETX)"), scanframes.Framing.AUTO),
            (self.tr("CR"), scanframes.Framing.CR),
            (self.tr("LF"), scanframes.Framing.LF),
            (self.tr("CR LF"), scanframes.Framing.CRLF),
            (self.tr("STX … ETX"), scanframes.Framing.STX_ETX),
        ):
            self.framing_combo.addItem(text, framing.value)
        self.framing_combo.setCurrentIndex(
            max(0, self.framing_combo.findData(current.framing.value))
        )
        self.aim_box = QCheckBox(self.tr("Remove the AIM prefix (]E0, ]C0 …)"))
        self.aim_box.setChecked(current.strip_aim)
        self.window_spin = QDoubleSpinBox()
        self.window_spin.setRange(0.0, 10.0)
        self.window_spin.setSingleStep(0.5)
        self.window_spin.setDecimals(1)
        self.window_spin.setSuffix(self.tr(" s"))
        window = current.duplicate_window_s
        self.window_spin.setValue(default_window_s if window is None else window)
        self.default_window_s = default_window_s

        self.prefix_edit = QLineEdit(current.wedge_prefix)
        self.prefix_edit.setMaxLength(8)
        self.prefix_edit.setPlaceholderText(self.tr("none"))
        self.suffix_edit = QLineEdit(current.wedge_suffix)
        self.suffix_edit.setMaxLength(8)
        self.suffix_edit.setPlaceholderText(self.tr("none"))
        self.min_length_spin = QSpinBox()
        self.min_length_spin.setRange(*wedge.MIN_LENGTH_RANGE)
        self.min_length_spin.setValue(current.wedge_min_length)
        self.min_length_spin.setSuffix(self.tr(" characters"))

        serial_form = self._form(
            (self.tr("Port"), self.port_combo),
            (self.tr("Speed (baud)"), self.baud_combo),
            (self.tr("End of a code"), self.framing_combo),
            ("", self.aim_box),
            (self.tr("Same code again within"), self.window_spin),
        )
        wedge_form = self._form(
            (self.tr("Prefix"), self.prefix_edit),
            (self.tr("Suffix"), self.suffix_edit),
            (self.tr("Shortest code"), self.min_length_spin),
        )
        serial_hint = labels.data(
            "Hint",
            self.tr(
                "Pick a detected port, or type one: COM3, /dev/ttyACM0, socket://host:port. "
                "A code read again within the window counts once."
            ),
        )
        serial_hint.setWordWrap(True)
        wedge_hint = labels.data(
            "Hint",
            self.tr(
                "USB scanners in keyboard mode type the code and Enter. Set what the scanner "
                "adds before and after the code, if anything."
            ),
        )
        wedge_hint.setWordWrap(True)

        self.log_button = widgets.named(QPushButton(self.tr("Scan log…")), "SecondaryButton")
        self.log_button.setAutoDefault(False)
        self.cancel_button = widgets.named(QPushButton(self.tr("Cancel")), "SecondaryButton")
        self.cancel_button.setAutoDefault(False)
        self.save_button = widgets.named(QPushButton(self.tr("Save")), "PrimaryButton")
        self.save_button.setDefault(True)
        buttons = QHBoxLayout()
        buttons.addWidget(self.log_button)
        buttons.addStretch(1)
        buttons.addWidget(self.cancel_button)
        buttons.addWidget(self.save_button)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(28, 22, 28, 22)
        layout.setSpacing(10)
        layout.addWidget(title)
        layout.addWidget(self.live_label)
        layout.addSpacing(4)
        layout.addWidget(labels.data("SectionTitle", self.tr("Serial reader")))
        layout.addLayout(serial_form)
        layout.addWidget(serial_hint)
        layout.addSpacing(4)
        layout.addWidget(labels.data("SectionTitle", self.tr("Keyboard-mode scanner")))
        layout.addLayout(wedge_form)
        layout.addWidget(wedge_hint)
        layout.addSpacing(6)
        layout.addLayout(buttons)
        self._connect_signals()

    def _form(self, *rows: tuple[str, QWidget]) -> QFormLayout:
        form = QFormLayout()
        form.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        form.setHorizontalSpacing(12)
        form.setVerticalSpacing(8)
        for text, field in rows:
            label = labels.data("FormLabel", text)
            label.setMinimumWidth(200)
            label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            label.setMinimumHeight(field.sizeHint().height())
            form.addRow(label, field)
        return form

    def _connect_signals(self) -> None:
        self.save_button.clicked.connect(self.accept)
        self.cancel_button.clicked.connect(self.reject)
        self.log_button.clicked.connect(self.on_log_button_clicked)

    @Slot()
    def on_log_button_clicked(self) -> None:
        self.scan_log_requested.emit()

    def live_text(self, live: LiveState) -> str:
        """The reader's state now, with the port it reads, in the status bar's words."""
        port = live.port or ""
        if live.simulated:
            text = self.tr("Now: simulated scanner (demo) on %1")
        elif live.state == "connected":
            text = self.tr("Now: connected to %1")
        elif live.state == "connecting":
            text = self.tr("Now: connecting to %1…")
        elif live.state == "disconnected":
            text = self.tr("Now: %1 is disconnected; reconnecting")
        else:
            return self.tr("Now: no serial reader; cards are scanned by keyboard or typed.")
        text = text.replace("%1", port)
        return text + (f" ({live.detail})" if live.detail else "")

    def port(self) -> str:
        text = self.port_combo.currentText().strip()
        data = self.port_combo.currentData()
        if data is not None and self.port_combo.itemText(self.port_combo.currentIndex()) == text:
            return str(data)
        return text.split(" — ")[0]

    def baudrate(self) -> int:
        return int(self.baud_combo.currentData() or 9600)

    def settings(self) -> ReaderSettings:
        """The settings as chosen; a duplicate window equal to the venue's default is stored
        as "use the default", so a later change of the default reaches this machine."""
        window: float | None = round(self.window_spin.value(), 1)
        if window == round(self.default_window_s, 1):
            window = None
        return replace(
            self.current,
            port=self.port(),
            baudrate=self.baudrate(),
            framing=scanframes.Framing(str(self.framing_combo.currentData())),
            strip_aim=self.aim_box.isChecked(),
            duplicate_window_s=window,
            wedge_prefix=self.prefix_edit.text(),
            wedge_suffix=self.suffix_edit.text(),
            wedge_min_length=self.min_length_spin.value(),
        )
