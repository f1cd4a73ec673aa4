"""The kept totals of an import worked out from the columns the importer holds (instead of
reading the published visits back) are exactly those of the read-back path: Berlin's summer-time
change, several visits a day, visits without a basket category, solo and in short chunks."""

from __future__ import annotations

import random
import sqlite3
import threading
from pathlib import Path

import pytest

from boostdesk.services import importer, ops, setup, venue
from boostdesk.storage import database, kept_totals_ahead, kept_totals_bulk, kept_totals_check

KEPT = (
    "SELECT * FROM customer_metrics ORDER BY customer_id",
    "SELECT * FROM customer_bucket ORDER BY bucket, customer_id",
    "SELECT * FROM customer_category ORDER BY customer_id, category_id",
)


def _file(path: Path) -> Path:
    rng = random.Random(8)
    rows = []
    for n in range(3_000):
        # around the change to summer time (2026-03-29 01:00 UTC) and late evenings
        day = rng.choice(("2026-03-28", "2026-03-29", "2026-03-30", "2026-06-01"))
        at = f"{day} {rng.choice((0, 1, 2, 3, 10, 11, 15, 16, 22, 23)):02d}:{rng.randrange(60):02d}"
        category = rng.choice(("coffee", "tea", "food", ""))
        rows.append(f"POS-{n % 140},,{at},{rng.randrange(5, 90)}.{n % 100:02d},{category}")
    path.write_text("customer_ref,card,visited_at,amount,category\n" + "\n".join(rows) + "\n")
    return path


def _imported(
    folder: Path,
    csv: Path,
    *,
    held: bool,
    chunks: bool,
    mp: pytest.MonkeyPatch,
    ahead: bool = False,
    before: Path | None = None,
    reads_back: bool | None = None,
) -> list:
    """The kept tables after importing ``csv`` (after ``before``, when given): with the columns
    held or read back, solo or in chunks, with the totals worked out ahead in a thread (in solo
    steps of a few hundred rows) or not."""
    opened = venue.open_venue(folder)
    try:
        setup.set_up_venue(opened, name="Shop", owner_pin="2468", cashier_pin="1357")
        opened.settings.change(ops.SYSTEM, {"venue.timezone": "Europe/Berlin"})
        if before is not None:
            assert importer.import_visits(opened, before, actor=ops.SYSTEM).visits
        reads: list[str] = []
        real_read = kept_totals_bulk._read_columns

        def read(conn, exprs, tail, params):  # type: ignore[no-untyped-def]
            reads.append(tail)
            return real_read(conn, exprs, tail, params)

        with mp.context() as m:
            m.setattr(kept_totals_bulk, "_read_columns", read)
            if not held:
                real_publish = importer.publish
                m.setattr(
                    importer,
                    "publish",
                    lambda o, b, k, r, p, held=None: real_publish(o, b, k, r, p, None),
                )
            if ahead:
                m.setattr(importer, "AHEAD_ROWS", 1)
                m.setattr(importer, "SOLO_FIRST", 300)
                m.setattr(importer, "SOLO_ROWS", 300)
            else:
                m.setattr(importer, "AHEAD_ROWS", 10**9)
            if chunks:
                m.setattr(importer, "FIRST_CHUNK", 250)
                m.setattr(importer, "MIN_CHUNK", 250)
                m.setattr(importer, "CHUNK_SECONDS", 1e-9)
                m.setattr(importer, "IDLE_CHUNK_SECONDS", 1e-9)
                m.setattr(importer.imports, "alone", lambda store: False)
            report = importer.import_visits(opened, csv, actor=ops.SYSTEM)
        assert report.visits == 3_000 and not report.problems
        visits_read = [t for t in reads if "FROM visit" in t or "FROM visit_line" in t]
        # the held path never reads the new visits back (unless told: ``reads_back``)
        assert bool(visits_read) == (not held if reads_back is None else reads_back)
        conn = database.raw_connection(opened.store.database)
        assert kept_totals_check._mismatched_all(conn) == set()
        return [conn.execute(sql).fetchall() for sql in KEPT]
    finally:
        opened.close()


