"""The guest page: one guest's profile and consents, visits with baskets, points, vouchers, every
segment with its reason and the next step up, the segment history, P(alive) and the 12-month CLV;
and the owner's actions on the guest (edit, consents, a voucher by hand, a replaced card, a
merge of two records of the same person).

Opened from the customer browser (``navigate("customer", customer_id=N)``); not in the
navigation. Without a guest (``boostdesk screenshot --page customer``) it shows a showcase guest.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Slot
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from boostdesk.services import guest_file, ops
from boostdesk.ui import labels, segment_names, table_models, task_runner
from boostdesk.ui.backoffice import customer_dialogs, customer_text, section
from boostdesk.ui.guest_panel import BADGE_COLOURS

CHANNELS = ("sms", "email", "call", "profiling")


def _table(model: table_models.TextRowsModel, stretch: int) -> QTableView:
    view = QTableView()
    view.setModel(model)
    view.verticalHeader().hide()
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setAlternatingRowColors(True)
    view.setWordWrap(False)
    header = view.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    header.setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)
    return view


class CustomerSection(section.Section):
    key = "customer"

    def __init__(self, context: section.Context) -> None:
        super().__init__(context)
        self.customer_id: int | None = None
        self.asked_for: int | None = None  # the guest the last load asked for (None: any)
        self.file: guest_file.GuestFile | None = None
        self.loading = False
        self.text = customer_text.GuestText(context.currency, context.timezone, self)

        self.back_button = QPushButton(self.tr("← Customers"), objectName="CompactButton")
        self.name_label = labels.data("PageTitle")
        self.badge = labels.data("SegmentBadge")
        self.card_label = labels.data("GuestDetail")
        self.edit_button = QPushButton(self.tr("Edit…"), objectName="CompactButton")
        self.voucher_button = QPushButton(self.tr("Give a voucher…"), objectName="CompactButton")
        self.card_button = QPushButton(self.tr("Replace card…"), objectName="CompactButton")
        self.merge_button = QPushButton(self.tr("Merge…"), objectName="CompactButton")
        self.message = labels.data("Message")

        self.tiles: dict[str, tuple[QLabel, QLabel]] = {}
        tiles = QHBoxLayout()
        tiles.setSpacing(10)
        for key, title in (
            ("points", self.tr("Points")),
            ("visits", self.tr("Visits")),
            ("spend", self.tr("Spend")),
            ("last", self.tr("Last visit")),
            ("alive", self.tr("P(alive)")),
            ("clv", self.tr("12-month CLV")),
        ):
            tile = QFrame(objectName="Tile")
            box = QVBoxLayout(tile)
            box.setContentsMargins(14, 8, 14, 8)
            box.setSpacing(0)
            box.addWidget(QLabel(title, objectName="StatTitle"))
            value = labels.data("TileSmallValue")
            note = labels.data("StatNote")
            note.setWordWrap(True)
            box.addWidget(value)
            box.addWidget(note)
            self.tiles[key] = (value, note)
            tiles.addWidget(tile, 1)

        self.tabs = QTabWidget(objectName="GuestTabs")
        self.tabs.addTab(self._profile_tab(), self.tr("Profile and consents"))
        self.visits_model = table_models.TextRowsModel(
            (self.tr("Date"), self.tr("Amount"), self.tr("Basket"), self.tr("State")),
            right=(1,),
            parent=self,
        )
        self.tabs.addTab(_table(self.visits_model, 2), self.tr("Visits"))
        self.ledger_model = table_models.TextRowsModel(
            (self.tr("Date"), self.tr("Entry"), self.tr("Points"), self.tr("Expires")),
            right=(2,),
            parent=self,
        )
        self.tabs.addTab(self._points_tab(), self.tr("Points"))
        self.vouchers_model = table_models.TextRowsModel(
            (self.tr("Code"), self.tr("Value"), self.tr("Issued"), self.tr("Last day"),
             self.tr("State")),
            right=(1,),
            parent=self,
        )  # fmt: skip
        self.tabs.addTab(_table(self.vouchers_model, 0), self.tr("Vouchers"))
        self.tabs.addTab(self._segments_tab(), self.tr("Segments"))
        self.tabs.addTab(self._history_tab(), self.tr("Segment history"))

        # The name and its badge, the card number under them: the action buttons leave a long
        # name no room on one line at 1366 pixels.
        name_row = QHBoxLayout()
        name_row.setSpacing(10)
        name_row.addWidget(self.name_label)
        name_row.addWidget(self.badge, 0, Qt.AlignmentFlag.AlignVCenter)
        name_row.addStretch(1)
        who = QVBoxLayout()
        who.setSpacing(0)
        who.addLayout(name_row)
        who.addWidget(self.card_label)
        header = QHBoxLayout()
        header.addWidget(self.back_button, 0, Qt.AlignmentFlag.AlignVCenter)
        header.addSpacing(12)
        header.addLayout(who, 1)
        for button in (self.edit_button, self.voucher_button, self.card_button, self.merge_button):
            header.addWidget(button, 0, Qt.AlignmentFlag.AlignVCenter)
        self.empty_label = labels.data("Placeholder")
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty_label.setWordWrap(True)
        self.empty_label.hide()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 18, 24, 14)
        layout.setSpacing(10)
        layout.addLayout(header)
        layout.addWidget(self.message)
        layout.addLayout(tiles)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.empty_label, 1)
        self.tile_frames = [self.tiles[key][0].parentWidget() for key in self.tiles]
        self.message.hide()
        self._connect_signals()

    # -- building ---------------------------------------------------------------------------------

    def _profile_tab(self) -> QWidget:
        page = QWidget()
        self.profile_labels: dict[str, QLabel] = {}
        grid = QGridLayout()
        grid.setHorizontalSpacing(16)
        grid.setVerticalSpacing(6)
        fields = (
            ("phone", self.tr("Phone")),
            ("email", self.tr("E-mail")),
            ("birth", self.tr("Birth date")),
            ("gender", self.tr("Gender")),
            ("place", self.tr("District, city")),
            ("since", self.tr("Guest since")),
            ("source", self.tr("Registered through")),
            ("cards", self.tr("Cards")),
        )
        for row, (key, caption) in enumerate(fields):
            grid.addWidget(QLabel(caption, objectName="StatTitle"), row, 0)
            value = labels.data("Summary")
            value.setWordWrap(True)
            grid.addWidget(value, row, 1)
            self.profile_labels[key] = value
        grid.setRowStretch(len(fields), 1)
        self.consent_boxes: dict[str, QCheckBox] = {}
        consents = QVBoxLayout()
        consents.addWidget(QLabel(self.tr("Consents"), objectName="SectionTitle"))
        for channel in CHANNELS:
            box = QCheckBox(self.text.channel(channel))
            self.consent_boxes[channel] = box
            consents.addWidget(box)
        self.consent_save = QPushButton(self.tr("Save consents"), objectName="CompactButton")
        consents.addWidget(self.consent_save, 0, Qt.AlignmentFlag.AlignLeft)
        self.consent_history_model = table_models.TextRowsModel(
            (self.tr("Date"), self.tr("Channel"), self.tr("Answer"), self.tr("Where")), parent=self
        )
        consents.addWidget(_table(self.consent_history_model, 3), 1)
        columns = QHBoxLayout(page)
        columns.setContentsMargins(12, 12, 12, 12)
        columns.setSpacing(24)
        columns.addLayout(grid, 1)
        columns.addLayout(consents, 1)
        return page

    def _points_tab(self) -> QWidget:
        page = QWidget()
        self.balance_label = labels.data("Summary")
        self.balance_label.setWordWrap(True)
        box = QVBoxLayout(page)
        box.setContentsMargins(8, 8, 8, 8)
        box.addWidget(self.balance_label)
        box.addWidget(_table(self.ledger_model, 1), 1)
        return page

    def _segments_tab(self) -> QWidget:
        self.segments_model = table_models.TextRowsModel(
            (self.tr("Family"), self.tr("Segment"), self.tr("Why"), self.tr("Next step up")),
            parent=self,
        )
        segments = _table(self.segments_model, 3)
        segments.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Interactive)
        segments.setColumnWidth(2, 420)
        return segments

    def _history_tab(self) -> QWidget:
        self.history_model = table_models.TextRowsModel(
            (self.tr("Date"), self.tr("Family"), self.tr("Change")), parent=self
        )
        return _table(self.history_model, 2)

    def _connect_signals(self) -> None:
        self.back_button.clicked.connect(self.on_back_clicked)
        self.edit_button.clicked.connect(self.on_edit_clicked)
        self.voucher_button.clicked.connect(self.on_voucher_clicked)
        self.card_button.clicked.connect(self.on_card_clicked)
        self.merge_button.clicked.connect(self.on_merge_clicked)
        self.consent_save.clicked.connect(self.on_consent_save_clicked)

    # -- loading ----------------------------------------------------------------------------------

    def open_with(self, **params: Any) -> None:
        """``customer_id=N``: the guest to show."""
        if params.get("customer_id") is not None:
            self.customer_id = int(params["customer_id"])

    def on_shown(self) -> None:
        try:
            actor = self.context.actor
        except section.SignedOut:
            return
        venue = self.context.venue
        wanted = self.customer_id
        self.asked_for = wanted

        def load() -> guest_file.GuestFile | None:
            customer_id = wanted
            if customer_id is None:  # a screenshot: a guest worth showing
                card = venue.guests.showcase_card()
                found = venue.guests.find_by_card(card) if card else None
                customer_id = found.customer_id if found else None
            return None if customer_id is None else venue.guest_files.load(actor, customer_id)

        self.loading = True
        self.context.runner.run(
            task_runner.Op(load).on_success(self.on_file_loaded).on_failure(self.on_load_failed)
        )

    def is_settled(self) -> bool:
        """What the screenshot command asks (see ui/screenshot.py)."""
        return self.settled()

    def settled(self) -> bool:
        """The guest asked for is shown (screenshots wait for it)."""
        return not self.loading

    def on_load_failed(self, error: Exception) -> None:
        self.loading = False
        self.show_error(error)

    def on_changes(self, changes: ops.Changes) -> None:
        if (
            self.isVisible()
            and self.customer_id is not None
            and changes.touches_guest(self.customer_id)
        ):
            self.on_shown()

    def on_locked(self) -> None:
        self.file = None
        self.message.hide()

    def on_file_loaded(self, file: guest_file.GuestFile | None) -> None:
        previous = self.file.profile.id if self.file is not None else None
        self.loading = False
        self.file = file
        for button in (self.edit_button, self.voucher_button, self.card_button, self.merge_button):
            button.setEnabled(file is not None)
        self._show_body(file is not None)
        if file is None:
            self.badge.hide()
            self.card_label.setText("")
            if self.asked_for is None:  # no guest at all yet
                self.name_label.setText(self.tr("Guest"))
                self.empty_label.setText(
                    self.tr(
                        "No guest to show yet. Guests appear once they are enrolled at the "
                        "counter or imported from the till system; open one from Customers."
                    )
                )
            else:
                self.name_label.setText(self.tr("This guest no longer exists"))
                self.empty_label.setText(
                    self.tr("This guest was merged into another record or erased.")
                )
            return
        self.customer_id = file.profile.id
        if file.profile.id != previous:  # what was said about the last guest is not for this one
            self.message.hide()
        self._fill_title(file)
        self._fill_tiles(file)
        self._fill_profile(file)
        self.visits_model.set_texts([self.text.visit_row(v) for v in file.visits])
        self.ledger_model.set_texts([self.text.ledger_row(e) for e in file.ledger])
        self.balance_label.setText(self.text.balance(file.view.balance))
        self.vouchers_model.set_texts([self.text.voucher_row(v, s) for v, s in file.vouchers])
        rows = self.text.segment_rows(file)
        self.segments_model.set_texts(rows)
        self.history_model.set_texts([self.text.transition_row(t) for t in file.transitions])

    def _fill_title(self, file: guest_file.GuestFile) -> None:
        profile = file.profile
        self.name_label.setText(" ".join(p for p in (profile.first_name, profile.last_name) if p))
        lifecycle = file.segments.get("lifecycle")
        name = segment_names.segment("lifecycle", lifecycle)
        self.badge.setVisible(bool(name))
        if name:
            background, colour = BADGE_COLOURS.get(lifecycle or "", ("#8a7564", "#ffffff"))
            self.badge.setText(name)
            self.badge.setStyleSheet(f"background: {background}; color: {colour};")
        self.card_label.setText(self.text.card_line(file))

    def _show_body(self, shown: bool) -> None:
        for frame in self.tile_frames:
            if frame is not None:
                frame.setVisible(shown)
        self.tabs.setVisible(shown)
        self.empty_label.setVisible(not shown)

    def _fill_tiles(self, file: guest_file.GuestFile) -> None:
        for key, (value, note) in self.text.tiles(file).items():
            shown, below = self.tiles[key]
            shown.setText(value)
            below.setText(note)
            # a tile is as wide as its figure (₺56.122,00): the others give way; a long note
            # ("₺335,79 expire soon") takes a second line instead
            shown.ensurePolished()  # the style sheet's font, not the default one
            shown.setMinimumWidth(shown.fontMetrics().horizontalAdvance(value) + 6)

    def _fill_profile(self, file: guest_file.GuestFile) -> None:
        for key, value in self.text.profile(file).items():
            self.profile_labels[key].setText(value)
        for channel, box in self.consent_boxes.items():
            box.setChecked(file.consents.get(channel, False))
        self.consent_history_model.set_texts(
            [self.text.consent_row(row) for row in file.consent_history]
        )

    # -- actions ----------------------------------------------------------------------------------

    def _submit(self, op: task_runner.Op, done: str) -> None:
        self.context.runner.run(
            op.on_success(lambda _result: self.show_done(done)).on_failure(self.show_error)
        )

    def show_done(self, text: str) -> None:
        self.message.setProperty("error", False)
        self.message.setText(text)
        self.message.show()
        self.message.style().polish(self.message)

    def show_error(self, error: Exception) -> None:
        self.message.setProperty("error", True)
        self.message.setText(self.text.error(error))
        self.message.show()
        self.message.style().polish(self.message)

    @Slot()
    def on_back_clicked(self) -> None:
        self.context.back()

    @Slot()
    def on_consent_save_clicked(self) -> None:
        if self.file is None:
            return
        answers = {c: box.isChecked() for c, box in self.consent_boxes.items()}
        venue = self.context.venue
        op = task_runner.Op(
            venue.guest_actions.set_consents, self.context.actor, self.file.profile.id, answers
        )
        self._submit(op, self.tr("Consents saved."))

    @Slot()
    def on_edit_clicked(self) -> None:
        if self.file is None:
            return
        dialog = customer_dialogs.EditDialog(self.file.profile, self)
        if dialog.exec():
            venue = self.context.venue
            op = task_runner.Op(
                venue.guest_actions.edit_profile,
                self.context.actor,
                self.file.profile.id,
                dialog.form(),
            )
            self._submit(op, self.tr("Profile saved."))

    @Slot()
    def on_voucher_clicked(self) -> None:
        if self.file is None:
            return
        card = self.file.view.card_number
        if not card:
            self.show_error(ValueError(self.tr("The guest has no card to give a voucher to.")))
            return
        dialog = customer_dialogs.VoucherDialog(self.context.currency, self)
        if dialog.exec():
            op = task_runner.Op(
                self.context.venue.vouchers.issue,
                self.context.actor,
                card,
                dialog.amount_minor(),
                dialog.last_day(),
            )
            self._submit(op, self.tr("Voucher issued: it waits to be printed."))

    @Slot()
    def on_card_clicked(self) -> None:
        if self.file is None:
            return
        dialog = customer_dialogs.CardDialog(self)
        if dialog.exec():
            op = task_runner.Op(
                self.context.venue.guest_actions.replace_card,
                self.context.actor,
                self.file.profile.id,
                dialog.number(),
            )
            self._submit(op, self.tr("New card given; the old card is blocked."))

    @Slot()
    def on_merge_clicked(self) -> None:
        if self.file is None:
            return
        dialog = customer_dialogs.MergeDialog(self.context, self.file.profile, self)
        if dialog.exec() and dialog.duplicate is not None:
            op = task_runner.Op(
                self.context.venue.guest_actions.merge,
                self.context.actor,
                self.file.profile.id,
                dialog.duplicate,
            )
            self._submit(op, self.tr("Records merged."))
