# ruff: noqa: E501  (one line per setting: the table reads best unwrapped)
"""The reward settings as a form: one row per setting, described in :data:`FIELDS`.

Each row names a business setting, its kind (a rate in basis points shown as a percentage, an
amount in minor units, a number of days) and its bounds. A new reward setting (a rule the
``scenarios`` work adds, a rate for another segment) is one more line in :data:`FIELDS`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QAbstractSpinBox, QDoubleSpinBox, QFormLayout, QSpinBox, QWidget

from boostdesk.ui import formatting
from boostdesk.ui.backoffice import parts


def QT_TRANSLATE_NOOP(context: str, text: str) -> str:  # noqa: N802 (Qt's name, read by lupdate)
    return text


@dataclass(frozen=True)
class Field:
    key: str  # the business setting
    label: str  # English source text in the "rewards" context
    kind: str  # "percent" (stored in basis points) | "money" (minor units) | "days"
    low: float = 0
    high: float = 100


FIELDS: tuple[Field, ...] = (
    Field("loyalty.cashback_bp", QT_TRANSLATE_NOOP("rewards", "Cashback, most guests"), "percent", 0, 50),
    Field("loyalty.cashback_loyal_bp", QT_TRANSLATE_NOOP("rewards", "Cashback, Loyal guests"), "percent", 0, 50),
    Field("loyalty.cashback_vip_bp", QT_TRANSLATE_NOOP("rewards", "Cashback, VIP guests"), "percent", 0, 50),
    Field("loyalty.welcome_bonus_minor", QT_TRANSLATE_NOOP("rewards", "Welcome bonus"), "money", 0, 10_000),
    Field("loyalty.welcome_valid_days", QT_TRANSLATE_NOOP("rewards", "Welcome bonus valid for"), "days", 1, 365),
    Field("loyalty.points_expiry_days", QT_TRANSLATE_NOOP("rewards", "Points expire after"), "days", 1, 3650),
    Field("loyalty.max_redeem_bp", QT_TRANSLATE_NOOP("rewards", "Points pay at most"), "percent", 0, 100),
    Field("loyalty.min_redeem_balance_minor", QT_TRANSLATE_NOOP("rewards", "Points usable from"), "money", 0, 10_000),
)  # fmt: skip


class RewardForm(QWidget):
    """Spin boxes for :data:`FIELDS`; :meth:`values` gives them back as stored settings."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("RewardForm")
        self.edits: dict[str, QAbstractSpinBox] = {}
        form = QFormLayout(self)
        form.setContentsMargins(0, 0, 0, 0)
        form.setSpacing(8)
        form.setLabelAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        for field in FIELDS:
            edit = self._edit(field)
            edit.setObjectName("Reward_" + field.key.split(".")[-1])
            self.edits[field.key] = edit
            parts.form_row(form, QCoreApplication.translate("rewards", field.label), edit)

    def _edit(self, field: Field) -> QAbstractSpinBox:
        if field.kind == "days":
            days = QSpinBox()
            days.setRange(int(field.low), int(field.high))
            days.setSuffix(QCoreApplication.translate("rewards", " days"))
            return days
        edit = QDoubleSpinBox()
        edit.setRange(field.low, field.high)
        if field.kind == "percent":
            edit.setDecimals(2)
            edit.setSingleStep(0.5)
            edit.setSuffix(" %")
            if field.key == "loyalty.max_redeem_bp":
                edit.setSuffix(QCoreApplication.translate("rewards", " % of the bill"))
        else:
            edit.setDecimals(2)
            edit.setSingleStep(5)
        return edit

    def set_currency(self, currency: str) -> None:
        symbol = formatting.CURRENCY_SYMBOLS.get(currency, currency)
        for field in FIELDS:
            edit = self.edits[field.key]
            if field.kind == "money" and isinstance(edit, QDoubleSpinBox):
                edit.setSuffix(" " + symbol)

    def fill(self, values: Mapping[str, Any]) -> None:
        self.set_currency(str(values.get("venue.currency") or "TRY"))
        for field in FIELDS:
            edit = self.edits[field.key]
            stored = int(values.get(field.key) or 0)
            if isinstance(edit, QSpinBox):
                edit.setValue(stored)
            elif isinstance(edit, QDoubleSpinBox):
                edit.setValue(stored / 100)  # basis points -> %, minor units -> major

    def values(self) -> dict[str, int]:
        """The form as stored settings (integers: basis points, minor units, days)."""
        out: dict[str, int] = {}
        for field in FIELDS:
            edit = self.edits[field.key]
            if isinstance(edit, QSpinBox):
                out[field.key] = edit.value()
            elif isinstance(edit, QDoubleSpinBox):
                out[field.key] = round(edit.value() * 100)
        return out

    def problem(self) -> str:
        """Why the rates do not make sense together, or ""."""
        values = self.values()
        default = values["loyalty.cashback_bp"]
        if min(values["loyalty.cashback_loyal_bp"], values["loyalty.cashback_vip_bp"]) < default:
            return QCoreApplication.translate(
                "rewards", "Loyal and VIP guests should earn at least the cashback of most guests."
            )
        return ""
