"""pyqtgraph charts for the back office: a card with a title, a PNG export button, the plot (or a
sentence saying why there is nothing to plot yet) and a legend.

Days are plotted at their local midnight counted as UTC seconds, so the date axis shows the
venue's calendar days whatever the computer's zone; labels are formatted by the current QLocale
("23 Kas" in Turkish, "23 Nov" in English).
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QDate, QLocale, Qt, Slot
from PySide6.QtGui import QColor, QFont
from PySide6.QtWidgets import (
    QFileDialog,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from boostdesk.ui import labels

DAY_S = 86_400
INK = "#5b4a3d"
GRID = "#f0e6dc"


def day_x(day: dt.date) -> float:
    """The x of a calendar day on a :class:`DateAxis`."""
    return float((day - dt.date(1970, 1, 1)).days * DAY_S)


class DateAxis(pg.AxisItem):  # type: ignore[misc]  # pyqtgraph has no type hints
    """Calendar-day ticks labelled in the user's language: about six labels, the last one on
    the period's last day."""

    def __init__(self) -> None:
        super().__init__(orientation="bottom")

    def set_days(self, days: Sequence[dt.date]) -> None:
        locale = QLocale()
        if len(days) > 120:  # months: label each month's first day
            picked = [d for d in days if d.day == 1] or list(days[:1])
            pattern = "MMM yyyy"
        else:
            step = max(1, math.ceil(len(days) / 6))
            if step > 4:
                step = 7 * max(1, round(step / 7))
            picked = list(days[::-1][::step])[::-1]
            pattern = "d MMM"
        self.setTicks(
            [[(day_x(d), locale.toString(QDate(d.year, d.month, d.day), pattern)) for d in picked]]
        )


class CountAxis(pg.AxisItem):  # type: ignore[misc]  # pyqtgraph has no type hints
    """Whole numbers (or money in whole units) with the locale's grouping."""

    def __init__(self, orientation: str = "left", prefix: str = "") -> None:
        super().__init__(orientation=orientation)
        self.prefix = prefix
        self.enableAutoSIPrefix(False)
        if orientation == "left":
            self.setWidth(48)

    def tickStrings(  # noqa: N802 (pyqtgraph override)
        self, values: Sequence[float], scale: float, spacing: float
    ) -> list[str]:
        locale = QLocale()
        return [self.prefix + locale.toString(int(round(v))) for v in values]


class NameAxis(pg.AxisItem):  # type: ignore[misc]  # pyqtgraph has no type hints
    """Category names at whole-number positions (bar charts)."""

    def __init__(self, orientation: str = "left") -> None:
        super().__init__(orientation=orientation)
        self.names: list[str] = []
        self.setWidth(104)

    def set_names(self, names: Sequence[str]) -> None:
        self.names = list(names)
        self.setTicks([[(i, name) for i, name in enumerate(self.names)]])


def plot_widget(axes: dict[str, pg.AxisItem]) -> pg.PlotWidget:
    """A quiet white plot: no mouse zoom (a dashboard, not an analysis tool), light grid."""
    plot = pg.PlotWidget(background="w", axisItems=axes)
    item = plot.getPlotItem()
    item.setMenuEnabled(False)
    item.hideButtons()
    item.getViewBox().setMouseEnabled(False, False)
    item.showGrid(x=False, y=True, alpha=0.25)
    font = QFont()
    font.setPointSizeF(8.5)
    for name in ("left", "bottom"):
        axis = item.getAxis(name)
        axis.setPen(pg.mkPen(GRID))
        axis.setTextPen(pg.mkPen(INK))
        axis.setTickFont(font)
    plot.setMinimumHeight(150)
    return plot


