"""``boostdesk movements`` as a user runs it (real processes on real venue files)."""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import sqlite3
import subprocess
import sys
import zoneinfo
from pathlib import Path

import pytest

from boostdesk import cli_movements
from boostdesk.services import venue
from boostdesk.storage import segments as stored_segments

AS_OF = dt.date(2026, 11, 24)  # the demo template's last day (tests/conftest.py)
SMALL_OWNER_PIN, SMALL_CASHIER_PIN = "4321", "1111"  # tests/conftest.py small_venue
ZONE = "Europe/Istanbul"


def run(*args: str, pin: str | None = None) -> subprocess.CompletedProcess[str]:
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


@pytest.fixture(scope="module")
def history_dir(demo_template: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The 600-guest demo venue with weekly stored segment runs over its last two months."""
    folder = tmp_path_factory.mktemp("movements")
    shutil.copy(venue.database_path(demo_template), venue.database_path(folder))
    opened = venue.open_venue(folder)
    for weeks in range(8, -1, -1):
        opened.segmentation.recompute_all(AS_OF - dt.timedelta(weeks=weeks), persist=True)
    opened.close()
    return folder


def _stored_matrix(folder: Path, family: str, first: dt.date, last: dt.date) -> dict[str, dict]:
    """The transitions kept for the period, counted straight from segment_history."""
    zone = zoneinfo.ZoneInfo(ZONE)
    start = int(dt.datetime.combine(first, dt.time(), tzinfo=zone).timestamp())
    end = int(dt.datetime.combine(last + dt.timedelta(1), dt.time(), tzinfo=zone).timestamp())
    conn = sqlite3.connect(venue.database_path(folder))
    matrix: dict[str, dict[str, int]] = {}
    for src, dst, n in conn.execute(
        "SELECT from_segment, to_segment, COUNT(DISTINCT customer_id) FROM segment_history "
        "WHERE family = ? AND at >= ? AND at < ? GROUP BY 1, 2",
        (family, start, end),
    ):
        matrix.setdefault(src or "", {})[dst] = n
    conn.close()
    return matrix


@pytest.mark.parametrize(
    ("family", "first", "last"),
    [
        ("lifecycle", AS_OF - dt.timedelta(days=29), AS_OF),
        ("lifecycle", AS_OF - dt.timedelta(days=6), AS_OF),
        ("rfm", AS_OF - dt.timedelta(days=20), AS_OF - dt.timedelta(days=7)),
    ],
)
def test_movements_json_equals_the_transitions_stored_for_the_period(
    history_dir: Path, family: str, first: dt.date, last: dt.date
) -> None:
    result = run(
        "movements", "--data-dir", str(history_dir), "--from", first.isoformat(),
        "--to", last.isoformat(), "--family", family, "--json", pin="1234",
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    payload = json.loads(result.stdout)
    assert list(payload) == ["family", "from", "to", "matrix", "alerts"]
    assert (payload["family"], payload["from"], payload["to"]) == (
        family, first.isoformat(), last.isoformat()
    )  # fmt: skip
    expected = _stored_matrix(history_dir, family, first, last)
    assert sum(sum(row.values()) for row in expected.values()) > 0  # the period has movements
    assert payload["matrix"] == expected
    for alert in payload["alerts"]:
        assert payload["matrix"][alert["from"]][alert["to"]] == alert["guests"]


def test_movements_of_the_small_venue_with_alerts_and_text(small_venue: venue.Venue) -> None:
    folder = small_venue.data_dir
    small_venue.close()
    result = run("movements", "--data-dir", str(folder), "--json", pin=SMALL_OWNER_PIN)
    assert result.returncode == 0, result.stderr
    payload = json.loads(result.stdout)
    today = dt.datetime.now(zoneinfo.ZoneInfo(ZONE)).date()
    assert (payload["from"], payload["to"]) == ((today - dt.timedelta(6)).isoformat(), str(today))
    assert payload["matrix"] == {"loyal": {"at_risk": 3}, "regular": {"loyal": 1}}
    assert payload["alerts"] == [
        {"family": "lifecycle", "from": "loyal", "to": "at_risk", "guests": 3}
    ]
    text = run("movements", "--data-dir", str(folder), pin=SMALL_OWNER_PIN)
    assert "alert: 3 loyal guests slipped to at_risk" in text.stdout


def test_movements_needs_the_owner(small_venue: venue.Venue) -> None:
    folder = small_venue.data_dir
    small_venue.close()
    result = run("movements", "--data-dir", str(folder), "--json", pin=SMALL_CASHIER_PIN)
    assert result.returncode == 1
    assert result.stderr.strip() == "boostdesk: wrong owner PIN" and result.stdout == ""
    bad = run("movements", "--data-dir", str(folder), "--from", "2026-11-30", "--to",
              "2026-11-01", pin=SMALL_OWNER_PIN)  # fmt: skip
    assert bad.returncode == 1 and len(bad.stderr.strip().splitlines()) == 1
    wrong = run("movements", "--data-dir", str(folder), "--family", "zodiac")
    assert wrong.returncode == 2


def test_the_command_knows_every_stored_family() -> None:
    assert cli_movements._FAMILIES == stored_segments.FAMILIES
