"""The guest panel: who is at the counter, their segment, points, vouchers and a suggestion."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QGridLayout, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from boostdesk.domain.segments import lifecycle
from boostdesk.services import counter
from boostdesk.ui import explanations, formatting, labels

# Badge colours by lifecycle segment (background, text).
BADGE_COLOURS = {
    "vip": ("#7b3fa0", "#ffffff"),
    "loyal": ("#2e7d32", "#ffffff"),
    "regular": ("#5d768b", "#ffffff"),
    "new": ("#1e88e5", "#ffffff"),
    "potential_loyal": ("#00897b", "#ffffff"),
    "at_risk": ("#ef6c00", "#ffffff"),
    "lost": ("#c62828", "#ffffff"),
    "gone": ("#616161", "#ffffff"),
    "registered": ("#3949ab", "#ffffff"),
}


class GuestPanel(QFrame):
    def __init__(self, currency: str, timezone: str, parent: QWidget | None = None) -> None:
        super().__init__(parent, objectName="GuestPanel")
        self.currency = currency
        self.timezone = timezone
        self.category_names: dict[str, str] = {}
        self.explainer = explanations.SegmentExplainer(currency, timezone, self)
        self.name_label = labels.data("GuestName")
        self.badge = labels.data("SegmentBadge")
        self.badge.setAlignment(Qt.AlignmentFlag.AlignCenter)
        # Why the guest is in the segment: beside the badge, so the panel grows no taller.
        self.reason_label = labels.data("SegmentReason")
        self.reason_label.setWordWrap(True)
        self.detail_label = labels.data("GuestDetail")
        self.balance_value = labels.data("StatValue")
        self.balance_note = labels.data("StatNote")
        self.visits_value = labels.data("StatValue")
        self.visits_note = labels.data("StatNote")
        self.last_value = labels.data("StatValue")
        self.last_note = labels.data("StatNote")
        # Notes in two columns, so four of them (voucher, birthday, next step, favourite) take
        # two rows and the counter still fits a 1366×768 till.
        self.chips = QGridLayout()
        self.chips.setHorizontalSpacing(8)
        self.chips.setVerticalSpacing(6)
        self.chips.setColumnStretch(0, 1)
        self.chips.setColumnStretch(1, 1)

        title = QHBoxLayout()
        title.addWidget(self.name_label)
        title.addSpacing(12)
        title.addWidget(self.badge, 0, Qt.AlignmentFlag.AlignVCenter)
        title.addSpacing(10)
        title.addWidget(self.reason_label, 1, Qt.AlignmentFlag.AlignVCenter)
        stats = QGridLayout()
        stats.setHorizontalSpacing(36)
        stats.setVerticalSpacing(2)
        pairs = (
            (self.tr("Points"), self.balance_value, self.balance_note),
            (self.tr("Visits"), self.visits_value, self.visits_note),
            (self.tr("Last visit"), self.last_value, self.last_note),
        )
        for column, (caption, value, note) in enumerate(pairs):
            stats.addWidget(QLabel(caption, objectName="StatTitle"), 0, column)
            stats.addWidget(value, 1, column)
            stats.addWidget(note, 2, column)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 14, 24, 16)
        layout.setSpacing(6)
        layout.addLayout(title)
        layout.addWidget(self.detail_label)
        layout.addSpacing(4)
        layout.addLayout(stats)
        layout.addSpacing(4)
        layout.addLayout(self.chips)

    def segment_name(self, key: str | None) -> str:
        names = {
            "vip": self.tr("VIP"),
            "loyal": self.tr("Loyal"),
            "regular": self.tr("Regular"),
            "new": self.tr("New"),
            "potential_loyal": self.tr("Potential loyal"),
            "at_risk": self.tr("At risk"),
            "lost": self.tr("Lost"),
            "gone": self.tr("Gone"),
            "registered": self.tr("Registered"),
        }
        return names.get(key or "", "")

    def set_categories(self, names: dict[str, str]) -> None:
        """The display name of each category code (see :mod:`boostdesk.ui.categories`)."""
        self.category_names = dict(names)

    def set_rules(self, rules: lifecycle.LifecycleRules) -> None:
        """The venue's lifecycle thresholds, quoted in the segment explanation."""
        self.explainer.rules = rules

    def category_name(self, code: str | None) -> str:
        return self.category_names.get(code or "", code or "")

    def show_guest(self, guest: counter.GuestView) -> None:
        self.name_label.setText(guest.first_name)
        name = self.segment_name(guest.lifecycle)
        self.badge.setVisible(bool(name))
        if name:
            background, colour = BADGE_COLOURS.get(guest.lifecycle or "", ("#8a7564", "#ffffff"))
            self.badge.setText(name)
            self.badge.setStyleSheet(f"background: {background}; color: {colour};")
        reason = self.explainer.reason(guest)
        self.reason_label.setText(reason if name else "")
        self.badge.setToolTip(reason)
        detail = [self.tr("Card %1").replace("%1", guest.card_number)]
        detail += [text for text in (guest.phone_masked, guest.email_masked) if text]
        if guest.card_status not in ("active", "none"):
            status = {"lost": self.tr("reported lost"), "blocked": self.tr("blocked")}
            detail.append(
                self.tr("card is %1").replace(
                    "%1", status.get(guest.card_status, guest.card_status)
                )
            )
        self.detail_label.setText("  ·  ".join(detail))
        self._stats(guest)
        self._fill_chips(guest)

    def _stats(self, guest: counter.GuestView) -> None:
        balance = guest.balance
        self.balance_value.setText(formatting.money(balance.usable_minor, self.currency))
        notes = []
        if balance.pending_minor:
            notes.append(
                self.tr("+%1 from the next visit").replace(
                    "%1", formatting.money(balance.pending_minor, self.currency)
                )
            )
        if balance.expiring_soon_minor:
            notes.append(
                self.tr("%1 expire within 30 days").replace(
                    "%1", formatting.money(balance.expiring_soon_minor, self.currency)
                )
            )
        self.balance_note.setText("\n".join(notes))
        self.visits_value.setText(formatting.number(guest.visits))
        self.visits_note.setText(self.tr("%n this month", "", guest.visits_month))
        if guest.last_visit is None:
            self.last_value.setText(self.tr("first visit"))
            self.last_note.setText("")
        else:
            ago = formatting.days_ago(guest.last_visit.visited_at, self.timezone)
            self.last_value.setText(
                self.tr("today") if ago == 0 else self.tr("%n day(s) ago", "", ago)
            )
            self.last_note.setText(formatting.money(guest.last_visit.amount_minor, self.currency))

    def _fill_chips(self, guest: counter.GuestView) -> None:
        while self.chips.count():
            item = self.chips.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.hide()  # off screen now, not when the event loop deletes it
                widget.deleteLater()
        for index, (text, kind) in enumerate(self.chip_texts(guest)):
            chip = labels.data("Chip", text)
            chip.setProperty("kind", kind)
            chip.setWordWrap(True)
            self.chips.addWidget(chip, index // 2, index % 2)

    def chip_texts(self, guest: counter.GuestView) -> list[tuple[str, str]]:
        """The short notes under the numbers, most important first."""
        chips: list[tuple[str, str]] = []
        if guest.vouchers:
            to_print = sum(1 for v in guest.vouchers if not v.printed)
            text = self.tr("%n voucher(s) to hand over", "", len(guest.vouchers))
            if to_print:
                text += " · " + self.tr("%n to print", "", to_print)
            chips.append((text, "voucher"))
        if guest.birthday_in_days is not None:
            chips.append(
                (
                    self.tr("Birthday today!")
                    if guest.birthday_in_days == 0
                    else self.tr("Birthday in %n day(s)", "", guest.birthday_in_days),
                    "birthday",
                )
            )
        step = guest.next_step
        if step is not None:
            target = self.segment_name(step.target)
            if step.visits_needed:
                text = self.tr("%n more visit(s) in 30 days → %1", "", step.visits_needed)
            elif step.average_needed_minor:
                text = self.tr("average bill %2 more → %1").replace(
                    "%2", formatting.money(step.average_needed_minor, self.currency)
                )
            else:
                text = self.tr("on the way to %1")
            chips.append((text.replace("%1", target), "step"))
        if guest.favourite_category:
            chips.append(
                (
                    self.tr("Favourite: %1").replace(
                        "%1", self.category_name(guest.favourite_category)
                    ),
                    "info",
                )
            )
        return chips
