"""The outbox goes out by itself while the app runs: messages queued in an open window reach a
real SMTP server (aiosmtpd on 127.0.0.1) once, without anyone pressing a button; with the server
down they stay queued and the attempts back off; once it is back they arrive, once. The database
is free (another writer gets its lock at once) while the server is being talked to."""

from __future__ import annotations

import dataclasses
import datetime as dt
import socket
import sqlite3
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from boostdesk.domain import codes
from boostdesk.domain import scenarios as rules
from boostdesk.services import checkout, ops, setup, smtp, venue
from boostdesk.ui import main_window, outbox_sender, task_runner

_SMTPD = pytest.importorskip("aiosmtpd.controller", reason="run: pip install -e '.[test]'")
Controller = _SMTPD.Controller

CASHIER = ops.Actor(2, "Kasa", ops.Role.CASHIER)
DAY = dt.date(2026, 3, 1)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class Collect:
    """Keeps what it accepts and, at each message, whether another writer could take the
    database's write lock at once (the sender must hold no transaction while it talks)."""

    def __init__(self, database: Path) -> None:
        self.database = database
        self.messages: list[list[str]] = []
        self.lock_free: list[bool] = []

    def _try_lock(self) -> bool:
        conn = sqlite3.connect(self.database, timeout=0, isolation_level=None)
        try:
            conn.execute("BEGIN IMMEDIATE")
            conn.execute("ROLLBACK")
            return True
        except sqlite3.OperationalError:
            return False
        finally:
            conn.close()

    async def handle_RCPT(self, server, session, envelope, address, options):  # noqa: N802
        self.lock_free.append(self._try_lock())
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd's hook
        self.lock_free.append(self._try_lock())
        self.messages.append(list(envelope.rcpt_tos))
        return "250 OK"


def _welcome_two_guests(opened: venue.Venue) -> None:
    """Two guests who consent to e-mail, enrolled on ``DAY``, and the Welcome scenario (a
    message, no voucher) switched on."""
    setup.set_up_venue(opened, name="Test Kafe", owner_pin="2468", cashier_pin="1357")
    welcome = dataclasses.replace(rules.TEMPLATES["welcome"], enabled=True, holdout_bp=0)
    assert not welcome.gives_voucher
    opened.scenarios.save(ops.SYSTEM, welcome, "welcome")
    noon = int(dt.datetime(2026, 3, 1, 9, tzinfo=dt.UTC).timestamp())
    for n in (1, 2):
        form = checkout.Enrolment(
            first_name=f"Misafir {n}", email=f"guest{n}@example.com", consents={"email": True}
        )
        opened.checkout.enrol(CASHIER, codes.card_number(n), form, now=noon)


@pytest.fixture
def shop(empty_venue: venue.Venue) -> Iterator[venue.Venue]:
    """Two guests who consent to e-mail, each with a Welcome message queued."""
    _welcome_two_guests(empty_venue)
    assert empty_venue.scenarios.run(ops.SYSTEM, DAY).value.scenarios[0].messages == 2
    yield empty_venue


def _configure(opened: venue.Venue, port: int) -> None:
    server = smtp.SmtpServer("127.0.0.1", port, starttls=False, sender="kafe@example.com")
    smtp.SmtpService(opened.store, opened.settings, opened.data_dir).configure(ops.SYSTEM, server)


def _listening(opened: venue.Venue) -> tuple[Collect, Controller]:  # type: ignore[valid-type]
    """An SMTP server on 127.0.0.1, started and set up as the venue's server."""
    handler = Collect(venue.database_path(opened.data_dir))
    port = _free_port()
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    _configure(opened, port)
    return handler, controller


def _states(opened: venue.Venue) -> list[str]:
    return [r[0] for r in opened.store.execute("SELECT state FROM outbox ORDER BY id")]


def _window(qtbot, opened: venue.Venue) -> tuple[main_window.MainWindow, task_runner.TaskRunner]:  # type: ignore[no-untyped-def]
    runner = task_runner.TaskRunner()
    window = main_window.MainWindow(opened, runner, demo=True)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    return window, runner


def test_queued_messages_go_out_once_without_a_button(qtbot, shop: venue.Venue) -> None:  # type: ignore[no-untyped-def]
    handler, controller = _listening(shop)
    window, runner = _window(qtbot, shop)
    sender = outbox_sender.OutboxSender(shop, window, interval_ms=100, soon_ms=10)
    try:
        sender.start()
        qtbot.waitUntil(lambda: len(handler.messages) == 2, timeout=10_000)
        for _ in range(3):  # later attempts find nothing to send
            with qtbot.waitSignal(sender.attempted, timeout=5_000):
                pass
    finally:
        sender.stop()
        runner.stop()
        controller.stop()
    assert sorted(handler.messages) == [["guest1@example.com"], ["guest2@example.com"]]
    assert _states(shop) == ["sent", "sent"]
    assert handler.lock_free and all(handler.lock_free)
    assert sender.failures == 0 and sender.timer.interval() == 100


