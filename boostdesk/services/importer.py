"""Importing visits from POS exports (CSV), all or nothing.

Canonical columns: ``customer_ref, card, visited_at, amount, category`` (header row required; ``,``
or ``;`` separated; UTF-8 or Windows-1254; decimal point or comma). Every row is checked first and
every bad row is reported with its line number; only a file without errors is stored, in one
transaction. Each row gets an idempotency key from its content, so importing a file twice stores
its visits once.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import re
import time
import zoneinfo
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from boostdesk.domain import codes
from boostdesk.storage import tables

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


@dataclass
class Report:
    visits: int = 0
    customers: int = 0
    new_customers: int = 0
    errors: list[tuple[int, str]] = field(default_factory=list)


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


def parse_time(text: str, zone: zoneinfo.ZoneInfo) -> int:
    """A local date or date-time -> UTC seconds; a date alone means noon."""
    value = text.strip()
    for fmt in _DATE_FORMATS:
        try:
            moment = dt.datetime.strptime(value, fmt)
        except ValueError:
            continue
        if "%H" not in fmt:
            moment = moment.replace(hour=12)
        return int(moment.replace(tzinfo=zone).timestamp())
    raise ValueError(f"not a date: {text!r}")


def _rows(text: str, zone: zoneinfo.ZoneInfo, report: Report) -> list[_Row]:
    sample = text[:4096]
    delimiter = ";" if sample.count(";") > sample.count(",") else ","
    reader = csv.DictReader(io.StringIO(text), delimiter=delimiter)
    header = [h.strip().lower() for h in reader.fieldnames or []]
    missing = [c for c in ("customer_ref", "visited_at", "amount") if c not in header]
    if missing:
        raise ImportProblem(
            f"missing columns: {', '.join(missing)} (expected {', '.join(COLUMNS)})"
        )
    reader.fieldnames = header
    rows: list[_Row] = []
    seen: dict[str, int] = {}
    for number, record in enumerate(reader, start=2):
        values = {k: (v or "").strip() for k, v in record.items() if k}
        try:
            rows.append(_row(number, values, zone, seen))
        except ValueError as exc:
            report.errors.append((number, str(exc)))
    return rows


def _row(
    number: int, values: dict[str, str], zone: zoneinfo.ZoneInfo, seen: dict[str, int]
) -> _Row:
    ref = values.get("customer_ref", "")
    card = values.get("card") or None
    if not ref and not card:
        raise ValueError("customer_ref or card is required")
    if card is not None:
        try:
            card = codes.parse(card).value
        except codes.CodeError as exc:
            raise ValueError(f"card {card!r}: {exc}") from exc
    content = "|".join(values.get(c, "") for c in COLUMNS)
    seen[content] = seen.get(content, 0) + 1  # identical rows are separate visits
    digest = hashlib.sha256(f"{content}|{seen[content]}".encode()).hexdigest()[:32]
    return _Row(
        line=number,
        ref=ref or str(card),
        card=card,
        at=parse_time(values.get("visited_at", ""), zone),
        amount_minor=parse_amount(values.get("amount", "")),
        category=values.get("category") or None,
        key=f"import-{digest}",
    )


def import_visits(opened: Any, path: Path, *, dry_run: bool = False) -> Report:
    """Check every row of ``path``; store all visits in one transaction unless a row is bad."""
    zone = zoneinfo.ZoneInfo(str(opened.settings.get("venue.timezone")))
    report = Report()
    rows = _rows(_read_text(path), zone, report)
    categories = {c.code.lower(): c.id for c in tables.Category.select()}
    categories.update({c.name.lower(): c.id for c in tables.Category.select()})
    for row in rows:
        if row.category and row.category.lower() not in categories:
            known = ", ".join(sorted(c.code for c in tables.Category.select()))
            report.errors.append((row.line, f"unknown category {row.category!r} (known: {known})"))
    report.customers = len({r.ref for r in rows})
    if report.errors or dry_run:
        report.visits = 0 if report.errors else len(rows)
        return report
    with opened.db.atomic():
        guests = _guests(rows, report)
        for row in rows:
            customer_id, card_id = guests[row.ref]
            cursor = opened.db.execute_sql(
                "INSERT OR IGNORE INTO visit (customer_id, card_id, visited_at, amount_minor, "
                "idempotency_key) VALUES (?, ?, ?, ?, ?)",
                (customer_id, card_id, row.at, row.amount_minor, row.key),
            )
            if cursor.rowcount and row.category:
                tables.VisitLine.create(
                    visit=cursor.lastrowid,
                    category=categories[row.category.lower()],
                    amount_minor=row.amount_minor,
                )
            report.visits += cursor.rowcount
        tables.AuditLog.create(
            at=int(time.time()), action="import.visits", detail=f"{report.visits} visits"
        )
    return report


def _guests(rows: list[_Row], report: Report) -> dict[str, tuple[int, int | None]]:
    """Guest (and card) of every customer_ref: by card, then by external ref, else enrolled."""
    found: dict[str, tuple[int, int | None]] = {}
    first_seen: dict[str, int] = {}
    for row in rows:
        first_seen[row.ref] = min(first_seen.get(row.ref, row.at), row.at)
    for row in rows:
        if row.ref in found:
            continue
        card = tables.Card.get_or_none(tables.Card.number == row.card) if row.card else None
        owner = getattr(card, "customer_id", None)
        if card is not None and owner is not None:
            found[row.ref] = (int(owner), int(card.id))
            continue
        customer = tables.Customer.get_or_none(tables.Customer.external_ref == row.ref)
        if customer is None:
            customer = tables.Customer.create(
                first_name=row.ref,
                external_ref=row.ref,
                registration_source="import",
                created_at=first_seen[row.ref],
            )
            report.new_customers += 1
        card_id = None
        if row.card:
            card_id = int(
                tables.Card.create(
                    number=row.card, customer=customer, issued_at=int(customer.created_at)
                ).id
            )
        found[row.ref] = (int(customer.id), card_id)
    return found
