"""The counter page: scan or type a card number and see the guest at once."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from boostdesk.domain import codes
from boostdesk.services import guests
from boostdesk.services import venue as venue_service
from boostdesk.ui import formatting, task_runner


class CounterPage(QWidget):
    guest_shown = Signal(object)

    def __init__(self, opened: venue_service.Venue, runner: task_runner.TaskRunner) -> None:
        super().__init__(objectName="CounterPage")
        self.venue = opened
        self.runner = runner
        self.timezone = str(opened.settings.get("venue.timezone"))
        self.currency = str(opened.settings.get("venue.currency"))

        prompt = QLabel(self.tr("Scan a loyalty card or type its number"), objectName="Prompt")
        self.scan_edit = QLineEdit(objectName="ScanEdit")
        self.scan_edit.setPlaceholderText(self.tr("Card number (13 digits)"))
        self.scan_edit.setMaxLength(32)
        self.scan_edit.setClearButtonEnabled(True)
        self.find_button = QPushButton(self.tr("Find"), objectName="PrimaryButton")
        self.message = QLabel(objectName="Message")
        self.message.setWordWrap(True)
        entry = QHBoxLayout()
        entry.addWidget(self.scan_edit, 1)
        entry.addWidget(self.find_button)

        self.panel = QFrame(objectName="GuestPanel")
        self.name_label = QLabel(objectName="GuestName")
        self.detail_label = QLabel(objectName="GuestDetail")
        self.balance_title = QLabel(self.tr("Points balance"), objectName="StatTitle")
        self.balance_value = QLabel(objectName="StatValue")
        self.visits_title = QLabel(self.tr("Visits"), objectName="StatTitle")
        self.visits_value = QLabel(objectName="StatValue")
        self.last_title = QLabel(self.tr("Last visit"), objectName="StatTitle")
        self.last_value = QLabel(objectName="StatValue")
        grid = QGridLayout(self.panel)
        grid.setContentsMargins(28, 24, 28, 24)
        grid.setHorizontalSpacing(40)
        grid.addWidget(self.name_label, 0, 0, 1, 3)
        grid.addWidget(self.detail_label, 1, 0, 1, 3)
        for column, (title, value) in enumerate(
            (
                (self.balance_title, self.balance_value),
                (self.visits_title, self.visits_value),
                (self.last_title, self.last_value),
            )
        ):
            grid.addWidget(title, 2, column)
            grid.addWidget(value, 3, column)
        self.panel.hide()

        layout = QVBoxLayout(self)
        layout.setContentsMargins(48, 36, 48, 36)
        layout.setSpacing(16)
        layout.addWidget(prompt)
        layout.addLayout(entry)
        layout.addWidget(self.message)
        layout.addWidget(self.panel)
        layout.addStretch(1)
        self._connect_signals()

    def _connect_signals(self) -> None:
        self.scan_edit.returnPressed.connect(self.on_scan_edit_return_pressed)
        self.find_button.clicked.connect(self.on_scan_edit_return_pressed)

    def focus_scan(self) -> None:
        self.scan_edit.setFocus(Qt.FocusReason.OtherFocusReason)

    @Slot()
    def on_scan_edit_return_pressed(self) -> None:
        self.lookup(self.scan_edit.text())

    def lookup(self, text: str) -> None:
        """Show the guest of a typed or scanned card number, or say clearly what is wrong."""
        try:
            code = codes.parse(text)
        except codes.CodeError as exc:
            self.show_message(self._code_error_text(exc.reason), error=True)
            return
        if code.kind is not codes.CodeKind.CARD:
            self.show_message(self.tr("This is a voucher code, not a loyalty card."), error=True)
            return
        number = code.value
        self.runner.submit(
            lambda: self.venue.guests.find_by_card(number),
            lambda guest: self.on_guest_found(number, guest),
            lambda exc: self.show_message(
                self.tr("Could not read the guest: %1").replace("%1", str(exc)), error=True
            ),
        )

    def _code_error_text(self, reason: str) -> str:
        texts = {
            "empty": self.tr("Scan a card or type its number."),
            "not_digits": self.tr("A card number has digits only."),
            "length": self.tr("A card number has 13 digits."),
            "check_digit": self.tr("This number is not valid (misread or mistyped). Try again."),
            "prefix": self.tr("This is not a BoostDesk card."),
        }
        return texts.get(reason, self.tr("This code cannot be used."))

    def on_guest_found(self, number: str, guest: guests.GuestCard | None) -> None:
        self.scan_edit.clear()
        if guest is None:
            self.panel.hide()
            self.show_message(self.tr("Unknown card %1: enrol the guest.").replace("%1", number))
            return
        self.show_message("")
        self.name_label.setText(guest.first_name)
        detail = [self.tr("Card %1").replace("%1", guest.card_number)]
        if guest.phone_masked:
            detail.append(guest.phone_masked)
        if guest.card_status != "active":
            detail.append(self.tr("card is %1").replace("%1", self._card_status(guest.card_status)))
        self.detail_label.setText("  ·  ".join(detail))
        self.balance_value.setText(formatting.money(guest.balance_minor, self.currency))
        self.visits_value.setText(formatting.number(guest.visits))
        if guest.last_visit_at is None:
            self.last_value.setText(self.tr("first visit"))
        else:
            ago = formatting.days_ago(guest.last_visit_at, self.timezone)
            self.last_value.setText(
                self.tr("today") if ago == 0 else self.tr("%n day(s) ago", "", ago)
            )
        self.panel.show()
        self.guest_shown.emit(guest)

    def _card_status(self, status: str) -> str:
        return {"lost": self.tr("reported lost"), "blocked": self.tr("blocked")}.get(status, status)

    def show_message(self, text: str, *, error: bool = False) -> None:
        self.message.setText(text)
        self.message.setProperty("error", error)
        self.message.style().unpolish(self.message)
        self.message.style().polish(self.message)
