"""Checking every row of an import before anything is stored: which column is which field, and
every reason each bad row is refused (with its physical line number).

Canonical column names (and a few common Turkish and English headings) need no mapping; any
other heading is mapped with ``COLUMN=FIELD`` (saved per source by the importer). Rows are read
block by block and column by column, each distinct text parsed once.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from boostdesk.domain import codes, localtime
from boostdesk.domain import import_values as values
from boostdesk.domain.segments.metrics import IntArray
from boostdesk.services import import_files

VISIT_FIELDS = ("customer_ref", "card", "visited_at", "amount", "category")
CUSTOMER_FIELDS = (
    "customer_ref",
    "card",
    "first_name",
    "last_name",
    "phone",
    "email",
    "birth_date",
    "gender",
    "city",
    "district",
    "consent_sms",
    "consent_email",
    "consent_call",
    "consent_profiling",
    "registration_source",
)
FIELDS = {"visits": VISIT_FIELDS, "customers": CUSTOMER_FIELDS}
IGNORE = "-"
ALIASES = {
    "name": "first_name",
    "ad": "first_name",
    "adı": "first_name",
    "isim": "first_name",
    "surname": "last_name",
    "soyad": "last_name",
    "soyadı": "last_name",
    "card_number": "card",
    "card_no": "card",
    "kart": "card",
    "kart_no": "card",
    "customer": "customer_ref",
    "customer_no": "customer_ref",
    "müşteri_no": "customer_ref",
    "telefon": "phone",
    "gsm": "phone",
    "e_mail": "email",
    "e_posta": "email",
    "eposta": "email",
    "birthday": "birth_date",
    "doğum_tarihi": "birth_date",
    "cinsiyet": "gender",
    "şehir": "city",
    "il": "city",
    "ilçe": "district",
    "date": "visited_at",
    "tarih": "visited_at",
    "time": "visited_at",
    "total": "amount",
    "tutar": "amount",
    "kategori": "category",
    "source": "registration_source",
    "kaynak": "registration_source",
}
_REQUIRED = {"visits": ("visited_at", "amount"), "customers": ("first_name",)}


def normalise(heading: str) -> str:
    return values.fold(heading.strip().lstrip("\ufeff")).replace(" ", "_").replace("-", "_")


@dataclass(frozen=True, slots=True)
class Columns:
    """Which column of the file (by position) holds each field."""

    positions: dict[str, int]
    width: int
    ignored: tuple[str, ...]


def map_columns(heading: Sequence[str], kind: str, mapping: Mapping[str, str]) -> Columns:
    """Fields by column: ``mapping`` (file column -> field, ``-`` to ignore a column) first, then
    canonical names and aliases. Raises ImportProblem for a field mapped twice, a mapped column
    the file lacks, or a required field no column holds."""
    known = FIELDS[kind]
    explicit = {normalise(k): v for k, v in mapping.items()}
    names = [normalise(h) for h in heading]
    for column in explicit:
        if column not in names:
            raise import_files.ImportProblem(
                f"--map names a column the file does not have: {column!r} "
                f"(the file has: {', '.join(h.strip() for h in heading)})"
            )
    positions: dict[str, int] = {}
    ignored = []
    for i, name in enumerate(names):
        target = explicit.get(name) or ALIASES.get(name, name)
        if target == IGNORE or target not in known:
            if name:
                ignored.append(heading[i].strip())
            continue
        if target in positions:
            raise import_files.ImportProblem(
                f"two columns hold the field {target}: "
                f"{heading[positions[target]].strip()!r} and {heading[i].strip()!r}"
            )
        positions[target] = i
    missing = [f for f in _REQUIRED[kind] if f not in positions]
    if "customer_ref" not in positions and "card" not in positions:
        missing.append("customer_ref or card")
    if missing:
        raise import_files.ImportProblem(
            f"missing columns: {', '.join(missing)} (the file has: "
            f"{', '.join(h.strip() for h in heading)}; map one with --map COLUMN=FIELD)"
        )
    return Columns(positions, len(heading), tuple(ignored))


Problems = dict[int, list[str]]


def cells_of(
    block: import_files.Block, columns: Columns, problems: Problems
) -> dict[str, list[str]]:
    """The block's fields as columns of text (missing cells empty); rows with more cells than the
    heading and cells too long to be data are refused here."""
    width = columns.width
    rows = block.rows
    if max(map(len, rows), default=0) > width:
        for line, row in zip(block.lines, rows, strict=True):
            if len(row) > width and any(c.strip() for c in row[width:]):
                problems.setdefault(line, []).append(
                    values.Reason("row_too_many_fields", count=len(row), width=width)
                )
    # the block turned into columns at once; rows shorter than the heading get empty cells
    table = list(itertools.zip_longest(*rows, fillvalue="")) if rows else []
    out: dict[str, list[str]] = {}
    for name, i in columns.positions.items():
        cells = list(table[i]) if i < len(table) else [""] * len(rows)
        if cells and max(map(len, cells)) > values.MAX_FIELD_CHARS:
            for j, cell in enumerate(cells):
                if len(cell) > values.MAX_FIELD_CHARS:
                    problems.setdefault(block.lines[j], []).append(
                        values.Reason(
                            "field_too_long",
                            field=name,
                            length=f"{len(cell):,}",
                            limit=values.MAX_FIELD_CHARS,
                        )
                    )
                    cells[j] = ""
        out[name] = cells
    return out


def _note(problems: Problems, lines: Sequence[int], found: Mapping[int, str]) -> None:
    for i, reason in found.items():
        problems.setdefault(lines[i], []).append(reason)


# -- visits --------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class VisitRules:
    """What a visit row is checked against (the venue's settings and data)."""

    zone: str
    earliest_day: dt.date
    now: int
    max_ahead_s: int
    limit_minor: int
    venue_decimal: str
    categories: Mapping[str, int]  # folded code or name -> id
    category_codes: tuple[str, ...]
    card_owners: Callable[[Sequence[str]], dict[str, int | None]]  # known card -> owner (or None)


@dataclass
class Visits:
    """Checked visit rows in file order, column by column: the line of each, its guest (an
    index into ``guests``: a card number, or ``ref:`` and the reference), UTC time, amount in
    minor units and category (-1 for none)."""

    lines: IntArray
    guests: list[str]
    guest: IntArray
    at: IntArray
    amount: IntArray
    category: IntArray

    def __len__(self) -> int:
        return len(self.lines)

    def refs(self) -> list[str]:
        """The distinct references of the guests without a card."""
        return [g[4:] for g in self.guests if g.startswith("ref:")]


@dataclass
class Checked:
    """One block's rows as checked by :func:`check_block` (guest names as in :class:`Visits`)."""

    names: list[str]
    at: IntArray
    amount: IntArray
    category: IntArray


def check_visits(
    sheet: import_files.Sheet, columns: Columns, rules: VisitRules, problems: Problems
) -> Visits:
    """Every row of ``sheet`` checked; the reasons of bad rows go to ``problems`` by line. The
    decimal mark is read from the first block's amounts."""
    lines: list[int] = []
    parts: list[Checked] = []
    decimal: str | None = None
    owners: dict[str, int | None] = {}
    for block in sheet.blocks:
        cells = cells_of(block, columns, problems)
        if decimal is None:
            decimal = values.decimal_mark(list(dict.fromkeys(cells["amount"])), rules.venue_decimal)
        parts.append(check_cells(cells, block.lines, decimal, rules, owners, problems))
        lines += block.lines
    return visits_of(np.array(lines, dtype=np.int64), parts, {})


def visits_of(lines: IntArray, parts: Sequence[Checked], guests: dict[str, int]) -> Visits:
    """The checked rows of ``parts`` (in file order) as :class:`Visits`; ``guests`` are guest
    names already numbered (more are added)."""
    names = [n for part in parts for n in part.names]
    number = guests.setdefault
    guest = np.fromiter((number(n, len(guests)) for n in names), dtype=np.int64, count=len(names))

    def joined(column: str) -> IntArray:
        found = [getattr(part, column) for part in parts]
        return np.concatenate(found) if found else np.zeros(0, dtype=np.int64)

    return Visits(lines, list(guests), guest, joined("at"), joined("amount"), joined("category"))


def check_cells(
    cells: dict[str, list[str]],
    lines: Sequence[int],
    decimal: str,
    rules: VisitRules,
    owners: dict[str, int | None],
    problems: Problems,
) -> Checked:
    """Rows given as columns of text (see :func:`cells_of`) checked field by field, each bad
    row's reasons noted in order: card, guest, time, amount, category. ``owners`` caches the
    card owners looked up."""
    n = len(lines)
    empty = [""] * n
    card_cells = cells.get("card", empty)
    cards = _cards(card_cells, rules, owners, lines, problems)
    refs = [r.strip() for r in cells.get("customer_ref", empty)]
    if "" in refs:  # only rows without a reference can lack both
        for i in [i for i, r in enumerate(refs) if not r]:
            if not cards[i] and not card_cells[i].strip():
                problems.setdefault(lines[i], []).append(values.Reason("ref_or_card_required"))
    at = _times(cells["visited_at"], rules, lines, problems)
    amount, bad = values.amounts(cells["amount"], decimal, rules.limit_minor)
    _note(problems, lines, bad)
    category = _categories(cells.get("category", empty), rules, lines, problems)
    names = [c or "ref:" + r for c, r in zip(cards, refs, strict=True)]
    return Checked(names, at, amount, category)


def time_rules(
    local: IntArray, ok: np.ndarray, rules: VisitRules
) -> tuple[IntArray, np.ndarray, np.ndarray]:
    """UTC times of local wall-clock times (read where ``ok``), and which are before the
    earliest plausible day and which are ahead of the clock by more than the rules allow."""
    earliest = localtime.day_of(rules.earliest_day)
    early = ok & (local // 86_400 < earliest)
    far = ok & (local > rules.now + rules.max_ahead_s + 2 * 86_400)  # years ahead: no zone maths
    plausible = ok & ~early & ~far
    at = localtime.from_local(np.where(plausible, local, rules.now), rules.zone)
    late = far | (plausible & (at > rules.now + rules.max_ahead_s))
    return at, early, late


def _times(
    texts: list[str], rules: VisitRules, lines: Sequence[int], problems: Problems
) -> IntArray:
    local, bad = values.local_times(texts)
    _note(problems, lines, bad)
    ok = np.ones(len(texts), dtype=bool)
    ok[list(bad)] = False
    at, early, late = time_rules(local, ok, rules)
    for i in np.flatnonzero(early).tolist():
        problems.setdefault(lines[i], []).append(
            values.Reason(
                "date_too_early", text=texts[i].strip(), day=rules.earliest_day.isoformat()
            )
        )
    for i in np.flatnonzero(late).tolist():
        problems.setdefault(lines[i], []).append(
            values.Reason("date_in_future", text=texts[i].strip())
        )
    return at


def card_numbers(
    texts: Sequence[str], rules: VisitRules, owners: dict[str, int | None]
) -> tuple[dict[str, str], dict[str, str]]:
    """Each distinct card text read: (text -> card number, '' for none; text -> the reason it
    is refused: not a card, unknown, belonging to no guest). ``owners`` caches the lookups."""
    parsed, reasons = _card_numbers(texts)
    unknown = [c for c in set(parsed.values()) if c and c not in owners]
    for start in range(0, len(unknown), 900):
        found = rules.card_owners(unknown[start : start + 900])
        for number in unknown[start : start + 900]:
            owners[number] = found.get(number, -1)
    for text, number in list(parsed.items()):
        owner = owners.get(number) if number else 0
        if owner == -1:
            reasons[text] = values.Reason("card_unknown", number=number)
        elif owner is None:
            reasons[text] = values.Reason("card_ownerless", number=number)
        else:
            continue
        del parsed[text]
    return parsed, reasons


def _card_numbers(texts: Sequence[str]) -> tuple[dict[str, str], dict[str, str]]:
    parsed: dict[str, str] = {}
    reasons: dict[str, str] = {}
    for text in dict.fromkeys(texts):
        if not text.strip():
            parsed[text] = ""
            continue
        try:
            code = codes.parse(text)
        except codes.CodeError as exc:
            reasons[text] = values.Reason(
                "card_invalid", text=text.strip(), error=exc, kind=exc.reason
            )
            continue
        if code.kind is not codes.CodeKind.CARD:
            reasons[text] = values.Reason("voucher_not_card", text=text.strip())
            continue
        parsed[text] = code.value
    return parsed, reasons


def _cards(
    texts: list[str],
    rules: VisitRules,
    owners: dict[str, int | None],
    lines: Sequence[int],
    problems: Problems,
) -> list[str]:
    """Card numbers (normalised; '' for none or refused); unknown and ownerless cards refused."""
    parsed, reasons = card_numbers(texts, rules, owners)
    if reasons:
        for i, text in enumerate(texts):
            if text in reasons:
                problems.setdefault(lines[i], []).append(reasons[text])
    get = parsed.get
    return [get(text, "") for text in texts]


def category_ids(texts: Sequence[str], rules: VisitRules) -> dict[str, int]:
    """Each distinct category text's id: -1 for none, -2 for a category the venue lacks."""
    ids: dict[str, int] = {}
    for text in dict.fromkeys(texts):
        name = text.strip()
        if not name:
            ids[text] = -1
            continue
        found = rules.categories.get(values.fold(name), rules.categories.get(name.lower()))
        ids[text] = -2 if found is None else found
    return ids


def _categories(
    texts: list[str], rules: VisitRules, lines: Sequence[int], problems: Problems
) -> IntArray:
    ids = category_ids(texts, rules)
    out = np.fromiter(map(ids.__getitem__, texts), dtype=np.int64, count=len(texts))
    if (out == -2).any():
        known = ", ".join(rules.category_codes)
        for i in np.flatnonzero(out == -2).tolist():
            problems.setdefault(lines[i], []).append(
                values.Reason("category_unknown", text=texts[i].strip(), known=known)
            )
    return out
