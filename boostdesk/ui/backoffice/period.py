"""The period picker of the dashboard and the movements page: last 7/30/90 days, this month, or
two chosen days."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate, Signal, Slot
from PySide6.QtWidgets import QComboBox, QDateEdit, QHBoxLayout, QLabel, QWidget

from boostdesk.services import dashboard


def _qdate(day: dt.date) -> QDate:
    return QDate(day.year, day.month, day.day)


def _date(day: QDate) -> dt.date:
    return dt.date(day.year(), day.month(), day.day())


class PeriodPicker(QWidget):
    """A period of local days; ``period_changed`` fires on every change the owner makes."""

    period_changed = Signal(object)  # dashboard.Period

    def __init__(self, default: str = "30d", parent: QWidget | None = None) -> None:
        super().__init__(parent, objectName="PeriodPicker")
        self.today = dt.date.today()
        self.kind = QComboBox(objectName="PeriodKind")
        for key, text in (
            ("7d", self.tr("Last 7 days")),
            ("30d", self.tr("Last 30 days")),
            ("90d", self.tr("Last 90 days")),
            ("month", self.tr("This month")),
            ("custom", self.tr("Custom…")),
        ):
            self.kind.addItem(text, key)
        self.kind.setCurrentIndex(self.kind.findData(default))
        self.first_edit = QDateEdit(objectName="PeriodFirst", calendarPopup=True)
        self.last_edit = QDateEdit(objectName="PeriodLast", calendarPopup=True)
        self.dash = QLabel("–")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(6)
        layout.addWidget(self.kind)
        layout.addWidget(self.first_edit)
        layout.addWidget(self.dash)
        layout.addWidget(self.last_edit)
        self._show_custom(False)
        self._connect_signals()

    def _connect_signals(self) -> None:
        self.kind.currentIndexChanged.connect(self.on_kind_current_index_changed)
        self.first_edit.dateChanged.connect(self.on_edit_date_changed)
        self.last_edit.dateChanged.connect(self.on_edit_date_changed)

    def set_today(self, today: dt.date) -> None:
        """The venue's today (the picker's own clock may be in another zone)."""
        self.today = today
        for edit in (self.first_edit, self.last_edit):
            edit.blockSignals(True)
            edit.setMaximumDate(_qdate(today))
            edit.blockSignals(False)

    def period(self) -> dashboard.Period:
        key = str(self.kind.currentData())
        if key == "custom":
            first, last = _date(self.first_edit.date()), _date(self.last_edit.date())
            return dashboard.Period(min(first, last), max(first, last))
        return dashboard.period_for(key, self.today)

    def select(self, key: str) -> None:
        self.kind.setCurrentIndex(self.kind.findData(key))

    def _show_custom(self, shown: bool) -> None:
        for widget in (self.first_edit, self.dash, self.last_edit):
            widget.setVisible(shown)

    @Slot(int)
    def on_kind_current_index_changed(self, _index: int) -> None:
        custom = self.kind.currentData() == "custom"
        if custom:
            # start from the period shown so far
            shown = dashboard.period_for("30d", self.today)
            for edit, day in ((self.first_edit, shown.first), (self.last_edit, shown.last)):
                edit.blockSignals(True)
                edit.setDate(_qdate(day))
                edit.blockSignals(False)
        self._show_custom(custom)
        self.period_changed.emit(self.period())

    @Slot(QDate)
    def on_edit_date_changed(self, _day: QDate) -> None:
        self.period_changed.emit(self.period())
