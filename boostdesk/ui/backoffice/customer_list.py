"""The customer browser's table: a lazy model over pages of guests, and the reader thread that
fetches them.

The model holds the rows fetched so far and asks for the next page when the view scrolls near the
end (``canFetchMore``/``fetchMore``). Pages come from :class:`ListReader`, a thread of its own
(not the task runner: a search must not wait behind a backup or a full segment run) that keeps
only the newest request — a keystroke replaces the query not yet started — and tags every answer
with the generation it was asked for, so a stale answer is dropped.
"""

from __future__ import annotations

import datetime as dt
import logging
import threading
import zoneinfo
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QDate,
    QLocale,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
)

from boostdesk.services import customers, ops
from boostdesk.services import venue as venue_service
from boostdesk.ui import formatting, segment_names

log = logging.getLogger(__name__)

Index = QModelIndex | QPersistentModelIndex


@dataclass(frozen=True)
class Request:
    generation: int
    query: customers.Query
    after: tuple[Any, int] | None
    with_count: bool
    fresh: bool = False  # guests changed: reload the search keys first


class ListReader(QObject):
    """Reads pages on its own thread; the newest request wins."""

    page_loaded = Signal(int, object, bool)  # generation, list[customers.Guest], appended
    counted = Signal(int, int)  # generation, total
    failed = Signal(int, object)  # generation, exception
    predictions_loaded = Signal()

    def __init__(self, opened: venue_service.Venue, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._venue = opened
        self._wake = threading.Condition()
        self._next: tuple[Request, ops.Actor] | None = None
        self._stopping = False
        self.cache = customers.SearchCache()  # used on the reader thread only
        self.busy = False  # a request is being answered (or its follow-ups: count, warm-up)
        self._predicting = False  # the model's predictions are computed on a thread of their own
        self.reload_pending = False
        self._thread = threading.Thread(target=self._work, name="customer-list", daemon=True)
        self._thread.start()

    def request(self, request: Request, actor: ops.Actor) -> None:
        with self._wake:
            self.busy = True
            self._next = (request, actor)
            self._wake.notify()

    @property
    def predicting(self) -> bool:
        return self._predicting

    def _predict(self) -> None:
        """Compute the model's predictions apart from the searches (they take seconds on
        100 000 guests), hand them to the cache and say so: the page asks again."""
        browser = self._venue.customers
        try:
            predicted = browser.predictions()
            browser.take_predictions(self.cache, predicted)
            if predicted is not None:
                self.reload_pending = True  # until the page has asked again (see settled())
                self.predictions_loaded.emit()
        except RuntimeError:  # the page went away meanwhile
            return
        except Exception as exc:  # the columns stay empty; the list works on
            log.warning("customer predictions failed: %s", type(exc).__name__)
        finally:
            self._predicting = False
            self._venue.store.close()  # this thread's connection

    def stop(self) -> None:
        """End the thread (waits for a query under way)."""
        with self._wake:
            self._stopping = True
            self._wake.notify()
        self._thread.join(5)

    def _take(self) -> tuple[Request, ops.Actor] | None:
        with self._wake:
            while self._next is None and not self._stopping:
                self._wake.wait()
            if self._stopping:
                return None
            taken, self._next = self._next, None
            self.busy = True
            return taken

    def _newer_waiting(self) -> bool:
        with self._wake:
            return self._next is not None

    def _work(self) -> None:
        while (taken := self._take()) is not None:
            request, actor = taken
            browser = self._venue.customers
            try:
                try:
                    if request.fresh:
                        self.cache.invalidate()
                    rows = browser.page(actor, request.query, request.after, cache=self.cache)
                    self.page_loaded.emit(request.generation, rows, request.after is not None)
                    if request.with_count and not self._newer_waiting():
                        total = browser.count(actor, request.query, cache=self.cache)
                        self.counted.emit(request.generation, total)
                    if not self._newer_waiting():
                        browser.warm(self.cache, with_predictions=False)
                    if browser.predictions_due(self.cache) and not self._predicting:
                        self._predicting = True
                        threading.Thread(
                            target=self._predict, name="customer-predictions", daemon=True
                        ).start()
                except Exception as exc:  # shown by the page; the list stays as it was
                    log.warning("customer list query failed: %s", type(exc).__name__)
                    self.failed.emit(request.generation, exc)
            except RuntimeError:  # the page went away while a query ran
                break
            finally:
                self.busy = self._newer_waiting()
        self._venue.store.close()  # this thread's connection (peewee keeps one per thread)


class CustomerTableModel(QAbstractTableModel):
    """Guests of the current query, fetched a page at a time."""

    COLUMNS = (
        "name", "card", "lifecycle", "rfm", "visits", "last_visit", "amount", "p_alive", "clv",
    )  # fmt: skip
    SORTABLE = frozenset(COLUMNS)
    RIGHT = frozenset({"visits", "amount", "p_alive", "clv"})
    fetch_requested = Signal(object)  # the ``after`` of the last row

    def __init__(self, currency: str, timezone: str, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.currency = currency
        self.timezone = timezone
        self.rows: list[customers.Guest] = []
        self.total: int | None = None
        self.complete = True
        self.loading = False
        self.sort_request: tuple[str, bool] | None = None
        # Cell texts are made once per row, when the row is first painted: a keystroke repaints
        # the visible rows only, and formatting money and dates is the dear part of a repaint.
        self._texts: dict[int, tuple[str, ...]] = {}
        self._locale = QLocale()
        self._zone = zoneinfo.ZoneInfo(timezone)
        self._symbol = formatting.CURRENCY_SYMBOLS.get(currency, currency)

    # -- filling --------------------------------------------------------------------------------

    def replace(self, rows: list[customers.Guest]) -> None:
        self.beginResetModel()
        self.rows = list(rows)
        self._texts.clear()
        self.complete = len(rows) < customers.PAGE_SIZE
        self.loading = False
        self.endResetModel()

    def append(self, rows: list[customers.Guest]) -> None:
        self.loading = False
        self.complete = len(rows) < customers.PAGE_SIZE
        if rows:
            first = len(self.rows)
            self.beginInsertRows(QModelIndex(), first, first + len(rows) - 1)
            self.rows.extend(rows)
            self.endInsertRows()

    def guest_at(self, row: int) -> customers.Guest | None:
        return self.rows[row] if 0 <= row < len(self.rows) else None

    # -- Qt ---------------------------------------------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self.COLUMNS)

    def canFetchMore(self, parent: Index) -> bool:  # noqa: N802
        return not parent.isValid() and not self.complete and not self.loading and bool(self.rows)

    def fetchMore(self, parent: Index) -> None:  # noqa: N802
        if self.canFetchMore(parent):
            self.loading = True
            self.fetch_requested.emit(self.rows[-1].after)

    def headerData(  # noqa: N802
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(self.COLUMNS):
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return self._titles()[self.COLUMNS[section]]
        if role == Qt.ItemDataRole.ToolTipRole and self.COLUMNS[section] in ("p_alive", "clv"):
            return self.tr(
                "From the lifetime-value model (boostdesk clv): the chance the guest still "
                "comes, and what they are expected to spend in the next 12 months"
            )
        if role == Qt.ItemDataRole.TextAlignmentRole and self.COLUMNS[section] in self.RIGHT:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def _titles(self) -> dict[str, str]:
        return {
            "name": self.tr("Name"),
            "card": self.tr("Card"),
            "phone": self.tr("Phone"),
            "lifecycle": self.tr("Lifecycle"),
            "rfm": self.tr("RFM"),
            "visits": self.tr("Visits"),
            "last_visit": self.tr("Last visit"),
            "amount": self.tr("Spend"),
            "p_alive": self.tr("P(alive)"),
            "clv": self.tr("CLV"),
        }

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        # A repaint asks every visible cell for a dozen roles: the ones not shown leave at once.
        if role == Qt.ItemDataRole.DisplayRole:
            row = index.row()
            texts = self._texts.get(row)
            if texts is None:
                guest = self.guest_at(row) if index.isValid() else None
                if guest is None:
                    return None
                texts = tuple(self._text(guest, c) for c in self.COLUMNS)
                self._texts[row] = texts
            column = index.column()
            return texts[column] if 0 <= column < len(texts) else None
        if role == Qt.ItemDataRole.TextAlignmentRole:
            if self.COLUMNS[index.column()] in self.RIGHT:
                return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            return None
        if role == Qt.ItemDataRole.UserRole:
            guest = self.guest_at(index.row()) if index.isValid() else None
            return guest.id if guest is not None else None
        return None

    def _text(self, guest: customers.Guest, column: str) -> str:
        if column == "name":
            return guest.name
        if column == "card":
            return guest.card
        if column == "phone":
            return guest.phone_masked
        if column == "lifecycle":
            return segment_names.segment("lifecycle", guest.lifecycle)
        if column == "rfm":
            return segment_names.segment("rfm", guest.rfm)
        if column == "visits":
            return self._locale.toString(guest.visits)
        if column == "last_visit":
            if guest.last_visit_at is None:
                return "—"
            day = dt.datetime.fromtimestamp(guest.last_visit_at, self._zone).date()
            return self._locale.toString(
                QDate(day.year, day.month, day.day), QLocale.FormatType.ShortFormat
            )
        if column in ("p_alive", "clv"):
            return self._predicted(guest, column)
        return self._locale.toCurrencyString(guest.amount_minor / 100, self._symbol)

    def _predicted(self, guest: customers.Guest, column: str) -> str:
        if guest.p_alive is None or guest.clv_12m_minor is None:
            return "—"  # no model fitted yet, or never seen
        if column == "p_alive":
            return self.tr("%1%").replace("%1", str(min(99, round(guest.p_alive * 100))))
        return self._locale.toCurrencyString(guest.clv_12m_minor // 100, self._symbol, 0)

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Sorting is the query's: remember the wish; the page asks for the list again."""
        if 0 <= column < len(self.COLUMNS) and self.COLUMNS[column] in self.SORTABLE:
            self.sort_request = (self.COLUMNS[column], order == Qt.SortOrder.DescendingOrder)
            self.sort_requested.emit(*self.sort_request)

    sort_requested = Signal(str, bool)
