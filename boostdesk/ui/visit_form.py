"""Recording a visit: amount with a keypad, basket quick buttons, receipt number, points and
voucher, and what the guest pays and earns — all keyboard- and touch-friendly."""

from __future__ import annotations

from PySide6.QtCore import QLocale, Qt, Signal, Slot
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from boostdesk.domain import money, rewards
from boostdesk.services import counter
from boostdesk.ui import formatting, labels


class VisitForm(QFrame):
    save_requested = Signal()
    void_requested = Signal()
    voucher_removed = Signal()

    def __init__(
        self, categories: list[tuple[str, str]], currency: str, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent, objectName="VisitForm")
        self.currency = currency
        self.max_amount_minor: int | None = None
        self.guest: counter.GuestView | None = None
        self.voucher: counter.VoucherInfo | None = None
        locale = QLocale()
        self.decimal_point = locale.decimalPoint() or ","
        self.group_separator = locale.groupSeparator() or "."

        self.amount_edit = QLineEdit(objectName="AmountEdit")
        self.amount_edit.setPlaceholderText(self.tr("Bill amount"))
        self.amount_edit.setMaxLength(14)
        self.amount_edit.setAlignment(Qt.AlignmentFlag.AlignRight)
        keypad = QGridLayout()
        keypad.setSpacing(6)
        keys = ("7", "8", "9", "4", "5", "6", "1", "2", "3", self.decimal_point, "0", "⌫")
        for index, key in enumerate(keys):
            button = QPushButton(key, objectName="KeypadButton")
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            # Keys grow on tall screens (a bigger target) and shrink to their minimum on a till.
            button.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
            button.setMaximumHeight(112)
            button.clicked.connect(lambda _=False, k=key: self.on_keypad_pressed(k))
            keypad.addWidget(button, index // 3, index % 3)

        self.category_buttons: dict[str, QPushButton] = {}
        basket = QHBoxLayout()
        basket.setSpacing(6)
        for index, (code, name) in enumerate(categories):
            button = QPushButton(name, objectName="CategoryButton")
            button.setCheckable(True)
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            if index < 9:  # keyboard-only: Ctrl+1 … Ctrl+9 toggle the basket categories
                shortcut = QShortcut(QKeySequence(f"Ctrl+{index + 1}"), self)
                shortcut.activated.connect(lambda b=button: b.isEnabled() and b.toggle())
                button.setToolTip(f"Ctrl+{index + 1}")
            self.category_buttons[code] = button
            basket.addWidget(button)

        self.receipt_edit: QLineEdit = QLineEdit(objectName="ReceiptEdit")
        self.receipt_edit.setPlaceholderText(self.tr("Receipt no. (optional)"))
        self.receipt_edit.setMaxLength(40)
        self.points_edit = QLineEdit(objectName="PointsEdit")
        self.points_edit.setPlaceholderText(self.tr("Points to use"))
        self.points_edit.setMaxLength(12)
        self.max_button = QPushButton(self.tr("Use max"), objectName="CompactButton")
        self.points_hint = labels.data("Hint")
        points_row = QHBoxLayout()
        points_row.addWidget(self.points_edit, 1)
        points_row.addWidget(self.max_button)
        self.voucher_label = labels.data("VoucherApplied")
        self.voucher_label.setWordWrap(True)
        self.remove_voucher_button = QPushButton(self.tr("Remove"), objectName="LinkButton")
        voucher_row = QHBoxLayout()
        voucher_row.addWidget(self.voucher_label, 1)
        voucher_row.addWidget(self.remove_voucher_button)

        self.summary = labels.data("Summary")
        self.summary.setWordWrap(True)
        self.save_button = QPushButton(self.tr("Save visit  ⏎"), objectName="PrimaryButton")
        self.save_button.setDefault(False)
        self.void_button = QPushButton(self.tr("Void last visit"), objectName="SecondaryButton")

        # The form fits a 1366×728 till screen (tests/ui/test_counter_layout.py): no title (the
        # amount field says what it is), save and void side by side, the voucher row only while a
        # voucher is applied; on taller screens the keypad takes the extra height.
        actions = QHBoxLayout()
        actions.setSpacing(8)
        actions.addWidget(self.void_button, 2)
        actions.addWidget(self.save_button, 3)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(18, 14, 18, 14)
        layout.setSpacing(8)
        layout.addWidget(self.amount_edit)
        layout.addLayout(keypad, 3)
        layout.addLayout(basket)
        layout.addWidget(self.receipt_edit)
        layout.addLayout(points_row)
        layout.addWidget(self.points_hint)
        layout.addLayout(voucher_row)
        layout.addWidget(self.summary)
        layout.addStretch(0)  # once the keys are at their largest, the rest stays together
        layout.addLayout(actions)
        self._connect_signals()
        self.set_guest(None)

    def _connect_signals(self) -> None:
        self.amount_edit.textChanged.connect(self.refresh_summary)
        self.points_edit.textChanged.connect(self.refresh_summary)
        self.amount_edit.returnPressed.connect(self.save_requested)
        self.points_edit.returnPressed.connect(self.save_requested)
        self.receipt_edit.returnPressed.connect(self.save_requested)
        self.save_button.clicked.connect(self.save_requested)
        self.void_button.clicked.connect(self.void_requested)
        self.max_button.clicked.connect(self.on_max_button_clicked)
        self.remove_voucher_button.clicked.connect(self.on_remove_voucher_clicked)

    # -- state -----------------------------------------------------------------------------------

    def set_guest(self, guest: counter.GuestView | None, *, keep_entry: bool = False) -> None:
        same = (
            guest is not None
            and self.guest is not None
            and (guest.customer_id == self.guest.customer_id)
        )
        self.guest = guest
        if not (keep_entry and same):
            self.clear_entry()
        enabled = guest is not None
        for widget in (
            self.amount_edit,
            self.receipt_edit,
            self.points_edit,
            self.max_button,
            self.save_button,
            *self.category_buttons.values(),
        ):
            widget.setEnabled(enabled)
        self.void_button.setEnabled(
            guest is not None and guest.last_visit is not None and guest.last_visit.voidable
        )
        self.refresh_summary()

    def set_max_amount(self, max_minor: int) -> None:
        """The largest bill the venue accepts (a business setting); above it the form warns."""
        self.max_amount_minor = max_minor
        self.refresh_summary()

    def over_limit(self) -> bool:
        bill = self.amount_minor()
        return (
            bill is not None
            and self.max_amount_minor is not None
            and (bill > self.max_amount_minor)
        )

    def limit_text(self) -> str:
        """The message for a bill over the limit, naming the limit."""
        return self.tr("A bill can be at most %1: check for extra zeros.").replace(
            "%1", formatting.money(self.max_amount_minor or 0, self.currency)
        )

    def clear_entry(self) -> None:
        self.amount_edit.clear()
        self.receipt_edit.clear()
        self.points_edit.clear()
        for button in self.category_buttons.values():
            button.setChecked(False)
        self.set_voucher(None)

    def set_voucher(self, voucher: counter.VoucherInfo | None) -> None:
        self.voucher = voucher
        self.voucher_label.setVisible(voucher is not None)
        self.remove_voucher_button.setVisible(voucher is not None)
        if voucher is not None:
            self.voucher_label.setText(
                self.tr("Voucher: %1").replace("%1", self.voucher_text(voucher))
            )
        self.refresh_summary()

    def voucher_text(self, voucher: counter.VoucherInfo) -> str:
        if voucher.kind == "amount":
            return self.tr("%1 off").replace("%1", formatting.money(voucher.value, self.currency))
        if voucher.kind == "percent":
            return self.tr("%1% off").replace("%1", str(voucher.value))
        return self.tr("free %1").replace("%1", voucher.item_name or self.tr("item"))

    # -- reading the entry -------------------------------------------------------------------------

    def amount_minor(self) -> int | None:
        try:
            return money.parse_minor(
                self.amount_edit.text(), self.decimal_point, self.group_separator
            )
        except money.AmountError:
            return None

    def points_minor(self) -> int | None:
        if not self.points_edit.text().strip():
            return 0
        try:
            return money.parse_minor(
                self.points_edit.text(), self.decimal_point, self.group_separator
            )
        except money.AmountError:
            return None

    def categories(self) -> tuple[str, ...]:
        return tuple(code for code, b in self.category_buttons.items() if b.isChecked())

    def receipt(self) -> str:
        return self.receipt_edit.text().strip()

    def max_points(self, bill: int) -> int:
        if self.guest is None:
            return 0
        discount = self.discount(bill)
        return rewards.max_redeemable(
            bill - discount,
            self.guest.balance.usable_minor,
            self.guest.max_redeem_bp,
            self.guest.min_redeem_balance_minor,
        )

    def discount(self, bill: int) -> int:
        if self.voucher is None:
            return 0
        return rewards.voucher_discount(self.voucher.kind, self.voucher.value, bill)

    # -- slots -----------------------------------------------------------------------------------

    @Slot()
    def refresh_summary(self) -> None:
        guest = self.guest
        if guest is None:
            self.summary.setText(self.tr("Scan a card to start a visit."))
            self.points_hint.setText("")
            return
        bill = self.amount_minor() or 0
        allowed = self.max_points(bill)
        if guest.balance.usable_minor < guest.min_redeem_balance_minor:
            self.points_hint.setText(
                self.tr("Points can be used from a balance of %1.").replace(
                    "%1", formatting.money(guest.min_redeem_balance_minor, self.currency)
                )
            )
        else:
            self.points_hint.setText(
                self.tr("Up to %1 on this bill").replace(
                    "%1", formatting.money(allowed, self.currency)
                )
            )
        points = self.points_minor()
        if self.over_limit():
            self.summary.setText(self.limit_text())
            self.summary.setProperty("error", True)
        elif points is None or bill <= 0 and self.amount_edit.text().strip():
            self.summary.setText(self.tr("Type the amount, e.g. 125,50"))
            self.summary.setProperty("error", True)
        else:
            self.summary.setProperty("error", False)
            paid = max(0, bill - self.discount(bill) - min(points, allowed))
            earned = rewards.cashback(paid, guest.cashback_bp)
            self.summary.setText(
                self.tr("To pay %1 · earns %2 (%3%)")
                .replace("%1", formatting.money(paid, self.currency))
                .replace("%2", formatting.money(earned, self.currency))
                .replace("%3", f"{guest.cashback_bp / 100:g}")
            )
        self.summary.style().unpolish(self.summary)
        self.summary.style().polish(self.summary)

    def on_keypad_pressed(self, key: str) -> None:
        if not self.amount_edit.isEnabled():
            return
        if key == "⌫":
            self.amount_edit.backspace()
        else:
            self.amount_edit.insert(key)
        self.amount_edit.setFocus(Qt.FocusReason.OtherFocusReason)

    @Slot()
    def on_max_button_clicked(self) -> None:
        allowed = self.max_points(self.amount_minor() or 0)
        whole, cents = divmod(allowed, 100)
        self.points_edit.setText(f"{whole}{self.decimal_point}{cents:02d}" if cents else str(whole))

    @Slot()
    def on_remove_voucher_clicked(self) -> None:
        self.set_voucher(None)
        self.voucher_removed.emit()
