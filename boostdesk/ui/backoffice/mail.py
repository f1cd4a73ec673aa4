"""E-mail: the SMTP server the outbox sends through, a test message, and sending the queue now.

The settings are saved as one owner operation (``SmtpService.configure``: one transaction,
audited with the keys changed). The password is kept outside the database (a private file in the
data folder) and never shown back: the field stays empty and says whether one is saved; typing
replaces it. The test message goes to the server as the form shows it, before saving (a typed
password is used for it), so the owner can try settings; it runs on the task runner and a
failure says what to fix, in the owner's language.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication, Qt, Slot
from PySide6.QtWidgets import (
    QCheckBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from boostdesk.services import outbox, smtp
from boostdesk.ui import formatting, labels, messages, task_runner, widgets
from boostdesk.ui.backoffice import parts, section


def reason_text(reason: str) -> str:
    """A :data:`smtp.REASONS` entry in the owner's words (what to check)."""
    translate = QCoreApplication.translate
    if reason == "unreachable":
        return translate(
            "email", "The e-mail server cannot be reached: check the server address and port."
        )
    if reason == "timeout":
        return translate("email", "The e-mail server stopped answering. Try again later.")
    if reason == "dropped":
        return translate("email", "The e-mail server closed the connection. Try again later.")
    if reason == "starttls":
        return translate(
            "email",
            "The e-mail server offers no secure connection (STARTTLS): check the port, "
            "or ask the provider.",
        )
    if reason == "certificate":
        return translate(
            "email",
            "The e-mail server's certificate is not trusted: check the server address, or "
            "choose the certificate your provider gave you.",
        )
    if reason == "auth":
        return translate("email", "The e-mail server refused the user name or password.")
    if reason == "auth_unsupported":
        return translate("email", "The e-mail server offers no sign-in: leave the user name empty.")
    if reason == "refused":
        return translate(
            "email", "The e-mail server refused the message: check the sender address."
        )
    return translate("email", "The e-mail could not be sent.")


def failure_text(error: Exception) -> str:
    if isinstance(error, smtp.SmtpError):
        return reason_text(error.reason)
    if isinstance(error, ValueError) and str(error) in ("host", "port", "sender"):
        return {
            "host": QCoreApplication.translate("email", "Type the e-mail server's address."),
            "port": QCoreApplication.translate("email", "The port is a number up to 65535."),
            "sender": QCoreApplication.translate(
                "email", "The sender address is not an e-mail address."
            ),
        }[str(error)]
    if isinstance(error, outbox.OutboxError):
        return QCoreApplication.translate("email", "Save the e-mail server first.")
    return messages.error_text(error)


