"""Data-folder problems as a user meets them: a file given as the folder, a folder that cannot be
created, a read-only folder. The command line and the GUI each say one clear line (the GUI a
translated dialog with the technical detail folded below), never a traceback, and change nothing
on disk; commands that only read work on a read-only folder."""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from boostdesk.domain import codes
from boostdesk.services import venue


def run(*args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "BOOSTDESK_DATA_DIR"}
    env["QT_QPA_PLATFORM"] = "offscreen"
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


def fingerprint(folder: Path) -> dict[str, tuple[int, str]]:
    """Every file and folder under ``folder`` with its mode and content hash."""
    found: dict[str, tuple[int, str]] = {}
    for path in sorted(folder.rglob("*")):
        digest = hashlib.sha256(path.read_bytes()).hexdigest() if path.is_file() else "dir"
        found[str(path.relative_to(folder))] = (path.stat().st_mode, digest)
    return found


@contextlib.contextmanager
def read_only_view(folder: Path) -> Iterator[Path]:
    """``folder`` as a process sees a read-only folder: a read-only bind mount when running as
    root (root ignores permission bits), else the folder with its write bits removed."""
    if os.geteuid() != 0:
        modes = {p: p.stat().st_mode for p in [folder, *folder.rglob("*")]}
        for path in modes:
            path.chmod(modes[path] & ~0o222)
        try:
            yield folder
        finally:
            for path, mode in modes.items():
                path.chmod(mode)
        return
    view = folder.with_name(folder.name + "-ro")
    view.mkdir()
    mounted = subprocess.run(["mount", "--bind", str(folder), str(view)], capture_output=True)
    if mounted.returncode != 0:
        view.rmdir()
        pytest.skip("cannot bind-mount here (a read-only folder needs a mount as root)")
    try:
        subprocess.run(["mount", "-o", "remount,ro,bind", str(view)], check=True)
        yield view
    finally:
        subprocess.run(["umount", "-l", str(view)], check=True)
        view.rmdir()


@pytest.fixture
def venue_copy(demo_template: Path, tmp_path: Path) -> Path:
    folder = tmp_path / "venue"
    folder.mkdir()
    shutil.copy(venue.database_path(demo_template), venue.database_path(folder))
    return folder


# -- the command line ---------------------------------------------------------------------------


@pytest.mark.parametrize("command", [["scans"], ["segment"], ["demo", "--customers", "10"]])
def test_a_file_as_data_folder_is_one_line(tmp_path: Path, command: list[str]) -> None:
    notes = tmp_path / "notes.txt"
    notes.write_text("not a folder")
    before = fingerprint(tmp_path)
    result = run(*command, "--data-dir", str(notes))
    one_line_failure(result, "is a file, not a folder")
    assert fingerprint(tmp_path) == before


def test_a_data_folder_that_cannot_be_created_is_one_line(tmp_path: Path) -> None:
    notes = tmp_path / "notes.txt"
    notes.write_text("not a folder")
    before = fingerprint(tmp_path)
    one_line_failure(
        run("demo", "--customers", "10", "--data-dir", str(notes / "venue")), "cannot be created"
    )
    one_line_failure(run("scans", "--data-dir", str(notes / "venue")), "no venue in")
    assert fingerprint(tmp_path) == before


def test_reading_commands_work_on_a_read_only_folder_and_writes_are_one_line(
    venue_copy: Path,
) -> None:
    before = fingerprint(venue_copy)
    with read_only_view(venue_copy) as folder:
        scans = run("scans", "--json", "--data-dir", str(folder))
        assert scans.returncode == 0, scans.stderr
        assert json.loads(scans.stdout) == {"scans": []}
        card = codes.card_number(1)
        guest = run("customer", card, "--json", "--as-of", "2026-11-24", "--data-dir", str(folder))
        assert guest.returncode == 0, guest.stderr
        assert json.loads(guest.stdout)["card"] == card
        one_line_failure(run("segment", "--data-dir", str(folder)), "is read-only")
        one_line_failure(run("demo", "--force", "--data-dir", str(folder)), "is read-only")
    assert fingerprint(venue_copy) == before


def test_a_live_wal_database_in_a_read_only_folder_is_read_with_its_newest_rows(
    venue_copy: Path,
) -> None:
    """Another process has the venue open: its latest rows are still in the -wal file."""
    writer = venue.open_venue(venue_copy)
    try:
        writer.counter.log_scan("2700000000015", None, "rejected", "check_digit")
        assert venue.database_path(venue_copy).with_name("boostdesk.db-wal").stat().st_size > 0
        before = fingerprint(venue_copy)
        with read_only_view(venue_copy) as folder:
            scans = run("scans", "--json", "--data-dir", str(folder))
        assert scans.returncode == 0, scans.stderr
        assert [s["detail"] for s in json.loads(scans.stdout)["scans"]] == ["check_digit"]
        assert fingerprint(venue_copy) == before
    finally:
        writer.close()


