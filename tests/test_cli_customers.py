"""``boostdesk customers`` and ``boostdesk export`` as an owner runs them: real processes."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import customers_venue as cv
import pytest

from boostdesk.services import venue


@pytest.fixture
def folder(data_dir: Path) -> Path:
    opened = venue.open_venue(data_dir)
    try:
        cv.build(opened)
    finally:
        opened.close()
    return data_dir


def run(folder: Path, *args: str, pin: str = cv.OWNER_PIN) -> subprocess.CompletedProcess[str]:
    pin_file = folder.parent / "pin"
    pin_file.write_text(pin + "\n")
    env = {k: v for k, v in os.environ.items() if not k.startswith("BOOSTDESK_")}
    return subprocess.run(
        [sys.executable, "-m", "boostdesk", *args, "--data-dir", str(folder),
         "--pin-file", str(pin_file)],
        capture_output=True, text=True, env=env, timeout=120, check=False,
    )  # fmt: skip


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("IŞIK", {"Ayşe IŞIK", "Mehmet ışık"}),
        ("ışık", {"Ayşe IŞIK", "Mehmet ışık"}),
        ("İpek", {"İpek Yılmaz", "ipek Demir", '=HYPERLINK("http://x") İPEK'}),
        ("ipek", {"İpek Yılmaz", "ipek Demir", '=HYPERLINK("http://x") İPEK'}),
        ("İPEK", {"İpek Yılmaz", "ipek Demir", '=HYPERLINK("http://x") İPEK'}),
    ],
)
def test_search_finds_turkish_names_however_typed(
    folder: Path, typed: str, expected: set[str]
) -> None:
    done = run(folder, "customers", "--search", typed, "--json")
    assert done.returncode == 0, done.stderr
    answer = json.loads(done.stdout)
    assert answer["total"] == len(expected)
    assert {c["name"] for c in answer["customers"]} == expected
    assert {"id", "card", "name", "lifecycle", "visits", "last_visit", "amount"} <= set(
        answer["customers"][0]
    )


def test_sort_and_limit(folder: Path) -> None:
    done = run(folder, "customers", "--sort=-amount", "--limit", "2", "--json")
    answer = json.loads(done.stdout)
    assert answer["total"] == 5
    assert [(c["name"], c["amount"]) for c in answer["customers"]] == [
        ("İpek Yılmaz", 600.0),
        ("Ayşe IŞIK", 200.0),
    ]


def test_wrong_arguments_and_wrong_pin(folder: Path) -> None:
    bad = run(folder, "customers", "--sort", "colour")
    assert bad.returncode == 2 and "Traceback" not in bad.stderr
    family = run(folder, "customers", "--segment", "mood=happy")
    assert family.returncode == 1 and len(family.stderr.strip().splitlines()) == 1
    wrong = run(folder, "customers", pin="0000")
    assert wrong.returncode == 1 and "wrong owner PIN" in wrong.stderr


def test_export_writes_a_readable_neutralised_file(folder: Path, tmp_path: Path) -> None:
    target = tmp_path / "out" / "guests.csv"
    target.parent.mkdir()
    done = run(folder, "export", "customers", str(target))
    assert done.returncode == 0, done.stderr
    text = target.read_text(encoding="utf-8-sig")
    assert "'=HYPERLINK" in text and ",=HYPERLINK" not in text
    bad = run(folder, "export", "customers", str(tmp_path / "x.pdf"))
    assert bad.returncode == 1 and "csv" in bad.stderr
