"""The Privacy section (KVKK): data-subject requests with their due dates (overdue ones stand out),
a guest's data exported or erased by card, and the retention job's destruction log."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QDate,
    Qt,
    Slot,
)
from PySide6.QtGui import QColor, QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from boostdesk.services import privacy, privacy_register
from boostdesk.ui import formatting, labels, messages, table_models, task_runner
from boostdesk.ui.backoffice import section

_OVERDUE = QColor("#b3261e")


def kind_text(kind: str) -> str:
    texts = {
        "access": QCoreApplication.translate("Privacy", "Access (a copy of the data)"),
        "erasure": QCoreApplication.translate("Privacy", "Erasure"),
        "correction": QCoreApplication.translate("Privacy", "Correction"),
    }
    return texts.get(kind, kind)


class RequestsModel(table_models.ListModel[privacy_register.Request]):
    """The request register: kind, received, due, state, note; overdue rows in bold red."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.today = dt.date.today()

    def set_requests(self, rows: Sequence[privacy_register.Request], today: dt.date) -> None:
        self.today = today
        self.set_rows(rows)

    def headers(self) -> tuple[str, ...]:
        return (
            self.tr("Request"),
            self.tr("Received"),
            self.tr("Due"),
            self.tr("State"),
            self.tr("Note"),
        )

    def cell(self, row: privacy_register.Request, column: int) -> str:
        if column == 0:
            return kind_text(row.kind)
        if column == 1:
            return formatting.local_date(row.received_on)
        if column == 2:
            return formatting.local_date(row.due_on)
        if column == 3:
            if row.status == "closed" and row.closed_on is not None:
                return self.tr("Closed %1").replace("%1", formatting.local_date(row.closed_on))
            return self.tr("Overdue") if self._overdue(row) else self.tr("Open")
        return row.note.replace("\n", " / ")

    def decoration(self, row: privacy_register.Request, column: int, role: int) -> Any:
        if role == Qt.ItemDataRole.ForegroundRole and self._overdue(row):
            return _OVERDUE
        if role == Qt.ItemDataRole.FontRole and self._overdue(row):
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.ToolTipRole and column == 4:
            return row.note or None
        return None

    def _overdue(self, request: privacy_register.Request) -> bool:
        return privacy_register.is_overdue(request, self.today)