# -- the GUI ------------------------------------------------------------------------------------


def start_gui(qtbot, data_dir: Path, lang: str = "tr") -> tuple[int, str, str]:  # type: ignore[no-untyped-def]
    """Start the app as ``boostdesk --data-dir`` does; return its exit code and the text and
    detail of the dialog it showed (closed by the test as a user would)."""
    from PySide6.QtCore import QCoreApplication, QLocale, QTimer, QTranslator
    from PySide6.QtWidgets import QApplication, QMessageBox

    from boostdesk.ui import application

    app = QApplication.instance()
    assert isinstance(app, QApplication)
    sheet = app.styleSheet()
    seen: list[tuple[str, str]] = []

    def close_dialog() -> None:
        box = QApplication.activeModalWidget()
        if isinstance(box, QMessageBox):
            seen.append((box.text(), box.detailedText()))
            box.reject()
        else:
            QTimer.singleShot(20, close_dialog)

    QTimer.singleShot(20, close_dialog)
    try:
        code = application.run(
            data_dir=data_dir, lang=lang, demo=False, reader_port=None, argv=["boostdesk"]
        )
    finally:
        for translator in app.findChildren(QTranslator):
            QCoreApplication.removeTranslator(translator)
        QLocale.setDefault(QLocale.c())
        app.setStyleSheet(sheet)
    assert len(seen) == 1
    return code, *seen[0]


def test_gui_start_on_a_file_is_a_translated_dialog_with_the_detail_folded(
    qtbot, tmp_path: Path, capfd: pytest.CaptureFixture[str]
) -> None:  # type: ignore[no-untyped-def]
    notes = tmp_path / "notes.txt"
    notes.write_text("not a folder")
    before = fingerprint(tmp_path)
    code, text, detail = start_gui(qtbot, notes)
    assert code == 1
    assert text.startswith("Verilen veri klasörü bir klasör değil, bir dosya.")
    assert "not a directory" in detail
    err = capfd.readouterr().err
    assert err.count("\n") == 1 and "is a file" in err and "Traceback" not in err
    assert fingerprint(tmp_path) == before


def test_gui_start_where_the_folder_cannot_be_created(
    qtbot, tmp_path: Path, capfd: pytest.CaptureFixture[str]
) -> None:  # type: ignore[no-untyped-def]
    notes = tmp_path / "notes.txt"
    notes.write_text("not a folder")
    before = fingerprint(tmp_path)
    code, text, detail = start_gui(qtbot, notes / "venue", lang="en")
    assert code == 1
    assert text.startswith("The data folder cannot be created there.")
    assert "NotADirectoryError" in detail
    err = capfd.readouterr().err
    assert err.count("\n") == 1 and "cannot be created" in err and "Traceback" not in err
    assert fingerprint(tmp_path) == before


def test_gui_start_on_a_read_only_folder(
    qtbot, venue_copy: Path, capfd: pytest.CaptureFixture[str]
) -> None:  # type: ignore[no-untyped-def]
    before = fingerprint(venue_copy)
    with read_only_view(venue_copy) as folder:
        code, text, detail = start_gui(qtbot, folder)
    assert code == 1
    assert text.startswith("BoostDesk veri klasörüne kayıt yapamıyor (klasör salt okunur).")
    assert "read-only" in detail
    err = capfd.readouterr().err
    assert err.count("\n") == 1 and "is read-only" in err and "Traceback" not in err
    assert fingerprint(venue_copy) == before


def test_a_what_if_segment_run_works_on_a_read_only_folder(venue_copy: Path) -> None:
    before = fingerprint(venue_copy)
    with read_only_view(venue_copy) as folder:
        result = run("segment", "--as-of", "2030-01-01", "--json", "--data-dir", str(folder))
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["as_of"] == "2030-01-01"
    assert fingerprint(venue_copy) == before


@pytest.mark.parametrize("page", ["guest", "backoffice"])
def test_screenshot_never_writes_to_the_venue(venue_copy: Path, tmp_path: Path, page: str) -> None:
    """Showing a guest logs a scan; the screenshot does it on a private copy."""
    venue.database_path(venue_copy).chmod(0o644)  # as an older BoostDesk left it: not even that
    before = fingerprint(venue_copy)
    out = tmp_path / "shots" / f"{page}.png"
    result = run("screenshot", "--page", page, "--out", str(out), "--data-dir", str(venue_copy))
    assert result.returncode == 0, result.stderr
    assert out.read_bytes().startswith(b"\x89PNG")
    assert fingerprint(venue_copy) == before
