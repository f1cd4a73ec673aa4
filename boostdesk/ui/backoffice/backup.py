"""The Backup section: the Backup page (ui/backup_page.py) inside the back office.

It is built with the back office, not on first use: the page also runs this computer's
automatic daily backups.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QVBoxLayout

from boostdesk.ui import backup_page, labels
from boostdesk.ui.backoffice import section


class BackupSection(section.Section):
    key = "backup"

    def __init__(self, context: section.Context) -> None:
        super().__init__(context)
        self.page = backup_page.BackupPage(context.venue, context.actor_of)
        self.page.back_button.hide()  # the navigation on the left leads everywhere
        # The folder is for the owner (backups, support), not for the cashier's status bar.
        self.data_label = labels.data(
            "Hint", self.tr("Data folder: %1").replace("%1", str(context.venue.data_dir))
        )
        self.data_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 16)
        layout.addWidget(self.page, 1)
        data_row = QHBoxLayout()
        data_row.setContentsMargins(40, 0, 40, 0)
        data_row.addWidget(self.data_label)
        layout.addLayout(data_row)

    def on_shown(self) -> None:
        self.page.refresh()

    def reminder(self) -> str:
        """ "Last backup N days ago" when a backup to a stick or folder is overdue, else ""."""
        self.page.refresh()
        return self.page.overdue_label.text()
