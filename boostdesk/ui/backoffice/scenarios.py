"""The Scenarios section: the retention scenarios (list and editor with the cost of the next run),
their results (treated vs control, lift with its 95 % interval, cost) and the outbox."""

from __future__ import annotations

import dataclasses
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QLocale,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Slot,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDoubleSpinBox,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from boostdesk.domain import scenarios as rules
from boostdesk.services import outbox as outbox_service
from boostdesk.services import scenario_results
from boostdesk.services import scenarios as scenario_service
from boostdesk.ui import formatting, labels, table_models, task_runner
from boostdesk.ui.backoffice import section

_Index = QModelIndex | QPersistentModelIndex
_LIFECYCLE = (
    "new",
    "potential_loyal",
    "regular",
    "loyal",
    "vip",
    "at_risk",
    "lost",
    "gone",
    "registered",
)


class Names(QObject):
    """Translated names of the templates, triggers, segments and outbox states."""

    def template(self, key: str) -> str:
        return {
            "welcome": self.tr("Welcome"),
            "second_visit": self.tr("Second visit"),
            "winback": self.tr("Win-back"),
            "winback_at_risk": self.tr("Win-back (At risk)"),
            "winback_lost": self.tr("Win-back (Lost)"),
            "birthday": self.tr("Birthday"),
            "name_day": self.tr("Name day"),
            "family_birthday": self.tr("Family birthday"),
            "vip_welcome": self.tr("VIP welcome"),
            "points_expiry": self.tr("Points expiry reminder"),
        }.get(key, key)

    def segment(self, key: str) -> str:
        return {
            "new": self.tr("New"),
            "potential_loyal": self.tr("Potential loyal"),
            "regular": self.tr("Regular"),
            "loyal": self.tr("Loyal"),
            "vip": self.tr("VIP"),
            "at_risk": self.tr("At risk"),
            "lost": self.tr("Lost"),
            "gone": self.tr("Gone"),
            "registered": self.tr("Registered"),
        }.get(key, key)

    def trigger(self, scenario: rules.Scenario) -> str:
        days = scenario.days_before
        if scenario.trigger == "entered":
            return self.tr("Enters %1").replace("%1", self.segment(scenario.segment))
        if scenario.trigger == "enrolled":
            return self.tr("On enrolment")
        text = {
            "birthday": self.tr("%n day(s) before the birthday", "", days),
            "name_day": self.tr("%n day(s) before the name day", "", days),
            "family_birthday": self.tr("%n day(s) before a family birthday", "", days),
            "points_expiry": self.tr("%n day(s) before points expire", "", days),
        }
        return text.get(scenario.trigger, scenario.trigger)

    def state(self, key: str) -> str:
        return {
            "queued": self.tr("Queued"),
            "sending": self.tr("Sending"),
            "sent": self.tr("Sent"),
            "uncertain": self.tr("Uncertain"),
            "failed": self.tr("Failed"),
            "cancelled": self.tr("Cancelled"),
            "exported": self.tr("Exported"),
        }.get(key, key)

    def verdict(self, key: str) -> str:
        return {
            "too_small": self.tr("Sample too small to conclude"),
            "positive": self.tr("Works: more guests return"),
            "negative": self.tr("Fewer return than without it"),
            "unclear": self.tr("No clear effect yet"),
        }.get(key, key)


