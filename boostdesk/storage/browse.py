"""The customer browser's queries: a filtered, sorted list of guests read one page at a time.

Pages are keyset queries: the next page starts after the last row's (sort value, id), and only a
page of rows ever leaves the database. The name order walks the ``customer.search_key`` index;
the other orders keep the best rows of one pass (SQLite's top-N sort, tens of ms on 100 000
guests). A search looks in the folded ``search_key`` (name and phone digits, see
:mod:`boostdesk.domain.search`) and, for words of digits, in card numbers; the browser's reader
usually finds the matches in memory first and hands them over as ``Filter.matched`` (see
:class:`boostdesk.services.customers.SearchCache`). Anonymised guests are never listed.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, Final

from boostdesk.domain import search
from boostdesk.domain.segments import lifecycle
from boostdesk.storage import segments as segments_db
from boostdesk.storage import store as store_module


@dataclass(frozen=True, slots=True)
class Moved:
    """Guests whose ``family`` segment went ``from_key`` → ``to_key`` within [since, until)
    (UTC seconds; ``from_key`` None: their first segment)."""

    family: str
    from_key: str | None
    to_key: str
    since_at: int
    until_at: int | None = None


@dataclass(frozen=True, slots=True)
class Filter:
    """What the list holds: every condition given must hold."""

    terms: tuple[str, ...] = ()  # folded words (search.terms)
    segment: tuple[str, str] | None = None  # (family, segment key)
    moved: Moved | None = None
    consent: str | None = None  # a channel the guest currently consents to
    ids: tuple[int, ...] | None = None  # only these guests (custom segments, other lists)
    matched: tuple[int, ...] | None = None  # the guests ``terms`` match, found beforehand


_ACTIVE_CARD: Final = (
    "(SELECT k.number FROM card k WHERE k.customer_id = c.id "
    "ORDER BY k.status = 'active' DESC, k.id DESC LIMIT 1)"
)
SORTS: Final[dict[str, str]] = {
    "name": "c.search_key",
    "card": f"COALESCE({_ACTIVE_CARD}, '')",
    "lifecycle": "",  # the ladder: VIP first, Registered last (see _rank)
    "rfm": "",  # by group name
    "visits": "m.visits",
    "last_visit": "COALESCE(m.last_at, 0)",
    "amount": "m.amount_minor",
}
"""Sort column → SQL expression (never NULL: keyset comparisons need a value)."""


def _sort_sql(sort: str, codes: dict[str, list[str]]) -> tuple[str, str]:
    """(sort expression, tie-breaking id column) for ``sort``."""
    if sort == "lifecycle":
        return _rank("lifecycle", codes, {k: i for i, k in enumerate(lifecycle.ORDER)}), "c.id"
    if sort == "rfm":
        names = sorted(k for k in codes.get("rfm", []) if k)
        return _rank("rfm", codes, {k: i for i, k in enumerate(names)}), "c.id"
    return SORTS[sort], "c.id"


def _rank(family: str, codes: dict[str, list[str]], ranks: dict[str, int]) -> str:
    """A CASE giving each stored code of ``family`` its rank (integers only: no parameters)."""
    whens = " ".join(
        f"WHEN {code} THEN {ranks.get(key, 98)}"
        for code, key in enumerate(codes.get(family, []))
        if key
    )
    return f"(CASE s.{family} {whens} ELSE 99 END)" if whens else "abs(99)"


_COLUMNS: Final = (
    f"c.id, {_ACTIVE_CARD}, c.first_name, c.last_name, c.phone, s.lifecycle, s.rfm, "
    "m.visits, m.last_at, m.amount_minor"
)


@dataclass(frozen=True, slots=True)
class Row:
    id: int
    card: str | None
    first_name: str
    last_name: str | None
    phone: str | None
    lifecycle: str | None
    rfm: str | None
    visits: int
    last_visit_at: int | None
    amount_minor: int
    key: Any = field(compare=False)  # the sort value: where the next page starts


def _where(flt: Filter) -> tuple[str, list[Any]]:
    parts = ["c.anonymised_at IS NULL"]
    params: list[Any] = []
    for term in () if flt.matched is not None else flt.terms:
        condition = "c.search_key LIKE ? ESCAPE '\\'"
        params.append(search.like_pattern(term))
        if search.is_number(term):
            condition += (
                " OR c.id IN (SELECT k.customer_id FROM card k WHERE k.number LIKE ? ESCAPE '\\')"
            )
            params.append(search.like_pattern(term))
        parts.append(f"({condition})")
    if flt.segment is not None:
        family, key = flt.segment
        parts.append(
            f"s.{_family(family)} = (SELECT code FROM segment_code WHERE family = ? "
            "AND segment = ?)"
        )
        params += [family, key]
    if flt.moved is not None:
        moved = flt.moved
        parts.append(
            "c.id IN (SELECT t.customer_id FROM segment_history t WHERE t.family = ? "
            "AND t.from_segment IS ? AND t.to_segment = ? AND t.at >= ? AND t.at < ?)"
        )
        until = moved.until_at if moved.until_at is not None else 2**62
        params += [moved.family, moved.from_key, moved.to_key, moved.since_at, until]
    if flt.consent is not None:
        # the latest answer for the channel is a yes (a no given at the same second wins)
        parts.append(
            "c.id IN (SELECT k.customer_id FROM consent k WHERE k.channel = ? AND k.granted = 1 "
            "AND NOT EXISTS (SELECT 1 FROM consent n WHERE n.customer_id = k.customer_id "
            "AND n.channel = k.channel AND (n.recorded_at > k.recorded_at "
            "OR (n.recorded_at = k.recorded_at AND (n.granted = 0 OR n.id > k.id)))))"
        )
        params.append(flt.consent)
    if flt.ids is not None:
        # SQLite-only: json_each turns one JSON array parameter into rows.
        parts.append("c.id IN (SELECT value FROM json_each(?))")
        params.append(json.dumps(list(flt.ids)))
    return " AND ".join(parts), params


def _family(family: str) -> str:
    if family not in segments_db.FAMILIES:
        raise ValueError(f"unknown segment family {family!r}")
    return family


def _from(flt: Filter, joins: str) -> tuple[str, list[Any]]:
    """The FROM clause: the guests matched beforehand drive the query when there are some (a
    few thousand ids: read them, sort them), else the customer table."""
    if flt.matched is None:
        return f"FROM customer c {joins}", []
    # SQLite-only: json_each turns one JSON array parameter into rows; CROSS JOIN keeps it first.
    return (
        f"FROM json_each(?) j CROSS JOIN customer c ON c.id = j.value {joins}",
        [json.dumps(list(flt.matched))],
    )


_JOINS: Final = (
    "JOIN customer_metrics m ON m.customer_id = c.id "
    "LEFT JOIN segment_current s ON s.customer_id = c.id"
)


def page(
    store: store_module.Store,
    flt: Filter,
    sort: str = "name",
    descending: bool = False,
    after: tuple[Any, int] | None = None,
    limit: int = 100,
) -> list[Row]:
    """Up to ``limit`` guests of ``flt`` in ``sort`` order (ties by id), starting after
    ``after`` = (sort value, id) of the previous page's last row."""
    codes = segments_db.code_table(store)
    expression, id_column = _sort_sql(sort, codes)
    where, params = _where(flt)
    if after is not None:
        where += f" AND ({expression}, {id_column}) {'<' if descending else '>'} (?, ?)"
        params += [after[0], after[1]]
    direction = "DESC" if descending else "ASC"
    source, first = _from(flt, _JOINS)
    rows = store.execute(
        f"SELECT {_COLUMNS}, {expression} {source} WHERE {where} "
        f"ORDER BY {expression} {direction}, {id_column} {direction} LIMIT ?",
        (*first, *params, limit),
    ).fetchall()
    return [_row(r, codes) for r in rows]


