"""``boostdesk vouchers`` as a user runs it: real processes, a real venue, a real TCP printer."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from boostdesk.hardware import fake_printer
from boostdesk.services import ops


def run(*args: str, pin: str | None = None) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    env.pop("BOOSTDESK_DATA_DIR", None)
    env.pop("BOOSTDESK_PIN", None)
    if pin is not None:
        env["BOOSTDESK_PIN"] = pin
    return subprocess.run(
        [sys.executable, "-m", "boostdesk", *args],
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
    )


@pytest.fixture
def voucher(demo_venue, data_dir: Path) -> tuple[Path, str, str]:
    """(data folder, voucher code, first name): a ₺50 voucher issued to a demo guest."""
    card, first_name = demo_venue.store.execute(
        "SELECT card.number, customer.first_name FROM card JOIN customer "
        "ON customer.id = card.customer_id ORDER BY card.id LIMIT 1"
    ).fetchone()
    code = demo_venue.vouchers.issue(ops.SYSTEM, card, 5000).value
    demo_venue.close()
    return data_dir, code, first_name


def _status(data_dir: Path, code: str) -> str:
    result = run("vouchers", "list", "--json", "--data-dir", str(data_dir))
    assert result.returncode == 0, result.stderr
    return next(v["status"] for v in json.loads(result.stdout)["vouchers"] if v["code"] == code)


def test_print_to_pdf_reads_back_and_leaves_the_voucher_waiting(voucher, tmp_path, pdf_pages):
    data_dir, code, first_name = voucher
    out = tmp_path / "voucher.pdf"
    result = run(
        "vouchers",
        "print",
        code,
        "--out",
        str(out),
        "--layout",
        "58mm",
        "--data-dir",
        str(data_dir),
    )
    assert result.returncode == 0, result.stderr
    (page,) = pdf_pages(out.read_bytes())
    assert f"Sevgili {first_name}," in page.text and "₺50,00" in page.text
    assert page.codes == (("Code128", code), ("QRCode", code))
    assert _status(data_dir, code) == "waiting"


def test_print_on_a_network_printer_marks_it_printed(voucher):
    data_dir, code, _ = voucher
    with fake_printer.FakeNetworkPrinter() as printer:
        result = run(
            "vouchers", "print", code, "--printer", printer.url, "--data-dir", str(data_dir)
        )
    assert result.returncode == 0, result.stderr
    (job,) = printer.jobs
    assert job.startswith(b"\x1b@")
    assert code.encode() in job and b"\x1dkI" in job  # the code, and GS k Code128
    assert b"50,00 TL" in job
    assert job.endswith(b"\x1dV\x00")
    assert _status(data_dir, code) == "printed"


def test_printer_switched_off_fails_in_one_line_and_the_voucher_waits(voucher):
    data_dir, code, _ = voucher
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    result = run(
        "vouchers",
        "print",
        code,
        "--printer",
        f"tcp://127.0.0.1:{port}",
        "--data-dir",
        str(data_dir),
    )
    assert result.returncode == 1
    assert len(result.stderr.strip().splitlines()) == 1
    assert "cannot reach the printer" in result.stderr and "stays unprinted" in result.stderr
    assert _status(data_dir, code) == "waiting"


def test_printer_hanging_up_mid_job_fails_and_the_voucher_waits(voucher):
    data_dir, code, _ = voucher
    with fake_printer.FakeNetworkPrinter(hang_up_after=40) as printer:
        result = run(
            "vouchers", "print", code, "--printer", printer.url, "--data-dir", str(data_dir)
        )
    assert result.returncode == 1, result.stdout
    assert len(result.stderr.strip().splitlines()) == 1
    assert "closed the connection during the job" in result.stderr
    assert _status(data_dir, code) == "waiting"


def test_list_unprinted_shows_what_is_to_hand_over(voucher):
    data_dir, code, first_name = voucher
    result = run("vouchers", "list", "--unprinted", "--data-dir", str(data_dir))
    assert result.returncode == 0, result.stderr
    line = next(line for line in result.stdout.splitlines() if line.startswith(code))
    assert "waiting" in line and "₺50,00" in line and first_name in line


@pytest.mark.parametrize(
    ("args", "code"),
    [
        (["vouchers", "print", "2800000000128", "--out", "x.pdf"], 2),  # check digit
        (["vouchers", "print", "2700000000014", "--out", "x.pdf"], 2),  # a card number
        (["vouchers", "print", "2800000000011"], 2),  # neither --out nor --printer
        (["vouchers", "print", "2800000000011", "--printer", "lpt1"], 2),
        (["vouchers", "print", "2800000000011", "--printer", "tcp://h:1", "--layout", "a4"], 2),
        (["vouchers", "print", "2899999999994", "--out", "x.pdf"], 1),  # no such voucher
        (["vouchers", "print", "2899999999994", "--printer", "system://Nowhere"], 1),
    ],
)
def test_wrong_arguments_and_unknown_vouchers(voucher, args, code, tmp_path):
    data_dir, _, _ = voucher
    result = run(*args, "--data-dir", str(data_dir))
    assert result.returncode == code, result.stderr
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    if code == 1:
        assert len(lines) == 1
    else:
        assert "error:" in lines[-1]


def test_issue_needs_the_owner_pin_prints_the_code_and_is_audited(voucher):
    data_dir, _, first_name = voucher
    card = "2700000000014"
    refused = run("vouchers", "issue", card, "--amount", "75,50", "--data-dir", str(data_dir))
    assert refused.returncode == 1
    assert refused.stderr.strip().splitlines() == [
        "boostdesk: this command needs the owner PIN: give --pin-file FILE or set BOOSTDESK_PIN"
    ]
    wrong = run(
        "vouchers", "issue", card, "--amount", "75,50", "--data-dir", str(data_dir), pin="9999"
    )
    assert wrong.returncode == 1 and wrong.stderr.strip() == "boostdesk: wrong owner PIN"

    issued = run(
        "vouchers",
        "issue",
        card,
        "--amount",
        "75,50",
        "--expires",
        "2030-01-31",
        "--data-dir",
        str(data_dir),
        pin="1234",
    )
    assert issued.returncode == 0, issued.stderr
    code = issued.stdout.strip()
    from boostdesk.domain import codes

    assert codes.parse(code).kind is codes.CodeKind.VOUCHER
    listed = json.loads(run("vouchers", "list", "--json", "--data-dir", str(data_dir)).stdout)
    (entry,) = [v for v in listed["vouchers"] if v["code"] == code]
    assert entry["status"] == "waiting" and entry["value"] == 7550
    assert entry["last_day"] == "2030-01-31" and entry["customer_id"] == 1

    import sqlite3

    with sqlite3.connect(data_dir / "boostdesk.db") as db:
        actions = [row[0] for row in db.execute("SELECT action FROM audit_log")]
    assert "vouchers.issue" in actions


def test_issue_refuses_a_card_nobody_holds(voucher):
    data_dir, _, _ = voucher
    result = run(
        "vouchers",
        "issue",
        "2799999999997",
        "--amount",
        "50",
        "--data-dir",
        str(data_dir),
        pin="1234",
    )
    assert result.returncode == 1
    assert result.stderr.strip() == "boostdesk: no guest holds this card"