class DestructionModel(table_models.ListModel[privacy_register.Destruction]):
    """The destruction log: when, how many guests, which rule (the ids in the tooltip)."""

    right_columns = frozenset({1})

    def __init__(self, timezone: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.timezone = timezone

    def headers(self) -> tuple[str, ...]:
        return (self.tr("When"), self.tr("Guests"), self.tr("Rule"))

    def cell(self, row: privacy_register.Destruction, column: int) -> str:
        if column == 0:
            return formatting.local_datetime(row.at, self.timezone)
        if column == 1:
            return formatting.number(row.guests)
        return self.tr("Inactive for more than %n year(s)", "", _years(row.rule))

    def decoration(self, row: privacy_register.Destruction, column: int, role: int) -> Any:
        if role == Qt.ItemDataRole.ToolTipRole:
            ids = ", ".join(str(i) for i in row.customer_ids[:50])
            more = len(row.customer_ids) - 50
            return self.tr("Guest ids: %1").replace("%1", ids + (" …" if more > 0 else ""))
        return None


def _years(rule: str) -> int:
    words = rule.split()
    try:
        return int(words[words.index("than") + 1])
    except (ValueError, IndexError):
        return 0


class RequestDialog(QDialog):
    """A new request: its kind, the day it came, and a note."""

    def __init__(self, today: dt.date, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("New personal-data request"))
        self.kind = QComboBox()
        for kind in ("access", "erasure", "correction"):
            self.kind.addItem(kind_text(kind), kind)
        self.received = QDateEdit(QDate(today.year, today.month, today.day))
        self.received.setCalendarPopup(True)
        self.received.setMaximumDate(QDate(today.year, today.month, today.day))
        self.note = QLineEdit()
        self.note.setPlaceholderText(self.tr("Who asked, how, what for"))
        self.note.setMinimumWidth(360)
        form = QFormLayout(self)
        form.addRow(self.tr("Kind"), self.kind)
        form.addRow(self.tr("Received on"), self.received)
        form.addRow(self.tr("Note"), self.note)
        form.addRow(QLabel(self.tr("The answer is due 30 days after the request came.")))
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def values(self) -> tuple[str, dt.date, str]:
        day = self.received.date()
        return (
            str(self.kind.currentData()),
            dt.date(day.year(), day.month(), day.day()),
            self.note.text(),
        )


class PrivacySection(section.Section):
    key = "privacy"

    def __init__(self, context: section.Context) -> None:
        super().__init__(context)
        heading = QLabel(self.tr("Personal data (KVKK)"), objectName="PageTitle")
        self.retention_label = labels.data("Hint")
        self.message = labels.data("Message")
        self.message.setWordWrap(True)
        self.message.hide()

        self.requests = RequestsModel(self)
        self.requests_view = self._table(self.requests, stretch=4)
        self.requests_empty = QLabel(self.tr("No requests yet."), objectName="Hint")
        self.add_button = QPushButton(self.tr("Add request…"), objectName="CompactButton")
        self.close_button = QPushButton(self.tr("Close selected…"), objectName="CompactButton")
        self.close_button.setEnabled(False)
        request_buttons = QHBoxLayout()
        request_buttons.addWidget(self.add_button)
        request_buttons.addWidget(self.close_button)
        request_buttons.addStretch(1)
        requests_box = QGroupBox(self.tr("Requests (answer within 30 days)"))
        box = QVBoxLayout(requests_box)
        box.addWidget(self.requests_view, 1)
        box.addWidget(self.requests_empty)
        box.addLayout(request_buttons)

        self.card = QLineEdit()
        self.card.setPlaceholderText(self.tr("Card number"))
        self.card.setMaxLength(32)
        self.export_button = QPushButton(
            self.tr("Export the guest's data…"), objectName="CompactButton"
        )
        self.erase_button = QPushButton(self.tr("Erase the guest…"), objectName="CompactButton")
        guest_box = QGroupBox(self.tr("A guest's data, by card"))
        guest = QHBoxLayout(guest_box)
        guest.addWidget(self.card, 1)
        guest.addWidget(self.export_button)
        guest.addWidget(self.erase_button)

        self.destructions = DestructionModel(context.timezone, self)
        self.destructions_view = self._table(self.destructions, stretch=2)
        self.destructions_empty = QLabel(self.tr("No guest has been anonymised yet."))
        self.destructions_empty.setObjectName("Hint")
        log_box = QGroupBox(self.tr("Destruction log"))
        log = QVBoxLayout(log_box)
        log.addWidget(self.retention_label)
        log.addWidget(self.destructions_view, 1)
        log.addWidget(self.destructions_empty)

        grid = QGridLayout()
        grid.setSpacing(16)
        grid.addWidget(requests_box, 0, 0, 1, 2)
        grid.addWidget(guest_box, 1, 0, 1, 2)
        grid.addWidget(log_box, 2, 0, 1, 2)
        grid.setRowStretch(0, 3)
        grid.setRowStretch(2, 2)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(40, 30, 40, 30)
        layout.setSpacing(16)
        layout.addWidget(heading)
        layout.addWidget(self.message)
        layout.addLayout(grid, 1)
        self._connect_signals()

    def _table(self, model: QAbstractTableModel, *, stretch: int) -> QTableView:
        view = QTableView()
        view.setModel(model)
        view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        view.verticalHeader().hide()
        view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        view.horizontalHeader().setStretchLastSection(True)
        view.setMinimumHeight(60 * stretch // 2)
        return view

    def _connect_signals(self) -> None:
        self.add_button.clicked.connect(self.on_add_button_clicked)
        self.close_button.clicked.connect(self.on_close_button_clicked)
        self.export_button.clicked.connect(self.on_export_button_clicked)
        self.erase_button.clicked.connect(self.on_erase_button_clicked)
        self.card.returnPressed.connect(self.on_export_button_clicked)
        self.requests_view.selectionModel().selectionChanged.connect(self.on_requests_selected)

    # -- loading ----------------------------------------------------------------------------

    def on_shown(self) -> None:
        venue = self.context.venue

        def load() -> tuple[Any, ...]:
            return (
                privacy_register.requests(venue),
                privacy_register.destructions(venue),
                privacy_register.today(venue),
                privacy_register.retention_cutoff(venue),
                int(venue.settings.get("privacy.retention_years") or 0),
            )

        self.context.runner.submit(load, self.on_loaded)

    def on_loaded(self, loaded: tuple[Any, ...]) -> None:
        requests, destructions, today, cutoff, years = loaded
        self.requests.set_requests(requests, today)
        self.destructions.set_rows(destructions)
        self.requests_empty.setVisible(not requests)
        self.destructions_empty.setVisible(not destructions)
        self.on_requests_selected()
        if cutoff is None:
            self.retention_label.setText(
                self.tr("Automatic anonymisation of inactive guests is off.")
            )
        else:
            self.retention_label.setText(
                self.tr(
                    "Every night, guests with no visit for more than %n year(s) are anonymised "
                    "(now: those last seen before %1).",
                    "",
                    years,
                ).replace("%1", formatting.local_date(cutoff))
            )

    # -- requests ---------------------------------------------------------------------------

    @Slot()
    def on_requests_selected(self, *_args: object) -> None:
        request = self._selected()
        self.close_button.setEnabled(request is not None and request.status == "open")

    def _selected(self) -> privacy_register.Request | None:
        rows = self.requests_view.selectionModel().selectedRows()
        if not rows or rows[0].row() >= len(self.requests.rows):
            return None
        return self.requests.rows[rows[0].row()]

    @Slot()
    def on_add_button_clicked(self) -> None:
        dialog = RequestDialog(self.requests.today, self)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        kind, received, note = dialog.values()
        self._run(
            task_runner.Op(
                privacy_register.add_request,
                self.context.venue,
                self.context.actor,
                kind,
                received_on=received,
                note=note,
            ),
            self.tr("Request added."),
        )

    @Slot()
    def on_close_button_clicked(self) -> None:
        request = self._selected()
        if request is None or request.status != "open":
            return
        note, accepted = QInputDialog.getText(
            self, self.tr("Close the request"), self.tr("What was done (optional):")
        )
        if not accepted:
            return
        self._run(
            task_runner.Op(
                privacy_register.close_request,
                self.context.venue,
                self.context.actor,
                request.id,
                note=note,
            ),
            self.tr("Request closed."),
        )

    # -- one guest --------------------------------------------------------------------------

    def _card(self) -> str | None:
        card = self.card.text().strip()
        if not card:
            self.show_message(self.tr("Type or scan the guest's card number first."), error=True)
            self.card.setFocus()
            return None
        return card

    @Slot()
    def on_export_button_clicked(self) -> None:
        card = self._card()
        if card is None:
            return
        name, _filter = QFileDialog.getSaveFileName(
            self,
            self.tr("Save the guest's data"),
            str(Path.home() / f"guest-{card[-6:]}.json"),
            self.tr("JSON files (*.json)"),
        )
        if not name:
            return
        self._run(
            task_runner.Op(
                privacy.export_person, self.context.venue, self.context.actor, card, Path(name)
            ),
            self.tr("Saved: %1").replace("%1", name),
        )

    @Slot()
    def on_erase_button_clicked(self) -> None:
        card = self._card()
        if card is None:
            return
        answer = QMessageBox.warning(
            self,
            self.tr("Erase the guest"),
            self.tr(
                "Erase the guest holding card %1 for good? The name, contact details, family "
                "and consents are removed; visits stay in the totals anonymously. This cannot "
                "be undone."
            ).replace("%1", card),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Cancel,
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        self._run(
            task_runner.Op(privacy.erase, self.context.venue, self.context.actor, card),
            self.tr("The guest was erased."),
        )
        self.card.clear()

    # -- shared -----------------------------------------------------------------------------

    def _run(self, op: task_runner.Op, done: str) -> None:
        self.context.runner.run(
            op.on_success(lambda _result: self.on_operation_done(done)).on_failure(
                self.on_operation_failed
            )
        )

    def on_operation_done(self, text: str) -> None:
        self.show_message(text)
        self.on_shown()

    def on_operation_failed(self, exc: Exception) -> None:
        if isinstance(exc, privacy.UnknownCardError):
            text = self.tr("No guest holds this card (or the guest was already erased).")
        elif isinstance(exc, privacy_register.RequestError):
            text = self.tr("The request could not be saved: %1").replace("%1", str(exc))
        else:
            text = messages.error_text(exc)
        self.show_message(text, error=True)

    def show_message(self, text: str, *, error: bool = False) -> None:
        self.message.setText(text)
        self.message.setProperty("error", error)
        self.message.style().unpolish(self.message)
        self.message.style().polish(self.message)
        self.message.show()

    def on_locked(self) -> None:
        self.card.clear()
        self.message.hide()
