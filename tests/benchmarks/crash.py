"""Crash tests at scale (issue 13, acceptance 2): SIGKILL a till recording visits and an import
of a 200 000-row visits file at random moments, 100 times each.

    python tests/benchmarks/crash.py [--kills 100] [--import-kills 100] [--rows 200000]

After every kill of the till: each visit it acknowledged (printed after the commit) is stored
exactly once, the visit it was sending is stored at most once and exactly once after the next
till retries it, SQLite's ``integrity_check`` is ok and the kept totals equal a recount of the
raw visits. After every kill of the import (each on a fresh copy of the venue): the database is
sound at once, and once the next import has finished a committed one the file's visits are all
there or none. Prints each kill and a summary; exit 1 on any problem. The venue is a 600-guest
demo built under /tmp/bd-bench/crash (read-only afterwards: every run works on copies).
"""

from __future__ import annotations

import argparse
import datetime as dt
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "integration"))

import crash_harness as harness  # noqa: E402

from boostdesk.services import demo, venue  # noqa: E402

BENCH = Path("/tmp/bd-bench/crash")


def base_venue() -> Path:
    folder = BENCH / "venue600"
    if not venue.database_path(folder).exists():
        folder.mkdir(parents=True, exist_ok=True)
        part = folder / "building.db"
        part.unlink(missing_ok=True)
        demo.build(part, customers=600, seed=7, as_of=dt.date(2026, 11, 24), segment=False)
        part.rename(venue.database_path(folder))
    return folder


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--kills", type=int, default=100, help="kills of the recording till")
    parser.add_argument("--import-kills", type=int, default=100, help="kills of the import")
    parser.add_argument("--rows", type=int, default=200_000, help="rows of the imported file")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--retries",
        type=int,
        default=3,
        help="an import that ended before its kill is run again (up to this often) with a kill "
        "moment within the time it took, so that each round is a real kill",
    )
    args = parser.parse_args()
    base = base_venue()
    problems: list[str] = []
    with tempfile.TemporaryDirectory(prefix="crash-", dir=BENCH) as scratch:
        work = Path(scratch)
        if args.kills:
            till = work / "till"
            till.mkdir()
            shutil.copy(venue.database_path(base), venue.database_path(till))
            print(f"recording till, {args.kills} kills", flush=True)
            started = time.perf_counter()
            outcome = harness.crash_recording(
                till, args.kills, seed=args.seed, longest=4.0, log=lambda s: print(s, flush=True)
            )
            problems += outcome.problems
            print(
                f"till: {outcome.kills} kills, {outcome.acknowledged} acknowledged visits, "
                f"{len(outcome.problems)} problems ({time.perf_counter() - started:.0f} s)"
            )
        if args.import_kills:
            file = BENCH / f"visits-{args.rows}.csv"
            if not file.exists():
                harness.write_visits_file(venue.database_path(base), file, args.rows)
            # How long a whole import takes here: the kills fall anywhere within it.
            timing = work / "timing"
            timing.mkdir()
            shutil.copy(venue.database_path(base), venue.database_path(timing))
            started = time.perf_counter()
            subprocess.run(
                harness.import_command(timing, file),
                check=True,
                env=harness.env(),
                capture_output=True,
            )
            whole = time.perf_counter() - started
            shutil.rmtree(timing)
            print(f"import of {args.rows} rows: {whole:.0f} s whole; {args.import_kills} kills")
            outcome = harness.crash_importing(
                base,
                work / "import",
                file,
                args.rows,
                args.import_kills,
                seed=args.seed,
                longest=whole * 0.9,
                log=lambda s: print(s, flush=True),
                retries=args.retries,
            )
            problems += outcome.problems
            print(
                f"import: {outcome.kills - outcome.finished_first} real kills of "
                f"{outcome.kills} rounds ({outcome.finished_first} ended before their kill "
                f"came, even after {args.retries} retries), {len(outcome.problems)} problems"
            )
    for problem in problems:
        print(f"PROBLEM {problem}")
    print("all sound" if not problems else f"{len(problems)} problems")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
