"""The customer browser: every guest of the venue, searched, filtered and sorted, a page at a time.

Other sections open it on a list of their own through ``context.navigate("customers", ...)``;
:meth:`CustomersSection.open_with` takes (all optional, any other filter is cleared)::

    segment=(family, key)             # e.g. ("lifecycle", "at_risk"); or segment=key with family=
    moved=(from_key, to_key, since)   # moved from -> to since a day (date or ISO text); a 4th
                                      # item (or until=) is the last day; from_key None: their
                                      # first segment. With moved, segment is not a filter: the
                                      # guests who moved are listed wherever they are now.
    family="rfm"                      # the family of ``moved`` / ``segment`` (default lifecycle)
    until=date                        # the last day of ``moved``
    search="ayşe"                     # the search box's text
    consent="sms"                     # guests who currently consent to the channel
    custom_segment="c7"               # a saved custom segment's key (its members as of the
                                      # last full segment run)

Enter or a double click opens the guest page (``customer``). Export writes the list as shown
(owner only, audited) to CSV or XLSX.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QModelIndex, Qt, Slot
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from boostdesk.services import custom_segments, customers, exports, ops
from boostdesk.ui import formatting, labels, segment_names, task_runner
from boostdesk.ui.backoffice import customer_list, section

CHANNELS = ("sms", "email", "call")
# The family filter's entry for the owner's saved segments (not a stored segment family).
CUSTOM = "custom"


def load_filters(opened: Any) -> tuple[dict[str, list[str]], list[custom_segments.Segment]]:
    """The filter's choices: family -> its stored segment keys, and the saved custom segments
    (read on the worker)."""
    return opened.customers.segment_keys(), opened.custom_segments.saved()


class GuestTable(QTableView):
    """The list; Enter opens the current guest (a double click does too)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.open_current: Callable[[], None] = lambda: None

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 (Qt override)
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.open_current()
            return
        super().keyPressEvent(event)


