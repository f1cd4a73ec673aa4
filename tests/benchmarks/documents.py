"""Document speed (issue 12): vouchers and the segment overview report.

    python tests/benchmarks/documents.py [--data-dir DIR] [--runs 5]

Prints medians of: one voucher as an 80 mm PDF (warm: fonts registered, modules imported);
1 000 vouchers on A4 sheets (125 pages, each voucher with its Code128 and QR); the segment
overview report of the 100 000-guest / 5 M-visit demo venue (queries + PDF). The venue is taken
from ``--data-dir`` if it holds one, else copied from the perf lane's cache
``/tmp/bd-bench/v100k`` (never opened in place: opening may migrate it), else built with
``boostdesk demo --customers 100000 --visits 5000000`` (~80 s). Goals: ≤ 50 ms, ≤ 5 s, ≤ 3 s.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import shutil
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

from boostdesk.documents import vouchers
from boostdesk.domain import codes
from boostdesk.services import reports, venue

AS_OF = dt.date(2026, 11, 24)
SHARED_CACHE = Path("/tmp/bd-bench/v100k")


def median_time(action: Callable[[], object], runs: int) -> float:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        action()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def _voucher(serial: int) -> vouchers.Voucher:
    return vouchers.Voucher(
        code=codes.voucher_code(serial),
        venue_name="Kahve Durağı Şişli",
        first_name="Ayşe",
        kind="amount",
        value=5000,
        item_name=None,
        expires_on=AS_OF + dt.timedelta(days=30),
    )


def ensure_venue(folder: Path) -> None:
    if (folder / "boostdesk.db").exists():
        return
    folder.mkdir(parents=True, exist_ok=True)
    if (SHARED_CACHE / "boostdesk.db").exists():
        print(f"copying {SHARED_CACHE} to {folder} ...", flush=True)
        shutil.copy(SHARED_CACHE / "boostdesk.db", folder / "boostdesk.db")
        return
    print(f"building {folder} (about 80 s) ...", flush=True)
    subprocess.run(
        [sys.executable, "-m", "boostdesk", "demo", "--data-dir", str(folder), "--customers",
         "100000", "--visits", "5000000", "--as-of", AS_OF.isoformat()],
        check=True,
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--data-dir", type=Path, default=Path("/tmp/bd-bench-documents/v100k"))
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    print(f"cores: {os.cpu_count()} (figures are from a shared machine if others are running)")

    one = [_voucher(1)]
    vouchers.render(one, "80mm", "tr")  # warm: fonts, modules
    single = median_time(lambda: vouchers.render(one, "80mm", "tr"), max(args.runs, 20))
    print(f"one voucher, 80 mm PDF (warm):   {single * 1000:7.1f} ms   goal <= 50 ms")

    batch = [_voucher(serial) for serial in range(1, 1001)]
    sheets = median_time(lambda: vouchers.render(batch, "a4", "tr"), args.runs)
    size = len(vouchers.render(batch, "a4", "tr"))
    print(f"1 000 vouchers on A4 sheets:     {sheets:7.2f} s    goal <= 5 s  ({size // 1024} KiB)")

    ensure_venue(args.data_dir)
    opened = venue.open_venue(args.data_dir)
    try:
        if not opened.store.execute("SELECT COUNT(*) FROM segment_current").fetchone()[0]:
            print("segmenting the venue once ...", flush=True)
            opened.segmentation.recompute_all(AS_OF, persist=True)
        guests = opened.store.execute("SELECT COUNT(*) FROM customer").fetchone()[0]
        service = reports.ReportService(opened.store, opened.settings, opened.segmentation)
        service.segment_overview("tr", AS_OF)  # warm: reportlab charts imported
        overview = median_time(lambda: service.segment_overview("tr", AS_OF), args.runs)
        print(f"segment overview, {guests:,} guests: {overview:7.2f} s    goal <= 3 s")
    finally:
        opened.close()


if __name__ == "__main__":
    main()
