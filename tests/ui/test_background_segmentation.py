"""Segments move by themselves: a venue whose last full run is 40 days old is brought to today in
the background when the app opens, while the GUI event loop keeps running."""

from __future__ import annotations

import datetime as dt
import threading
import time
import zoneinfo
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QTimer

from boostdesk.services import demo, venue
from boostdesk.ui import application, main_window, task_runner

ZONE = "Europe/Istanbul"
# A coarse guard against a frozen window only: the figure itself (≤ 50 ms on 100 000 guests) is
# measured by tests/benchmarks/backoffice.py; a unit test on a busy 2-core machine cannot time it.
STALL_LIMIT_S = 0.5


@pytest.fixture
def stale_venue(tmp_path: Path) -> Iterator[venue.Venue]:
    """A small venue whose history and last full segment run end 40 days ago."""
    today = dt.datetime.now(zoneinfo.ZoneInfo(ZONE)).date()
    folder = tmp_path / "venue"
    demo.build(venue.database_path(folder), customers=300, seed=11, as_of=today - dt.timedelta(40))
    opened = venue.open_venue(folder)
    yield opened
    opened.close()


def lifecycle_by_guest(opened: venue.Venue) -> dict[int, str]:
    rows = opened.store.execute("SELECT customer_id, lifecycle FROM segment_readable")
    return {int(guest): str(segment) for guest, segment in rows}


def test_a_venue_left_for_40_days_is_segmented_for_today_in_the_background(
    qtbot, stale_venue: venue.Venue
) -> None:  # type: ignore[no-untyped-def]
    opened = stale_venue
    before = lifecycle_by_guest(opened)
    assert {"vip", "loyal", "regular"} <= set(before.values())  # as of 40 days ago
    assert opened.segmentation.needs_full_run()
    start_of_today = int(
        dt.datetime.combine(
            opened.segmentation.today(), dt.time(), zoneinfo.ZoneInfo(ZONE)
        ).timestamp()
    )

    # Where the full run happens: the real method, observed (never on the GUI thread).
    threads: list[int] = []
    real_recompute_all = opened.segmentation.recompute_all

    def observed_recompute_all(*args, **kwargs):  # type: ignore[no-untyped-def]
        threads.append(threading.get_ident())
        return real_recompute_all(*args, **kwargs)

    opened.segmentation.recompute_all = observed_recompute_all  # type: ignore[method-assign]
    runner = task_runner.TaskRunner()
    window = main_window.MainWindow(opened, runner, demo=True)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    qtbot.wait(300)  # the window's own first paint and reads are not the background run
    beats: list[float] = []
    heartbeat = QTimer(interval=5)
    heartbeat.timeout.connect(lambda: beats.append(time.monotonic()))
    heartbeat.start()
    try:
        beats.append(time.monotonic())
        background = application.start_background_work(window, runner)
        with qtbot.waitSignal(background.run_finished, timeout=30_000) as finished:
            pass
        beats.append(time.monotonic())
    finally:
        heartbeat.stop()
        runner.stop()

    longest = max(b - a for a, b in zip(beats, beats[1:], strict=False))
    assert threads and threading.get_ident() not in threads  # the run was a worker's
    assert longest < STALL_LIMIT_S, f"the event loop stalled {longest * 1000:.0f} ms"
    assert finished.args[0].changed_guests > 0
    assert not opened.segmentation.needs_full_run()
    after = lifecycle_by_guest(opened)
    # Everyone's last visit is now 40 days or more ago: the regulars stopped coming.
    stopped = [g for g, segment in before.items() if segment in ("vip", "loyal", "regular")]
    assert stopped and all(after[g] in ("lost", "gone") for g in stopped)
    moved = opened.store.execute(
        "SELECT COUNT(DISTINCT customer_id) FROM segment_history "
        "WHERE family = 'lifecycle' AND to_segment = 'lost' AND at >= ?",
        (start_of_today,),
    ).fetchone()[0]
    assert moved >= len([g for g in stopped if after[g] == "lost"]) > 0


