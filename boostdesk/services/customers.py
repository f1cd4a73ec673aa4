"""The customer browser: the owner's filtered, sorted list of guests, read a page at a time.

A :class:`Query` says what the list holds (a search, a segment of any family, the guests who
moved between two segments since a day, a consent, a custom segment) and how it is sorted; the
service answers pages of plain rows and the total. Reading 100 000 guests is never needed: a page
is one indexed keyset query (see :mod:`boostdesk.storage.browse`).

Custom segments are defined elsewhere (the rules editor); the browser takes their members
through ``custom_members`` (segment id → guest ids), given by whoever builds the service.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, Final

import numpy as np
import numpy.typing as npt

from boostdesk.domain import privacy, search
from boostdesk.services import ops
from boostdesk.services import segmentation as segmentation_service
from boostdesk.services import settings as settings_service
from boostdesk.services.segmentation import end_of_day
from boostdesk.storage import browse
from boostdesk.storage import store as store_module

PREDICTED: Final = ("p_alive", "clv")
"""Sort columns from the fitted lifetime-value model (sorted in memory, not by the database)."""

SORT_COLUMNS: Final = (*browse.SORTS, *PREDICTED)
"""name, card, lifecycle, rfm, visits, last_visit, amount, p_alive, clv."""

SORT_ALIASES: Final = {"spend": "amount", "last": "last_visit"}

PAGE_SIZE: Final = 100

MEMORY_MATCHES_MAX: Final = 5_000
"""A search matching more guests than this is left to the database's index walk (common words
fill a page after a few rows there); fewer are handed to the query as ids."""

REFRESH_S: Final = 5.0
PREDICTIONS_REFRESH_S: Final = 600.0


@dataclass
class SearchCache:
    """The named guests' search keys and card numbers, held in memory by one reader (the
    browser's own thread) as numpy text arrays: a search is then one vectorised pass over
    100 000 short strings (about 10 ms, whatever the words) instead of an index scan per
    keystroke, and typing on narrows the last answer. It reloads when guests or cards were added
    (checked at most every :data:`REFRESH_S` seconds) or after :meth:`invalidate` (a name,
    phone or card changed; a guest erased or merged). An erased guest is never listed
    meanwhile: the rows are read from the database."""

    keys: npt.NDArray[np.str_] = field(default_factory=lambda: np.array([], dtype="U1"))
    ids: npt.NDArray[np.int64] = field(default_factory=lambda: np.array([], dtype=np.int64))
    cards: npt.NDArray[np.str_] = field(default_factory=lambda: np.array([], dtype="U1"))
    card_positions: npt.NDArray[np.int64] = field(
        default_factory=lambda: np.array([], dtype=np.int64)
    )  # the holder's position in ``keys``
    positions: dict[int, int] = field(default_factory=dict)  # guest id -> position in ``keys``
    fingerprint: tuple[int, int] | None = None
    checked: float = 0.0
    stale: bool = True
    last: tuple[tuple[str, ...], npt.NDArray[np.int64]] | None = None  # terms, positions
    predicted: Predicted | None = None
    predicted_at: float = 0.0

    def invalidate(self) -> None:
        """A guest's name or phone changed: reload before the next search."""
        self.stale = True
        self.predicted_at = 0.0


@dataclass(frozen=True)
class Predicted:
    """P(alive) and 12-month CLV (minor units) of every guest who visited, sorted by id."""

    ids: npt.NDArray[np.int64]
    p_alive: npt.NDArray[np.float64]
    clv_minor: npt.NDArray[np.int64]

    def of(self, guest: int) -> tuple[float, int] | None:
        i = int(np.searchsorted(self.ids, guest))
        if i < len(self.ids) and self.ids[i] == guest:
            return float(self.p_alive[i]), int(self.clv_minor[i])
        return None


@dataclass(frozen=True, slots=True)
class Query:
    """One list of guests. ``moved`` is (from key or None, to key, since day[, until day]) in
    ``moved_family`` (lifecycle by default); days are the venue's local days."""

    search: str = ""
    segment: tuple[str, str] | None = None
    moved: tuple[Any, ...] | None = None
    moved_family: str = "lifecycle"
    consent: str | None = None
    custom_segment: str | int | None = None  # a custom segment's key
    sort: str = "name"
    descending: bool = False


