"""The dashboard: the owner's landing page in the back office.

Key figures of a chosen period with the change against the period before, this week's alerts,
lifecycle segment sizes over time (stacked, rebuilt from the kept transitions), revenue by
segment and visits per day by day-part (rules in :mod:`boostdesk.services.dashboard`). Every chart
saves as PNG. A venue without visits gets one sentence on how to start instead of empty charts.

An alert's button opens its guests in the customer browser::

    context.navigate("customers", family="lifecycle", segment=TO, moved=(FROM, TO, SINCE))

A custom segment's button opens its members the same way::

    context.navigate("customers", custom_segment=KEY)

``segment`` is the family's segment the guests are in now, ``moved`` the move they made on or
after the day ``SINCE`` (a ``datetime.date``; ``until``, when given, is the last day, else today).
The browser lists them with ``venue.movements.moved_guests``.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import numpy as np
from PySide6.QtCore import QLocale, Qt, Slot
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from boostdesk.services import dashboard, movements, ops
from boostdesk.ui import formatting, labels
from boostdesk.ui.backoffice import charts, period, registry, section, segment_names

DAY_PART_COLOURS = ("#f2b441", "#c8733a", "#5d4037")
MAX_ALERTS = 3
FIGURES = ("active", "visits", "revenue", "average", "returning", "points", "vouchers")


def percent(value: float, decimals: int = 0) -> str:
    return QLocale().toString(value * 100, "f", decimals)


def whole_money(minor: int, currency: str) -> str:
    """Money in whole units (₺2.823.112): totals read at a glance, kuruş only add noise."""
    symbol = formatting.CURRENCY_SYMBOLS.get(currency, currency)
    return QLocale().toCurrencyString(round(minor / 100), symbol)


class FigureTile(QFrame):
    """One key figure: its name, this period's value, and the change against the last one."""

    def __init__(self, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent, objectName="FigureTile")
        self.title = QLabel(title, objectName="FigureTitle")
        self.title.setWordWrap(True)
        self.value = labels.data("FigureValue", "…")
        self.change = labels.data("FigureChange")
        self.change.setWordWrap(True)
        box = QVBoxLayout(self)
        box.setContentsMargins(12, 8, 12, 8)
        box.setSpacing(2)
        box.addWidget(self.title)
        box.addWidget(self.value)
        box.addWidget(self.change)


class AlertRow(QWidget):
    def __init__(self, text: str, button_text: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.label = labels.data("AlertText", text)
        self.label.setWordWrap(True)
        self.button = QPushButton(button_text, objectName="CompactButton")
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.label, 1)
        row.addWidget(self.button)


class CustomSizes(QFrame):
    """The saved custom segments with their sizes; each opens its guests (hidden when none)."""

    MAX_SHOWN = 6

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent, objectName="CustomSegmentsBox")
        self.title = QLabel(self.tr("Custom segments"), objectName="FigureTitle")
        self.more = labels.data("Hint")
        self.row = QHBoxLayout(self)
        self.row.setContentsMargins(12, 4, 12, 4)
        self.row.setSpacing(14)
        self.row.addWidget(self.title)
        self.row.addStretch(1)
        self.row.addWidget(self.more)
        self.buttons: list[QPushButton] = []
        self.shown: tuple[dashboard.CustomSize, ...] = ()
        self.hide()

    def set_sizes(self, sizes: tuple[dashboard.CustomSize, ...], on_click: Any) -> None:
        """Show ``sizes`` (the first :attr:`MAX_SHOWN`; the rest counted); ``on_click(key)``."""
        self.setVisible(bool(sizes))
        if sizes == self.shown:
            return
        self.shown = sizes
        for button in self.buttons:
            button.deleteLater()
        self.buttons = []
        for n, size in enumerate(sizes[: self.MAX_SHOWN]):
            text = self.tr("%1: %n guest(s)", "", size.guests).replace("%1", size.name)
            button = QPushButton(text, objectName="LinkButton")
            button.setToolTip(self.tr("Show these guests in the customer browser"))
            button.setCursor(Qt.CursorShape.PointingHandCursor)
            button.clicked.connect(lambda _=False, key=size.key: on_click(key))
            self.row.insertWidget(1 + n, button)
            self.buttons.append(button)
        hidden = len(sizes) - self.MAX_SHOWN
        self.more.setText(self.tr("%n more in Custom segments", "", hidden) if hidden > 0 else "")


