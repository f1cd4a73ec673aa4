"""Two tills saving visits while back-office work runs (issue 8, acceptance 4).

    python tests/benchmarks/two_tills.py [--bench-dir /tmp/bd-bench] [--import-rows 200000]

On a copy of the 100 000-guest / 5 M-visit demo venue, two till processes save visits
continuously: each save is ``CheckoutService.record_visit`` by the demo cashier (the visit, its
points and the guest's one-guest re-evaluation in one transaction, as the counter does), with a
pause of ``--pause`` seconds between a till's saves (0.25 s: eight saves a second together, far
busier than any café's two cashiers). Meanwhile, one after the other, a full ``boostdesk segment``
(for today; its first run on the copy stores every guest's segments) and a ``boostdesk import
visits`` of an ``--import-rows``-row CSV run as separate processes. Prints per till and together:
saves, failed saves (with their errors), and the median, p99 and slowest save; and the seconds the
segment and the import took; then the same figures for the saves begun during each of them.
Goal: no failed save, slowest < 200 ms. ``--skip-segment``: the import only.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import statistics
import subprocess
import sys
import time
import uuid
from pathlib import Path

from boostdesk.domain import codes

TILL = """
import json, random, sys, time, uuid
from pathlib import Path
from boostdesk.services import checkout, venue

folder, stop, out = Path(sys.argv[1]), Path(sys.argv[2]), sys.argv[3]
seed, pause = int(sys.argv[4]), float(sys.argv[5])
opened = venue.open_venue(folder)
cards = [tuple(r) for r in opened.store.execute(
    "SELECT customer_id, id FROM card WHERE customer_id IS NOT NULL AND status = 'active'")]
cashier = opened.users.sign_in("0000")  # the demo cashier
rng = random.Random(seed)
times, errors, starts = [], [], []
while not stop.exists():
    customer_id, card_id = rng.choice(cards)
    draft = checkout.VisitDraft(customer_id=customer_id, card_id=card_id,
                                amount_minor=rng.randrange(2_000, 40_000),
                                idempotency_key=str(uuid.uuid4()), categories=("coffee",))
    started = time.perf_counter()
    starts.append(time.time())
    try:
        opened.checkout.record_visit(cashier, draft)  # visit, points, re-evaluation: one commit
    except Exception as exc:  # a failed save is what this benchmark counts
        errors.append(f"{type(exc).__name__}: {exc}")
    times.append(time.perf_counter() - started)
    time.sleep(pause)
opened.close()
Path(out).write_text(json.dumps({"times": times, "errors": errors, "starts": starts}))
"""


def build(folder: Path) -> None:
    if (folder / "boostdesk.db").exists():
        return
    print(f"building {folder} (100 000 guests, 5 M visits) ...", flush=True)
    args = ["--customers", "100000", "--visits", "5000000", "--as-of", "2026-11-24"]
    subprocess.run(
        [sys.executable, "-m", "boostdesk", "demo", "--data-dir", str(folder), *args], check=True
    )


def write_csv(path: Path, rows: int, guests: int) -> None:
    """Visits of existing guests (by card) over the last year, as a POS export."""
    rng = random.Random(11)
    start = int(time.time()) - 365 * 86_400
    with path.open("w") as out:
        out.write("customer_ref,card,visited_at,amount,category\n")
        for n in range(rows):
            guest = 1 + rng.randrange(guests)
            at = time.localtime(start + rng.randrange(0, 360 * 86_400))
            out.write(
                f"POS-{guest},{codes.card_number(guest)},{time.strftime('%Y-%m-%d %H:%M', at)},"
                f"{rng.randrange(30, 900)},{('coffee', 'tea', 'food')[n % 3]}\n"
            )


def run_timed(label: str, args: list[str], phases: dict[str, tuple[float, float]]) -> float:
    wall = time.time()
    started = time.perf_counter()
    env = {**os.environ, "BOOSTDESK_PIN": "1234"}  # the demo owner: these are owner work
    done = subprocess.run(
        [sys.executable, "-m", "boostdesk", *args], capture_output=True, text=True, env=env
    )
    seconds = time.perf_counter() - started
    status = "ok" if done.returncode == 0 else f"FAILED ({done.stderr.strip()})"
    print(f"  {label:32s} {seconds:7.1f} s  {status}  {done.stdout.strip().splitlines()[:1]}")
    phases[label] = (wall, time.time())
    return seconds


def summary(label: str, times: list[float], errors: list[str]) -> None:
    ordered = sorted(times)
    p99 = ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))] if ordered else 0.0
    print(
        f"  {label:10s} saves {len(times):5d}  failed {len(errors):3d}  "
        f"median {statistics.median(ordered) * 1000 if ordered else 0:6.1f} ms  "
        f"p99 {p99 * 1000:6.1f} ms  slowest {(ordered[-1] if ordered else 0) * 1000:6.1f} ms"
    )
    for error in sorted(set(errors))[:5]:
        print(f"      {errors.count(error)} x {error}")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--bench-dir", type=Path, default=Path("/tmp/bd-bench"))
    parser.add_argument("--import-rows", type=int, default=200_000)
    parser.add_argument("--pause", type=float, default=0.25)
    parser.add_argument("--skip-segment", action="store_true", help="the import only")
    args = parser.parse_args()
    bench: Path = args.bench_dir
    build(bench / "v100k")
    folder = bench / "tills"
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    shutil.copy(bench / "v100k" / "boostdesk.db", folder / "boostdesk.db")
    subprocess.run(  # migrate before the tills start (a migration is not what is measured)
        [sys.executable, "-m", "boostdesk", "scans", "--last", "1", "--data-dir", str(folder)],
        check=True,
        capture_output=True,
    )
    csv_path = bench / f"tills-import-{args.import_rows}.csv"
    if not csv_path.exists():
        write_csv(csv_path, args.import_rows, 100_000)
    stop = bench / f"tills-stop-{uuid.uuid4().hex}"
    outs = [bench / f"till-{n}.json" for n in (1, 2)]
    tills = [
        subprocess.Popen(
            [sys.executable, "-c", TILL, str(folder), str(stop), str(out), str(n), str(args.pause)]
        )
        for n, out in enumerate(outs, start=1)
    ]
    print(
        f"{os.cpu_count()} cores (load average {os.getloadavg()[0]:.1f}); two tills saving "
        f"every {args.pause * 1000:.0f} ms on the 100 000 / 5 M venue"
    )
    time.sleep(5)
    phases: dict[str, tuple[float, float]] = {}
    if not args.skip_segment:
        run_timed(
            "full segment (today, stores all)", ["segment", "--data-dir", str(folder)], phases
        )
    run_timed(
        f"import visits ({args.import_rows:,} rows)",
        ["import", "visits", str(csv_path), "--data-dir", str(folder)],
        phases,
    )
    time.sleep(3)
    stop.touch()
    for till in tills:
        till.wait(timeout=120)
    stop.unlink()
    results = [json.loads(out.read_text()) for out in outs]
    print("saves during the whole run (visit + points + one-guest re-evaluation, one transaction):")
    for n, result in enumerate(results, start=1):
        summary(f"till {n}", result["times"], result["errors"])
    summary(
        "both",
        results[0]["times"] + results[1]["times"],
        results[0]["errors"] + results[1]["errors"],
    )
    for label, (start, end) in phases.items():
        during = [
            t
            for result in results
            for t, at in zip(result["times"], result["starts"], strict=True)
            if start <= at <= end
        ]
        summary(f"during {label.split()[0]}", during, [])


if __name__ == "__main__":
    main()
