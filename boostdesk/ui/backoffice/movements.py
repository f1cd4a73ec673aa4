"""Movements: how many guests moved from one segment (rows) to another (columns) of a family in a
chosen period, as a heat map. A cell opens those guests in the customer browser::

    context.navigate("customers", family=FAMILY, segment=TO, moved=(FROM, TO, FIRST), until=LAST)

``FROM`` is None for guests whose first segment was stored in the period; ``FIRST``/``LAST`` are
the period's days (``datetime.date``). The browser lists them with ``venue.movements.moved_guests``.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Slot
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QStackedWidget,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from boostdesk.domain.segments import lifecycle, value
from boostdesk.services import movements
from boostdesk.ui import formatting, labels
from boostdesk.ui.backoffice import period, registry, section, segment_names

Index = QModelIndex | QPersistentModelIndex
_COOL, _HOT = QColor("#fdf3e7"), QColor("#b3261e")


def _order(family: str) -> tuple[str, ...]:
    if family == "lifecycle":
        return lifecycle.ORDER
    if family == "rfm":
        return tuple(group for group, *_bounds in value.RFM_MAP)
    return ()


def _blend(share: float) -> QColor:
    """White-cream for few guests to deep red for the biggest cell."""
    return QColor(
        round(_COOL.red() + (_HOT.red() - _COOL.red()) * share),
        round(_COOL.green() + (_HOT.green() - _COOL.green()) * share),
        round(_COOL.blue() + (_HOT.blue() - _COOL.blue()) * share),
    )


class MatrixModel(QAbstractTableModel):
    """The from × to matrix: rows are the segments guests left ("first segment" last), columns
    the segments they moved to."""

    def __init__(self) -> None:
        super().__init__()
        self.family = "lifecycle"
        self.sources: list[str | None] = []
        self.targets: list[str] = []
        self.counts: dict[tuple[str | None, str], int] = {}
        self.top = 0

    def set_movements(self, moved: movements.Movements) -> None:
        self.beginResetModel()
        self.family = moved.family
        self.counts = {(src, dst): n for src, dst, n in moved.cells}
        order = _order(moved.family)
        rank = {key: i for i, key in enumerate(order)}
        seen_src = {src for src, _dst in self.counts if src is not None}
        seen_dst = {dst for _src, dst in self.counts}
        keys = sorted(seen_src | seen_dst, key=lambda k: (rank.get(k, len(rank)), k))
        self.sources = [k for k in keys if k in seen_src]
        if any(src is None for src, _dst in self.counts):
            self.sources.append(None)
        self.targets = [k for k in keys if k in seen_dst]
        self.top = max(self.counts.values(), default=0)
        self.endResetModel()

    def cell(self, index: Index) -> tuple[str | None, str, int] | None:
        """(from, to, guests) of a valid index."""
        if not index.isValid():
            return None
        src, dst = self.sources[index.row()], self.targets[index.column()]
        return src, dst, self.counts.get((src, dst), 0)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self.sources)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self.targets)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        found = self.cell(index)
        if found is None:
            return None
        src, dst, n = found
        if role == Qt.ItemDataRole.DisplayRole:
            return formatting.number(n) if n else ""
        if role == Qt.ItemDataRole.UserRole:
            return n
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(Qt.AlignmentFlag.AlignCenter)
        if role == Qt.ItemDataRole.BackgroundRole:
            return _blend(n / self.top) if n and self.top else None
        if role == Qt.ItemDataRole.ForegroundRole:
            return QColor("white") if self.top and n / self.top > 0.55 else None
        if role == Qt.ItemDataRole.ToolTipRole and n:
            return (
                self.tr("%n guest(s) moved from %1 to %2", "", n)
                .replace("%1", segment_names.segment_name(self.family, src))
                .replace("%2", segment_names.segment_name(self.family, dst))
            )
        return None

    def headerData(  # noqa: N802 (Qt override)
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(self.targets):
            name = segment_names.segment_name(self.family, self.targets[section])
            return name.replace(" ", "\n", 1) if len(name) > 11 else name  # narrow columns
        if orientation == Qt.Orientation.Vertical and 0 <= section < len(self.sources):
            return segment_names.segment_name(self.family, self.sources[section])
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable


class MovementsSection(section.Section):
    key = "movements"

    def __init__(self, context: section.Context) -> None:
        super().__init__(context)
        self.shown: movements.Movements | None = None
        heading = QLabel(self.tr("Movements"), objectName="PageTitle")
        self.family = QComboBox(objectName="FamilyChoice")
        for family in movements.FAMILIES:
            self.family.addItem(segment_names.family_name(family), family)
        self.picker = period.PeriodPicker("7d")
        self.summary = labels.data("Hint")
        self.summary.setWordWrap(True)
        self.model = MatrixModel()
        self.table = QTableView(objectName="MovementsMatrix")
        self.table.setModel(self.model)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setCursor(Qt.CursorShape.PointingHandCursor)
        self.table.setShowGrid(True)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.table.horizontalHeader().setMinimumSectionSize(70)
        # Rows of a fixed, readable height: stretched, one "(first segment)" row filled the page.
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.table.verticalHeader().setDefaultSectionSize(42)
        self.table.verticalHeader().setMinimumWidth(140)
        self.how = labels.data(
            "Hint",
            self.tr(
                "Rows: where guests were · columns: where they went · click a number to see them"
            ),
        )
        self.empty_label = labels.data("Placeholder")
        self.empty_label.setWordWrap(True)
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        # The matrix is as tall as its rows; the room under a short one stays page background.
        self.matrix = QWidget()
        matrix_box = QVBoxLayout(self.matrix)
        matrix_box.setContentsMargins(0, 0, 0, 0)
        matrix_box.addWidget(self.table)
        matrix_box.addStretch(1)
        self.body = QStackedWidget()
        self.body.addWidget(self.matrix)
        self.body.addWidget(self.empty_label)

        top = QHBoxLayout()
        top.addWidget(heading)
        top.addStretch(1)
        top.addWidget(QLabel(self.tr("Segments:"), objectName="FormLabel"))
        top.addWidget(self.family)
        top.addSpacing(12)
        top.addWidget(self.picker)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 16, 24, 16)
        layout.setSpacing(10)
        layout.addLayout(top)
        layout.addWidget(self.summary)
        layout.addWidget(self.how)
        layout.addWidget(self.body, 1)
        self._connect_signals()

    def _connect_signals(self) -> None:
        self.picker.period_changed.connect(self.on_picker_period_changed)
        self.family.currentIndexChanged.connect(self.on_family_current_index_changed)
        self.table.clicked.connect(self.on_table_clicked)

    # -- loading ---------------------------------------------------------------------------------

    def open_with(self, **params: Any) -> None:
        """``family=`` (a stored family) chooses the matrix shown."""
        family = params.get("family")
        if family in movements.FAMILIES:
            self.family.blockSignals(True)
            self.family.setCurrentIndex(self.family.findData(family))
            self.family.blockSignals(False)

    def on_shown(self) -> None:
        self.picker.set_today(self.context.venue.movements.today())
        self.reload()

    def reload(self) -> None:
        actor = self.context.actor
        chosen = self.picker.period()
        family = str(self.family.currentData())
        self.context.runner.submit(
            lambda: self.context.venue.movements.movements(
                actor, family, chosen.first, chosen.last
            ),
            self.on_movements_loaded,
        )

    @Slot(object)
    def on_picker_period_changed(self, _chosen: object) -> None:
        if self.context.actor_of() is not None:
            self.reload()

    @Slot(int)
    def on_family_current_index_changed(self, _index: int) -> None:
        if self.context.actor_of() is not None:
            self.reload()

    def on_locked(self) -> None:
        self.shown = None

    # -- showing ---------------------------------------------------------------------------------

    def on_movements_loaded(self, moved: movements.Movements) -> None:
        self.shown = moved
        self.model.set_movements(moved)
        first, last = formatting.local_date(moved.first), formatting.local_date(moved.last)
        if not moved.cells:
            self.summary.setText("")
            self.how.hide()
            self.empty_label.setText(
                self.tr(
                    "No guest changed segment between %1 and %2.\n\nSegments are recomputed "
                    "every night; movements show from the second night on."
                )
                .replace("%1", first)
                .replace("%2", last)
            )
            self.body.setCurrentWidget(self.empty_label)
            return
        self.how.show()
        self.body.setCurrentWidget(self.matrix)
        rows = self.table.verticalHeader()
        self.table.setMaximumHeight(
            self.table.horizontalHeader().sizeHint().height()
            + rows.defaultSectionSize() * self.model.rowCount()
            + 2 * self.table.frameWidth()
        )
        text = self.tr("%n move(s) between segments from %1 to %2.", "", moved.total)
        self.summary.setText(text.replace("%1", first).replace("%2", last))

    @Slot(QModelIndex)
    def on_table_clicked(self, index: QModelIndex) -> None:
        found = self.model.cell(index)
        if found is None or not found[2] or self.shown is None:
            return
        self.open_guests(found[0], found[1])

    def open_guests(self, from_segment: str | None, to_segment: str) -> None:
        """Open the guests of one cell in the customer browser (see the module docstring)."""
        if self.shown is None or "customers" not in registry.keys():  # noqa: SIM118
            return
        first: dt.date = self.shown.first
        self.context.navigate(
            "customers",
            family=self.shown.family,
            segment=to_segment,
            moved=(from_segment, to_segment, first),
            until=self.shown.last,
        )
