"""Exports of guests and their segments to CSV or XLSX (owner only, audited).

Rules:

* The file type follows the name: ``.csv`` (UTF-8 with a byte-order mark, so Excel reads the
  Turkish letters) or ``.xlsx``. It is written under a temporary name and renamed when complete.
* **Formula injection**: a text cell that starts with ``=``, ``+``, ``-``, ``@``, a tab or a
  carriage return is written with a leading apostrophe, so a guest named ``=HYPERLINK(...)``
  (typed at enrolment or imported) is text in Excel and LibreOffice, never a formula. Numbers we
  write ourselves (visits, amounts) stay numbers.
* **Consent-aware columns**: the phone is filled only for guests who currently consent to SMS or
  calls, the e-mail only for those who consent to e-mail; every row says its consents.
* The audit log records who exported how many rows in which format (never a name or a number).
"""

from __future__ import annotations

import csv
import datetime as dt
import os
import time
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final

from boostdesk.services import customers, ops
from boostdesk.storage import audit
from boostdesk.storage import exports as exports_db
from boostdesk.storage import segments as segments_db

if TYPE_CHECKING:
    from boostdesk.services import venue as venue_service

FORMATS: Final = (".csv", ".xlsx")
_RISKY: Final = ("=", "+", "-", "@", "\t", "\r")
CHANNELS: Final = ("sms", "email", "call")
_BLOCK: Final = 1_000

CUSTOMER_COLUMNS: Final = (
    "id",
    "card",
    "first_name",
    "last_name",
    "lifecycle",
    "rfm",
    "visits",
    "last_visit",
    "amount",
    "phone",
    "email",
    "consent_sms",
    "consent_email",
    "consent_call",
)


class ExportError(ValueError):
    """The export cannot be done as asked (an unknown file type)."""


@dataclass(frozen=True, slots=True)
class Exported:
    path: Path
    rows: int


def neutralise(value: Any) -> Any:
    """A cell value safe to open in a spreadsheet: risky text gets a leading apostrophe."""
    if isinstance(value, str) and value.startswith(_RISKY):
        return "'" + value
    return value


def export_customers(
    venue: venue_service.Venue,
    actor: ops.Actor,
    path: Path,
    query: customers.Query | None = None,
) -> ops.Result[Exported]:
    """Write the guests of ``query`` (all named guests by default), in its order, to ``path``."""
    actor.require(ops.Role.OWNER, "export customers")
    kind = _kind(path)
    query = query or customers.Query()
    zone = str(venue.settings.get("venue.timezone"))
    rows = _customer_rows(venue, actor, query, zone)
    count = _write(path, kind, CUSTOMER_COLUMNS, rows)
    _audit(venue, actor, "export customers", count, kind)
    return ops.Result(Exported(path, count), ops.Changes())


def export_segments(
    venue: venue_service.Venue, actor: ops.Actor, path: Path
) -> ops.Result[Exported]:
    """Write every named guest's current segment of each family, one row per guest."""
    actor.require(ops.Role.OWNER, "export segments")
    kind = _kind(path)
    families = tuple(segments_db.FAMILIES)
    header = ("id", "card", *families)
    rows = (
        (guest_id, card, *(keys.get(f, "") for f in families))
        for guest_id, card, keys in exports_db.segment_rows(venue.store)
    )
    count = _write(path, kind, header, rows)
    _audit(venue, actor, "export segments", count, kind)
    return ops.Result(Exported(path, count), ops.Changes())


def _kind(path: Path) -> str:
    kind = path.suffix.lower()
    if kind not in FORMATS:
        raise ExportError(f"export to a .csv or .xlsx file, not {path.name!r}")
    return kind


def _customer_rows(
    venue: venue_service.Venue, actor: ops.Actor, query: customers.Query, zone: str
) -> Iterator[tuple[Any, ...]]:
    from zoneinfo import ZoneInfo

    local = ZoneInfo(zone)
    after = None
    while True:
        page = venue.customers.page(actor, query, after, limit=_BLOCK)
        if not page:
            return
        found = exports_db.contacts(venue.store, [g.id for g in page])
        for guest in page:
            yield _customer_row(guest, found.get(guest.id), local)
        if len(page) < _BLOCK:
            return
        after = page[-1].after


def _customer_row(
    guest: customers.Guest, contact: exports_db.Contact | None, zone: dt.tzinfo
) -> tuple[Any, ...]:
    consents = contact.consents if contact else {}
    phone = contact.phone if contact and (consents.get("sms") or consents.get("call")) else ""
    email = contact.email if contact and consents.get("email") else ""
    last_visit = (
        dt.datetime.fromtimestamp(guest.last_visit_at, zone).date().isoformat()
        if guest.last_visit_at is not None
        else ""
    )
    return (
        guest.id,
        guest.card,
        guest.first_name,
        guest.last_name,
        guest.lifecycle or "",
        guest.rfm or "",
        guest.visits,
        last_visit,
        guest.amount_minor / 100,
        phone or "",
        email or "",
        *("yes" if consents.get(channel) else "no" for channel in CHANNELS),
    )


def _write(path: Path, kind: str, header: Sequence[str], rows: Iterable[Sequence[Any]]) -> int:
    part = path.with_name(path.name + ".part")
    try:
        count = (
            _write_csv(part, header, rows) if kind == ".csv" else _write_xlsx(part, header, rows)
        )
        os.replace(part, path)
    except BaseException:
        part.unlink(missing_ok=True)
        raise
    return count


def _write_csv(path: Path, header: Sequence[str], rows: Iterable[Sequence[Any]]) -> int:
    count = 0
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        for row in rows:
            writer.writerow([neutralise(value) for value in row])
            count += 1
    return count


def _write_xlsx(path: Path, header: Sequence[str], rows: Iterable[Sequence[Any]]) -> int:
    import openpyxl

    book = openpyxl.Workbook(write_only=True)
    sheet = book.create_sheet("BoostDesk")
    sheet.append(list(header))
    count = 0
    for row in rows:
        # openpyxl stores a text starting with "=" as a formula: the apostrophe keeps it text
        sheet.append([neutralise(value) for value in row])
        count += 1
    book.save(path)
    return count


def _audit(
    venue: venue_service.Venue, actor: ops.Actor, action: str, count: int, kind: str
) -> None:
    with venue.store.transaction():
        audit.record(
            venue.store, int(time.time()), actor.user_id, action, f"rows={count} format={kind[1:]}"
        )
