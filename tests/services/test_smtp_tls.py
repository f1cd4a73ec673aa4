"""The outbox through a server that insists on STARTTLS and a signed-in user, as a venue's mail
provider does: aiosmtpd on 127.0.0.1 with a self-signed certificate made here. The app trusts
that certificate only because the venue's settings name it (``smtp.ca_file``); verification is
never switched off. Each message arrives once; a wrong password leaves them all queued and the
summary says why; the password lives in a private file, not in the database."""

from __future__ import annotations

import dataclasses
import datetime as dt
import zoneinfo
from collections.abc import Iterator
from pathlib import Path

import pytest

from boostdesk.domain import codes
from boostdesk.domain import scenarios as rules
from boostdesk.services import checkout, ops, outbox, setup, smtp, venue

pytest.importorskip("aiosmtpd.controller", reason="run: pip install -e '.[test]'")
import smtp_servers  # noqa: E402 - after the skip above (tests/smtp_servers.py)
from smtp_servers import PASSWORD, USER  # noqa: E402

CASHIER = ops.Actor(2, "Kasa", ops.Role.CASHIER)
OWNER = ops.Actor(1, "Sahip", ops.Role.OWNER)
ZONE = zoneinfo.ZoneInfo("Europe/Istanbul")
START = dt.date(2026, 3, 1)


@pytest.fixture
def tls_smtp(tmp_path: Path) -> Iterator[tuple[smtp_servers.Mailbox, int, Path]]:
    with smtp_servers.tls_server(tmp_path) as server:
        yield server


@pytest.fixture
def shop(empty_venue: venue.Venue) -> Iterator[venue.Venue]:
    setup.set_up_venue(empty_venue, name="Test Kafe", owner_pin="2468", cashier_pin="1357")
    yield empty_venue


def _queue_two_welcomes(shop: venue.Venue) -> None:
    welcome = dataclasses.replace(rules.TEMPLATES["welcome"], enabled=True, holdout_bp=0)
    shop.scenarios.save(ops.SYSTEM, welcome, "welcome")
    noon = int(dt.datetime.combine(START, dt.time(12), tzinfo=ZONE).timestamp())
    for n, name in enumerate(("Ayşe", "Deniz"), start=1):
        form = checkout.Enrolment(
            first_name=name, email=f"guest{n}@example.com", consents={"email": True}
        )
        shop.checkout.enrol(CASHIER, codes.card_number(n), form, now=noon)
    assert shop.scenarios.run(ops.SYSTEM, START).value.scenarios[0].messages == 2


def _configure(shop: venue.Venue, port: int, cert: Path, password: str) -> smtp.SmtpService:
    service = smtp.SmtpService(shop.store, shop.settings, shop.data_dir)
    server = smtp.SmtpServer(
        "127.0.0.1", port, starttls=True, user=USER, sender=USER, ca_file=str(cert)
    )
    service.configure(OWNER, server, password)
    return service


def _states(shop: venue.Venue) -> list[str]:
    return [r[0] for r in shop.store.execute("SELECT state FROM outbox ORDER BY id")]


def test_starttls_and_sign_in_deliver_each_message_once(shop, tls_smtp):
    mailbox, port, cert = tls_smtp
    _queue_two_welcomes(shop)
    _configure(shop, port, cert, PASSWORD)
    box = outbox.OutboxService(shop.store, shop.settings, shop.data_dir)
    first = box.send_email(OWNER).value
    again = box.send_email(OWNER).value
    assert (first.sent, first.failed, first.queued, first.error) == (2, 0, 0, "")
    assert (again.sent, again.queued) == (0, 0)
    assert sorted(rcpt for (rcpt,), _ in mailbox.messages) == [
        "guest1@example.com",
        "guest2@example.com",
    ]
    assert mailbox.sign_ins == [(USER, True)]  # one connection, signed in once
    assert _states(shop) == ["sent", "sent"]


def test_a_wrong_password_leaves_every_message_queued_and_says_so(shop, tls_smtp):
    mailbox, port, cert = tls_smtp
    _queue_two_welcomes(shop)
    _configure(shop, port, cert, "yanlış")
    box = outbox.OutboxService(shop.store, shop.settings, shop.data_dir)
    refused = box.send_email(OWNER).value
    assert (refused.sent, refused.failed, refused.queued, refused.error) == (0, 2, 2, "auth")
    assert mailbox.messages == [] and mailbox.sign_ins == [(USER, False)]
    assert _states(shop) == ["queued", "queued"]
    errors = shop.store.execute("SELECT DISTINCT last_error FROM outbox").fetchall()
    assert errors == [("auth",)]
    # the owner corrects the password; once the backoff is over each message goes, once
    _configure(shop, port, cert, PASSWORD)
    later = outbox.OutboxService(
        shop.store, shop.settings, shop.data_dir, lambda: dt.datetime.now().timestamp() + 3600
    )
    fixed = later.send_email(OWNER).value
    assert (fixed.sent, fixed.queued, fixed.error) == (2, 0, "")
    assert len(mailbox.messages) == 2


def test_a_certificate_the_venue_did_not_name_is_not_trusted(shop, tls_smtp):
    mailbox, port, cert = tls_smtp
    _queue_two_welcomes(shop)
    service = _configure(shop, port, cert, PASSWORD)
    server = dataclasses.replace(service.server(), ca_file="")  # the system's authorities only
    result = outbox.OutboxService(shop.store, shop.settings, shop.data_dir).send_email(
        OWNER, server
    )
    assert (result.value.sent, result.value.queued, result.value.error) == (0, 2, "certificate")
    assert mailbox.messages == [] and mailbox.sign_ins == []  # no password over an untrusted link


def test_the_test_message_signs_in_and_names_a_refused_password(shop, tls_smtp):
    mailbox, port, cert = tls_smtp
    service = _configure(shop, port, cert, PASSWORD)
    service.send_test(OWNER, "owner@example.com")
    ((rcpt, content),) = mailbox.messages
    assert rcpt == ["owner@example.com"] and b"BoostDesk" in content
    service.set_password(OWNER, "yanlış")
    with pytest.raises(smtp.SmtpError) as refused:
        service.send_test(OWNER, "owner@example.com")
    assert refused.value.reason == "auth" and len(mailbox.messages) == 1
    with pytest.raises(ops.PermissionDenied):
        service.send_test(CASHIER, "owner@example.com")
    audit = [
        r[0]
        for r in shop.store.execute(
            "SELECT detail FROM audit_log WHERE action = 'smtp.test' ORDER BY id"
        )
    ]
    assert audit == ["sent", "auth"]


def test_the_password_stays_out_of_the_database_and_is_never_read_back(shop, tls_smtp):
    _mailbox, port, cert = tls_smtp
    service = _configure(shop, port, cert, PASSWORD)
    path = shop.data_dir / smtp.PASSWORD_FILE
    assert path.stat().st_mode & 0o777 == 0o600
    assert path.read_text(encoding="utf-8") == PASSWORD  # spaces and Turkish letters kept
    database = venue.database_path(shop.data_dir).read_bytes()
    assert PASSWORD.encode() not in database and b"do\xc4\x9fru" not in database
    assert "smtp.password" not in shop.settings.all()
    # saving the other settings without a password keeps it; a cashier cannot change them
    service.configure(OWNER, dataclasses.replace(service.server(), port=port), None)
    assert service.password() == PASSWORD
    with pytest.raises(ops.PermissionDenied):
        service.configure(CASHIER, service.server(), "x")