def _row(r: Sequence[Any], codes: dict[str, list[str]]) -> Row:
    return Row(
        id=int(r[0]),
        card=r[1],
        first_name=str(r[2]),
        last_name=r[3],
        phone=r[4],
        lifecycle=_key(codes, "lifecycle", r[5]),
        rfm=_key(codes, "rfm", r[6]),
        visits=int(r[7]),
        last_visit_at=None if r[8] is None else int(r[8]),
        amount_minor=int(r[9]),
        key=r[10],
    )


def _key(codes: dict[str, list[str]], family: str, code: int | None) -> str | None:
    keys = codes.get(family, [])
    if code is None or not 0 <= code < len(keys):
        return None
    return keys[code] or None


def count(store: store_module.Store, flt: Filter) -> int:
    """How many guests ``flt`` holds."""
    where, params = _where(flt)
    joins = "LEFT JOIN segment_current s ON s.customer_id = c.id" if flt.segment else ""
    source, first = _from(flt, joins)
    (n,) = store.one(f"SELECT COUNT(*) {source} WHERE {where}", (*first, *params))
    return int(n)


def ids(store: store_module.Store, flt: Filter) -> list[int]:
    """Every guest ``flt`` holds, unordered (for an order kept outside the database)."""
    where, params = _where(flt)
    joins = "LEFT JOIN segment_current s ON s.customer_id = c.id" if flt.segment else ""
    source, first = _from(flt, joins)
    rows = store.execute(f"SELECT c.id {source} WHERE {where}", (*first, *params)).fetchall()
    return [int(r[0]) for r in rows]


def rows_by_ids(store: store_module.Store, ids: Sequence[int]) -> list[Row]:
    """The guests ``ids`` in that order (their ``key`` is the search key: the name order)."""
    if not ids:
        return []
    marks = ",".join("?" * len(ids))
    found = {
        int(r[0]): r
        for r in store.execute(
            f"SELECT {_COLUMNS}, c.search_key FROM customer c {_JOINS} "
            f"WHERE c.id IN ({marks}) AND c.anonymised_at IS NULL",
            tuple(ids),
        ).fetchall()
    }
    codes = segments_db.code_table(store)
    return [_row(found[i], codes) for i in ids if i in found]


def segment_keys(store: store_module.Store) -> dict[str, list[str]]:
    """Family → the segment keys stored for it (the filter's choices), in code order."""
    return {f: [k for k in keys if k] for f, keys in segments_db.code_table(store).items()}


def search_keys(store: store_module.Store) -> tuple[list[str], list[int]]:
    """Every named guest's search key and id, in key order (for a search held in memory)."""
    rows = store.execute(
        "SELECT search_key, id FROM customer WHERE anonymised_at IS NULL ORDER BY search_key, id"
    ).fetchall()
    return [str(r[0] or "") for r in rows], [int(r[1]) for r in rows]


def card_numbers(store: store_module.Store) -> list[tuple[str, int]]:
    """(card number, guest id) of every card a named guest holds."""
    rows = store.execute(
        "SELECT k.number, k.customer_id FROM card k JOIN customer c ON c.id = k.customer_id "
        "WHERE c.anonymised_at IS NULL"
    ).fetchall()
    return [(str(r[0]), int(r[1])) for r in rows]


def fingerprint(store: store_module.Store) -> tuple[int, int]:
    """(highest guest id, highest card id): changes when a guest or a card is added (an index
    lookup each; a name edited or a guest erased is told by the operation's changes)."""
    guest, card = store.one("SELECT (SELECT MAX(id) FROM customer), (SELECT MAX(id) FROM card)")
    return int(guest or 0), int(card or 0)
