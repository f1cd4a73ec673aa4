"""Users: who may sign in, with which role, and their state (active, disabled, locked out).

The owner adds users, disables and enables them, gives a new PIN and clears a lockout; each is
an owner operation in ``services/users.py`` (the role is checked there too). Since sign-in is by
PIN alone, every active user has a PIN of their own: the services refuse a PIN in use.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt, Slot
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from boostdesk.domain import pins
from boostdesk.services import ops
from boostdesk.services import users as users_service
from boostdesk.ui import formatting, labels, messages, table_models, task_runner, widgets
from boostdesk.ui.backoffice import parts, section


def refusal_text(error: Exception) -> str:
    """What the owner reads when a user change is refused."""
    texts = {
        "name_missing": QCoreApplication.translate("users", "Type the user's name."),
        "name_taken": QCoreApplication.translate("users", "There is already a user of that name."),
        "pin_invalid": QCoreApplication.translate("users", "A PIN has 4 to 12 digits."),
        "pin_taken": QCoreApplication.translate(
            "users", "Another user has this PIN; choose a different one."
        ),
        "last_owner": QCoreApplication.translate(
            "users", "The last active owner cannot be disabled: add another owner first."
        ),
        "user_unknown": QCoreApplication.translate("users", "This user no longer exists."),
    }
    reason = getattr(error, "reason", None)
    if isinstance(error, users_service.UserError) and reason in texts:
        return texts[reason]
    return messages.error_text(error)


class UserDialog(QDialog):
    """A name and role (for a new user) and a PIN typed twice; OK only when both match."""

    def __init__(self, title: str, parent: QWidget | None = None, *, new_user: bool) -> None:
        super().__init__(parent)
        self.setObjectName("UserDialog")
        self.setWindowTitle(title)
        self.setMinimumWidth(440)
        self.new_user = new_user
        self.name_edit = widgets.named(QLineEdit(), "UserName")
        self.name_edit.setMaxLength(40)
        self.role_box = QComboBox(objectName="UserRole")
        self.role_box.addItem(self.tr("Cashier"), ops.Role.CASHIER)
        self.role_box.addItem(self.tr("Owner"), ops.Role.OWNER)
        self.pin_edit = self._pin_field("UserPin")
        self.pin_again = self._pin_field("UserPinAgain")
        self.message = labels.data("Message")
        self.message.setWordWrap(True)
        self._pin = ""
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        form = QFormLayout()
        form.setSpacing(10)
        if new_user:
            parts.form_row(form, self.tr("Name"), self.name_edit)
            parts.form_row(form, self.tr("Role"), self.role_box)
        parts.form_row(form, self.tr("PIN (4–12 digits)"), self.pin_edit)
        parts.form_row(form, self.tr("PIN again"), self.pin_again)
        box = QVBoxLayout(self)
        box.addWidget(labels.data("DialogTitle", title))
        box.addLayout(form)
        box.addWidget(self.message)
        box.addWidget(self.buttons)
        self.buttons.accepted.connect(self.on_buttons_accepted)
        self.buttons.rejected.connect(self.reject)
        (self.name_edit if new_user else self.pin_edit).setFocus()

    def _pin_field(self, name: str) -> QLineEdit:
        edit = widgets.named(QLineEdit(), name)
        edit.setEchoMode(QLineEdit.EchoMode.Password)
        edit.setMaxLength(pins.MAX_LENGTH)
        edit.setInputMethodHints(Qt.InputMethodHint.ImhDigitsOnly)
        return edit

    def problem(self) -> str:
        """Why OK cannot be taken yet, or ""."""
        pin = self.pin_edit.text()
        if self.new_user and not self.name_edit.text().strip():
            return self.tr("Type the user's name.")
        try:
            pins.validate(pin)
        except pins.PinError:
            return self.tr("A PIN has 4 to 12 digits.")
        if pin != self.pin_again.text():
            return self.tr("The two PINs differ; type the same PIN twice.")
        return ""

    @Slot()
    def on_buttons_accepted(self) -> None:
        problem = self.problem()
        if problem:
            parts.show_status(self.message, problem, error=True)
            return
        self._pin = self.pin_edit.text()
        self.accept()

    def name(self) -> str:
        return self.name_edit.text()

    def role(self) -> ops.Role:
        role = self.role_box.currentData()
        return role if isinstance(role, ops.Role) else ops.Role.CASHIER

    def pin(self) -> str:
        """The PIN accepted (read once by the accepted handler, then forgotten)."""
        pin, self._pin = self._pin, ""
        return pin

    def done(self, result: int) -> None:
        # Typed PINs do not stay in the fields of a closed dialog.
        self.pin_edit.clear()
        self.pin_again.clear()
        super().done(result)


class UsersSection(section.Section):
    key = "users"

    def __init__(self, context: section.Context) -> None:
        super().__init__(context)
        self.users: dict[int, users_service.UserInfo] = {}
        self.dialog: UserDialog | None = None
        self.model = table_models.TextRowsModel(
            [self.tr("Name"), self.tr("Role"), self.tr("State")]
        )
        self.table = QTableView(objectName="UsersTable")
        self.table.setModel(self.model)
        parts.table(self.table)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Fixed)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        header.resizeSection(1, 160)

        self.add_button = widgets.named(QPushButton(self.tr("Add user…")), "PrimaryButton")
        self.pin_button = widgets.named(QPushButton(self.tr("New PIN…")), "SecondaryButton")
        self.active_button = widgets.named(QPushButton(self.tr("Disable")), "SecondaryButton")
        self.unlock_button = widgets.named(QPushButton(self.tr("Clear lockout")), "SecondaryButton")
        self.status = parts.status_line()

        layout = parts.page(
            self,
            self.tr("Users"),
            self.tr(
                "Everyone who signs in at the till or in the back office. Sign-in is by PIN "
                "alone, so every active user has a PIN of their own. Five wrong PINs lock a "
                "user out for five minutes; you can clear that here."
            ),
        )
        row = QHBoxLayout()
        row.setSpacing(18)
        row.addWidget(self.table, 1)
        side = QVBoxLayout()
        side.setSpacing(10)
        for button in (self.add_button, self.pin_button, self.active_button, self.unlock_button):
            button.setMinimumWidth(210)
            side.addWidget(button)
        side.addStretch(1)
        row.addLayout(side)
        layout.addLayout(row, 1)
        layout.addWidget(self.status)
        self._connect_signals()
        self.update_buttons()

    def _connect_signals(self) -> None:
        self.add_button.clicked.connect(self.on_add_button_clicked)
        self.pin_button.clicked.connect(self.on_pin_button_clicked)
        self.active_button.clicked.connect(self.on_active_button_clicked)
        self.unlock_button.clicked.connect(self.on_unlock_button_clicked)
        self.table.selectionModel().selectionChanged.connect(self.update_buttons)

    # -- loading ---------------------------------------------------------------------------------

    def on_shown(self) -> None:
        users = self.context.venue.users
        self.context.runner.run(
            task_runner.Op(users.listed, self.context.actor)
            .on_success(self.on_users_loaded)
            .on_failure(self.on_failed)
        )

    def on_changes(self, changes: ops.Changes) -> None:
        if changes.users and self.isVisible():
            self.on_shown()

    def role_text(self, role: ops.Role) -> str:
        return self.tr("Owner") if role is ops.Role.OWNER else self.tr("Cashier")

    def state_text(self, user: users_service.UserInfo) -> str:
        if not user.active:
            return self.tr("Disabled")
        if user.locked_until is not None:
            until = formatting.local_time(user.locked_until, self.context.timezone)
            return self.tr("Locked out until %1").replace("%1", until)
        return self.tr("Active")

    def on_users_loaded(self, listed: list[users_service.UserInfo]) -> None:
        chosen = self.selected()
        self.users = {user.id: user for user in listed}
        you = self.context.actor_of()
        rows = []
        for user in listed:
            name = user.name
            if you is not None and you.user_id == user.id:
                name = self.tr("%1 (you)").replace("%1", user.name)
            rows.append((name, self.role_text(user.role), self.state_text(user)))
        self.model.set_texts(
            rows, keys=[u.id for u in listed], muted=[u.id for u in listed if not u.active]
        )
        if chosen is not None and chosen.id in self.users:
            self.table.selectRow(self.model.row_of(chosen.id))
        self.update_buttons()

    def selected(self) -> users_service.UserInfo | None:
        rows = self.table.selectionModel().selectedRows()
        if not rows:
            return None
        return self.users.get(int(self.model.key(rows[0].row())))

    @Slot()
    def update_buttons(self) -> None:
        user = self.selected()
        self.pin_button.setEnabled(user is not None and user.active)
        self.active_button.setEnabled(user is not None)
        self.active_button.setText(
            self.tr("Enable…") if user is not None and not user.active else self.tr("Disable")
        )
        self.unlock_button.setEnabled(user is not None and user.locked_until is not None)

    # -- operations ------------------------------------------------------------------------------

    def _submit(self, op: task_runner.Op, done: str) -> None:
        self.context.runner.run(
            op.on_success(lambda _result: parts.show_status(self.status, done)).on_failure(
                self.on_failed
            )
        )

    def on_failed(self, error: Exception) -> None:
        parts.show_status(self.status, refusal_text(error), error=True)

    def _open_dialog(self, title: str, *, new_user: bool, accepted: object) -> None:
        dialog = UserDialog(title, self, new_user=new_user)
        dialog.accepted.connect(accepted)
        self.dialog = dialog
        dialog.open()

    @Slot()
    def on_add_button_clicked(self) -> None:
        self._open_dialog(self.tr("Add a user"), new_user=True, accepted=self.on_add_accepted)

    def on_add_accepted(self) -> None:
        dialog = self.dialog
        assert dialog is not None
        name, role, pin = dialog.name(), dialog.role(), dialog.pin()
        users = self.context.venue.users
        self._submit(
            task_runner.Op(users.create, self.context.actor, name, role, pin),
            self.tr("%1 was added; they sign in with their PIN.").replace("%1", name.strip()),
        )

    @Slot()
    def on_pin_button_clicked(self) -> None:
        user = self.selected()
        if user is None:
            return
        self._open_dialog(
            self.tr("New PIN for %1").replace("%1", user.name),
            new_user=False,
            accepted=lambda: self.on_pin_accepted(user),
        )

    def on_pin_accepted(self, user: users_service.UserInfo) -> None:
        assert self.dialog is not None
        self._submit(
            task_runner.Op(
                self.context.venue.users.reset_pin, self.context.actor, user.id, self.dialog.pin()
            ),
            self.tr("%1 has a new PIN; the old one no longer works.").replace("%1", user.name),
        )

    @Slot()
    def on_active_button_clicked(self) -> None:
        user = self.selected()
        if user is None:
            return
        if user.active:
            self._submit(
                task_runner.Op(self.context.venue.users.deactivate, self.context.actor, user.id),
                self.tr("%1 can no longer sign in.").replace("%1", user.name),
            )
            return
        # Back with a new PIN: the old one may belong to someone else by now.
        self._open_dialog(
            self.tr("Enable %1 with a new PIN").replace("%1", user.name),
            new_user=False,
            accepted=lambda: self.on_enable_accepted(user),
        )

    def on_enable_accepted(self, user: users_service.UserInfo) -> None:
        assert self.dialog is not None
        self._submit(
            task_runner.Op(
                self.context.venue.users.activate, self.context.actor, user.id, self.dialog.pin()
            ),
            self.tr("%1 can sign in again with the new PIN.").replace("%1", user.name),
        )

    @Slot()
    def on_unlock_button_clicked(self) -> None:
        user = self.selected()
        if user is None:
            return
        self._submit(
            task_runner.Op(self.context.venue.users.reset_lock, self.context.actor, user.id),
            self.tr("%1 may try their PIN again.").replace("%1", user.name),
        )

    def on_locked(self) -> None:
        if self.dialog is not None:
            self.dialog.reject()
        self.model.set_texts([])
        self.users.clear()
        parts.show_status(self.status, "")