class DashboardSection(section.Section):
    key = "dashboard"

    def __init__(self, context: section.Context) -> None:
        super().__init__(context)
        self.shown: dashboard.Dashboard | None = None
        self.stale = False  # data it shows changed: reloaded once the worker has settled
        self.alerts_since = dt.date.today()
        self.heading = QLabel(self.tr("Dashboard"), objectName="PageTitle")
        self.picker = period.PeriodPicker("30d")
        self.compared = labels.data("Hint")
        # The owner is reminded here when the last backup to a stick or folder is overdue.
        self.backup_reminder = labels.data("BackupOverdue")
        self.backup_reminder.setProperty("error", True)
        self.backup_reminder.hide()

        self.alerts_box = QFrame(objectName="AlertsBox")
        self.alerts_layout = QVBoxLayout(self.alerts_box)
        self.alerts_layout.setContentsMargins(14, 6, 10, 6)
        self.alerts_layout.setSpacing(4)
        # the rows exist from the start and are filled in: widgets made under the style sheet on
        # every reload would cost the GUI thread tens of milliseconds
        self.alert_slots = [AlertRow("", self.tr("Show guests")) for _ in range(MAX_ALERTS)]
        self.shown_alerts: list[movements.Alert] = []
        self.no_alerts = labels.data("AlertQuiet")
        self.alerts_layout.addWidget(self.no_alerts)
        for n, row in enumerate(self.alert_slots):
            self.alerts_layout.addWidget(row)
            row.hide()
            row.button.clicked.connect(lambda _=False, n=n: self.on_alert_clicked(n))

        self.tiles = {
            key: FigureTile(title)
            for key, title in zip(
                FIGURES,
                (
                    self.tr("Active guests"),
                    self.tr("Visits"),
                    self.tr("Revenue"),
                    self.tr("Average bill"),
                    self.tr("Returning guests"),
                    self.tr("Points redeemed"),
                    self.tr("Vouchers redeemed"),
                ),
                strict=True,
            )
        }
        self.tiles["active"].setToolTip(self.tr("Guests with at least one visit in the period"))
        self.tiles["returning"].setToolTip(
            self.tr("Share of the period's guests whose first visit was before the period")
        )
        self.custom_sizes = CustomSizes()
        tiles = QHBoxLayout()
        tiles.setSpacing(10)
        for tile in self.tiles.values():
            tiles.addWidget(tile, 1)

        self.sizes_axis = charts.DateAxis()
        self.sizes_card = charts.ChartCard(
            self.tr("Lifecycle segments over time"),
            charts.plot_widget({"bottom": self.sizes_axis, "left": charts.CountAxis()}),
        )
        self.revenue_axis = charts.NameAxis()
        self.revenue_card = charts.ChartCard(
            self.tr("Revenue by segment"),
            charts.plot_widget({"left": self.revenue_axis, "bottom": charts.CountAxis("bottom")}),
        )
        self.revenue_card.plot.getPlotItem().getAxis("bottom").hide()
        self.revenue_card.plot.getPlotItem().showGrid(x=False, y=False)
        self.parts_axis = charts.DateAxis()
        self.parts_card = charts.ChartCard(
            self.tr("Visits per day by day-part"),
            charts.plot_widget({"bottom": self.parts_axis, "left": charts.CountAxis()}),
        )
        self.cards = (self.sizes_card, self.revenue_card, self.parts_card)
        grid = QGridLayout()
        grid.setSpacing(10)
        grid.addWidget(self.sizes_card, 0, 0)
        grid.addWidget(self.parts_card, 0, 1)
        grid.addWidget(self.revenue_card, 0, 2)
        grid.setColumnStretch(0, 5)
        grid.setColumnStretch(1, 5)
        grid.setColumnStretch(2, 4)

        self.content = QWidget()
        content = QVBoxLayout(self.content)
        content.setContentsMargins(0, 0, 0, 0)
        content.setSpacing(10)
        content.addWidget(self.alerts_box)
        content.addLayout(tiles)
        content.addWidget(self.custom_sizes)
        content.addLayout(grid, 1)
        self.empty_label = labels.data("Placeholder")
        self.empty_label.setWordWrap(True)
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty_label.setText(
            self.tr(
                "Your dashboard fills in as guests come.\n\nRecord visits at the counter, or "
                "import your guests and their visit history (Data → Import). Segment charts "
                "follow the first nightly segment run."
            )
        )
        self.body = QStackedWidget()
        self.body.addWidget(self.content)
        self.body.addWidget(self.empty_label)
        self._show_loading()

        top = QHBoxLayout()
        top.addWidget(self.heading)
        top.addSpacing(16)
        top.addWidget(self.compared, 1, Qt.AlignmentFlag.AlignBottom)
        top.addWidget(self.picker)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 16, 24, 16)
        layout.setSpacing(10)
        layout.addLayout(top)
        layout.addWidget(self.backup_reminder)
        layout.addWidget(self.body, 1)
        self._connect_signals()

    def _connect_signals(self) -> None:
        self.picker.period_changed.connect(self.on_picker_period_changed)
        self.context.runner.settled.connect(self.reload_when_settled)

    # -- loading ---------------------------------------------------------------------------------

    def on_shown(self) -> None:
        self.stale = False
        self.picker.set_today(self.context.venue.dashboard.today())
        self.reload()

    def on_changes(self, changes: ops.Changes) -> None:
        """Reload once for a burst of changes: the work that follows a change (the segment run
        is followed by the expiry and scenario run, each with its own changes) is waited for,
        and what touches none of the figures (a scan, a user, a guest's profile) is ignored."""
        if not self.isVisible():
            return
        if changes.visits or changes.ledger or changes.vouchers or changes.segments:
            self.stale = True
            # waits: the op that changed them is still being handed out (``settled`` follows)
            self.reload_when_settled()
        elif changes.settings:  # the currency, the time zone: every figure reads differently
            self.on_shown()

    @Slot()
    def reload_when_settled(self) -> None:
        if self.stale and self.isVisible() and self.context.runner.is_settled():
            self.stale = False
            self.reload()

    def reload(self) -> None:
        actor = self.context.actor
        chosen = self.picker.period()
        self.context.runner.submit(
            lambda: self.context.venue.dashboard.load(actor, chosen), self.on_dashboard_loaded
        )

    @Slot(object)
    def on_picker_period_changed(self, _chosen: dashboard.Period) -> None:
        if self.context.actor_of() is not None:
            self.reload()

    def set_backup_reminder(self, text: str) -> None:
        """The Backup section's "last backup N days ago" line (empty: not overdue)."""
        self.backup_reminder.setText(text)
        self.backup_reminder.setVisible(bool(text))

    def on_locked(self) -> None:
        self.shown = None
        self.stale = False

    def _show_loading(self) -> None:
        """Until the first figures arrive: a word in each chart, not empty axes."""
        self.alerts_box.hide()
        for card in self.cards:
            card.show_empty(self.tr("Loading…"))

    # -- showing ---------------------------------------------------------------------------------

    def on_dashboard_loaded(self, shown: dashboard.Dashboard) -> None:
        self.shown = shown
        previous = shown.period.previous()
        self.compared.setText(
            self.tr("%1 – %2, compared with %3 – %4")
            .replace("%1", formatting.local_date(shown.period.first))
            .replace("%2", formatting.local_date(shown.period.last))
            .replace("%3", formatting.local_date(previous.first))
            .replace("%4", formatting.local_date(previous.last))
        )
        if not shown.has_visits:
            self.body.setCurrentWidget(self.empty_label)
            return
        self.body.setCurrentWidget(self.content)
        self._show_alerts(shown)
        self._show_figures(shown.current, shown.previous)
        self.custom_sizes.set_sizes(shown.custom, self.open_custom_segment)
        self._show_sizes(shown.sizes)
        self._show_revenue(shown.revenue)
        self._show_day_parts(shown.day_parts)

    @property
    def alert_rows(self) -> list[AlertRow]:
        """The alert rows shown now."""
        return self.alert_slots[: len(self.shown_alerts)]

    def _show_alerts(self, shown: dashboard.Dashboard) -> None:
        self.alerts_box.show()
        self.shown_alerts = list(shown.alerts[:MAX_ALERTS])
        self.alerts_since = shown.today - dt.timedelta(days=6)
        browse = self._can_browse()
        for n, row in enumerate(self.alert_slots):
            if n < len(self.shown_alerts):
                row.label.setText(self.alert_text(self.shown_alerts[n]))
                row.button.setEnabled(browse)
                row.button.setToolTip(
                    "" if browse else self.tr("The customer browser is not in this version")
                )
            row.setVisible(n < len(self.shown_alerts))
        self.no_alerts.setVisible(not self.shown_alerts)
        self.no_alerts.setText(self.tr("No notable movements between segments this week."))
        self.alerts_box.setProperty("alert", bool(self.shown_alerts))
        self.alerts_box.style().unpolish(self.alerts_box)
        self.alerts_box.style().polish(self.alerts_box)

    def on_alert_clicked(self, n: int) -> None:
        if n < len(self.shown_alerts):
            alert = self.shown_alerts[n]
            self.open_guests(alert.from_segment, alert.to_segment, self.alerts_since)

    def alert_text(self, alert: movements.Alert) -> str:
        src = segment_names.segment_name(alert.family, alert.from_segment)
        dst = segment_names.segment_name(alert.family, alert.to_segment)
        if alert.slipped:
            text = self.tr("%n %1 guest(s) slipped to %2 this week", "", alert.guests)
        else:
            text = self.tr("%n %1 guest(s) moved up to %2 this week", "", alert.guests)
        return text.replace("%1", src).replace("%2", dst)

    def _can_browse(self) -> bool:
        return "customers" in registry.keys()  # noqa: SIM118 (a function, not a dict)

    def open_guests(self, from_segment: str, to_segment: str, since: dt.date, **more: Any) -> None:
        """Open the guests who moved ``from_segment`` → ``to_segment`` in the customer browser."""
        self.context.navigate(
            "customers",
            family="lifecycle",
            segment=to_segment,
            moved=(from_segment, to_segment, since),
            **more,
        )

    def open_custom_segment(self, key: str) -> None:
        """Open the members of custom segment ``key`` in the customer browser."""
        if self._can_browse():
            self.context.navigate("customers", custom_segment=key)

    def _show_figures(self, now: dashboard.Figures, before: dashboard.Figures) -> None:
        currency = self.context.currency
        money = formatting.money
        number = formatting.number

        def rate(value: float | None) -> str:
            return "–" if value is None else self.tr("%1 %").replace("%1", percent(value))

        values: dict[str, tuple[str, float | None, float | None]] = {
            "active": (number(now.active_guests), now.active_guests, before.active_guests),
            "visits": (number(now.visits), now.visits, before.visits),
            "revenue": (whole_money(now.revenue_minor, currency), now.revenue_minor,
                        before.revenue_minor),
            "average": (
                "–" if now.average_bill_minor is None else money(now.average_bill_minor, currency),
                now.average_bill_minor, before.average_bill_minor,
            ),
            "returning": (rate(now.returning_rate), now.returning_rate, before.returning_rate),
            "points": (whole_money(now.points_redeemed_minor, currency), now.points_redeemed_minor,
                       before.points_redeemed_minor),
            "vouchers": (number(now.vouchers_redeemed), now.vouchers_redeemed,
                         before.vouchers_redeemed),
        }  # fmt: skip
        for key, (text, current, previous) in values.items():
            tile = self.tiles[key]
            tile.value.setText(text)
            # ₺2.823.112 in full at 1280 pixels: the tiles with shorter figures give way
            tile.value.ensurePolished()
            tile.value.setMinimumWidth(tile.value.fontMetrics().horizontalAdvance(text) + 6)
            if key == "returning":
                moved = None if current is None or previous is None else current - previous
                change = (
                    None if moved is None
                    else _sign(moved) + self.tr("%1 points").replace("%1", percent(abs(moved)))
                )  # fmt: skip
            else:
                moved = dashboard.change(current, previous)
                change = (
                    None if moved is None
                    else _sign(moved) + self.tr("%1 %").replace("%1", percent(abs(moved)))
                )  # fmt: skip
            if change is None:
                change = self.tr("nothing to compare") if not previous else "–"
            tile.change.setText(change)
            tile.change.setProperty("trend", "" if not moved else ("up" if moved > 0 else "down"))
            tile.change.style().unpolish(tile.change)
            tile.change.style().polish(tile.change)

    def _show_sizes(self, sizes: dashboard.SegmentSizes) -> None:
        card = self.sizes_card
        if len(sizes.days) < 2:  # one day is a dot, not a trend
            card.show_empty(
                self.tr(
                    "Segment sizes over time show from the second nightly segment run on: "
                    "BoostDesk keeps every guest's moves between segments."
                )
            )
            return
        card.show_plot()
        x = np.array([charts.day_x(day) for day in sizes.days])
        layers = [
            (sizes.counts[i].astype(float), segment_names.colour("lifecycle", s, i))
            for i, s in enumerate(sizes.segments)
        ]
        charts.stacked_areas(card.plot, x, layers)
        self.sizes_axis.set_days(sizes.days)
        names = [segment_names.segment_name("lifecycle", s) for s in sizes.segments]
        card.set_legend([(colour, name) for (_v, colour), name in zip(layers, names, strict=True)])

    def _show_revenue(self, rows: tuple[tuple[str, int, int], ...]) -> None:
        card = self.revenue_card
        if not rows:
            card.show_empty(self.tr("No visits from segmented guests in this period."))
            return
        card.show_plot()
        currency = self.context.currency
        charts.horizontal_bars(
            card.plot,
            self.revenue_axis,
            [
                (
                    segment_names.segment_name("lifecycle", segment),
                    amount / 100,
                    segment_names.colour("lifecycle", segment, i),
                    self.short_money(amount, currency),
                )
                for i, (segment, _guests, amount) in enumerate(rows)
            ],
        )

    def short_money(self, minor: int, currency: str) -> str:
        """₺871K / ₺1.2M (Turkish: 871 B ₺ style words) for chart labels; small sums in full."""
        units = minor / 100
        if abs(units) < 10_000:
            return whole_money(minor, currency)
        symbol = formatting.CURRENCY_SYMBOLS.get(currency, currency)
        locale = QLocale()
        if abs(units) < 1_000_000:
            amount = self.tr("%1K").replace("%1", locale.toString(round(units / 1000)))
        else:
            amount = self.tr("%1M").replace("%1", locale.toString(units / 1_000_000, "f", 1))
        return symbol + amount

    def _show_day_parts(self, parts: dashboard.DayParts) -> None:
        card = self.parts_card
        if not (parts.morning.any() or parts.afternoon.any() or parts.evening.any()):
            card.show_empty(self.tr("No visits in this period."))
            return
        card.show_plot()
        x = np.array([charts.day_x(day) for day in parts.days])
        layers = [
            (values.astype(float), colour)
            for values, colour in zip(
                (parts.morning, parts.afternoon, parts.evening), DAY_PART_COLOURS, strict=True
            )
        ]
        charts.stacked_bars(card.plot, x, charts.DAY_S * 0.75, layers)
        self.parts_axis.set_days(parts.days)
        card.set_legend(
            list(
                zip(
                    DAY_PART_COLOURS,
                    (self.tr("Morning"), self.tr("Afternoon"), self.tr("Evening")),
                    strict=True,
                )
            ),
            columns=3,
        )
        card.setToolTip(
            self.tr("Morning: before 11:00; afternoon: 11:00–16:00; evening: from 16:00")
        )


def _sign(value: float) -> str:
    """ "+" or "−" before a change (nothing for no change once rounded)."""
    if round(value * 100) == 0:
        return ""
    return "+" if value > 0 else "−"
