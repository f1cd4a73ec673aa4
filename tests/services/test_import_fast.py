"""Reading visits off a CSV's bytes (import_fast) gives exactly what the csv module path gives:
the same rows, values, guests and keys, and the same problem report (every line, every reason,
in order), for files with every kind of mess; and the common rows really are read off the
bytes."""

from __future__ import annotations

import datetime as dt
import tempfile
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from boostdesk.domain import codes
from boostdesk.domain import import_values as values
from boostdesk.services import import_check, import_fast, import_files, import_keys

NOW = int(dt.datetime(2026, 11, 25, 12, tzinfo=dt.UTC).timestamp())
OWNED = {codes.card_number(1): 1, codes.card_number(2): 2, codes.card_number(8): None}
RULES = import_check.VisitRules(
    zone="Europe/Istanbul",
    earliest_day=dt.date(2000, 1, 1),
    now=NOW,
    max_ahead_s=300,
    limit_minor=10_000_000,
    venue_decimal=",",
    categories={"coffee": 1, "tea": 2, "kahve": 1, "çay": 2, "food": 3},
    category_codes=("coffee", "food", "tea"),
    card_owners=lambda numbers: {n: OWNED[n] for n in numbers if n in OWNED},
)

# Cells a POS writes in the common shape (read off the bytes) ...
COMMON = {
    "customer_ref": ["P-1", "P-2", "P-3", " P-1", "Ağa Bey", "x" * 64],
    "card": ["", codes.card_number(1), codes.card_number(2)],
    "visited_at": [
        "2026-11-20 09:15",
        "2026-11-20 09:15:42",
        "2024-02-29T23:59:59",
        "2026-11-20",
        "20.11.2026 13:05",
        "21/11/2026 19:00:00",
    ],
    "amount": ["45", "0", "120", "99999"],
    "category": ["", "coffee", "Coffee", "KAHVE", "Çay", " tea "],
    "note": ["", "anything", "x" * 300],
}
# ... and cells that are odd or wrong in every way the checks know
ODD = {
    "customer_ref": ["", "   ", "x" * 65, "y" * 201],
    "card": [
        codes.card_number(9),
        codes.card_number(8),
        "2700000000015",
        "V-123",
        " ",
        " " * 70 + codes.card_number(1),
        "7" * 250,
    ],
    "visited_at": [
        "1.2.2026 13:05",
        "20.11.2026  13:05",
        "20261120",
        "29.02.2026",
        "2026-02-30 10:00",
        "2026-11-20 25:00",
        "2099-01-01 10:00",
        "2026-11-25 15:10",  # a little ahead of the clock (in Istanbul)
        "1999-12-31 10:00",
        " 2026-11-20 09:15",
        "",
        "soon",
    ],
    "amount": [
        "45,50",
        "3,25",
        "45.5",
        "3.25",
        "0.5",
        "1.234,50",
        "1,234.50",
        "12,345",
        "045",
        "-5",
        "(5,00)",
        "₺12,5",
        "7 TL",
        "1e5",
        "",
        "100000,01",
        "90000000000000000",
        "1" * 240 + ",50",
        "1" * 40 + ".5",
    ],
    "category": ["shoes", "x" * 70, "ü" * 40],
    "note": [],
}
HEADINGS = {
    "customer_ref": ["customer_ref", "müşteri_no", "Customer"],
    "card": ["card", "Kart No"],
    "visited_at": ["visited_at", "tarih", "When"],
    "amount": ["amount", "Tutar"],
    "category": ["category", "kategori"],
    "note": ["note"],
}


