"""Reading per-guest metric columns for segmentation (SQLite-specific SQL, kept in this module).

Two readers build the same :class:`~boostdesk.domain.segments.metrics.Metrics`:

* :func:`load_metrics` (fast) reads one row per guest from the trigger-kept ``customer_metrics``
  (totals, and the month and RFM windows ending on the anchor day of ``metrics_window``) and from
  ``customer``, plus ``customer_category`` and ``family_member``. Visits on the days between the
  anchor and the as-of day come from short ranges on the time index. It is exact when no visit
  lies after the as-of time (the normal "now" case).
* :func:`load_metrics_exact` reads the visits themselves; it serves past as-of dates and is the
  reference the tests hold the fast reader to.

Integer columns travel through :mod:`boostdesk.storage.columns` (no Python object per value); small
counts travel three to an integer. Text fields become small integer codes in SQL; only the names
the caller asks about (the name-day calendar) are kept, other first names read as "".
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from boostdesk.domain import localtime
from boostdesk.domain.segments.metrics import NO_TIME, IntArray, Metrics
from boostdesk.storage import columns, database, windows
from boostdesk.storage import store as store_module

GENDERS = ("", "female", "male", "other")
_GENDER_CODE = "CASE gender WHEN 'female' THEN 1 WHEN 'male' THEN 2 WHEN 'other' THEN 3 ELSE 0 END"
_METRIC_COLUMNS = (
    "customer_id",
    "visits",
    "visit_days",
    "amount_minor",
    "COALESCE(first_at, -1)",
    "COALESCE(last_at, -1)",
    "morning",
    "afternoon",
    "evening",
    "month_visits",
    "month_amount_minor",
    "window_visits",
    "window_amount_minor",
    "first_day_amount_minor",
)
# The same, with the counts (never more than ``visits``) three to an integer, 21 bits each: fewer
# values to format. Used when every count and id fits (checked in the same pass).
_COUNT_BITS = 21
_PACKED = (
    "visits | (visit_days << 21) | (morning << 42)",  # SQL: << and | bind equally
    "afternoon | (evening << 21) | (month_visits << 42)",
    "window_visits | (customer_id << 21)",
    "amount_minor",
    "month_amount_minor",
    "window_amount_minor",
    "COALESCE(first_at, -1)",
    "COALESCE(last_at, -1)",
    "first_day_amount_minor",
)
_CATEGORY_BITS = 20  # customer_category rows travel as (customer_id << 20 | category_id, amount)
_ONE_VALUE_ID_SHIFT = 40  # or as one value: guest << 40 | category << 32 | amount


@dataclass(frozen=True)
class _Guests:
    """The ``customer`` part of the metrics: who existed at as-of, and their profile codes."""

    table: IntArray  # id, created_at, birth year, month, day, gender, name code, source code
    names: tuple[str, ...]
    sources: tuple[str, ...]

    @property
    def ids(self) -> IntArray:
        return self.table[:, 0]


def _guests(
    conn: sqlite3.Connection, as_of: int, names: Sequence[str], only: int | None
) -> _Guests:
    one = " AND id = ?" if only is not None else ""
    one_params: tuple[int, ...] = (only,) if only is not None else ()
    sources = tuple(
        str(r[0])
        for r in conn.execute(
            "SELECT DISTINCT registration_source FROM customer WHERE 1" + one, one_params
        )
    )
    name_list = tuple(dict.fromkeys(names))

    def code(column: str, values: tuple[str, ...], base: int) -> str:
        if not values:
            return "0"
        cases = " ".join(f"WHEN ? THEN {i + base}" for i in range(len(values)))
        return f"CASE {column} {cases} ELSE 0 END"

    names_n = len(name_list) + 1
    exprs = (
        "id",
        "created_at",
        "COALESCE(CAST(replace(birth_date, '-', '') AS INTEGER), 0)",  # YYYYMMDD
        f"{_GENDER_CODE} + 4 * {code('first_name', name_list, 1)}"
        f" + {4 * names_n} * {code('registration_source', sources, 0)}",
    )
    packed = columns.sorted_by_first(
        columns.fetch_ints(
            conn,
            exprs,
            "FROM customer WHERE anonymised_at IS NULL AND created_at <= ?" + one,
            (*name_list, *sources, as_of, *one_params),
        )
    )
    birth, codes = packed[:, 2], packed[:, 3]
    table = np.column_stack(
        [
            packed[:, 0],
            packed[:, 1],
            birth // 10_000,
            birth // 100 % 100,
            birth % 100,
            codes % 4,
            codes // 4 % names_n,
            codes // (4 * names_n),
        ]
    )
    return _Guests(table, ("", *name_list), sources)


def _categories(
    conn: sqlite3.Connection, ids: IntArray, packed: IntArray
) -> tuple[tuple[str, ...], IntArray]:
    """Spend per guest and category as a (guests, categories) matrix, categories in menu order."""
    category_rows = conn.execute("SELECT id, code FROM category ORDER BY sort_order, id").fetchall()
    codes = tuple(str(code) for _, code in category_rows)
    amounts = np.zeros((len(ids), len(codes)), dtype=np.int64)
    if len(packed) and len(ids) and codes:
        lookup = np.full(max(int(cid) for cid, _ in category_rows) + 1, -1, dtype=np.int64)
        lookup[[int(cid) for cid, _ in category_rows]] = np.arange(len(codes))
        customer = packed[:, 0] >> _CATEGORY_BITS
        category = packed[:, 0] & ((1 << _CATEGORY_BITS) - 1)
        idx, ok = columns.placer(ids, customer)
        col = np.where(category < len(lookup), lookup[np.minimum(category, len(lookup) - 1)], -1)
        ok &= col >= 0
        np.add.at(amounts, (idx[ok], col[ok]), packed[ok, 1])
    return codes, amounts


def _category_rows(conn: sqlite3.Connection, only: int | None) -> IntArray:
    """``customer_category`` as (customer_id << 20 | category_id, amount) rows. They travel as one
    value each (guest, category and amount packed) when every one fits, checked in the same pass;
    otherwise read again as two values."""
    where = " WHERE customer_id = ?" if only is not None else ""
    params = (only,) if only is not None else ()
    packed, (low, high, top_category, top_id) = columns.fetch_with(
        conn,
        (f"(customer_id << {_ONE_VALUE_ID_SHIFT}) | (category_id << 32) | amount_minor",),
        ("MIN(amount_minor)", "MAX(amount_minor)", "MAX(category_id)", "MAX(customer_id)"),
        "FROM customer_category" + where,
        params,
    )
    if low >= 0 and high < 1 << 32 and top_category < 1 << 8 and top_id < 1 << 23:
        value = packed[:, 0]
        customer = value >> _ONE_VALUE_ID_SHIFT
        category = (value >> 32) & 0xFF
        return np.column_stack([(customer << _CATEGORY_BITS) | category, value & 0xFFFFFFFF])
    return columns.fetch_ints(
        conn,
        (f"(customer_id << {_CATEGORY_BITS}) | category_id", "amount_minor"),
        "FROM customer_category" + where,
        params,
    )


def _family_and_vouchers(
    conn: sqlite3.Connection, ids: IntArray, as_of: int, only: int | None
) -> dict[str, IntArray]:
    one = " AND customer_id = ?" if only is not None else ""
    one_params: tuple[int, ...] = (only,) if only is not None else ()
    packed = columns.fetch_ints(
        conn,
        (
            "customer_id",
            "CASE relation WHEN 'spouse' THEN 10000 WHEN 'child' THEN 20000 ELSE 0 END"
            " + COALESCE(CAST(substr(replace(birth_date, '-', ''), 5) AS INTEGER), 0)",  # MMDD
        ),
        "FROM family_member WHERE 1" + one,
        one_params,
    )
    family = np.column_stack(
        [packed[:, 0], packed[:, 1] // 10_000, packed[:, 1] // 100 % 100, packed[:, 1] % 100]
    )
    f_idx, f_ok = columns.placer(ids, family[:, 0])
    vouchers = columns.fetch_ints(
        conn,
        ("customer_id", "issued", "redeemed"),
        "FROM (SELECT customer_id, COUNT(*) AS issued, COUNT(redeemed_at) AS redeemed FROM voucher "
        "WHERE customer_id IS NOT NULL AND issued_at <= ?" + one + " GROUP BY customer_id)",
        (as_of, *one_params),
    )
    ones = np.ones(len(family), dtype=np.int64)
    return {
        "spouses": columns.place(ids, family[:, 0], ones * (family[:, 1] == 1)),
        "children": columns.place(ids, family[:, 0], ones * (family[:, 1] == 2)),
        "vouchers_issued": columns.place(ids, vouchers[:, 0], vouchers[:, 1]),
        "vouchers_redeemed": columns.place(ids, vouchers[:, 0], vouchers[:, 2]),
        "family_owner": f_idx[f_ok].astype(np.int64),
        "family_birth_month": family[f_ok, 2],
        "family_birth_day": family[f_ok, 3],
    }


def _totals(conn: sqlite3.Connection, only: int | None) -> IntArray:
    """``customer_metrics`` rows as the columns of :data:`_METRIC_COLUMNS`, sorted by guest."""
    one = " WHERE customer_id = ?" if only is not None else ""
    params: tuple[int, ...] = (only,) if only is not None else ()
    packed, (most, top_id) = columns.fetch_with(
        conn, _PACKED, ("MAX(visits)", "MAX(customer_id)"), "FROM customer_metrics" + one, params
    )
    if most >= 1 << _COUNT_BITS or top_id >= 1 << (63 - _COUNT_BITS):
        return columns.sorted_by_first(
            columns.fetch_ints(conn, _METRIC_COLUMNS, "FROM customer_metrics" + one, params)
        )
    mask = (1 << _COUNT_BITS) - 1
    first, second, third = packed[:, 0], packed[:, 1], packed[:, 2]
    table = np.column_stack(
        [
            third >> _COUNT_BITS,
            first & mask,
            (first >> _COUNT_BITS) & mask,
            packed[:, 3],
            packed[:, 6],
            packed[:, 7],
            first >> (2 * _COUNT_BITS),
            second & mask,
            (second >> _COUNT_BITS) & mask,
            second >> (2 * _COUNT_BITS),
            packed[:, 4],
            third & mask,
            packed[:, 5],
            packed[:, 8],
        ]
    )
    return columns.sorted_by_first(table)


def load_metrics(
    db: store_module.Handle,
    *,
    as_of: int,
    zone: str,
    month_days: int,
    window_days: int,
    names: Sequence[str] = (),
    only: int | None = None,
) -> Metrics:
    """Metrics from the trigger-kept rows; exact when no visit lies after ``as_of``.

    ``only`` restricts the read to one guest (re-evaluation after a visit: a few index lookups).
    The reads form one read transaction, so they all see the same commits (without blocking
    writers).
    """
    with database.read_snapshot(db):
        return _load(database.raw_connection(db), as_of, zone, month_days, window_days, names, only)


def _load(
    conn: sqlite3.Connection,
    as_of: int,
    zone: str,
    month_days: int,
    window_days: int,
    names: Sequence[str],
    only: int | None,
) -> Metrics:
    guests = _guests(conn, as_of, names, only)
    ids = guests.ids
    totals = _totals(conn, only)
    if len(totals) == len(ids) and np.array_equal(totals[:, 0], ids):
        values = [np.ascontiguousarray(totals[:, i]) for i in range(1, len(_METRIC_COLUMNS))]
    else:  # some guests were created after as-of or anonymised: keep the rows of ``ids``
        idx, ok = columns.placer(totals[:, 0], ids)
        row = np.where(ok, idx, 0)
        values = [
            np.where(ok, totals[row, i], 0) if len(totals) else np.zeros(len(ids), np.int64)
            for i in range(1, len(_METRIC_COLUMNS))
        ]
        for i in (3, 4):  # first_at, last_at of guests without a metrics row
            values[i] = np.where(ok, values[i], NO_TIME)
    packed = _category_rows(conn, only)
    month, window = windows.current(
        conn,
        ids,
        (values[8], values[9], values[10], values[11]),
        as_of=as_of,
        zone=zone,
        month_days=month_days,
        window_days=window_days,
        only=only,
    )
    categories, amounts = _categories(conn, ids, packed)
    return _assemble(
        guests,
        [*values[:8], values[12]],
        month,
        window,
        categories,
        amounts,
        _family_and_vouchers(conn, ids, as_of, only),
        as_of=as_of,
        zone=zone,
        month_days=month_days,
        window_days=window_days,
    )


def load_metrics_exact(
    db: store_module.Handle,
    *,
    as_of: int,
    zone: str,
    month_days: int,
    window_days: int,
    names: Sequence[str] = (),
) -> Metrics:
    """Metrics computed from the visits up to ``as_of`` (any past date; slower)."""
    conn = database.raw_connection(db)
    guests = _guests(conn, as_of, names, None)
    ids = guests.ids
    visits = columns.fetch_ints(
        conn,
        ("customer_id", "visited_at", "amount_minor", "local_day", "day_part"),
        "FROM visit WHERE voided_at IS NULL AND visited_at <= ?",
        (as_of,),
    )
    idx, known = columns.placer(ids, visits[:, 0])
    idx, at, amount = idx[known], visits[known, 1], visits[known, 2]
    local_day, day_part = visits[known, 3], visits[known, 4]
    n = len(ids)
    first = np.full(n, np.iinfo(np.int64).max)
    last = np.full(n, NO_TIME)
    np.minimum.at(first, idx, at)
    np.maximum.at(last, idx, at)
    count = np.bincount(idx, minlength=n)
    days = np.unique(idx * 1_000_000 + local_day)
    per_part = [
        np.bincount(idx, weights=day_part == part, minlength=n).astype(np.int64)
        for part in (localtime.MORNING, localtime.AFTERNOON, localtime.EVENING)
    ]
    # the first visit day is the local day of each guest's earliest visit
    order = np.lexsort((at, idx))
    first_day = np.zeros(n, dtype=np.int64)
    if len(idx):
        starts = np.flatnonzero(np.r_[True, idx[order][1:] != idx[order][:-1]])
        first_day[idx[order][starts]] = local_day[order][starts]
    on_first_day = local_day == first_day[idx]
    totals = [
        count.astype(np.int64),
        np.bincount(days // 1_000_000, minlength=n).astype(np.int64),
        np.bincount(idx, weights=amount, minlength=n).astype(np.int64),
        np.where(count > 0, first, NO_TIME).astype(np.int64),
        last,
        *per_part,
        np.bincount(idx, weights=amount * on_first_day, minlength=n).astype(np.int64),
    ]
    last_day = localtime.local_day(as_of - 1, zone)

    def window(length: int) -> tuple[IntArray, IntArray]:
        inside = local_day > last_day - length
        return (
            np.bincount(idx[inside], minlength=n).astype(np.int64),
            np.bincount(idx[inside], weights=amount[inside], minlength=n).astype(np.int64),
        )

    packed = columns.fetch_ints(
        conn,
        (f"(customer_id << {_CATEGORY_BITS}) | category_id", "amount"),
        "FROM (SELECT v.customer_id, l.category_id, SUM(l.amount_minor) AS amount "
        "FROM visit_line l JOIN visit v ON v.id = l.visit_id WHERE v.voided_at IS NULL "
        "AND v.visited_at <= ? GROUP BY v.customer_id, l.category_id)",
        (as_of,),
    )
    categories, amounts = _categories(conn, ids, packed)
    return _assemble(
        guests,
        totals,
        window(month_days),
        window(window_days),
        categories,
        amounts,
        _family_and_vouchers(conn, ids, as_of, None),
        as_of=as_of,
        zone=zone,
        month_days=month_days,
        window_days=window_days,
    )


def _assemble(
    guests: _Guests,
    totals: list[IntArray],
    month: tuple[IntArray, IntArray],
    window: tuple[IntArray, IntArray],
    categories: tuple[str, ...],
    amounts: IntArray,
    family: dict[str, IntArray],
    *,
    as_of: int,
    zone: str,
    month_days: int,
    window_days: int,
) -> Metrics:
    table = guests.table
    sources = np.asarray(guests.sources if guests.sources else ("",), dtype=str)
    return Metrics(
        as_of=as_of,
        timezone=zone,
        month_days=month_days,
        window_days=window_days,
        customer_id=np.ascontiguousarray(table[:, 0]),
        visits=totals[0],
        visit_days=totals[1],
        amount_minor=totals[2],
        first_at=totals[3],
        last_at=totals[4],
        first_day_amount=totals[8],
        visits_month=month[0],
        amount_month=month[1],
        visits_window=window[0],
        amount_window=window[1],
        morning=totals[5],
        afternoon=totals[6],
        evening=totals[7],
        categories=categories,
        category_amount=amounts,
        created_at=np.ascontiguousarray(table[:, 1]),
        birth_year=np.ascontiguousarray(table[:, 2]),
        birth_month=np.ascontiguousarray(table[:, 3]),
        birth_day=np.ascontiguousarray(table[:, 4]),
        gender=np.asarray(GENDERS, dtype=str)[table[:, 5]],
        first_name=np.asarray(guests.names, dtype=str)[table[:, 6]],
        registration_source=sources[table[:, 7]],
        spouses=family["spouses"],
        children=family["children"],
        vouchers_issued=family["vouchers_issued"],
        vouchers_redeemed=family["vouchers_redeemed"],
        family_owner=family["family_owner"],
        family_birth_month=family["family_birth_month"],
        family_birth_day=family["family_birth_day"],
    )
