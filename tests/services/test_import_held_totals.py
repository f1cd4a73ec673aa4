"""The kept totals of an import worked out from the columns the importer holds (instead of
reading the published visits back) are exactly those of the read-back path: Berlin's summer-time
change, several visits a day, visits without a basket category, solo and in short chunks."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from boostdesk.services import importer, ops, setup, venue
from boostdesk.storage import database, kept_totals_bulk, kept_totals_check

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


def _imported(folder: Path, csv: Path, *, held: bool, chunks: bool, mp: pytest.MonkeyPatch) -> list:
    opened = venue.open_venue(folder)
    try:
        setup.set_up_venue(opened, name="Shop", owner_pin="2468", cashier_pin="1357")
        opened.settings.change(ops.SYSTEM, {"venue.timezone": "Europe/Berlin"})
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
            if chunks:
                m.setattr(importer, "FIRST_CHUNK", 250)
                m.setattr(importer, "MIN_CHUNK", 250)
                m.setattr(importer, "CHUNK_SECONDS", 1e-9)
                m.setattr(importer, "IDLE_CHUNK_SECONDS", 1e-9)
                m.setattr(importer.imports, "alone", lambda store: False)
            report = importer.import_visits(opened, csv, actor=ops.SYSTEM)
        assert report.visits == 3_000 and not report.problems
        visits_read = [t for t in reads if "FROM visit" in t or "FROM visit_line" in t]
        assert bool(visits_read) != held  # the held path never reads the new visits back
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
