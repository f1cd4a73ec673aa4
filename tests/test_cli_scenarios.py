"""`boostdesk scenarios run|report` and `outbox` on the demo venue, as a user runs them."""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from boostdesk.domain import scenarios as rules
from boostdesk.services import venue

DEMO_OWNER_PIN = "1234"


def run(*args: str, pin: str | None = DEMO_OWNER_PIN) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in ("BOOSTDESK_DATA_DIR", "BOOSTDESK_PIN")}
    if pin is not None:
        env["BOOSTDESK_PIN"] = pin
    return subprocess.run(
        [sys.executable, "-m", "boostdesk", *args],
        capture_output=True,
        text=True,
        timeout=300,
        env=env,
    )


@pytest.fixture(scope="module")
def demo_built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A 2 000-guest demo venue as the `demo` command builds it (history up to yesterday)."""
    folder = tmp_path_factory.mktemp("scenario-demo")
    result = run("demo", "--data-dir", str(folder), "--customers", "2000", "--seed", "3", pin=None)
    assert result.returncode == 0, result.stderr
    return folder


@pytest.fixture
def demo_dir(demo_built: Path, tmp_path: Path) -> Path:
    folder = tmp_path / "demo"
    folder.mkdir()
    shutil.copy(venue.database_path(demo_built), venue.database_path(folder))
    return folder


def _winback_expected(conn: sqlite3.Connection, key: str, customer_id: int, at: int) -> int:
    total, months = conn.execute(
        "SELECT COALESCE(SUM(amount_minor), 0), "
        "COUNT(DISTINCT strftime('%Y-%m', local_day * 86400, 'unixepoch')) FROM visit "
        "WHERE customer_id = ? AND voided_at IS NULL AND visited_at < ?",
        (customer_id, at),
    ).fetchone()
    reward = rules.TEMPLATES[key].reward
    monthly = total / months if months else 0
    raw = int((monthly * reward.factor + 250) // 500) * 500
    return max(reward.min_minor, min(reward.max_minor, raw))


def test_demo_run_issues_win_back_vouchers_by_the_formula_and_nothing_twice(demo_dir: Path):
    first = run("scenarios", "run", "--json", "--data-dir", str(demo_dir))
    assert first.returncode == 0, first.stderr
    payload = json.loads(first.stdout)
    assert set(payload) == {"as_of", "scenarios"}
    by_key = {s["key"]: s for s in payload["scenarios"]}
    for s in by_key.values():
        assert set(s) == {
            "key",
            "audience",
            "treated",
            "holdout",
            "vouchers",
            "messages",
            "cost_minor",
            "skipped",
        }
        assert set(s["skipped"]) == {"frequency", "budget", "consent"}
    winback = by_key["winback_at_risk"]
    assert winback["vouchers"] > 0 and by_key["winback_lost"]["vouchers"] > 0
    # the shipped monthly budgets carry a café's first run: nobody left out for budget
    assert winback["skipped"]["budget"] == by_key["winback_lost"]["skipped"]["budget"] == 0
    conn = sqlite3.connect(venue.database_path(demo_dir))
    rows = conn.execute(
        "SELECT s.key, m.customer_id, m.at, v.value FROM scenario_member m "
        "JOIN scenario s ON s.id = m.scenario_id JOIN voucher v ON v.id = m.voucher_id "
        "WHERE s.key LIKE 'winback%'"
    ).fetchall()
    assert len(rows) == winback["vouchers"] + by_key["winback_lost"]["vouchers"]
    for key, customer_id, at, value in rows:
        reward = rules.TEMPLATES[key].reward
        assert reward.min_minor <= value <= reward.max_minor and value % 500 == 0
        assert value == _winback_expected(conn, key, customer_id, at)
    assert winback["cost_minor"] == sum(r[3] for r in rows if r[0] == "winback_at_risk")
    # messages only on a channel the guest consents to (the latest record of that channel)
    messages = conn.execute("SELECT customer_id, channel FROM outbox").fetchall()
    assert len(messages) == sum(s["messages"] for s in by_key.values()) > 0
    for customer_id, channel in messages:
        (granted,) = conn.execute(
            "SELECT granted FROM consent WHERE customer_id = ? AND channel = ? "
            "ORDER BY recorded_at DESC, id DESC LIMIT 1",
            (customer_id, channel),
        ).fetchone()
        assert granted == 1
    vouchers = conn.execute("SELECT COUNT(*) FROM voucher").fetchone()[0]
    conn.close()

    second = run("scenarios", "run", "--json", "--data-dir", str(demo_dir))
    assert second.returncode == 0, second.stderr
    again = json.loads(second.stdout)
    assert again["as_of"] == payload["as_of"]
    assert all(s["vouchers"] == 0 and s["messages"] == 0 for s in again["scenarios"])
    conn = sqlite3.connect(venue.database_path(demo_dir))
    assert conn.execute("SELECT COUNT(*) FROM voucher").fetchone()[0] == vouchers
    conn.close()

    report = run("scenarios", "report", "--json", "--data-dir", str(demo_dir), pin=None)
    assert report.returncode == 0, report.stderr
    results = {r["key"]: r for r in json.loads(report.stdout)["scenarios"]}
    assert results["winback_at_risk"]["treated"] == winback["treated"]
    assert results["winback_at_risk"]["verdict"] == "too_small"  # a handful held out on day one


def test_run_needs_the_owner_pin(demo_dir: Path):
    result = run("scenarios", "run", "--json", "--data-dir", str(demo_dir), pin=None)
    assert result.returncode == 1
    assert result.stderr.count("\n") == 1 and "PIN" in result.stderr


def test_the_run_s_vouchers_print_as_one_batch(demo_dir: Path):
    from boostdesk.hardware import fake_printer

    assert run("scenarios", "run", "--data-dir", str(demo_dir)).returncode == 0
    conn = sqlite3.connect(venue.database_path(demo_dir))
    issued = [
        code
        for (code,) in conn.execute(
            "SELECT code FROM voucher WHERE source LIKE 'scenario:%' AND printed_at IS NULL"
        )
    ]
    conn.close()
    assert issued
    with fake_printer.FakeNetworkPrinter() as printer:
        result = run(
            "vouchers",
            "print",
            "--waiting",
            "--printer",
            printer.url,
            "--data-dir",
            str(demo_dir),
            pin=None,
        )
    assert result.returncode == 0, result.stderr
    job = b"".join(printer.jobs)
    assert all(code.encode() in job for code in issued)
    conn = sqlite3.connect(venue.database_path(demo_dir))
    waiting = conn.execute(
        "SELECT COUNT(*) FROM voucher WHERE printed_at IS NULL AND redeemed_at IS NULL "
        "AND cancelled_at IS NULL AND (expires_at IS NULL OR expires_at > strftime('%s', 'now'))"
    ).fetchone()[0]
    assert waiting == 0
    conn.close()
    nothing = run(
        "vouchers",
        "print",
        "--waiting",
        "--printer",
        "tcp://127.0.0.1:9",
        "--data-dir",
        str(demo_dir),
        pin=None,
    )
    assert nothing.returncode == 0 and "no voucher is waiting" in nothing.stdout
    both = run(
        "vouchers", "print", "--printer", "tcp://127.0.0.1:9", "--data-dir", str(demo_dir), pin=None
    )
    assert both.returncode == 2
