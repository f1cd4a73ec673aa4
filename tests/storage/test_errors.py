"""Storage problems recognised for what they are: a full disk, a database another program holds
locked, a damaged file. Each on real SQLite files, the disk really full and the lock really held by
another process; the command line says one line with what to do."""

from __future__ import annotations

import contextlib
import os
import sqlite3
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from pathlib import Path

import peewee
import pytest

from boostdesk.domain import codes
from boostdesk.services import checkout, setup, venue
from boostdesk.storage import database, errors

OWNER_PIN = "4321"


def run(*args: str) -> subprocess.CompletedProcess[str]:
    """The command in a fresh process; owner commands get the owner PIN of :func:`set_up`."""
    env = {k: v for k, v in os.environ.items() if k != "BOOSTDESK_DATA_DIR"}
    env["BOOSTDESK_PIN"] = OWNER_PIN
    return subprocess.run(
        [sys.executable, "-m", "boostdesk", *args],
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
    )


def one_line_failure(result: subprocess.CompletedProcess[str], words: str) -> None:
    assert result.returncode == 1, (result.stdout, result.stderr)
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr, result.stderr
    assert words in result.stderr


def set_up(folder: Path) -> None:
    opened = venue.open_venue(folder)
    setup.set_up_venue(opened, name="Köşe Kafe", owner_pin=OWNER_PIN, cashier_pin="1111")
    opened.close()


def visits_csv(path: Path, rows: int) -> Path:
    lines = ["customer_ref,card,visited_at,amount,category"]
    lines += [f"G{i % 5000},,2026-0{1 + i % 9}-1{i % 10},{10 + i % 90}.50," for i in range(rows)]
    path.write_text("\n".join(lines) + "\n")
    return path


def test_a_full_database_reports_disk_full_not_a_failed_rollback(empty_venue: venue.Venue) -> None:
    """SQLite's own page limit gives an honest SQLITE_FULL; peewee's rollback used to hide it."""
    opened = empty_venue
    setup.set_up_venue(opened, name="Köşe Kafe", owner_pin="4321", cashier_pin="1111")
    cashier = opened.users.sign_in("1111")
    customer_id = opened.checkout.enrol(cashier, codes.card_number(8), checkout.Enrolment("Ayşe"))
    customer_id = customer_id.value
    pages = database.raw_connection(opened.store).execute("PRAGMA page_count").fetchone()[0]
    database.raw_connection(opened.store).execute(f"PRAGMA max_page_count = {pages + 2}")
    with pytest.raises(peewee.DatabaseError) as caught:
        for n in range(2000):
            draft = checkout.VisitDraft(customer_id, None, 12_50 + n, f"key-{n}", ("coffee",))
            opened.checkout.record_visit(cashier, draft)
    assert "full" in str(caught.value) and "rollback" not in str(caught.value)
    problem = venue.explain(caught.value, opened.data_dir)
    assert isinstance(problem, errors.DiskFullError)
    assert "is full: free some space" in str(problem)
    assert problem.detail.startswith("SQLITE_FULL")


@contextlib.contextmanager
def tiny_disk(tmp_path: Path, size: str) -> Iterator[Path]:
    if os.geteuid() != 0:
        pytest.skip("mounting a small disk needs root")
    mount_point = tmp_path / "tiny-disk"
    mount_point.mkdir()
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(mount_point)],
        capture_output=True,
    )
    if mounted.returncode != 0:
        pytest.skip("cannot mount a tmpfs here")
    try:
        yield mount_point
    finally:
        subprocess.run(["umount", "-l", str(mount_point)], check=True)


def test_an_import_onto_a_full_disk_is_one_line_and_keeps_the_venue(tmp_path: Path) -> None:
    with tiny_disk(tmp_path, "2m") as disk:  # room for the schema, not for the import
        folder = disk / "venue"
        set_up(folder)
        csv = visits_csv(tmp_path / "pos.csv", 40_000)
        result = run("import", "visits", str(csv), "--data-dir", str(folder))
        one_line_failure(result, "is full: free some space and try again")
        after = run("scans", "--data-dir", str(folder))
        assert after.returncode == 0, after.stderr  # the venue is still there and readable


HOLD_LOCK = textwrap.dedent(
    """
    import sqlite3, sys, time
    conn = sqlite3.connect(sys.argv[1], isolation_level=None)
    conn.execute("BEGIN EXCLUSIVE")
    print("locked", flush=True)
    sys.stdin.readline()
    """
)


def test_a_database_locked_by_another_program_is_said_plainly(tmp_path: Path) -> None:
    folder = tmp_path / "venue"
    set_up(folder)
    csv = visits_csv(tmp_path / "pos.csv", 10)
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLD_LOCK, str(venue.database_path(folder))],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline() == "locked\n"
        result = run("import", "visits", str(csv), "--data-dir", str(folder))
        one_line_failure(result, "is in use by another program")
    finally:
        holder.communicate("\n", timeout=10)
    assert run("import", "visits", str(csv), "--data-dir", str(folder)).returncode == 0


def test_a_damaged_database_is_said_plainly(tmp_path: Path) -> None:
    folder = tmp_path / "venue"
    set_up(folder)
    path = venue.database_path(folder)
    conn = sqlite3.connect(path)
    page = conn.execute("PRAGMA page_size").fetchone()[0]
    root = conn.execute("SELECT rootpage FROM sqlite_master WHERE name = 'scan_log'").fetchone()[0]
    conn.close()
    data = bytearray(path.read_bytes())
    data[(root - 1) * page : root * page] = b"\xa5" * page  # the scan log's first page broken
    path.write_bytes(bytes(data))
    before = path.read_bytes()
    result = run("scans", "--data-dir", str(folder))
    one_line_failure(result, "is damaged: restore it from a backup")
    assert path.read_bytes() == before


def test_classify_leaves_other_errors_alone(tmp_path: Path) -> None:
    assert errors.classify(ValueError("not an amount"), tmp_path / "boostdesk.db") is None
    assert errors.classify(peewee.IntegrityError("UNIQUE"), tmp_path / "boostdesk.db") is None
