"""segment, customer, clv and import as a user runs them (real processes, real files)."""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from boostdesk.domain import codes, segments
from boostdesk.services import ops, setup, venue

CDNOW = Path(__file__).resolve().parent / "data" / "CDNOW_sample.txt"


DEMO_OWNER_PIN, CDNOW_OWNER_PIN = "1234", "2468"


def run(*args: str, pin: str | None = None) -> subprocess.CompletedProcess[str]:
    """The command in a fresh process, with the owner PIN in ``BOOSTDESK_PIN`` when given."""
    env = {k: v for k, v in os.environ.items() if k not in ("BOOSTDESK_DATA_DIR", "BOOSTDESK_PIN")}
    if pin is not None:
        env["BOOSTDESK_PIN"] = pin
    return subprocess.run(
        [sys.executable, "-m", "boostdesk", *args],
        capture_output=True,
        text=True,
        timeout=180,
        env=env,
    )


@pytest.fixture
def demo_dir(demo_template: Path, tmp_path: Path) -> Path:
    folder = tmp_path / "demo"
    folder.mkdir()
    shutil.copy(venue.database_path(demo_template), venue.database_path(folder))
    return folder


def test_segment_json_counts_add_up_in_every_partitioning_family(demo_dir: Path) -> None:
    result = run("segment", "--data-dir", str(demo_dir), "--as-of", "2026-11-24", "--json")
    assert result.returncode == 0, result.stderr
    payload = json.loads(result.stdout)
    assert payload["customers"] == 600 and payload["as_of"] == "2026-11-24"
    assert payload["partitioning"] == list(segments.PARTITIONING)
    for family in payload["partitioning"]:
        assert sum(payload["families"][family].values()) == 600, family
    lifecycle = payload["families"]["lifecycle"]
    assert all(lifecycle[s] > 0 for s in segments.lifecycle.ORDER if s != "registered")
    assert set(payload["families"]["abc"]) == {"A", "B", "C"}


def test_customer_shows_segments_with_explanations(demo_dir: Path) -> None:
    card = codes.card_number(1)
    result = run("customer", card, "--data-dir", str(demo_dir), "--as-of", "2026-11-24", "--json")
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert report["card"] == card and report["metrics"]["visits"] > 0
    lifecycle = report["segments"]["lifecycle"]
    assert lifecycle["segment"] in segments.lifecycle.ORDER and "days" in lifecycle["rule"]
    assert set(report["segments"]) == set(segments.PARTITIONING)
    text = run("customer", card, "--data-dir", str(demo_dir), "--as-of", "2026-11-24")
    assert report["first_name"] in text.stdout and "lifecycle" in text.stdout


@pytest.mark.parametrize(
    ("card", "message"),
    [
        (codes.card_number(999_999), "no guest holds card"),
        ("2700000000015", "check digit"),
        (codes.voucher_code(1), "voucher code"),
    ],
)
def test_customer_with_a_bad_card_is_a_clear_error(demo_dir: Path, card: str, message: str) -> None:
    result = run("customer", card, "--data-dir", str(demo_dir))
    assert result.returncode == 1
    assert message in result.stderr and "Traceback" not in result.stderr


def _venue_with_cdnow(folder: Path, free_repeats: frozenset[str] = frozenset()) -> None:
    """A venue and its CDNOW import file; the repeat purchases of ``free_repeats`` cost 0."""
    opened = venue.open_venue(folder)
    setup.set_up_venue(opened, name="CDNOW", owner_pin="2468", cashier_pin="1357")
    # the CDNOW visits are from 1997-98, before the default earliest plausible day (2000)
    opened.settings.change(ops.SYSTEM, {"import.earliest_day": "1997-01-01"})
    opened.close()
    lines = ["customer_ref,card,visited_at,amount,category"]
    first_day: dict[str, str] = {}
    for row in CDNOW.read_text().split("\n"):
        if row.strip():
            ref, _, day, _, dollars = row.split()
            first_day.setdefault(ref, day)
            if ref in free_repeats and day != first_day[ref]:
                dollars = "0"
            lines.append(f"{ref},,{day},{dollars},")
    (folder / "cdnow.csv").write_text("\n".join(lines) + "\n")