class EmailSection(section.Section):
    key = "email"

    def __init__(self, context: section.Context) -> None:
        super().__init__(context)
        venue = context.venue
        self.service = smtp.SmtpService(venue.store, venue.settings, venue.data_dir)
        self.has_password = False

        self.host_edit = QLineEdit(objectName="SmtpHost")
        self.host_edit.setPlaceholderText(self.tr("e.g. smtp.gmail.com"))
        self.port_spin = QSpinBox(objectName="SmtpPort")
        self.port_spin.setRange(1, 65_535)
        self.port_spin.setValue(587)
        self.starttls_box = QCheckBox(self.tr("Secure connection (STARTTLS)"), objectName="Tls")
        self.starttls_box.setChecked(True)
        self.user_edit = QLineEdit(objectName="SmtpUser")
        self.password_edit = QLineEdit(objectName="SmtpPassword")
        self.password_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.sender_edit = QLineEdit(objectName="SmtpSender")
        self.sender_edit.setPlaceholderText(self.tr("e.g. kafe@example.com"))
        self.ca_edit = QLineEdit(objectName="SmtpCaFile")
        self.ca_edit.setPlaceholderText(self.tr("optional"))
        self.ca_button = widgets.named(QPushButton(self.tr("Choose…")), "CompactButton")
        parts.fit_text(self.ca_button)
        self.save_button = widgets.named(QPushButton(self.tr("Save settings")), "PrimaryButton")
        self.revert_button = widgets.named(QPushButton(self.tr("Undo edits")), "SecondaryButton")
        self.status = parts.status_line()

        self.test_edit = QLineEdit(objectName="TestAddress")
        self.test_edit.setPlaceholderText(self.tr("your own address"))
        self.test_button = widgets.named(
            QPushButton(self.tr("Send test message")), "SecondaryButton"
        )
        parts.fit_text(self.test_button)
        self.test_status = parts.status_line()
        self.queue_label = labels.data("Hint", "")
        self.queue_label.setWordWrap(True)
        self.send_button = widgets.named(
            QPushButton(self.tr("Send queued e-mails now")), "SecondaryButton"
        )
        parts.fit_text(self.send_button)
        self.send_status = parts.status_line()
        self._build()
        self._connect_signals()

    def _build(self) -> None:
        self.status.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        layout = parts.page(
            self,
            self.tr("E-mail"),
            self.tr(
                "Scenario messages to guests who agreed to e-mail go out through your e-mail "
                "provider's server. Until it is set up they wait in the outbox."
            ),
            actions=(self.status, self.revert_button, self.save_button),
        )
        server_card, server_box = parts.card(self.tr("E-mail server"))
        form = QFormLayout()
        form.setSpacing(8)
        parts.form_row(form, self.tr("Server address"), self.host_edit)
        parts.form_row(form, self.tr("Port"), self.port_spin)
        form.addRow("", self.starttls_box)
        parts.form_row(form, self.tr("User name"), self.user_edit)
        parts.form_row(form, self.tr("Password"), self.password_edit)
        parts.form_row(form, self.tr("Sender address"), self.sender_edit)
        ca_field = QWidget()
        ca_row = QHBoxLayout(ca_field)
        ca_row.setContentsMargins(0, 0, 0, 0)
        ca_row.setSpacing(6)
        ca_row.addWidget(self.ca_edit, 1)
        ca_row.addWidget(self.ca_button)
        parts.form_row(form, self.tr("Trusted certificate"), ca_field)
        server_box.addLayout(form)
        hint = labels.data(
            "Hint",
            self.tr(
                "The password is kept on this computer, outside the database and its backups, "
                "and is never shown again. Choose a certificate only if your provider gave you "
                "one for its own server."
            ),
        )
        hint.setWordWrap(True)
        server_box.addWidget(hint)

        test_card, test_box = parts.card(self.tr("Try it"))
        test_hint = labels.data(
            "Hint",
            self.tr("Sends one short message with the settings as the form shows them."),
        )
        test_hint.setWordWrap(True)
        test_box.addWidget(test_hint)
        test_row = QHBoxLayout()
        test_row.addWidget(self.test_edit, 1)
        test_row.addWidget(self.test_button)
        test_box.addLayout(test_row)
        test_box.addWidget(self.test_status)

        queue_card, queue_box = parts.card(self.tr("Outbox"))
        auto_hint = labels.data(
            "Hint",
            self.tr(
                "While BoostDesk is open, queued e-mails go out by themselves every few "
                "minutes; if the server cannot be reached, it tries again later."
            ),
        )
        auto_hint.setWordWrap(True)
        queue_box.addWidget(auto_hint)
        queue_box.addWidget(self.queue_label)
        send_row = QHBoxLayout()
        send_row.addStretch(1)
        send_row.addWidget(self.send_button)
        queue_box.addLayout(send_row)
        queue_box.addWidget(self.send_status)

        right = QVBoxLayout()
        right.setSpacing(14)
        right.addWidget(test_card)
        right.addWidget(queue_card)
        right.addStretch(1)
        columns = QHBoxLayout()
        columns.setSpacing(18)
        left = QVBoxLayout()
        left.addWidget(server_card)
        left.addStretch(1)
        columns.addLayout(left, 1)
        columns.addLayout(right, 1)
        layout.addLayout(columns, 1)

    def _connect_signals(self) -> None:
        self.save_button.clicked.connect(self.on_save_button_clicked)
        self.revert_button.clicked.connect(self.on_revert_button_clicked)
        self.ca_button.clicked.connect(self.on_ca_button_clicked)
        self.test_button.clicked.connect(self.on_test_button_clicked)
        self.send_button.clicked.connect(self.on_send_button_clicked)

    # -- loading ---------------------------------------------------------------------------------

    def on_shown(self) -> None:
        venue = self.context.venue

        def load() -> tuple[smtp.SmtpServer | None, bool, dict[str, int]]:
            counts = outbox.OutboxService(venue.store, venue.settings, venue.data_dir).counts(
                "email"
            )
            return self.service.server(), self.service.has_password(), counts

        self.context.runner.submit(load, self.on_loaded)

    def on_loaded(self, loaded: tuple[smtp.SmtpServer | None, bool, dict[str, int]]) -> None:
        server, has_password, counts = loaded
        server = server or smtp.SmtpServer("", starttls=True)
        self.host_edit.setText(server.host)
        self.port_spin.setValue(server.port)
        self.starttls_box.setChecked(server.starttls)
        self.user_edit.setText(server.user)
        self.sender_edit.setText(server.sender)
        self.ca_edit.setText(server.ca_file)
        self.has_password = has_password
        self.password_edit.clear()
        self.password_edit.setPlaceholderText(
            self.tr("saved — type to replace it") if has_password else self.tr("none saved")
        )
        self.show_counts(counts)

    def show_counts(self, counts: dict[str, int]) -> None:
        queued, sent = counts.get("queued", 0), counts.get("sent", 0)
        if not any(counts.values()):
            text = self.tr("No message has been queued yet.")
        else:
            text = self.tr("Waiting: %1 · sent: %2 · failed: %3").replace(
                "%1", formatting.number(queued)
            )
            text = text.replace("%2", formatting.number(sent))
            text = text.replace("%3", formatting.number(counts.get("failed", 0)))
        self.queue_label.setText(text)

    def on_locked(self) -> None:
        self.password_edit.clear()

    # -- the form --------------------------------------------------------------------------------

    def form_server(self) -> smtp.SmtpServer:
        return smtp.SmtpServer(
            host=self.host_edit.text().strip(),
            port=self.port_spin.value(),
            starttls=self.starttls_box.isChecked(),
            user=self.user_edit.text().strip(),
            sender=self.sender_edit.text().strip(),
            ca_file=self.ca_edit.text().strip(),
            timeout_s=10.0,
        )

    @Slot()
    def on_ca_button_clicked(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self, self.tr("Certificate"), "", self.tr("Certificates (*.pem *.crt *.cer)")
        )
        if path:
            self.ca_edit.setText(path)

    @Slot()
    def on_revert_button_clicked(self) -> None:
        parts.show_status(self.status, "")
        self.on_shown()

    @Slot()
    def on_save_button_clicked(self) -> None:
        server = self.form_server()
        try:
            server.validate()
        except ValueError as exc:
            parts.show_status(self.status, failure_text(exc), error=True)
            return
        password = self.password_edit.text() or None
        self.save_button.setEnabled(False)
        self.context.runner.run(
            task_runner.Op(self.service.configure, self.context.actor, server, password)
            .on_success(self.on_saved)
            .on_failure(self.on_save_failed)
        )

    def on_saved(self, _changes: Any) -> None:
        self.save_button.setEnabled(True)
        parts.show_status(self.status, self.tr("Saved."))
        self.on_shown()

    def on_save_failed(self, error: Exception) -> None:
        self.save_button.setEnabled(True)
        parts.show_status(self.status, failure_text(error), error=True)

    # -- test and send ---------------------------------------------------------------------------

    @Slot()
    def on_test_button_clicked(self) -> None:
        to = self.test_edit.text().strip()
        server = self.form_server()
        if "@" not in to:
            parts.show_status(
                self.test_status, self.tr("Type the address to send the test to."), error=True
            )
            return
        try:
            server.validate()
        except ValueError as exc:
            parts.show_status(self.test_status, failure_text(exc), error=True)
            return
        self.test_button.setEnabled(False)
        parts.show_status(self.test_status, self.tr("Sending the test message…"))
        self.context.runner.run(
            task_runner.Op(
                self.service.send_test,
                self.context.actor,
                to,
                server,
                self.password_edit.text() or None,
            )
            .with_progress(self.tr("Sending the test message…"))
            .on_success(self.on_test_sent)
            .on_failure(self.on_test_failed)
        )

    def on_test_sent(self, _result: object) -> None:
        self.test_button.setEnabled(True)
        parts.show_status(
            self.test_status, self.tr("The server took the test message. Check the mailbox.")
        )

    def on_test_failed(self, error: Exception) -> None:
        self.test_button.setEnabled(True)
        parts.show_status(self.test_status, failure_text(error), error=True)

    @Slot()
    def on_send_button_clicked(self) -> None:
        venue = self.context.venue
        box = outbox.OutboxService(venue.store, venue.settings, venue.data_dir)
        self.send_button.setEnabled(False)
        parts.show_status(self.send_status, self.tr("Sending…"))
        self.context.runner.run(
            task_runner.Op(box.send_email, self.context.actor)
            .with_progress(self.tr("Sending the queued e-mails…"))
            .on_success(self.on_queue_sent)
            .on_failure(self.on_queue_failed)
        )

    def on_queue_sent(self, result: Any) -> None:
        self.send_button.setEnabled(True)
        summary: outbox.SendSummary = result.value
        text = self.tr("Sent: %1 · still waiting: %2").replace(
            "%1", formatting.number(summary.sent)
        )
        text = text.replace("%2", formatting.number(summary.queued))
        if summary.error:
            text = reason_text(summary.error) + " " + text
        parts.show_status(self.send_status, text, error=bool(summary.error))
        self.on_shown()

    def on_queue_failed(self, error: Exception) -> None:
        self.send_button.setEnabled(True)
        parts.show_status(self.send_status, failure_text(error), error=True)
