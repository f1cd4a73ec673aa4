"""Reward rules: cashback per lifecycle segment, the welcome bonus, points expiry, the redemption
cap and the minimum balance — saved as a new numbered version (``RewardRulesService.change``:
owner only, one transaction, audited).

Before saving, the page works out what the change does to points (``RewardRulesService.preview``,
on the task runner): points already issued keep the expiry they were issued with, so the owner
sees how many stay as they are and how many expire within 30 days whatever is chosen; the save
is confirmed with that in front of them. The versions saved so far are listed.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication, QLocale, Qt, Slot
from PySide6.QtWidgets import (
    QHBoxLayout,
    QHeaderView,
    QMessageBox,
    QPushButton,
    QTableView,
    QVBoxLayout,
)

from boostdesk.domain import reward_rules
from boostdesk.services import reward_rules as rules_service
from boostdesk.ui import formatting, labels, messages, table_models, task_runner, widgets
from boostdesk.ui.backoffice import parts, reward_fields, section


def rule_problem(error: Exception) -> str:
    if isinstance(error, reward_rules.RuleError):
        return QCoreApplication.translate("rewards", "A rule is out of range: %1").replace(
            "%1", str(error)
        )
    return messages.error_text(error)


class RewardsSection(section.Section):
    key = "rewards"

    def __init__(self, context: section.Context) -> None:
        super().__init__(context)
        venue = context.venue
        self.service = rules_service.RewardRulesService(venue.store, venue.settings)
        self.loaded: dict[str, int] = {}
        self.pending: reward_rules.RewardRules | None = None
        self.confirm_box: QMessageBox | None = None

        self.form = reward_fields.RewardForm(self)
        self.save_button = widgets.named(
            QPushButton(self.tr("Save as new version")), "PrimaryButton"
        )
        parts.fit_text(self.save_button)
        self.revert_button = widgets.named(QPushButton(self.tr("Undo edits")), "SecondaryButton")
        self.status = parts.status_line()
        self.effect_label = labels.data("Message", "")
        self.effect_label.setWordWrap(True)
        self.effect_label.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        # room for the longest preview (five lines in Turkish): the versions below take the rest
        self.effect_label.setMinimumHeight(self.effect_label.fontMetrics().lineSpacing() * 5 + 4)
        self.check_button = widgets.named(
            QPushButton(self.tr("Check the effect on points")), "SecondaryButton"
        )
        parts.fit_text(self.check_button)
        self.versions = table_models.TextRowsModel(
            (
                self.tr("No."),
                self.tr("From"),
                self.tr("Cashback"),
                self.tr("Welcome"),
                self.tr("Expiry"),
            )
        )
        self.versions_view = QTableView(objectName="RewardVersions")
        self.versions_view.setModel(self.versions)
        parts.table(self.versions_view)
        header = self.versions_view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        self.versions_view.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self._build()
        self._connect_signals()

    def _build(self) -> None:
        self.status.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        layout = parts.page(
            self,
            self.tr("Reward rules"),
            self.tr(
                "A change applies to visits from the moment it is saved, as a new version. "
                "Points already issued keep the expiry they were issued with."
            ),
            actions=(self.status, self.revert_button, self.save_button),
        )
        rules_card, rules_box = parts.card(self.tr("Rules"))
        rules_box.addWidget(self.form)
        note = labels.data(
            "Hint",
            self.tr(
                "The visit that moves a guest up earns the new segment's cashback. The welcome "
                "bonus is booked at enrolment and can be spent from the guest's second visit, "
                "until it expires."
            ),
        )
        note.setWordWrap(True)
        rules_box.addWidget(note)

        effect_card, effect_box = parts.card(self.tr("Effect on points"))
        effect_box.addWidget(self.effect_label)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.check_button)
        effect_box.addLayout(row)

        versions_card, versions_box = parts.card(self.tr("Versions"))
        versions_box.addWidget(self.versions_view, 1)

        left = QVBoxLayout()
        left.addWidget(rules_card)
        left.addStretch(1)
        right = QVBoxLayout()
        right.setSpacing(14)
        right.addWidget(effect_card)
        right.addWidget(versions_card, 1)
        columns = QHBoxLayout()
        columns.setSpacing(18)
        columns.addLayout(left, 1)
        columns.addLayout(right, 1)
        layout.addLayout(columns, 1)

    def _connect_signals(self) -> None:
        self.save_button.clicked.connect(self.on_save_button_clicked)
        self.revert_button.clicked.connect(self.on_revert_button_clicked)
        self.check_button.clicked.connect(self.on_check_button_clicked)

    # -- loading ---------------------------------------------------------------------------------

    def on_shown(self) -> None:
        venue = self.context.venue

        def load() -> tuple[dict[str, Any], list[tuple[int, int, reward_rules.RewardRules]]]:
            return venue.settings.all(), self.service.versions()

        self.context.runner.submit(load, self.on_loaded)

    def on_loaded(
        self, loaded: tuple[dict[str, Any], list[tuple[int, int, reward_rules.RewardRules]]]
    ) -> None:
        values, versions = loaded
        self.loaded = reward_rules.RewardRules.from_settings(values).as_settings()
        self.form.fill(values)
        self.effect_label.setText(
            self.tr("Change a rule, then check what it does to the points guests hold.")
        )
        self.show_versions(versions, values)

    def show_versions(
        self, versions: list[tuple[int, int, reward_rules.RewardRules]], values: dict[str, Any]
    ) -> None:
        currency = str(values.get("venue.currency") or "TRY")
        zone = self.context.timezone
        if not versions:  # the rules in force before the first saved change
            versions = [(1, 0, reward_rules.RewardRules.from_settings(values))]
        rows = []
        for number, valid_from, rules in reversed(versions):
            when = (
                formatting.local_datetime(valid_from, zone)
                if valid_from
                else self.tr("from the start")
            )
            cashback = (
                " / ".join(
                    QLocale().toString(bp / 100, "g", 4)
                    for bp in (rules.cashback_bp, rules.cashback_loyal_bp, rules.cashback_vip_bp)
                )
                + " %"
            )
            rows.append(
                (
                    str(number),
                    when,
                    cashback,
                    formatting.money(rules.welcome_bonus_minor, currency),
                    self.tr("%1 days").replace("%1", str(rules.points_expiry_days)),
                )
            )
        self.versions.set_texts(rows)

    # -- the form --------------------------------------------------------------------------------

    def edited(self) -> reward_rules.RewardRules:
        values = {**self.loaded, **self.form.values()}
        return reward_rules.RewardRules.from_settings(values)

    @Slot()
    def on_revert_button_clicked(self) -> None:
        parts.show_status(self.status, "")
        self.on_shown()

    @Slot()
    def on_check_button_clicked(self) -> None:
        self.run_preview(confirm=False)

    @Slot()
    def on_save_button_clicked(self) -> None:
        new = self.edited()
        if new.as_settings() == self.loaded:
            parts.show_status(self.status, self.tr("Nothing to save: no rule was changed."))
            return
        problem = self.form.problem()
        if not problem:
            try:
                new.validate()
            except reward_rules.RuleError as exc:
                problem = rule_problem(exc)
        if problem:
            parts.show_status(self.status, problem, error=True)
            return
        self.run_preview(confirm=True)

    def run_preview(self, *, confirm: bool) -> None:
        new = self.edited()
        self.pending = new if confirm else None
        self.check_button.setEnabled(False)
        self.effect_label.setText(self.tr("Working out the effect on points…"))
        self.context.runner.run(
            task_runner.Op(self.service.preview, new)
            .with_progress(self.tr("Working out the effect on points…"))
            .on_success(self.on_preview_ready)
            .on_failure(self.on_failed)
        )

    def effect_text(self, preview: reward_rules.ExpiryPreview) -> str:
        currency = self.context.currency
        text = self.tr(
            "Guests hold %1 of points. They keep the expiry they were issued with: %2 of them "
            "expire within 30 days whatever you choose here."
        )
        text = text.replace("%1", formatting.money(preview.open_points_minor, currency))
        text = text.replace("%2", formatting.money(preview.expiring_30_days_minor, currency))
        if preview.new_days != preview.old_days:
            change = self.tr("Points earned from now on expire after %1 days (until now: %2).")
            change = change.replace("%1", str(preview.new_days))
            text += " " + change.replace("%2", str(preview.old_days))
        else:
            text += " " + self.tr("Points expire after %1 days, as before.").replace(
                "%1", str(preview.new_days)
            )
        return text

    def on_preview_ready(self, preview: reward_rules.ExpiryPreview) -> None:
        self.check_button.setEnabled(True)
        text = self.effect_text(preview)
        self.effect_label.setText(text)
        if self.pending is None:
            return
        box = QMessageBox(
            QMessageBox.Icon.Question,
            self.tr("Save the reward rules"),
            self.tr("Save these rules as a new version? They apply from now on.") + "\n\n" + text,
            QMessageBox.StandardButton.Save | QMessageBox.StandardButton.Cancel,
            self,
        )
        box.setDefaultButton(QMessageBox.StandardButton.Save)
        box.finished.connect(self.on_confirm_box_finished)
        self.confirm_box = box
        box.open()

    @Slot(int)
    def on_confirm_box_finished(self, result: int) -> None:
        new, self.pending = self.pending, None
        self.confirm_box = None
        if new is None or result != QMessageBox.StandardButton.Save:
            parts.show_status(self.status, self.tr("Not saved."))
            return
        self.save_button.setEnabled(False)
        self.context.runner.run(
            task_runner.Op(self.service.change, self.context.actor, new)
            .on_success(self.on_saved)
            .on_failure(self.on_failed)
        )

    def on_saved(self, result: Any) -> None:
        self.save_button.setEnabled(True)
        parts.show_status(
            self.status, self.tr("Saved as version %1.").replace("%1", str(result.value))
        )
        self.on_shown()

    def on_failed(self, error: Exception) -> None:
        self.save_button.setEnabled(True)
        self.check_button.setEnabled(True)
        self.pending = None
        parts.show_status(self.status, rule_problem(error), error=True)

    def on_locked(self) -> None:
        if self.confirm_box is not None:
            self.confirm_box.reject()
