"""The command line as a user runs it: real processes, real data folders, no tracebacks."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from pathlib import Path

import pytest

from boostdesk import __version__
from boostdesk.services import setup, venue
from boostdesk.storage import database


def run(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    full_env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", **(env or {})}
    full_env.pop("BOOSTDESK_DATA_DIR", None) if env is None else None
    return subprocess.run(
        [sys.executable, "-m", "boostdesk", *args],
        capture_output=True,
        text=True,
        timeout=120,
        env=full_env,
    )


def test_version() -> None:
    result = run("--version")
    assert result.returncode == 0
    assert result.stdout.strip() == f"BoostDesk {__version__}"


def test_demo_command_builds_a_venue_and_prints_the_pins(tmp_path: Path) -> None:
    result = run("demo", "--data-dir", str(tmp_path), "--customers", "80", "--seed", "5")
    assert result.returncode == 0, result.stderr
    assert "80 guests" in result.stdout
    assert "owner PIN 1234" in result.stdout and "cashier PIN 0000" in result.stdout
    assert venue.is_set_up(tmp_path)


def test_data_dir_from_environment(tmp_path: Path) -> None:
    result = run("demo", "--customers", "10", env={"BOOSTDESK_DATA_DIR": str(tmp_path / "env")})
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "env" / "boostdesk.db").exists()


def test_demo_on_real_data_exits_non_zero_and_changes_nothing(data_dir: Path) -> None:
    opened = venue.open_venue(data_dir)
    setup.set_up_venue(opened, name="Gerçek Kafe", owner_pin="4321", cashier_pin="1111")
    opened.close()
    files = sorted(data_dir.rglob("*"))
    before = {p: hashlib.sha256(p.read_bytes()).hexdigest() for p in files if p.is_file()}
    result = run("demo", "--data-dir", str(data_dir), "--customers", "10")
    assert result.returncode == 1
    assert "real venue data" in result.stderr and "Traceback" not in result.stderr
    after = {p: hashlib.sha256(p.read_bytes()).hexdigest() for p in files if p.is_file()}
    assert sorted(data_dir.rglob("*")) == files and after == before


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["demo", "--customers", "0"], "must be at least 1"),
        (["demo", "--customers", "lots"], "not a whole number"),
        (["demo", "--as-of", "24.11.2026"], "not a date"),
        (["nonsense"], "invalid choice"),
    ],
)
def test_bad_arguments_give_a_clear_message(tmp_path: Path, args: list[str], message: str) -> None:
    result = run(*args, "--data-dir", str(tmp_path))
    assert result.returncode == 2
    assert message in result.stderr and "Traceback" not in result.stderr


def test_corrupt_database_gives_a_clear_message(tmp_path: Path) -> None:
    (tmp_path / "boostdesk.db").write_bytes(b"SQLite format 3\x00" + b"\x00garbage" * 600)
    before = (tmp_path / "boostdesk.db").read_bytes()
    result = run(
        "screenshot",
        "--page",
        "counter",
        "--out",
        str(tmp_path / "x.png"),
        "--data-dir",
        str(tmp_path),
    )
    assert result.returncode == 1
    assert "is damaged: restore it from a backup" in result.stderr
    assert "Traceback" not in result.stderr and len(result.stderr.splitlines()) == 1
    assert (tmp_path / "boostdesk.db").read_bytes() == before


def test_commands_on_a_missing_venue_say_how_to_create_one(tmp_path: Path) -> None:
    result = run(
        "screenshot",
        "--page",
        "counter",
        "--out",
        str(tmp_path / "x.png"),
        "--data-dir",
        str(tmp_path / "none"),
    )
    assert result.returncode == 1
    assert "boostdesk demo" in result.stderr


def test_demo_force_over_real_data_needs_the_owner_pin(data_dir: Path) -> None:
    opened = venue.open_venue(data_dir)
    setup.set_up_venue(opened, name="Gerçek Kafe", owner_pin="4321", cashier_pin="1111")
    opened.close()
    args = ("demo", "--data-dir", str(data_dir), "--customers", "10", "--force")
    refused = run(*args, env={"BOOSTDESK_PIN": "1111"})  # the cashier's PIN
    assert refused.returncode == 1
    assert refused.stderr == "boostdesk: wrong owner PIN\n"
    assert database.read_setting(venue.database_path(data_dir), "venue.name") == "Gerçek Kafe"
    replaced = run(*args, env={"BOOSTDESK_PIN": "4321"})
    assert replaced.returncode == 0, replaced.stderr
    assert "previous database was kept" in replaced.stdout
