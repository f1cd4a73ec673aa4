"""Small pieces the settings-like sections share: a page heading, a status line, a table model
over plain rows (with an optional tick box per row)."""

from __future__ import annotations

from collections.abc import Hashable, Sequence
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from boostdesk.ui import labels

Index = QModelIndex | QPersistentModelIndex


def page(
    widget: QWidget, title: str, hint: str = "", actions: Sequence[QWidget] = ()
) -> QVBoxLayout:
    """The section's layout with its title (and ``actions``, buttons or a status line, on the
    title's row; a grey hint line below) at the top."""
    layout = QVBoxLayout(widget)
    layout.setContentsMargins(36, 22, 36, 20)
    layout.setSpacing(12)
    top = QHBoxLayout()
    top.setSpacing(12)
    top.addWidget(QLabel(title, objectName="PageTitle"))
    top.addStretch(1)
    for action in actions:
        top.addWidget(action)
    layout.addLayout(top)
    if hint:
        note = QLabel(hint, objectName="Hint")
        note.setWordWrap(True)
        layout.addWidget(note)
    return layout


def card(title: str) -> tuple[QFrame, QVBoxLayout]:
    """A white panel with a heading."""
    frame = QFrame(objectName="Tile")
    box = QVBoxLayout(frame)
    box.setContentsMargins(18, 12, 18, 14)
    box.setSpacing(8)
    box.addWidget(labels.data("SectionTitle", title))
    return frame, box


def form_row(form: QFormLayout, text: str, field: QWidget) -> None:
    """A form row whose label sits level with the middle of its field (a form label is set at
    the field's top, which looks off next to the tall fields of this style)."""
    label = QLabel(text)
    label.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
    label.setMinimumHeight(field.sizeHint().height())
    label.setBuddy(field)
    form.addRow(label, field)


def fit_text(button: QPushButton) -> None:
    """Keep ``button`` wide enough for its text (long Turkish words are clipped otherwise)."""
    button.setMinimumWidth(button.fontMetrics().horizontalAdvance(button.text()) + 44)


def table(view: QTableView) -> None:
    """The look of the back office's tables: whole rows selected, no grid, roomy rows."""
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setShowGrid(False)
    view.verticalHeader().hide()
    view.verticalHeader().setDefaultSectionSize(36)
    view.horizontalHeader().setDefaultAlignment(
        Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
    )
    view.horizontalHeader().setHighlightSections(False)


def status_line() -> QLabel:
    """A line that says what just happened (``error`` property for a failure)."""
    line = labels.data("Message")
    line.setWordWrap(True)
    return line


def show_status(line: QLabel, text: str, *, error: bool = False) -> None:
    line.setText(text)
    line.setProperty("error", error)
    line.style().unpolish(line)
    line.style().polish(line)


class ListModel(QAbstractTableModel):
    """A read-only table over a list of objects: a subclass names its columns (:meth:`headers`)
    and shows each object (``data``); :meth:`set_rows` replaces the list."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.rows: list[Any] = []

    def headers(self) -> tuple[str, ...]:
        raise NotImplementedError

    def set_rows(self, rows: Sequence[Any]) -> None:
        self.beginResetModel()
        self.rows = list(rows)
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self.headers())

    def headerData(  # noqa: N802
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
            return None
        return self.headers()[section]


class RowsModel(QAbstractTableModel):
    """Rows of display texts, each with a key (an id, a code) the page acts on.

    With ``checkable`` the first column carries a tick box the user sets; the ticked keys are
    :meth:`checked`. Reloading keeps the ticks of keys still listed.
    """

    def __init__(self, headers: Sequence[str], *, checkable: bool = False) -> None:
        super().__init__()
        self._headers = tuple(headers)
        self._keys: list[Hashable] = []
        self._rows: list[tuple[str, ...]] = []
        self._checkable = checkable
        self._checked: set[Hashable] = set()
        self._muted: set[Hashable] = set()

    def set_rows(
        self, rows: Sequence[tuple[Hashable, tuple[str, ...]]], muted: Sequence[Hashable] = ()
    ) -> None:
        """New rows ``(key, texts)``; ``muted`` keys are shown greyed (disabled, hidden …)."""
        self.beginResetModel()
        self._keys = [key for key, _ in rows]
        self._rows = [tuple(texts) for _, texts in rows]
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
        if self._rows:
            self.dataChanged.emit(
                self.index(0, 0),
                self.index(len(self._rows) - 1, 0),
                [Qt.ItemDataRole.CheckStateRole],
            )

    # -- Qt model --------------------------------------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self._headers)

    def headerData(  # noqa: N802 (Qt override)
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if (
            role == Qt.ItemDataRole.DisplayRole
            and orientation == Qt.Orientation.Horizontal
            and 0 <= section < len(self._headers)
        ):
            return self._headers[section]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        texts = self._rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return texts[index.column()] if index.column() < len(texts) else ""
        if role == Qt.ItemDataRole.CheckStateRole and self._checkable and index.column() == 0:
            ticked = self._keys[index.row()] in self._checked
            return Qt.CheckState.Checked if ticked else Qt.CheckState.Unchecked
        if role == Qt.ItemDataRole.ForegroundRole and self._keys[index.row()] in self._muted:
            from PySide6.QtGui import QColor

            return QColor("#a8927e")
        return None

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