def test_the_next_run_is_planned_for_local_midnight(qtbot, stale_venue: venue.Venue) -> None:  # type: ignore[no-untyped-def]
    runner = task_runner.TaskRunner()
    window = main_window.MainWindow(stale_venue, runner, demo=True)
    qtbot.addWidget(window)
    try:
        background = application.start_background_work(window, runner)
        left = stale_venue.segmentation.seconds_to_next_day()
        assert background.midnight.isActive()
        assert abs(background.midnight.remainingTime() / 1000 - left) < 10
        with qtbot.waitSignal(background.run_finished, timeout=30_000):
            pass
        # midnight comes: nothing to do once today's run is stored
        background.on_midnight_timeout()
        qtbot.wait(200)
        assert not background.running
    finally:
        runner.stop()


def test_a_full_disk_at_the_counter_is_said_plainly_with_the_detail_folded(
    qtbot, demo_venue: venue.Venue, turkish, sign_in_at_till
) -> None:  # type: ignore[no-untyped-def]
    """The visit cannot be stored (SQLite's page limit: an honest SQLITE_FULL on the worker's
    own connection); the cashier reads what happened in Turkish, the detail is folded below."""
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QMessageBox

    from boostdesk.domain import codes
    from boostdesk.storage import database

    runner = task_runner.TaskRunner()
    window = main_window.MainWindow(demo_venue, runner, demo=True)
    qtbot.addWidget(window)
    window.show()
    sign_in_at_till(window)

    def fill_up() -> None:  # on the worker thread, whose connection saves the visit
        conn = database.raw_connection(demo_venue.store)
        pages = conn.execute("PRAGMA page_count").fetchone()[0]
        conn.execute(f"PRAGMA max_page_count = {pages}")

    try:
        counter = window.counter
        with qtbot.waitSignal(counter.guest_shown, timeout=5000):
            counter.lookup(codes.card_number(1))
        filled: list[bool] = []
        runner.submit(fill_up, lambda _: filled.append(True))
        qtbot.waitUntil(lambda: bool(filled), timeout=5000)
        qtbot.keyClicks(counter.form.amount_edit, "125,50")
        qtbot.keyClick(counter.form.amount_edit, Qt.Key.Key_Return)
        qtbot.waitUntil(lambda: isinstance(getattr(counter, "problem_box", None), QMessageBox))
        assert counter.message.text().startswith("Disk dolu, bu yüzden kaydedilmedi.")
        box = counter.problem_box
        assert box.text() == counter.message.text()
        assert box.detailedText().startswith("SQLITE_FULL")
        box.reject()
    finally:
        runner.stop()


def test_after_the_background_run_points_expire_and_the_scenarios_run_as_the_system(
    qtbot, stale_venue: venue.Venue
) -> None:  # type: ignore[no-untyped-def]
    opened = stale_venue
    runner = task_runner.TaskRunner()
    window = main_window.MainWindow(opened, runner, demo=True)
    qtbot.addWidget(window)
    try:
        background = application.start_background_work(window, runner)
        with qtbot.waitSignal(background.scenarios_finished, timeout=60_000) as finished:
            pass
    finally:
        runner.stop()
    report = finished.args[0]
    assert report.as_of == opened.segmentation.today()
    by_key = {s.key: s for s in report.scenarios}
    # the regulars who stopped coming 40 days ago entered Lost today: the win-back goes out
    assert by_key["winback_lost"].vouchers > 0
    (run_by,) = {
        row[0]
        for row in opened.store.execute(
            "SELECT user_id FROM audit_log WHERE action = 'scenarios.run'"
        ).fetchall()
    }
    assert run_by is None  # the system, not a person
    expired = opened.store.execute(
        "SELECT COUNT(*) FROM ledger_entry WHERE kind = 'expire' AND note = 'nightly'"
    ).fetchone()[0]
    assert expired > 0
