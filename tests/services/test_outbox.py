"""The outbox against real SMTP servers on 127.0.0.1: aiosmtpd for a server that works or
refuses, small socket servers for one that hangs or hangs up mid-message. Each message arrives
once, in the guest's language with its placeholders filled; a failure leaves it queued and
retried, never lost and never doubled."""

from __future__ import annotations

import dataclasses
import datetime as dt
import email
import email.policy
import socket
import threading
import zoneinfo
from collections.abc import Iterator

import pytest

from boostdesk.domain import codes
from boostdesk.domain import scenarios as rules
from boostdesk.services import checkout, ops, outbox, setup, venue

# CI installs the test extras; an environment made before they listed aiosmtpd skips with the fix.
_SMTPD = pytest.importorskip("aiosmtpd.controller", reason="run: pip install -e '.[test]'")
Controller = _SMTPD.Controller

CASHIER = ops.Actor(2, "Kasa", ops.Role.CASHIER)
ZONE = zoneinfo.ZoneInfo("Europe/Istanbul")
START = dt.date(2026, 3, 1)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class Collect:
    """An aiosmtpd handler keeping what it accepts; ``refuse`` makes it answer the end of the
    message with that reply instead."""

    def __init__(self) -> None:
        self.messages: list[tuple[list[str], bytes]] = []
        self.refuse: str | None = None

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd's hook
        if self.refuse:
            return self.refuse
        self.messages.append((list(envelope.rcpt_tos), envelope.content))
        return "250 OK"


@pytest.fixture
def smtp() -> Iterator[tuple[Collect, int]]:
    handler = Collect()
    port = _free_port()
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    yield handler, port
    controller.stop()


class Clock:
    def __init__(self, at: float) -> None:
        self.at = at

    def __call__(self) -> float:
        return self.at


@pytest.fixture
def shop(empty_venue: venue.Venue) -> Iterator[venue.Venue]:
    setup.set_up_venue(empty_venue, name="Test Kafe", owner_pin="2468", cashier_pin="1357")
    yield empty_venue


def noon(day: dt.date) -> int:
    return int(dt.datetime.combine(day, dt.time(12), tzinfo=ZONE).timestamp())


def _queue_welcome(shop: venue.Venue) -> dict[str, int]:
    """Three guests enrolled: Turkish, English, and one without e-mail consent; the Welcome
    scenario queues a message for the two who consent."""
    welcome = dataclasses.replace(rules.TEMPLATES["welcome"], enabled=True, holdout_bp=0)
    shop.scenarios.save(ops.SYSTEM, welcome, "welcome")
    ids = {}
    for n, (name, language, consent) in enumerate(
        (("Ayşe", "tr", True), ("John", "en", True), ("Veli", "tr", False)), start=1
    ):
        form = checkout.Enrolment(
            first_name=name, email=f"guest{n}@example.com", consents={"email": consent}
        )
        ids[name] = shop.checkout.enrol(CASHIER, codes.card_number(n), form, now=noon(START)).value
        shop.store.execute("UPDATE customer SET language = ? WHERE id = ?", (language, ids[name]))
    run = shop.scenarios.run(ops.SYSTEM, START).value
    assert run.scenarios[0].messages == 2 and run.scenarios[0].skipped["consent"] == 1
    return ids


def _service(shop: venue.Venue, clock: Clock) -> outbox.OutboxService:
    return outbox.OutboxService(shop.store, shop.settings, shop.data_dir, clock)


def _server(port: int, timeout: float = 5.0) -> outbox.SmtpServer:
    return outbox.SmtpServer(
        "127.0.0.1", port, starttls=False, sender="kafe@example.com", timeout_s=timeout
    )


def _states(shop: venue.Venue) -> list[str]:
    return [r[0] for r in shop.store.execute("SELECT state FROM outbox ORDER BY id")]


def test_each_message_arrives_once_in_the_guest_language(shop, smtp):
    handler, port = smtp
    _queue_welcome(shop)
    clock = Clock(noon(START) + 86_400)
    first = _service(shop, clock).send_email(ops.SYSTEM, _server(port)).value
    assert (first.sent, first.failed, first.queued) == (2, 0, 0)
    second = _service(shop, clock).send_email(ops.SYSTEM, _server(port)).value
    assert (second.sent, second.failed, second.queued) == (0, 0, 0)
    assert len(handler.messages) == 2
    by_rcpt = {}
    for rcpt, content in handler.messages:
        (address,) = rcpt
        by_rcpt[address] = email.message_from_bytes(content, policy=email.policy.default)
    tr, en = by_rcpt["guest1@example.com"], by_rcpt["guest2@example.com"]
    assert tr["Subject"] == "Test Kafe ailesine hoş geldiniz"
    assert "Merhaba Ayşe" in tr.get_content() and "₺50,00" in tr.get_content()
    assert tr["Content-Language"] == "tr"
    assert en["Subject"] == "Welcome to Test Kafe"
    assert "Hello John" in en.get_content() and "₺50.00" in en.get_content()
    assert "15/03/2026" in en.get_content()  # enrolled 1 March + 14 days
    for message in (tr, en):
        assert "{" not in message.get_content()
    assert _states(shop) == ["sent", "sent"]