@st.composite
def files(draw: st.DrawFn) -> tuple[bytes, dict[str, str], int]:
    """(file bytes, --map mapping, rows made only of common cells)."""
    fields = draw(st.permutations(list(COMMON)))
    present = {"visited_at": 1, "amount": 1, "customer_ref": 0.8, "card": 0.6}
    fields = [f for f in fields if draw(st.floats(0, 1)) < present.get(f, 0.5)]
    if "customer_ref" not in fields and "card" not in fields:
        fields.append("customer_ref")
    names = [draw(st.sampled_from(HEADINGS[f])) for f in fields]
    mapping = {n: f for n, f in zip(names, fields, strict=True) if n in ("When", "Customer")}
    sep = draw(st.sampled_from([",", ";", "\t"]))
    made = [draw(_row(fields, sep)) for _ in range(draw(st.integers(0, 40)))]
    lines = [line for line, _ in made]
    if draw(st.booleans()) and lines:
        pick = draw(st.integers(0, len(lines) - 1))
        if draw(st.booleans()):
            lines[pick] = '"' + lines[pick].replace(sep, '"' + sep + '"', 1) + '"'  # quotes
        else:
            lines.insert(pick, lines[pick])  # the same visit twice
    lines[:0] = [sep * draw(st.integers(0, 2)) for _ in range(draw(st.integers(0, 4)))]
    ends = draw(st.sampled_from(["\n", "\r\n", "mixed"]))
    text = "\n" * draw(st.integers(0, 2)) + sep.join(names) + "\n"
    for i, line in enumerate(lines):
        end = ends if ends != "mixed" else ("\r\n" if i % 2 else "\n")
        text += line + (end if i < len(lines) - 1 or draw(st.booleans()) else "")
    encoding = draw(st.sampled_from(["utf-8", "utf-8-sig", "cp1254"]))
    try:
        raw = text.encode(encoding)
    except UnicodeEncodeError:
        raw = text.encode("utf-8")
    return raw, mapping, sum(common for _, common in made)


@st.composite
def _row(draw: st.DrawFn, fields: list[str], sep: str) -> tuple[str, bool]:
    """A line of the file, and whether it is a row made only of common cells."""
    kind = draw(st.sampled_from(["common"] * 4 + ["odd"] * 4 + ["blank", "seps", "short", "long"]))
    if kind == "blank":
        return "", False
    if kind == "seps":
        return sep * draw(st.integers(1, len(fields) + 1)), False
    cells = [draw(st.sampled_from(COMMON[f])) for f in fields]
    if kind == "odd":  # one field odd, sometimes more
        for f in draw(st.lists(st.sampled_from(fields), min_size=1, max_size=2)):
            if ODD[f]:
                cells[fields.index(f)] = draw(st.sampled_from(ODD[f]))
    if kind == "short":
        cells = cells[: draw(st.integers(1, len(cells)))]
    elif kind == "long":
        cells.append(draw(st.sampled_from(["", "extra"])))
    if kind != "common" or sep in "".join(cells):
        return sep.join(cells), False
    guest = ("card" in fields and cells[fields.index("card")]) or (
        "customer_ref" in fields and cells[fields.index("customer_ref")].strip()
    )
    return sep.join(cells), bool(guest)


@contextmanager
def _counted_exact_rows() -> Iterator[list[int]]:
    """How many rows the fast path leaves to the cell-by-cell checks."""
    original = import_check.check_cells
    counted = [0]

    def counting(cells: dict[str, list[str]], lines: Sequence[int], *args: object) -> object:
        counted[0] += len(lines)
        return original(cells, lines, *args)  # type: ignore[arg-type]

    import_check.check_cells = counting  # type: ignore[assignment]
    try:
        yield counted
    finally:
        import_check.check_cells = original


def _both(
    path: Path, mapping: dict[str, str]
) -> tuple[import_check.Visits, import_files.Plain | None, int] | None:
    try:
        sheet = import_files.open_sheet(path)
        columns = import_check.map_columns(sheet.heading, "visits", mapping)
    except import_files.ImportProblem:
        return None
    # the heading as the csv module reads it from the whole decoded text
    heading, heading_line, _, _ = import_files._csv_text(path.read_bytes(), path.name)
    assert (sheet.heading, sheet.heading_line) == (heading, heading_line)
    fast_problems: import_check.Problems = {}
    with _counted_exact_rows() as exact_rows:
        fast = import_fast.check_visits(sheet, columns, RULES, fast_problems)
    problems: import_check.Problems = {}
    exact = import_check.check_visits(import_files.open_sheet(path), columns, RULES, problems)
    _assert_same(fast, exact)
    assert fast_problems == problems  # lines, and every reason's text in order
    assert _codes(fast_problems) == _codes(problems)  # what a screen translates
    return fast, sheet.plain, exact_rows[0]


