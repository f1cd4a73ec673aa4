"""SIGKILL a process recording visits or importing a visits file at random moments, then check
what a venue owner relies on (issue 13, acceptance 2).

Used by ``test_crash.py`` (a few kills, in the default suite) and by
``tests/benchmarks/crash.py`` (100 kills of each kind). Everything here runs real processes on
real database files; the checks read the files with plain ``sqlite3``.
"""

from __future__ import annotations

import contextlib
import dataclasses
import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

from boostdesk.storage import kept_totals_check

DEMO_CASHIER_PIN = "0000"
DEMO_OWNER_PIN = "1234"

# A till: saves visits one after the other with CheckoutService.record_visit (the visit, its
# points and the guest's re-evaluation in one commit). It prints "send" before a save and "ack"
# once record_visit returned, i.e. after the commit; the visits given as arguments are saved
# first, with the same idempotency key (a till retrying what it was saving when it died).
RECORDER = """
import json, random, sys, uuid
from pathlib import Path
from boostdesk.services import checkout, venue

folder, seed, retry = Path(sys.argv[1]), int(sys.argv[2]), json.loads(sys.argv[3])
opened = venue.open_venue(folder)
cards = [tuple(r) for r in opened.store.execute(
    "SELECT customer_id, id FROM card WHERE customer_id IS NOT NULL AND status = 'active'")]
cashier = opened.users.sign_in(sys.argv[4])
rng = random.Random(seed)

def save(visit):
    print("send " + json.dumps(visit), flush=True)
    opened.checkout.record_visit(cashier, checkout.VisitDraft(
        customer_id=visit["customer_id"], card_id=visit["card_id"],
        amount_minor=visit["amount_minor"], idempotency_key=visit["key"],
        categories=("coffee",)))
    print("ack " + visit["key"], flush=True)

for visit in retry:
    save(visit)
while True:
    customer_id, card_id = rng.choice(cards)
    save({"key": str(uuid.uuid4()), "customer_id": customer_id, "card_id": card_id,
          "amount_minor": rng.randrange(1_000, 50_000)})
"""


@dataclasses.dataclass
class Outcome:
    kills: int = 0
    acknowledged: int = 0
    finished_first: int = 0  # runs that ended by themselves before the kill came
    problems: list[str] = dataclasses.field(default_factory=list)


def env() -> dict[str, str]:
    found = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "BOOSTDESK_PIN": DEMO_OWNER_PIN}
    found.pop("BOOSTDESK_DATA_DIR", None)
    return found


def _kill_after(process: subprocess.Popen[str], seconds: float, *, after_ack: bool = False) -> str:
    """SIGKILL ``process`` ``seconds`` after it started (``after_ack``: after its first "ack"
    line), or when it ended by itself; its whole stdout."""
    assert process.stdout is not None
    lines: list[str] = []
    acked = threading.Event()

    def read() -> None:
        for line in process.stdout:  # type: ignore[union-attr]
            lines.append(line)
            if line.startswith("ack "):
                acked.set()

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    if after_ack:
        acked.wait(timeout=120)
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline and process.poll() is None:
        time.sleep(0.005)
    if process.poll() is None:
        os.kill(process.pid, signal.SIGKILL)
    process.wait(timeout=60)
    reader.join(timeout=60)
    process.stdout.close()
    return "".join(lines)


@contextlib.contextmanager
def small_disk(mount_point: Path, size: str) -> Iterator[Path]:
    """A tmpfs of ``size`` mounted at ``mount_point``: a real full disk. Needs root (CI runs as
    root); anywhere else the test fails saying why, it does not skip."""
    mount_point.mkdir(parents=True, exist_ok=True)
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", f"size={size},mode=0700", "tmpfs", str(mount_point)],
        capture_output=True,
        text=True,
    )
    if done.returncode != 0:
        raise AssertionError(
            "a full disk is simulated with a small tmpfs, which needs root (mount -t tmpfs): "
            f"{done.stderr.strip() or done.returncode}"
        )
    try:
        yield mount_point
    finally:
        subprocess.run(["umount", "-l", str(mount_point)], check=True)


