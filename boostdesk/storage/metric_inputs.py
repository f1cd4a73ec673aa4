"""The per-guest rows segmentation reads, before any as-of arithmetic (SQLite-specific SQL).

:class:`Inputs` holds them as integer matrices whose first column is the guest's id: the profile
codes (``customer``), the kept totals (``customer_metrics``), spend per category
(``customer_category``), family members and voucher counts. :mod:`boostdesk.storage.guest_metrics`
turns them into :class:`~boostdesk.domain.segments.metrics.Metrics` for an as-of day; a stored
snapshot of them (:mod:`boostdesk.storage.metric_snapshot`) spares a full recompute reading every
guest's rows again, since rows keyed by guest can be replaced for just the guests that changed
(:meth:`Inputs.replaced`).

Integer columns travel through :mod:`boostdesk.storage.columns` (no Python object per value); small
counts travel three to an integer. Text fields become small integer codes in SQL; only the names
the caller asks about (the name-day calendar) are kept, other first names read as "".
"""

from __future__ import annotations

import dataclasses
import json
import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from boostdesk.domain.segments.metrics import IntArray
from boostdesk.storage import columns

_GENDER_CODE = "CASE gender WHEN 'female' THEN 1 WHEN 'male' THEN 2 WHEN 'other' THEN 3 ELSE 0 END"
METRIC_COLUMNS = (
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
_CATEGORY_BITS = 20  # two-value fallback: (customer_id << 20 | category_id, amount)
_ONE_VALUE_ID_SHIFT = 40  # or as one value: guest << 40 | category << 32 | amount

ROW_TABLES = ("guests", "totals", "categories", "family", "vouchers")
"""The matrices of :class:`Inputs`, each keyed by the guest's id in its first column."""


@dataclass(frozen=True)
class Inputs:
    """Rows per guest, each matrix sorted by its first column (the guest's id).

    * ``guests``: id, created_at, birth year, month, day, gender code, name code, source code of
      every guest not anonymised (``names`` and ``sources`` decode the last two);
    * ``totals``: the columns of :data:`METRIC_COLUMNS` of every ``customer_metrics`` row;
    * ``categories``: guest, category id, spend;
    * ``family``: guest, relation * 10000 + birth MMDD (0 when unknown) per family member;
    * ``vouchers``: guest, vouchers issued, redeemed, latest issue time.
    """

    guests: IntArray
    totals: IntArray
    categories: IntArray
    family: IntArray
    vouchers: IntArray
    names: tuple[str, ...]
    sources: tuple[str, ...]

    def replaced(self, fresh: Inputs, ids: IntArray) -> Inputs:
        """These inputs with every row of the guests ``ids`` replaced by ``fresh``'s rows (read
        for those guests only, with the same ``names``). ``fresh`` codes its sources among its
        own; they are re-coded into this one's list, extended where new."""
        if fresh.names != self.names:
            raise ValueError("inputs read with other names cannot be combined")
        sources = self.sources + tuple(s for s in fresh.sources if s not in self.sources)
        recode = np.array([sources.index(s) for s in fresh.sources] or [0], dtype=np.int64)
        fresh_guests = fresh.guests.copy()
        if len(fresh_guests):
            fresh_guests[:, 7] = recode[fresh_guests[:, 7]]
        tables = {name: getattr(fresh, name) for name in ROW_TABLES}
        tables["guests"] = fresh_guests
        merged = {name: replace_rows(getattr(self, name), tables[name], ids) for name in ROW_TABLES}
        return Inputs(**merged, names=self.names, sources=sources)

    def key(self) -> str:
        """What these rows were coded with (the names asked about, the sources)."""
        return json.dumps({"names": self.names, "sources": self.sources})

    @staticmethod
    def from_rows(tables: dict[str, IntArray], key: str) -> Inputs:
        coded = json.loads(key)
        return Inputs(
            **{name: tables[name] for name in ROW_TABLES},
            names=tuple(coded["names"]),
            sources=tuple(coded["sources"]),
        )

    def rows(self) -> dict[str, IntArray]:
        return {name: getattr(self, name) for name in ROW_TABLES}

    def latest_voucher_at(self) -> int:
        return int(self.vouchers[:, 3].max()) if len(self.vouchers) else -1


def replace_rows(old: IntArray, fresh: IntArray, ids: IntArray) -> IntArray:
    """``old`` without the rows of guests ``ids``, plus ``fresh``; sorted by guest (stable)."""
    if len(ids) == 0 and len(fresh) == 0:
        return old
    kept = old[~np.isin(old[:, 0], ids, kind="table")] if len(ids) and len(old) else old
    if len(fresh) > 1 and not bool(np.all(fresh[1:, 0] >= fresh[:-1, 0])):
        fresh = fresh[np.argsort(fresh[:, 0], kind="stable")]
    where = np.searchsorted(kept[:, 0], fresh[:, 0], side="right")  # both sorted: one merge
    return np.insert(kept, where, fresh.astype(np.int64, copy=False), axis=0)


def _one_of(column: str, ids: IntArray | None) -> tuple[str, tuple[Any, ...]]:
    """SQL condition (prefixed with AND) restricting ``column`` to the guests ``ids``."""
    if ids is None:
        return "", ()
    if len(ids) == 1:
        return f" AND {column} = ?", (int(ids[0]),)
    # SQLite-only: json_each turns one parameter into the id list (no limit on variables).
    return f" AND {column} IN (SELECT value FROM json_each(?))", (json.dumps(ids.tolist()),)


def read(
    conn: sqlite3.Connection,
    names: Sequence[str],
    *,
    created_until: int | None = None,
    vouchers_until: int | None = None,
    ids: IntArray | None = None,
) -> Inputs:
    """The inputs of every guest (or of the guests ``ids``), in the caller's read transaction.

    ``created_until``/``vouchers_until`` leave out guests created and vouchers issued after that
    time (None: none left out)."""
    guests, name_list, sources = _guests(conn, names, created_until, ids)
    return Inputs(
        guests=guests,
        totals=_totals(conn, ids),
        categories=_category_rows(conn, ids),
        family=_family_rows(conn, ids),
        vouchers=_voucher_rows(conn, vouchers_until, ids),
        names=name_list,
        sources=sources,
    )


def _guests(
    conn: sqlite3.Connection,
    names: Sequence[str],
    created_until: int | None,
    ids: IntArray | None,
) -> tuple[IntArray, tuple[str, ...], tuple[str, ...]]:
    one, one_params = _one_of("id", ids)
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
    created = " AND created_at <= ?" if created_until is not None else ""
    created_params = (created_until,) if created_until is not None else ()
    packed = columns.sorted_by_first(
        columns.fetch_ints(
            conn,
            exprs,
            "FROM customer WHERE anonymised_at IS NULL" + created + one,
            (*name_list, *sources, *created_params, *one_params),
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
    return table, ("", *name_list), sources


def _totals(conn: sqlite3.Connection, ids: IntArray | None) -> IntArray:
    """``customer_metrics`` rows as the columns of :data:`METRIC_COLUMNS`, sorted by guest."""
    one, params = _one_of("customer_id", ids)
    tail = "FROM customer_metrics WHERE 1" + one
    packed, (most, top_id) = columns.fetch_with(
        conn, _PACKED, ("MAX(visits)", "MAX(customer_id)"), tail, params
    )
    if most >= 1 << _COUNT_BITS or top_id >= 1 << (63 - _COUNT_BITS):
        return columns.sorted_by_first(columns.fetch_ints(conn, METRIC_COLUMNS, tail, params))
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


def _category_rows(conn: sqlite3.Connection, ids: IntArray | None) -> IntArray:
    """``customer_category`` as (guest, category, amount) rows. They travel as one value each
    (guest, category and amount packed) when every one fits, checked in the same pass; otherwise
    read again as two values."""
    one, params = _one_of("customer_id", ids)
    tail = "FROM customer_category WHERE 1" + one
    packed, (low, high, top_category, top_id) = columns.fetch_with(
        conn,
        (f"(customer_id << {_ONE_VALUE_ID_SHIFT}) | (category_id << 32) | amount_minor",),
        ("MIN(amount_minor)", "MAX(amount_minor)", "MAX(category_id)", "MAX(customer_id)"),
        tail,
        params,
    )
    if low >= 0 and high < 1 << 32 and top_category < 1 << 8 and top_id < 1 << 23:
        value = packed[:, 0]
        return _by_guest(
            np.column_stack(
                [value >> _ONE_VALUE_ID_SHIFT, (value >> 32) & 0xFF, value & 0xFFFFFFFF]
            )
        )
    two = columns.fetch_ints(
        conn, (f"(customer_id << {_CATEGORY_BITS}) | category_id", "amount_minor"), tail, params
    )
    key = two[:, 0]
    return _by_guest(
        np.column_stack([key >> _CATEGORY_BITS, key & ((1 << _CATEGORY_BITS) - 1), two[:, 1]])
    )


def _by_guest(rows: IntArray) -> IntArray:
    if len(rows) > 1 and not bool(np.all(rows[1:, 0] >= rows[:-1, 0])):
        rows = rows[np.argsort(rows[:, 0], kind="stable")]
    return rows


def _family_rows(conn: sqlite3.Connection, ids: IntArray | None) -> IntArray:
    one, params = _one_of("customer_id", ids)
    return _by_guest(
        columns.fetch_ints(
            conn,
            (
                "customer_id",
                "CASE relation WHEN 'spouse' THEN 10000 WHEN 'child' THEN 20000 ELSE 0 END"
                " + COALESCE(CAST(substr(replace(birth_date, '-', ''), 5) AS INTEGER), 0)",  # MMDD
            ),
            "FROM family_member WHERE 1" + one,
            params,
        )
    )


def _voucher_rows(
    conn: sqlite3.Connection, issued_until: int | None, ids: IntArray | None
) -> IntArray:
    one, params = _one_of("customer_id", ids)
    until = " AND issued_at <= ?" if issued_until is not None else ""
    until_params = (issued_until,) if issued_until is not None else ()
    return columns.sorted_by_first(
        columns.fetch_ints(
            conn,
            ("customer_id", "issued", "redeemed", "latest"),
            "FROM (SELECT customer_id, COUNT(*) AS issued, COUNT(redeemed_at) AS redeemed, "
            "MAX(issued_at) AS latest FROM voucher WHERE customer_id IS NOT NULL"
            + until
            + one
            + " GROUP BY customer_id)",
            (*until_params, *params),
        )
    )


def with_guests_until(inputs: Inputs, created_until: int) -> Inputs:
    """The inputs without the guests created after ``created_until`` (as SQL would read them)."""
    keep = inputs.guests[:, 1] <= created_until
    if bool(keep.all()):
        return inputs
    return dataclasses.replace(inputs, guests=inputs.guests[keep])


def with_vouchers_until(conn: sqlite3.Connection, inputs: Inputs, issued_until: int) -> Inputs:
    """The inputs with the vouchers issued until ``issued_until`` only (read again)."""
    return dataclasses.replace(inputs, vouchers=_voucher_rows(conn, issued_until, None))