class CustomersSection(section.Section):
    key = "customers"

    def __init__(self, context: section.Context) -> None:
        super().__init__(context)
        self.query = customers.Query()
        self.generation = 0
        self.extra: dict[str, Any] = {}  # moved from another page
        self.segment_keys: dict[str, list[str]] = {}
        self.custom: list[custom_segments.Segment] = []  # the saved custom segments
        self.pending_fresh = False  # guests changed while the page was not shown
        self.model = customer_list.CustomerTableModel(context.currency, context.timezone, self)
        self.reader = customer_list.ListReader(context.venue, self)

        title = QLabel(self.tr("Customers"), objectName="PageTitle")
        self.count_label = labels.data("StatNote")
        self.export_button = QPushButton(self.tr("Export…"), objectName="CompactButton")
        self.export_button.setToolTip(self.tr("Save this list as a CSV or Excel file"))
        self.search_edit = QLineEdit(objectName="CustomerSearch")
        self.search_edit.setPlaceholderText(self.tr("Search by name, phone or card number"))
        self.search_edit.setClearButtonEnabled(True)
        self.family_combo = QComboBox(objectName="FamilyFilter")
        self.segment_combo = QComboBox(objectName="SegmentFilter")
        self.consent_combo = QComboBox(objectName="ConsentFilter")
        self.consent_combo.addItem(self.tr("Any consent"), None)
        names = {"sms": self.tr("SMS"), "email": self.tr("E-mail"), "call": self.tr("Phone call")}
        for channel in CHANNELS:
            self.consent_combo.addItem(
                self.tr("Consents to %1").replace("%1", names[channel]), channel
            )
        self.chip = labels.data("Chip")
        self.chip.setProperty("kind", "step")
        self.chip_clear = QPushButton(self.tr("Show all guests"), objectName="CompactButton")
        self.table = GuestTable()
        self.table.setObjectName("CustomerTable")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        self.table.verticalHeader().hide()
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.sized = False  # the columns are sized when first shown (see _size_columns)
        self.table.open_current = self.open_current
        self.empty_label = labels.data("Placeholder")
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty_label.setWordWrap(True)
        self.empty_label.hide()
        self.error_label = labels.data("Message")
        self.error_label.setProperty("error", True)
        self.error_label.hide()

        top = QHBoxLayout()
        top.addWidget(title)
        top.addSpacing(16)
        top.addWidget(self.count_label, 0, Qt.AlignmentFlag.AlignVCenter)
        top.addStretch(1)
        top.addWidget(self.export_button)
        filters = QHBoxLayout()
        filters.setSpacing(8)
        filters.addWidget(self.search_edit, 3)
        filters.addWidget(self.family_combo, 1)
        filters.addWidget(self.segment_combo, 1)
        filters.addWidget(self.consent_combo, 1)
        chips = QHBoxLayout()
        chips.addWidget(self.chip, 1)
        chips.addWidget(self.chip_clear)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(28, 22, 28, 18)
        layout.setSpacing(12)
        layout.addLayout(top)
        layout.addLayout(filters)
        layout.addLayout(chips)
        layout.addWidget(self.error_label)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.empty_label, 1)
        self._fill_families(({}, []))
        self._show_chip()
        self._connect_signals()

    def _size_columns(self) -> None:
        """Widths that leave the name ~180 px at 1280 pixels (it takes the rest), each at least
        its title's width (bold, with the sort arrow): a long RFM group name is cut before
        the guest's name is. Measured once the style sheet's fonts apply (first shown)."""
        titles = self.table.horizontalHeader().fontMetrics()
        least = {"card": 130, "lifecycle": 118, "rfm": 150, "visits": 60, "last_visit": 96,
                 "amount": 106, "p_alive": 70, "clv": 78}  # fmt: skip
        for column, key in enumerate(self.model.COLUMNS):
            if key in least:
                title = str(self.model.headerData(column, Qt.Orientation.Horizontal))
                width = max(least[key], titles.horizontalAdvance(title) + 34)
                self.table.setColumnWidth(column, width)

    def _show_predictions(self, rows: list[customers.Guest]) -> None:
        """P(alive) and CLV only when a lifetime-value model gave some (else columns of dashes
        would take the name's room)."""
        shown = any(r.p_alive is not None or r.clv_12m_minor is not None for r in rows)
        for key in ("p_alive", "clv"):
            self.table.setColumnHidden(self.model.COLUMNS.index(key), not shown)

    def _connect_signals(self) -> None:
        self.search_edit.textChanged.connect(self.on_search_edit_text_changed)
        self.family_combo.currentIndexChanged.connect(self.on_family_combo_changed)
        self.segment_combo.currentIndexChanged.connect(self.on_filter_changed)
        self.consent_combo.currentIndexChanged.connect(self.on_filter_changed)
        self.chip_clear.clicked.connect(self.on_chip_clear_clicked)
        self.export_button.clicked.connect(self.on_export_clicked)
        self.table.doubleClicked.connect(self.on_table_double_clicked)
        self.model.fetch_requested.connect(self.on_model_fetch_requested)
        self.model.sort_requested.connect(self.on_model_sort_requested)
        self.reader.page_loaded.connect(self.on_reader_page_loaded)
        self.reader.counted.connect(self.on_reader_counted)
        self.reader.failed.connect(self.on_reader_failed)
        self.reader.predictions_loaded.connect(self.on_reader_predictions_loaded)

    # -- navigation -------------------------------------------------------------------------------

    def open_with(self, **params: Any) -> None:
        """Show the list ``params`` describe (see the module docstring); none: as it was."""
        if not params:
            return
        family = str(params.get("family") or params.get("moved_family") or "lifecycle")
        segment = params.get("segment")
        if isinstance(segment, str):
            segment = (family, segment)
        self.extra = {}
        moved = params.get("moved")
        if moved is not None:
            moved = tuple(moved)
            if params.get("until") is not None and len(moved) == 3:
                moved = (*moved, params["until"])
            self.extra = {"moved": moved, "moved_family": family}
            segment = None  # those who moved, wherever they are now
        if params.get("custom_segment") is not None:
            segment = (CUSTOM, str(params["custom_segment"]))
        for widget in (self.search_edit, self.family_combo, self.segment_combo):
            widget.blockSignals(True)
        self.search_edit.setText(str(params.get("search") or ""))
        self.family_combo.setCurrentIndex(0)
        self._fill_segments()
        if segment is not None:
            family, key = segment
            found = self.family_combo.findData(family)
            if found < 0:
                self.family_combo.addItem(self._family_name(family), family)
                found = self.family_combo.count() - 1
            self.family_combo.setCurrentIndex(found)
            self._fill_segments()
            at = self.segment_combo.findData(key)
            if at < 0:
                self.segment_combo.addItem(self._segment_name(family, key), key)
                at = self.segment_combo.count() - 1
            self.segment_combo.setCurrentIndex(at)
        consent = self.consent_combo.findData(params.get("consent"))
        self.consent_combo.setCurrentIndex(max(consent, 0))
        for widget in (self.search_edit, self.family_combo, self.segment_combo):
            widget.blockSignals(False)
        self._show_chip()
        self.reload()

    def on_shown(self) -> None:
        if not self.sized:
            self.table.horizontalHeader().ensurePolished()
            self._size_columns()
            self.sized = True
        venue = self.context.venue
        self.context.runner.submit(lambda: load_filters(venue), self._fill_families)
        self.reload(fresh=self.pending_fresh)
        self.pending_fresh = False

    def is_settled(self) -> bool:
        """What the screenshot command asks (see ui/screenshot.py)."""
        return self.settled()

    def settled(self) -> bool:
        """The list shows the answer to the current query (screenshots wait for it)."""
        reader = self.reader
        return (
            not self.model.loading
            and self.model.total is not None
            and not reader.busy
            and not reader.predicting
            and not reader.reload_pending
        )

    def on_changes(self, changes: ops.Changes) -> None:
        if changes.all_guests or changes.guests:
            self.pending_fresh = True
        if self.isVisible() and (changes.all_guests or changes.guests or changes.segments):
            self.reload(fresh=True)

    def on_locked(self) -> None:
        self.model.replace([])

    # -- the query --------------------------------------------------------------------------------

    def current_query(self) -> customers.Query:
        family = self.family_combo.currentData()
        key = self.segment_combo.currentData()
        custom = family == CUSTOM
        sort, descending = self.model.sort_request or ("name", False)
        return customers.Query(
            search=self.search_edit.text(),
            segment=(family, key) if family and key and not custom else None,
            moved=self.extra.get("moved"),
            moved_family=self.extra.get("moved_family", "lifecycle"),
            consent=self.consent_combo.currentData(),
            custom_segment=key if custom and key else None,
            sort=sort,
            descending=descending,
        )

    def reload(self, fresh: bool = False) -> None:
        """Ask for the first page of the current query; older answers still coming are dropped
        (``fresh``: guests' names or phones changed, the reader reloads its search keys)."""
        try:
            actor = self.context.actor
        except section.SignedOut:
            return
        self.generation += 1
        self.query = self.current_query()
        self.model.loading = True
        self.model.total = None
        self.reader.request(
            customer_list.Request(self.generation, self.query, None, with_count=True, fresh=fresh),
            actor,
        )

    @Slot(object)
    def on_model_fetch_requested(self, after: tuple[Any, int]) -> None:
        try:
            actor = self.context.actor
        except section.SignedOut:
            return
        self.reader.request(
            customer_list.Request(self.generation, self.query, after, with_count=False), actor
        )

    @Slot(str, bool)
    def on_model_sort_requested(self, _column: str, _descending: bool) -> None:
        self.reload()

    @Slot(int, object, bool)
    def on_reader_page_loaded(
        self, generation: int, rows: list[customers.Guest], appended: bool
    ) -> None:
        if generation != self.generation:
            return  # an answer to a query the owner has typed past
        self.error_label.hide()
        if appended:
            self.model.append(rows)
        else:
            self.model.replace(rows)
            self.table.scrollToTop()
            self._show_predictions(rows)
        self._show_empty(not self.model.rows)

    @Slot(int, int)
    def on_reader_counted(self, generation: int, total: int) -> None:
        if generation != self.generation:
            return
        self.model.total = total
        self.count_label.setText(self.tr("%n guest(s)", "", total))

    @Slot()
    def on_reader_predictions_loaded(self) -> None:
        # P(alive) and CLV can be shown now: the first page again (the owner's place is kept
        # only for the first page, which is what the list shows after a search)
        self.reader.reload_pending = False
        if self.isVisible() and not self.model.loading and len(self.model.rows) <= 100:
            self.reload()

    @Slot(int, object)
    def on_reader_failed(self, generation: int, error: Exception) -> None:
        if generation != self.generation:
            return
        self.model.loading = False
        self.error_label.setText(self.tr("The list could not be read. Try again."))
        self.error_label.show()

    def _show_empty(self, empty: bool) -> None:
        self.table.setVisible(not empty)
        self.empty_label.setVisible(empty)
        if not empty:
            return
        query = self.query
        if query.search or query.segment or query.consent or query.custom_segment or self.extra:
            self.empty_label.setText(self.tr("No guest matches this search and these filters."))
        else:
            self.empty_label.setText(
                self.tr(
                    "No guests yet. Guests appear here once they are enrolled at the counter "
                    "or imported from the till system."
                )
            )

    # -- filters ----------------------------------------------------------------------------------

    def _fill_families(
        self, loaded: tuple[dict[str, list[str]], list[custom_segments.Segment]]
    ) -> None:
        keys, custom = loaded
        self.segment_keys = keys
        self.custom = custom
        chosen = self.family_combo.currentData()
        self.family_combo.blockSignals(True)
        self.family_combo.clear()
        self.family_combo.addItem(self.tr("All segments"), None)
        for family in keys or ("lifecycle", "rfm"):
            self.family_combo.addItem(segment_names.family(family), family)
        if custom:
            self.family_combo.addItem(self._family_name(CUSTOM), CUSTOM)
        self.family_combo.setCurrentIndex(max(self.family_combo.findData(chosen), 0))
        self.family_combo.blockSignals(False)
        before = self.current_query()
        self._fill_segments()
        if self.current_query() != before:  # the chosen custom segment was deleted meanwhile
            self.reload()

    def _family_name(self, family: str) -> str:
        return self.tr("Custom segments") if family == CUSTOM else segment_names.family(family)

    def _segment_name(self, family: str, key: str) -> str:
        if family != CUSTOM:
            return segment_names.segment(family, key)
        return next((s.name for s in self.custom if s.key == key), key)

    def _segment_choices(self, family: str) -> list[tuple[str, str]]:
        """(shown text, key) of the segment filter's entries for ``family``."""
        if family == CUSTOM:
            return [(f"{s.name} ({formatting.number(s.members)})", s.key) for s in self.custom]
        keys = self.segment_keys.get(family, [])
        return [(segment_names.segment(family, key), key) for key in keys]

    def _fill_segments(self) -> None:
        family = self.family_combo.currentData()
        chosen = self.segment_combo.currentData()
        self.segment_combo.blockSignals(True)
        self.segment_combo.clear()
        self.segment_combo.addItem(
            self.tr("Choose a segment") if family == CUSTOM else self.tr("Any segment"), None
        )
        if family:
            for text, key in self._segment_choices(family):
                self.segment_combo.addItem(text, key)
        self.segment_combo.setCurrentIndex(max(self.segment_combo.findData(chosen), 0))
        self.segment_combo.setEnabled(bool(family))
        self.segment_combo.blockSignals(False)

    @Slot(str)
    def on_search_edit_text_changed(self, _text: str) -> None:
        # No timer: the reader keeps only the newest query, so fast typing skips the words in
        # between by itself and the last keystroke is answered at once.
        self.reload()

    @Slot(int)
    def on_family_combo_changed(self, _index: int) -> None:
        self._fill_segments()
        self.reload()

    @Slot(int)
    def on_filter_changed(self, _index: int) -> None:
        self.reload()

    @Slot()
    def on_chip_clear_clicked(self) -> None:
        self.extra = {}
        self._show_chip()
        self.reload()

    def _show_chip(self) -> None:
        moved = self.extra.get("moved")
        text = ""
        if moved is not None:
            family = self.extra.get("moved_family", "lifecycle")
            since = moved[2]
            day = since if isinstance(since, dt.date) else dt.date.fromisoformat(str(since))
            source = segment_names.segment(family, moved[0]) or self.tr("no segment")
            text = (
                self.tr("Guests who moved from %1 to %2 since %3")
                .replace("%1", source)
                .replace("%2", segment_names.segment(family, moved[1]))
                .replace("%3", formatting.local_date(day))
            )
        self.chip.setText(text)
        self.chip.setVisible(bool(text))
        self.chip_clear.setVisible(bool(text))

    # -- opening a guest, export ------------------------------------------------------------------

    @Slot(QModelIndex)
    def on_table_double_clicked(self, index: QModelIndex) -> None:
        self._open(index.row())

    def open_current(self) -> None:
        self._open(self.table.currentIndex().row())

    def _open(self, row: int) -> None:
        guest = self.model.guest_at(row)
        if guest is not None:
            self.context.navigate("customer", customer_id=guest.id)

    @Slot()
    def on_export_clicked(self) -> None:
        chosen, _ = QFileDialog.getSaveFileName(
            self,
            self.tr("Export the list"),
            str(Path.home() / "guests.xlsx"),
            self.tr("Excel workbook (*.xlsx);;CSV file (*.csv)"),
        )
        if chosen:
            self.export_to(Path(chosen))

    def export_to(self, path: Path) -> task_runner.Task:
        """Write the list as shown to ``path`` (.csv or .xlsx) through the task runner."""
        venue = self.context.venue
        return self.context.runner.run(
            task_runner.Op(exports.export_customers, venue, self.context.actor, path, self.query)
            .with_progress(self.tr("Exporting the list…"))
            .on_success(self.on_exported)
            .on_failure(self.on_export_failed)
        )

    def on_exported(self, result: ops.Result[exports.Exported]) -> None:
        self.error_label.hide()
        self.count_label.setText(
            self.tr("%n guest(s) exported to %1", "", result.value.rows).replace(
                "%1", result.value.path.name
            )
        )

    def on_export_failed(self, error: Exception) -> None:
        if isinstance(error, ops.PermissionDenied):
            text = self.tr("Only the owner may export guests.")
        else:
            text = self.tr("The list could not be exported: %1").replace("%1", str(error))
        self.error_label.setText(text)
        self.error_label.show()
