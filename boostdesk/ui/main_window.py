"""The main window: venue name, navigation between the counter and the back office, status bar."""

from __future__ import annotations

from PySide6.QtCore import QSettings, Qt, Slot
from PySide6.QtGui import QCloseEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QButtonGroup,
    QFrame,
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QMessageBox,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from boostdesk.services import ops
from boostdesk.services import venue as venue_service
from boostdesk.ui import (
    counter_page,
    labels,
    messages,
    reader_bridge,
    reader_dialog,
    scanlog_dialog,
    task_runner,
)
from boostdesk.ui.backoffice import shell as backoffice_shell


class MainWindow(QMainWindow):
    def __init__(
        self, opened: venue_service.Venue, runner: task_runner.TaskRunner, *, demo: bool
    ) -> None:
        super().__init__()
        self.venue = opened
        self.runner = runner
        runner.set_window(self)
        self.error_box: QMessageBox | None = None
        self.reader_dialog: reader_dialog.ReaderDialog | None = None
        self.scan_log_dialog: scanlog_dialog.ScanLogDialog | None = None
        self.setObjectName("MainWindow")
        venue_name = opened.settings.venue_name() or self.tr("My venue")
        self.setWindowTitle(f"{venue_name} — BoostDesk")

        header = QFrame(objectName="Header")
        self.venue_label = labels.data("VenueName", venue_name)
        self.demo_badge = QLabel(self.tr("DEMO"), objectName="DemoBadge")
        self.demo_badge.setVisible(demo or opened.settings.is_demo())
        self.counter_button = QPushButton(self.tr("Counter"), objectName="NavButton")
        self.backoffice_button = QPushButton(self.tr("Back office"), objectName="NavButton")
        self.nav = QButtonGroup(self)
        for index, button in enumerate((self.counter_button, self.backoffice_button)):
            button.setCheckable(True)
            button.setCursor(Qt.CursorShape.PointingHandCursor)
            self.nav.addButton(button, index)
        self.counter_button.setChecked(True)
        self.counter_button.setToolTip(self.tr("Counter (F1)"))
        self.backoffice_button.setToolTip(self.tr("Back office (F2)"))
        head = QHBoxLayout(header)
        head.setContentsMargins(16, 6, 16, 6)
        head.addWidget(self.venue_label)
        head.addWidget(self.demo_badge)
        head.addStretch(1)
        head.addWidget(self.counter_button)
        head.addWidget(self.backoffice_button)

        self.reader = reader_bridge.ReaderBridge(self)
        self.counter = counter_page.CounterPage(opened, runner, self.reader)
        self.backoffice = backoffice_shell.BackOfficePage(opened, runner)
        head.insertWidget(head.indexOf(self.counter_button), self.counter.user_bar)
        self.pages = QStackedWidget()
        self.pages.addWidget(self.counter)
        self.pages.addWidget(self.backoffice)

        central = QWidget()
        column = QVBoxLayout(central)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(0)
        column.addWidget(header)
        column.addWidget(self.pages, 1)
        self.setCentralWidget(central)

        self.reader_label = labels.data("ReaderState")
        self.set_reader_state("none")
        self.reader_button = QPushButton(self.tr("Reader settings…"), objectName="LinkButton")
        self.statusBar().addWidget(self.reader_label)
        self.statusBar().addWidget(self.reader_button)
        self._connect_signals()

    def show_on_screen(self) -> None:
        """Open at 1280×800 where that fits the screen's free area, else maximised (a till)."""
        screen = self.screen().availableGeometry()
        if screen.width() > 1280 + 80 and screen.height() > 800 + 80:
            self.resize(1280, 800)
            self.show()
        else:
            self.resize(min(1280, screen.width()), min(800, screen.height()))
            self.showMaximized()

    def _connect_signals(self) -> None:
        self.nav.idClicked.connect(self.on_nav_clicked)
        self.reader.state_changed.connect(self.set_reader_state)
        self.reader_button.clicked.connect(self.on_reader_button_clicked)
        self.runner.failed_unhandled.connect(self.on_runner_failed_unhandled)
        self.runner.changes_applied.connect(self.on_runner_changes_applied)
        QShortcut(QKeySequence(Qt.Key.Key_F1), self, activated=lambda: self.show_page(0))
        QShortcut(QKeySequence(Qt.Key.Key_F2), self, activated=lambda: self.show_page(1))

    @Slot(int)
    def on_nav_clicked(self, index: int) -> None:
        self.show_page(index)

    def show_page(self, index: int) -> None:
        button = self.nav.button(index)
        if button is not None:
            button.setChecked(True)
        self.pages.setCurrentIndex(index)
        self.counter.user_bar.setVisible(index == 0 and self.counter.actor is not None)
        if index == 0:
            # Leaving the back office locks it: the next person at the till needs the PIN again.
            self.backoffice.lock()
            self.counter.focus_scan()
        else:
            self.backoffice.on_shown()

    def start_reader(self, port: str | None, *, simulated: bool = False) -> None:
        """Read cards from ``port``; with ``simulated`` the demo's scanner feeds the reader."""
        settings = reader_dialog.ReaderSettings.load(QSettings())
        self.apply_duplicate_window(settings)
        if simulated:
            self.reader.start_simulated()
        elif port:
            self._start_serial(port, settings)
        self.counter.show_simulator(simulated)

    def _start_serial(self, port: str, settings: reader_dialog.ReaderSettings) -> None:
        self.reader.start(
            port, settings.baudrate, framing=settings.framing, strip_aim=settings.strip_aim
        )

    def apply_duplicate_window(self, settings: reader_dialog.ReaderSettings) -> None:
        """This machine's duplicate window, else the venue's default."""
        window = settings.duplicate_window_s
        if window is None:
            window = float(self.venue.settings.get("counter.duplicate_window_s"))
        self.counter.duplicates.window_s = window

    @Slot()
    def on_reader_button_clicked(self) -> None:
        live = reader_dialog.LiveState(
            state=self.reader.state,
            port=self.reader.port,
            detail=self.reader.detail,
            simulated=self.reader.simulator is not None,
        )
        dialog = reader_dialog.ReaderDialog(
            reader_dialog.ReaderSettings.load(QSettings()),
            live,
            float(self.venue.settings.get("counter.duplicate_window_s")),
            self,
        )
        dialog.accepted.connect(lambda: self.on_reader_dialog_accepted(dialog))
        dialog.scan_log_requested.connect(lambda: self.show_scan_log(dialog))
        self.reader_dialog = dialog
        dialog.open()

    def on_reader_dialog_accepted(self, dialog: reader_dialog.ReaderDialog) -> None:
        settings = dialog.settings()
        settings.save(QSettings())
        self.apply_duplicate_window(settings)
        self.counter.wedge.configure(settings.keyboard())
        self.reader.stop()
        if settings.port:
            self._start_serial(settings.port, settings)
        else:
            self.set_reader_state("none")
        self.counter.show_simulator(False)

    @Slot(object)
    def on_runner_changes_applied(self, changes: ops.Changes) -> None:
        if changes.settings:  # the owner may have renamed the venue
            venue_name = self.venue.settings.venue_name() or self.tr("My venue")
            self.venue_label.setText(venue_name)
            self.setWindowTitle(f"{venue_name} — BoostDesk")

    @Slot(str, object)
    def on_runner_failed_unhandled(self, name: str, exc: Exception) -> None:
        """A failure no page handled: say so (it is in the log too) instead of losing it."""
        box = QMessageBox(
            QMessageBox.Icon.Warning,
            self.tr("BoostDesk"),
            messages.error_text(exc),
            QMessageBox.StandardButton.Ok,
            self,
        )
        box.setObjectName("ErrorBox")
        self.error_box = box
        box.open()

    def show_scan_log(self, parent: QWidget | None = None) -> None:
        """The last scans with outcome and reason, in the venue's time."""
        dialog = scanlog_dialog.ScanLogDialog(
            self.runner,
            lambda: self.venue.counter.scan_log(scanlog_dialog.LIMIT),
            str(self.venue.settings.get("venue.timezone")),
            parent or self,
        )
        self.scan_log_dialog = dialog
        dialog.open()

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 (Qt override)
        self.reader.stop()
        super().closeEvent(event)

    @Slot(str, str)
    def set_reader_state(self, state: str, detail: str = "") -> None:
        """Show the card reader state: ``none``, ``connecting``, ``connected``, ``disconnected``."""
        texts = {
            "none": self.tr("Card reader: not set up (manual entry)"),
            "connecting": self.tr("Card reader: connecting…"),
            "connected": self.tr("Card reader: connected"),
            "simulated": self.tr("Card reader: simulated (demo)"),
            "disconnected": self.tr("Card reader disconnected — reconnecting"),
        }
        self.reader_label.setText(texts.get(state, state) + (f" ({detail})" if detail else ""))
        self.reader_label.setProperty("state", state)
        self.reader_label.style().unpolish(self.reader_label)
        self.reader_label.style().polish(self.reader_label)
