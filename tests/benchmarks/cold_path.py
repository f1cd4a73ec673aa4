"""The cold path (issue 8, acceptance 5): every figure is a fresh process, on this machine.

    python tests/benchmarks/cold_path.py [--bench-dir /tmp/bd-bench] [--runs 5]
                                         [--skip-large] [--import-rows 1000000]

Prints, with the machine's core count:

* ``boostdesk --version``: wall time of a fresh process (median of ``--runs``).
* ``boostdesk segment`` on the 50 000-guest demo venue against the plain aggregate, both fresh
  processes, run alternately (so both see the same machine load): the baseline is a fresh
  ``python`` that opens the same database with ``sqlite3`` and runs
  ``SELECT customer_id, COUNT(*), SUM(amount_minor), MAX(visited_at) FROM visit GROUP BY
  customer_id`` (the per-guest aggregate segmentation needs, on its covering index). The segment
  runs are for today and store what changed (owner work: the demo owner's PIN is given in
  ``BOOSTDESK_PIN``, so the PIN check is part of the figure); the first (unmeasured) run stores
  every guest.
  Peak memory (max RSS) of each ``segment`` process from ``/usr/bin/time -f %M``.
* the same on the 100 000-guest / 5 M-visit venue (unless ``--skip-large``).
* GUI start to the counter shown on the 100 000 / 5 M venue: a fresh process that builds the
  application and main window and shows it (offscreen); from spawning it until it reports that
  the first event-loop turn after ``show()`` ran.
* ``import visits`` of a CSV of ``--import-rows`` rows into a set-up venue without visits, against
  the ``sqlite3`` shell's ``.import`` of the same file into a bare table (same run, alternately).

Before measuring, the ``boostdesk`` package is byte-compiled once (``compileall``): an installed
BoostDesk (pip, the PyInstaller build) always has its bytecode, while a source checkout run with
``PYTHONDONTWRITEBYTECODE`` set would compile every module again in every fresh process (about
0.3 s of CPU for ``segment``), which no user ever pays. The baseline imports only ``sqlite3``.

Venues are built once into ``--bench-dir`` (``v50k``, ``v100k``: ~1 and ~3 minutes) and copied
before use, so runs never change the cached ones.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

AS_OF = "2026-11-24"
PLAIN = (
    "SELECT customer_id, COUNT(*), SUM(amount_minor), MAX(visited_at) FROM visit "
    "GROUP BY customer_id"
)
PLAIN_SCRIPT = (
    "import sqlite3, sys\n"
    "conn = sqlite3.connect(sys.argv[1])\n"
    f"rows = conn.execute({PLAIN!r}).fetchall()\n"
    "print(len(rows))\n"
)
GUI_SCRIPT = """
import os, sys, time
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
from pathlib import Path
from PySide6.QtCore import QTimer
from boostdesk.ui import application, task_runner
app = application.create_app(sys.argv[:1], "tr")
runner = task_runner.TaskRunner()
window = application.build_window(Path(sys.argv[1]), demo=False, runner=runner)
getattr(window, "show_on_screen", window.show)()  # as application.run shows it
def shown():
    print(f"SHOWN {time.time():.6f}", flush=True)
    app.quit()