class ChartCard(QFrame):
    """A titled chart with its PNG export, an empty-state sentence and a legend."""

    def __init__(self, title: str, plot: pg.PlotWidget, parent: QWidget | None = None) -> None:
        super().__init__(parent, objectName="ChartCard")
        self.plot = plot
        self.title = QLabel(title, objectName="ChartTitle")
        self.title.setWordWrap(True)
        self.export_button = QPushButton(self.tr("Save PNG"), objectName="LinkButton")
        self.export_button.setToolTip(self.tr("Save this chart as a PNG picture"))
        self.export_button.setCursor(Qt.CursorShape.PointingHandCursor)
        self.empty_label = labels.data("ChartEmpty")
        self.empty_label.setWordWrap(True)
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.stack = QStackedWidget()
        self.stack.addWidget(plot)
        self.stack.addWidget(self.empty_label)
        self._legend_items: tuple[list[tuple[str, str]], int] = ([], 0)
        self.legend = QGridLayout()
        self.legend.setContentsMargins(4, 0, 4, 0)
        self.legend.setHorizontalSpacing(10)
        self.legend.setVerticalSpacing(2)
        head = QHBoxLayout()
        head.addWidget(self.title, 1)
        head.addWidget(self.export_button)
        box = QVBoxLayout(self)
        box.setContentsMargins(12, 8, 12, 8)
        box.setSpacing(4)
        box.addLayout(head)
        box.addWidget(self.stack, 1)
        box.addLayout(self.legend)
        self.export_button.clicked.connect(self.on_export_button_clicked)

    @property
    def is_empty(self) -> bool:
        return self.stack.currentWidget() is self.empty_label

    def show_empty(self, sentence: str) -> None:
        self.plot.getPlotItem().clear()
        for kept in ("_stack", "_bars"):  # the items just cleared cannot be reused
            if hasattr(self.plot, kept):
                delattr(self.plot, kept)
        self.empty_label.setText(sentence)
        self.stack.setCurrentWidget(self.empty_label)
        self.set_legend([])
        self.export_button.setEnabled(False)

    def show_plot(self) -> None:
        self.stack.setCurrentWidget(self.plot)
        self.export_button.setEnabled(True)

    def set_legend(self, items: Sequence[tuple[str, str]], columns: int = 4) -> None:
        """(colour, name) swatches under the chart (kept when they are the same: new widgets
        under a style sheet cost milliseconds each)."""
        wanted = (list(items), columns)
        if wanted == self._legend_items:
            return
        self._legend_items = wanted
        while self.legend.count():
            taken = self.legend.takeAt(0)
            widget = taken.widget() if taken is not None else None
            if widget is not None:
                widget.deleteLater()
        for n, (colour, name) in enumerate(items):
            entry = QWidget()
            row = QHBoxLayout(entry)
            row.setContentsMargins(0, 0, 0, 0)
            row.setSpacing(4)
            swatch = QLabel(objectName="Swatch")
            swatch.setFixedSize(10, 10)
            swatch.setStyleSheet(f"background: {QColor(colour).name()}; border-radius: 2px;")
            row.addWidget(swatch)
            text = labels.data("LegendText", name)
            text.setWordWrap(True)  # a narrow window wraps a long name instead of widening
            row.addWidget(text, 1)
            self.legend.addWidget(entry, n // columns, n % columns)
            entry.show()

    def export_png(self, path: Path) -> bool:
        """Save the chart (title, plot and legend as shown) as a PNG file."""
        return self.grab().save(str(path), "PNG")

    @Slot()
    def on_export_button_clicked(self) -> None:
        name, _filter = QFileDialog.getSaveFileName(
            self, self.tr("Save chart"), self.title.text() + ".png", self.tr("PNG picture (*.png)")
        )
        if name:
            self.export_png(Path(name if name.lower().endswith(".png") else name + ".png"))


def stacked_areas(
    plot: pg.PlotWidget, x: np.ndarray, layers: Sequence[tuple[np.ndarray, str]]
) -> None:
    """Stacked filled areas: each layer's (values, colour) on top of the ones before. The plot's
    items are reused when the layers' colours are unchanged (a reload only moves the curves:
    making pyqtgraph items costs the GUI thread milliseconds each)."""
    item = plot.getPlotItem()
    colours = [colour for _values, colour in layers]
    kept = getattr(plot, "_stack", None)
    if kept is None or kept[0] != colours:
        item.clear()
        base_curve = item.plot([0.0], [0.0], pen=pg.mkPen(None))
        curves = []
        lower = base_curve
        for colour in colours:
            upper = item.plot([0.0], [0.0], pen=pg.mkPen(QColor(colour).darker(115), width=1))
            fill = QColor(colour)
            fill.setAlpha(200)
            item.addItem(pg.FillBetweenItem(lower, upper, brush=pg.mkBrush(fill)))
            curves.append(upper)
            lower = upper
        kept = (colours, base_curve, curves)
        plot._stack = kept  # pyqtgraph is untyped: the plot is Any to mypy
    _colours, base_curve, curves = kept
    base = np.zeros(len(x), dtype=float)
    base_curve.setData(x, base)
    for (values, _colour), curve in zip(layers, curves, strict=True):
        base = base + values
        curve.setData(x, base)
    # room on the right for the last day's label
    item.setXRange(float(x[0]) - DAY_S * 0.3, float(x[-1]) + DAY_S * (0.3 + len(x) / 12), padding=0)
    item.setYRange(0, max(1.0, float(base.max()) * 1.05), padding=0)


def stacked_bars(
    plot: pg.PlotWidget, x: np.ndarray, width: float, layers: Sequence[tuple[np.ndarray, str]]
) -> None:
    """Stacked vertical bars at ``x`` (items reused as in :func:`stacked_areas`)."""
    item = plot.getPlotItem()
    colours = [colour for _values, colour in layers]
    kept = getattr(plot, "_bars", None)
    if kept is None or kept[0] != colours:
        item.clear()
        bars = []
        for colour in colours:
            bar = pg.BarGraphItem(
                x=[0.0], y0=[0.0], height=[0.0], width=width,
                brush=pg.mkBrush(colour), pen=pg.mkPen(None),
            )  # fmt: skip
            item.addItem(bar)
            bars.append(bar)
        kept = (colours, bars)
        plot._bars = kept
    base = np.zeros(len(x), dtype=float)
    for (values, _colour), bar in zip(layers, kept[1], strict=True):
        bar.setOpts(x=x, y0=base, height=values, width=width)
        base = base + values
    item.setXRange(float(x[0]) - width, float(x[-1]) + width * (1 + len(x) / 14), padding=0)
    item.setYRange(0, max(1.0, float(base.max()) * 1.08), padding=0)


def horizontal_bars(
    plot: pg.PlotWidget,
    axis: NameAxis,
    rows: Sequence[tuple[str, float, str, str]],
) -> None:
    """One bar per (name, value, colour, label), top to bottom, each labelled at its end (one
    bar item for all of them). The items are made once and updated on each reload (new
    pyqtgraph items cost the GUI thread milliseconds each)."""
    item = plot.getPlotItem()
    kept = getattr(plot, "_hbars", None)
    if kept is None:
        item.clear()
        bars = pg.BarGraphItem(x0=[0.0], y=[0.0], width=[0.0], height=0.62, pen=pg.mkPen(None))
        item.addItem(bars)
        kept = (bars, [])
        plot._hbars = kept  # pyqtgraph is untyped: the plot is Any to mypy
    bars, labels_ = kept
    count = len(rows)
    ys = np.arange(count, dtype=float)[::-1]
    values = np.array([value for _n, value, _c, _l in rows], dtype=float)
    top = float(values.max()) if count and values.max() > 0 else 1.0
    bars.setOpts(
        x0=np.zeros(count), y=ys, width=values, height=0.62,
        brushes=[pg.mkBrush(colour) for _n, _v, colour, _l in rows],
    )  # fmt: skip
    while len(labels_) < count:
        label = pg.TextItem("", color=INK, anchor=(0, 0.5))
        item.addItem(label)
        labels_.append(label)
    while len(labels_) > count:
        item.removeItem(labels_.pop())
    for label, y, value, (_name, _v, _c, text) in zip(labels_, ys, values, rows, strict=True):
        label.setText(text)
        label.setPos(value + top * 0.02, y)
    axis.setTicks([[(float(y), name) for y, (name, _v, _c, _l) in zip(ys, rows, strict=True)]])
    item.setYRange(-0.6, count - 0.4, padding=0)
    item.setXRange(0, top * 1.7, padding=0)
