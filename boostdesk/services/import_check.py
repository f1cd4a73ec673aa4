"""Checking every row of an import before anything is stored: which column is which field, and
every reason each bad row is refused (with its physical line number).

Canonical column names (and a few common Turkish and English headings) need no mapping; any
other heading is mapped with ``COLUMN=FIELD`` (saved per source by the importer). Rows are read
block by block and column by column, each distinct text parsed once.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import itertools
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field

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
    """Checked visit rows, column by column (``category`` -1 for none; ``card`` '' for none)."""

    lines: list[int] = field(default_factory=list)
    ref: list[str] = field(default_factory=list)
    card: list[str] = field(default_factory=list)
    at: list[IntArray] = field(default_factory=list)
    amount: list[IntArray] = field(default_factory=list)
    category: list[IntArray] = field(default_factory=list)

    def __len__(self) -> int:
        return len(self.lines)


def check_visits(
    sheet: import_files.Sheet, columns: Columns, rules: VisitRules, problems: Problems
) -> Visits:
    """Every row of ``sheet`` checked; the reasons of bad rows go to ``problems`` by line."""
    out = Visits()
    decimal: str | None = None
    owners: dict[str, int | None] = {}
    for block in sheet.blocks:
        cells = cells_of(block, columns, problems)
        n = len(block.rows)
        empty = [""] * n
        if decimal is None:
            decimal = values.decimal_mark(list(dict.fromkeys(cells["amount"])), rules.venue_decimal)
        cards = _cards(cells.get("card", empty), rules, owners, block.lines, problems)
        refs = [r.strip() for r in cells.get("customer_ref", empty)]
        card_cells = cells.get("card", empty)
        if "" in refs:  # only rows without a reference can lack both
            for i in [i for i, r in enumerate(refs) if not r]:
                if not cards[i] and not card_cells[i].strip():
                    problems.setdefault(block.lines[i], []).append(
                        values.Reason("ref_or_card_required")
                    )
        at = _times(cells["visited_at"], rules, block.lines, problems)
        amount, bad = values.amounts(cells["amount"], decimal, rules.limit_minor)
        _note(problems, block.lines, bad)
        category = _categories(cells.get("category", empty), rules, block.lines, problems)
        out.lines += block.lines
        out.ref += refs
        out.card += cards
        out.at.append(at)
        out.amount.append(amount)
        out.category.append(category)
    return out


def _times(
    texts: list[str], rules: VisitRules, lines: Sequence[int], problems: Problems
) -> IntArray:
    local, bad = values.local_times(texts)
    _note(problems, lines, bad)
    ok = np.ones(len(texts), dtype=bool)
    ok[list(bad)] = False
    earliest = localtime.day_of(rules.earliest_day)
    early = ok & (local // 86_400 < earliest)
    far = ok & (local > rules.now + rules.max_ahead_s + 2 * 86_400)  # years ahead: no zone maths
    plausible = ok & ~early & ~far
    at = localtime.from_local(np.where(plausible, local, rules.now), rules.zone)
    late = far | (plausible & (at > rules.now + rules.max_ahead_s))
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


def _card_numbers(texts: list[str]) -> tuple[dict[str, str], dict[str, str]]:
    """Each distinct card text read: (text -> card number, '' for none; text -> reason)."""
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
    if reasons:
        for i, text in enumerate(texts):
            if text in reasons:
                problems.setdefault(lines[i], []).append(reasons[text])
    get = parsed.get
    return [get(text, "") for text in texts]


def _categories(
    texts: list[str], rules: VisitRules, lines: Sequence[int], problems: Problems
) -> IntArray:
    ids: dict[str, int] = {}
    for text in dict.fromkeys(texts):
        name = text.strip()
        if not name:
            ids[text] = -1
            continue
        found = rules.categories.get(values.fold(name), rules.categories.get(name.lower()))
        ids[text] = -2 if found is None else found
    out = np.fromiter(map(ids.__getitem__, texts), dtype=np.int64, count=len(texts))
    if (out == -2).any():
        known = ", ".join(rules.category_codes)
        for i in np.flatnonzero(out == -2).tolist():
            problems.setdefault(lines[i], []).append(
                values.Reason("category_unknown", text=texts[i].strip(), known=known)
            )
    return out


def guest_keys(
    ref: Sequence[str], card: Sequence[str], at: IntArray, amount: IntArray
) -> tuple[list[tuple[int, str | None, str | None, str]], IntArray, IntArray]:
    """What each visit's idempotency key is made of — its parsed values: the guest (card, else
    reference), the UTC minute and the amount — so the same visits re-saved in another format
    (other date or decimal style, seconds dropped by a spreadsheet) are recognised. The guest is
    hashed (a reference may be a name): the key is ``import:DIGEST:MINUTE:AMOUNT``, ``:n`` added
    for the n-th identical visit in the file (storage builds it as it publishes).

    Returns the guests as (rank, reference or None, card or None, digest), ranked in digest
    order — publishing in that order inserts each chunk's keys, and its guests' index entries,
    next to each other —, each row's guest rank, and each row's ``n`` (1 for the first)."""
    named = [c or "ref:" + r for c, r in zip(card, ref, strict=True)]
    first = dict.fromkeys(named)
    digests = {g: hashlib.sha256(g.encode()).hexdigest()[:20] for g in first}
    ordered = sorted(first, key=digests.__getitem__)
    rank = {g: i for i, g in enumerate(ordered)}
    guests: list[tuple[int, str | None, str | None, str]] = [
        (i, None, g, digests[g]) if not g.startswith("ref:") else (i, g[4:], None, digests[g])
        for i, g in enumerate(ordered)
    ]
    guest = np.fromiter(map(rank.__getitem__, named), dtype=np.int64, count=len(named))
    minute = at // 60
    order = np.lexsort((amount, minute, guest))  # stable: identical visits in file order
    g, m, a = guest[order], minute[order], amount[order]
    same = np.zeros(len(order), dtype=bool)
    same[1:] = (g[1:] == g[:-1]) & (m[1:] == m[:-1]) & (a[1:] == a[:-1])
    run_start = np.maximum.accumulate(np.where(same, 0, np.arange(len(order))))
    dup = np.empty(len(order), dtype=np.int64)
    dup[order] = np.arange(len(order)) - run_start + 1
    return guests, guest, dup
