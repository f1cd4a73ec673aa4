"""Text output for people: data sanitised before the terminal, scan times in venue time."""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
from pathlib import Path

from boostdesk.domain import codes, safetext
from boostdesk.services import checkout, setup, venue

EVIL = "\x1b[2J\x1b[31m<h1 style='color:red'>KASA KAPALI</h1>\x1b[0m\u202e"


def run(*args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "BOOSTDESK_DATA_DIR"}
    return subprocess.run(
        [sys.executable, "-m", "boostdesk", *args],
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
    )


def _venue_with_an_evil_guest(data_dir: Path) -> str:
    opened = venue.open_venue(data_dir)
    try:
        setup.set_up_venue(opened, name="Kafe", owner_pin="1234", cashier_pin="5678")
        card = codes.card_number(42)
        cashier = opened.users.sign_in("5678")
        opened.checkout.enrol(cashier, card, checkout.Enrolment(first_name=EVIL))
        # 2026-11-24 21:30 UTC is 2026-11-25 00:30 in Istanbul: the day differs too.
        at = dt.datetime(2026, 11, 24, 21, 30, 5, tzinfo=dt.UTC).timestamp()
        opened.counter.log_scan("12\x1b[2J", card, "guest", None, at=at)
    finally:
        opened.close()
    return card


def test_the_helper_shows_control_and_direction_characters_as_escapes() -> None:
    assert safetext.for_terminal("Ayşe İnce ☕") == "Ayşe İnce ☕"
    shown = safetext.for_terminal(EVIL + "\x07\x9b\n")
    assert not any(ord(c) < 0x20 or 0x7F <= ord(c) <= 0x9F for c in shown)
    assert "\u202e" not in shown
    assert shown.startswith("\\x1b[2J\\x1b[31m<h1 style='color:red'>KASA KAPALI</h1>")
    assert shown.endswith("\\u202e\\x07\\x9b\\x0a")


def test_customer_and_scans_print_no_terminal_escapes(data_dir: Path) -> None:
    card = _venue_with_an_evil_guest(data_dir)
    customer = run("customer", card, "--data-dir", str(data_dir))
    assert customer.returncode == 0, customer.stderr
    assert "\x1b" not in customer.stdout and "\u202e" not in customer.stdout
    assert "<h1 style='color:red'>KASA KAPALI</h1>" in customer.stdout
    scans = run("scans", "--data-dir", str(data_dir))
    assert scans.returncode == 0, scans.stderr
    assert "\x1b" not in scans.stdout
    assert "12\\x1b[2J" in scans.stdout


def test_scan_times_are_venue_local_for_people_and_utc_in_json(data_dir: Path) -> None:
    _venue_with_an_evil_guest(data_dir)
    text = run("scans", "--data-dir", str(data_dir))
    assert text.stdout.splitlines()[0] == "times in Europe/Istanbul"
    assert text.stdout.splitlines()[1].startswith("2026-11-25 00:30:05  guest")
    payload = json.loads(run("scans", "--data-dir", str(data_dir), "--json").stdout)
    assert payload["scans"][0]["at"] == "2026-11-24T21:30:05+00:00"
