"""Importing visits from POS exports (CSV), all or nothing, without making the tills wait.

Canonical columns: ``customer_ref, card, visited_at, amount, category`` (header row required; ``,``
or ``;`` separated; UTF-8 or Windows-1254; decimal point or comma). Every row is checked first and
every bad row is reported with its line number; only a file without errors is stored. Each row
gets an idempotency key from its content, so importing a file twice stores its visits once.

Storing goes through :mod:`boostdesk.storage.imports`: the rows are staged under one import id in
short transactions, then the batch is committed and published into the live tables in chunks of
about :data:`CHUNK_SECONDS` each (roll-forward: an import stopped before its commit point leaves
nothing; one interrupted after it is finished by the next import). The guests who got visits are
re-evaluated (segments) afterwards.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import re
import time
import zoneinfo
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from boostdesk.domain import codes, localtime
from boostdesk.services import ops, pacing
from boostdesk.storage import imports

STAGE_ROWS = 5_000  # rows staged by the first transaction (plain inserts, no triggers)
CHUNK_SECONDS = 0.05  # a publishing chunk aims at this long a write transaction
FIRST_CHUNK = 500
ONE_BY_ONE = 200  # up to this many guests are re-evaluated one by one, else a full recompute

COLUMNS = ("customer_ref", "card", "visited_at", "amount", "category")
_DATE_FORMATS = (
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%d %H:%M",
    "%Y-%m-%dT%H:%M:%S",
    "%Y-%m-%d",
    "%Y%m%d",
    "%d.%m.%Y %H:%M",
    "%d.%m.%Y",
    "%d/%m/%Y",
)


class ImportProblem(Exception):
    """The file as a whole cannot be read (missing, wrong columns, unknown encoding)."""


class ImportCancelled(Exception):
    """The import was cancelled before its commit point; nothing was stored."""


@dataclass
class Report:
    visits: int = 0
    customers: int = 0
    new_customers: int = 0
    errors: list[tuple[int, str]] = field(default_factory=list)
    import_id: int | None = None
    resumed: list[int] = field(default_factory=list)  # interrupted imports finished first


@dataclass(frozen=True, slots=True)
class _Row:
    line: int
    ref: str
    card: str | None
    at: int
    amount_minor: int
    category: str | None
    key: str


def _read_text(path: Path) -> str:
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise ImportProblem(f"cannot read {path}: {exc.strerror}") from exc
    for encoding in ("utf-8-sig", "cp1254"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise ImportProblem(f"{path} is neither UTF-8 nor Windows-1254 text")


def parse_amount(text: str) -> int:
    """``29.33``, ``29,33``, ``1.234,50``, ``1,234.50``, ``₺45`` -> minor units."""
    cleaned = re.sub(r"[^\d,.\-]", "", text.strip())
    if not cleaned or cleaned.count("-") > 1:
        raise ValueError(f"not an amount: {text!r}")
    if "," in cleaned and "." in cleaned:
        decimal = "," if cleaned.rfind(",") > cleaned.rfind(".") else "."
        cleaned = cleaned.replace("." if decimal == "," else ",", "").replace(",", ".")
    elif "," in cleaned:
        cleaned = cleaned.replace(",", ".")
    whole, _, frac = cleaned.partition(".")
    if len(frac) > 2:
        raise ValueError(f"more than two decimals: {text!r}")
    minor = int(whole or "0") * 100 + int((frac + "00")[:2]) * (-1 if whole.startswith("-") else 1)
    if minor < 0:
        raise ValueError(f"negative amount: {text!r}")
    return minor


_ISO = re.compile(r"(\d{4})-(\d\d)-(\d\d)(?:[ T](\d\d):(\d\d)(?::(\d\d))?)?")


def _iso_time(value: str, zone: zoneinfo.ZoneInfo, offsets: dict[tuple[int, ...], int]) -> int:
    """``YYYY-MM-DD[ HH:MM[:SS]]`` (the common POS export) without strptime; raises ValueError.

    The zone's UTC offset is looked up once per local date and hour (``offsets``)."""
    match = _ISO.fullmatch(value)
    if match is None:
        raise ValueError(value)
    y, mo, d, h, mi, sec = (int(g) if g else None for g in match.groups())
    assert y is not None and mo is not None and d is not None
    hour = 12 if h is None else h  # a date alone means noon
    key = (y, mo, d, hour)
    offset = offsets.get(key)
    if offset is None:
        local = dt.datetime(y, mo, d, hour, tzinfo=zone)  # ValueError for a day that is not
        offset = int(local.utcoffset().total_seconds())  # type: ignore[union-attr]
        offsets[key] = offset
    naive = dt.datetime(y, mo, d, hour, mi or 0, sec or 0)
    return int((naive - _EPOCH).total_seconds()) - offset


