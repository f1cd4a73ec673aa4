"""Rules editor: edit -> preview shown, on the 100 000-guest venue (issue 10: <= 500 ms).

    python tests/benchmarks/rules_preview.py [--venue /tmp/bd-bench/v100k] [--edits 20]

The venue is copied first (the benchmark never writes to it). The real window is built, the
owner signs in, the rules page reads the guests; then each edit changes one threshold through
``RulesSection.set_rule`` (what a spin box does) and the time runs until ``preview_shown`` (the
tables show the new numbers: debounce, computation on the preview thread, and drawing included).
Prints the first edit, the median, p95 and max per kind of edit, the page's loading time and the
peak memory. The machine may be shared: the load average is printed with the figures.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QCoreApplication  # noqa: E402

from boostdesk.domain.segments import thresholds  # noqa: E402
from boostdesk.services import ops, venue  # noqa: E402
from boostdesk.storage import database  # noqa: E402
from boostdesk.ui import application, main_window, task_runner  # noqa: E402

L = thresholds.LIFECYCLE


def wait(until, timeout: float = 120.0) -> None:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + timeout
    while not until():
        if time.monotonic() > deadline:
            raise TimeoutError("the page did not answer")
        QCoreApplication.processEvents()
        time.sleep(0.001)


def peak_mb() -> float:
    """This process's peak RSS in MB: VmHWM where there is one (ru_maxrss of a process started
    by another benchmark carries that one's peak across exec: backoffice.py's, printed here)."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def edits(n: int) -> list[tuple[str, str, object]]:
    """(kind, key, value): lifecycle days and visits, ABC and basket thresholds, alternating."""
    out: list[tuple[str, str, object]] = []
    for i in range(n):
        out.append(("at risk days", L + "at_risk_days", 21 + i % 15))
        out.append(("loyal visits", L + "loyal_visits", 8 + i % 5))
        out.append(("ABC A share", "abc.a", 70 + i % 9))
        out.append(("lover visits", thresholds.LOVER_VISITS, 2 + i % 4))
    return out


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--venue", default="/tmp/bd-bench/v100k")
    parser.add_argument("--edits", type=int, default=10, help="edits of each kind")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="rules-bench-"))
    try:
        database.copy_without_writing(
            venue.database_path(Path(args.venue)), venue.database_path(work)
        )
        # migrating the copy (a new schema version) reads the whole file: done in a child process
        # so that the peak memory printed is the page's, not the migration's
        subprocess.run(
            [sys.executable, "-c", f"from boostdesk.services import venue; from pathlib import "
             f"Path; venue.open_venue(Path({str(work)!r})).close()"],
            check=True,
        )  # fmt: skip
        opened = venue.open_venue(work)
        app = application.create_app(["boostdesk"], "en")
        runner = task_runner.TaskRunner()
        window = main_window.MainWindow(opened, runner, demo=False)
        window.resize(1366, 768)
        window.show()
        owner = ops.Actor(None, "benchmark", ops.Role.OWNER)
        window.counter.on_signed_in(owner)
        window.show_page(1)
        window.backoffice.on_signed_in(owner)
        page = window.backoffice.section("rules")
        loaded: list[float] = []
        shown: list[int] = []
        page.base_loaded.connect(lambda: loaded.append(time.perf_counter()))
        page.preview_shown.connect(shown.append)
        started = time.perf_counter()
        window.backoffice.navigate("rules")
        wait(lambda: bool(loaded) and page.is_settled())
        load_s = loaded[0] - started
        times: dict[str, list[float]] = {}
        for kind, key, value in edits(args.edits):
            before = len(shown)
            began = time.perf_counter()
            if key == "abc.a":  # the A share's spin box (percent)
                page.form.inputs[key].setValue(int(value))  # type: ignore[union-attr]
            else:
                page.set_rule(key, value)
            wait(lambda before=before: len(shown) > before and not page.live.pending())
            times.setdefault(kind, []).append(time.perf_counter() - began)
            QCoreApplication.processEvents()
        every = [t for values in times.values() for t in values]
        print(
            f"guests: {page.base.guests}; page loaded (metrics read, segments prepared): "
            f"{load_s:.2f} s"
        )
        for kind, values in times.items():
            ms = sorted(v * 1000 for v in values)
            print(
                f"{kind:14} first {values[0] * 1000:6.0f} ms  median "
                f"{statistics.median(ms):6.0f} ms  p95 {ms[int(0.95 * (len(ms) - 1))]:6.0f} ms  "
                f"max {ms[-1]:6.0f} ms"
            )
        all_ms = sorted(v * 1000 for v in every)
        print(
            f"all {len(all_ms)} edits: median {statistics.median(all_ms):.0f} ms, p95 "
            f"{all_ms[int(0.95 * (len(all_ms) - 1))]:.0f} ms, max {all_ms[-1]:.0f} ms "
            f"(debounce {page.live._timer.interval()} ms included)"
        )
        peak = peak_mb()
        print(
            f"peak memory {peak:.0f} MB; load average {os.getloadavg()[0]:.1f} on "
            f"{os.cpu_count()} cores (shared machine)"
        )
        window.close()
        runner.stop()
        opened.close()
        del app
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
