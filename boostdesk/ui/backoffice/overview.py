"""The overview: the venue's key figures of the last 30 days, and the backup reminder."""

from __future__ import annotations

import time

from PySide6.QtWidgets import QFrame, QGridLayout, QHBoxLayout, QLabel, QVBoxLayout

from boostdesk.services import guests
from boostdesk.ui import formatting, labels
from boostdesk.ui.backoffice import section


class OverviewSection(section.Section):
    key = "overview"

    def __init__(self, context: section.Context) -> None:
        super().__init__(context)
        heading = QLabel(self.tr("Overview — last 30 days"), objectName="PageTitle")
        top = QHBoxLayout()
        top.addWidget(heading)
        top.addStretch(1)
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
        # The owner is reminded here when the last backup to a stick or folder is overdue.
        self.backup_reminder = labels.data("BackupOverdue")
        self.backup_reminder.setProperty("error", True)
        self.backup_reminder.hide()

        layout = QVBoxLayout(self)
        layout.setContentsMargins(40, 30, 40, 30)
        layout.setSpacing(20)
        layout.addLayout(top)
        layout.addWidget(self.backup_reminder)
        layout.addLayout(tiles)
        layout.addStretch(1)

    def on_shown(self) -> None:
        venue = self.context.venue
        zone = self.context.timezone
        self.context.runner.submit(
            lambda: venue.guests.overview(zone, time.time()), self.on_overview_loaded
        )

    def set_backup_reminder(self, text: str) -> None:
        """The Backup section's "last backup N days ago" line (empty: not overdue)."""
        self.backup_reminder.setText(text)
        self.backup_reminder.setVisible(bool(text))

    def on_overview_loaded(self, overview: guests.Overview) -> None:
        currency = self.context.currency
        self.tiles["guests"].setText(formatting.number(overview.guests))
        self.tiles["active"].setText(formatting.number(overview.active_guests_30d))
        self.tiles["visits"].setText(formatting.number(overview.visits_30d))
        self.tiles["revenue"].setText(formatting.money(overview.revenue_30d_minor, currency))
        self.tiles["today"].setText(formatting.number(overview.visits_today))
