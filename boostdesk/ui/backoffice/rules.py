"""The rules editor: every segment threshold, with a live preview of what an edit would do.

The guests' metrics are read once (through the task runner) when the page opens; each edit is
then previewed on a thread of its own (:mod:`live`) from those arrays, debounced, the newest edit
winning. Saving stores a new version of the rules (an audited owner operation); the app then
recomputes every guest's segments in the background (``Changes.rules``).
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtGui import QHideEvent
from PySide6.QtWidgets import (
    QComboBox,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QScrollArea,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from boostdesk.domain.segments import thresholds
from boostdesk.services import ops, rules
from boostdesk.ui import formatting, labels, task_runner
from boostdesk.ui.backoffice import live, names, rules_form, rules_models, section

FAMILIES = ("lifecycle", "rfm", "abc", "basket")


def _table(model: Any, name: str) -> QTableView:
    table = QTableView(objectName=name)
    table.setModel(model)
    table.verticalHeader().hide()
    table.setSelectionMode(QTableView.SelectionMode.NoSelection)
    table.setFocusPolicy(Qt.FocusPolicy.NoFocus)
    table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
    table.verticalHeader().setDefaultSectionSize(25)
    return table


class RulesSection(section.Section):
    key = "rules"

    base_loaded = Signal()
    preview_shown = Signal(int)  # the request number whose preview is now on screen

    def __init__(self, context: section.Context) -> None:
        super().__init__(context)
        self.base: rules.Base | None = None
        self.in_force: dict[str, Any] = {}
        self.shown: rules.Preview | None = None
        self.stale = True
        self.reading_gaps = False
        self.live = live.LivePreview(context.venue.rules.preview, self)

        title = QLabel(self.tr("Segment rules"), objectName="PageTitle")
        self.version_label = labels.data("Hint")
        intro = QLabel(
            self.tr(
                "Change a threshold and see at once how many guests would move. Nothing changes "
                "until you save; then every guest is segmented again in the background."
            ),
            objectName="Hint",
        )
        intro.setWordWrap(True)
        self.form = rules_form.RulesForm(context.currency)
        scroll = QScrollArea(objectName="RulesScroll")
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(self.form)
        # At 1280 pixels the widest rows (VIP: visits and average bill) need a little more than
        # the room left: a scroll bar, never rows cut at the edge.
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)

        self.family = QComboBox(objectName="PreviewFamily")
        for family in FAMILIES:
            self.family.addItem(names.family(family), family)
        self.sizes = rules_models.SizesModel(self)
        self.moves = rules_models.MovesModel(self)
        self.sizes_table = _table(self.sizes, "PreviewSizes")
        self.moves_table = _table(self.moves, "PreviewMoves")
        self.moves_table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.no_moves = QLabel(
            self.tr("Nobody moves yet: change a threshold on the left."), objectName="Hint"
        )
        self.no_moves.setWordWrap(True)
        self.state = labels.data("PreviewState", self.tr("Reading the guests…"))
        self.state.setWordWrap(True)
        self.undo_button = QPushButton(self.tr("Undo edits"), objectName="CompactButton")
        self.shipped_button = QPushButton(self.tr("Shipped rules"), objectName="CompactButton")
        self.save_button = QPushButton(self.tr("Save as new version"), objectName="PrimaryButton")

        side = QFrame(objectName="PreviewPanel")
        right = QVBoxLayout(side)
        right.setContentsMargins(14, 12, 14, 12)
        right.setSpacing(8)
        head = QHBoxLayout()
        head.addWidget(QLabel(self.tr("Preview"), objectName="SectionTitle"))
        head.addStretch(1)
        head.addWidget(self.family)
        right.addLayout(head)
        right.addWidget(self.state)
        # room for the nine lifecycle segments without a scroll bar
        self.sizes_table.setFixedHeight(25 * 9 + 38)
        right.addWidget(self.sizes_table)
        right.addWidget(QLabel(self.tr("Guests who would move"), objectName="FormLabel"))
        right.addWidget(self.moves_table, 1)
        right.addWidget(self.no_moves)
        right.addStretch(0)

        columns = QHBoxLayout()
        columns.setSpacing(16)
        side.setFixedWidth(350)
        columns.addWidget(scroll, 1)
        columns.addWidget(side)
        buttons = QHBoxLayout()
        buttons.addWidget(self.undo_button)
        buttons.addWidget(self.shipped_button)
        buttons.addStretch(1)
        buttons.addWidget(self.save_button)
        top = QHBoxLayout()
        top.addWidget(title)
        top.addStretch(1)
        top.addWidget(self.version_label)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 18, 24, 16)
        layout.setSpacing(10)
        layout.addLayout(top)
        layout.addWidget(intro)
        layout.addLayout(columns, 1)
        layout.addLayout(buttons)
        self._set_editable(False)
        self._connect_signals()

    def _connect_signals(self) -> None:
        self.form.edited.connect(self.on_form_edited)
        self.live.computed.connect(self.on_live_computed)
        self.live.failed.connect(self.on_live_failed)
        self.family.currentIndexChanged.connect(self.on_family_current_index_changed)
        self.undo_button.clicked.connect(self.on_undo_clicked)
        self.shipped_button.clicked.connect(self.on_shipped_clicked)
        self.save_button.clicked.connect(self.on_save_clicked)

    # -- loading ---------------------------------------------------------------------------------

    def on_shown(self) -> None:
        if self.stale:
            self.reload()

    def reload(self) -> None:
        """Read the rules in force and every guest's metrics again (off the GUI thread)."""
        self.stale = False
        self._set_editable(False)
        self.state.setText(self.tr("Reading the guests…"))
        venue = self.context.venue
        self.context.runner.run(
            task_runner.Op(lambda: (venue.rules.load_base(), venue.rules.versions(1)))
            .with_progress(self.tr("Reading the guests…"))
            .on_success(self.on_base_loaded)
            .on_failure(self.on_base_failed)
        )

    def on_base_loaded(self, loaded: tuple[rules.Base, list[rules.Version]]) -> None:
        if not self.isVisible():  # hidden while it read: shown again, the page reads anew
            self.stale = True
            return
        base, versions = loaded
        # an edit left unsaved when the page was hidden stays, unless the rules changed since
        unsaved = self.form.values() if self.in_force and self.in_force == base.rules else None
        self.base = base
        self.in_force = dict(base.rules)
        self.form.set_values(unsaved or self.in_force)
        self._show_version(versions[0] if versions else None)
        self._set_editable(True)
        self.live.set_base(base)
        self.live.request_now(self.form.values())
        self.base_loaded.emit()

    def on_base_failed(self, exc: Exception) -> None:
        self.stale = True
        self.reading_gaps = False
        self.state.setText(self.tr("The guests could not be read: %1").replace("%1", str(exc)))

    def _show_version(self, version: rules.Version | None) -> None:
        if version is None:
            self.version_label.setText(self.tr("The shipped rules (never changed)"))
            return
        when = formatting.local_datetime(version.saved_at, self.context.timezone)
        self.version_label.setText(
            self.tr("Version %1, saved %2 by %3")
            .replace("%1", str(version.number))
            .replace("%2", when)
            .replace("%3", version.user_name or self.tr("the system"))
        )

    def _set_editable(self, on: bool) -> None:
        self.form.setEnabled(on)
        self.undo_button.setEnabled(on)
        self.shipped_button.setEnabled(on)
        self.save_button.setEnabled(False)

    def is_settled(self) -> bool:
        """True once the guests are read and the newest edit's preview is on screen."""
        return self.base is not None and self.shown is not None and not self.live.pending()

    # -- editing and the preview -----------------------------------------------------------------

    def set_rule(self, key: str, value: Any) -> None:
        """Edit one rule as the owner would (the benchmark times this up to ``preview_shown``)."""
        self.form.set_value(key, value)

    def edited(self) -> dict[str, Any]:
        """The rules the form shows that differ from those in force."""
        shown = self.form.values()
        return {k: v for k, v in shown.items() if rules._differs(v, self.in_force.get(k))}

    @Slot()
    def on_form_edited(self) -> None:
        self.save_button.setEnabled(False)
        self.state.setText(self.tr("Counting…"))
        self.live.request(self.form.values())

    @Slot(int, object)
    def on_live_computed(self, seq: int, shown: rules.Preview) -> None:
        self.shown = shown
        self.form.mark(None)
        touched = [f for f in FAMILIES if shown.moves.get(f)]
        current = str(self.family.currentData())
        if touched and current not in touched:
            self.family.setCurrentIndex(FAMILIES.index(touched[0]))  # shows the tables
        else:
            self._show_tables()
        changed = bool(self.edited())
        self.save_button.setEnabled(changed)
        self.state.setProperty("error", False)
        self.state.setText(self._summary(shown, changed))
        self._repolish(self.state)
        self.preview_shown.emit(seq)

    def _summary(self, shown: rules.Preview, changed: bool) -> str:
        guests = formatting.number(shown.guests)
        if not changed:
            return self.tr("%1 guests as of today, under the rules in force.").replace("%1", guests)
        moved = sum(n for rows in shown.moves.values() for *_, n in rows)
        lifecycle = sum(n for *_, n in shown.moves.get("lifecycle", []))
        return (
            self.tr("With the edit, %1 of %2 guests change segment (%3 in the lifecycle).")
            .replace("%1", formatting.number(moved))
            .replace("%2", guests)
            .replace("%3", formatting.number(lifecycle))
        )

    @Slot(int, object)
    def on_live_failed(self, _seq: int, exc: Exception) -> None:
        self.save_button.setEnabled(False)
        if isinstance(exc, rules.NeedsGaps):
            self._read_gaps()
            return
        self.form.mark(getattr(exc, "key", None))
        self.state.setProperty("error", True)
        self.state.setText(self._problem(exc))
        self._repolish(self.state)

    def _read_gaps(self) -> None:
        """Adaptive recency needs each guest's usual gap: read it once (every visit is read)."""
        if self.base is None or self.reading_gaps:
            return
        self.reading_gaps = True
        self.state.setProperty("error", False)
        self.state.setText(self.tr("Reading each guest's usual gap between visits…"))
        self._repolish(self.state)
        self.context.runner.run(
            task_runner.Op(self.context.venue.rules.with_gaps, self.base)
            .with_progress(self.tr("Reading each guest's usual gap between visits…"))
            .on_success(self.on_gaps_read)
            .on_failure(self.on_base_failed)
        )

    def on_gaps_read(self, base: rules.Base) -> None:
        self.reading_gaps = False
        self.base = base
        self.live.set_base(base)  # previews the current edit again

    def _problem(self, exc: Exception) -> str:
        key = getattr(exc, "key", "")
        if key == thresholds.LIFECYCLE + "lost_days":
            return self.tr("At risk must start before Lost, and Lost before Gone.")
        if key == thresholds.LIFECYCLE + "loyal_visits":
            return self.tr("Loyal cannot need more visits than VIP.")
        if key == thresholds.ABC_SHARES:
            return self.tr("The A share must be smaller than the A+B share.")
        if key == thresholds.RFM_MAP:
            return self.tr("In the RFM map, each 'from' must not exceed its 'to'.")
        return self.tr("These rules cannot be saved: %1").replace("%1", str(exc))

    @Slot(int)
    def on_family_current_index_changed(self, _index: int) -> None:
        self._show_tables()

    def _show_tables(self) -> None:
        family = str(self.family.currentData())
        self.sizes.show(family, self.shown)
        self.moves.show(family, self.shown)
        self.moves_table.setVisible(bool(self.moves.rows))
        self.no_moves.setVisible(not self.moves.rows)

    @staticmethod
    def _repolish(widget: QWidget) -> None:
        widget.style().unpolish(widget)
        widget.style().polish(widget)

    @Slot()
    def on_undo_clicked(self) -> None:
        self.form.set_values(self.in_force)
        self.on_form_edited()

    @Slot()
    def on_shipped_clicked(self) -> None:
        self.form.set_values(thresholds.defaults())
        self.on_form_edited()

    # -- saving ----------------------------------------------------------------------------------

    @Slot()
    def on_save_clicked(self) -> None:
        changes = self.edited()
        if not changes:
            return
        self.save_button.setEnabled(False)
        venue = self.context.venue
        self.context.runner.run(
            task_runner.Op(venue.rules.save, self.context.actor, changes)
            .on_success(self.on_saved)
            .on_failure(self.on_save_failed)
        )

    def on_saved(self, result: ops.Result[int]) -> None:
        self.state.setProperty("error", False)
        self.state.setText(
            self.tr(
                "Saved as version %1. Segments are being recomputed in the background."
            ).replace("%1", str(result.value))
        )
        self.stale = True
        if self.isVisible():
            self.reload()

    def on_save_failed(self, exc: Exception) -> None:
        self.save_button.setEnabled(True)
        self.state.setProperty("error", True)
        if isinstance(exc, ops.PermissionDenied):
            self.state.setText(self.tr("Only the owner can change the rules."))
        else:
            self.state.setText(self._problem(exc))
        self._repolish(self.state)

    # -- the shell's notifications ---------------------------------------------------------------

    def on_changes(self, changes: ops.Changes) -> None:
        # Visits move the metrics a little; the preview is re-read when the page is opened again.
        # New rules (saved here or elsewhere) make the loaded base wrong at once.
        self.stale = True
        if changes.rules and self.isVisible() and self.base is not None and not self.edited():
            self.reload()

    def on_locked(self) -> None:
        if self.in_force:
            self.form.set_values(self.in_force)
        self.stale = True

    def hideEvent(self, event: QHideEvent) -> None:  # noqa: N802 (Qt override)
        # The guests' arrays are big (100 000 guests: tens of megabytes); a page out of sight
        # gives them back and reads them again when it is shown.
        self.base = None
        self.shown = None
        self.live.set_base(None)
        self.stale = True
        super().hideEvent(event)