def sound(db: Path) -> list[str]:
    """What is wrong with the database after a crash: SQLite's full check and the kept totals
    against a recount of the raw visits (opening it also recovers the WAL, as the app would)."""
    conn = sqlite3.connect(db, isolation_level=None, timeout=30)
    try:
        found = [r[0] for r in conn.execute("PRAGMA integrity_check").fetchall()]
        problems = [] if found == ["ok"] else [f"integrity_check: {found[:3]}"]
        conn.execute("BEGIN")
        try:
            verification = kept_totals_check.verify(conn, rebuild_on_mismatch=False)
        finally:
            conn.execute("ROLLBACK")
        if verification.mismatched:
            problems.append(f"kept totals differ for guests {verification.mismatched[:5]}")
        return problems
    finally:
        conn.close()


def visits_with_keys(db: Path, keys: list[str]) -> dict[str, int]:
    conn = sqlite3.connect(db, timeout=30)
    try:
        counts = {}
        for key in keys:
            row = conn.execute("SELECT COUNT(*) FROM visit WHERE idempotency_key = ?", (key,))
            counts[key] = int(row.fetchone()[0])
        return counts
    finally:
        conn.close()


def crash_recording(
    folder: Path, kills: int, *, seed: int = 1, longest: float = 4.0, log=print
) -> Outcome:
    """Kill a recording till ``kills`` times at random moments (0.2 s to ``longest`` after it
    starts: in start-up, sign-in or between and inside saves); after each kill every acknowledged
    visit must be there exactly once and the database sound; the visit that was being sent is
    retried by the next till and must then be there exactly once too."""
    rng = random.Random(seed)
    db = folder / "boostdesk.db"
    outcome = Outcome()
    acknowledged: list[str] = []
    retry: list[dict[str, object]] = []
    for round_no in range(kills):
        process = subprocess.Popen(
            [
                sys.executable,
                "-c",
                RECORDER,
                str(folder),
                str(rng.randrange(1 << 30)),
                json.dumps(retry),
                DEMO_CASHIER_PIN,
            ],
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            text=True,
            env=env(),
        )
        # Half the kills anywhere from the start (open, sign-in, saves), half while saving.
        out = _kill_after(process, rng.uniform(0.0, longest), after_ack=round_no % 2 == 1)
        outcome.kills += 1
        sent: dict[str, dict[str, object]] = {}
        acked: list[str] = []
        for line in out.splitlines():
            word, _, rest = line.partition(" ")
            if word == "send":
                visit = json.loads(rest)
                sent[str(visit["key"])] = visit
            elif word == "ack":
                acked.append(rest)
        retry = [visit for key, visit in sent.items() if key not in acked]
        acknowledged += acked
        outcome.acknowledged = len(acknowledged)
        in_flight = [str(v["key"]) for v in retry]
        counts = visits_with_keys(db, acknowledged + in_flight)
        problems = [
            f"acknowledged visit stored {counts[k]} times" for k in acknowledged if counts[k] != 1
        ]
        problems += [
            f"visit in flight stored {counts[k]} times" for k in in_flight if counts[k] > 1
        ]
        problems += sound(db)
        for problem in problems:
            outcome.problems.append(f"kill {round_no + 1}: {problem}")
        log(
            f"  kill {round_no + 1}: {len(acked)} acknowledged, {len(retry)} in flight, "
            f"{'ok' if not problems else '; '.join(problems)}"
        )
    return outcome


def write_visits_file(db: Path, target: Path, rows: int, *, seed: int = 3) -> None:
    """A POS export of ``rows`` visits of the venue's guests (by card), every one different:
    times spread over the last year (whole minutes, venue time), amounts with a decimal comma."""
    conn = sqlite3.connect(db)
    try:
        cards = [
            str(r[0])
            for r in conn.execute(
                "SELECT number FROM card WHERE customer_id IS NOT NULL AND status = 'active' "
                "ORDER BY id"
            )
        ]
    finally:
        conn.close()
    rng = random.Random(seed)
    minutes = 365 * 24 * 60
    start = time.time() - minutes * 60 - 86400
    lines = ["customer_ref;card;visited_at;amount;category"]
    for i in range(rows):
        card = cards[i % len(cards)]
        at = time.localtime(start + (i * 7919 % minutes) * 60)
        amount = rng.randrange(1_000, 50_000)
        lines.append(
            f"POS-{card[-6:]};{card};{time.strftime('%Y-%m-%d %H:%M', at)};"
            f"{amount // 100},{amount % 100:02d};coffee"
        )
    target.write_text("\n".join(lines) + "\n", encoding="utf-8")


