"""Today at the counter: how many visits so far and the latest few, so a cashier can check the
last entry at a glance (and void it if it was wrong)."""

from __future__ import annotations

from PySide6.QtWidgets import QFrame, QGridLayout, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from boostdesk.services import counter
from boostdesk.ui import formatting, labels


class TodayPanel(QFrame):
    ROWS = 4
    """Visits listed; the panel always keeps room for this many, so the counter never grows."""

    def __init__(self, currency: str, timezone: str, parent: QWidget | None = None) -> None:
        super().__init__(parent, objectName="TodayPanel")
        self.currency = currency
        self.timezone = timezone
        self.title = QLabel(self.tr("Today"), objectName="SectionTitle")
        self.totals = labels.data("Hint")
        self.rows = QGridLayout()
        self.rows.setHorizontalSpacing(18)
        self.rows.setVerticalSpacing(3)
        head = QHBoxLayout()
        head.addWidget(self.title)
        head.addStretch(1)
        head.addWidget(self.totals)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 10, 20, 10)
        layout.setSpacing(4)
        layout.addLayout(head)
        layout.addLayout(self.rows)

    def show_today(self, today: counter.TodaySummary) -> None:
        self.totals.setText(
            self.tr("%n visit(s)", "", today.visits)
            + " · "
            + formatting.money(today.revenue_minor, self.currency)
        )
        while self.rows.count():
            item = self.rows.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.hide()  # off screen now, not when the event loop deletes it
                widget.deleteLater()
        latest = today.latest[: self.ROWS]
        if not latest:
            self.rows.addWidget(QLabel(self.tr("No visits yet today."), objectName="Hint"), 0, 0)
        for row, (at, name, amount, voided) in enumerate(latest):
            time_text = formatting.local_time(at, self.timezone)
            cells = (
                time_text,
                name,
                formatting.money(amount, self.currency),
                self.tr("voided") if voided else "",
            )
            for column, text in enumerate(cells):
                label = labels.data("TodayCell", text)
                label.setProperty("voided", voided)
                self.rows.addWidget(label, row, column)
        for row in range(max(len(latest), 1), self.ROWS):
            self.rows.addWidget(labels.data("TodayCell", " "), row, 0)  # room kept
        self.rows.setColumnStretch(1, 1)
