"""Vouchers: single-use codes worth an amount, a percent or an item."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from boostdesk.storage import store as store_module


@dataclass(frozen=True, slots=True)
class VoucherInfo:
    id: int
    code: str
    kind: str  # amount | percent | item
    value: int  # minor units, percent, or 0 for an item
    item_name: str | None
    expires_at: int | None
    printed: bool
    customer_id: int | None


@dataclass(frozen=True, slots=True)
class VoucherState:
    voucher: VoucherInfo
    redeemed_at: int | None
    cancelled_at: int | None


_COLUMNS = "id, code, kind, value, item_name, expires_at, printed_at, customer_id"


def _info(row: Any) -> VoucherInfo:
    return VoucherInfo(
        id=int(row[0]),
        code=str(row[1]),
        kind=str(row[2]),
        value=int(row[3]),
        item_name=row[4],
        expires_at=int(row[5]) if row[5] is not None else None,
        printed=row[6] is not None,
        customer_id=int(row[7]) if row[7] is not None else None,
    )


def by_code(store: store_module.Store, code: str) -> VoucherState | None:
    row = store.one(
        f"SELECT {_COLUMNS}, redeemed_at, cancelled_at FROM voucher WHERE code = ?", (code,)
    )
    if row is None:
        return None
    return VoucherState(_info(row[:8]), row[8], row[9])


def open_of_customer(store: store_module.Store, customer_id: int, now: int) -> list[VoucherInfo]:
    """The guest's vouchers that can still be used, soonest to expire first."""
    rows = store.execute(
        f"SELECT {_COLUMNS} FROM voucher WHERE customer_id = ? "
        "AND redeemed_at IS NULL AND cancelled_at IS NULL "
        "AND (expires_at IS NULL OR expires_at > ?) "
        "ORDER BY expires_at IS NULL, expires_at, id",
        (customer_id, now),
    ).fetchall()
    return [_info(row) for row in rows]


def take(store: store_module.Store, voucher_id: int, at: int) -> bool:
    """Mark the voucher redeemed unless it already is (or is cancelled); True when this call took
    it. The conditional update is what makes a voucher single-use across tills."""
    cursor = store.execute(
        "UPDATE voucher SET redeemed_at = ? WHERE id = ? AND redeemed_at IS NULL "
        "AND cancelled_at IS NULL",
        (at, voucher_id),
    )
    return cursor.rowcount == 1


def attach_visit(store: store_module.Store, voucher_id: int, visit_id: int) -> None:
    store.execute("UPDATE voucher SET redeemed_visit_id = ? WHERE id = ?", (visit_id, voucher_id))


def of_visit(store: store_module.Store, visit_id: int) -> tuple[str, int] | None:
    """(kind, value) of the voucher redeemed with ``visit_id``."""
    row = store.one("SELECT kind, value FROM voucher WHERE redeemed_visit_id = ?", (visit_id,))
    return (str(row[0]), int(row[1])) if row else None


def release_of_visit(store: store_module.Store, visit_id: int) -> int:
    """Make the voucher a voided visit used redeemable again; returns how many were freed."""
    cursor = store.execute(
        "UPDATE voucher SET redeemed_at = NULL, redeemed_visit_id = NULL "
        "WHERE redeemed_visit_id = ?",
        (visit_id,),
    )
    return int(cursor.rowcount)


def any_open_unassigned(store: store_module.Store, now: int) -> str | None:
    """The code of a usable voucher that belongs to no guest (the demo's scanner hands it out)."""
    row = store.one(
        "SELECT code FROM voucher WHERE redeemed_at IS NULL AND cancelled_at IS NULL "
        "AND customer_id IS NULL AND (expires_at IS NULL OR expires_at > ?) LIMIT 1",
        (now,),
    )
    return str(row[0]) if row else None


def highest_code(store: store_module.Store) -> str | None:
    row = store.one("SELECT MAX(code) FROM voucher")
    return str(row[0]) if row and row[0] is not None else None