class ScenarioModel(table_models.ListModel[scenario_service.ScenarioInfo]):
    """The venue's scenarios: name, trigger, on/off (the reward and budget in the tooltip)."""

    def __init__(self, names: Names, currency: str, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.names = names
        self.currency = currency

    def headers(self) -> tuple[str, ...]:
        return (self.tr("Scenario"), self.tr("When"), self.tr("On"))

    def cell(self, row: Any, column: int) -> str:
        if column == 0:
            return self.names.template(row.name if row.name != row.key else row.key)
        if column == 1:
            return self.names.trigger(row.scenario)
        return self.tr("On") if row.enabled else self.tr("Off")

    def decoration(self, row: Any, column: int, role: int) -> Any:
        scenario = row.scenario
        if role == Qt.ItemDataRole.ToolTipRole and column == 1:
            return self.names.trigger(scenario)
        if role == Qt.ItemDataRole.ToolTipRole:
            budget = scenario.monthly_budget_minor
            text = self.reward_text(scenario)
            if budget and scenario.gives_voucher:
                text += " · " + self.tr("budget %1 a month").replace(
                    "%1", formatting.money(budget, self.currency)
                )
            return text
        if role == Qt.ItemDataRole.UserRole:
            return row.key
        return None

    def reward_text(self, scenario: rules.Scenario) -> str:
        reward = scenario.reward
        if reward.kind == "fixed":
            return self.tr("Voucher %1").replace(
                "%1", formatting.money(reward.amount_minor, self.currency)
            )
        if reward.kind == "value_based":
            return (
                self.tr("Voucher %1–%2 by value")
                .replace("%1", formatting.money(reward.min_minor, self.currency))
                .replace("%2", formatting.money(reward.max_minor, self.currency))
            )
        return self.tr("Message only")


def _whole(minor: int, currency: str) -> str:
    """Money rounded to whole units, for a dense table: ``₺7.875``."""
    symbol = formatting.CURRENCY_SYMBOLS.get(currency, currency)
    return QLocale().toCurrencyString(round(minor / 100), symbol, 0)


def _signed(share: float) -> str:
    """A difference of shares in percentage points, signed, in the user's locale: ``+4,2``."""
    text = QLocale().toString(abs(share) * 100, "f", 1)
    return ("-" if share < 0 else "+") + text


def _percent(share: float) -> str:
    """``%12,5`` in Turkish (the sign first), ``12.5%`` in English."""
    locale = QLocale()
    text = locale.toString(share * 100, "f", 1)
    return f"%{text}" if locale.language() == QLocale.Language.Turkish else f"{text}%"


class ResultModel(table_models.ListModel[scenario_results.ScenarioResult]):
    """Treated vs control per scenario."""

    def __init__(self, names: Names, currency: str, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.names = names
        self.currency = currency

    def headers(self) -> tuple[str, ...]:
        return (
            self.tr("Scenario"),
            self.tr("Guests\nT / C"),
            self.tr("Came back\nT / C"),
            self.tr("Lift, points\n(95 % interval)"),
            self.tr("Revenue / guest\nT / C"),
            self.tr("Used /\ncost"),
            self.tr("Net\neffect"),
            self.tr("Verdict"),
        )

    def cells(self, result: scenario_results.ScenarioResult) -> tuple[str, ...]:
        c = result.comparison
        money = self.currency
        lift = "—"
        if c.treated and c.control:
            lift = f"{_signed(c.lift)} [{_signed(c.lift_low)}; {_signed(c.lift_high)}]"
        treated = round(c.per_guest(c.treated_revenue_minor, c.treated))
        control = round(c.per_guest(c.control_revenue_minor, c.control))
        verdict = (
            self.tr("No guest met yet")
            if c.treated + c.control == 0
            else self.names.verdict(c.verdict())
        )
        return (
            self.names.template(result.key),
            f"{formatting.number(c.treated)} / {formatting.number(c.control)}",
            f"{_percent(c.rate(True))} / {_percent(c.rate(False))}",
            lift,
            f"{_whole(treated, money)} / {_whole(control, money)}",
            f"{formatting.number(c.redemptions)} / {_whole(c.cost_minor, money)}",
            _whole(c.net_effect_minor, money),
            verdict,
        )

    def cell(self, row: Any, column: int) -> str:
        return self.cells(row)[column]

    def decoration(self, row: Any, column: int, role: int) -> Any:
        if role == Qt.ItemDataRole.ToolTipRole and column == 3:
            return self.tr(
                "Difference in the share of guests who came back within %1 days, treated minus "
                "control, with its 95 % confidence interval (Newcombe's hybrid score method)."
            ).replace("%1", str(row.window_days))
        return None


class OutboxModel(table_models.ListModel[Any]):
    """The outbox's messages, newest first (rows as the outbox service lists them)."""

    def __init__(self, names: Names, timezone: str, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.names = names
        self.timezone = timezone

    def headers(self) -> tuple[str, ...]:
        return (
            self.tr("Queued at"),
            self.tr("Channel"),
            self.tr("Language"),
            self.tr("State"),
            self.tr("Attempts"),
            self.tr("Subject"),
        )

    def cell(self, row: Any, column: int) -> str:
        return (
            formatting.local_datetime(row.created_at, self.timezone),
            self.tr("E-mail") if row.channel == "email" else self.tr("SMS"),
            row.language.upper(),
            self.names.state(row.state),
            str(row.attempts),
            row.subject or row.body[:60],
        )[column]


def _table(model: QAbstractTableModel, name: str) -> QTableView:
    view = QTableView(objectName=name)
    view.setModel(model)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.verticalHeader().hide()
    view.setWordWrap(False)
    view.horizontalHeader().setStretchLastSection(True)
    return view


class Editor(QGroupBox):
    """One scenario's settings; ``scenario()`` reads them back."""

    def __init__(self, names: Names, parent: QWidget | None = None) -> None:
        super().__init__(parent, objectName="ScenarioEditor")
        self.names = names
        self.base: rules.Scenario | None = None
        self.audience = QComboBox(objectName="Audience")
        self.days_before = QSpinBox(objectName="DaysBefore", minimum=0, maximum=60)
        self.reward_kind = QComboBox(objectName="RewardKind")
        self.reward_kind.addItem(self.tr("Message only"), "none")
        self.reward_kind.addItem(self.tr("Fixed voucher"), "fixed")
        self.reward_kind.addItem(self.tr("Voucher by guest value"), "value_based")
        self.amount = QSpinBox(objectName="Amount", minimum=0, maximum=100_000, suffix=" ₺")
        self.factor = QDoubleSpinBox(objectName="Factor", minimum=0.05, maximum=5, singleStep=0.05)
        self.basis = QComboBox(objectName="Basis")
        self.basis.addItem(self.tr("× monthly spend"), "monthly")
        self.basis.addItem(self.tr("× 12-month value"), "clv")
        self.minimum = QSpinBox(objectName="Minimum", minimum=0, maximum=100_000, suffix=" ₺")
        self.maximum = QSpinBox(objectName="Maximum", minimum=0, maximum=100_000, suffix=" ₺")
        self.valid_days = QSpinBox(objectName="ValidDays", minimum=1, maximum=365)
        self.holdout = QSpinBox(objectName="Holdout", minimum=0, maximum=50, suffix=" %")
        self.budget = QSpinBox(objectName="Budget", minimum=0, maximum=10_000_000, suffix=" ₺")
        self.budget.setSpecialValueText(self.tr("no limit"))
        self.language = QComboBox(objectName="MessageLanguage")
        self.language.addItem(self.tr("Turkish"), "tr")
        self.language.addItem(self.tr("English"), "en")
        self.subject = QLineEdit(objectName="Subject")
        self.subject.setPlaceholderText(self.tr("Subject"))
        self.body = QPlainTextEdit(objectName="Body")
        self.body.setMinimumHeight(60)
        self.messages: dict[str, dict[str, str]] = {}
        self.placeholders = labels.data(
            "Hint",
            self.tr("Placeholders: %1").replace(
                "%1", " ".join("{" + p + "}" for p in rules.PLACEHOLDERS)
            ),
        )
        self.placeholders.setWordWrap(True)
        for spin in (self.days_before, self.factor, self.holdout, self.valid_days):
            spin.setMaximumWidth(120)
        for spin in (self.budget, self.minimum, self.maximum, self.amount):
            spin.setMaximumWidth(150)
        # the basis reads whole ("× monthly spend"): its column gives way to it, not the reverse
        self.basis.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        for combo in (self.audience, self.reward_kind, self.language):
            combo.setSizeAdjustPolicy(
                QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
            )
            combo.setMinimumContentsLength(8)
        form = QGridLayout(self)
        form.setHorizontalSpacing(12)
        form.setVerticalSpacing(6)
        # The audience and the reward choices read long (Turkish: "Misafir değerine göre çek"):
        # each has a row of its own across the form, so neither is cut beside another field.
        form.addWidget(QLabel(self.tr("Audience")), 0, 0)
        form.addWidget(self.audience, 0, 1, 1, 3)
        reward_label = QLabel(self.tr("Reward"))
        form.addWidget(reward_label, 1, 0)
        form.addWidget(self.reward_kind, 1, 1, 1, 3)
        self.label_of: dict[QWidget, QLabel] = {self.reward_kind: reward_label}
        rows: list[tuple[tuple[str, QWidget], ...]] = [
            ((self.tr("Valid for (days)"), self.valid_days),
             (self.tr("Budget / month"), self.budget)),
            ((self.tr("Held out"), self.holdout), (self.tr("Days before"), self.days_before)),
            ((self.tr("Fixed amount"), self.amount),),  # shown alone: never with the two below
            ((self.tr("Based on"), self.basis), (self.tr("Factor"), self.factor)),
            ((self.tr("Minimum"), self.minimum), (self.tr("Maximum"), self.maximum)),
        ]  # fmt: skip
        for row, fields in enumerate(rows, start=2):
            for column, (text, widget) in enumerate(fields):
                label = QLabel(text)
                self.label_of[widget] = label
                form.addWidget(label, row, 2 * column)
                # A spin box capped in width sits at the left of its cell: added plainly, its
                # cap would cap the whole column and starve the choices beside it.
                capped = widget.maximumWidth() < 1000
                align = Qt.AlignmentFlag.AlignLeft if capped else Qt.AlignmentFlag(0)
                form.addWidget(widget, row, 2 * column + 1, alignment=align)
        last = len(rows) + 2
        subject_row = QHBoxLayout()
        subject_row.addWidget(self.subject, 1)
        subject_row.addWidget(self.language)
        form.addWidget(QLabel(self.tr("Message")), last, 0)
        form.addLayout(subject_row, last, 1, 1, 3)
        form.addWidget(self.body, last + 1, 0, 1, 4)
        form.addWidget(self.placeholders, last + 2, 0, 1, 4)
        form.setRowStretch(last + 1, 1)  # the message takes the room the other fields leave
        form.setColumnStretch(1, 1)
        form.setColumnStretch(3, 1)
        self.current_language = "tr"
        self.language.currentIndexChanged.connect(self.on_language_changed)
        self.reward_kind.currentIndexChanged.connect(self.on_reward_kind_changed)
        # never every reward field at once (fixed and by value): the form would outgrow 768 px
        self.on_reward_kind_changed()

    def set_audiences(self, custom: list[tuple[str, str]]) -> None:
        """Offer every lifecycle segment and each saved custom segment ``(key, name)``; the
        stored value stays ``custom:KEY`` while the owner reads the segment's name."""
        self.audience.clear()
        self.audience.addItem(self.tr("Everyone the trigger meets"), "")
        for key in _LIFECYCLE:
            self.audience.addItem(
                self.tr("Only %1 guests").replace("%1", self.names.segment(key)),
                f"lifecycle:{key}",
            )
        for key, name in custom:
            self.audience.addItem(self.tr("Custom: %1").replace("%1", name), f"custom:{key}")

    def load(self, scenario: rules.Scenario) -> None:
        self.base = scenario
        self.setTitle(self.names.template(scenario.key) + " — " + self.names.trigger(scenario))
        found = self.audience.findData(scenario.audience)
        self.audience.setCurrentIndex(max(found, 0))
        self.days_before.setValue(scenario.days_before)
        self._show(self.days_before, scenario.trigger not in ("entered", "enrolled"))
        reward = scenario.reward
        self.reward_kind.setCurrentIndex(max(self.reward_kind.findData(reward.kind), 0))
        self.amount.setValue(reward.amount_minor // 100)
        self.factor.setValue(reward.factor)
        self.basis.setCurrentIndex(max(self.basis.findData(reward.basis), 0))
        self.minimum.setValue(reward.min_minor // 100)
        self.maximum.setValue(reward.max_minor // 100)
        self.valid_days.setValue(reward.valid_days)
        self.holdout.setValue(scenario.holdout_bp // 100)
        self.budget.setValue(scenario.monthly_budget_minor // 100)
        self.messages = {k: dict(v) for k, v in scenario.messages.items()}
        self.current_language = "tr"
        self.language.setCurrentIndex(0)
        self._show_message("tr")
        self.on_reward_kind_changed()

    def _show_message(self, language: str) -> None:
        texts = self.messages.get(language, {})
        self.subject.setText(texts.get("subject", ""))
        self.body.setPlainText(texts.get("body", ""))

    def _keep_message(self) -> None:
        self.messages[self.current_language] = {
            "subject": self.subject.text(),
            "body": self.body.toPlainText(),
        }

    @Slot(int)
    def on_language_changed(self, _index: int) -> None:
        self._keep_message()
        self.current_language = str(self.language.currentData())
        self._show_message(self.current_language)

    @Slot()
    def on_reward_kind_changed(self, *_args: object) -> None:
        kind = self.reward_kind.currentData()
        self._show(self.amount, kind == "fixed")
        for widget in (self.basis, self.factor, self.minimum, self.maximum):
            self._show(widget, kind == "value_based")
        self._show(self.valid_days, kind != "none")
        self._show(self.budget, kind != "none")

    def _show(self, widget: QWidget, visible: bool) -> None:
        """Only the fields that matter for this scenario are shown."""
        widget.setVisible(visible)
        self.label_of[widget].setVisible(visible)

    def scenario(self) -> rules.Scenario:
        assert self.base is not None
        self._keep_message()
        reward = rules.Reward(
            kind=str(self.reward_kind.currentData()),
            amount_minor=self.amount.value() * 100,
            factor=round(self.factor.value(), 2),
            basis=str(self.basis.currentData()),
            min_minor=self.minimum.value() * 100,
            max_minor=self.maximum.value() * 100,
            valid_days=self.valid_days.value(),
        )
        return dataclasses.replace(
            self.base,
            audience=str(self.audience.currentData() or ""),
            days_before=self.days_before.value(),
            reward=reward,
            holdout_bp=self.holdout.value() * 100,
            monthly_budget_minor=self.budget.value() * 100,
            messages=self.messages,
        )


class ScenariosSection(section.Section):
    key = "scenarios"

    def __init__(self, context: section.Context) -> None:
        super().__init__(context)
        self.names = Names(self)
        currency = context.currency
        self.tabs = QTabWidget(objectName="ScenarioTabs")
        # -- scenarios tab
        self.model = ScenarioModel(self.names, currency, self)
        self.table = _table(self.model, "ScenarioTable")
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Fixed)
        header.setStretchLastSection(False)
        self.table.setColumnWidth(2, 64)
        self.editor = Editor(self.names)
        self.preview_label = labels.data("PreviewText", self.tr("Choose a scenario."))
        self.preview_label.setWordWrap(True)
        self.preview_button = QPushButton(
            self.tr("Cost of the next run"), objectName="CompactButton"
        )
        # Form-sized buttons: the page must fit 768 pixels with every reward field shown.
        self.save_button = QPushButton(self.tr("Save"), objectName="CompactButton")
        self.switch_button = QPushButton(self.tr("Switch on"), objectName="CompactPrimaryButton")
        self.template_box = QComboBox(objectName="TemplateBox")
        self.template_box.setSizeAdjustPolicy(  # the longest template name must not widen the page
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.template_box.setMinimumContentsLength(8)
        for key in rules.TEMPLATES:
            self.template_box.addItem(self.names.template(key), key)
        self.add_button = QPushButton(self.tr("Add from template"), objectName="CompactButton")
        self.message = labels.data("Hint")
        left = QVBoxLayout()
        left.addWidget(self.table, 1)
        add_row = QHBoxLayout()
        add_row.addWidget(self.template_box, 1)
        add_row.addWidget(self.add_button)
        left.addLayout(add_row)
        right = QVBoxLayout()
        right.addWidget(self.editor)
        right.addWidget(self.preview_label)
        buttons = QHBoxLayout()
        buttons.addWidget(self.preview_button)
        buttons.addStretch(1)
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.switch_button)
        right.addLayout(buttons)
        right.addWidget(self.message)
        right.addStretch(1)
        scenarios_tab = QWidget()
        split = QHBoxLayout(scenarios_tab)
        split.addLayout(left, 3)
        split.addLayout(right, 5)
        # -- results tab
        self.results_model = ResultModel(self.names, currency, self)
        self.results_table: QTableView | None = None  # built when its tab is first shown
        self.results_note = labels.data(
            "Hint",
            self.tr(
                "T: guests a scenario met (treated); C: the share held out at random "
                "(control), over the 30 days after. The lift is the difference in the share who "
                "came back, in percentage points, with its 95 % confidence interval (Newcombe's "
                "method). Below 30 guests in a group no conclusion is drawn."
            ),
        )
        self.results_note.setWordWrap(True)
        results_tab = QWidget()
        self.results_box = QVBoxLayout(results_tab)
        self.results_box.addWidget(self.results_note)
        # -- outbox tab
        self.outbox_model = OutboxModel(self.names, context.timezone, self)
        self.outbox_table: QTableView | None = None  # built when its tab is first shown
        self.outbox_counts = labels.data("OutboxCounts")
        self.outbox_counts.setWordWrap(True)
        self.outbox_hint = labels.data(
            "Hint",
            self.tr(
                "Messages go out only on a channel the guest consents to. E-mails are sent over "
                "the venue's SMTP server (boostdesk outbox send); SMS messages and the İYS list "
                "are exported for the SMS gateway (boostdesk outbox export sms|iys)."
            ),
        )
        self.outbox_hint.setWordWrap(True)
        outbox_tab = QWidget()
        self.outbox_box = QVBoxLayout(outbox_tab)
        self.outbox_box.addWidget(self.outbox_counts)
        self.outbox_box.addWidget(self.outbox_hint)
        self.tabs.addTab(scenarios_tab, self.tr("Scenarios"))
        self.tabs.addTab(results_tab, self.tr("Results"))
        self.tabs.addTab(outbox_tab, self.tr("Outbox"))

        heading = QLabel(self.tr("Retention scenarios"), objectName="PageTitle")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 16, 24, 16)
        layout.setSpacing(10)
        layout.addWidget(heading)
        layout.addWidget(self.tabs, 1)
        self.selected: scenario_service.ScenarioInfo | None = None
        self._connect_signals()

    def _connect_signals(self) -> None:
        self.tabs.currentChanged.connect(self.on_tabs_current_changed)
        self.table.selectionModel().currentRowChanged.connect(self.on_table_current_changed)
        self.preview_button.clicked.connect(self.on_preview_button_clicked)
        self.save_button.clicked.connect(self.on_save_button_clicked)
        self.switch_button.clicked.connect(self.on_switch_button_clicked)
        self.add_button.clicked.connect(self.on_add_button_clicked)

    @Slot(int)
    def on_tabs_current_changed(self, index: int) -> None:
        """The results and outbox tables are built the first time their tab is shown (the
        section opens at once; most visits only need the list)."""
        if index == 1 and self.results_table is None:
            self.results_table = _table(self.results_model, "ResultTable")
            self.results_table.setWordWrap(True)
            header = self.results_table.horizontalHeader()
            header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
            header.setStretchLastSection(True)
            self.results_table.verticalHeader().setSectionResizeMode(
                QHeaderView.ResizeMode.ResizeToContents
            )
            self.results_box.addWidget(self.results_table, 1)
        elif index == 2 and self.outbox_table is None:
            self.outbox_table = _table(self.outbox_model, "OutboxTable")
            self.outbox_table.horizontalHeader().setSectionResizeMode(
                0, QHeaderView.ResizeMode.ResizeToContents
            )
            self.outbox_box.addWidget(self.outbox_table, 1)

    # -- loading ---------------------------------------------------------------------------------

    def on_shown(self) -> None:
        venue = self.context.venue

        def load() -> tuple[Any, ...]:
            saved = venue.custom_segments.saved()
            custom = sorted(((s.key, s.name) for s in saved), key=lambda s: s[1].casefold())
            results = scenario_results.results(venue.store, venue.scenarios)
            box = outbox_service.OutboxService(venue.store, venue.settings, venue.data_dir)
            return venue.scenarios.listed(), custom, results, box.counts(), box.listed(200)

        self.context.runner.submit(load, self.on_loaded)

    def on_loaded(self, loaded: tuple[Any, ...]) -> None:
        scenarios, custom, results, counts, messages = loaded
        key = self.selected.key if self.selected else None
        self.editor.set_audiences(custom)
        self.model.set_rows(scenarios)
        self.results_model.set_rows(results)
        self.outbox_model.set_rows(messages)
        states = ", ".join(
            f"{self.names.state(state)}: {formatting.number(n)}"
            for state, n in sorted(counts.items())
        )
        self.outbox_counts.setText(states or self.tr("No message has been queued yet."))
        rows = [r.key for r in scenarios]
        self.table.selectRow(rows.index(key) if key in rows else 0)

    @Slot(QModelIndex, QModelIndex)
    def on_table_current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if not current.isValid():
            return
        self.selected = self.model.rows[current.row()]
        self.editor.load(self.selected.scenario)
        self.switch_button.setText(
            self.tr("Switch off") if self.selected.enabled else self.tr("Switch on")
        )
        self.preview_label.setText(
            self.tr("Before switching it on, check what its next run would cost.")
        )
        self.message.clear()

    # -- actions ---------------------------------------------------------------------------------

    def _edited(self) -> rules.Scenario | None:
        try:
            scenario = self.editor.scenario()
            scenario.validate()
        except rules.ScenarioError as exc:
            self.message.setText(self.tr("Check the scenario: %1").replace("%1", str(exc)))
            return None
        return scenario

    @Slot()
    def on_preview_button_clicked(self) -> None:
        scenario = self._edited()
        if scenario is None or self.selected is None:
            return
        venue = self.context.venue
        self.preview_label.setText(self.tr("Working out the next run…"))
        op = task_runner.Op(venue.scenarios.preview, scenario, None, self.selected.id)
        self.context.runner.run(
            op.with_progress(self.tr("Working out the next run…")).on_success(self.on_preview_done)
        )

    def on_preview_done(self, run: scenario_service.ScenarioRun) -> None:
        currency = self.context.currency
        text = self.tr(
            "Next run: %1 guests meet it, %2 held out; %3 vouchers, %4 messages; cost %5."
        )
        for n, value in enumerate(
            (
                formatting.number(run.audience),
                formatting.number(run.holdout),
                formatting.number(run.vouchers),
                formatting.number(run.messages),
                formatting.money(run.cost_minor, currency),
            ),
            start=1,
        ):
            text = text.replace(f"%{n}", value)
        skipped = run.skipped
        if any(skipped.values()):
            text += " " + self.tr(
                "Left out: %1 rewarded lately, %2 over the budget, %3 without consent."
            ).replace("%1", formatting.number(skipped["frequency"])).replace(
                "%2", formatting.number(skipped["budget"])
            ).replace("%3", formatting.number(skipped["consent"]))
        self.preview_label.setText(text)

    def _save(self, enabled: bool) -> None:
        scenario = self._edited()
        if scenario is None or self.selected is None:
            return
        scenario = dataclasses.replace(scenario, enabled=enabled)
        op = task_runner.Op(
            self.context.venue.scenarios.save, self.context.actor, scenario, self.selected.name
        )
        self.context.runner.run(op.on_success(lambda _result: self.on_shown()))
        self.message.setText(self.tr("Saved."))

    @Slot()
    def on_save_button_clicked(self) -> None:
        if self.selected is not None:
            self._save(self.selected.enabled)

    @Slot()
    def on_switch_button_clicked(self) -> None:
        if self.selected is not None:
            self._save(not self.selected.enabled)

    @Slot()
    def on_add_button_clicked(self) -> None:
        template = str(self.template_box.currentData())
        taken = {info.key for info in self.model.rows}
        n = 2
        while f"{template}_{n}" in taken:
            n += 1
        scenario = rules.from_template(template, f"{template}_{n}")
        op = task_runner.Op(
            self.context.venue.scenarios.save,
            self.context.actor,
            scenario,
            f"{self.names.template(template)} {n}",
        )
        self.context.runner.run(op.on_success(lambda _result: self.on_shown()))
