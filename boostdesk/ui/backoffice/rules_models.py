"""Table models of the rules editor: segment sizes now / with the edit, the moves, the RFM map."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QBrush, QColor

from boostdesk.domain.segments import value
from boostdesk.services import rules
from boostdesk.ui import formatting
from boostdesk.ui.backoffice import names

Index = QModelIndex | QPersistentModelIndex
DISPLAY = Qt.ItemDataRole.DisplayRole
ALIGN = Qt.ItemDataRole.TextAlignmentRole
RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
UP = QColor("#2e7d32")
DOWN = QColor("#c62828")


def signed(n: int) -> str:
    return ("+" if n > 0 else "") + formatting.number(n) if n else "–"


class SizesModel(QAbstractTableModel):
    """Segment | Now | With the edit | Change, for one family."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.family = "lifecycle"
        self.rows: list[tuple[str, int, int]] = []

    def show(self, family: str, shown: rules.Preview | None) -> None:
        self.beginResetModel()
        self.family = family
        if shown is None:
            self.rows = []
        else:
            before = shown.before.get(family, {})
            after = shown.after.get(family, {})
            keys = names.order(family, list(set(before) | set(after)))
            self.rows = [(k, before.get(k, 0), after.get(k, 0)) for k in keys]
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else 4

    def headerData(  # noqa: N802
        self, section: int, orientation: Qt.Orientation, role: int = DISPLAY
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or role != DISPLAY:
            return None
        titles = (self.tr("Segment"), self.tr("Now"), self.tr("After"), self.tr("Change"))
        return titles[section] if 0 <= section < 4 else None

    def data(self, index: Index, role: int = DISPLAY) -> Any:
        if not index.isValid() or index.row() >= len(self.rows):
            return None
        key, now, edited = self.rows[index.row()]
        column = index.column()
        if role == DISPLAY:
            if column == 0:
                return names.segment(self.family, key)
            return (
                formatting.number(now),
                formatting.number(edited),
                signed(edited - now),
            )[column - 1]
        if role == ALIGN and column > 0:
            return int(RIGHT)
        if role == Qt.ItemDataRole.ForegroundRole and column == 3 and edited != now:
            return QBrush(UP if edited > now else DOWN)
        return None


class MovesModel(QAbstractTableModel):
    """From | To | Guests: who would move where with the edit."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.family = "lifecycle"
        self.rows: list[tuple[str, str, int]] = []

    def show(self, family: str, shown: rules.Preview | None) -> None:
        self.beginResetModel()
        self.family = family
        self.rows = [] if shown is None else list(shown.moves.get(family, []))
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else 3

    def headerData(  # noqa: N802
        self, section: int, orientation: Qt.Orientation, role: int = DISPLAY
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or role != DISPLAY:
            return None
        titles = (self.tr("From"), self.tr("To"), self.tr("Guests"))
        return titles[section] if 0 <= section < 3 else None

    def data(self, index: Index, role: int = DISPLAY) -> Any:
        if not index.isValid() or index.row() >= len(self.rows):
            return None
        source, target, n = self.rows[index.row()]
        column = index.column()
        if role == DISPLAY:
            if column == 2:
                return formatting.number(n)
            return names.segment(self.family, source if column == 0 else target)
        if role == ALIGN and column == 2:
            return int(RIGHT)
        return None


class RfmMapModel(QAbstractTableModel):
    """The RFM name map, editable: Group | R from | R to | F from | F to (first match wins)."""

    edited = Signal()

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.rows: list[list[Any]] = []

    def set_rows(self, rows: list[list[Any]]) -> None:
        self.beginResetModel()
        self.rows = [list(r) for r in rows]
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else 5

    def headerData(  # noqa: N802
        self, section: int, orientation: Qt.Orientation, role: int = DISPLAY
    ) -> Any:
        if role != DISPLAY:
            return None
        if orientation == Qt.Orientation.Vertical:
            return str(section + 1)
        titles = (self.tr("Group"), self.tr("R from"), self.tr("R to"), self.tr("F from"))
        return (*titles, self.tr("F to"))[section] if 0 <= section < 5 else None

    def flags(self, index: Index) -> Qt.ItemFlag:
        base = super().flags(index)
        if index.isValid() and index.column() > 0:
            return base | Qt.ItemFlag.ItemIsEditable
        return base

    def data(self, index: Index, role: int = DISPLAY) -> Any:
        if not index.isValid() or index.row() >= len(self.rows):
            return None
        cell = self.rows[index.row()][index.column()]
        if role == DISPLAY:
            return names.rfm(str(cell)) if index.column() == 0 else str(cell)
        if role == Qt.ItemDataRole.EditRole and index.column() > 0:
            return int(cell)
        if role == ALIGN and index.column() > 0:
            return int(Qt.AlignmentFlag.AlignCenter)
        if role == Qt.ItemDataRole.ToolTipRole and index.column() == 0:
            return self.tr("Guests whose R and F scores fall in these ranges (first match wins)")
        return None

    def setData(self, index: Index, data: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:  # noqa: N802
        if role != Qt.ItemDataRole.EditRole or not index.isValid() or index.column() == 0:
            return False
        try:
            number = int(data)
        except (TypeError, ValueError):
            return False
        if not 1 <= number <= 5:
            return False
        self.rows[index.row()][index.column()] = number
        self.dataChanged.emit(index, index)
        self.edited.emit()
        return True


SHIPPED_RFM = [list(row) for row in value.RFM_MAP]
