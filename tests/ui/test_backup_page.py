"""The Backup page with real widgets, real files, a real USB-like mount, and the GUI refusing a
damaged database at start-up."""

from __future__ import annotations

import datetime as dt
import json
import shutil
import sqlite3
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from boostdesk.services import backup, ops, venue
from boostdesk.ui import backup_page, removable

OWNER = ops.Actor(user_id=1, name="Owner", role=ops.Role.OWNER)
PASSPHRASE = "correct horse battery staple"


@pytest.fixture
def english(qapp):  # type: ignore[no-untyped-def]
    """English plurals ("10 days") come from the English translation file."""
    from PySide6.QtCore import QCoreApplication, QLocale

    from boostdesk.ui import i18n

    translators = i18n.install(qapp, "en")
    yield
    for translator in translators:
        QCoreApplication.removeTranslator(translator)
    QLocale.setDefault(QLocale.c())


@pytest.fixture
def page(
    qtbot, english: None, demo_venue: venue.Venue, tmp_path: Path
) -> Iterator[backup_page.BackupPage]:  # type: ignore[no-untyped-def]
    watcher = removable.RemovableWatcher(roots=[tmp_path / "media"])
    widget = backup_page.BackupPage(demo_venue, lambda: OWNER, watcher)
    # The page's child, as the app's own watcher is: deleted with the page, on the GUI thread.
    # Left parentless, it outlived the page with its 2 s timer running, and whichever thread ran
    # Python's cycle collector next deleted it (a later test's database worker or start-up
    # check): "QObject::killTimer: Timers cannot be stopped from another thread".
    watcher.setParent(widget)
    qtbot.addWidget(widget)
    widget.show()
    yield widget
    widget.worker.stop()


def _type_passphrase(page: backup_page.BackupPage, first: str, second: str | None = None) -> None:
    page.passphrase_edit.setText(first)
    page.confirm_edit.setText(first if second is None else second)


def test_a_backup_from_the_page_is_written_and_listed(
    qtbot, qtmodeltester, page: backup_page.BackupPage, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    assert "No backup" in page.overdue_label.text()
    # before the first backup the owner reads what the list will hold, not a blank table
    assert page.no_history.isVisible() and not page.history.isVisible()
    assert "No backup made from this computer yet" in page.no_history.text()
    _type_passphrase(page, PASSPHRASE)
    page.remember_check.setChecked(True)
    with qtbot.waitSignal(page.finished, timeout=60_000) as done:
        assert page.start_backup(tmp_path / "stick")
    assert done.args == [True]
    written = list((tmp_path / "stick").glob("*.bdbackup"))
    assert len(written) == 1
    assert "Backup written" in page.message.text()
    model = page.history_model
    assert model.rowCount() == 1 and model.index(0, 3).data() == str(written[0])
    assert page.history.isVisible() and not page.no_history.isVisible()
    qtmodeltester.check(model)
    assert page.overdue_label.isHidden()
    assert "on" in page.status_label.text()  # the passphrase is kept for the daily backups
    assert page.passphrase_edit.text() == ""
    assert backup.verify(written[0], PASSPHRASE).header.venue == "Kahve Durağı (demo)"


def test_passphrase_mistakes_are_said_and_nothing_is_written(
    page: backup_page.BackupPage, tmp_path: Path
) -> None:
    _type_passphrase(page, "short")
    assert not page.start_backup(tmp_path / "stick")
    assert "at least 8 characters" in page.message.text()
    _type_passphrase(page, PASSPHRASE, PASSPHRASE + "!")
    assert not page.start_backup(tmp_path / "stick")
    assert "differ" in page.message.text()
    assert not (tmp_path / "stick").exists()


def test_a_backup_overdue_for_ten_days_is_shown(
    page: backup_page.BackupPage, demo_venue: venue.Venue
) -> None:
    folder = demo_venue.data_dir / "backups"
    folder.mkdir(exist_ok=True)
    when = dt.datetime.now(dt.UTC) - dt.timedelta(days=10, hours=1)
    entry = {
        "file": "/media/stick/x.bdbackup",
        "created_at": when.isoformat(),
        "size": 1,
        "seconds": 1.0,
        "kind": "manual",
    }
    (folder / backup.HISTORY_FILE).write_text(json.dumps([entry]))
    page.refresh()
    assert page.overdue_label.text() == "Last backup 10 days ago."
    assert page.overdue_label.isVisibleTo(page)


@pytest.fixture
def media(tmp_path: Path) -> Iterator[Path]:
    root = tmp_path / "media"
    root.mkdir()
    yield root
    for stick in root.iterdir():
        subprocess.run(["umount", str(stick)], capture_output=True)


def test_a_stick_plugged_in_is_offered_and_a_full_one_is_said_so(
    qtbot, page: backup_page.BackupPage, media: Path
) -> None:  # type: ignore[no-untyped-def]
    stick = media / "KINGSTON"
    stick.mkdir()
    assert page.stick_button.isHidden()
    with qtbot.waitSignal(page.watcher.drive_added, timeout=10_000):
        mounted = subprocess.run(
            ["mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", str(stick)], capture_output=True
        )
        if mounted.returncode != 0:
            pytest.skip("mounting a tmpfs is not permitted here")
    assert page.stick_button.isVisibleTo(page)
    assert str(stick) in page.stick_button.text()
    assert "USB stick found" in page.message.text()

    _type_passphrase(page, PASSPHRASE)
    with qtbot.waitSignal(page.finished, timeout=60_000) as done:
        page.stick_button.click()
    assert done.args == [False]
    assert "is full" in page.message.text() and "intact" in page.message.text()
    assert list(stick.iterdir()) == []

    with qtbot.waitSignal(page.watcher.drive_removed, timeout=10_000):
        subprocess.run(["umount", str(stick)], check=True)
    assert page.stick_button.isHidden()


def test_the_gui_does_not_open_a_damaged_database_and_names_the_newest_backup(
    qtbot, demo_template: Path, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication, QMessageBox

    from boostdesk.ui import application

    data_dir = tmp_path / "venue"
    data_dir.mkdir()
    shutil.copy(venue.database_path(demo_template), venue.database_path(data_dir))
    opened = venue.open_venue(data_dir)
    made = backup.create(opened, OWNER, tmp_path / "stick", PASSPHRASE).value
    opened.close()
    db = venue.database_path(data_dir)
    conn = sqlite3.connect(db)
    page_size, pages = (
        conn.execute(f"PRAGMA {p}").fetchone()[0] for p in ("page_size", "page_count")
    )
    conn.close()
    with db.open("r+b") as handle:
        handle.seek(page_size * (pages // 2))
        handle.write(b"\xba\xad" * (page_size // 4))
    damaged = db.read_bytes()

    seen: list[str] = []

    def close_dialog() -> None:
        box = QApplication.activeModalWidget()
        if isinstance(box, QMessageBox):
            seen.append(box.text())
            box.reject()
        else:
            QTimer.singleShot(20, close_dialog)

    QTimer.singleShot(20, close_dialog)
    app = QApplication.instance()
    sheet = app.styleSheet()
    try:
        code = application.run(
            data_dir=data_dir, lang="en", demo=False, reader_port=None, argv=["boostdesk"]
        )
    finally:
        app.setStyleSheet(sheet)
    assert code == 1
    assert seen and seen[0].startswith("The venue's database file is damaged.")
    assert str(made.file) in seen[0]
    assert db.read_bytes() == damaged