def issue(
    store: store_module.Store,
    code: str,
    kind: str,
    value: int,
    source: str,
    issued_at: int,
    expires_at: int | None,
    customer_id: int | None = None,
) -> int:
    cursor = store.execute(
        "INSERT INTO voucher (code, kind, value, source, issued_at, expires_at, customer_id) "
        "VALUES (?, ?, ?, ?, ?, ?, ?)",
        (code, kind, value, source, issued_at, expires_at, customer_id),
    )
    return int(cursor.lastrowid or 0)


# -- the vouchers' paper life: listing, printing ----------------------------------------------


@dataclass(frozen=True, slots=True)
class VoucherRow:
    """A voucher with everything its print and its listing show (first name only: no other
    personal data leaves the database for a voucher)."""

    id: int
    code: str
    kind: str
    value: int
    item_name: str | None
    source: str
    issued_at: int
    expires_at: int | None
    printed_at: int | None
    redeemed_at: int | None
    cancelled_at: int | None
    customer_id: int | None
    first_name: str | None


_ROW_SQL = (
    "SELECT v.id, v.code, v.kind, v.value, v.item_name, v.source, v.issued_at, v.expires_at, "
    "v.printed_at, v.redeemed_at, v.cancelled_at, v.customer_id, "
    "CASE WHEN c.anonymised_at IS NULL THEN c.first_name END "
    "FROM voucher v LEFT JOIN customer c ON c.id = v.customer_id"
)


def _optional_int(value: Any) -> int | None:
    return int(value) if value is not None else None


def _row(row: Any) -> VoucherRow:
    return VoucherRow(
        id=int(row[0]),
        code=str(row[1]),
        kind=str(row[2]),
        value=int(row[3]),
        item_name=row[4],
        source=str(row[5]),
        issued_at=int(row[6]),
        expires_at=_optional_int(row[7]),
        printed_at=_optional_int(row[8]),
        redeemed_at=_optional_int(row[9]),
        cancelled_at=_optional_int(row[10]),
        customer_id=_optional_int(row[11]),
        first_name=row[12],
    )


def rows_of_customer(store: store_module.Store, customer_id: int) -> list[VoucherRow]:
    """Every voucher of the guest, newest first."""
    rows = store.execute(
        f"{_ROW_SQL} WHERE v.customer_id = ? ORDER BY v.issued_at DESC, v.id DESC",
        (customer_id,),
    ).fetchall()
    return [_row(row) for row in rows]


def rows_by_codes(store: store_module.Store, codes: Sequence[str]) -> list[VoucherRow]:
    """The vouchers with these codes, in the order asked (unknown codes are left out)."""
    found: dict[str, VoucherRow] = {}
    for start in range(0, len(codes), 500):
        chunk = list(codes[start : start + 500])
        marks = ", ".join("?" * len(chunk))
        for row in store.execute(f"{_ROW_SQL} WHERE v.code IN ({marks})", chunk).fetchall():
            found[str(row[1])] = _row(row)
    return [found[code] for code in codes if code in found]


def listed(
    store: store_module.Store, *, unprinted_at: int | None = None, limit: int | None = None
) -> list[VoucherRow]:
    """Vouchers, newest first. With ``unprinted_at``: only those still to hand over at that
    time (not printed, not redeemed, not cancelled, not expired)."""
    sql = _ROW_SQL
    params: list[Any] = []
    if unprinted_at is not None:
        sql += (
            " WHERE v.printed_at IS NULL AND v.redeemed_at IS NULL AND v.cancelled_at IS NULL "
            "AND (v.expires_at IS NULL OR v.expires_at > ?)"
        )
        params.append(unprinted_at)
    sql += " ORDER BY v.issued_at DESC, v.id DESC"
    if limit is not None:
        sql += " LIMIT ?"
        params.append(limit)
    return [_row(row) for row in store.execute(sql, params).fetchall()]


def mark_printed(store: store_module.Store, voucher_ids: Sequence[int], at: int) -> int:
    """Record that these vouchers were printed at ``at`` (a reprint keeps the first time)."""
    store.execute_many(
        "UPDATE voucher SET printed_at = COALESCE(printed_at, ?) WHERE id = ?",
        [(at, voucher_id) for voucher_id in voucher_ids],
    )
    return len(voucher_ids)
