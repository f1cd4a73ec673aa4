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
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from boostdesk.services import guests, ops
from boostdesk.services import venue as venue_service
from boostdesk.ui import backup_page, formatting, labels, sign_in, task_runner

AUTO_LOCK_MS = 10 * 60 * 1000


class BackOfficePage(QStackedWidget):
    def __init__(self, opened: venue_service.Venue, runner: task_runner.TaskRunner) -> None:
        super().__init__(objectName="BackOfficePage")
        self.venue = opened
        self.runner = runner
        self.user: ops.Actor | None = None
        self.currency = str(opened.settings.get("venue.currency"))

        self.gate = sign_in.SignInGate(
            self.tr("Back office"),
            self.tr("Enter the owner PIN to continue."),
            self.tr("Unlock"),
            "PinGate",
        )
        self.pin_edit = self.gate.pin_edit
        self.unlock_button = self.gate.button
        self.pin_message = self.gate.message

        self.dashboard = QWidget(objectName="Dashboard")
        heading = QLabel(self.tr("Overview — last 30 days"), objectName="PageTitle")
        self.lock_button = QPushButton(self.tr("Lock"), objectName="SecondaryButton")
        self.backup_button = QPushButton(self.tr("Backup"), objectName="SecondaryButton")
        top = QHBoxLayout()
        top.addWidget(heading)
        top.addStretch(1)
        top.addWidget(self.backup_button)
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
        # The owner is reminded here when the last backup to a stick or folder is overdue.
        self.backup_page = backup_page.BackupPage(opened, lambda: self.user)
        self.backup_reminder = labels.data("BackupOverdue")
        self.backup_reminder.setProperty("error", True)
        dash_layout.addWidget(self.backup_reminder)
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
        self.addWidget(self.backup_page)
        self.auto_lock = QTimer(self, singleShot=True, interval=AUTO_LOCK_MS)
        self._connect_signals()

    def _connect_signals(self) -> None:
        self.gate.pin_entered.connect(self.on_gate_pin_entered)
        self.runner.changes_applied.connect(self.on_runner_changes_applied)
        self.lock_button.clicked.connect(self.on_lock_clicked)
        self.auto_lock.timeout.connect(self.on_lock_clicked)
        self.backup_button.clicked.connect(self.on_backup_button_clicked)
        self.backup_page.closed.connect(self.on_backup_page_closed)

    def on_shown(self) -> None:
        if self.user is None:
            self.pin_edit.setFocus()
        else:
            self.refresh()

    @Slot(str)
    def on_gate_pin_entered(self, pin: str) -> None:
        self.runner.run(
            task_runner.Op(self.venue.users.sign_in, pin, role=ops.Role.OWNER)
            .on_success(self.on_signed_in)
            .on_failure(self.gate.show_failure)
        )

    def on_signed_in(self, user: ops.Actor) -> None:
        self.gate.reset()
        if not self.isVisible():  # the PIN was checked after the back office was left
            return
        self.user = user
        self.setCurrentWidget(self.dashboard)
        self.auto_lock.start()
        self.refresh()

    @Slot()
    def on_backup_button_clicked(self) -> None:
        self.backup_page.refresh()
        self.setCurrentWidget(self.backup_page)

    @Slot()
    def on_backup_page_closed(self) -> None:
        self.setCurrentWidget(self.dashboard)
        self.refresh()

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

    @Slot(object)
    def on_runner_changes_applied(self, changes: ops.Changes) -> None:
        if self.user is not None and self.isVisible() and (changes.visits or changes.all_guests):
            self.refresh()

    def refresh(self) -> None:
        self.backup_page.refresh()
        self.backup_reminder.setText(self.backup_page.overdue_label.text())
        self.backup_reminder.setVisible(bool(self.backup_reminder.text()))
        zone = str(self.venue.settings.get("venue.timezone"))
        self.runner.submit(
            lambda: self.venue.guests.overview(zone, time.time()), self.on_overview_loaded
        )

    def on_overview_loaded(self, overview: guests.Overview) -> None:
        self.tiles["guests"].setText(formatting.number(overview.guests))
        self.tiles["active"].setText(formatting.number(overview.active_guests_30d))
        self.tiles["visits"].setText(formatting.number(overview.visits_30d))
        self.tiles["revenue"].setText(formatting.money(overview.revenue_30d_minor, self.currency))
        self.tiles["today"].setText(formatting.number(overview.visits_today))
