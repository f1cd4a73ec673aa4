"""The queries behind the PDF reports: aggregates over the kept totals, one day's counter, and
one guest's stored data. Every statement answers from indexes or the per-guest totals, so the
segment overview of 100 000 guests reads summaries, never millions of visits."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from boostdesk.storage import store as store_module

BUCKET_DAYS = 32  # customer_bucket: local day // 32


def lifecycle_totals(
    store: store_module.Store, first_bucket: int, last_bucket: int
) -> list[tuple[str, int, int]]:
    """(lifecycle segment, guests, revenue in buckets ``first_bucket..last_bucket``) for every
    segment. Grouped by the stored small-integer code, named afterwards: grouping half a million
    bucket rows by a joined text would cost four times as much."""
    names = dict(store.execute("SELECT code, segment FROM segment_code WHERE family = 'lifecycle'"))
    sizes = store.execute(
        "SELECT lifecycle, COUNT(*) FROM segment_current WHERE lifecycle IS NOT NULL GROUP BY 1"
    ).fetchall()
    revenue = dict(
        store.execute(
            "SELECT s.lifecycle, SUM(b.amount_minor) FROM customer_bucket b "
            "JOIN segment_current s ON s.customer_id = b.customer_id "
            "WHERE b.bucket BETWEEN ? AND ? GROUP BY 1",
            (first_bucket, last_bucket),
        ).fetchall()
    )
    return [
        (str(names[code]), int(n), int(revenue.get(code) or 0))
        for code, n in sizes
        if code in names
    ]


def bucket_trend(
    store: store_module.Store, first_bucket: int, last_bucket: int
) -> list[tuple[int, int, int, int]]:
    """(bucket, guests who visited, visits, revenue) per 32-day bucket in the range."""
    rows = store.execute(
        "SELECT bucket, COUNT(*), SUM(visits), SUM(amount_minor) FROM customer_bucket "
        "WHERE bucket BETWEEN ? AND ? GROUP BY bucket ORDER BY bucket",
        (first_bucket, last_bucket),
    ).fetchall()
    return [(int(b), int(g), int(v), int(a)) for b, g, v, a in rows]


def guest_count(store: store_module.Store) -> int:
    return int(store.one("SELECT COUNT(*) FROM customer WHERE anonymised_at IS NULL")[0])


def lifecycle_size(store: store_module.Store, segment: str) -> int:
    row = store.one(
        "SELECT COUNT(*) FROM segment_current s JOIN segment_code c "
        "ON c.family = 'lifecycle' AND c.code = s.lifecycle WHERE c.segment = ?",
        (segment,),
    )
    return int(row[0])


def guests_seen_since(store: store_module.Store, since: int) -> int:
    """Guests whose last (kept) visit is at or after ``since``."""
    return int(store.one("SELECT COUNT(*) FROM customer_metrics WHERE last_at >= ?", (since,))[0])


def customer_of_card(store: store_module.Store, number: str) -> int | None:
    row = store.one("SELECT customer_id FROM card WHERE number = ?", (number,))
    return int(row[0]) if row and row[0] is not None else None


# -- one day at the counter ----------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class DayCounts:
    visits: int
    voided: int
    revenue_minor: int
    guests: int
    new_guests: int
    points_earned_minor: int
    points_redeemed_minor: int
    vouchers_issued: int
    vouchers_printed: int
    vouchers_redeemed: int
    visit_times: tuple[int, ...]  # UTC seconds of the day's (not voided) visits
    categories: tuple[tuple[str, str, int], ...]  # (code, stored name, revenue), biggest first


def day_counts(store: store_module.Store, start: int, end: int) -> DayCounts:
    """What happened at the counter with ``start <= time < end`` (UTC seconds)."""
    window = (start, end)
    visits = store.execute(
        "SELECT visited_at, amount_minor, voided_at IS NOT NULL, customer_id FROM visit "
        "WHERE visited_at >= ? AND visited_at < ?",
        window,
    ).fetchall()
    kept = [row for row in visits if not row[2]]
    ledger = dict(
        store.execute(
            "SELECT kind, SUM(points_minor) FROM ledger_entry "
            "WHERE created_at >= ? AND created_at < ? GROUP BY kind",
            window,
        ).fetchall()
    )

    def vouchers(column: str) -> int:
        sql = f"SELECT COUNT(*) FROM voucher WHERE {column} >= ? AND {column} < ?"
        return int(store.one(sql, window)[0])

    categories = store.execute(
        "SELECT c.code, c.name, SUM(l.amount_minor) FROM visit v "
        "JOIN visit_line l ON l.visit_id = v.id JOIN category c ON c.id = l.category_id "
        "WHERE v.visited_at >= ? AND v.visited_at < ? AND v.voided_at IS NULL "
        "GROUP BY c.code ORDER BY 3 DESC",
        window,
    ).fetchall()
    new_guests = store.one(
        "SELECT COUNT(*) FROM customer WHERE created_at >= ? AND created_at < ?", window
    )[0]
    return DayCounts(
        visits=len(kept),
        voided=len(visits) - len(kept),
        revenue_minor=sum(int(row[1]) for row in kept),
        guests=len({row[3] for row in kept}),
        new_guests=int(new_guests),
        points_earned_minor=int((ledger.get("earn") or 0) + (ledger.get("welcome") or 0)),
        points_redeemed_minor=-int(ledger.get("redeem") or 0),
        vouchers_issued=vouchers("issued_at"),
        vouchers_printed=vouchers("printed_at"),
        vouchers_redeemed=vouchers("redeemed_at"),
        visit_times=tuple(int(row[0]) for row in kept),
        categories=tuple((str(code), str(name), int(amount)) for code, name, amount in categories),
    )


# -- one guest -----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class GuestRecord:
    """Everything stored about one guest, as the personal-data statement lists it."""

    customer: dict[str, Any]
    family: list[dict[str, Any]]
    cards: list[dict[str, Any]]
    consents: list[dict[str, Any]]
    visit_count: int
    visit_total_minor: int
    recent_visits: list[dict[str, Any]]
    points_balance_minor: int
    ledger: list[dict[str, Any]]
    vouchers: list[dict[str, Any]]
    segments: dict[str, str]


def _dicts(store: store_module.Store, sql: str, params: tuple[Any, ...]) -> list[dict[str, Any]]:
    cursor = store.execute(sql, params)
    names = [column[0] for column in cursor.description]
    return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


def guest_record(store: store_module.Store, customer_id: int, recent: int = 25) -> GuestRecord:
    (customer,) = _dicts(
        store,
        "SELECT id, first_name, last_name, phone, email, birth_date, gender, district, city, "
        "registration_source, created_at, anonymised_at FROM customer WHERE id = ?",
        (customer_id,),
    )
    by_guest = (customer_id,)
    count, total = store.one(
        "SELECT COUNT(*), COALESCE(SUM(amount_minor), 0) FROM visit "
        "WHERE customer_id = ? AND voided_at IS NULL",
        by_guest,
    )
    balance = store.one(
        "SELECT COALESCE(SUM(points_minor), 0) FROM ledger_entry WHERE customer_id = ?", by_guest
    )[0]
    segment_rows = _dicts(store, "SELECT * FROM segment_readable WHERE customer_id = ?", by_guest)
    segments = {
        key: str(value)
        for key, value in (segment_rows[0] if segment_rows else {}).items()
        if key not in ("customer_id", "since_at") and value is not None
    }
    return GuestRecord(
        customer=customer,
        family=_dicts(
            store,
            "SELECT relation, first_name, birth_date FROM family_member WHERE customer_id = ?",
            by_guest,
        ),
        cards=_dicts(
            store, "SELECT number, status, issued_at FROM card WHERE customer_id = ?", by_guest
        ),
        consents=_dicts(
            store,
            "SELECT channel, granted, recorded_at, source, text_version FROM consent "
            "WHERE customer_id = ? ORDER BY recorded_at, id",
            by_guest,
        ),
        visit_count=int(count),
        visit_total_minor=int(total),
        recent_visits=_dicts(
            store,
            "SELECT visited_at, amount_minor, receipt_no, voided_at FROM visit "
            "WHERE customer_id = ? ORDER BY visited_at DESC LIMIT ?",
            (customer_id, recent),
        ),
        points_balance_minor=int(balance),
        ledger=_dicts(
            store,
            "SELECT created_at, kind, points_minor, expires_at FROM ledger_entry "
            "WHERE customer_id = ? ORDER BY created_at DESC, id DESC LIMIT ?",
            (customer_id, recent),
        ),
        vouchers=_dicts(
            store,
            "SELECT code, kind, value, item_name, issued_at, expires_at, printed_at, "
            "redeemed_at, cancelled_at FROM voucher WHERE customer_id = ? ORDER BY issued_at",
            by_guest,
        ),
        segments=segments,
    )


# -- guests of a segment -------------------------------------------------------------------------


def segment_guests(
    store: store_module.Store, family: str, segment: str, limit: int
) -> list[dict[str, Any]]:
    """Guests in ``segment`` of ``family`` (a stored family name), biggest spenders first, with
    their contact data and whether they agreed to be contacted by SMS / e-mail / phone (the
    latest consent per channel counts)."""
    consent = (
        "(SELECT granted FROM consent k WHERE k.customer_id = c.id AND k.channel = '{0}' "
        "ORDER BY recorded_at DESC, id DESC LIMIT 1)"
    )
    return _dicts(
        store,
        "SELECT c.id, c.first_name, c.last_name, c.phone, c.email, m.visits, m.amount_minor, "
        f"m.last_at, {consent.format('sms')} AS sms, {consent.format('email')} AS email_ok, "
        f"{consent.format('call')} AS call_ok "
        "FROM segment_current s JOIN segment_code sc ON sc.family = ? "
        f"AND sc.code = s.{_family_column(family)} AND sc.segment = ? "
        "JOIN customer c ON c.id = s.customer_id AND c.anonymised_at IS NULL "
        "LEFT JOIN customer_metrics m ON m.customer_id = c.id "
        "ORDER BY m.amount_minor DESC LIMIT ?",
        (family, segment, limit),
    )


def _family_column(family: str) -> str:
    from boostdesk.storage import segments

    if family not in segments.FAMILIES:
        raise ValueError(f"not a stored family: {family!r}")
    return family
