"""Voiding the last visit: why, in one tap (preset reasons) or in words (a note)."""

from __future__ import annotations

from PySide6.QtCore import Qt, Slot
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QGridLayout,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from boostdesk.ui import labels, widgets

PRESETS = ("wrong_amount", "wrong_guest", "test", "other")


class VoidDialog(QDialog):
    """Asks why the visit is voided. Enter voids (once a reason is given), Escape keeps the
    visit. The stored reason is the chosen preset's text, with the note after a colon; "Other"
    needs the note."""

    def __init__(self, amount_text: str, time_text: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("VoidDialog")
        self.setWindowTitle(self.tr("Void last visit"))
        self.setMinimumWidth(560)
        title = labels.data(
            "DialogTitle",
            self.tr("Void the visit of %1 at %2?")
            .replace("%1", amount_text)
            .replace("%2", time_text),
        )
        title.setWordWrap(True)
        hint = labels.data(
            "Hint", self.tr("Its points are taken back and a voucher it used becomes usable again.")
        )
        hint.setWordWrap(True)
        self.preset_texts = {
            "wrong_amount": self.tr("Wrong amount"),
            "wrong_guest": self.tr("Wrong guest"),
            "test": self.tr("Test"),
            "other": self.tr("Other"),
        }
        self.presets = QButtonGroup(self)
        self.presets.setExclusive(True)
        self.preset_buttons: dict[str, QPushButton] = {}
        grid = QGridLayout()
        grid.setSpacing(10)
        for index, key in enumerate(PRESETS):
            button = widgets.named(
                QPushButton(f"{index + 1}  {self.preset_texts[key]}"), "ChoiceButton"
            )
            button.setCheckable(True)
            button.setAutoDefault(False)
            self.presets.addButton(button, index)
            self.preset_buttons[key] = button
            grid.addWidget(button, index // 2, index % 2)
        self.note_edit = widgets.named(QLineEdit(), "NoteEdit")
        self.note_edit.setMaxLength(150)
        self.note_edit.setPlaceholderText(self.tr("Note (needed for “Other”)"))
        self.error_label = labels.data("Message")
        self.error_label.setProperty("error", True)
        self.error_label.setWordWrap(True)
        self.void_button = widgets.named(QPushButton(self.tr("Void visit")), "DangerButton")
        self.void_button.setDefault(True)
        self.keep_button = widgets.named(QPushButton(self.tr("Keep the visit")), "SecondaryButton")
        self.keep_button.setAutoDefault(False)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.keep_button)
        buttons.addWidget(self.void_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(28, 24, 28, 24)
        layout.setSpacing(14)
        layout.addWidget(title)
        layout.addWidget(hint)
        layout.addLayout(grid)
        layout.addWidget(self.note_edit)
        layout.addWidget(self.error_label)
        layout.addLayout(buttons)
        self._connect_signals()
        # Keys 1-4 pick a reason from here; typing into the note needs a click or Tab.
        self.void_button.setFocus()

    def _connect_signals(self) -> None:
        self.void_button.clicked.connect(self.accept)
        self.keep_button.clicked.connect(self.reject)
        self.presets.idClicked.connect(self.on_presets_id_clicked)

    @Slot(int)
    def on_presets_id_clicked(self, index: int) -> None:
        self.error_label.clear()
        # Typing goes on into the note: a tap on a reason never steals the keyboard.
        self.note_edit.setFocus(Qt.FocusReason.OtherFocusReason)
        if PRESETS[index] == "other":
            self.note_edit.setPlaceholderText(self.tr("What happened? (needed)"))

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 (Qt override)
        # Keys 1-4 pick a reason when the note field is not taking the typing (a line edit
        # keeps its digits; a button passes them up to the dialog).
        digit = event.text()
        if len(digit) == 1 and "1" <= digit <= str(len(PRESETS)):
            button = self.presets.button(int(digit) - 1)
            button.setChecked(True)
            self.on_presets_id_clicked(int(digit) - 1)
            return
        super().keyPressEvent(event)

    def preset(self) -> str | None:
        index = self.presets.checkedId()
        return PRESETS[index] if index >= 0 else None

    def reason(self) -> str:
        """The reason as stored with the voided visit, e.g. ``Wrong amount: 1250 for 125``."""
        key = self.preset()
        note = " ".join(self.note_edit.text().split())
        if key is None or key == "other":
            return note
        text = self.preset_texts[key]
        return f"{text}: {note}" if note else text

    def accept(self) -> None:
        key = self.preset()
        if key is None and not self.note_edit.text().strip():
            self.error_label.setText(self.tr("Pick a reason, or type one."))
            return
        if key == "other" and not self.note_edit.text().strip():
            self.error_label.setText(self.tr("Say in a few words what happened."))
            self.note_edit.setFocus()
            return
        super().accept()
