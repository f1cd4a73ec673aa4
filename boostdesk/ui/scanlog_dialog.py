"""The scan log viewer: the last 200 scans with their time (venue time), outcome and reason,
so a wrong reader setting or a worn card shows at once."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, Protocol

from PySide6.QtCore import (
    QCoreApplication,
    QDateTime,
    QLocale,
    Qt,
    QTimeZone,
    Slot,
)
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from boostdesk.ui import labels, messages, table_models, task_runner, widgets

LIMIT = 200


class Scan(Protocol):
    """One logged scan as the counter service returns it."""

    @property
    def at(self) -> int: ...  # unix seconds, UTC
    @property
    def raw(self) -> str: ...
    @property
    def code(self) -> str | None: ...
    @property
    def outcome(self) -> str: ...
    @property
    def detail(self) -> str | None: ...


def local_time(unix_seconds: int, timezone: str) -> str:
    """Date and clock time to the second in the venue's zone, e.g. ``25.11.2026 14:32:05``."""
    moment = QDateTime.fromSecsSinceEpoch(unix_seconds, QTimeZone(timezone.encode()))
    date = QLocale().toString(moment.date(), QLocale.FormatType.ShortFormat)
    return f"{date} {moment.time().toString('HH:mm:ss')}"


def outcome_text(outcome: str) -> str:
    texts = {
        "guest": QCoreApplication.translate("scanlog", "Guest shown"),
        "unknown_card": QCoreApplication.translate("scanlog", "New card (enrolment offered)"),
        "voucher": QCoreApplication.translate("scanlog", "Voucher"),
        "rejected": QCoreApplication.translate("scanlog", "Rejected"),
        "duplicate": QCoreApplication.translate("scanlog", "Repeat (counted once)"),
    }
    return texts.get(outcome, outcome)


def reason_text(outcome: str, detail: str | None) -> str:
    """Why, in the cashier's words: the rejection reason, or the voucher's state."""
    if not detail:
        return ""
    if outcome == "voucher":
        if detail == "valid":
            return QCoreApplication.translate("scanlog", "Valid voucher")
        return messages.reason_text(f"voucher_{detail}")
    return messages.reason_text(detail)


class ScanLogModel(table_models.ListModel[tuple[str, ...]]):
    """Read-only rows of the scan log, newest first; refused scans in red."""

    def __init__(self, timezone: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.timezone = timezone

    def set_scans(self, rows: Sequence[Scan]) -> None:
        """The five texts shown, then the outcome's key (it colours the row)."""
        self.set_rows(
            (
                local_time(r.at, self.timezone),
                outcome_text(r.outcome),
                r.code or "",
                r.raw,
                reason_text(r.outcome, r.detail),
                r.outcome,
            )
            for r in rows
        )

    def headers(self) -> tuple[str, ...]:
        return (
            self.tr("Time"),
            self.tr("Outcome"),
            self.tr("Code"),
            self.tr("Received"),
            self.tr("Reason"),
        )

    def cell(self, row: tuple[str, ...], column: int) -> str:
        return row[column]

    def decoration(self, row: tuple[str, ...], column: int, role: int) -> Any:
        if role == Qt.ItemDataRole.ToolTipRole:
            return row[column]
        if role == Qt.ItemDataRole.ForegroundRole and row[-1] == "rejected":
            return QColor("#b3261e")
        return None


class ScanLogDialog(QDialog):
    """Shows the latest scans; ``load`` reads them (on the task runner), Refresh reads again."""

    def __init__(
        self,
        runner: task_runner.TaskRunner,
        load: Callable[[], Sequence[Scan]],
        timezone: str,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("ScanLogDialog")
        self.setWindowTitle(self.tr("Scan log"))
        self.resize(980, 560)
        self.runner = runner
        self.load = load
        title = labels.data("DialogTitle", self.tr("Last %n scan(s)", "", LIMIT))
        self.zone_label = labels.data(
            "Hint", self.tr("Times are the venue's local time (%1).").replace("%1", timezone)
        )
        self.status_label = labels.data("Hint", self.tr("Loading…"))
        self.model = ScanLogModel(timezone, self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QTableView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(False)
        self.table.verticalHeader().hide()
        self.table.setWordWrap(False)
        self.table.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        self.refresh_button = widgets.named(QPushButton(self.tr("Refresh")), "SecondaryButton")
        self.refresh_button.setAutoDefault(False)
        self.close_button = widgets.named(QPushButton(self.tr("Close")), "PrimaryButton")
        self.close_button.setDefault(True)
        buttons = QHBoxLayout()
        buttons.addWidget(self.status_label)
        buttons.addStretch(1)
        buttons.addWidget(self.refresh_button)
        buttons.addWidget(self.close_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 20, 24, 20)
        layout.setSpacing(10)
        layout.addWidget(title)
        layout.addWidget(self.zone_label)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)
        self._connect_signals()
        self.refresh()

    def _connect_signals(self) -> None:
        self.refresh_button.clicked.connect(self.refresh)
        self.close_button.clicked.connect(self.accept)

    @Slot()
    def refresh(self) -> None:
        self.refresh_button.setEnabled(False)
        self.runner.run(
            task_runner.Op(self.load)
            .on_success(self.on_scans_loaded)
            .on_failure(self.on_load_failed)
        )

    def on_scans_loaded(self, rows: Sequence[Scan]) -> None:
        self.refresh_button.setEnabled(True)
        self.model.set_scans(rows)
        self.status_label.setText(
            self.tr("No scans yet.") if not rows else self.tr("%n scan(s) shown", "", len(rows))
        )

    def on_load_failed(self, exc: Exception) -> None:
        self.refresh_button.setEnabled(True)
        self.status_label.setText(
            self.tr("Could not read the scan log: %1").replace("%1", str(exc))
        )
