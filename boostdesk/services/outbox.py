"""Delivering the outbox: e-mail over SMTP, SMS and İYS lists as CSV for the owner's gateway.

Each e-mail is sent at most once and never silently dropped (see :mod:`storage.outbox` for the
states). The message is marked ``sending`` (committed) just before the server is given the
final ``.`` of the DATA phase; until then every failure — refused, timed out, dropped connection —
is known to have left the message undelivered, and it goes back to the queue with exponential
backoff (1, 2, 4 … minutes, at most 6 hours; after 8 attempts it fails for good). A 5xx reply is
a refusal for good. If the connection is lost after the final ``.``, or the program stopped while
a message was ``sending``, the server may have taken it: the message becomes ``uncertain`` and is
not sent again unless the owner sends it again.

Nothing goes out on a channel the guest does not consent to *now*: before sending or exporting,
queued messages whose channel consent was withdrawn are cancelled.

The server, its password (kept outside the database) and the signed-in connection are
:mod:`boostdesk.services.smtp`'s; a server that cannot be used (unreachable, a refused password,
an untrusted certificate) leaves every message queued for a later attempt and the summary says
why (``SendSummary.error``); that is not counted as an attempt of the messages (the app's
background sender, ui/outbox_sender.py, backs off instead).

The database is never held during network I/O: the due messages are read, and each state change
(``sending`` before the end of the message, then ``sent`` or back to the queue) is written, in
its own short transaction; the SMTP dialogue runs with no transaction open.
"""

from __future__ import annotations

import csv
import datetime as dt
import email.message
import email.policy
import email.utils
import io
import logging
import select
import smtplib
import socket
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from boostdesk.services import ops, smtp
from boostdesk.services import settings as settings_service
from boostdesk.storage import audit
from boostdesk.storage import outbox as outbox_rows
from boostdesk.storage import store as store_module

logger = logging.getLogger(__name__)

PASSWORD_FILE = smtp.PASSWORD_FILE
SmtpServer = smtp.SmtpServer
BACKOFF_BASE_S = 60
BACKOFF_MAX_S = 6 * 3600
MAX_ATTEMPTS = 8
EARLY_REPLY_WAIT_S = 0.2
IYS_TYPES = {"sms": "MESAJ", "email": "EPOSTA", "call": "ARAMA"}


class OutboxError(Exception):
    """The outbox cannot do its job (no SMTP server set up)."""


@dataclass(frozen=True, slots=True)
class SendSummary:
    """What one send did: ``queued`` is the e-mails still waiting (SMS wait for an export);
    ``error`` the :data:`smtp.REASONS` entry when the server could not be used at all."""

    sent: int
    failed: int
    queued: int
    uncertain: int = 0
    cancelled: int = 0
    error: str = ""

    def as_json(self) -> dict[str, Any]:
        return {"sent": self.sent, "failed": self.failed, "queued": self.queued}


def backoff_s(attempts: int) -> int:
    """Wait before the next attempt after ``attempts`` failed ones: 60 s doubling, ≤ 6 h."""
    return int(min(BACKOFF_MAX_S, BACKOFF_BASE_S * 2 ** max(0, attempts - 1)))


class _Lost(Exception):
    """The connection failed; ``after_end`` when the final dot had been given to the server."""

    def __init__(self, reason: str, after_end: bool) -> None:
        super().__init__(reason)
        self.reason = reason
        self.after_end = after_end


def _dot_stuffed(data: bytes) -> bytes:
    lines = data.replace(b"\r\n", b"\n").replace(b"\r", b"\n").split(b"\n")
    body = b"\r\n".join(b"." + line if line.startswith(b".") else line for line in lines)
    return body if body.endswith(b"\r\n") else body + b"\r\n"


def _early_reply(connection: smtplib.SMTP) -> int | None:
    """Before the final dot, whether the server already answered (a 4xx/5xx code) or closed the
    connection (0): a server says nothing during DATA unless it gives up on the message. A short
    wait lets a dropped connection show, so that a message dropped mid-way is retried instead of
    being left uncertain."""
    sock = connection.sock
    if sock is None:
        return 0
    readable, _, _ = select.select([sock], [], [], EARLY_REPLY_WAIT_S)
    if not readable:
        return None
    try:
        peeked = sock.recv(1, socket.MSG_PEEK)
    except OSError:
        return 0
    if not peeked:
        return 0
    try:
        code, _ = connection.getreply()
    except smtplib.SMTPServerDisconnected:
        return 0
    return code


