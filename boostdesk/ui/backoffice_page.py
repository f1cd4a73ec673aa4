"""The back office: an owner PIN gate, then the venue overview."""

from __future__ import annotations

import time

from PySide6.QtCore import Qt, QTimer, Slot
from PySide6.QtGui import QHideEvent
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from boostdesk.services import guests, users
from boostdesk.services import venue as venue_service
from boostdesk.ui import formatting, labels, task_runner

AUTO_LOCK_MS = 10 * 60 * 1000


class BackOfficePage(QStackedWidget):
    def __init__(self, opened: venue_service.Venue, runner: task_runner.TaskRunner) -> None:
        super().__init__(objectName="BackOfficePage")
        self.venue = opened
        self.runner = runner
        self.user: users.SignedIn | None = None
        self.currency = str(opened.settings.get("venue.currency"))

        self.gate = QWidget(objectName="PinGate")
        title = QLabel(self.tr("Back office"), objectName="GateTitle")
        hint = QLabel(self.tr("Enter the owner PIN to continue."), objectName="Prompt")
        self.pin_edit = QLineEdit(objectName="PinEdit")
        self.pin_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.pin_edit.setMaxLength(12)
        self.pin_edit.setPlaceholderText(self.tr("PIN"))
        self.pin_edit.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.unlock_button = QPushButton(self.tr("Unlock"), objectName="PrimaryButton")
        self.pin_message = labels.data("Message")
        self.pin_message.setProperty("error", True)
        gate_box = QVBoxLayout()
        for widget in (title, hint, self.pin_edit, self.unlock_button, self.pin_message):
            gate_box.addWidget(widget, 0, Qt.AlignmentFlag.AlignHCenter)
        self.pin_edit.setFixedWidth(260)
        self.unlock_button.setFixedWidth(260)
        gate_layout = QVBoxLayout(self.gate)
        gate_layout.addStretch(1)
        gate_layout.addLayout(gate_box)
        gate_layout.addStretch(2)

        self.dashboard = QWidget(objectName="Dashboard")
        heading = QLabel(self.tr("Overview — last 30 days"), objectName="PageTitle")
        self.lock_button = QPushButton(self.tr("Lock"), objectName="SecondaryButton")
        top = QHBoxLayout()
        top.addWidget(heading)
        top.addStretch(1)
        top.addWidget(self.lock_button)
        self.tiles: dict[str, QLabel] = {}
        tiles = QGridLayout()
        tiles.setSpacing(16)
        for index, (key, label) in enumerate(
            (
                ("guests", self.tr("Guests")),
                ("active", self.tr("Active guests")),
                ("visits", self.tr("Visits")),
                ("revenue", self.tr("Revenue")),
                ("today", self.tr("Visits today")),
            )
        ):
            tile = QFrame(objectName="Tile")
            box = QVBoxLayout(tile)
            box.addWidget(QLabel(label, objectName="StatTitle"))
            value = labels.data("TileValue", "…")
            box.addWidget(value)
            self.tiles[key] = value
            tiles.addWidget(tile, index // 3, index % 3)
        dash_layout = QVBoxLayout(self.dashboard)
        dash_layout.setContentsMargins(40, 30, 40, 30)
        dash_layout.setSpacing(20)
        dash_layout.addLayout(top)
        dash_layout.addLayout(tiles)
        dash_layout.addStretch(1)
        # The folder is for the owner (backups, support), not for the cashier's status bar.
        self.data_label = labels.data(
            "Hint", self.tr("Data folder: %1").replace("%1", str(opened.data_dir))
        )
        self.data_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        dash_layout.addWidget(self.data_label)

        self.addWidget(self.gate)
        self.addWidget(self.dashboard)
        self.auto_lock = QTimer(self, singleShot=True, interval=AUTO_LOCK_MS)
        self._connect_signals()

    def _connect_signals(self) -> None:
        self.pin_edit.returnPressed.connect(self.on_unlock_clicked)
        self.unlock_button.clicked.connect(self.on_unlock_clicked)
        self.lock_button.clicked.connect(self.on_lock_clicked)
        self.auto_lock.timeout.connect(self.on_lock_clicked)

    def on_shown(self) -> None:
        if self.user is None:
            self.pin_edit.setFocus()
        else:
            self.refresh()

    @Slot()
    def on_unlock_clicked(self) -> None:
        pin = self.pin_edit.text()
        self.pin_edit.clear()
        self.unlock_button.setEnabled(False)
        self.runner.submit(
            lambda: self.venue.users.sign_in(pin, role=users.Role.OWNER),
            self.on_signed_in,
            self.on_sign_in_failed,
        )

    def on_signed_in(self, user: users.SignedIn) -> None:
        self.unlock_button.setEnabled(True)
        if not self.isVisible():  # the PIN was checked after the back office was left
            return
        self.user = user
        self.pin_message.clear()
        self.setCurrentWidget(self.dashboard)
        self.auto_lock.start()
        self.refresh()

    def on_sign_in_failed(self, exc: Exception) -> None:
        self.unlock_button.setEnabled(True)
        if isinstance(exc, users.AuthError) and exc.reason == "locked":
            minutes = max(1, (exc.retry_after + 59) // 60)
            self.pin_message.setText(
                self.tr("Too many wrong PINs. Try again in %n minute(s).", "", minutes)
            )
        elif isinstance(exc, users.AuthError):
            self.pin_message.setText(self.tr("Wrong PIN."))
        else:
            self.pin_message.setText(self.tr("Could not check the PIN: %1").replace("%1", str(exc)))

    def hideEvent(self, event: QHideEvent) -> None:  # noqa: N802 (Qt override)
        # Whatever takes the back office off the screen (the counter, F1) leaves it locked.
        self.lock()
        super().hideEvent(event)

    @Slot()
    def on_lock_clicked(self) -> None:
        self.lock()

    def lock(self) -> None:
        """Forget the signed-in owner and show the PIN gate."""
        self.user = None
        self.auto_lock.stop()
        self.pin_edit.clear()
        self.setCurrentWidget(self.gate)
        if self.isVisible():
            self.pin_edit.setFocus()

    def refresh(self) -> None:
        offset = _utc_offset(str(self.venue.settings.get("venue.timezone")))
        self.runner.submit(
            lambda: self.venue.guests.overview(time.time(), offset), self.on_overview_loaded
        )

    def on_overview_loaded(self, overview: guests.Overview) -> None:
        self.tiles["guests"].setText(formatting.number(overview.guests))
        self.tiles["active"].setText(formatting.number(overview.active_guests_30d))
        self.tiles["visits"].setText(formatting.number(overview.visits_30d))
        self.tiles["revenue"].setText(formatting.money(overview.revenue_30d_minor, self.currency))
        self.tiles["today"].setText(formatting.number(overview.visits_today))


def _utc_offset(timezone: str) -> int:
    import datetime as dt
    import zoneinfo

    offset = dt.datetime.now(zoneinfo.ZoneInfo(timezone)).utcoffset()
    return int(offset.total_seconds()) if offset else 0