_EPOCH = dt.datetime(1970, 1, 1)


def parse_time(
    text: str,
    zone: zoneinfo.ZoneInfo,
    formats: list[str] | None = None,
    offsets: dict[tuple[int, ...], int] | None = None,
) -> int:
    """A local date or date-time -> UTC seconds; a date alone means noon.

    ``formats`` (the accepted formats, reordered in place) lets a long file try the format that
    matched last first; ``offsets`` caches the zone's offsets of ISO dates and hours.
    """
    value = text.strip()
    try:
        return _iso_time(value, zone, {} if offsets is None else offsets)
    except ValueError:
        pass
    order = formats if formats is not None else list(_DATE_FORMATS)
    for i, fmt in enumerate(order):
        try:
            moment = dt.datetime.strptime(value, fmt)
        except ValueError:
            continue
        if i:
            order.insert(0, order.pop(i))
        if "%H" not in fmt:
            moment = moment.replace(hour=12)
        return int(moment.replace(tzinfo=zone).timestamp())
    raise ValueError(f"not a date: {text!r}")


def _rows(text: str, zone: zoneinfo.ZoneInfo, report: Report) -> list[_Row]:
    sample = text[:4096]
    delimiter = ";" if sample.count(";") > sample.count(",") else ","
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    header = [h.strip().lower() for h in next(reader, [])]
    missing = [c for c in ("customer_ref", "visited_at", "amount") if c not in header]
    if missing:
        raise ImportProblem(
            f"missing columns: {', '.join(missing)} (expected {', '.join(COLUMNS)})"
        )
    where = [header.index(c) if c in header else -1 for c in COLUMNS]
    rows: list[_Row] = []
    seen: dict[str, int] = {}
    context = _Context(zone, list(_DATE_FORMATS), {}, {})
    for number, record in enumerate(reader, start=2):
        if not record:
            continue
        values = [record[i].strip() if 0 <= i < len(record) else "" for i in where]
        try:
            rows.append(_row(number, values, context, seen))
        except ValueError as exc:
            report.errors.append((number, str(exc)))
    return rows


@dataclass(frozen=True, slots=True)
class _Context:
    zone: zoneinfo.ZoneInfo
    formats: list[str]
    cards: dict[str, str]  # card text -> card number (cards repeat across a guest's visits)
    offsets: dict[tuple[int, ...], int]  # UTC offset per local date and hour


def _card(text: str, context: _Context) -> str:
    number = context.cards.get(text)
    if number is None:
        try:
            number = codes.parse(text).value
        except codes.CodeError as exc:
            raise ValueError(f"card {text!r}: {exc}") from exc
        context.cards[text] = number
    return number


def _row(number: int, values: list[str], context: _Context, seen: dict[str, int]) -> _Row:
    ref, card_text, at_text, amount_text, category = values
    card = _card(card_text, context) if card_text else None
    if not ref and not card:
        raise ValueError("customer_ref or card is required")
    content = "|".join(values)
    seen[content] = seen.get(content, 0) + 1  # identical rows are separate visits
    digest = hashlib.sha256(f"{content}|{seen[content]}".encode()).hexdigest()[:32]
    return _Row(
        line=number,
        ref=ref or str(card),
        card=card,
        at=parse_time(at_text, context.zone, context.formats, context.offsets),
        amount_minor=parse_amount(amount_text),
        category=category or None,
        key=f"import-{digest}",
    )