def test_a_server_that_is_down_delays_the_next_attempt_then_they_go_once(
    qtbot, shop: venue.Venue
) -> None:  # type: ignore[no-untyped-def]
    port = _free_port()  # nothing listens yet
    _configure(shop, port)
    window, runner = _window(qtbot, shop)
    sender = outbox_sender.OutboxSender(
        shop, window, interval_ms=60_000, soon_ms=10, retry_ms=150, max_backoff_ms=400
    )
    handler = Collect(venue.database_path(shop.data_dir))
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    delays = []
    at = []
    try:
        sender.start()
        for _ in range(3):
            with qtbot.waitSignal(sender.attempted, timeout=5_000) as attempt:
                pass
            at.append(time.monotonic())
            assert attempt.args[0].error == "unreachable" and attempt.args[0].sent == 0
            assert _states(shop) == ["queued", "queued"]
            delays.append(sender.timer.interval())
        controller.start()
        with qtbot.waitSignal(sender.attempted, timeout=5_000) as attempt:
            pass
        with qtbot.waitSignal(sender.attempted, timeout=1_000, raising=False):
            pass  # the interval is a minute: no attempt meanwhile
    finally:
        sender.stop()
        runner.stop()
        controller.stop()
    assert delays == [150, 300, 400]  # doubling, capped
    # A timer may fire a few percent early, never much: the backoff was waited.
    assert at[1] - at[0] >= 0.9 * 0.150 and at[2] - at[1] >= 0.9 * 0.300
    assert attempt.args[0].sent == 2
    assert sorted(handler.messages) == [["guest1@example.com"], ["guest2@example.com"]]
    assert _states(shop) == ["sent", "sent"]
    # a success resets the backoff; the queue's attempts count no network outage
    assert sender.failures == 0 and sender.timer.interval() == 60_000
    assert [r[0] for r in shop.store.execute("SELECT attempts FROM outbox")] == [1, 1]


def test_a_run_that_queues_only_messages_sends_them_soon(qtbot, empty_venue: venue.Venue) -> None:  # type: ignore[no-untyped-def]
    """A scenario run through the app's task runner (as the owner would start it, or the app
    after its segment run) that issues no voucher still has its messages sent soon, not at the
    next regular check."""
    _welcome_two_guests(empty_venue)  # nothing queued yet
    handler, controller = _listening(empty_venue)
    window, runner = _window(qtbot, empty_venue)
    sender = outbox_sender.OutboxSender(empty_venue, window, interval_ms=60_000, soon_ms=10)
    runner.changes_applied.connect(sender.on_runner_changes_applied)  # as the app wires it
    owner = ops.Actor(1, "Sahip", ops.Role.OWNER)
    try:
        sender.timer.start(sender.interval_ms)  # waiting for its next regular check
        with qtbot.waitSignal(runner.changes_applied, timeout=10_000) as applied:
            runner.run(task_runner.Op(empty_venue.scenarios.run, owner, DAY))
        assert applied.args[0].outbox and not applied.args[0].vouchers
        qtbot.waitUntil(lambda: len(handler.messages) == 2, timeout=10_000)
    finally:
        sender.stop()
        runner.stop()
        controller.stop()
    assert sorted(handler.messages) == [["guest1@example.com"], ["guest2@example.com"]]
    assert _states(empty_venue) == ["sent", "sent"]


def test_the_app_starts_the_sender_with_its_background_work(qtbot, shop: venue.Venue) -> None:  # type: ignore[no-untyped-def]
    from boostdesk.ui import application

    window, runner = _window(qtbot, shop)
    try:
        application.start_background_work(window, runner)
        sender = window.findChild(outbox_sender.OutboxSender)
        assert sender is not None and sender.timer.isActive()
        assert sender.timer.interval() == outbox_sender.SOON_MS
    finally:
        application.stop_background_work(window)
        runner.stop()
    assert not sender.timer.isActive()


def test_the_database_worker_does_not_wait_on_a_silent_server(qtbot, shop: venue.Venue) -> None:  # type: ignore[no-untyped-def]
    listener = socket.create_server(("127.0.0.1", 0))  # accepts, never greets
    _configure(shop, listener.getsockname()[1])
    window, runner = _window(qtbot, shop)
    sender = outbox_sender.OutboxSender(shop, window, interval_ms=60_000, soon_ms=10)
    accepted: list[socket.socket] = []
    try:
        sender.start()
        qtbot.waitUntil(lambda: sender.sending, timeout=5_000)
        listener.settimeout(5)
        accepted.append(listener.accept()[0])  # the sender is now waiting for a greeting
        # Meanwhile the database worker (the nightly run, the counter) does its work at once.
        with qtbot.waitSignal(runner.changes_applied, timeout=2_000):
            runner.run(task_runner.Op(lambda: ops.Changes(settings=True)))
        assert sender.sending
        # (a handler, not a signal awaited after submitting: the read may finish before that)
        read: list[int] = []
        runner.submit(lambda: shop.store.one("SELECT COUNT(*) FROM outbox")[0], read.append)
        qtbot.waitUntil(lambda: bool(read), timeout=2_000)
        assert read == [2] and sender.sending
        with qtbot.waitSignal(sender.attempted, timeout=5_000) as attempt:
            accepted[0].close()  # the server hangs up: the attempt ends, nothing is lost
    finally:
        sender.stop()
        runner.stop()
        listener.close()
    assert attempt.args[0].sent == 0 and _states(shop) == ["queued", "queued"]
