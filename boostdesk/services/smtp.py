"""The e-mail server the outbox sends through: its settings, its password, a signed-in
connection, and a test message.

The settings (``smtp.host``, ``smtp.port``, ``smtp.starttls``, ``smtp.user``, ``smtp.sender``,
``smtp.ca_file``) are business settings in the database. The password is not (backups carry the
database): it is kept in the file ``smtp-password`` in the data folder, readable by the owner's
account only (0600), and never shown back. STARTTLS always verifies the server's certificate —
against the system's authorities, or against ``smtp.ca_file`` when the venue's mail server
presents a certificate of its own.

A connection that cannot be made fails with :class:`SmtpError` naming one of :data:`REASONS`, so
the back office and the command line can say plainly what to fix (the address, the password …).
"""

from __future__ import annotations

import base64
import email.message
import email.policy
import email.utils
import logging
import os
import smtplib
import ssl
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Final

from boostdesk.services import ops
from boostdesk.services import settings as settings_service
from boostdesk.storage import audit
from boostdesk.storage import settings as settings_db
from boostdesk.storage import store as store_module

logger = logging.getLogger(__name__)

PASSWORD_FILE: Final = "smtp-password"
TIMEOUT_S: Final = 20.0
REASONS: Final = (
    "unreachable",  # nothing answers at host:port (or the name is unknown)
    "timeout",  # it stopped answering
    "dropped",  # it hung up
    "starttls",  # it offers no STARTTLS, or the TLS handshake failed
    "certificate",  # its certificate is not trusted (or not for this host name)
    "auth",  # it refused the user name or password
    "auth_unsupported",  # a user is set but the server offers no sign-in
    "refused",  # it refused the message or the sender
)
"""Why a connection or a test message failed; the user interfaces translate each."""

ENGLISH: Final = {
    "unreachable": "the SMTP server cannot be reached (check the host and port)",
    "timeout": "the SMTP server stopped answering",
    "dropped": "the SMTP server closed the connection",
    "starttls": "the SMTP server offers no secure connection (STARTTLS)",
    "certificate": "the SMTP server's certificate is not trusted",
    "auth": "the SMTP server refused the user name or password",
    "auth_unsupported": "the SMTP server offers no sign-in for this user",
    "refused": "the SMTP server refused the message",
}
"""The reasons in words for the command line (English, like its other messages)."""


class SmtpError(Exception):
    """The server could not be used; ``reason`` is one of :data:`REASONS`."""

    def __init__(self, reason: str) -> None:
        super().__init__(ENGLISH.get(reason, reason))
        self.reason = reason


@dataclass(frozen=True, slots=True)
class SmtpServer:
    host: str
    port: int = 587
    starttls: bool = True
    user: str = ""
    sender: str = ""
    timeout_s: float = TIMEOUT_S
    ca_file: str = ""  # a CA or self-signed certificate (PEM) to trust instead of the system's

    def validate(self) -> None:
        """A host, a port in range; a sender that looks like an address when given."""
        if not self.host.strip() or any(c.isspace() for c in self.host.strip()):
            raise ValueError("host")
        if not 1 <= self.port <= 65_535:
            raise ValueError("port")
        if self.sender and ("@" not in self.sender or any(c.isspace() for c in self.sender)):
            raise ValueError("sender")


def reason_of(exc: BaseException, phase: str) -> str:
    """The :data:`REASONS` entry for ``exc`` raised during ``phase`` (connect, starttls, login,
    send)."""
    if isinstance(exc, smtplib.SMTPAuthenticationError):
        return "auth"
    if isinstance(exc, smtplib.SMTPNotSupportedError):
        return "starttls" if phase == "starttls" else "auth_unsupported"
    if isinstance(exc, ssl.SSLCertVerificationError):
        return "certificate"
    if isinstance(exc, ssl.SSLError):
        return "starttls"
    if isinstance(exc, TimeoutError):
        return "timeout"
    if isinstance(exc, smtplib.SMTPServerDisconnected):
        return "dropped"
    if isinstance(exc, smtplib.SMTPResponseException | smtplib.SMTPRecipientsRefused):
        return "refused"
    if isinstance(exc, smtplib.SMTPSenderRefused | smtplib.SMTPDataError):
        return "refused"
    return "unreachable"


def tls_context(server: SmtpServer) -> ssl.SSLContext:
    """A verifying context: the system's authorities, or only ``server.ca_file``."""
    return ssl.create_default_context(cafile=server.ca_file or None)


def connect(server: SmtpServer, password: str) -> smtplib.SMTP:
    """A connection greeted, secured with STARTTLS when set, and signed in when a user is set;
    :class:`SmtpError` when any step fails (the connection is closed then)."""
    phase = "connect"
    connection: smtplib.SMTP | None = None
    try:
        connection = smtplib.SMTP(server.host, server.port, timeout=server.timeout_s)
        connection.ehlo()
        if server.starttls:
            phase = "starttls"
            context = tls_context(server)
            connection.starttls(context=context)
            connection.ehlo()
        if server.user:
            phase = "login"
            sign_in(connection, server.user, password)
        return connection
    except (OSError, smtplib.SMTPException) as exc:
        reason = reason_of(exc, phase)
        logger.warning("SMTP %s failed: %s (%s)", phase, reason, type(exc).__name__)
        if connection is not None:
            close(connection)
        raise SmtpError(reason) from exc