def test_cdnow_import_and_clv_reproduce_the_published_estimates(tmp_path: Path) -> None:
    _venue_with_cdnow(tmp_path)
    imported = run(
        "import",
        "visits",
        str(tmp_path / "cdnow.csv"),
        "--data-dir",
        str(tmp_path),
        pin=CDNOW_OWNER_PIN,
    )
    assert imported.returncode == 0, imported.stderr
    assert "imported 6919 visits of 2357 guests (2357 new)" in imported.stdout
    again = run(
        "import",
        "visits",
        str(tmp_path / "cdnow.csv"),
        "--data-dir",
        str(tmp_path),
        pin=CDNOW_OWNER_PIN,
    )
    assert "imported 0 visits" in again.stdout  # the same file twice: stored once
    fitted = run(
        "clv",
        "--as-of",
        "1997-09-30",
        "--model",
        "bgnbd",
        "--json",
        "--data-dir",
        str(tmp_path),
        pin=CDNOW_OWNER_PIN,
    )
    assert fitted.returncode == 0, fitted.stderr
    params = json.loads(fitted.stdout)
    assert params["customers"] == 2357 and params["time_unit"] == "day"
    published = {
        "r": 0.243,
        "alpha": 4.414 * 7,
        "a": 0.793,
        "b": 2.426,
        "p": 6.25,
        "q": 3.74,
        "gamma": 15.44,
    }
    for name, expected in published.items():
        assert params[name] == pytest.approx(expected, rel=0.01), name


def test_clv_with_free_visits_fits_and_says_how_many_guests_the_spend_model_left_out(
    tmp_path: Path,
) -> None:
    # Customers 00004 and 00021 (among others) came back; all their repeat purchases were free.
    _venue_with_cdnow(tmp_path, frozenset({"00004", "00021"}))
    imported = run(
        "import",
        "visits",
        str(tmp_path / "cdnow.csv"),
        "--data-dir",
        str(tmp_path),
        pin=CDNOW_OWNER_PIN,
    )
    assert imported.returncode == 0, imported.stderr
    args = ("clv", "--as-of", "1998-06-30", "--data-dir", str(tmp_path))
    fitted = run(*args, "--json", pin=CDNOW_OWNER_PIN)
    assert fitted.returncode == 0, fitted.stderr
    payload = json.loads(fitted.stdout)
    assert payload["customers"] == 2357 and payload["spend_excluded"] == 2
    text = run(*args, pin=CDNOW_OWNER_PIN)
    assert text.returncode == 0, text.stderr
    assert "left out of the spend model (came back, no positive repeat spend): 2" in text.stdout


def test_import_with_bad_rows_lists_them_and_stores_nothing(demo_dir: Path) -> None:
    path = demo_dir / "pos.csv"
    path.write_text(
        "customer_ref;card;visited_at;amount;category\n"
        "A1;;2026-11-20 09:15;45,50;coffee\n"
        "A2;;20.11.2026;abc;tea\n"
        "A3;;yesterday;12,00;tea\n"
        "A4;;2026-11-21;10,00;shoes\n",
        encoding="cp1254",
    )
    before = run("segment", "--data-dir", str(demo_dir), "--json", pin=DEMO_OWNER_PIN)
    result = run("import", "visits", str(path), "--data-dir", str(demo_dir), pin=DEMO_OWNER_PIN)
    assert result.returncode == 1
    assert "line 3: not a money amount" in result.stdout
    assert "line 4: not a date" in result.stdout
    assert "line 5: unknown category 'shoes'" in result.stdout
    assert "nothing was imported" in result.stderr
    after = run("segment", "--data-dir", str(demo_dir), "--json", pin=DEMO_OWNER_PIN)
    assert json.loads(after.stdout)["customers"] == json.loads(before.stdout)["customers"]
    good = demo_dir / "good.csv"
    good.write_text(
        "customer_ref;card;visited_at;amount;category\n"
        f"X;{codes.card_number(2)};2026-11-20 09:15;1.234,50;Kahve\n"
    )
    result = run("import", "visits", str(good), "--data-dir", str(demo_dir), "--dry-run")
    assert result.returncode == 0 and "would import 1 visits" in result.stdout
    result = run("import", "visits", str(good), "--data-dir", str(demo_dir), pin=DEMO_OWNER_PIN)
    assert "imported 1 visits of 1 guests (0 new)" in result.stdout