def test_a_refusing_server_leaves_messages_queued_then_they_go_once(shop, smtp):
    handler, port = smtp
    _queue_welcome(shop)
    clock = Clock(noon(START) + 86_400)
    handler.refuse = "451 4.3.0 try again later"
    refused = _service(shop, clock).send_email(ops.SYSTEM, _server(port)).value
    assert (refused.sent, refused.failed, refused.queued) == (0, 2, 2)
    assert handler.messages == []
    # not due before the backoff is over
    handler.refuse = None
    early = _service(shop, clock).send_email(ops.SYSTEM, _server(port)).value
    assert (early.sent, early.queued) == (0, 2)
    clock.at += outbox.backoff_s(1)
    later = _service(shop, clock).send_email(ops.SYSTEM, _server(port)).value
    assert (later.sent, later.failed, later.queued) == (2, 0, 0)
    assert len(handler.messages) == 2


def test_nobody_listening_leaves_messages_queued(shop):
    _queue_welcome(shop)
    clock = Clock(noon(START) + 86_400)
    result = _service(shop, clock).send_email(ops.SYSTEM, _server(_free_port())).value
    assert (result.sent, result.failed, result.queued) == (0, 2, 2)
    assert _states(shop) == ["queued", "queued"]


class ScriptedServer:
    """A bare SMTP server on 127.0.0.1 that misbehaves on purpose: ``hang_at`` a command it
    never answers, or ``drop_in_data``: hang up after part of the message."""

    def __init__(self, *, hang_at: str = "", drop_in_data: bool = False) -> None:
        self.listener = socket.socket()
        self.listener.bind(("127.0.0.1", 0))
        self.listener.listen(4)
        self.port = int(self.listener.getsockname()[1])
        self.hang_at = hang_at
        self.drop_in_data = drop_in_data
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    def _serve(self) -> None:
        self.listener.settimeout(0.2)
        while not self.stop.is_set():
            try:
                conn, _ = self.listener.accept()
            except TimeoutError:
                continue
            with conn:
                self._talk(conn)

    def _talk(self, conn: socket.socket) -> None:
        conn.settimeout(10)
        conn.sendall(b"220 test ESMTP\r\n")
        reader = conn.makefile("rb")
        for line in reader:
            verb = line.split(b" ")[0].split(b":")[0].strip().upper().decode()
            if verb == self.hang_at:
                self.stop.wait(10)
                return
            if verb in ("EHLO", "HELO"):
                conn.sendall(b"250-test\r\n250 8BITMIME\r\n")
            elif verb == "DATA":
                conn.sendall(b"354 go ahead\r\n")
                if self.drop_in_data:
                    reader.read(40)
                    conn.shutdown(socket.SHUT_RDWR)
                    return
            elif verb == "QUIT":
                conn.sendall(b"221 bye\r\n")
                return
            else:
                conn.sendall(b"250 ok\r\n")

    def close(self) -> None:
        self.stop.set()
        self.thread.join(5)
        self.listener.close()


@pytest.mark.parametrize(
    "behaviour",
    [{"hang_at": "RCPT"}, {"hang_at": "EHLO"}, {"drop_in_data": True}],
    ids=["times-out-at-rcpt", "times-out-at-greeting", "drops-mid-message"],
)
def test_a_server_that_times_out_or_drops_leaves_the_message_queued(shop, smtp, behaviour):
    handler, good_port = smtp
    _queue_welcome(shop)
    clock = Clock(noon(START) + 86_400)
    bad = ScriptedServer(**behaviour)
    try:
        result = _service(shop, clock).send_email(ops.SYSTEM, _server(bad.port, 1.0)).value
    finally:
        bad.close()
    assert result.sent == 0 and result.queued == 2
    assert set(_states(shop)) == {"queued"}
    clock.at += outbox.BACKOFF_MAX_S
    retried = _service(shop, clock).send_email(ops.SYSTEM, _server(good_port)).value
    assert (retried.sent, retried.queued) == (2, 0)
    assert sorted(r[0][0] for r in handler.messages) == [
        "guest1@example.com",
        "guest2@example.com",
    ]


def test_a_message_left_sending_by_a_crash_is_never_sent_again_by_itself(shop, smtp):
    handler, port = smtp
    _queue_welcome(shop)
    shop.store.execute("UPDATE outbox SET state = 'sending' WHERE id = 1")
    clock = Clock(noon(START) + 86_400)
    result = _service(shop, clock).send_email(ops.SYSTEM, _server(port)).value
    assert result.sent == 1 and _states(shop) == ["uncertain", "sent"]
    assert len(handler.messages) == 1


def test_a_withdrawn_consent_stops_a_queued_message(shop, smtp):
    handler, port = smtp
    ids = _queue_welcome(shop)
    shop.store.execute(
        "INSERT INTO consent (customer_id, channel, granted, recorded_at, source, text_version) "
        "VALUES (?, 'email', 0, ?, 'counter', '2026-01')",
        (ids["John"], noon(START) + 3600),
    )
    clock = Clock(noon(START) + 86_400)
    result = _service(shop, clock).send_email(ops.SYSTEM, _server(port)).value
    assert (result.sent, result.cancelled) == (1, 1)
    assert [r[0][0] for r in handler.messages] == ["guest1@example.com"]


def test_sending_is_owner_work_and_needs_a_server(shop):
    service = _service(shop, Clock(noon(START)))
    with pytest.raises(ops.PermissionDenied):
        service.send_email(CASHIER, _server(1))
    with pytest.raises(outbox.OutboxError):
        service.send_email(ops.SYSTEM)


def test_the_password_file_is_private(shop):
    service = _service(shop, Clock(noon(START)))
    service.set_password(ops.SYSTEM, "s3cret")
    path = shop.data_dir / outbox.PASSWORD_FILE
    assert path.stat().st_mode & 0o777 == 0o600
    assert b"s3cret" not in venue.database_path(shop.data_dir).read_bytes()
