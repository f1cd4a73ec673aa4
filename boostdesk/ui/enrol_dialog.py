"""Enrol an unknown card on the spot: a name or nickname is enough, the rest is optional."""

from __future__ import annotations

import time

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from boostdesk.services import checkout
from boostdesk.ui import messages


class EnrolDialog(QDialog):
    def __init__(self, card_number: str, bonus_text: str, parent: QWidget | None = None) -> None:
        super().__init__(parent, objectName="EnrolDialog")
        self.setWindowTitle(self.tr("New guest"))
        self.setMinimumWidth(520)
        self.card_number = card_number
        title = QLabel(self.tr("Card %1 is new: enrol the guest").replace("%1", card_number))
        title.setObjectName("DialogTitle")
        title.setWordWrap(True)
        bonus = QLabel(bonus_text, objectName="Hint")
        bonus.setWordWrap(True)
        self.name_edit = QLineEdit(objectName="NameEdit")
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
        self.district_edit = QLineEdit()
        self.district_edit.setMaxLength(60)
        self.consent_boxes = {
            "sms": QCheckBox(self.tr("SMS")),
            "email": QCheckBox(self.tr("E-mail")),
            "call": QCheckBox(self.tr("Phone call")),
            "profiling": QCheckBox(self.tr("Personalised offers (profiling)")),
        }
        form = QFormLayout()
        form.setLabelAlignment(Qt.AlignmentFlag.AlignRight)
        form.addRow(self.tr("Name"), self.name_edit)
        form.addRow(self.tr("Surname"), self.last_name_edit)
        form.addRow(self.tr("Phone"), self.phone_edit)
        form.addRow(self.tr("E-mail"), self.email_edit)
        form.addRow(self.tr("Birth date"), self.birth_edit)
        form.addRow(self.tr("Gender"), self.gender_combo)
        form.addRow(self.tr("District"), self.district_edit)
        consent_title = QLabel(
            self.tr("The guest agrees to be contacted by (KVKK / İYS consent):"), objectName="Hint"
        )
        consent_title.setWordWrap(True)
        self.error_label = QLabel(objectName="Message")
        self.error_label.setProperty("error", True)
        self.error_label.setWordWrap(True)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Enrol"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addWidget(bonus)
        layout.addLayout(form)
        layout.addWidget(consent_title)
        for box in self.consent_boxes.values():
            layout.addWidget(box)
        layout.addWidget(self.error_label)
        layout.addWidget(buttons)
        self.name_edit.setFocus()

    def enrolment(self) -> checkout.Enrolment:
        """The form as typed; the service validates it (a wrong date gives a clear message)."""
        birth = self.birth_edit.text().strip()
        parts = birth.replace("/", ".").replace("-", ".").split(".")
        if len(parts) == 3 and all(p.isdigit() for p in parts) and len(parts[2]) == 4:
            birth = f"{parts[2]}-{int(parts[1]):02d}-{int(parts[0]):02d}"
        return checkout.Enrolment(
            first_name=self.name_edit.text(),
            last_name=self.last_name_edit.text(),
            phone=self.phone_edit.text(),
            email=self.email_edit.text(),
            birth_date=birth,
            gender=str(self.gender_combo.currentData() or ""),
            district=self.district_edit.text(),
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