def _segment_tables(folder: Path) -> tuple[list[tuple[object, ...]], list[tuple[object, ...]]]:
    conn = sqlite3.connect(venue.database_path(folder))
    try:
        current = conn.execute("SELECT * FROM segment_current ORDER BY customer_id").fetchall()
        moves = conn.execute("SELECT * FROM segment_history ORDER BY customer_id, id").fetchall()
    finally:
        conn.close()
    return current, moves


def test_segment_for_another_day_is_a_what_if_that_stores_nothing(demo_dir: Path) -> None:
    today = run("segment", "--data-dir", str(demo_dir), "--json", pin=DEMO_OWNER_PIN)
    assert today.returncode == 0, today.stderr
    assert json.loads(today.stdout)["stored"] is True
    stored = _segment_tables(demo_dir)
    assert len(stored[0]) == 600 and stored[1]
    for day in ("2025-06-01", "2030-01-01"):  # a past and a future day
        what_if = run("segment", "--data-dir", str(demo_dir), "--as-of", day)
        assert what_if.returncode == 0, what_if.stderr
        assert "nothing stored" in what_if.stdout
        assert _segment_tables(demo_dir) == stored, day


def _audit(folder: Path) -> list[tuple[object, ...]]:
    conn = sqlite3.connect(venue.database_path(folder))
    try:
        return conn.execute("SELECT action, user_id FROM audit_log ORDER BY id").fetchall()
    finally:
        conn.close()


def test_owner_commands_take_the_pin_from_a_file_or_the_environment(
    demo_dir: Path, tmp_path: Path
) -> None:
    pin_file = tmp_path / "pin.txt"
    pin_file.write_text("1234\n")
    by_file = run("segment", "--data-dir", str(demo_dir), "--pin-file", str(pin_file))
    assert by_file.returncode == 0, by_file.stderr
    by_env = run("segment", "--data-dir", str(demo_dir), pin=DEMO_OWNER_PIN)
    assert by_env.returncode == 0, by_env.stderr
    assert _audit(demo_dir)[-2:] == [("user.sign_in", 1), ("user.sign_in", 1)]


def test_owner_commands_without_a_pin_off_a_terminal_are_refused(demo_dir: Path) -> None:
    before = _segment_tables(demo_dir)
    for args in (("segment",), ("clv",), ("import", "visits", str(demo_dir / "none.csv"))):
        result = run(*args, "--data-dir", str(demo_dir))  # stdin is not a terminal here
        assert result.returncode == 1, args
        assert result.stderr.strip() == (
            "boostdesk: this command needs the owner PIN: give --pin-file FILE or set BOOSTDESK_PIN"
        ), args
    assert _segment_tables(demo_dir) == before
    # Reading commands need no PIN.
    assert run("customer", codes.card_number(1), "--data-dir", str(demo_dir)).returncode == 0
    assert run("scans", "--data-dir", str(demo_dir)).returncode == 0


def test_a_wrong_cli_pin_is_one_line_and_counts_toward_the_lockout(demo_dir: Path) -> None:
    before = _segment_tables(demo_dir)
    for attempt in range(5):
        result = run("segment", "--data-dir", str(demo_dir), pin="9999")
        assert result.returncode == 1
        assert result.stderr == "boostdesk: wrong owner PIN\n", attempt
    locked = run("segment", "--data-dir", str(demo_dir), pin=DEMO_OWNER_PIN)
    assert locked.returncode == 1
    assert "too many wrong PINs" in locked.stderr and "Traceback" not in locked.stderr
    assert _segment_tables(demo_dir) == before
    actions = [action for action, _ in _audit(demo_dir)]
    assert actions[-6:] == ["user.sign_in_failed"] * 5 + ["user.sign_in_locked"]
