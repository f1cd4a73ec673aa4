"""Read-only table models over short lists already in memory (a page's requests, scenarios,
backups, a guest's visits: a few thousand rows at most).

:class:`ListModel` is the base of every such table: a subclass names its columns
(:meth:`~ListModel.headers`) and says what one row shows (:meth:`~ListModel.cell`, and
:meth:`~ListModel.decoration` for tooltips, colours, fonts); bounds, parents, titles and
right-aligned number columns are answered once, here, the way Qt's model tester expects.
:class:`TextRowsModel` is the ready-made subclass for rows already formatted as text, each with a
key the page acts on (an id, a code), optionally greyed or with a tick box.

Long or lazily fetched tables (the guest list) have models of their own.
"""

from __future__ import annotations

from collections.abc import Collection, Hashable, Iterable, Sequence
from typing import Any, Generic, TypeVar

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor

Index = QModelIndex | QPersistentModelIndex
DISPLAY = Qt.ItemDataRole.DisplayRole
RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
MUTED = QColor("#a8927e")  # the style sheet's grey for what is switched off
RowT = TypeVar("RowT")


class ListModel(QAbstractTableModel, Generic[RowT]):
    """A table over ``rows`` (plain objects: frozen dataclasses, tuples); :meth:`set_rows`
    replaces them. Columns in ``right_columns`` (numbers, money) are aligned right, titles too."""

    right_columns: Collection[int] = frozenset()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.rows: list[RowT] = []

    # -- what a subclass says --------------------------------------------------------------------

    def headers(self) -> Sequence[str]:
        """The column titles (their number is the number of columns)."""
        raise NotImplementedError

    def cell(self, row: RowT, column: int) -> Any:
        """What ``row`` shows in ``column`` (a text, usually)."""
        raise NotImplementedError

    def decoration(self, row: RowT, column: int, role: int) -> Any:
        """Anything else ``row`` gives for ``role`` in ``column`` (tooltip, colour, font,
        ``UserRole`` key); None: nothing."""
        return None

    # -- rows ------------------------------------------------------------------------------------

    def set_rows(self, rows: Iterable[RowT]) -> None:
        self.beginResetModel()
        self.rows = list(rows)
        self.endResetModel()

    # -- Qt model --------------------------------------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self.headers())

    def headerData(  # noqa: N802 (Qt override)
        self, section: int, orientation: Qt.Orientation, role: int = DISPLAY
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < self.columnCount():
            return None
        if role == DISPLAY:
            return self.headers()[section]
        if role == Qt.ItemDataRole.TextAlignmentRole and section in self.right_columns:
            return RIGHT
        return None

    def data(self, index: Index, role: int = DISPLAY) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self.rows):
            return None
        if not 0 <= index.column() < self.columnCount():
            return None
        row = self.rows[index.row()]
        if role == DISPLAY:
            return self.cell(row, index.column())
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() in self.right_columns:
            return RIGHT
        return self.decoration(row, index.column(), role)


class TextRowsModel(ListModel[tuple[str, ...]]):
    """Rows of display texts, each with a key (an id, a code; its position when none is given).

    ``muted`` keys are shown greyed (a disabled user). With ``checkable`` the first column
    carries a tick box the user sets; the ticked keys are :meth:`checked`, and a reload keeps the
    ticks of keys still listed.
    """

    def __init__(
        self,
        headers: Sequence[str],
        *,
        right: Collection[int] = (),
        checkable: bool = False,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._headers = tuple(headers)
        self.right_columns = frozenset(right)
        self._keys: list[Hashable] = []
        self._checkable = checkable
        self._checked: set[Hashable] = set()
        self._muted: set[Hashable] = set()

    def set_texts(
        self,
        texts: Sequence[Sequence[str]],
        keys: Sequence[Hashable] | None = None,
        muted: Collection[Hashable] = (),
    ) -> None:
        """Show ``texts`` (one sequence per row), keyed by ``keys``."""
        assert keys is None or len(keys) == len(texts)
        self.beginResetModel()
        self.rows = [tuple(row) for row in texts]
        self._keys = list(range(len(texts)) if keys is None else keys)
        self._checked &= set(self._keys)
        self._muted = set(muted)
        self.endResetModel()

    def key(self, row: int) -> Hashable:
        return self._keys[row]

    def keys(self) -> list[Hashable]:
        return list(self._keys)

    def row_of(self, key: Hashable) -> int:
        return self._keys.index(key)

    def checked(self) -> list[Hashable]:
        """The ticked keys, in the order shown."""
        return [key for key in self._keys if key in self._checked]

    def set_all_checked(self, checked: bool) -> None:
        self._checked = set(self._keys) if checked else set()
        if self.rows:
            self.dataChanged.emit(
                self.index(0, 0),
                self.index(len(self.rows) - 1, 0),
                [Qt.ItemDataRole.CheckStateRole],
            )

    # -- ListModel -------------------------------------------------------------------------------

    def headers(self) -> Sequence[str]:
        return self._headers

    def cell(self, row: tuple[str, ...], column: int) -> str:
        return row[column] if column < len(row) else ""

    def data(self, index: Index, role: int = DISPLAY) -> Any:
        if role == Qt.ItemDataRole.CheckStateRole and index.isValid():
            if not (self._checkable and index.column() == 0 and index.row() < len(self.rows)):
                return None
            ticked = self._keys[index.row()] in self._checked
            return Qt.CheckState.Checked if ticked else Qt.CheckState.Unchecked
        if role == Qt.ItemDataRole.ForegroundRole and index.isValid():
            muted = index.row() < len(self.rows) and self._keys[index.row()] in self._muted
            return MUTED if muted else None
        return super().data(index, role)

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if self._checkable and index.column() == 0:
            flags |= Qt.ItemFlag.ItemIsUserCheckable
        return flags

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:  # noqa: N802
        if not (
            index.isValid()
            and self._checkable
            and index.column() == 0
            and index.row() < len(self.rows)
            and role == Qt.ItemDataRole.CheckStateRole
        ):
            return False
        key = self._keys[index.row()]
        state = value if isinstance(value, Qt.CheckState) else Qt.CheckState(int(value))
        if state == Qt.CheckState.Checked:
            self._checked.add(key)
        else:
            self._checked.discard(key)
        self.dataChanged.emit(index, index, [Qt.ItemDataRole.CheckStateRole])
        return True
