"""The form of the rules editor: one input per threshold of PRODUCT.md section 5."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QSignalBlocker, QSize, Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QAbstractSpinBox,
    QCheckBox,
    QGridLayout,
    QGroupBox,
    QHeaderView,
    QLabel,
    QSpinBox,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from boostdesk.domain.segments import thresholds, value
from boostdesk.ui import formatting
from boostdesk.ui.backoffice import names, rules_models

L = thresholds.LIFECYCLE


class RulesForm(QWidget):
    """Inputs for every rule; ``edited`` fires on any change by the user."""

    edited = Signal()

    def __init__(self, currency: str, parent: QWidget | None = None) -> None:
        super().__init__(parent, objectName="RulesForm")
        self.currency = currency
        self.inputs: dict[str, QSpinBox | QCheckBox] = {}
        self.rfm = rules_models.RfmMapModel(self)
        box = QVBoxLayout(self)
        box.setContentsMargins(0, 0, 8, 0)
        box.setSpacing(12)
        box.addWidget(self._lifecycle())
        box.addWidget(self._rfm())
        box.addWidget(self._others())
        box.addStretch(1)
        self.rfm.edited.connect(self.edited)

    # -- inputs ----------------------------------------------------------------------------------

    def _spin(self, key: str, low: int, high: int, suffix: str = "") -> QSpinBox:
        spin = QSpinBox(objectName=f"Rule_{key.rsplit('.', 1)[-1]}")
        spin.setRange(low, high)
        spin.setSuffix(suffix)
        spin.setButtonSymbols(QAbstractSpinBox.ButtonSymbols.PlusMinus)
        spin.setFixedWidth(96)
        spin.valueChanged.connect(self.edited)
        self.inputs[key] = spin
        return spin

    def _days(self, key: str) -> QSpinBox:
        t = thresholds.BY_KEY[key]
        return self._spin(key, t.low, t.high, self.tr(" days"))

    def _count(self, key: str) -> QSpinBox:
        t = thresholds.BY_KEY[key]
        return self._spin(key, t.low, t.high)

    def _money(self, key: str, any_text: bool = False) -> QSpinBox:
        t = thresholds.BY_KEY[key]
        symbol = formatting.CURRENCY_SYMBOLS.get(self.currency, self.currency)
        spin = self._spin(key, t.low // 100, t.high // 100, f" {symbol}")
        if any_text:  # 0 turns the condition off
            spin.setSpecialValueText(self.tr("any"))
        return spin

    def _percent(self, key: str, low: int, high: int) -> QSpinBox:
        return self._spin(key, low, high, " %")

    def _lifecycle(self) -> QGroupBox:
        group = QGroupBox(self.tr("Lifecycle (first matching rule wins, from the top)"))
        grid = QGridLayout(group)
        grid.setHorizontalSpacing(8)
        grid.setVerticalSpacing(6)
        rows: list[tuple[str, list[Any]]] = [
            ("vip", [self.tr("visits in 30 days ≥"), self._count(L + "vip_visits"),
                     self.tr("average bill ≥"), self._money(L + "vip_average_minor")]),
            ("loyal", [self.tr("visits in 30 days ≥"), self._count(L + "loyal_visits"),
                       self.tr("average bill ≥"), self._money(L + "loyal_average_minor")]),
            ("new", [self.tr("first visit within"), self._days(L + "new_days")]),
            ("potential_loyal", [self.tr("one visit, no return for"),
                                 self._days(L + "potential_wait_days")]),
            ("at_risk", [self.tr("days away ≥"), self._days(L + "at_risk_days"),
                         self.tr("average bill ≥"),
                         self._money(L + "at_risk_min_average_minor", any_text=True)]),
            ("lost", [self.tr("days away ≥"), self._days(L + "lost_days"),
                      self.tr("average bill ≥"),
                      self._money(L + "lost_min_average_minor", any_text=True)]),
            ("gone", [self.tr("days away ≥"), self._days(L + "gone_days")]),
        ]  # fmt: skip
        for row, (key, parts) in enumerate(rows):
            title = QLabel(names.segment("lifecycle", key), objectName="RuleName")
            grid.addWidget(title, row, 0)
            for column, part in enumerate(parts, start=1):
                grid.addWidget(_wrapped(part) if isinstance(part, str) else part, row, column)
        adaptive = QCheckBox(
            self.tr("Adaptive: at risk only after twice the guest's own usual gap"),
            objectName="Rule_adaptive_recency",
        )
        adaptive.toggled.connect(self.edited)
        self.inputs[L + "adaptive_recency"] = adaptive
        grid.addWidget(adaptive, len(rows), 0, 1, 5)
        hint = QLabel(
            self.tr(
                "VIP and Loyal use the average bill of the last 30 days, At risk and Lost the "
                "lifetime average. Everyone else is Regular."
            ),
            objectName="Hint",
        )
        hint.setWordWrap(True)
        grid.addWidget(hint, len(rows) + 1, 0, 1, 5)
        grid.setColumnStretch(5, 1)
        return group

    def _rfm(self) -> QGroupBox:
        group = QGroupBox(self.tr("RFM groups (scores 1–5; first matching row wins)"))
        box = QVBoxLayout(group)
        self.rfm_table = QTableView(objectName="RfmMap")
        self.rfm_table.setModel(self.rfm)
        self.rfm_table.horizontalHeader().setSectionResizeMode(
            QHeaderView.ResizeMode.ResizeToContents
        )
        self.rfm_table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.rfm_table.verticalHeader().setDefaultSectionSize(26)
        box.addWidget(self.rfm_table)
        return group

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 (Qt override)
        # Every group in view, none behind a scroll bar of its own: the table is as tall as its
        # rows and its header as the style sheet draws it (known once shown).
        table = self.rfm_table
        rows = max(table.model().rowCount(), len(value.RFM_MAP))
        header = table.horizontalHeader().sizeHint().height()
        table.setFixedHeight(26 * rows + header + 2 * table.frameWidth())
        super().showEvent(event)

    def _others(self) -> QGroupBox:
        group = QGroupBox(self.tr("ABC, basket and birthdays"))
        grid = QGridLayout(group)
        grid.addWidget(_wrapped(self.tr("A: the top guests making")), 0, 0)
        grid.addWidget(self._percent("abc.a", 1, 98), 0, 1)
        grid.addWidget(_wrapped(self.tr("of revenue; B: up to")), 0, 2)
        grid.addWidget(self._percent("abc.b", 2, 99), 0, 3)
        grid.addWidget(_wrapped(self.tr("Category lover: one category ≥")), 1, 0)
        grid.addWidget(self._percent(thresholds.LOVER_SHARE, 51, 100), 1, 1)
        grid.addWidget(_wrapped(self.tr("of spend, over at least")), 1, 2)
        grid.addWidget(self._count(thresholds.LOVER_VISITS), 1, 3)
        grid.addWidget(QLabel(self.tr("visits")), 1, 4)
        grid.addWidget(_wrapped(self.tr("Birthday soon: within")), 2, 0)
        grid.addWidget(self._days(thresholds.BIRTHDAY_DAYS), 2, 1)
        grid.setColumnStretch(5, 1)
        return group

    # -- values ----------------------------------------------------------------------------------

    def set_values(self, values: dict[str, Any]) -> None:
        """Show ``values`` (a complete set of rules) without signalling an edit."""
        blockers = [QSignalBlocker(w) for w in self.inputs.values()]
        for key, widget in self.inputs.items():
            if isinstance(widget, QCheckBox):
                widget.setChecked(bool(values[key]))
            elif key == "abc.a":
                widget.setValue(round(float(values[thresholds.ABC_SHARES][0]) * 100))
            elif key == "abc.b":
                widget.setValue(round(float(values[thresholds.ABC_SHARES][1]) * 100))
            elif key == thresholds.LOVER_SHARE:
                widget.setValue(round(float(values[key]) * 100))
            elif thresholds.BY_KEY[key].unit == "money":
                widget.setValue(int(values[key]) // 100)
            else:
                widget.setValue(int(values[key]))
        del blockers
        self.rfm.set_rows(values[thresholds.RFM_MAP])

    def values(self) -> dict[str, Any]:
        """The complete set of rules the form shows (money in minor units, shares 0-1)."""
        out: dict[str, Any] = {}
        for key, widget in self.inputs.items():
            if isinstance(widget, QCheckBox):
                out[key] = widget.isChecked()
            elif key in ("abc.a", "abc.b"):
                continue
            elif key == thresholds.LOVER_SHARE:
                out[key] = widget.value() / 100
            elif thresholds.BY_KEY[key].unit == "money":
                out[key] = widget.value() * 100
            else:
                out[key] = widget.value()
        a, b = self.inputs["abc.a"], self.inputs["abc.b"]
        assert isinstance(a, QSpinBox) and isinstance(b, QSpinBox)
        out[thresholds.ABC_SHARES] = [a.value() / 100, b.value() / 100]
        out[thresholds.RFM_MAP] = [list(r) for r in self.rfm.rows]
        return out

    def set_value(self, key: str, value: Any) -> None:
        """Change one rule as the user would (the benchmark and tests edit through this)."""
        widget = self.inputs[key]
        if isinstance(widget, QCheckBox):
            widget.setChecked(bool(value))
        elif thresholds.BY_KEY.get(key) is not None and thresholds.BY_KEY[key].unit == "money":
            widget.setValue(int(value) // 100)
        else:
            widget.setValue(int(value))

    def mark(self, key: str | None) -> None:
        """Outline the input at fault (``key`` None: none)."""
        for name, widget in self.inputs.items():
            at_fault = key is not None and (
                name == key or (key == thresholds.ABC_SHARES and name in ("abc.a", "abc.b"))
            )
            widget.setProperty("error", at_fault)
            widget.style().unpolish(widget)
            widget.style().polish(widget)


def _wrapped(text: str) -> QLabel:
    """A label beside a field that takes two lines only when room is short (Turkish runs long:
    at 1280 pixels the groups would otherwise be wider than the form and scroll sideways)."""
    # "≥" stays with its word: a sign alone on the second line reads as a stray mark
    return _WrappingLabel(text.replace(" ≥", "\u00a0≥"))


class _WrappingLabel(QLabel):
    """A word-wrapped label that asks for one line's width (a plain wrapping label asks for a
    narrow box, so it would wrap even with room to spare) and shrinks to 120 pixels."""

    def __init__(self, text: str) -> None:
        super().__init__(text)
        self.setWordWrap(True)

    def sizeHint(self) -> QSize:  # noqa: N802 (Qt override)
        one_line = self.fontMetrics().horizontalAdvance(self.text()) + 2
        return QSize(one_line, super().sizeHint().height())

    def minimumSizeHint(self) -> QSize:  # noqa: N802 (Qt override)
        hint = self.sizeHint()
        return QSize(min(120, hint.width()), self.heightForWidth(min(120, hint.width())))
