"""Time building the demo venue (issue: 50 000 guests, >= 1.5 M visits, <= 90 s on 2 cores).

Runs the real command (`boostdesk demo`) in a fresh process several times and prints the median
wall time with the counts of what was built. `--large` also builds the 100 000-guest / 5 M-visit
venue used by the other benchmarks.

    python tests/benchmarks/demo_generation.py [--runs 3] [--large] [--keep DIR]
"""

from __future__ import annotations

import argparse
import os
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def build(data_dir: Path, customers: int, visits: int | None) -> float:
    args = [
        sys.executable,
        "-m",
        "boostdesk",
        "demo",
        "--data-dir",
        str(data_dir),
        "--customers",
        str(customers),
        "--seed",
        "1",
        "--as-of",
        "2026-11-24",
    ]
    if visits:
        args += ["--visits", str(visits)]
    started = time.perf_counter()
    subprocess.run(
        args, check=True, capture_output=True, env={**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    )
    return time.perf_counter() - started


def counts(data_dir: Path) -> dict[str, int]:
    conn = sqlite3.connect(data_dir / "boostdesk.db")
    try:
        return {
            table: conn.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0]
            for table in ("customer", "visit", "visit_line", "ledger_entry", "consent")
        }
    finally:
        conn.close()


def measure(label: str, customers: int, visits: int | None, runs: int, keep: Path | None) -> None:
    times = []
    for run in range(runs):
        with tempfile.TemporaryDirectory(prefix="bd-demo-") as tmp:
            folder = Path(tmp)
            times.append(build(folder, customers, visits))
            if run == runs - 1:
                built = counts(folder)
                size = (folder / "boostdesk.db").stat().st_size
                if keep is not None:
                    keep.mkdir(parents=True, exist_ok=True)
                    (folder / "boostdesk.db").replace(keep / "boostdesk.db")
    print(
        f"{label}: median {statistics.median(times):.1f} s over {runs} runs "
        f"(all: {', '.join(f'{t:.1f}' for t in times)}) on {os.cpu_count()} cores"
    )
    print(
        "  " + ", ".join(f"{k}={v:,}" for k, v in built.items()) + f", file {size / 2**20:.0f} MiB"
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--large", action="store_true", help="also 100 000 guests / 5 M visits")
    parser.add_argument("--keep", type=Path, help="keep the last 50k venue in this folder")
    parser.add_argument("--keep-large", type=Path, help="keep the 100k / 5 M venue in this folder")
    args = parser.parse_args()
    measure("demo 50 000 guests", 50_000, None, args.runs, args.keep)
    if args.large:
        measure("demo 100 000 guests / 5 M visits", 100_000, 5_000_000, 1, args.keep_large)


if __name__ == "__main__":
    main()
