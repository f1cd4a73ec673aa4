"""Table models of the rules editor: segment sizes now / with the edit, the moves, the RFM map."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QBrush, QColor

from boostdesk.domain.segments import value
from boostdesk.services import rules
from boostdesk.ui import formatting, table_models
from boostdesk.ui.backoffice import names

Index = QModelIndex | QPersistentModelIndex
DISPLAY = Qt.ItemDataRole.DisplayRole
ALIGN = Qt.ItemDataRole.TextAlignmentRole
UP = QColor("#2e7d32")
DOWN = QColor("#c62828")


def signed(n: int) -> str:
    return ("+" if n > 0 else "") + formatting.number(n) if n else "–"


class SizesModel(table_models.ListModel[tuple[str, int, int]]):
    """Segment | Now | With the edit | Change, for one family."""

    right_columns = frozenset({1, 2, 3})

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.family = "lifecycle"

    def show(self, family: str, shown: rules.Preview | None) -> None:
        self.family = family
        if shown is None:
            self.set_rows([])
            return
        before = shown.before.get(family, {})
        after = shown.after.get(family, {})
        keys = names.order(family, list(set(before) | set(after)))
        self.set_rows((k, before.get(k, 0), after.get(k, 0)) for k in keys)

    def headers(self) -> tuple[str, ...]:
        return (self.tr("Segment"), self.tr("Now"), self.tr("After"), self.tr("Change"))

    def cell(self, row: tuple[str, int, int], column: int) -> str:
        key, now, edited = row
        if column == 0:
            return names.segment(self.family, key)
        return (formatting.number(now), formatting.number(edited), signed(edited - now))[column - 1]

    def decoration(self, row: tuple[str, int, int], column: int, role: int) -> Any:
        _, now, edited = row
        if role == Qt.ItemDataRole.ForegroundRole and column == 3 and edited != now:
            return QBrush(UP if edited > now else DOWN)
        return None


class MovesModel(table_models.ListModel[tuple[str, str, int]]):
    """From | To | Guests: who would move where with the edit."""

    right_columns = frozenset({2})

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.family = "lifecycle"

    def show(self, family: str, shown: rules.Preview | None) -> None:
        self.family = family
        self.set_rows([] if shown is None else shown.moves.get(family, []))

    def headers(self) -> tuple[str, ...]:
        return (self.tr("From"), self.tr("To"), self.tr("Guests"))

    def cell(self, row: tuple[str, str, int], column: int) -> str:
        source, target, n = row
        if column == 2:
            return formatting.number(n)
        return names.segment(self.family, source if column == 0 else target)


class RfmMapModel(table_models.ListModel[list[Any]]):
    """The RFM name map, editable: Group | R from | R to | F from | F to (first match wins)."""

    edited = Signal()

    def set_rows(self, rows: Iterable[list[Any]]) -> None:
        super().set_rows([list(r) for r in rows])  # a copy: edits change these lists

    def headers(self) -> tuple[str, ...]:
        titles = (self.tr("Group"), self.tr("R from"), self.tr("R to"), self.tr("F from"))
        return (*titles, self.tr("F to"))

    def headerData(  # noqa: N802 (Qt override)
        self, section: int, orientation: Qt.Orientation, role: int = DISPLAY
    ) -> Any:
        if orientation == Qt.Orientation.Vertical and role == DISPLAY:
            return str(section + 1)  # the order matters: the first matching row wins
        return super().headerData(section, orientation, role)

    def cell(self, row: list[Any], column: int) -> str:
        return names.rfm(str(row[0])) if column == 0 else str(row[column])

    def decoration(self, row: list[Any], column: int, role: int) -> Any:
        if role == Qt.ItemDataRole.EditRole and column > 0:
            return int(row[column])
        if role == ALIGN and column > 0:
            return int(Qt.AlignmentFlag.AlignCenter)
        if role == Qt.ItemDataRole.ToolTipRole and column == 0:
            return self.tr("Guests whose R and F scores fall in these ranges (first match wins)")
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        base = super().flags(index)
        if index.isValid() and index.column() > 0:
            return base | Qt.ItemFlag.ItemIsEditable
        return base

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
