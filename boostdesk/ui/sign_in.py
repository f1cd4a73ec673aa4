"""The PIN pad a user signs in with: at the till (any user) and in front of the back office."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtWidgets import QLabel, QLineEdit, QPushButton, QVBoxLayout, QWidget

from boostdesk.services import users
from boostdesk.ui import labels


class SignInGate(QWidget):
    """A title, a hint, a PIN field and a button; emits ``pin_entered`` and shows the verdict."""

    pin_entered = Signal(str)

    def __init__(self, title: str, hint: str, button: str, object_name: str) -> None:
        super().__init__(objectName=object_name)
        self.title = QLabel(title, objectName="GateTitle")
        self.hint = QLabel(hint, objectName="Prompt")
        self.pin_edit = QLineEdit(objectName="PinEdit")
        self.pin_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.pin_edit.setMaxLength(12)
        self.pin_edit.setPlaceholderText(self.tr("PIN"))
        self.pin_edit.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.pin_edit.setInputMethodHints(Qt.InputMethodHint.ImhDigitsOnly)
        self.button = QPushButton(button, objectName="PrimaryButton")
        self.message = labels.data("Message")
        self.message.setProperty("error", True)
        self.message.setWordWrap(True)
        box = QVBoxLayout()
        for widget in (self.title, self.hint, self.pin_edit, self.button, self.message):
            box.addWidget(widget, 0, Qt.AlignmentFlag.AlignHCenter)
        self.pin_edit.setFixedWidth(260)
        self.button.setFixedWidth(260)
        layout = QVBoxLayout(self)
        layout.addStretch(1)
        layout.addLayout(box)
        layout.addStretch(2)
        self._connect_signals()

    def _connect_signals(self) -> None:
        self.pin_edit.returnPressed.connect(self.on_button_clicked)
        self.button.clicked.connect(self.on_button_clicked)

    @Slot()
    def on_button_clicked(self) -> None:
        pin = self.pin_edit.text()
        self.pin_edit.clear()
        if not pin:
            return
        self.button.setEnabled(False)
        self.pin_entered.emit(pin)

    def reset(self) -> None:
        self.button.setEnabled(True)
        self.message.clear()
        self.pin_edit.setFocus(Qt.FocusReason.OtherFocusReason)

    def show_failure(self, exc: Exception) -> None:
        """Say why the PIN was refused (never which account it almost matched)."""
        self.button.setEnabled(True)
        if isinstance(exc, users.AuthError) and exc.reason == "locked":
            minutes = max(1, (exc.retry_after + 59) // 60)
            self.message.setText(
                self.tr("Too many wrong PINs. Try again in %n minute(s).", "", minutes)
            )
        elif isinstance(exc, users.AuthError):
            self.message.setText(self.tr("Wrong PIN."))
        else:
            self.message.setText(self.tr("Could not check the PIN: %1").replace("%1", str(exc)))
        self.pin_edit.setFocus(Qt.FocusReason.OtherFocusReason)
