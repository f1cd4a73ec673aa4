"""Reading per-guest metric columns for segmentation (SQLite-specific SQL, kept in this module).

Two readers build the same :class:`~boostdesk.domain.segments.metrics.Metrics`:

* :func:`load_metrics` (fast) reads one row per guest from the trigger-kept ``customer_metrics``
  (totals, and the month and RFM windows ending on the anchor day of ``metrics_window``) and from
  ``customer``, plus ``customer_category`` and ``family_member`` (:mod:`metric_inputs`; a full
  recompute may take those rows from the stored snapshot instead, :func:`from_inputs`). Visits on
  the days between the anchor and the as-of day come from short ranges on the time index. It is
  exact when no visit lies after the as-of time (the normal "now" case).
* :func:`load_metrics_exact` reads the visits themselves; it serves past as-of dates and is the
  reference the tests hold the fast reader to.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence

import numpy as np

from boostdesk.domain import localtime
from boostdesk.domain.segments.metrics import NO_TIME, IntArray, Metrics
from boostdesk.storage import columns, database, metric_inputs, windows
from boostdesk.storage import store as store_module

GENDERS = ("", "female", "male", "other")


def _categories(
    conn: sqlite3.Connection, ids: IntArray, rows: IntArray
) -> tuple[tuple[str, ...], IntArray]:
    """Spend per guest and category as a (guests, categories) matrix, categories in menu order;
    ``rows`` are (guest, category id, amount)."""
    category_rows = conn.execute("SELECT id, code FROM category ORDER BY sort_order, id").fetchall()
    codes = tuple(str(code) for _, code in category_rows)
    amounts = np.zeros((len(ids), len(codes)), dtype=np.int64)
    if len(rows) and len(ids) and codes:
        lookup = np.full(max(int(cid) for cid, _ in category_rows) + 1, -1, dtype=np.int64)
        lookup[[int(cid) for cid, _ in category_rows]] = np.arange(len(codes))
        customer, category = rows[:, 0], rows[:, 1]
        idx, ok = columns.placer(ids, customer)
        known = (category >= 0) & (category < len(lookup))
        col = np.where(known, lookup[np.clip(category, 0, len(lookup) - 1)], -1)
        ok &= col >= 0
        np.add.at(amounts, (idx[ok], col[ok]), rows[ok, 2])
    return codes, amounts


def _family_and_vouchers(
    ids: IntArray, packed: IntArray, vouchers: IntArray
) -> dict[str, IntArray]:
    family = np.column_stack(
        [packed[:, 0], packed[:, 1] // 10_000, packed[:, 1] // 100 % 100, packed[:, 1] % 100]
    )
    f_idx, f_ok = columns.placer(ids, family[:, 0])
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
        conn = database.raw_connection(db)
        inputs = metric_inputs.read(
            conn,
            names,
            created_until=as_of,
            vouchers_until=as_of,
            ids=None if only is None else np.array([only], dtype=np.int64),
        )
        return from_inputs(
            conn,
            inputs,
            as_of=as_of,
            zone=zone,
            month_days=month_days,
            window_days=window_days,
            only=only,
        )


def load_metrics_from(
    db: store_module.Handle,
    inputs: metric_inputs.Inputs,
    *,
    as_of: int,
    zone: str,
    month_days: int,
    window_days: int,
) -> Metrics:
    """:func:`load_metrics` from every guest's rows ``inputs`` (read with no as-of filter, e.g.
    from the stored snapshot): guests created after ``as_of`` are left out, and vouchers issued
    after it too (read again for that, when there are such). In the caller's read transaction."""
    conn = database.raw_connection(db)
    inputs = metric_inputs.with_guests_until(inputs, as_of)
    if inputs.latest_voucher_at() > as_of:
        inputs = metric_inputs.with_vouchers_until(conn, inputs, as_of)
    return from_inputs(
        conn, inputs, as_of=as_of, zone=zone, month_days=month_days, window_days=window_days
    )


def from_inputs(
    conn: sqlite3.Connection,
    inputs: metric_inputs.Inputs,
    *,
    as_of: int,
    zone: str,
    month_days: int,
    window_days: int,
    only: int | None = None,
) -> Metrics:
    """The metrics at ``as_of`` from the kept rows ``inputs`` (read with guests created and
    vouchers issued until ``as_of``), the windows moved from their anchor to the as-of day;
    exact when no visit lies after ``as_of``. Runs in the caller's read transaction."""
    ids = inputs.guests[:, 0]
    totals = inputs.totals
    width = len(metric_inputs.METRIC_COLUMNS)
    if len(totals) == len(ids) and np.array_equal(totals[:, 0], ids):
        values = [np.ascontiguousarray(totals[:, i]) for i in range(1, width)]
    else:  # some guests were created after as-of or anonymised: keep the rows of ``ids``
        idx, ok = columns.placer(totals[:, 0], ids)
        row = np.where(ok, idx, 0)
        values = [
            np.where(ok, totals[row, i], 0) if len(totals) else np.zeros(len(ids), np.int64)
            for i in range(1, width)
        ]
        for i in (3, 4):  # first_at, last_at of guests without a metrics row
            values[i] = np.where(ok, values[i], NO_TIME)
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
    categories, amounts = _categories(conn, ids, inputs.categories)
    return _assemble(
        inputs,
        [*values[:8], values[12]],
        month,
        window,
        categories,
        amounts,
        _family_and_vouchers(ids, inputs.family, inputs.vouchers),
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
    guests = metric_inputs.read(conn, names, created_until=as_of, vouchers_until=as_of)
    ids = guests.guests[:, 0]
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

    spend = columns.fetch_ints(
        conn,
        ("customer_id", "category_id", "amount"),
        "FROM (SELECT v.customer_id, l.category_id, SUM(l.amount_minor) AS amount "
        "FROM visit_line l JOIN visit v ON v.id = l.visit_id WHERE v.voided_at IS NULL "
        "AND v.visited_at <= ? GROUP BY v.customer_id, l.category_id)",
        (as_of,),
    )
    categories, amounts = _categories(conn, ids, spend)
    return _assemble(
        guests,
        totals,
        window(month_days),
        window(window_days),
        categories,
        amounts,
        _family_and_vouchers(ids, guests.family, guests.vouchers),
        as_of=as_of,
        zone=zone,
        month_days=month_days,
        window_days=window_days,
    )


def _assemble(
    guests: metric_inputs.Inputs,
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
    table = guests.guests
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