@pytest.mark.parametrize("chunks", [False, True], ids=["solo", "in-chunks"])
def test_kept_totals_from_held_columns_equal_those_read_back(
    tmp_path: Path, chunks: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    csv = _file(tmp_path / "pos.csv")
    held = _imported(tmp_path / "held", csv, held=True, chunks=chunks, mp=monkeypatch)
    read = _imported(tmp_path / "read", csv, held=False, chunks=chunks, mp=monkeypatch)
    assert held == read
    assert len(held[1]) > 140  # several buckets per guest


def _returning(path: Path) -> Path:
    """Earlier visits of a few of the guests of :func:`_file` (one of them on its days)."""
    rows = [f"POS-{n},,2026-03-2{n % 3} 12:{n % 60:02d},{10 + n}.50,tea" for n in (3, 70)]
    rows.append("POS-7,,2026-03-29 23:30,3.00,")
    path.write_text("customer_ref,card,visited_at,amount,category\n" + "\n".join(rows) + "\n")
    return path


@pytest.mark.parametrize("returning", [False, True], ids=["new-guests", "returning-guests"])
def test_kept_totals_worked_out_ahead_equal_those_read_back(
    tmp_path: Path, returning: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A solo publish in steps of a few hundred rows, its kept totals summed in a thread and
    added before the commit: the same totals as reading the visits back. With returning guests
    the steps holding one are summed as they are stored and the others still ahead."""
    csv = _file(tmp_path / "pos.csv")
    before = _returning(tmp_path / "before.csv") if returning else None
    deferred: list[int] = []
    real_defer = kept_totals_ahead.Ahead.defer

    def defer(self, conn, after_id):  # type: ignore[no-untyped-def]
        deferred.append(after_id)
        return real_defer(self, conn, after_id)

    monkeypatch.setattr(kept_totals_ahead.Ahead, "defer", defer)
    ahead = _imported(
        tmp_path / "ahead", csv, held=True, chunks=False, mp=monkeypatch, ahead=True, before=before
    )
    steps = len(deferred)
    read = _imported(
        tmp_path / "read", csv, held=False, chunks=False, mp=monkeypatch, before=before
    )
    assert len(deferred) == steps  # the read-back import deferred nothing
    assert ahead == read
    assert steps >= 3  # several steps left their totals to the thread
    if returning:  # and the steps of the returning guests did not
        assert steps < 3_000 // 300
    assert not list((tmp_path / "ahead" / "staging").glob("kept-*.db"))  # the scratch removed


@pytest.mark.parametrize("returning", [False, True], ids=["new-guests", "returning-guests"])
@pytest.mark.parametrize("fault", ["thread", "numbering", "window", "zone"])
def test_kept_totals_are_read_back_when_what_was_worked_out_ahead_cannot_be_used(
    tmp_path: Path,
    fault: str,
    returning: bool,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    """The thread cannot write its sums (a full disk), the guests were not enrolled in staging
    order, or the thread summed with kept windows or a zone other than those at the commit: the
    publish reads the visits back, to the same totals. With returning guests, a read-back comes
    before a step summed as it is stored (which it then covers too)."""
    csv = _file(tmp_path / "pos.csv")
    before = _returning(tmp_path / "before.csv") if returning else None
    read = _imported(
        tmp_path / "read", csv, held=False, chunks=False, mp=monkeypatch, before=before
    )
    if fault == "thread":
        real_write = kept_totals_bulk.write_rows

        def write_rows(conn, head, tail, columns):  # type: ignore[no-untyped-def]
            if threading.current_thread() is not threading.main_thread():
                raise sqlite3.OperationalError("database or disk is full")
            return real_write(conn, head, tail, columns)

        monkeypatch.setattr(kept_totals_bulk, "write_rows", write_rows)
        told = "OperationalError: database or disk is full"
    elif fault == "numbering":
        monkeypatch.setattr(kept_totals_ahead, "_numbered", lambda conn: None)
        told = "not enrolled in staging order"
    else:
        real_ahead = importer.imports.ahead

        def stale(store, held):  # type: ignore[no-untyped-def]
            found = real_ahead(store, held)
            if fault == "window":  # as if moved to another day before the commit
                found._window = (20_606, 30, 365)
            else:  # as if the venue moved to another zone before the commit
                found._zone = "Asia/Tokyo"
            return found

        monkeypatch.setattr(importer.imports, "ahead", stale)
        told = {"window": "the kept windows moved", "zone": "the venue's zone changed"}[fault]
    with caplog.at_level("WARNING"):
        ahead = _imported(
            tmp_path / "ahead",
            csv,
            held=True,
            chunks=False,
            mp=monkeypatch,
            ahead=True,
            reads_back=True,
            before=before,
        )
    assert ahead == read
    assert "kept totals of an import read back: " in caplog.text and told in caplog.text
