"""The condition builder of the custom segments page: rows of (metric, operator, value)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication, Signal, Slot
from PySide6.QtWidgets import (
    QComboBox,
    QDoubleSpinBox,
    QHBoxLayout,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from boostdesk.domain.segments import custom
from boostdesk.ui import formatting
from boostdesk.ui.backoffice import names
from boostdesk.ui.backoffice.names import QT_TRANSLATE_NOOP

NUMBER_OPS = ((">=", "≥"), (">", ">"), ("<=", "≤"), ("<", "<"), ("==", "="), ("!=", "≠"))


def _t(text: str) -> str:
    return QCoreApplication.translate("SegmentBuilder", text)


def metric_title(name: str, category_names: dict[str, str]) -> str:
    """What a metric is called on screen."""
    titles = {
        "visits": _t(QT_TRANSLATE_NOOP("SegmentBuilder", "Visits (all time)")),
        "visits_30d": _t(QT_TRANSLATE_NOOP("SegmentBuilder", "Visits in the last 30 days")),
        "visits_365d": _t(QT_TRANSLATE_NOOP("SegmentBuilder", "Visits in the last 365 days")),
        "spend_30d": _t(QT_TRANSLATE_NOOP("SegmentBuilder", "Spend in the last 30 days")),
        "spend_365d": _t(QT_TRANSLATE_NOOP("SegmentBuilder", "Spend in the last 365 days")),
        "spend_total": _t(QT_TRANSLATE_NOOP("SegmentBuilder", "Spend (all time)")),
        "average_bill": _t(QT_TRANSLATE_NOOP("SegmentBuilder", "Average bill")),
        "days_since_last_visit": _t(
            QT_TRANSLATE_NOOP("SegmentBuilder", "Days since the last visit")
        ),
        "days_since_first_visit": _t(
            QT_TRANSLATE_NOOP("SegmentBuilder", "Days since the first visit")
        ),
        "member_days": _t(QT_TRANSLATE_NOOP("SegmentBuilder", "Days since enrolment")),
        "morning_share": _t(QT_TRANSLATE_NOOP("SegmentBuilder", "Share of morning visits (%)")),
        "afternoon_share": _t(QT_TRANSLATE_NOOP("SegmentBuilder", "Share of afternoon visits (%)")),
        "evening_share": _t(QT_TRANSLATE_NOOP("SegmentBuilder", "Share of evening visits (%)")),
        "favourite_category": _t(QT_TRANSLATE_NOOP("SegmentBuilder", "Favourite category")),
        "age": _t(QT_TRANSLATE_NOOP("SegmentBuilder", "Age")),
        "children": _t(QT_TRANSLATE_NOOP("SegmentBuilder", "Children")),
        "vouchers_redeemed": _t(QT_TRANSLATE_NOOP("SegmentBuilder", "Vouchers redeemed")),
        "registration_source": _t(QT_TRANSLATE_NOOP("SegmentBuilder", "Registration source")),
        "district": _t(QT_TRANSLATE_NOOP("SegmentBuilder", "District")),
        "city": _t(QT_TRANSLATE_NOOP("SegmentBuilder", "City")),
        "consent_sms": _t(QT_TRANSLATE_NOOP("SegmentBuilder", "Agreed to SMS")),
        "consent_email": _t(QT_TRANSLATE_NOOP("SegmentBuilder", "Agreed to e-mail")),
        "consent_call": _t(QT_TRANSLATE_NOOP("SegmentBuilder", "Agreed to calls")),
        "p_alive": _t(QT_TRANSLATE_NOOP("SegmentBuilder", "P(alive), 0–1")),
        "expected_visits_30d": _t(
            QT_TRANSLATE_NOOP("SegmentBuilder", "Expected visits in 30 days")
        ),
        "clv_12m": _t(QT_TRANSLATE_NOOP("SegmentBuilder", "12-month value (CLV)")),
    }
    if name in titles:
        return titles[name]
    if name.startswith("spend_"):
        code = name[len("spend_") :]
        return _t(QT_TRANSLATE_NOOP("SegmentBuilder", "Spend on %1")).replace(
            "%1", category_names.get(code, code)
        )
    if name.startswith(custom.SEGMENT_PREFIX):
        family = name[len(custom.SEGMENT_PREFIX) :]
        return _t(QT_TRANSLATE_NOOP("SegmentBuilder", "Segment: %1")).replace(
            "%1", names.family(family)
        )
    return name


def value_title(metric: str, value: str, category_names: dict[str, str]) -> str:
    if metric.startswith(custom.SEGMENT_PREFIX):
        return names.segment(metric[len(custom.SEGMENT_PREFIX) :], value)
    if metric == "favourite_category":
        return category_names.get(value, value)
    return value


class ConditionRow(QWidget):
    """One condition: metric, operator, value, and a button that removes it."""

    changed = Signal()
    removed = Signal(QWidget)

    def __init__(
        self,
        catalogue: dict[str, custom.Metric],
        choices: dict[str, list[str]],
        category_names: dict[str, str],
        currency: str,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent, objectName="ConditionRow")
        self.catalogue = catalogue
        self.choices = choices
        self.category_names = category_names
        self.currency = currency
        self.metric_box = QComboBox(objectName="ConditionMetric")
        for name in catalogue:
            self.metric_box.addItem(metric_title(name, category_names), name)
        self.metric_box.setMinimumWidth(250)
        self.op = QComboBox(objectName="ConditionOp")
        self.number = QDoubleSpinBox(objectName="ConditionNumber")
        self.number.setRange(-1_000_000, 10_000_000)
        self.number.setFixedWidth(130)
        self.label = QComboBox(objectName="ConditionValue")
        self.label.setMinimumWidth(170)
        self.flag = QComboBox(objectName="ConditionFlag")
        self.flag.addItem(_t(QT_TRANSLATE_NOOP("SegmentBuilder", "yes")), 1)
        self.flag.addItem(_t(QT_TRANSLATE_NOOP("SegmentBuilder", "no")), 0)
        self.remove = QPushButton("✕", objectName="CompactButton")
        self.remove.setToolTip(_t(QT_TRANSLATE_NOOP("SegmentBuilder", "Remove this condition")))
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(6)
        for widget in (self.metric_box, self.op, self.number, self.label, self.flag):
            row.addWidget(widget)
        row.addStretch(1)
        row.addWidget(self.remove)
        self.metric_box.currentIndexChanged.connect(self.on_metric_changed)
        self.op.currentIndexChanged.connect(self.changed)
        self.number.valueChanged.connect(self.changed)
        self.label.currentIndexChanged.connect(self.changed)
        self.flag.currentIndexChanged.connect(self.changed)
        self.remove.clicked.connect(lambda: self.removed.emit(self))
        self.on_metric_changed()

    def kind(self) -> str:
        return self.catalogue[str(self.metric_box.currentData())].kind

    @Slot()
    def on_metric_changed(self) -> None:
        kind = self.kind()
        name = str(self.metric_box.currentData())
        for widget in (self.op, self.number, self.label, self.flag):
            widget.blockSignals(True)
        self.op.clear()
        if kind == "label":
            self.op.addItem(_t(QT_TRANSLATE_NOOP("SegmentBuilder", "is")), "in")
            self.op.addItem(_t(QT_TRANSLATE_NOOP("SegmentBuilder", "is not")), "not_in")
            self.label.clear()
            for value in self.choices.get(name, []):
                self.label.addItem(value_title(name, value, self.category_names), value)
        elif kind == "flag":
            self.op.addItem("=", "==")
        else:
            for op, sign in NUMBER_OPS:
                self.op.addItem(sign, op)
            self.number.setDecimals(2 if kind == "probability" else 0)
            self.number.setSingleStep(0.05 if kind == "probability" else 1)
            symbol = formatting.CURRENCY_SYMBOLS.get(self.currency, self.currency)
            self.number.setSuffix(
                {
                    "money": f" {symbol}",
                    "percent": " %",
                    "days": _t(QT_TRANSLATE_NOOP("SegmentBuilder", " days")),
                }.get(kind, "")
            )
        self.number.setVisible(kind not in ("label", "flag"))
        self.label.setVisible(kind == "label")
        self.flag.setVisible(kind == "flag")
        self.op.setVisible(kind != "flag")
        for widget in (self.op, self.number, self.label, self.flag):
            widget.blockSignals(False)
        self.changed.emit()

    def spec(self) -> dict[str, Any]:
        metric = str(self.metric_box.currentData())
        kind = self.kind()
        if kind == "label":
            value = self.label.currentData()
            return {
                "metric": metric,
                "op": self.op.currentData(),
                "value": [value] if value else [],
            }
        if kind == "flag":
            return {"metric": metric, "op": "==", "value": int(self.flag.currentData())}
        number = self.number.value()
        return {
            "metric": metric,
            "op": self.op.currentData(),
            "value": number if kind == "probability" else int(round(number)),
        }

    def show_spec(self, spec: dict[str, Any]) -> None:
        index = self.metric_box.findData(spec.get("metric"))
        if index < 0:
            return
        self.metric_box.setCurrentIndex(index)
        kind = self.kind()
        if kind == "flag":
            self.flag.setCurrentIndex(self.flag.findData(int(spec.get("value", 1))))
            return
        self.op.setCurrentIndex(max(0, self.op.findData(spec.get("op"))))
        if kind == "label":
            values = spec.get("value") or [""]
            found = self.label.findData(str(values[0]))
            if found < 0:
                self.label.addItem(value_title(str(spec["metric"]), str(values[0]), {}), values[0])
                found = self.label.count() - 1
            self.label.setCurrentIndex(found)
        else:
            self.number.setValue(float(spec.get("value", 0)))


class ConditionList(QWidget):
    """The conditions of one segment, combined by ALL or ANY."""

    changed = Signal()

    def __init__(self, currency: str, parent: QWidget | None = None) -> None:
        super().__init__(parent, objectName="ConditionList")
        self.currency = currency
        self.catalogue: dict[str, custom.Metric] = {}
        self.choices: dict[str, list[str]] = {}
        self.category_names: dict[str, str] = {}
        self.rows: list[ConditionRow] = []
        self.box = QVBoxLayout(self)
        self.box.setContentsMargins(0, 0, 0, 0)
        self.box.setSpacing(6)
        self.box.addStretch(1)

    def set_catalogue(
        self,
        catalogue: dict[str, custom.Metric],
        choices: dict[str, list[str]],
        category_names: dict[str, str],
    ) -> None:
        self.catalogue, self.choices, self.category_names = catalogue, choices, category_names

    def add(self, spec: dict[str, Any] | None = None) -> ConditionRow:
        row = ConditionRow(self.catalogue, self.choices, self.category_names, self.currency)
        if spec is not None:
            row.show_spec(spec)
        row.changed.connect(self.changed)
        row.removed.connect(self.on_row_removed)
        self.rows.append(row)
        self.box.insertWidget(len(self.rows) - 1, row)
        self.changed.emit()
        return row

    @Slot(QWidget)
    def on_row_removed(self, row: QWidget) -> None:
        if isinstance(row, ConditionRow) and row in self.rows:
            self.rows.remove(row)
            row.deleteLater()
            self.changed.emit()

    def clear(self) -> None:
        for row in self.rows:
            row.deleteLater()
        self.rows = []

    def specs(self) -> list[dict[str, Any]]:
        return [row.spec() for row in self.rows]
