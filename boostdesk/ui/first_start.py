"""First start without data: open the demo venue, or set up my venue."""

from __future__ import annotations

from PySide6.QtCore import Qt, Slot
from PySide6.QtWidgets import (
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from boostdesk.services import ops, setup
from boostdesk.services import venue as venue_service
from boostdesk.ui import task_runner


class FirstStartDialog(QDialog):
    """Result: ``DEMO`` (the caller opens the demo venue) or ``SET_UP`` (this venue is ready)."""

    DEMO = 2
    SET_UP = 3

    def __init__(
        self,
        opened: venue_service.Venue,
        runner: task_runner.TaskRunner,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent, objectName="FirstStart")
        self.venue = opened
        self.runner = runner
        self.setWindowTitle(self.tr("Welcome to BoostDesk"))
        self.setMinimumWidth(560)

        self.pages = QStackedWidget()
        choose = QWidget()
        title = QLabel(self.tr("Welcome to BoostDesk"), objectName="GateTitle")
        text = QLabel(
            self.tr(
                "There is no venue in this data folder yet. Try BoostDesk on a demo café full "
                "of guests, or set up your own venue."
            ),
            objectName="Prompt",
        )
        text.setWordWrap(True)
        self.demo_button = QPushButton(self.tr("Open the demo venue"), objectName="PrimaryButton")
        self.setup_button = QPushButton(self.tr("Set up my venue"), objectName="SecondaryButton")
        box = QVBoxLayout(choose)
        box.addWidget(title)
        box.addWidget(text)
        box.addSpacing(12)
        box.addWidget(self.demo_button)
        box.addWidget(self.setup_button)

        form_page = QWidget()
        self.name_edit = QLineEdit()
        self.name_edit.setPlaceholderText(self.tr("e.g. Kahve Durağı"))
        self.owner_pin = self._pin_edit()
        self.owner_pin_again = self._pin_edit()
        self.cashier_pin = self._pin_edit()
        form = QFormLayout()
        form.addRow(self.tr("Venue name"), self.name_edit)
        form.addRow(self.tr("Owner PIN"), self.owner_pin)
        form.addRow(self.tr("Owner PIN again"), self.owner_pin_again)
        form.addRow(self.tr("Cashier PIN"), self.cashier_pin)
        self.error_label = QLabel(objectName="Message")
        self.error_label.setProperty("error", True)
        self.error_label.setWordWrap(True)
        self.back_button = QPushButton(self.tr("Back"), objectName="SecondaryButton")
        self.create_button = QPushButton(self.tr("Create venue"), objectName="PrimaryButton")
        buttons = QHBoxLayout()
        buttons.addWidget(self.back_button)
        buttons.addStretch(1)
        buttons.addWidget(self.create_button)
        form_box = QVBoxLayout(form_page)
        form_box.addWidget(QLabel(self.tr("Set up my venue"), objectName="PageTitle"))
        form_box.addWidget(
            QLabel(self.tr("PINs have 4 to 12 digits. The owner PIN opens the back office."))
        )
        form_box.addLayout(form)
        form_box.addWidget(self.error_label)
        form_box.addLayout(buttons)

        self.pages.addWidget(choose)
        self.pages.addWidget(form_page)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(28, 28, 28, 28)
        layout.addWidget(self.pages)
        self._connect_signals()

    def _pin_edit(self) -> QLineEdit:
        edit = QLineEdit()
        edit.setEchoMode(QLineEdit.EchoMode.Password)
        edit.setMaxLength(12)
        edit.setInputMethodHints(Qt.InputMethodHint.ImhDigitsOnly)
        return edit

    def _connect_signals(self) -> None:
        self.demo_button.clicked.connect(self.on_demo_clicked)
        self.setup_button.clicked.connect(self.on_setup_clicked)
        self.back_button.clicked.connect(self.on_back_clicked)
        self.create_button.clicked.connect(self.on_create_clicked)

    @Slot()
    def on_demo_clicked(self) -> None:
        self.done(self.DEMO)

    @Slot()
    def on_setup_clicked(self) -> None:
        self.pages.setCurrentIndex(1)
        self.name_edit.setFocus()

    @Slot()
    def on_back_clicked(self) -> None:
        self.pages.setCurrentIndex(0)

    @Slot()
    def on_create_clicked(self) -> None:
        if self.owner_pin.text() != self.owner_pin_again.text():
            self.error_label.setText(self.tr("The two owner PINs differ."))
            return
        self.create_button.setEnabled(False)
        self.error_label.clear()
        # Two slow PIN hashes: on the worker, so the dialog keeps painting.
        self.runner.run(
            task_runner.Op(
                setup.set_up_venue,
                self.venue,
                name=self.name_edit.text(),
                owner_pin=self.owner_pin.text(),
                cashier_pin=self.cashier_pin.text(),
            )
            .with_progress(self.tr("Creating the venue…"))
            .on_success(self.on_venue_set_up)
            .on_failure(self.on_setup_failed)
        )

    def on_venue_set_up(self, changes: ops.Changes) -> None:
        self.done(self.SET_UP)

    def on_setup_failed(self, exc: Exception) -> None:
        self.create_button.setEnabled(True)
        if isinstance(exc, setup.SetupError):
            self.error_label.setText(self._error_text(exc.field))
        else:
            self.error_label.setText(
                self.tr("The venue could not be created: %1").replace("%1", str(exc))
            )

    def _error_text(self, field: str) -> str:
        return {
            "name": self.tr("Give the venue a name."),
            "owner_pin": self.tr("The owner PIN must have 4 to 12 digits."),
            "cashier_pin": self.tr(
                "The cashier PIN must have 4 to 12 digits and differ from the owner PIN."
            ),
        }.get(field, field)
