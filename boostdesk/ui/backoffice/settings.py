"""Venue settings: name, time zone, currency, document language, basket categories, and a way
to this computer's card reader settings. The reward rates are on the Reward rules page (versioned,
their effect previewed); this page leads there.

The form is saved as one owner operation (``SettingsService.change``: one transaction, audited
with the keys changed); a new time zone re-derives every visit's local day in that same
operation, so it asks first and shows progress. Categories change one step at a time, each its
own owner operation (``services/categories.py``).
"""

from __future__ import annotations

import zoneinfo
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt, Slot
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QCompleter,
    QFormLayout,
    QHBoxLayout,
    QInputDialog,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
)

from boostdesk.services import categories as categories_service
from boostdesk.services import ops
from boostdesk.ui import categories as category_names
from boostdesk.ui import labels, messages, task_runner, widgets
from boostdesk.ui.backoffice import parts, section

CURRENCIES = ("TRY", "EUR", "USD", "GBP")
LANGUAGES = (("tr_TR", "Türkçe"), ("en_US", "English"))


def category_refusal(error: Exception) -> str:
    texts = {
        "name_missing": QCoreApplication.translate("settings", "Type the category's name."),
        "name_long": QCoreApplication.translate("settings", "That name is too long."),
        "name_taken": QCoreApplication.translate(
            "settings", "There is already a category of that name."
        ),
        "last_shown": QCoreApplication.translate(
            "settings", "The counter needs at least one category: show another one first."
        ),
        "unknown": QCoreApplication.translate("settings", "This category no longer exists."),
        "order": QCoreApplication.translate("settings", "The categories changed meanwhile."),
    }
    reason = getattr(error, "reason", None)
    if isinstance(error, categories_service.CategoryError) and reason in texts:
        return texts[reason]
    return messages.error_text(error)


def form_layout() -> QFormLayout:
    form = QFormLayout()
    form.setSpacing(8)
    form.setLabelAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
    return form


