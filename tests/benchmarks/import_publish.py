"""Staging and publishing a large visits import while nobody else has the venue open (issue 8,
acceptance 5: the solo path of ``import visits``), phase by phase, each run a fresh process.

    python tests/benchmarks/import_publish.py [--bench-dir /tmp/bd-bench] [--runs 3]
                                              [--rows 1000000] [--against /work/main]

Each run copies ``empty-venue`` (a set-up venue without guests or visits) from ``--bench-dir`` and
imports ``visits-ROWS.csv`` from there (both as ``tests/benchmarks/cold_path.py`` builds them) in
a fresh ``python`` that times, around the real code:

* ``staging``: :func:`importer.stage_visits` (the staging file, made durable, and the commit point);
* ``publish``: :func:`importer.publish` up to the segment refresh, WITHOUT the kept totals
  (``kept_totals.add_visits``, another lane's figure, shown apart as ``kept totals``); inside it
  ``solo enter/exit`` (setting triggers and the time index aside and back), ``commits`` (their
  own time, every commit of the import) and ``checkpoints`` (writing the WAL back);
* ``staging + publish``: the sum the issue budgets (<= 2.5 s on the 2-core machine);
* ``segments`` (the refresh afterwards) and the whole import, for reference.

Prints the median of ``--runs`` runs (wall time, and the process's CPU time, which another
lane's load disturbs less), the first run apart, and the peak memory (max RSS) of each run's
process. With ``--against DIR`` the same runs alternate with the checkout in DIR (its
``boostdesk`` package first on ``sys.path``), so both see the same machine load. The machine's
load average is printed with the figures: the machine is shared.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

DRIVER = r"""
import json, sys, time
from collections import Counter
from pathlib import Path
from boostdesk.services import importer, ops, venue
from boostdesk.storage import checkpoints, imports, kept_totals
from boostdesk.storage import database

spent = Counter()

segments = [False]  # commits and checkpoints of the segment refresh are not counted

def timed(module, name, key):
    real = getattr(module, name)
    def wrapper(*args, **kwargs):
        began, cpu = time.perf_counter(), time.process_time()
        segments[0] = segments[0] or key == "segments"
        try:
            return real(*args, **kwargs)
        finally:
            if key == "segments" or not segments[0]:
                spent[key] += time.perf_counter() - began
                spent[key + " cpu"] += time.process_time() - cpu
            if key == "segments":
                segments[0] = False
    setattr(module, name, wrapper)

def timed_context(module, name, key):
    real = getattr(module, name)
    import contextlib
    @contextlib.contextmanager
    def wrapper(*args, **kwargs):
        began = time.perf_counter()
        manager = real(*args, **kwargs)
        value = manager.__enter__()
        spent[key] += time.perf_counter() - began
        try:
            yield value
        except BaseException:
            if not manager.__exit__(*sys.exc_info()):
                raise
        else:
            began = time.perf_counter()
            manager.__exit__(None, None, None)
            spent[key] += time.perf_counter() - began
    setattr(module, name, wrapper)

timed(importer, "stage_visits", "staging")
timed(importer, "publish", "publish+")
timed(importer, "_reevaluate", "segments")
timed(kept_totals, "add_visits", "kept totals")
timed(checkpoints, "checkpoint", "checkpoints")
timed_context(imports, "solo", "solo enter/exit")
opened = venue.open_venue(Path(sys.argv[1]))
real_commit = type(opened.store.database).commit
def commit(self):
    began = time.perf_counter()
    try:
        return real_commit(self)
    finally:
        if not segments[0]:
            spent["commits"] += time.perf_counter() - began
type(opened.store.database).commit = commit
began = time.perf_counter()
report = importer.import_visits(opened, Path(sys.argv[2]))
whole = time.perf_counter() - began
opened.close()
spent["publish"] = spent["publish+"] - spent["segments"] - spent["kept totals"]
spent["staging + publish"] = spent["staging"] + spent["publish"]
spent["publish cpu"] = spent["publish+ cpu"] - spent["segments cpu"] - spent["kept totals cpu"]
spent["staging + publish cpu"] = spent["staging cpu"] + spent["publish cpu"]
spent["commits"] -= spent["checkpoints"]  # the ones after a commit ran inside it
spent["import (in process)"] = whole
del spent["publish+"], spent["publish+ cpu"]
print(json.dumps({"visits": report.visits, "phases": dict(spent)}))
"""

SHOWN = (
    "staging",
    "publish",
    "solo enter/exit",
    "commits",
    "checkpoints",
    "staging + publish",
    "kept totals",
    "segments",
    "import (in process)",
)


def _run(tree: Path | None, bench: Path, rows: int) -> tuple[dict[str, float], int]:
    """One fresh-process import into a fresh copy of the empty venue: (phases, peak KiB)."""
    work = Path(tempfile.mkdtemp(prefix="bd-import-publish-"))
    try:
        copy = work / "venue"
        shutil.copytree(bench / "empty-venue", copy)
        env = dict(os.environ)
        if tree is not None:
            env["PYTHONPATH"] = str(tree)
        child = subprocess.Popen(
            [sys.executable, "-c", DRIVER, str(copy), str(bench / f"visits-{rows}.csv")],
            stdout=subprocess.PIPE,
            env=env,
            cwd=work,  # not the checkout: its package would come first on sys.path
        )
        assert child.stdout is not None
        out = child.stdout.read()
        _, status, usage = os.wait4(child.pid, 0)
        child.returncode = os.waitstatus_to_exitcode(status)
        if child.returncode != 0:
            raise SystemExit(f"the import failed (exit {child.returncode})")
        found = json.loads(out.decode().strip().splitlines()[-1])
        if found["visits"] != rows:
            raise SystemExit(f"imported {found['visits']} visits, not {rows}")
        return found["phases"], int(usage.ru_maxrss)
    finally:
        shutil.rmtree(work, ignore_errors=True)


def _load() -> str:
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--bench-dir", type=Path, default=Path("/tmp/bd-bench"))
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--against", type=Path, help="another checkout, run alternately")
    args = parser.parse_args()
    trees: dict[str, Path | None] = {"this": None}
    if args.against is not None:
        trees["against"] = args.against
    print(f"{os.cpu_count()} cores; load average before: {_load()}")
    runs: dict[str, list[tuple[dict[str, float], int]]] = {name: [] for name in trees}
    for _ in range(args.runs):
        for name, tree in trees.items():
            runs[name].append(_run(tree, args.bench_dir, args.rows))
    print(f"load average after: {_load()}")
    for name, done in runs.items():
        label = "this checkout" if name == "this" else f"against {args.against}"
        first = done[0][0]
        print(f"\n{label}: {args.rows} rows, median of {len(done)} fresh processes (first run)")
        print(f"  {'':<20} {'wall':>6}  (first)  {'cpu':>6}  (first)")
        for phase in SHOWN:
            wall = statistics.median(phases.get(phase, 0.0) for phases, _ in done)
            line = f"  {phase:<20} {wall:6.2f} s ({first.get(phase, 0.0):5.2f})"
            if phase + " cpu" in first:
                cpu = statistics.median(phases[phase + " cpu"] for phases, _ in done)
                line += f"  {cpu:6.2f} s ({first[phase + ' cpu']:5.2f})"
            print(line)
        peaks = [peak // 1024 for _, peak in done]
        print(f"  peak memory          {statistics.median(peaks)} MB  (runs: {peaks})")


if __name__ == "__main__":
    main()