@dataclass(frozen=True, slots=True)
class Guest:
    """One row of the list, as shown (the phone masked: the list is seen over a shoulder)."""

    id: int
    card: str
    name: str
    first_name: str
    last_name: str
    phone_masked: str
    lifecycle: str | None
    rfm: str | None
    visits: int
    last_visit_at: int | None
    amount_minor: int
    after: tuple[Any, int]  # where the page after this row starts
    p_alive: float | None = None  # None: no lifetime-value model fitted (or no visit yet)
    clv_12m_minor: int | None = None

    def as_json(self) -> dict[str, Any]:
        last = (
            dt.datetime.fromtimestamp(self.last_visit_at, dt.UTC).isoformat()
            if self.last_visit_at is not None
            else None
        )
        return {
            "id": self.id,
            "card": self.card,
            "name": self.name,
            "lifecycle": self.lifecycle,
            "rfm": self.rfm,
            "visits": self.visits,
            "last_visit": last,
            "amount": self.amount_minor / 100,
            "amount_minor": self.amount_minor,
            "p_alive": self.p_alive,
            "clv_12m": None if self.clv_12m_minor is None else self.clv_12m_minor / 100,
        }


class CustomerBrowser:
    def __init__(
        self,
        store: store_module.Store,
        settings: settings_service.SettingsService,
        custom_members: Callable[[str | int], Sequence[int]] | None = None,
        predict: Callable[[], Predicted | None] | None = None,
    ) -> None:
        self._store = store
        self._settings = settings
        self.custom_members = custom_members
        self._predict = predict

    def filter_of(self, query: Query) -> browse.Filter:
        """The storage filter for ``query`` (raises ValueError for an unknown family)."""
        moved = None
        if query.moved is not None:
            from_key, to_key, since, *rest = query.moved
            zone = str(self._settings.get("venue.timezone"))
            until = rest[0] if rest else None
            moved = browse.Moved(
                query.moved_family,
                from_key,
                to_key,
                end_of_day(_day(since) - dt.timedelta(days=1), zone),
                end_of_day(_day(until), zone) if until is not None else None,
            )
        ids = None
        if query.custom_segment is not None:
            if self.custom_members is None:
                raise ValueError("custom segments are not available in this build")
            ids = tuple(self.custom_members(query.custom_segment))
        return browse.Filter(
            terms=search.terms(query.search),
            segment=query.segment,
            moved=moved,
            consent=query.consent,
            ids=ids,
        )

    def page(
        self,
        actor: ops.Actor,
        query: Query,
        after: tuple[Any, int] | None = None,
        limit: int = PAGE_SIZE,
        cache: SearchCache | None = None,
    ) -> list[Guest]:
        """The next ``limit`` guests of ``query`` after the row whose ``after`` is given
        (``cache``: the caller's search keys in memory, see :class:`SearchCache`)."""
        actor.require(ops.Role.OWNER, "browse guests")
        sort = SORT_ALIASES.get(query.sort, query.sort)
        if sort not in SORT_COLUMNS:
            raise ValueError(f"unknown sort column {query.sort!r}")
        flt = self.filter_of(query)
        predicted = cache.predicted if cache is not None else None
        if sort in PREDICTED:
            predicted = self._predictions(cache)
            if predicted is not None:
                guests = self._predicted_page(flt, cache, predicted, sort, query, after, limit)
                return _with_predictions(guests, predicted)
            sort = "name"  # no model fitted: nothing to sort by, the list stays in name order
        if cache is not None and flt.terms:
            found = self._positions(flt.terms, cache)
            if sort == "name" and _only_terms(flt):
                guests = self._name_slice(cache, found, query.descending, after, limit)
                return _with_predictions(guests, predicted)
            if len(found) <= MEMORY_MATCHES_MAX:
                flt = dataclasses.replace(flt, matched=tuple(int(i) for i in cache.ids[found]))
        rows = browse.page(self._store, flt, sort, query.descending, after, limit)
        return _with_predictions([_guest(row) for row in rows], predicted)

    def _predictions(self, cache: SearchCache | None) -> Predicted | None:
        """The model's predictions: the reader's copy (loaded now if it has none)."""
        if cache is None:
            return self._predict() if self._predict is not None else None
        if cache.predicted is None or cache.predicted_at == 0.0:
            self._load_predictions(cache)
        return cache.predicted

    def _load_predictions(self, cache: SearchCache) -> None:
        cache.predicted = self._predict() if self._predict is not None else None
        cache.predicted_at = time.monotonic()

    def _predicted_page(
        self,
        flt: browse.Filter,
        cache: SearchCache | None,
        predicted: Predicted,
        sort: str,
        query: Query,
        after: tuple[Any, int] | None,
        limit: int,
    ) -> list[Guest]:
        """A page in P(alive) or CLV order: the guests of the filter, ordered in memory (guests
        without a prediction, never seen, come last in the ascending order's start)."""
        if cache is not None and flt.terms:
            found = self._positions(flt.terms, cache)
            if _only_terms(flt):
                ids = cache.ids[found]
            elif len(found) <= MEMORY_MATCHES_MAX:
                matched = tuple(int(i) for i in cache.ids[found])
                ids = np.array(browse.ids(self._store, dataclasses.replace(flt, matched=matched)))
            else:
                ids = np.array(browse.ids(self._store, flt))
        elif cache is not None and _only_terms(flt) and not flt.terms:
            self._refresh(cache)
            ids = cache.ids
        else:
            ids = np.array(browse.ids(self._store, flt))
        ids = np.asarray(ids, dtype=np.int64)
        values = np.full(len(ids), -1.0)
        at = np.searchsorted(predicted.ids, ids)
        at = np.minimum(at, max(len(predicted.ids) - 1, 0))
        known = (predicted.ids[at] == ids) if len(predicted.ids) else np.zeros(len(ids), bool)
        column = predicted.p_alive if sort == "p_alive" else predicted.clv_minor
        values[known] = column[at[known]]
        order = np.lexsort((ids, values))
        if query.descending:
            order = order[::-1]
        ordered = ids[order]
        start = 0
        if after is not None:
            where = np.flatnonzero(ordered == after[1])
            start = int(where[0]) + 1 if len(where) else 0
        chosen = [int(i) for i in ordered[start : start + limit]]
        shown = values[order][start : start + limit].tolist()
        value_of = dict(zip(chosen, shown, strict=True))
        guests = [_guest(row) for row in browse.rows_by_ids(self._store, chosen)]
        return [dataclasses.replace(g, after=(value_of[g.id], g.id)) for g in guests]

    def count(self, actor: ops.Actor, query: Query, cache: SearchCache | None = None) -> int:
        actor.require(ops.Role.OWNER, "browse guests")
        flt = self.filter_of(query)
        if cache is not None and _only_terms(flt) and not flt.terms:
            self._refresh(cache)
            return len(cache.ids)  # every named guest: counted when the keys were read
        if cache is not None and flt.terms:
            found = self._positions(flt.terms, cache)
            if _only_terms(flt):
                return len(found)
            if len(found) <= MEMORY_MATCHES_MAX:
                flt = dataclasses.replace(flt, matched=tuple(int(i) for i in cache.ids[found]))
        return browse.count(self._store, flt)

    def warm(self, cache: SearchCache, *, with_predictions: bool = True) -> bool:
        """Load (or refresh) ``cache`` now, before the owner types; True when the predictions
        were (re)loaded (the list shown may want them). ``with_predictions`` False: the search
        keys only (the predictions take seconds on 100 000 guests: see :meth:`predictions`)."""
        self._refresh(cache)
        if with_predictions and self.predictions_due(cache):
            self._load_predictions(cache)
            return cache.predicted is not None
        return False

    def predictions_due(self, cache: SearchCache) -> bool:
        """The cache has no predictions yet, or older ones (a model may have been fitted)."""
        stale = time.monotonic() - cache.predicted_at > PREDICTIONS_REFRESH_S
        return self._predict is not None and (cache.predicted_at == 0.0 or stale)

    def predictions(self) -> Predicted | None:
        """The lifetime-value model's predictions of every guest who visited (None without a
        fitted model); about a second or more on 100 000 guests, so the browser asks for them
        on a thread of their own and hands them to its cache (:meth:`take_predictions`)."""
        return self._predict() if self._predict is not None else None

    @staticmethod
    def take_predictions(cache: SearchCache, predicted: Predicted | None) -> None:
        cache.predicted = predicted
        cache.predicted_at = time.monotonic()

    def _name_slice(
        self,
        cache: SearchCache,
        found: npt.NDArray[np.int64],
        descending: bool,
        after: tuple[Any, int] | None,
        limit: int,
    ) -> list[Guest]:
        """A page of the matches in name order, cut from the key order held in memory."""
        start = 0
        if after is not None:
            position = cache.positions.get(after[1])
            if position is None:  # reloaded meanwhile without that guest: by the key
                position = int(np.searchsorted(cache.keys, str(after[0])))
            if descending:
                start = len(found) - int(np.searchsorted(found, position, side="left"))
            else:
                start = int(np.searchsorted(found, position, side="right"))
        ordered = found[::-1] if descending else found
        ids = [int(i) for i in cache.ids[ordered[start : start + limit]]]
        return [_guest(row) for row in browse.rows_by_ids(self._store, ids)]

    def _positions(self, terms: tuple[str, ...], cache: SearchCache) -> npt.NDArray[np.int64]:
        """Positions (in name order) of the named guests every term occurs in: name and phone,
        or card number. Typing on narrows the last answer instead of reading every key."""
        self._refresh(cache)
        last = cache.last
        if last is not None and last[0] == terms:
            return last[1]
        found: npt.NDArray[np.int64] | None = None
        if last is not None and _refines(last[0], terms):
            found = last[1]
        for term in sorted(terms, key=len, reverse=True):  # the longest word matches fewest
            keys = cache.keys if found is None else cache.keys[found]
            hit = np.strings.find(keys, term) >= 0
            if search.is_number(term) and len(cache.cards):
                holders = cache.card_positions[np.strings.find(cache.cards, term) >= 0]
                holders = holders[holders >= 0]
                if found is None:
                    hit[holders] = True
                else:
                    hit |= np.isin(found, holders)
            found = np.flatnonzero(hit) if found is None else found[hit]
        result = found if found is not None else np.array([], dtype=np.int64)
        cache.last = (terms, result)
        return result

    def _refresh(self, cache: SearchCache) -> None:
        now = time.monotonic()
        if not cache.stale and now - cache.checked < REFRESH_S:
            return
        fingerprint = browse.fingerprint(self._store)
        cache.checked = now
        if cache.stale or fingerprint != cache.fingerprint:
            keys, ids = browse.search_keys(self._store)
            cache.keys = np.array(keys, dtype=str)
            cache.ids = np.array(ids, dtype=np.int64)
            cache.positions = {guest: i for i, guest in enumerate(ids)}
            cards = browse.card_numbers(self._store)
            cache.cards = np.array([number for number, _ in cards], dtype=str)
            cache.card_positions = np.array(
                [cache.positions.get(guest, -1) for _, guest in cards], dtype=np.int64
            )
            cache.fingerprint = fingerprint
            cache.stale = False
            cache.last = None

    def segment_keys(self) -> dict[str, list[str]]:
        """Family → its stored segment keys (the filter's choices)."""
        return browse.segment_keys(self._store)


