"""Custom segments: the owner's saved AND/OR conditions, built with a live count.

The guests' metrics are read once when the page opens; each change of the conditions is counted
on a thread of its own (:mod:`live`) from those arrays. Saving (an audited owner operation, a new
version) asks for the background recompute, which stores the members the customer browser, the
dashboard and scenario audiences read (``venue.custom_segments.members(key)``).
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt, Signal, Slot
from PySide6.QtGui import QHideEvent
from PySide6.QtWidgets import (
    QButtonGroup,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QScrollArea,
    QTableView,
    QVBoxLayout,
)

from boostdesk.services import custom_segments, ops
from boostdesk.ui import formatting, labels, table_models, task_runner
from boostdesk.ui.backoffice import live, section, segments_builder

Index = QModelIndex | QPersistentModelIndex
DISPLAY = Qt.ItemDataRole.DisplayRole


class SavedModel(table_models.ListModel[custom_segments.Segment]):
    """The saved segments: Name | Guests (as of the last recompute)."""

    right_columns = frozenset({1})

    def headers(self) -> tuple[str, ...]:
        return (self.tr("Segment"), self.tr("Guests"))

    def cell(self, row: custom_segments.Segment, column: int) -> str:
        return row.name if column == 0 else formatting.number(row.members)

    def decoration(self, row: custom_segments.Segment, column: int, role: int) -> Any:
        if role == Qt.ItemDataRole.ToolTipRole and column == 0:
            return row.name
        if role == Qt.ItemDataRole.UserRole:
            return row.key
        return None


class SegmentsSection(section.Section):
    key = "segments"

    base_loaded = Signal()
    count_shown = Signal(int)

    def __init__(self, context: section.Context) -> None:
        super().__init__(context)
        self.base: custom_segments.Base | None = None
        self.editing: str | None = None  # the key of the saved segment shown, None: a new one
        # nested groups of a saved segment (made outside this page): kept as saved, not edited
        self.kept_groups: list[dict[str, Any]] = []
        self.count: int | None = None
        self.stale = True
        self.live = live.LivePreview(context.venue.custom_segments.count, self)

        title = QLabel(self.tr("Custom segments"), objectName="PageTitle")
        intro = QLabel(
            self.tr(
                "Combine conditions on any metric; the count updates as you go. A saved segment is "
                "an audience for scenarios and promotions; its members are refreshed with every "
                "recompute."
            ),
            objectName="Hint",
        )
        intro.setWordWrap(True)
        self.saved = SavedModel(self)
        self.saved_table = QTableView(objectName="SavedSegments")
        self.saved_table.setModel(self.saved)
        self.saved_table.verticalHeader().hide()
        self.saved_table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.saved_table.setSelectionMode(QTableView.SelectionMode.SingleSelection)
        header = self.saved_table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        self.new_button = QPushButton(self.tr("New segment"), objectName="CompactButton")
        self.empty_hint = QLabel(
            self.tr("No segment yet. Start with one condition, e.g. visits in 30 days ≥ 3."),
            objectName="Hint",
        )
        self.empty_hint.setWordWrap(True)
        left = QVBoxLayout()
        left.addWidget(self.saved_table, 1)
        left.addWidget(self.empty_hint)
        left.addWidget(self.new_button)

        self.name = QLineEdit(objectName="SegmentName")
        self.name.setPlaceholderText(self.tr("Name, e.g. Weekday morning regulars"))
        self.name.setMaxLength(custom_segments.MAX_NAME)
        self.match_all = QRadioButton(self.tr("all conditions (AND)"))
        self.match_any = QRadioButton(self.tr("any condition (OR)"))
        self.match_all.setChecked(True)
        self.match = QButtonGroup(self)
        self.match.addButton(self.match_all)
        self.match.addButton(self.match_any)
        self.conditions = segments_builder.ConditionList(context.currency)
        scroll = QScrollArea(objectName="ConditionScroll")
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(self.conditions)
        self.add_button = QPushButton(self.tr("+ Add condition"), objectName="CompactButton")
        self.groups_hint = labels.data("Hint")
        self.groups_hint.hide()
        self.count_label = labels.data("BigNumber", "–")
        self.state = labels.data("PreviewState", self.tr("Reading the guests…"))
        self.state.setWordWrap(True)
        self.delete_button = QPushButton(self.tr("Delete"), objectName="SecondaryButton")
        self.save_button = QPushButton(self.tr("Save segment"), objectName="PrimaryButton")

        panel = QFrame(objectName="BuilderPanel")
        box = QVBoxLayout(panel)
        box.setContentsMargins(16, 14, 16, 14)
        box.setSpacing(10)
        name_row = QHBoxLayout()
        name_row.addWidget(QLabel(self.tr("Name"), objectName="FormLabel"))
        name_row.addWidget(self.name, 1)
        match_row = QHBoxLayout()
        match_row.addWidget(QLabel(self.tr("Guests matching"), objectName="FormLabel"))
        match_row.addWidget(self.match_all)
        match_row.addWidget(self.match_any)
        match_row.addStretch(1)
        box.addLayout(name_row)
        box.addLayout(match_row)
        box.addWidget(scroll, 1)
        add_row = QHBoxLayout()
        add_row.addWidget(self.add_button)
        add_row.addWidget(self.groups_hint, 1)
        box.addLayout(add_row)
        count_row = QHBoxLayout()
        count_row.addWidget(self.count_label)
        count_row.addWidget(self.state, 1)
        box.addLayout(count_row)
        buttons = QHBoxLayout()
        buttons.addWidget(self.delete_button)
        buttons.addStretch(1)
        buttons.addWidget(self.save_button)
        box.addLayout(buttons)

        columns = QHBoxLayout()
        columns.setSpacing(16)
        columns.addLayout(left, 3)
        columns.addWidget(panel, 7)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 18, 24, 16)
        layout.setSpacing(10)
        layout.addWidget(title)
        layout.addWidget(intro)
        layout.addLayout(columns, 1)
        self._set_enabled(False)
        self._connect_signals()

    def _connect_signals(self) -> None:
        self.conditions.changed.connect(self.on_conditions_changed)
        self.match.buttonToggled.connect(self.on_conditions_changed)
        self.name.textChanged.connect(self.on_name_text_changed)
        self.add_button.clicked.connect(self.on_add_clicked)
        self.new_button.clicked.connect(self.on_new_clicked)
        self.save_button.clicked.connect(self.on_save_clicked)
        self.delete_button.clicked.connect(self.on_delete_clicked)
        self.saved_table.selectionModel().currentRowChanged.connect(self.on_saved_row_changed)
        self.live.computed.connect(self.on_live_computed)
        self.live.failed.connect(self.on_live_failed)

    # -- loading ---------------------------------------------------------------------------------

    def on_shown(self) -> None:
        if self.stale:
            self.reload()

    def reload(self) -> None:
        self.stale = False
        venue = self.context.venue
        self.context.runner.run(
            task_runner.Op(
                lambda: (
                    venue.custom_segments.load_base(),
                    venue.custom_segments.saved(),
                    dict(venue.counter.categories()),
                )
            )
            .with_progress(self.tr("Reading the guests…"))
            .on_success(self.on_base_loaded)
            .on_failure(self.on_base_failed)
        )

    def on_base_loaded(
        self, loaded: tuple[custom_segments.Base, list[custom_segments.Segment], dict[str, str]]
    ) -> None:
        if not self.isVisible():  # hidden while it read: shown again, the page reads anew
            self.stale = True
            return
        base, saved, category_names = loaded
        self.base = base
        self.conditions.set_catalogue(base.catalogue, base.choices, category_names)
        self.saved.set_rows(saved)
        self.empty_hint.setVisible(not saved)
        self._set_enabled(True)
        self.live.set_base(base)
        if self.editing is not None and any(s.key == self.editing for s in saved):
            self._show_saved(self.editing)
        elif not self.conditions.rows:
            self._start_new()
        self.base_loaded.emit()

    def on_base_failed(self, exc: Exception) -> None:
        self.stale = True
        self.state.setText(self.tr("The guests could not be read: %1").replace("%1", str(exc)))

    def _set_enabled(self, on: bool) -> None:
        for widget in (self.name, self.add_button, self.save_button, self.new_button):
            widget.setEnabled(on)
        self.delete_button.setEnabled(on and self.editing is not None)

    # -- building ------------------------------------------------------------------------------

    def spec(self) -> dict[str, Any]:
        """The conditions as the stored spec."""
        parts = [*self.conditions.specs(), *self.kept_groups]
        return {"all" if self.match_all.isChecked() else "any": parts}

    def _start_new(self) -> None:
        self.editing = None
        self.kept_groups = []
        self.groups_hint.hide()
        self.saved_table.clearSelection()
        self.name.clear()
        self.conditions.clear()
        self.match_all.setChecked(True)
        self.conditions.add({"metric": "visits_30d", "op": ">=", "value": 3})
        self.delete_button.setEnabled(False)

    def _show_saved(self, key: str) -> None:
        found = next((s for s in self.saved.rows if s.key == key), None)
        if found is None:
            return
        self.editing = key
        self.name.setText(found.name)
        self.conditions.clear()
        combine = "any" if "any" in found.spec else "all"
        (self.match_any if combine == "any" else self.match_all).setChecked(True)
        self.kept_groups = [part for part in found.spec[combine] if "metric" not in part]
        for part in found.spec[combine]:
            if "metric" in part:
                self.conditions.add(part)
        self.groups_hint.setText(
            self.tr("%n group(s) of conditions made elsewhere are kept as saved.", "",
                    len(self.kept_groups))
        )  # fmt: skip
        self.groups_hint.setVisible(bool(self.kept_groups))
        self.delete_button.setEnabled(True)
        self.on_conditions_changed()

    @Slot()
    def on_conditions_changed(self) -> None:
        self.state.setText(self.tr("Counting…"))
        self.live.request(self.spec())

    @Slot()
    def on_name_text_changed(self) -> None:
        self.save_button.setEnabled(bool(self.name.text().strip()) and self.count is not None)

    @Slot()
    def on_add_clicked(self) -> None:
        self.conditions.add()

    @Slot()
    def on_new_clicked(self) -> None:
        self._start_new()

    @Slot(QModelIndex, QModelIndex)
    def on_saved_row_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if current.isValid():
            self._show_saved(str(self.saved.data(current, Qt.ItemDataRole.UserRole)))

    @Slot(int, object)
    def on_live_computed(self, seq: int, count: int) -> None:
        self.count = count
        self.count_label.setText(formatting.number(count))
        self.state.setProperty("error", False)
        total = self.base.guests if self.base else 0
        self.state.setText(
            self.tr("of %1 guests match now").replace("%1", formatting.number(total))
        )
        self._repolish()
        self.on_name_text_changed()
        self.count_shown.emit(seq)

    @Slot(int, object)
    def on_live_failed(self, _seq: int, exc: Exception) -> None:
        self.count = None
        self.count_label.setText("–")
        self.state.setProperty("error", True)
        self.state.setText(self._problem(exc))
        self._repolish()
        self.save_button.setEnabled(False)

    def _problem(self, exc: Exception) -> str:
        text = str(exc)
        if "at least one condition" in text:
            return self.tr("Add at least one condition.")
        if "list of one or more" in text:
            return self.tr("Choose a value for every condition.")
        return self.tr("This segment cannot be saved: %1").replace("%1", text)

    def _repolish(self) -> None:
        self.state.style().unpolish(self.state)
        self.state.style().polish(self.state)

    def is_settled(self) -> bool:
        return self.base is not None and self.count is not None and not self.live.pending()

    # -- saving ----------------------------------------------------------------------------------

    @Slot()
    def on_save_clicked(self) -> None:
        venue = self.context.venue
        self.save_button.setEnabled(False)
        self.context.runner.run(
            task_runner.Op(
                venue.custom_segments.save,
                self.context.actor,
                self.editing,
                self.name.text(),
                self.spec(),
            )
            .on_success(self.on_saved)
            .on_failure(self.on_save_failed)
        )

    def on_saved(self, result: ops.Result[str]) -> None:
        self.editing = result.value
        self.state.setProperty("error", False)
        self.state.setText(self.tr("Saved. Its members are stored by the background recompute."))
        self._repolish()
        self.stale = True
        self.reload()

    def on_save_failed(self, exc: Exception) -> None:
        self.on_name_text_changed()
        self.state.setProperty("error", True)
        if isinstance(exc, ops.PermissionDenied):
            self.state.setText(self.tr("Only the owner can save segments."))
        elif "another segment has this name" in str(exc):
            self.state.setText(self.tr("Another segment has this name."))
        else:
            self.state.setText(self._problem(exc))
        self._repolish()

    @Slot()
    def on_delete_clicked(self) -> None:
        if self.editing is None:
            return
        venue = self.context.venue
        self.context.runner.run(
            task_runner.Op(venue.custom_segments.delete, self.context.actor, self.editing)
            .on_success(self.on_deleted)
            .on_failure(self.on_save_failed)
        )

    def on_deleted(self, _changes: ops.Changes) -> None:
        self._start_new()
        self.stale = True
        self.reload()

    def on_changes(self, changes: ops.Changes) -> None:
        self.stale = True
        if changes.segments and self.isVisible() and changes.all_guests:
            self.reload()  # a recompute stored new member counts

    def on_locked(self) -> None:
        self.stale = True

    def hideEvent(self, event: QHideEvent) -> None:  # noqa: N802 (Qt override)
        # The guests' arrays are big (100 000 guests: tens of megabytes); a page out of sight
        # gives them back and reads them again when it is shown.
        self.base = None
        self.count = None
        self.live.set_base(None)
        self.stale = True
        super().hideEvent(event)