QTimer.singleShot(0, shown)
app.exec()
runner.stop()
window.venue.close()
"""
TIME = "/usr/bin/time"
DEMO_OWNER_PIN = "1234"  # a stored segment run is owner work (BOOSTDESK_PIN)
IMPORT_OWNER_PIN = "2468"


def build(folder: Path, customers: int, visits: int | None) -> None:
    if (folder / "boostdesk.db").exists():
        return
    args = ["demo", "--data-dir", str(folder), "--customers", str(customers), "--as-of", AS_OF]
    if visits:
        args += ["--visits", str(visits)]
    print(f"building {folder} ...", flush=True)
    subprocess.run([sys.executable, "-m", "boostdesk", *args], check=True)


def working_copy(cached: Path, name: str) -> Path:
    """A copy of a cached venue, migrated and segmented once (the first run stores everyone)."""
    target = cached.parent / name
    shutil.rmtree(target, ignore_errors=True)
    target.mkdir(parents=True)
    shutil.copy(cached / "boostdesk.db", target / "boostdesk.db")
    boostdesk("segment", "--data-dir", str(target))
    return target


def with_pin(pin: str) -> dict[str, str]:
    return {**os.environ, "BOOSTDESK_PIN": pin}


def boostdesk(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "boostdesk", *args],
        check=True,
        capture_output=True,
        text=True,
        env=with_pin(DEMO_OWNER_PIN),
    )


Run = tuple[float, int, float]
"""Wall seconds, peak RSS (KiB) and CPU seconds (user + system, every thread) of one process."""


def timed(command: list[str], pin: str = DEMO_OWNER_PIN, show: bool = False) -> Run:
    """One fresh process running ``command`` (``show``: print what it printed, indented). The CPU
    time is printed beside the wall time: on a machine shared with other work it says what the
    process itself cost."""
    with tempfile.NamedTemporaryFile("r", suffix=".rss") as rss:
        started = time.perf_counter()
        done = subprocess.run(
            [TIME, "-f", "%M %U %S", "-o", rss.name, *command],
            check=True,
            stdout=subprocess.PIPE if show else subprocess.DEVNULL,
            text=True,
            env=with_pin(pin),
        )
        if show:
            print("    " + done.stdout.strip().replace("\n", "\n    "))
        seconds = time.perf_counter() - started
        peak, user, system = rss.read().strip().splitlines()[-1].split()
        return seconds, int(peak), float(user) + float(system)


def alternate(a: Callable[[], Run], b: Callable[[], Run], runs: int) -> tuple[list[Run], list[Run]]:
    first, second = [], []
    for _ in range(runs):
        first.append(a())
        second.append(b())
    return first, second


def med(values: list[Run], i: int = 0) -> float:
    return statistics.median(v[i] for v in values)


def segment_vs_plain(folder: Path, runs: int, label: str, memory_goal: int) -> None:
    db = str(folder / "boostdesk.db")
    segment = [sys.executable, "-m", "boostdesk", "segment", "--data-dir", str(folder)]
    plain = [sys.executable, "-c", PLAIN_SCRIPT, db]
    seg, base = alternate(lambda: timed(segment), lambda: timed(plain), runs)
    ratio = med(seg) / med(base)
    peak = max(v[1] for v in seg) / 1024
    print(f"{label} ({runs} runs each, alternately; load average {os.getloadavg()[0]:.1f}):")
    print(
        f"  plain aggregate, fresh python + sqlite3  {med(base) * 1000:8.0f} ms   "
        f"(first {base[0][0] * 1000:.0f} ms; runs {_runs(base)})"
    )
    print(
        f"  boostdesk segment, fresh process         {med(seg) * 1000:8.0f} ms   "
        f"ratio {ratio:.2f} x (goal <= 1.5; first {seg[0][0] * 1000:.0f} ms; runs {_runs(seg)})"
    )
    print(
        f"  boostdesk segment peak RSS               {peak:8.0f} MB   (goal <= {memory_goal} MB; "
        f"plain: {max(v[1] for v in base) / 1024:.0f} MB)"
    )
    print(
        f"  CPU time (user + system), medians        {med(seg, 2) * 1000:8.0f} ms   against "
        f"{med(base, 2) * 1000:.0f} ms: ratio {med(seg, 2) / med(base, 2):.2f} x"
    )


def _runs(values: list[Run]) -> str:
    return ", ".join(f"{v[0]:.2f}" for v in values) + " s"


def byte_compile() -> None:
    """Bytecode for the package, as an installed application has it (see the docstring)."""
    import compileall

    import boostdesk

    compileall.compile_dir(boostdesk.__path__[0], quiet=1)


def gui_start(folder: Path, runs: int) -> None:
    times = []
    for _ in range(runs):
        started = time.time()
        out = subprocess.run(
            [sys.executable, "-c", GUI_SCRIPT, str(folder)],
            check=True,
            capture_output=True,
            text=True,
        ).stdout
        shown = float(
            next(line for line in out.splitlines() if line.startswith("SHOWN")).split()[1]
        )
        times.append(shown - started)
    print(
        f"  GUI start to counter shown (offscreen)   {statistics.median(times) * 1000:8.0f} ms   "
        f"(goal <= 1500; runs {', '.join(f'{t:.2f}' for t in times)} s)"
    )


def write_csv(path: Path, rows: int, guests: int) -> None:
    rng = random.Random(5)
    start = 1_735_700_000  # 2025-01-01
    with path.open("w") as out:
        out.write("customer_ref,card,visited_at,amount,category\n")
        for n in range(rows):
            at = time.gmtime(start + rng.randrange(0, 690 * 86_400))
            out.write(
                f"POS-{rng.randrange(guests)},,{time.strftime('%Y-%m-%d %H:%M:%S', at)},"
                f"{rng.randrange(30, 900)}.{n % 100:02d},{('coffee', 'tea', 'food')[n % 3]}\n"
            )


def import_vs_sqlite(bench: Path, rows: int, runs: int) -> None:
    csv_path = bench / f"visits-{rows}.csv"
    if not csv_path.exists():
        write_csv(csv_path, rows, max(rows // 20, 1))
    template = bench / "empty-venue"
    from boostdesk.services import setup, venue

    if not (template / "boostdesk.db").exists():
        template.mkdir(parents=True, exist_ok=True)
        opened = venue.open_venue(template)
        setup.set_up_venue(opened, name="Import", owner_pin="2468", cashier_pin="1357")
        opened.close()
    elif not venue.is_current(template):
        venue.open_venue(template).close()  # migrated once here, not in every measured run
    ours, shell = [], []
    for _ in range(runs):
        target = bench / "import-run"
        shutil.rmtree(target, ignore_errors=True)
        shutil.copytree(template, target)
        command = [sys.executable, "-m", "boostdesk", "import", "visits", str(csv_path)]
        ours.append(timed([*command, "--data-dir", str(target)], IMPORT_OWNER_PIN, show=True))
        bare = bench / "bare.db"
        bare.unlink(missing_ok=True)
        shell.append(timed(["sqlite3", str(bare), ".mode csv", f".import {csv_path} visit"]))
    ratio = med(ours) / med(shell)
    print(f"import visits, {rows:,} rows ({runs} runs each, alternately):")
    print(f"  sqlite3 shell .import into a bare table  {med(shell) * 1000:8.0f} ms")
    print(
        f"  boostdesk import visits, fresh process   {med(ours) * 1000:8.0f} ms   "
        f"ratio {ratio:.1f} x (goal <= 5); {rows / med(ours):,.0f} rows/s; "
        f"peak RSS {max(v[1] for v in ours) / 1024:.0f} MB"
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--bench-dir", type=Path, default=Path("/tmp/bd-bench"))
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--skip-large", action="store_true")
    parser.add_argument("--import-rows", type=int, default=1_000_000)
    parser.add_argument("--import-runs", type=int, default=1)
    parser.add_argument("--only-import", action="store_true", help="just the import figure")
    parser.add_argument("--skip-gui", action="store_true", help="no GUI start figure")
    args = parser.parse_args()
    bench: Path = args.bench_dir
    print(f"{os.cpu_count()} cores (load average {os.getloadavg()[0]:.1f} at start)")
    byte_compile()
    if args.only_import:
        import_vs_sqlite(bench, args.import_rows, args.import_runs)
        return
    version = [timed([sys.executable, "-m", "boostdesk", "--version"]) for _ in range(args.runs)]
    print(
        f"boostdesk --version, fresh process          {med(version) * 1000:8.0f} ms   "
        f"(goal <= 300; "
        f"first {version[0][0] * 1000:.0f} ms)"
    )
    build(bench / "v50k", 50_000, None)
    segment_vs_plain(working_copy(bench / "v50k", "cold50k"), args.runs, "50 000 guests", 150)
    if not args.skip_large:
        build(bench / "v100k", 100_000, 5_000_000)
        large = working_copy(bench / "v100k", "cold100k")
        segment_vs_plain(large, args.runs, "100 000 guests / 5 M visits", 250)
        try:
            if not args.skip_gui:
                gui_start(large, args.runs)
        except subprocess.CalledProcessError as exc:
            print(f"  GUI start failed: {exc.stderr.strip().splitlines()[-1:]}")
    if args.import_rows:
        import_vs_sqlite(bench, args.import_rows, args.import_runs)


if __name__ == "__main__":
    main()
