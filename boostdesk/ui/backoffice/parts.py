"""Small pieces the back-office sections share: a page heading, a panel, form rows, the look of
a table, a status line. (Their table models are in ui/table_models.py.)"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QAbstractItemModel, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from boostdesk.ui import labels


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


def sized_table(model: QAbstractItemModel, name: str, stretch: int) -> QTableView:
    """A table over ``model`` with the look of :func:`table`: columns as wide as their contents,
    column ``stretch`` (a name, a file) taking the room left."""
    view = QTableView(objectName=name)
    view.setModel(model)
    table(view)
    header = view.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    header.setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)
    return view


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