class SettingsSection(section.Section):
    key = "settings"

    def __init__(self, context: section.Context) -> None:
        super().__init__(context)
        self.loaded: dict[str, Any] = {}
        self.categories: list[categories_service.CategoryRow] = []
        self.category_dialog: QInputDialog | None = None
        self.confirm_box: QMessageBox | None = None

        self.name_edit = QLineEdit(objectName="VenueNameEdit")
        self.name_edit.setMaxLength(60)
        self.zone_box = QComboBox(objectName="ZoneBox")
        self.zone_box.setEditable(True)
        # "America/Argentina/ComodRivadavia" must not widen the page past 1280 pixels
        self.zone_box.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.zone_box.setMinimumContentsLength(16)
        self.zone_box.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.zone_box.addItems(sorted(zoneinfo.available_timezones()))
        completer = QCompleter(self.zone_box.model(), self.zone_box)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.zone_box.setCompleter(completer)
        self.currency_box = QComboBox(objectName="CurrencyBox")
        for code in CURRENCIES:
            self.currency_box.addItem(code, code)
        self.language_box = QComboBox(objectName="LanguageBox")
        for code, name in LANGUAGES:
            self.language_box.addItem(name, code)
        # The reward rules live on their own page (versioned, their effect previewed): this
        # page only leads there, so the two can never show different rates.
        self.rewards_button = widgets.named(
            QPushButton(self.tr("Open the Reward rules page")), "LinkButton"
        )
        self.rewards_button.setCursor(Qt.CursorShape.PointingHandCursor)

        self.category_list = QListWidget(objectName="CategoryList")
        self.category_list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.add_category = self._compact(self.tr("Add…"))
        self.rename_category = self._compact(self.tr("Rename…"))
        self.up_category = self._compact(self.tr("Move up"))
        self.down_category = self._compact(self.tr("Move down"))
        self.hide_category = self._compact(self.tr("Hide"))
        self.reader_button = widgets.named(
            QPushButton(self.tr("Card reader settings…")), "CompactButton"
        )
        self.save_button = widgets.named(QPushButton(self.tr("Save settings")), "PrimaryButton")
        self.revert_button = widgets.named(QPushButton(self.tr("Undo edits")), "SecondaryButton")
        self.status = parts.status_line()
        self._build()
        self._connect_signals()
        self.update_category_buttons()

    def _compact(self, text: str) -> QPushButton:
        button = widgets.named(QPushButton(text), "CompactButton")
        parts.fit_text(button)
        return button

    def _build(self) -> None:
        self.status.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        layout = parts.page(
            self,
            self.tr("Venue settings"),
            actions=(self.status, self.revert_button, self.save_button),
        )
        venue_card, venue_box = parts.card(self.tr("Venue"))
        form = form_layout()
        parts.form_row(form, self.tr("Name"), self.name_edit)
        parts.form_row(form, self.tr("Time zone"), self.zone_box)
        parts.form_row(form, self.tr("Currency"), self.currency_box)
        parts.form_row(form, self.tr("Vouchers and reports in"), self.language_box)
        venue_box.addLayout(form)
        venue_box.addStretch(1)

        category_card, category_box = parts.card(self.tr("Basket categories"))
        hint = labels.data(
            "Hint",
            self.tr("Changes apply at once; past visits keep their category."),
        )
        hint.setWordWrap(True)
        category_box.addWidget(hint)
        row = QHBoxLayout()
        row.addWidget(self.category_list, 1)
        buttons = QVBoxLayout()
        buttons.setSpacing(6)
        for button in (
            self.add_category,
            self.rename_category,
            self.up_category,
            self.down_category,
            self.hide_category,
        ):
            buttons.addWidget(button)
        buttons.addStretch(1)
        row.addLayout(buttons)
        category_box.addLayout(row, 1)

        rates_card, rates_box = parts.card(self.tr("Rewards"))
        rates_hint = labels.data(
            "Hint",
            self.tr(
                "Cashback, the welcome bonus, points expiry and what points may pay are set on "
                "the Reward rules page, where each change is saved as a version."
            ),
        )
        rates_hint.setWordWrap(True)
        rates_box.addWidget(rates_hint)
        rates_box.addWidget(self.rewards_button, 0, Qt.AlignmentFlag.AlignLeft)

        reader_card, reader_box = parts.card(self.tr("Card reader"))
        reader_hint = labels.data(
            "Hint",
            self.tr("The card reader and the scanner are set on each computer of the venue."),
        )
        reader_hint.setWordWrap(True)
        reader_row = QHBoxLayout()
        reader_row.addWidget(reader_hint, 1)
        reader_row.addWidget(self.reader_button)
        reader_box.addLayout(reader_row)

        left = QVBoxLayout()
        left.setSpacing(14)
        left.addWidget(venue_card)
        left.addWidget(category_card, 1)
        right = QVBoxLayout()
        right.setSpacing(14)
        right.addWidget(rates_card)
        right.addWidget(reader_card)
        right.addStretch(1)
        columns = QHBoxLayout()
        columns.setSpacing(18)
        columns.addLayout(left, 1)
        columns.addLayout(right, 1)
        layout.addLayout(columns, 1)

    def _connect_signals(self) -> None:
        self.save_button.clicked.connect(self.on_save_button_clicked)
        self.revert_button.clicked.connect(self.on_revert_button_clicked)
        self.reader_button.clicked.connect(self.on_reader_button_clicked)
        self.rewards_button.clicked.connect(self.on_rewards_button_clicked)
        self.category_list.currentRowChanged.connect(self.update_category_buttons)
        self.add_category.clicked.connect(self.on_add_category_clicked)
        self.rename_category.clicked.connect(self.on_rename_category_clicked)
        self.up_category.clicked.connect(lambda: self.move_category(-1))
        self.down_category.clicked.connect(lambda: self.move_category(1))
        self.hide_category.clicked.connect(self.on_hide_category_clicked)

    # -- loading ---------------------------------------------------------------------------------

    def on_shown(self) -> None:
        venue = self.context.venue
        self.context.runner.submit(
            lambda: (venue.settings.all(), venue.categories.listed()),
            self.on_loaded,
            self.on_failed,
        )

    def on_changes(self, changes: ops.Changes) -> None:
        if changes.settings and self.isVisible():
            self.on_shown()

    def on_loaded(
        self, loaded: tuple[dict[str, Any], list[categories_service.CategoryRow]]
    ) -> None:
        values, rows = loaded
        # A category changed while the form holds unsaved edits: keep the edits.
        keep_edits = bool(self.loaded) and bool(self.edited_values())
        self.loaded = values
        if not keep_edits:
            self.fill_form(values)
        self.show_categories(rows)

    def fill_form(self, values: dict[str, Any]) -> None:
        self.name_edit.setText(str(values.get("venue.name") or ""))
        self.zone_box.setCurrentText(str(values.get("venue.timezone") or ""))
        self._choose(self.currency_box, str(values.get("venue.currency") or "TRY"))
        locale = str(values.get("venue.locale") or "tr_TR")
        self._choose(self.language_box, "tr_TR" if locale.lower().startswith("tr") else "en_US")

    @staticmethod
    def _choose(box: QComboBox, data: str) -> None:
        index = box.findData(data)
        if index < 0:
            box.addItem(data, data)
            index = box.count() - 1
        box.setCurrentIndex(index)

    def show_categories(self, rows: list[categories_service.CategoryRow]) -> None:
        chosen = self.selected_category()
        self.categories = rows
        self.category_list.clear()
        for row in rows:
            name = category_names.display_name(row.code, row.name)
            if not row.active:
                name = self.tr("%1 (hidden)").replace("%1", name)
            item = QListWidgetItem(name)
            item.setData(Qt.ItemDataRole.UserRole, row.id)
            if not row.active:
                item.setForeground(Qt.GlobalColor.gray)
            self.category_list.addItem(item)
            if chosen is not None and chosen.id == row.id:
                self.category_list.setCurrentItem(item)
        self.update_category_buttons()

    # -- the form --------------------------------------------------------------------------------

    def edited_values(self) -> dict[str, Any]:
        """The settings the form would change (only those that differ from the stored ones)."""
        values: dict[str, Any] = {
            "venue.name": " ".join(self.name_edit.text().split()),
            "venue.timezone": self.zone_box.currentText().strip(),
            "venue.currency": self.currency_box.currentData(),
            "venue.locale": self.language_box.currentData(),
        }
        return {key: value for key, value in values.items() if self.loaded.get(key) != value}

    def problem(self, values: dict[str, Any]) -> str:
        if "venue.name" in values and not values["venue.name"]:
            return self.tr("Type the venue's name.")
        zone = values.get("venue.timezone")
        if zone is not None and zone not in zoneinfo.available_timezones():
            return self.tr("Pick the time zone from the list (e.g. Europe/Istanbul).")
        return ""

    @Slot()
    def on_save_button_clicked(self) -> None:
        values = self.edited_values()
        if not values:
            parts.show_status(self.status, self.tr("Nothing to save: no setting was changed."))
            return
        problem = self.problem(values)
        if problem:
            parts.show_status(self.status, problem, error=True)
            return
        if "venue.timezone" not in values:
            self.save(values)
            return
        box = QMessageBox(
            QMessageBox.Icon.Question,
            self.tr("Change the time zone"),
            self.tr(
                "Every visit's local day and time of day are worked out again for %1. On a large "
                "venue this takes a minute; the counter waits meanwhile. Change it?"
            ).replace("%1", values["venue.timezone"]),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            self,
        )
        box.setObjectName("ZoneConfirm")
        box.accepted.connect(lambda: self.save(values))
        self.confirm_box = box
        box.open()

    def save(self, values: dict[str, Any]) -> None:
        op = (
            task_runner.Op(self.context.venue.settings.change, self.context.actor, values)
            .on_success(self.on_saved)
            .on_failure(self.on_failed)
        )
        if "venue.timezone" in values:
            op = op.with_progress(self.tr("Working out every visit's local day again…"))
        self.context.runner.run(op)

    def on_saved(self, _changes: ops.Changes) -> None:
        parts.show_status(self.status, self.tr("Settings saved."))

    def on_failed(self, error: Exception) -> None:
        parts.show_status(self.status, category_refusal(error), error=True)

    @Slot()
    def on_revert_button_clicked(self) -> None:
        self.fill_form(self.loaded)
        parts.show_status(self.status, "")

    @Slot()
    def on_rewards_button_clicked(self) -> None:
        self.context.navigate("rewards")

    @Slot()
    def on_reader_button_clicked(self) -> None:
        # The reader dialog belongs to the main window, which runs the reader it configures.
        opener = getattr(self.window(), "on_reader_button_clicked", None)
        if callable(opener):
            opener()

    # -- categories ------------------------------------------------------------------------------

    def selected_category(self) -> categories_service.CategoryRow | None:
        row = self.category_list.currentRow()
        return self.categories[row] if 0 <= row < len(self.categories) else None

    @Slot()
    def update_category_buttons(self) -> None:
        chosen = self.selected_category()
        row = self.category_list.currentRow()
        self.rename_category.setEnabled(chosen is not None)
        self.hide_category.setEnabled(chosen is not None)
        self.up_category.setEnabled(chosen is not None and row > 0)
        self.down_category.setEnabled(chosen is not None and row < len(self.categories) - 1)
        self.hide_category.setText(
            self.tr("Show") if chosen is not None and not chosen.active else self.tr("Hide")
        )

    def _run_category(self, op: task_runner.Op) -> None:
        self.context.runner.run(op.on_failure(self.on_failed))

    def _ask_name(self, title: str, text: str, accepted: Any) -> None:
        dialog = QInputDialog(self)
        dialog.setObjectName("CategoryName")
        dialog.setWindowTitle(title)
        dialog.setLabelText(self.tr("Name of the category"))
        dialog.setTextValue(text)
        dialog.textValueSelected.connect(accepted)
        self.category_dialog = dialog
        dialog.open()

    @Slot()
    def on_add_category_clicked(self) -> None:
        self._ask_name(self.tr("Add a category"), "", self.add_named_category)

    def add_named_category(self, name: str) -> None:
        venue = self.context.venue
        self._run_category(task_runner.Op(venue.categories.add, self.context.actor, name))

    @Slot()
    def on_rename_category_clicked(self) -> None:
        chosen = self.selected_category()
        if chosen is None:
            return
        shown = category_names.display_name(chosen.code, chosen.name)
        self._ask_name(
            self.tr("Rename a category"),
            shown,
            lambda name: self.rename_chosen_category(chosen.id, name),
        )

    def rename_chosen_category(self, category_id: int, name: str) -> None:
        venue = self.context.venue
        self._run_category(
            task_runner.Op(venue.categories.rename, self.context.actor, category_id, name)
        )

    def move_category(self, step: int) -> None:
        row = self.category_list.currentRow()
        target = row + step
        if not (0 <= row < len(self.categories) and 0 <= target < len(self.categories)):
            return
        ids = [category.id for category in self.categories]
        ids[row], ids[target] = ids[target], ids[row]
        venue = self.context.venue
        self._run_category(task_runner.Op(venue.categories.reorder, self.context.actor, ids))

    @Slot()
    def on_hide_category_clicked(self) -> None:
        chosen = self.selected_category()
        if chosen is None:
            return
        hide = self.context.venue.categories.set_hidden
        self._run_category(task_runner.Op(hide, self.context.actor, chosen.id, chosen.active))

    def on_locked(self) -> None:
        for dialog in (self.category_dialog, self.confirm_box):
            if dialog is not None:
                dialog.reject()
        parts.show_status(self.status, "")