def _codes(problems: import_check.Problems) -> dict[int, list[str]]:
    return {
        line: [r.code if isinstance(r, values.Reason) else "" for r in reasons]
        for line, reasons in problems.items()
    }


def _assert_same(fast: import_check.Visits, exact: import_check.Visits) -> None:
    assert fast.lines.tolist() == exact.lines.tolist()
    assert [fast.guests[g] for g in fast.guest] == [exact.guests[g] for g in exact.guest]
    assert sorted(fast.guests) == sorted(exact.guests)  # nobody extra
    assert fast.at.tolist() == exact.at.tolist()
    assert fast.amount.tolist() == exact.amount.tolist()
    assert fast.category.tolist() == exact.category.tolist()
    a = import_keys.guest_keys(fast.guests, fast.guest, fast.at, fast.amount)
    b = import_keys.guest_keys(exact.guests, exact.guest, exact.at, exact.amount)
    assert a.guests == b.guests
    assert a.guest.tolist() == b.guest.tolist()
    assert a.dup.tolist() == b.dup.tolist()
    assert a.order.tolist() == b.order.tolist()


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(files(), st.sampled_from([2, 3, 7, 50_000]))
def test_the_bytes_path_reads_and_refuses_exactly_as_the_csv_path(
    made: tuple[bytes, dict[str, str], int], block_rows: int
) -> None:
    raw, mapping, common = made
    with tempfile.TemporaryDirectory() as folder, pytest.MonkeyPatch.context() as patch:
        patch.setattr(import_files, "BLOCK_ROWS", block_rows)  # the decimal mark's first block
        path = Path(folder) / "visits.csv"
        path.write_bytes(raw)
        found = _both(path, mapping)
    if found is None:
        return
    fast, plain, exact_rows = found
    if plain is not None:  # the common rows were read off the bytes
        assert exact_rows <= len(fast) - common


def test_a_clean_export_is_read_off_the_bytes_whole(tmp_path: Path) -> None:
    rows = [
        f"P-{i % 37},,2026-{1 + i % 10:02d}-{1 + i % 28:02d} {i % 24:02d}:{i % 60:02d}:07,"
        f"{10 + i % 500}.{i % 100:02d},{('coffee', 'tea', '')[i % 3]}"
        for i in range(5_000)
    ]
    rows[10] = rows[11]  # the same visit twice: numbered, not lost
    path = tmp_path / "visits.csv"
    path.write_bytes(
        b"\xef\xbb\xbfcustomer_ref,card,visited_at,amount,category\r\n"
        + "\r\n".join(rows).encode()
        + b"\r\n\r\n"
    )
    found = _both(path, {})
    assert found is not None
    fast, plain, exact_rows = found
    assert plain is not None and exact_rows == 0
    assert len(fast) == 5_000
    assert sorted(fast.refs()) == sorted(f"P-{i}" for i in range(37))
    assert fast.amount[:2].tolist() == [1000, 1101]
    keys = import_keys.guest_keys(fast.guests, fast.guest, fast.at, fast.amount)
    assert sorted(keys.dup.tolist())[-1] == 2


def test_one_bad_row_among_clean_ones_is_reported_as_the_csv_path_reports_it(
    tmp_path: Path,
) -> None:
    rows = [f"P-{i},,2026-11-{1 + i % 20:02d} 10:00,{i + 1},coffee" for i in range(300)]
    rows[150] = "P-9,,31.04.2026,-5,milk"
    path = tmp_path / "visits.csv"
    path.write_text("customer_ref,card,visited_at,amount,category\n" + "\n".join(rows) + "\n")
    found = _both(path, {})
    assert found is not None and found[2] == 1  # one row left to the cell checks
    problems: import_check.Problems = {}
    sheet = import_files.open_sheet(path)
    columns = import_check.map_columns(sheet.heading, "visits", {})
    import_fast.check_visits(sheet, columns, RULES, problems)
    assert problems == {
        152: [
            "no such day '31.04.2026'",
            "negative amount '-5'",
            "unknown category 'milk' (known: coffee, food, tea)",
        ]
    }