def sign_in(connection: smtplib.SMTP, user: str, password: str) -> None:
    """AUTH as ``user``. smtplib sends credentials as ASCII only, so a password with Turkish
    letters goes as AUTH PLAIN, whose credentials are UTF-8 (RFC 4616)."""
    if not connection.has_extn("auth"):
        raise smtplib.SMTPNotSupportedError("the server offers no AUTH")
    if (user + password).isascii():
        connection.login(user, password)
        return
    if "PLAIN" not in connection.esmtp_features.get("auth", "").upper().split():
        raise smtplib.SMTPAuthenticationError(504, b"no AUTH PLAIN for a non-ASCII password")
    token = base64.b64encode(b"\0" + user.encode() + b"\0" + password.encode()).decode("ascii")
    code, reply = connection.docmd("AUTH", "PLAIN " + token)
    if code != 235:
        raise smtplib.SMTPAuthenticationError(code, reply)


def close(connection: smtplib.SMTP) -> None:
    try:
        connection.quit()
    except (OSError, smtplib.SMTPException):
        connection.close()


class SmtpService:
    def __init__(
        self,
        store: store_module.Store,
        settings: settings_service.SettingsService,
        data_dir: Path,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self._store = store
        self._settings = settings
        self._data_dir = data_dir
        self._clock = clock

    def server(self) -> SmtpServer | None:
        """The configured server, or None while no host is set."""
        host = str(self._settings.get("smtp.host") or "")
        if not host:
            return None
        return SmtpServer(
            host=host,
            port=int(self._settings.get("smtp.port") or 587),
            starttls=self._settings.get("smtp.starttls") is not False,
            user=str(self._settings.get("smtp.user") or ""),
            sender=str(self._settings.get("smtp.sender") or ""),
            ca_file=str(self._settings.get("smtp.ca_file") or ""),
        )

    def has_password(self) -> bool:
        return bool(self.password())

    def password(self) -> str:
        try:
            return (self._data_dir / PASSWORD_FILE).read_text(encoding="utf-8")
        except OSError:
            return ""

    def set_password(self, actor: ops.Actor, password: str) -> None:
        """Keep the password in a file only this account can read (owner only); audited."""
        actor.require(ops.Role.OWNER, "set the SMTP password")
        with self._store.transaction():
            self._write_password(password)
            audit.record(self._store, int(self._clock()), actor.user_id, "smtp.password", "changed")

    def _write_password(self, password: str) -> None:
        path = self._data_dir / PASSWORD_FILE
        if not password:
            path.unlink(missing_ok=True)
            return
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(password)
        os.chmod(path, 0o600)

    def configure(
        self, actor: ops.Actor, server: SmtpServer, password: str | None = None
    ) -> ops.Changes:
        """Save the server settings and, unless ``password`` is None (kept as it is), the
        password ("" removes it); owner only, one transaction, audited with the keys changed."""
        actor.require(ops.Role.OWNER, "change the e-mail server")
        server.validate()
        values = {
            "smtp.host": server.host.strip(),
            "smtp.port": server.port,
            "smtp.starttls": server.starttls,
            "smtp.user": server.user.strip(),
            "smtp.sender": server.sender.strip(),
            "smtp.ca_file": server.ca_file.strip(),
        }
        changed = [k for k, v in values.items() if self._settings.get(k) != v]
        if password is not None:
            changed.append("password")
        with self._store.transaction():
            settings_db.save(self._store, values)
            if password is not None:
                self._write_password(password)
            audit.record(
                self._store,
                int(self._clock()),
                actor.user_id,
                "smtp.configure",
                ",".join(changed) or "unchanged",
            )
        return ops.Changes(settings=True)

    def send_test(
        self,
        actor: ops.Actor,
        to: str,
        server: SmtpServer | None = None,
        password: str | None = None,
    ) -> None:
        """Send one short test message to ``to`` now, outside the outbox, through ``server``
        (default: the saved one) with ``password`` (default: the saved one) — owner only,
        audited with the outcome. Raises :class:`SmtpError` with the reason when it does not
        go."""
        actor.require(ops.Role.OWNER, "send a test message")
        server = server or self.server()
        if server is None:
            raise SmtpError("unreachable")
        outcome = "sent"
        try:
            connection = connect(server, self.password() if password is None else password)
            try:
                connection.send_message(self._test_message(server, to))
            except (OSError, smtplib.SMTPException) as exc:
                raise SmtpError(reason_of(exc, "send")) from exc
            finally:
                close(connection)
        except SmtpError as exc:
            outcome = exc.reason
            raise
        finally:
            with self._store.transaction():
                audit.record(self._store, int(self._clock()), actor.user_id, "smtp.test", outcome)

    def _test_message(self, server: SmtpServer, to: str) -> email.message.EmailMessage:
        venue = str(self._settings.get("venue.name") or "BoostDesk")
        turkish = str(self._settings.get("venue.locale") or "tr_TR").lower().startswith("tr")
        mail = email.message.EmailMessage(policy=email.policy.SMTP)
        mail["From"] = email.utils.formataddr((venue, sender_of(server)))
        mail["To"] = to
        mail["Subject"] = (
            f"{venue}: BoostDesk deneme iletisi" if turkish else f"{venue}: BoostDesk test message"
        )
        mail["Date"] = email.utils.formatdate(self._clock())
        mail.set_content(
            "Bu ileti BoostDesk'in e-posta ayarlarını denemek için gönderildi."
            if turkish
            else "This message was sent to try BoostDesk's e-mail settings.",
            charset="utf-8",
        )
        return mail


def sender_of(server: SmtpServer) -> str:
    """The envelope sender: the sender address, else the user, else noreply@host."""
    return server.sender or server.user or f"noreply@{server.host}"
