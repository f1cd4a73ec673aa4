"""A storage problem told plainly: a translated sentence, the technical detail folded below."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QMessageBox, QWidget

from boostdesk.services import venue
from boostdesk.ui import messages


def storage_problem_box(problem: venue.StorageError, parent: QWidget | None = None) -> QMessageBox:
    """A critical message box for ``problem``; the caller shows it (``exec`` or ``open``)."""
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Critical)
    box.setWindowTitle(QCoreApplication.translate("problem_dialog", "BoostDesk"))
    text = messages.storage_text(problem.reason)
    newest = getattr(problem, "newest_backup", None)
    if newest:
        text += "\n\n" + QCoreApplication.translate(
            "problem_dialog", "The newest backup is %1. Restore it with: boostdesk restore %1"
        ).replace("%1", str(newest))
    box.setText(text)
    box.setDetailedText(problem.detail)
    box.setStandardButtons(QMessageBox.StandardButton.Close)
    return box
