"""The guest page's dialogs: edit the profile, a voucher by hand, a new card, a merge."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate, QLocale, Qt, Slot
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from boostdesk.domain import money
from boostdesk.services import checkout, customers, guest_file
from boostdesk.ui import labels, widgets
from boostdesk.ui.backoffice import section


def _buttons(dialog: QDialog, ok: str) -> QDialogButtonBox:
    box = QDialogButtonBox(
        QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
    )
    box.button(QDialogButtonBox.StandardButton.Ok).setText(ok)
    box.accepted.connect(dialog.accept)
    box.rejected.connect(dialog.reject)
    return box


class EditDialog(QDialog):
    """The guest's name and contact data (checked by the operation, as at enrolment)."""

    def __init__(self, profile: guest_file.Profile, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Edit the guest"))
        self.first_name = QLineEdit(profile.first_name)
        self.last_name = QLineEdit(profile.last_name or "")
        self.phone = QLineEdit(profile.phone or "")
        self.email = QLineEdit(profile.email or "")
        self.birth_date = QLineEdit(profile.birth_date or "")
        self.birth_date.setPlaceholderText(self.tr("YYYY-MM-DD"))
        self.gender = QComboBox()
        for key, text in (
            ("", self.tr("not given")),
            ("female", self.tr("female")),
            ("male", self.tr("male")),
            ("other", self.tr("other")),
        ):
            self.gender.addItem(text, key)
        self.gender.setCurrentIndex(max(self.gender.findData(profile.gender or ""), 0))
        self.district = QLineEdit(profile.district or "")
        self.city = QLineEdit(profile.city or "")
        form = QFormLayout()
        form.addRow(self.tr("First name"), self.first_name)
        form.addRow(self.tr("Last name"), self.last_name)
        form.addRow(self.tr("Phone"), self.phone)
        form.addRow(self.tr("E-mail"), self.email)
        form.addRow(self.tr("Birth date"), self.birth_date)
        form.addRow(self.tr("Gender"), self.gender)
        form.addRow(self.tr("District"), self.district)
        form.addRow(self.tr("City"), self.city)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(_buttons(self, self.tr("Save")))

    def form(self) -> checkout.Enrolment:
        return checkout.Enrolment(
            first_name=self.first_name.text(),
            last_name=self.last_name.text(),
            phone=self.phone.text(),
            email=self.email.text(),
            birth_date=self.birth_date.text(),
            gender=str(self.gender.currentData() or ""),
            district=self.district.text(),
            city=self.city.text(),
        )


class VoucherDialog(QDialog):
    """A fixed-amount voucher and its last day."""

    def __init__(self, currency: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Give a voucher"))
        self.amount = QLineEdit(objectName="VoucherAmount")
        self.amount.setPlaceholderText(self.tr("e.g. 50 or 50,50"))
        self.until = QDateEdit(QDate.currentDate().addDays(30))
        self.until.setCalendarPopup(True)
        self.until.setMinimumDate(QDate.currentDate())
        self.error = labels.data("Message")
        self.error.setProperty("error", True)
        self.error.hide()
        form = QFormLayout()
        form.addRow(self.tr("Amount (%1)").replace("%1", currency), self.amount)
        form.addRow(self.tr("Valid through"), self.until)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(_buttons(self, self.tr("Give the voucher")))

    def amount_minor(self) -> int:
        """The amount typed, in the user's number format (``50,50`` in Turkish)."""
        locale = QLocale()
        return money.parse_minor(self.amount.text(), locale.decimalPoint(), locale.groupSeparator())

    def last_day(self) -> dt.date:
        day = self.until.date()
        return dt.date(day.year(), day.month(), day.day())

    def accept(self) -> None:
        try:
            self.amount_minor()
        except ValueError:
            self.error.setText(self.tr("Type the amount, e.g. 50 or 50,50."))
            self.error.show()
            return
        super().accept()


class CardDialog(QDialog):
    """The new card's number, scanned or typed."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Replace a lost card"))
        self.card = widgets.named(QLineEdit(), "NewCard")
        self.card.setPlaceholderText(self.tr("Scan or type the new card"))
        note = QLabel(
            self.tr(
                "The old card is blocked: scanned at the counter it is refused. Points, visits "
                "and vouchers stay with the guest."
            )
        )
        note.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(note)
        layout.addWidget(self.card)
        layout.addWidget(_buttons(self, self.tr("Give the new card")))

    def number(self) -> str:
        return self.card.text().strip()


class MergeDialog(QDialog):
    """Find the other record of the same person and confirm the merge."""

    def __init__(
        self, context: section.Context, kept: guest_file.Profile, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.context = context
        self.kept = kept
        self.duplicate: int | None = None
        self.setWindowTitle(self.tr("Merge two records of the same person"))
        self.setMinimumWidth(560)
        name = " ".join(p for p in (kept.first_name, kept.last_name) if p)
        intro = labels.data(
            "Hint",
            self.tr(
                "Find the other record of %1. Its visits, points, vouchers, consents and cards "
                "move to this guest; the other record is then removed. This cannot be undone."
            ).replace("%1", name),
        )
        intro.setWordWrap(True)
        self.search = QLineEdit(objectName="MergeSearch")
        self.search.setPlaceholderText(self.tr("Name, phone or card of the other record"))
        self.matches = QListWidget(objectName="MergeMatches")
        self.buttons = _buttons(self, self.tr("Merge"))
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(False)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.search)
        layout.addWidget(self.matches, 1)
        layout.addWidget(self.buttons)
        self.search.textChanged.connect(self.on_search_text_changed)
        self.matches.currentItemChanged.connect(self.on_matches_current_item_changed)

    @Slot(str)
    def on_search_text_changed(self, text: str) -> None:
        if len(text.strip()) < 2:
            self.show_matches([])
            return
        actor = self.context.actor
        browser = self.context.venue.customers
        query = customers.Query(search=text)
        self.context.runner.submit(lambda: browser.page(actor, query, limit=20), self.show_matches)

    def show_matches(self, rows: list[customers.Guest]) -> None:
        self.matches.clear()
        for row in rows:
            if row.id == self.kept.id:
                continue
            item = QListWidgetItem(f"{row.name}  ·  {row.card}  ·  {row.phone_masked}")
            item.setData(Qt.ItemDataRole.UserRole, row.id)
            self.matches.addItem(item)

    @Slot(QListWidgetItem, QListWidgetItem)
    def on_matches_current_item_changed(
        self, current: QListWidgetItem | None, _previous: QListWidgetItem | None
    ) -> None:
        self.duplicate = int(current.data(Qt.ItemDataRole.UserRole)) if current else None
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(
            self.duplicate is not None
        )
