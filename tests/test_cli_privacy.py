"""``boostdesk requests list|add|close`` as an owner runs them: real processes, a real venue."""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from boostdesk.services import venue


@pytest.fixture
def folder(demo_template: Path, tmp_path: Path) -> Path:
    data_dir = tmp_path / "venue"
    data_dir.mkdir()
    shutil.copy(venue.database_path(demo_template), venue.database_path(data_dir))
    return data_dir


def run(folder: Path, *args: str, pin: str = "1234") -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "BOOSTDESK_PIN": pin}
    return subprocess.run(
        [sys.executable, "-m", "boostdesk", "requests", *args, "--data-dir", str(folder)],
        capture_output=True,
        text=True,
        env=env,
        stdin=subprocess.DEVNULL,
        timeout=120,
    )


def test_requests_are_added_listed_with_due_dates_and_closed(folder: Path) -> None:
    received = (dt.date.today() - dt.timedelta(days=40)).isoformat()
    added = run(folder, "add", "erasure", "--received", received, "--note", "by letter", "--json")
    assert added.returncode == 0, added.stderr
    first = json.loads(added.stdout)
    assert first["due_on"] == (dt.date.fromisoformat(received) + dt.timedelta(30)).isoformat()
    assert first["overdue"] is True and first["status"] == "open"
    assert run(folder, "add", "access").stdout.startswith("request 2 (access) due ")

    listed = run(folder, "list")
    assert listed.returncode == 0, listed.stderr
    assert "OVERDUE" in listed.stdout.splitlines()[0] and "by letter" in listed.stdout

    closed = run(folder, "close", str(first["id"]), "--note", "erased")
    assert closed.returncode == 0 and "closed on" in closed.stdout
    rows = json.loads(run(folder, "list", "--json").stdout)["requests"]
    assert [(r["id"], r["status"], r["overdue"]) for r in rows] == [
        (2, "open", False),
        (1, "closed", False),
    ]
    assert [
        r["id"] for r in json.loads(run(folder, "list", "--open", "--json").stdout)["requests"]
    ] == [2]

    again = run(folder, "close", "1")
    assert again.returncode == 1 and again.stderr.strip() == "boostdesk: there is no open request 1"
    wrong = run(folder, "list", pin="9999")
    assert wrong.returncode == 1 and "wrong owner PIN" in wrong.stderr
    assert run(folder, "add", "deletion").returncode == 2
