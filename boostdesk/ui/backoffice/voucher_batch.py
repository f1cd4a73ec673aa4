"""Batch printing: every voucher still to hand over (all guests), ticked and printed at once.

The vouchers are printed as one job through ``VoucherService.print``, which records them printed
only once the printer took the whole job: a printer that is off or out of paper leaves every one
of them waiting, to be printed again.

The list can be narrowed by where the vouchers came from (``source``: issued by hand, a
scenario …). :func:`filters` is the one place that says which narrowings exist; a finer one (a
particular scenario) is one more entry there once scenarios name their vouchers.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import QCoreApplication, Qt, Slot
from PySide6.QtWidgets import (
    QComboBox,
    QFrame,
    QHBoxLayout,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from boostdesk.hardware import printers
from boostdesk.services import ops
from boostdesk.services import vouchers as vouchers_service
from boostdesk.ui import (
    formatting,
    labels,
    messages,
    table_models,
    task_runner,
    voucher_printing,
    widgets,
)
from boostdesk.ui.backoffice import parts, section

ALL = ""


def failure_text(error: Exception) -> str:
    """What the owner reads when a print did not go through."""
    if not isinstance(error, printers.PrinterError):
        return messages.error_text(error)
    texts = {
        "unreachable": QCoreApplication.translate(
            "printers",
            "The printer cannot be reached: is it switched on, plugged in and at this address?",
        ),
        "interrupted": QCoreApplication.translate(
            "printers", "The printer stopped during printing (connection lost)."
        ),
        "no_answer": QCoreApplication.translate(
            "printers", "The printer does not answer: check power, paper and cover."
        ),
        "no_paper": QCoreApplication.translate("printers", "The printer is out of paper."),
        "url": QCoreApplication.translate("printers", "This is not a printer address."),
    }
    return texts.get(
        error.reason, QCoreApplication.translate("printers", "The printer refused the job.")
    )


def source_text(source: str) -> str:
    texts = {
        "manual": QCoreApplication.translate("voucher_batch", "Issued by hand"),
        "scenario": QCoreApplication.translate("voucher_batch", "Scenario"),
        "demo": QCoreApplication.translate("voucher_batch", "Demo"),
    }
    if source.startswith("scenario:"):  # a scenario's vouchers: "scenario:<its key>"
        return QCoreApplication.translate("voucher_batch", "Scenario: %1").replace(
            "%1", source.partition(":")[2].replace("_", " ")
        )
    return texts.get(source, source)


def filters(rows: Sequence[vouchers_service.VoucherRow]) -> list[tuple[str, str]]:
    """``(key, label)`` of the narrowings offered for ``rows``: all, then each source present."""
    sources = sorted({row.source for row in rows})
    return [(ALL, QCoreApplication.translate("voucher_batch", "All sources"))] + [
        (source, source_text(source)) for source in sources
    ]


def matches(row: vouchers_service.VoucherRow, key: str) -> bool:
    return key == ALL or row.source == key


class VoucherBatch(QFrame):
    """The waiting vouchers with tick boxes and a Print button (inside the Printers section)."""

    def __init__(
        self,
        context: section.Context,
        printer_setting: Callable[[], voucher_printing.PrinterSetting | None],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent, objectName="Tile")
        self.context = context
        self.printer_setting = printer_setting
        self.rows: list[vouchers_service.VoucherRow] = []
        self.model = table_models.TextRowsModel(
            [self.tr("Code"), self.tr("Guest"), self.tr("Value"), self.tr("Valid until"),
             self.tr("Source")],
            checkable=True,
        )  # fmt: skip
        self.table = parts.sized_table(self.model, "VoucherTable", stretch=1)
        self.filter_box = QComboBox(objectName="VoucherFilter")
        self.filter_box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.all_button = widgets.named(QPushButton(self.tr("Tick all")), "CompactButton")
        self.none_button = widgets.named(QPushButton(self.tr("Tick none")), "CompactButton")
        self.print_button = widgets.named(QPushButton(self.tr("Print ticked")), "PrimaryButton")
        self.empty = labels.data(
            "Placeholder", self.tr("No voucher is waiting to be printed. All handed over!")
        )
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.setWordWrap(True)
        self.empty.hide()
        self.status = parts.status_line()

        box = QVBoxLayout(self)
        box.setContentsMargins(14, 12, 14, 14)
        box.setSpacing(8)
        top = QHBoxLayout()
        top.addWidget(labels.data("SectionTitle", self.tr("Vouchers waiting to be printed")), 1)
        top.addWidget(self.filter_box)
        box.addLayout(top)
        box.addWidget(self.table, 1)
        box.addWidget(self.empty, 1)
        bottom = QHBoxLayout()
        bottom.addWidget(self.all_button)
        bottom.addWidget(self.none_button)
        bottom.addStretch(1)
        bottom.addWidget(self.print_button)
        box.addLayout(bottom)
        box.addWidget(self.status)
        self._connect_signals()
        self.update_print_button()

    def _connect_signals(self) -> None:
        self.filter_box.currentIndexChanged.connect(self.on_filter_box_changed)
        self.all_button.clicked.connect(lambda: self.model.set_all_checked(True))
        self.none_button.clicked.connect(lambda: self.model.set_all_checked(False))
        self.print_button.clicked.connect(self.on_print_button_clicked)
        self.model.dataChanged.connect(self.update_print_button)
        self.model.modelReset.connect(self.update_print_button)

    # -- loading ---------------------------------------------------------------------------------

    def reload(self) -> None:
        vouchers = self.context.venue.vouchers
        self.context.runner.submit(lambda: vouchers.listed(unprinted=True), self.on_loaded)

    def on_loaded(self, rows: list[vouchers_service.VoucherRow]) -> None:
        self.rows = rows
        chosen = self.filter_box.currentData()
        self.filter_box.blockSignals(True)
        self.filter_box.clear()
        for key, text in filters(rows):
            self.filter_box.addItem(text, key)
        self.filter_box.setCurrentIndex(max(0, self.filter_box.findData(chosen)))
        self.filter_box.blockSignals(False)
        self.show_rows()

    @Slot()
    def on_filter_box_changed(self) -> None:
        self.show_rows()

    def value_text(self, row: vouchers_service.VoucherRow) -> str:
        if row.kind == "amount":
            return formatting.money(row.value, self.context.currency)
        if row.kind == "percent":
            return self.tr("%1% off").replace("%1", str(row.value))
        return row.item_name or self.tr("A treat")

    def show_rows(self) -> None:
        key = str(self.filter_box.currentData() or ALL)
        vouchers = self.context.venue.vouchers
        shown, codes = [], []
        for row in self.rows:
            if not matches(row, key):
                continue
            last_day = vouchers.last_day(row)
            codes.append(row.code)
            shown.append(
                (
                    row.code,
                    row.first_name or self.tr("(anyone)"),
                    self.value_text(row),
                    formatting.local_date(last_day) if last_day else "—",
                    source_text(row.source),
                )
            )
        self.model.set_texts(shown, keys=codes)
        self.table.setVisible(bool(self.rows))
        self.empty.setVisible(not self.rows)
        self.filter_box.setEnabled(bool(self.rows))

    @Slot()
    def update_print_button(self) -> None:
        count = len(self.model.checked())
        self.print_button.setEnabled(count > 0)
        self.print_button.setText(
            self.tr("Print %n ticked", "", count) if count else self.tr("Print ticked")
        )

    # -- printing --------------------------------------------------------------------------------

    @Slot()
    def on_print_button_clicked(self) -> None:
        codes = [str(code) for code in self.model.checked()]
        if not codes:
            return
        setting = self.printer_setting()
        if setting is None:
            parts.show_status(
                self.status,
                self.tr("No voucher printer is set up on this computer: choose one and save."),
                error=True,
            )
            return
        from boostdesk.ui import system_printer  # QtPrintSupport: loaded when first printing

        self.print_button.setEnabled(False)
        parts.show_status(self.status, self.tr("Printing…"))
        self.context.runner.run(
            task_runner.Op(
                self.context.venue.vouchers.print,
                self.context.actor,
                codes,
                setting.url,
                layout=setting.layout,
                language=voucher_printing.document_language(),
                system_print=system_printer.print_pdf,
            )
            .with_progress(self.tr("Printing vouchers…"))
            .on_success(self.on_printed)
            .on_failure(self.on_print_failed)
        )

    def on_printed(self, result: ops.Result[int]) -> None:
        self.update_print_button()
        parts.show_status(self.status, self.tr("%n voucher(s) printed.", "", result.value))

    def on_print_failed(self, error: Exception) -> None:
        self.update_print_button()
        parts.show_status(
            self.status,
            failure_text(error)
            + " "
            + self.tr("None of them was marked printed; they stay in this list."),
            error=True,
        )