class OutboxService:
    def __init__(
        self,
        store: store_module.Store,
        settings: settings_service.SettingsService,
        data_dir: Path,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self._store = store
        self._settings = settings
        self._clock = clock
        self._smtp = smtp.SmtpService(store, settings, data_dir, clock)

    # -- configuration ---------------------------------------------------------------------------

    def server(self) -> SmtpServer | None:
        return self._smtp.server()

    def set_password(self, actor: ops.Actor, password: str) -> None:
        self._smtp.set_password(actor, password)

    def counts(self, channel: str | None = None) -> dict[str, int]:
        """Messages per state, of ``channel`` (email, sms) or all."""
        return outbox_rows.counts(self._store, channel)

    def listed(self, limit: int = 500) -> list[outbox_rows.Message]:
        return outbox_rows.listed(self._store, limit)

    def _prepare(self) -> int:
        """Cancel what lost its consent; messages left ``sending`` become ``uncertain``."""
        with self._store.transaction():
            cancelled = outbox_rows.cancel_without_consent(self._store)
            outbox_rows.stale_sending_to_uncertain(self._store)
        return cancelled

    # -- e-mail ----------------------------------------------------------------------------------

    def send_email(
        self, actor: ops.Actor, server: SmtpServer | None = None
    ) -> ops.Result[SendSummary]:
        """Send the due e-mails (see the module docstring); owner work or the app's own."""
        actor.require(ops.Role.OWNER, "send messages")
        server = server or self.server()
        if server is None:
            raise OutboxError("no SMTP server is set up (settings smtp.host, smtp.port)")
        cancelled = self._prepare()
        due = outbox_rows.due(self._store, "email", int(self._clock()))
        sent = failed = uncertain = 0
        error = ""
        connection: smtplib.SMTP | None = None
        try:
            for message in due:
                if connection is None:
                    try:
                        connection = smtp.connect(server, self._smtp.password())
                    except smtp.SmtpError as exc:
                        error = exc.reason
                        failed += self._retry_all(due[due.index(message) :], exc.reason)
                        break
                outcome = self._send_one(connection, server, message)
                if outcome == "sent":
                    sent += 1
                elif outcome == "uncertain":
                    uncertain += 1
                else:
                    failed += 1
                if outcome in ("lost", "uncertain"):
                    smtp.close(connection)
                    connection = None
        finally:
            if connection is not None:
                smtp.close(connection)
        queued = outbox_rows.counts(self._store, "email").get("queued", 0)
        with self._store.transaction():
            audit.record(
                self._store,
                int(self._clock()),
                actor.user_id,
                "outbox.send",
                f"sent={sent} failed={failed} uncertain={uncertain} cancelled={cancelled}"
                + (f" error={error}" if error else ""),
            )
        logger.info(
            "outbox: %d sent, %d failed, %d uncertain, %d queued", sent, failed, uncertain, queued
        )
        summary = SendSummary(sent, failed, queued, uncertain, cancelled, error)
        return ops.Result(summary, ops.Changes())

    def _retry_all(self, messages: list[outbox_rows.Message], reason: str) -> int:
        """The server could not be used at all: every message stays queued, due as it was, with
        the reason. It is no attempt of the message's own (the app's sender backs off instead),
        so a network down for a day does not fail the queue for good."""
        with self._store.transaction():
            for message in messages:
                outbox_rows.set_state(
                    self._store, message.id, "queued", expected="queued", error=reason
                )
        return len(messages)

    def _retry(self, message: outbox_rows.Message, expected: str, reason: str) -> None:
        """Back to the queue for a later attempt, or failed for good after too many."""
        attempts = message.attempts + 1
        now = int(self._clock())
        if attempts >= MAX_ATTEMPTS:
            outbox_rows.set_state(
                self._store,
                message.id,
                "failed",
                expected=expected,
                at=now,
                error=reason,
                attempted=True,
            )
        else:
            outbox_rows.set_state(
                self._store,
                message.id,
                "queued",
                expected=expected,
                error=reason,
                next_attempt_at=now + backoff_s(attempts),
                attempted=True,
            )

    def _mime(self, server: SmtpServer, message: outbox_rows.Message) -> bytes:
        mail = email.message.EmailMessage(policy=email.policy.SMTP)
        venue = str(self._settings.get("venue.name") or "BoostDesk")
        sender = smtp.sender_of(server)
        mail["From"] = email.utils.formataddr((venue, sender))
        mail["To"] = message.address or ""
        mail["Subject"] = message.subject
        mail["Message-ID"] = message.message_id
        mail["Date"] = email.utils.formatdate(self._clock())
        mail.set_content(message.body, charset="utf-8")
        mail["Content-Language"] = message.language  # after: set_content clears Content-*
        return mail.as_bytes()

    def _send_one(
        self, connection: smtplib.SMTP, server: SmtpServer, message: outbox_rows.Message
    ) -> str:
        """``sent``, ``retry`` (back in the queue), ``refused`` (failed for good), ``lost``
        (connection failed before the end: back in the queue) or ``uncertain``."""
        if not message.address:
            with self._store.transaction():
                outbox_rows.set_state(
                    self._store,
                    message.id,
                    "failed",
                    expected="queued",
                    at=int(self._clock()),
                    error="no_address",
                    attempted=True,
                )
            return "refused"
        data = _dot_stuffed(self._mime(server, message))
        sender = smtp.sender_of(server)
        try:
            reply = self._transfer(connection, sender, message, data)
        except _Lost as lost:
            with self._store.transaction():
                if lost.after_end:
                    outbox_rows.set_state(
                        self._store,
                        message.id,
                        "uncertain",
                        expected="sending",
                        error=lost.reason,
                        attempted=True,
                    )
                else:
                    self._retry(message, "queued", lost.reason)
            logger.warning("outbox message %d: connection lost (%s)", message.id, lost.reason)
            return "uncertain" if lost.after_end else "lost"
        code, step = reply
        with self._store.transaction():
            expected = "sending" if step == "end" else "queued"
            if code == 250:
                outbox_rows.set_state(
                    self._store,
                    message.id,
                    "sent",
                    expected=expected,
                    at=int(self._clock()),
                    attempted=True,
                )
                return "sent"
            if step == "end":  # the server answered the end: not taken; back to waiting
                outbox_rows.set_state(self._store, message.id, "queued", expected="sending")
            if 500 <= code < 600:
                outbox_rows.set_state(
                    self._store,
                    message.id,
                    "failed",
                    expected="queued",
                    at=int(self._clock()),
                    error=f"{step} {code}",
                    attempted=True,
                )
                return "refused"
            self._retry(message, "queued", f"{step} {code}")
        logger.warning("outbox message %d: server replied %d at %s", message.id, code, step)
        return "retry"

    def _transfer(
        self, connection: smtplib.SMTP, sender: str, message: outbox_rows.Message, data: bytes
    ) -> tuple[int, str]:
        """MAIL, RCPT, DATA and the text, then — with the message marked ``sending`` — the end.
        Returns (reply code, step); raises :class:`_Lost` when the connection fails."""
        after_end = False
        try:
            code, _ = connection.mail(sender)
            if code != 250:
                connection.rset()
                return code, "mail"
            code, _ = connection.rcpt(message.address or "")
            if code not in (250, 251):
                connection.rset()
                return code, "rcpt"
            code, _ = connection.docmd("DATA")
            if code != 354:
                connection.rset()
                return code, "data"
            connection.send(data)
            early = _early_reply(connection)
            if early is not None:  # the server spoke or hung up before the end: not taken
                raise _Lost("dropped" if early == 0 else f"data {early}", False)
            with self._store.transaction():
                if not outbox_rows.set_state(
                    self._store, message.id, "sending", expected="queued"
                ):  # cancelled meanwhile (consent withdrawn): abandon the transaction
                    raise _Lost("cancelled", False)
            after_end = True
            connection.send(b".\r\n")
            code, _ = connection.getreply()
            return code, "end"
        except (TimeoutError, smtplib.SMTPServerDisconnected, OSError) as exc:
            raise _Lost(type(exc).__name__, after_end) from exc

    # -- SMS and İYS -----------------------------------------------------------------------------

    def export_sms(self, actor: ops.Actor) -> ops.Result[tuple[bytes, int]]:
        """The queued SMS messages as CSV (phone, message) for the owner's SMS gateway; they are
        marked exported in the same transaction (a second export does not repeat them)."""
        actor.require(ops.Role.OWNER, "export messages")
        self._prepare()
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        writer.writerow(["phone", "language", "message"])
        count = 0
        now = int(self._clock())
        with self._store.transaction():
            for message in outbox_rows.due(self._store, "sms", now, limit=1_000_000):
                if not message.address:
                    continue
                if outbox_rows.set_state(
                    self._store, message.id, "exported", expected="queued", at=now
                ):
                    writer.writerow([message.address, message.language, message.body])
                    count += 1
            audit.record(self._store, now, actor.user_id, "outbox.export_sms", f"rows={count}")
        return ops.Result((buffer.getvalue().encode("utf-8-sig"), count), ops.Changes())

    def export_iys(self, actor: ops.Actor) -> ops.Result[tuple[bytes, int]]:
        """Every guest's latest consent per channel in the İYS bulk-upload columns."""
        from boostdesk.storage import scenarios as scenario_rows

        actor.require(ops.Role.OWNER, "export consents")
        zone = str(self._settings.get("venue.timezone"))
        rows = scenario_rows.consent_records(self._store)
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        writer.writerow(["ALICI", "TIP", "KAYNAK", "DURUM", "IZIN_TARIHI", "ALICI_TIPI"])
        count = 0
        from zoneinfo import ZoneInfo

        for phone, address, channel, granted, recorded_at in rows:
            recipient = address if channel == "email" else phone
            if not recipient or channel not in IYS_TYPES:
                continue
            when = dt.datetime.fromtimestamp(recorded_at, ZoneInfo(zone))
            writer.writerow(
                [
                    recipient,
                    IYS_TYPES[channel],
                    "HS_FIZIKSEL_ORTAM",
                    "ONAY" if granted else "RET",
                    when.strftime("%Y-%m-%d %H:%M:%S"),
                    "BIREYSEL",
                ]
            )
            count += 1
        with self._store.transaction():
            audit.record(
                self._store, int(self._clock()), actor.user_id, "outbox.export_iys", f"rows={count}"
            )
        return ops.Result((buffer.getvalue().encode("utf-8-sig"), count), ops.Changes())
