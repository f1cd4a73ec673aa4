"""The diagnostic log and the privacy of the data files: after a real scan and visit the log in the
data folder says what happened by ids only, and every file BoostDesk writes there (database, its
-wal/-shm, copies, logs) is readable by the OS user only."""

from __future__ import annotations

import logging
import re
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from boostdesk import diagnostics
from boostdesk.services import demo, ops, setup, venue
from boostdesk.ui import main_window, task_runner


@pytest.fixture
def logging_to(data_dir: Path) -> Iterator[Path]:
    level = logging.getLogger().level
    path = diagnostics.configure(data_dir)
    assert path == data_dir / "logs" / "boostdesk.log"
    yield path
    diagnostics.stop()
    logging.getLogger().setLevel(level)


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_a_scan_and_a_visit_are_logged_by_id_without_card_or_name(
    qtbot, demo_venue: venue.Venue, logging_to: Path, turkish, sign_in_at_till
) -> None:  # type: ignore[no-untyped-def]
    guest_id, number, first, last, phone, email = demo_venue.store.execute(
        "SELECT u.id, c.number, u.first_name, u.last_name, u.phone, u.email FROM card c "
        "JOIN customer u ON u.id = c.customer_id WHERE c.status = 'active' "
        "AND u.phone IS NOT NULL AND u.email IS NOT NULL ORDER BY c.id LIMIT 1"
    ).fetchone()
    runner = task_runner.TaskRunner()
    window = main_window.MainWindow(demo_venue, runner, demo=True)
    qtbot.addWidget(window)
    window.show()
    try:
        sign_in_at_till(window)
        window.start_reader(None, simulated=True)
        qtbot.waitUntil(lambda: window.reader_label.property("state") == "connected", timeout=5000)
        counter = window.counter
        with qtbot.waitSignal(counter.guest_shown, timeout=5000):
            window.reader.send_simulated(number)
        qtbot.keyClicks(counter.form.amount_edit, "125,50")
        with qtbot.waitSignal(counter.visit_saved, timeout=5000):
            qtbot.keyClick(counter.form.amount_edit, Qt.Key.Key_Return)
    finally:
        window.reader.stop()
        runner.stop()
    text = logging_to.read_text(encoding="utf-8")
    assert "serial reader connected" in text and "scan logged: guest" in text
    assert re.search(rf"visit \d+ saved for guest {guest_id}\b", text), text
    for personal in (number, first, last, phone, email):
        assert personal and personal not in text, personal
    assert mode(logging_to) == 0o600 and mode(logging_to.parent) == 0o700


def test_exception_text_never_reaches_the_log(logging_to: Path) -> None:
    try:
        raise ValueError("not an amount: 'Ayşe Yılmaz 0532 111 22 33'")
    except ValueError:
        logging.getLogger("boostdesk.test").exception("import failed for row %d", 7)
    text = logging_to.read_text(encoding="utf-8")
    assert "import failed for row 7" in text and "ValueError" in text
    assert "Ayşe" not in text and "0532" not in text


def test_data_files_and_copies_are_readable_by_the_os_user_only(tmp_path: Path) -> None:
    folder = tmp_path / "new" / "venue"
    opened = venue.open_venue(folder)
    opened.settings.change(ops.SYSTEM, {"venue.currency": "TRY"})  # a write: -wal, -shm exist
    path = opened.db_path
    try:
        assert mode(folder) == 0o700
        for each in (path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
            assert mode(each) == 0o600, each
    finally:
        opened.close()
    # an older version's world-readable file is made private when opened
    path.chmod(0o644)
    venue.open_venue(folder).close()
    assert mode(path) == 0o600
    # the demo over real data keeps a copy first: private too, in a private folder
    opened = venue.open_venue(folder)
    setup.set_up_venue(opened, name="Köşe Kafe", owner_pin="4321", cashier_pin="1111")
    opened.close()
    summary = demo.build(path, customers=20, seed=3, force=True)
    assert summary.replaced_copy is not None
    assert mode(summary.replaced_copy) == 0o600 and mode(summary.replaced_copy.parent) == 0o700
    assert mode(path) == 0o600
