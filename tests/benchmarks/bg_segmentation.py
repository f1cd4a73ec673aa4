"""The GUI event loop while the background segment run works (issue 9, acceptance 3).

    python tests/benchmarks/bg_segmentation.py [--data-dir /tmp/bench-bg50k] [--runs 5]

Builds the 50 000-guest demo venue with its history ending 40 days ago (so the app finds its
segments stale) unless it exists, then, for each run, opens the main window offscreen on a fresh
copy, lets it settle, starts the background work exactly as the app does
(``application.start_background_work``) and measures, with a 5 ms QTimer heartbeat on the GUI
thread, the longest gap between beats from the start until the run has finished. Prints each run's
longest stall and the run's own time, then their medians, the core count and load, and the longest
stall of the same window left idle as long as a run (the machine's share of the figure).
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import shutil
import statistics
import sys
import tempfile
import time
import zoneinfo
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QEventLoop, QTimer  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from boostdesk.services import demo, venue  # noqa: E402
from boostdesk.ui import application, main_window, task_runner  # noqa: E402

ZONE = "Europe/Istanbul"


def ensure(folder: Path, customers: int) -> None:
    if venue.database_path(folder).exists():
        return
    today = dt.datetime.now(zoneinfo.ZoneInfo(ZONE)).date()
    print(f"building {folder} ({customers} guests, history to 40 days ago) ...", flush=True)
    demo.build(venue.database_path(folder), customers=customers, as_of=today - dt.timedelta(40))


def settle(app: QApplication, seconds: float) -> None:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        app.processEvents()
        time.sleep(0.01)


def one_run(app: QApplication, source: Path) -> tuple[float, float]:
    """(longest event-loop stall, the run's own seconds) on a fresh copy of ``source``."""
    with tempfile.TemporaryDirectory(prefix="bg-seg-") as tmp:
        folder = Path(tmp)
        shutil.copy(venue.database_path(source), venue.database_path(folder))
        opened = venue.open_venue(folder)
        runner = task_runner.TaskRunner()
        window = main_window.MainWindow(opened, runner, demo=True)
        window.show()
        settle(app, 1.0)
        beats: list[float] = []
        heartbeat = QTimer(interval=5)
        heartbeat.timeout.connect(lambda: beats.append(time.monotonic()))
        heartbeat.start()
        loop = QEventLoop()
        seconds: list[float] = []
        beats.append(time.monotonic())
        background = application.start_background_work(window, runner)
        background.run_finished.connect(
            lambda result: (seconds.append(result.seconds), loop.quit())
        )
        QTimer.singleShot(120_000, loop.quit)
        loop.exec()
        beats.append(time.monotonic())
        heartbeat.stop()
        runner.stop()
        window.close()
        opened.close()
        if not seconds:
            raise SystemExit("the background run did not finish within 120 s")
        return max(b - a for a, b in zip(beats, beats[1:], strict=False)), seconds[0]


def idle_stall(app: QApplication, source: Path, seconds: float) -> float:
    """The longest gap between beats with the window open and no background run: what the
    machine's load alone does to the event loop (the baseline for the figure above)."""
    with tempfile.TemporaryDirectory(prefix="bg-idle-") as tmp:
        folder = Path(tmp)
        shutil.copy(venue.database_path(source), venue.database_path(folder))
        opened = venue.open_venue(folder)
        runner = task_runner.TaskRunner()
        window = main_window.MainWindow(opened, runner, demo=True)
        window.show()
        settle(app, 1.0)
        beats: list[float] = []
        heartbeat = QTimer(interval=5)
        heartbeat.timeout.connect(lambda: beats.append(time.monotonic()))
        heartbeat.start()
        loop = QEventLoop()
        QTimer.singleShot(int(seconds * 1000), loop.quit)
        beats.append(time.monotonic())
        loop.exec()
        beats.append(time.monotonic())
        heartbeat.stop()
        runner.stop()
        window.close()
        opened.close()
        return max(b - a for a, b in zip(beats, beats[1:], strict=False))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--data-dir", type=Path, default=Path("/tmp/bench-bg50k"))
    parser.add_argument("--customers", type=int, default=50_000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    ensure(args.data_dir, args.customers)
    stalls, runs = [], []
    for n in range(args.runs):
        stall, seconds = one_run(app, args.data_dir)
        stalls.append(stall)
        runs.append(seconds)
        print(f"run {n + 1}: longest stall {stall * 1000:.0f} ms, background run {seconds:.2f} s")
    idle = idle_stall(app, args.data_dir, statistics.median(runs))
    print(
        f"{args.customers} guests, {os.cpu_count()} cores, load average "
        f"{os.getloadavg()[0]:.1f}: idle window (no run, same duration) longest stall "
        f"{idle * 1000:.0f} ms"
    )
    print(
        f"{args.customers} guests, {os.cpu_count()} cores: longest event-loop stall median "
        f"{statistics.median(stalls) * 1000:.0f} ms (max {max(stalls) * 1000:.0f} ms) during "
        f"a background run of median {statistics.median(runs):.2f} s"
    )


if __name__ == "__main__":
    main()
