"""Checking a plain CSV of visits (:class:`import_files.Plain`) column by column on its bytes.

The rows of the common shape — the heading's number of fields, a ``YYYY-MM-DD HH:MM[:SS]``
time, a plain amount (digits, the file's decimal mark, one or two decimals), short reference,
card and category texts — are read and checked for the whole file at once with numpy, each
distinct reference, card and category text once. A row only counts as read that way when
every check passes; every other row (another date or amount style, a bad value, a missing or
extra field) is cut out, decoded and checked by :func:`import_check.check_cells` exactly as a
file read by the csv module is, so its problems — line and every reason — are the same.
"""

from __future__ import annotations

import concurrent.futures
import csv
from dataclasses import dataclass

import numpy as np

from boostdesk.domain import import_columns
from boostdesk.domain import import_values as values
from boostdesk.domain.segments.metrics import IntArray
from boostdesk.services import import_check, import_files, import_plain

TEXT_WIDTH = 64
"""References, cards and categories up to this many bytes are read on the fast path."""


@dataclass
class _Field:
    """One field of the regular rows: where each starts and how long it is."""

    start: IntArray
    length: IntArray


class _Fields:
    """The fields of the regular rows by name, each worked out when asked for."""

    def __init__(self, seps: IntArray, positions: dict[str, int]) -> None:
        self._seps = seps
        self._positions = positions

    def __contains__(self, name: str) -> bool:
        return name in self._positions

    def __getitem__(self, name: str) -> _Field:
        i = self._positions[name]
        start = self._seps[i] + 1
        return _Field(start, self._seps[i + 1] - start)


def check_visits(
    sheet: import_files.Sheet,
    columns: import_check.Columns,
    rules: import_check.VisitRules,
    problems: import_check.Problems,
) -> import_check.Visits:
    """The same as :func:`import_check.check_visits` (same rows, values and problems), at the
    speed of the bytes for a plain CSV."""
    if sheet.plain is None:
        return import_check.check_visits(sheet, columns, rules, problems)
    table = import_plain.layout(sheet.plain, columns.width)
    rows = np.flatnonzero(~table.blank)  # the records that are rows
    if len(rows) == 0:
        return import_check.visits_of(np.zeros(0, dtype=np.int64), [], {})
    regular = np.flatnonzero(table.regular)
    kept = ~table.blank[regular]
    fast = regular[kept]  # records that may be read on the fast path
    seps = table.seps if kept.all() else table.seps[:, kept]
    fields = _Fields(seps, columns.positions)
    owners: dict[str, int | None] = {}
    guests: dict[str, int] = {}
    with concurrent.futures.ThreadPoolExecutor(1, thread_name_prefix="import-texts") as aside:
        # the text columns' distinct values (numpy, mostly without the GIL) are worked out on
        # the machine's other core while this thread reads the times and amounts
        texts = {
            name: aside.submit(_texts, table, fields[name])
            for name in ("customer_ref", "card", "category")
            if name in fields
        }
        decimal = _decimal(table, rows, fast, fields["amount"], columns, rules)
        read = _read(table, fields, decimal, rules, owners, guests, texts)
    odd_mask = np.ones(len(table.line), dtype=bool)
    odd_mask[fast[read.ok]] = False
    odd_mask &= ~table.blank
    odd = np.flatnonzero(odd_mask)
    parts = []
    if len(odd):
        block = import_files.Block(table.line[odd].tolist(), _records(table, odd))
        cells = import_check.cells_of(block, columns, problems)
        parts.append(import_check.check_cells(cells, block.lines, decimal, rules, owners, problems))
    checked = import_check.visits_of(table.line[odd], parts, guests)
    lines = table.line if len(rows) == len(table.line) else table.line[rows]
    if len(odd) == 0 and read.ok.all():  # every row read off the bytes
        return import_check.Visits(
            lines, checked.guests, read.guest, read.at, read.amount, read.category
        )
    # the rows of both paths in file order
    is_fast = ~odd_mask[rows]
    ok = read.ok

    def merged(fast_values: IntArray, odd_values: IntArray) -> IntArray:
        out = np.empty(len(rows), dtype=np.int64)
        out[is_fast] = fast_values[ok]
        out[~is_fast] = odd_values
        return out

    return import_check.Visits(
        lines,
        checked.guests,
        merged(read.guest, checked.guest),
        merged(read.at, checked.at),
        merged(read.amount, checked.amount),
        merged(read.category, checked.category),
    )


def _records(table: import_plain.Layout, records: IntArray) -> list[list[str]]:
    """The records cut into fields as the csv module does (no quotes: at each separator)."""
    return list(csv.reader(table.texts(records), delimiter=table.delimiter))