def _with_predictions(guests: list[Guest], predicted: Predicted | None) -> list[Guest]:
    if predicted is None:
        return guests
    out = []
    for guest in guests:
        found = predicted.of(guest.id)
        if found is not None:
            guest = dataclasses.replace(guest, p_alive=found[0], clv_12m_minor=found[1])
        out.append(guest)
    return out


def predictions_of(
    segmentation: segmentation_service.SegmentationService,
) -> Callable[[], Predicted | None]:
    """What the browser calls for the model's predictions of every guest (about a second on
    100 000 guests: the per-guest totals are read once): None when no model is fitted."""

    def load() -> Predicted | None:
        if not segmentation.values().get("clv.model"):
            return None  # no model fitted: every guest's totals would be read for nothing
        metrics = segmentation.metrics(segmentation.as_of_instant(None))
        extra = metrics.extra
        if "p_alive" not in extra or "clv_12m" not in extra:
            return None
        seen = metrics.visits > 0
        return Predicted(
            ids=np.asarray(metrics.customer_id[seen], dtype=np.int64),
            p_alive=np.asarray(extra["p_alive"][seen], dtype=np.float64),
            clv_minor=np.round(np.asarray(extra["clv_12m"][seen]) * 100).astype(np.int64),
        )

    return load


def _refines(before: tuple[str, ...], now: tuple[str, ...]) -> bool:
    """Every guest ``now`` matches was matched ``before`` (each old word is part of the word in
    its place now: the owner typed on), so the old answer can be narrowed."""
    return len(now) >= len(before) and all(
        old in new for old, new in zip(before, now, strict=False)
    )


def _only_terms(flt: browse.Filter) -> bool:
    return flt.segment is None and flt.moved is None and flt.consent is None and flt.ids is None


def _day(value: dt.date | str) -> dt.date:
    return value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value))


def _guest(row: browse.Row) -> Guest:
    name = " ".join(part for part in (row.first_name, row.last_name) if part)
    return Guest(
        id=row.id,
        card=row.card or "",
        name=name,
        first_name=row.first_name,
        last_name=row.last_name or "",
        phone_masked=privacy.mask_phone(row.phone),
        lifecycle=row.lifecycle,
        rfm=row.rfm,
        visits=row.visits,
        last_visit_at=row.last_visit_at,
        amount_minor=row.amount_minor,
        after=(row.key, row.id),
    )