def visit_count(db: Path) -> int:
    conn = sqlite3.connect(db, timeout=30)
    try:
        return int(conn.execute("SELECT COUNT(*) FROM visit").fetchone()[0])
    finally:
        conn.close()


def import_command(folder: Path, file: Path) -> list[str]:
    return [
        sys.executable,
        "-m",
        "boostdesk",
        "import",
        "visits",
        str(file),
        "--data-dir",
        str(folder),
    ]


def crash_importing(
    base: Path,
    work: Path,
    file: Path,
    rows: int,
    kills: int,
    *,
    seed: int = 2,
    longest: float = 30.0,
    log=print,
    retries: int = 0,
) -> Outcome:
    """Kill ``boostdesk import visits FILE`` ``kills`` times at a random moment within its first
    ``longest`` seconds, each time on a fresh copy of the venue in ``base``. Right after the kill
    the database must be sound; the next import (of another, one-row file) finishes a committed
    import first; then the file's visits must be all there or none, and an import that had said
    "imported" must be all there. An import that ended before its kill came is checked the same
    and, up to ``retries`` times, run again with a kill moment within the time it took (so that
    every round ends in a real kill)."""
    rng = random.Random(seed)
    outcome = Outcome()
    one_row = work.parent / "one-row.csv"
    write_visits_file(base / "boostdesk.db", one_row, 1, seed=99)
    before = visit_count(base / "boostdesk.db")
    for round_no in range(kills):
        limit = longest
        for _ in range(retries + 1):
            finished, took = _kill_one_import(
                base,
                work,
                file,
                one_row,
                rows,
                before,
                rng.uniform(0.2, limit),
                round_no,
                outcome,
                log,
            )
            if not finished:
                break
            limit = min(limit, max(took * 0.9, 0.3))
        outcome.kills += 1
        outcome.finished_first += finished
    return outcome


def _kill_one_import(
    base: Path,
    work: Path,
    file: Path,
    one_row: Path,
    rows: int,
    before: int,
    after: float,
    round_no: int,
    outcome: Outcome,
    log,
) -> tuple[bool, float]:
    """One import on a fresh copy of the venue, killed ``after`` seconds in, then checked (see
    :func:`crash_importing`); (whether it ended by itself first, how long it ran)."""
    db = work / "boostdesk.db"
    if work.exists():
        for path in work.iterdir():
            if path.is_file():
                path.unlink()
    work.mkdir(parents=True, exist_ok=True)
    (work / "boostdesk.db").write_bytes((base / "boostdesk.db").read_bytes())
    started = time.monotonic()
    process = subprocess.Popen(
        import_command(work, file),
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
        env=env(),
    )
    out = _kill_after(process, after)
    took = time.monotonic() - started
    finished = process.returncode == 0 and "imported" in out
    problems = [f"after the kill: {p}" for p in sound(db)]
    resumed = subprocess.run(
        import_command(work, one_row), capture_output=True, text=True, env=env(), timeout=3600
    )
    if resumed.returncode != 0:
        problems.append(f"the next import failed: {resumed.stderr.strip()[:200]}")
    added = visit_count(db) - before - 1
    if added not in (0, rows) or (finished and added != rows):
        problems.append(f"{added} of {rows} visits imported (finished: {finished})")
    problems += sound(db)
    outcome.acknowledged += rows if finished else 0
    for problem in problems:
        outcome.problems.append(f"kill {round_no + 1}: {problem}")
    state = "done before the kill" if finished else ("all" if added else "none")
    log(
        f"  kill {round_no + 1} at {after:.1f} s: {state}, "
        f"{'ok' if not problems else '; '.join(problems)}"
    )
    return finished, took