def _decimal(
    table: import_plain.Layout,
    rows: IntArray,
    fast: IntArray,
    amount: _Field,
    columns: import_check.Columns,
    rules: import_check.VisitRules,
) -> str:
    """The decimal mark of the file, read as the csv path reads it: from the distinct amounts
    of the first block of rows (:data:`import_files.BLOCK_ROWS` records, blank ones counted)
    that holds any."""
    block = rows[0] // import_files.BLOCK_ROWS
    low = block * import_files.BLOCK_ROWS
    high = min(low + import_files.BLOCK_ROWS, len(table.line))
    head = (fast >= low) & (fast < high)
    start, length = amount.start[head], amount.length[head]
    short = length <= TEXT_WIDTH
    matrix = import_plain.gather(table.data, start[short], length[short], TEXT_WIDTH)
    first, _ = import_plain.distinct(matrix)
    commas, dots, handled = import_columns.decimal_votes(matrix[first], length[short][first])
    texts = set(import_plain.texts_of(matrix, first[handled], table.encoding))
    others: set[str] = set(import_plain.texts_of(matrix, first[~handled], table.encoding))
    long = np.flatnonzero(~short)
    others.update(
        table.data[s : s + n].tobytes().decode(table.encoding)
        for s, n in zip(start[long].tolist(), length[long].tolist(), strict=True)
    )
    slow = np.ones(high - low, dtype=bool)  # the block's records not read on the fast path
    slow[fast[head] - low] = False
    slow &= ~table.blank[low:high]
    position = columns.positions["amount"]
    for record in _records(table, low + np.flatnonzero(slow)):
        others.add(record[position] if position < len(record) else "")
    others = {t if len(t) <= values.MAX_FIELD_CHARS else "" for t in others} - texts
    more_commas, more_dots = values.mark_votes(sorted(others))
    return values.decided_mark(commas + more_commas, dots + more_dots, rules.venue_decimal)


@dataclass
class _Read:
    """The fast rows as read: which passed every check, and their values."""

    ok: np.ndarray
    guest: IntArray
    at: IntArray
    amount: IntArray
    category: IntArray


def _read(
    table: import_plain.Layout,
    fields: _Fields,
    decimal: str,
    rules: import_check.VisitRules,
    owners: dict[str, int | None],
    guests: dict[str, int],
    texts: _Texts,
) -> _Read:
    time, money = fields["visited_at"], fields["amount"]
    n = len(time.start)
    at, amount = np.empty(n, dtype=np.int64), np.empty(n, dtype=np.int64)
    ok, read = np.empty(n, dtype=bool), np.empty(n, dtype=bool)
    width = max(int(np.minimum(money.length, 16).max()) if n else 1, 1)
    for start in range(0, n, import_columns.CHUNK):  # gathered, read and checked in the cache
        part = slice(start, min(start + import_columns.CHUNK, n))
        local, shaped = import_columns.times(
            import_plain.gather(table.data, time.start[part], time.length[part], 19, False),
            time.length[part],
        )
        at[part], early, late = import_check.time_rules(local, shaped, rules)
        ok[part] = shaped & ~early & ~late
        amount[part], read[part] = import_columns.plain_amounts(
            import_plain.gather(table.data, money.start[part], money.length[part], width, False),
            money.length[part],
            decimal,
            rules.limit_minor,
        )
    ok &= read
    category = np.full(len(ok), -1, dtype=np.int64)
    if "category" in fields:
        which, named, short = texts["category"].result()
        ids = import_check.category_ids(named, rules)
        category = np.array([ids[t] for t in named], dtype=np.int64)[which]
        ok &= short & (category != -2)
    guest = _guests(texts, rules, owners, guests, ok)
    return _Read(ok, guest, at, amount, category)


_Texts = dict[str, "concurrent.futures.Future[tuple[IntArray, list[str], np.ndarray]]"]
"""The text columns read by :func:`_texts`, by field name, as they are being worked out."""


def _texts(table: import_plain.Layout, field: _Field) -> tuple[IntArray, list[str], np.ndarray]:
    """A text field read once per distinct text: each row's distinct number, the distinct texts
    and which rows' texts were short enough to be read (the others read as empty)."""
    short = field.length <= TEXT_WIDTH
    length = np.where(short, field.length, 0)
    longest = int(length.max()) if len(length) else 0
    if longest == 0:  # an empty column (no card at all, say)
        return np.zeros(len(length), dtype=np.int64), [""], short
    width = -(-longest // 8) * 8  # whole 64-bit words: no copy to pad them
    matrix = import_plain.gather(table.data, field.start, length, width)
    first, inverse = import_plain.distinct(matrix)
    return inverse, import_plain.texts_of(matrix, first, table.encoding), short


def _guests(
    texts: _Texts,
    rules: import_check.VisitRules,
    owners: dict[str, int | None],
    guests: dict[str, int],
    ok: np.ndarray,
) -> IntArray:
    """Each fast row's guest, numbered in ``guests``: its card, else its reference (as the csv
    path names them). Rows with a refused card or neither are marked not ``ok``; only the
    guests of rows still ``ok`` are numbered."""
    n = len(ok)
    names: list[str] = []  # the candidate names: the distinct cards', then the references'
    code = np.full(n, -1, dtype=np.int64)
    if "card" in texts:
        which, cards, short = texts["card"].result()
        parsed, _ = import_check.card_numbers(cards, rules, owners)
        found = [parsed.get(t) for t in cards]  # None: refused, '': no card
        ok &= short & np.array([c is not None for c in found], dtype=bool)[which]
        code = np.array([i if c else -1 for i, c in enumerate(found)], dtype=np.int64)[which]
        names += [c or "" for c in found]
    if "customer_ref" in texts:
        which, written, short = texts["customer_ref"].result()
        refs = [t.strip() for t in written]
        present = np.fromiter(map(bool, refs), dtype=bool, count=len(refs))
        named = np.where(present, np.arange(len(names), len(names) + len(refs)), -1)[which]
        code = np.where(code >= 0, code, named)
        ok &= short
        names += ["ref:" + r for r in refs]
    ok &= code >= 0  # neither a card nor a reference
    number = guests.setdefault
    ids = np.full(len(names) + 1, -1, dtype=np.int64)
    used = np.flatnonzero(np.bincount(code[ok], minlength=len(names)))
    ids[used] = [number(names[c], len(guests)) for c in used.tolist()]
    return ids[code]