def test_an_amount_too_long_to_be_data_does_not_vote_for_the_decimal_mark(tmp_path: Path) -> None:
    path = tmp_path / "visits.csv"
    path.write_text(
        "customer_ref;visited_at;amount\n"
        f"P-1;2026-11-20 09:15;{'1' * 240},50\n"  # refused as too long: it shows no mark
        "P-2;2026-11-20 09:15;45.5\n"  # so this one decides: '.'
    )
    found = _both(path, {})
    assert found is not None and found[0].amount.tolist()[1] == 4550


def _lexsorted_keys(
    names: list[str], guest: np.ndarray, at: np.ndarray, amount: np.ndarray
) -> tuple[list[int], list[int], list[int]]:
    """The staging order and duplicate numbers as first written: plain lexsorts."""
    import hashlib

    digests = [hashlib.sha256(g.encode()).hexdigest()[:20] for g in names]
    ranked = sorted(range(len(names)), key=digests.__getitem__)
    rank_of = np.empty(len(names), dtype=np.int64)
    rank_of[ranked] = np.arange(len(names))
    rank = rank_of[guest]
    minute = at // 60
    order = np.lexsort((amount, minute, rank))
    g, m, a = rank[order], minute[order], amount[order]
    same = np.zeros(len(order), dtype=bool)
    same[1:] = (g[1:] == g[:-1]) & (m[1:] == m[:-1]) & (a[1:] == a[:-1])
    run_start = np.maximum.accumulate(np.where(same, 0, np.arange(len(order))))
    dup = np.empty(len(order), dtype=np.int64)
    dup[order] = np.arange(len(order)) - run_start + 1
    return rank.tolist(), dup.tolist(), np.lexsort((at, rank)).tolist()


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.tuples(st.integers(0, 5), st.integers(0, 400), st.sampled_from([100, 250, 990])),
        max_size=60,
    ),
    st.sampled_from([0, 1_700_000_000]),
    st.sampled_from([1, 30, 250_000_000_000_000, 10**16]),  # one sort key, then fallbacks
)
def test_keys_and_staging_order_are_those_of_a_plain_lexsort(
    rows: list[tuple[int, int, int]], base: int, step: int
) -> None:
    names = [f"ref:P-{i}" for i in range(6)]
    guest = np.array([r[0] for r in rows], dtype=np.int64)
    at = base + step * np.array([r[1] for r in rows], dtype=np.int64)
    amount = np.array([r[2] for r in rows], dtype=np.int64)
    keys = import_keys.guest_keys(names, guest, at, amount)
    rank, dup, order = _lexsorted_keys(names, guest, at, amount)
    assert (keys.guest.tolist(), keys.dup.tolist(), keys.order.tolist()) == (rank, dup, order)


def _reading_threads() -> list[str]:
    import threading

    return [t.name for t in threading.enumerate() if t.name.startswith("import-texts")]


def test_reading_leaves_no_thread_behind_also_when_it_fails(tmp_path: Path) -> None:
    """The text columns are read beside the times and amounts; when the check returns, or
    fails (the database cannot say who holds a card), nothing of it is left running."""
    import dataclasses

    rows = [f"P-{i},{codes.card_number(1 + i % 2)},2026-11-10 10:00,{i + 1},tea" for i in range(50)]
    path = tmp_path / "visits.csv"
    path.write_text("customer_ref,card,visited_at,amount,category\n" + "\n".join(rows) + "\n")
    sheet = import_files.open_sheet(path)
    columns = import_check.map_columns(sheet.heading, "visits", {})
    checked = import_fast.check_visits(sheet, columns, RULES, {})
    assert len(checked) == 50 and _reading_threads() == []

    def unreachable(numbers: Sequence[str]) -> dict[str, int | None]:
        raise OSError("disk I/O error")

    broken = dataclasses.replace(RULES, card_owners=unreachable)
    with pytest.raises(OSError, match="disk I/O"):
        import_fast.check_visits(import_files.open_sheet(path), columns, broken, {})
    assert _reading_threads() == []
