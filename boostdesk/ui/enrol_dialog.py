"""Enrol an unknown card on the spot: a name or nickname is enough, the rest is optional.

Left: who the guest is (aligned form). Right: family members (spouse, children: first name and
birth date, for family birthdays), the privacy notice with its version, and the consents per
channel. Enter enrols, Escape cancels.
"""

from __future__ import annotations

import time

from PySide6.QtCore import Qt, Slot
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QFormLayout,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLayout,
    QLineEdit,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from boostdesk.services import checkout
from boostdesk.ui import labels, messages, widgets

MAX_FAMILY = 5  # six rows would make the dialog taller than a 1366×768 till allows


def iso_date(text: str) -> str:
    """``DD.MM.YYYY`` (or with / or -) as ``YYYY-MM-DD``; anything else is returned as typed
    so the service names it as a wrong date."""
    typed = text.strip()
    parts = typed.replace("/", ".").replace("-", ".").split(".")
    if len(parts) == 3 and all(p.isdigit() for p in parts) and len(parts[2]) == 4:
        return f"{parts[2]}-{int(parts[1]):02d}-{int(parts[0]):02d}"
    return typed


class FamilyRow(QWidget):
    """One spouse or child: relation, first name, birth date, and a button to take it out."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.relation_combo = QComboBox()
        self.relation_combo.setMinimumWidth(90)
        self.relation_combo.addItem(self.tr("Child"), "child")
        self.relation_combo.addItem(self.tr("Spouse"), "spouse")
        self.name_edit = QLineEdit()
        self.name_edit.setMaxLength(60)
        self.name_edit.setPlaceholderText(self.tr("First name"))
        self.birth_edit = QLineEdit()
        self.birth_edit.setMaxLength(10)
        self.birth_edit.setPlaceholderText(self.tr("DD.MM.YYYY"))
        self.birth_edit.setFixedWidth(125)
        self.name_edit.setMinimumWidth(120)
        self.remove_button = widgets.named(QPushButton("✕"), "LinkButton")
        self.remove_button.setAutoDefault(False)
        self.remove_button.setToolTip(self.tr("Remove"))
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.relation_combo)
        row.addWidget(self.name_edit, 1)
        row.addWidget(self.birth_edit)
        row.addWidget(self.remove_button)
        # Never squeezed: the dialog grows by a row instead (its layout keeps the minimum size).
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)

    def member(self) -> checkout.FamilyMember:
        return checkout.FamilyMember(
            relation=str(self.relation_combo.currentData()),
            first_name=self.name_edit.text(),
            birth_date=iso_date(self.birth_edit.text()),
        )


class EnrolDialog(QDialog):
    def __init__(
        self,
        card_number: str,
        bonus_text: str,
        notice_version: str,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("EnrolDialog")
        self.setWindowTitle(self.tr("New guest"))
        self.card_number = card_number
        self.notice_version = notice_version
        self.family_rows: list[FamilyRow] = []
        title = labels.data(
            "DialogTitle", self.tr("Card %1 is new: enrol the guest").replace("%1", card_number)
        )
        title.setWordWrap(True)
        bonus = labels.data("Hint", bonus_text)
        bonus.setWordWrap(True)

        layout = QVBoxLayout(self)
        # The dialog grows with the family rows instead of squeezing them.
        layout.setSizeConstraint(QLayout.SizeConstraint.SetMinimumSize)
        layout.setContentsMargins(28, 22, 28, 22)
        layout.setSpacing(12)
        layout.addWidget(title)
        layout.addWidget(bonus)
        columns = QHBoxLayout()
        columns.setSpacing(28)
        columns.addLayout(self._person_form(), 9)
        columns.addLayout(self._family_and_privacy(), 11)
        layout.addLayout(columns)
        self.error_label = labels.data("Message")
        self.error_label.setProperty("error", True)
        self.error_label.setWordWrap(True)
        layout.addWidget(self.error_label)
        self.enrol_button = widgets.named(QPushButton(self.tr("Enrol  ⏎")), "PrimaryButton")
        self.enrol_button.setDefault(True)
        self.cancel_button = widgets.named(QPushButton(self.tr("Cancel  Esc")), "SecondaryButton")
        self.cancel_button.setAutoDefault(False)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.cancel_button)
        buttons.addWidget(self.enrol_button)
        layout.addLayout(buttons)
        self._connect_signals()
        self.name_edit.setFocus()

    def _person_form(self) -> QFormLayout:
        self.name_edit = widgets.named(QLineEdit(), "NameEdit")
        self.name_edit.setMinimumWidth(290)
        self.name_edit.setPlaceholderText(self.tr("Name or nickname (required)"))
        self.name_edit.setMaxLength(60)
        self.last_name_edit = QLineEdit()
        self.last_name_edit.setMaxLength(60)
        self.phone_edit = QLineEdit()
        self.phone_edit.setPlaceholderText("05xx xxx xx xx")
        self.phone_edit.setMaxLength(20)
        self.email_edit = QLineEdit()
        self.email_edit.setMaxLength(120)
        self.birth_edit = QLineEdit()
        self.birth_edit.setPlaceholderText(self.tr("DD.MM.YYYY"))
        self.birth_edit.setMaxLength(10)
        self.gender_combo = QComboBox()
        for text, value in (
            (self.tr("—"), ""),
            (self.tr("Female"), "female"),
            (self.tr("Male"), "male"),
            (self.tr("Other"), "other"),
        ):
            self.gender_combo.addItem(text, value)
        self.city_edit = QLineEdit()
        self.city_edit.setMaxLength(60)
        self.district_edit = QLineEdit()
        self.district_edit.setMaxLength(60)
        form = QFormLayout()
        form.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.setHorizontalSpacing(12)
        form.setVerticalSpacing(8)
        for text, field in (
            (self.tr("Name *"), self.name_edit),
            (self.tr("Surname"), self.last_name_edit),
            (self.tr("Phone"), self.phone_edit),
            (self.tr("E-mail"), self.email_edit),
            (self.tr("Birth date"), self.birth_edit),
            (self.tr("Gender"), self.gender_combo),
            (self.tr("City"), self.city_edit),
            (self.tr("District"), self.district_edit),
        ):
            label = labels.data("FormLabel", text)
            label.setBuddy(field)
            # As tall as its field, so the text sits level with what is typed.
            label.setMinimumHeight(field.sizeHint().height())
            label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            form.addRow(label, field)
        return form

    def _family_and_privacy(self) -> QVBoxLayout:
        family_title = labels.data("SectionTitle", self.tr("Family (optional)"))
        self.family_box = widgets.named(QFrame(), "FamilyBox")
        self.family_box.setMinimumWidth(470)
        self.family_layout = QVBoxLayout(self.family_box)
        self.family_layout.setContentsMargins(10, 8, 10, 8)
        self.family_layout.setSpacing(6)
        self.family_hint = labels.data(
            "Hint", self.tr("Spouse and children: their birthdays can bring the family in.")
        )
        self.family_hint.setWordWrap(True)
        self.family_layout.addWidget(self.family_hint)
        self.add_family_button = widgets.named(
            QPushButton(self.tr("+ Add spouse or child")), "LinkButton"
        )
        self.add_family_button.setAutoDefault(False)
        self.family_layout.addWidget(self.add_family_button, 0, Qt.AlignmentFlag.AlignLeft)

        notice_title = labels.data(
            "SectionTitle",
            self.tr("Privacy notice (KVKK) · version %1").replace("%1", self.notice_version),
        )
        notice_title.setWordWrap(True)
        self.notice_label = labels.data(
            "Notice",
            self.tr(
                "We keep the guest's name, card and visits to run the loyalty programme, and "
                "contact details only to reach them on the channels ticked below. Consents can "
                "be withdrawn at any time at the counter; points and rewards stay."
            ),
        )
        self.notice_label.setWordWrap(True)
        consent_title = labels.data(
            "Hint", self.tr("The guest agrees to be contacted by (KVKK / İYS consent):")
        )
        consent_title.setWordWrap(True)
        self.consent_boxes = {
            "sms": QCheckBox(self.tr("SMS")),
            "email": QCheckBox(self.tr("E-mail")),
            "call": QCheckBox(self.tr("Phone call")),
            "profiling": QCheckBox(self.tr("Personalised offers (profiling)")),
        }
        consents = QGridLayout()
        consents.setHorizontalSpacing(18)
        for index, box in enumerate(self.consent_boxes.values()):
            if index < 3:
                consents.addWidget(box, 0, index)
            else:
                consents.addWidget(box, 1, 0, 1, 3)
        column = QVBoxLayout()
        column.setSpacing(8)
        column.addWidget(family_title)
        column.addWidget(self.family_box)
        column.addSpacing(6)
        column.addWidget(notice_title)
        column.addWidget(self.notice_label)
        column.addWidget(consent_title)
        column.addLayout(consents)
        column.addStretch(1)
        return column

    def _connect_signals(self) -> None:
        self.enrol_button.clicked.connect(self.accept)
        self.cancel_button.clicked.connect(self.reject)
        self.add_family_button.clicked.connect(self.on_add_family_button_clicked)

    @Slot()
    def on_add_family_button_clicked(self) -> None:
        self.add_family_member()

    def add_family_member(self) -> FamilyRow:
        """A new empty spouse/child row (up to MAX_FAMILY), focused on its first name."""
        row = FamilyRow(self.family_box)
        self.family_rows.append(row)
        self.family_layout.insertWidget(self.family_layout.count() - 1, row)
        row.show()
        self._fit_family_box()
        self.family_hint.hide()
        row.remove_button.clicked.connect(lambda: self.remove_family_member(row))
        self.add_family_button.setEnabled(len(self.family_rows) < MAX_FAMILY)
        row.name_edit.setFocus()
        return row

    def remove_family_member(self, row: FamilyRow) -> None:
        self.family_rows.remove(row)
        row.hide()
        row.deleteLater()
        self.family_hint.setVisible(not self.family_rows)
        self.add_family_button.setEnabled(True)
        self._fit_family_box()

    def _fit_family_box(self) -> None:
        # The word-wrapped labels make the layouts size by height-for-width, which lets them
        # squeeze the rows; the box asks for its rows' full height so the dialog grows instead.
        margins = self.family_layout.contentsMargins()
        shown = [self.add_family_button, *self.family_rows]
        if not self.family_rows:
            shown.append(self.family_hint)
        height = sum(w.sizeHint().height() for w in shown)
        height += self.family_layout.spacing() * (len(shown) - 1)
        self.family_box.setMinimumHeight(height + margins.top() + margins.bottom() + 4)

    def enrolment(self) -> checkout.Enrolment:
        """The form as typed; the service validates it (a wrong date gives a clear message)."""
        return checkout.Enrolment(
            first_name=self.name_edit.text(),
            last_name=self.last_name_edit.text(),
            phone=self.phone_edit.text(),
            email=self.email_edit.text(),
            birth_date=iso_date(self.birth_edit.text()),
            gender=str(self.gender_combo.currentData() or ""),
            district=self.district_edit.text(),
            city=self.city_edit.text(),
            family=tuple(
                row.member()
                for row in self.family_rows
                if row.name_edit.text().strip() or row.birth_edit.text().strip()
            ),
            consents={k: box.isChecked() for k, box in self.consent_boxes.items()},
        )

    def accept(self) -> None:
        try:
            checkout.validate(self.enrolment(), int(time.time()))
        except checkout.CheckoutError as exc:
            self.show_error(messages.reason_text(exc.reason))
            return
        super().accept()

    def show_error(self, text: str) -> None:
        self.error_label.setText(text)