def import_visits(
    opened: Any,
    path: Path,
    *,
    dry_run: bool = False,
    actor: ops.Actor = ops.SYSTEM,
    cancelled: Callable[[], bool] = lambda: False,
) -> Report:
    """Check every row of ``path``; unless a row is bad, stage all visits, then publish them in
    short chunks and re-evaluate their guests. ``cancelled`` is asked between staging chunks."""
    actor.require(ops.Role.OWNER, "import visits")
    zone = zoneinfo.ZoneInfo(str(opened.settings.get("venue.timezone")))
    report = Report()
    report.resumed = finish_interrupted(opened)
    rows = _rows(_read_text(path), zone, report)
    categories = imports.categories(opened.db)
    for row in rows:
        if row.category and row.category.lower() not in categories:
            known = ", ".join(imports.category_codes(opened.db))
            report.errors.append((row.line, f"unknown category {row.category!r} (known: {known})"))
    report.customers = len({r.ref for r in rows})
    if report.errors or dry_run:
        report.visits = 0 if report.errors else len(rows)
        return report
    rows.sort(key=lambda row: row.ref)  # a guest's rows together: enrolled in one chunk
    batch = imports.begin(opened.db, "visits")
    report.import_id = batch
    try:
        with imports.background(opened.db):
            _stage_all(
                opened.db,
                batch,
                rows,
                categories,
                cancelled,
                str(opened.settings.get("venue.timezone")),
            )
        imports.commit(opened.db, batch)  # durable (fsync): from here on it will be finished
    except BaseException:
        _drop_staged(opened.db, batch)
        raise
    _publish(opened, batch, report)
    return report


def _stage_all(
    db: Any,
    batch: int,
    rows: Sequence[_Row],
    categories: dict[str, int],
    cancelled: Callable[[], bool],
    zone: str,
) -> None:
    pacer = pacing.Pacer(target=CHUNK_SECONDS, size=STAGE_ROWS)
    start = 0
    while start < len(rows):
        if cancelled():
            raise ImportCancelled("the import was cancelled; nothing was stored")
        began = time.perf_counter()
        chunk = rows[start : start + pacer.size]
        _stage(db, batch, start, chunk, categories, zone)
        start += len(chunk)
        if start < len(rows):
            pacer.done(began)


def _stage(
    db: Any, batch: int, start: int, rows: Sequence[_Row], categories: dict[str, int], zone: str
) -> None:
    at = np.array([r.at for r in rows], dtype=np.int64)
    imports.stage(
        db,
        batch,
        start,
        {
            "ref": [r.ref for r in rows],
            "card": [r.card for r in rows],
            "visited_at": [r.at for r in rows],
            "amount_minor": [r.amount_minor for r in rows],
            "category_id": [categories[r.category.lower()] if r.category else None for r in rows],
            "idempotency_key": [r.key for r in rows],
            # each visit's venue-time fields, worked out once here (see domain/localtime)
            "local_day": localtime.local_days(at, zone).tolist(),
            "day_part": localtime.day_parts(at, zone).tolist(),
        },
    )


def finish_interrupted(opened: Any) -> list[int]:
    """Finish publishing imports past their commit point that a crash interrupted."""
    interrupted = imports.unfinished(opened.db)
    for batch in interrupted:
        _publish(opened, batch, Report())
    return interrupted


def _publish(opened: Any, batch: int, report: Report) -> None:
    """Publish a committed batch chunk by chunk, then re-evaluate the guests it touched."""
    touched: set[int] = set()
    with imports.background(opened.db):
        first, total = imports.progress(opened.db, batch)
        pacer = pacing.Pacer(target=CHUNK_SECONDS, size=FIRST_CHUNK)
        while first < total:
            began = time.perf_counter()
            last = min(first + pacer.size, total) - 1
            stored, enrolled, guests = imports.publish_chunk(opened.db, batch, first, last)
            report.visits += stored
            report.new_customers += enrolled
            touched.update(guests)
            first = last + 1
            if first < total:
                pacer.done(began)
        imports.finish(
            opened.db,
            batch,
            f"import {batch}: {report.visits} visits, {report.new_customers} new guests",
        )
        _drop_staged(opened.db, batch)
    _reevaluate(opened, sorted(touched))


def _drop_staged(db: Any, batch: int) -> None:
    """Remove a batch's staged rows in short, paced transactions."""
    pacer = pacing.Pacer(target=CHUNK_SECONDS, size=STAGE_ROWS)
    while True:
        began = time.perf_counter()
        if not imports.drop_rows(db, batch, pacer.size):
            return
        pacer.done(began)


def _reevaluate(opened: Any, guests: list[int]) -> None:
    """Segments of the guests who got visits: one by one when few, else a full recompute."""
    if not guests:
        return
    if len(guests) <= ONE_BY_ONE:
        for customer_id in guests:
            opened.segmentation.recompute_one(customer_id)
    else:
        opened.segmentation.recompute_all()
