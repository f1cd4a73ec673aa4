"""Printing the shown guest's waiting vouchers from the counter with one key (F9).

The printer is a per-machine setting (QSettings ``printer/url``, ``printer/layout``): a receipt
printer by URL (``tcp://…``, ``serial://…``, ``file://…``) or a system printer
(``system://NAME``, printed through Qt). The voucher is recorded printed only once the printer
took the job (see ``services/vouchers.py``).
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QCoreApplication, QLocale, QSettings

from boostdesk.hardware import printers

URL_KEY = "printer/url"
LAYOUT_KEY = "printer/layout"


@dataclass(frozen=True, slots=True)
class PrinterSetting:
    url: str
    layout: str  # 80mm | 58mm | a4


def load_setting(settings: QSettings | None = None) -> PrinterSetting | None:
    """This machine's voucher printer, or None when none is set up."""
    store = settings or QSettings()
    url = str(store.value(URL_KEY, "") or "").strip()
    if not url:
        return None
    layout = str(store.value(LAYOUT_KEY, "80mm") or "80mm")
    return PrinterSetting(url, layout if layout in ("80mm", "58mm", "a4") else "80mm")


def document_language() -> str:
    """Vouchers print in the interface language."""
    return "tr" if QLocale().name().lower().startswith("tr") else "en"


def failure_text(error: printers.PrinterError) -> str:
    """What the cashier reads when the printer failed; the voucher stays to print."""
    texts = {
        "unreachable": QCoreApplication.translate(
            "printing", "The voucher printer cannot be reached: is it on and connected?"
        ),
        "interrupted": QCoreApplication.translate(
            "printing", "The voucher printer stopped during printing."
        ),
        "no_answer": QCoreApplication.translate(
            "printing", "The voucher printer does not answer: check power, paper and cover."
        ),
        "no_paper": QCoreApplication.translate("printing", "The voucher printer is out of paper."),
        "url": QCoreApplication.translate(
            "printing", "The voucher printer setting is not a printer address."
        ),
    }
    text = texts.get(
        error.reason,
        QCoreApplication.translate("printing", "The voucher could not be printed."),
    )
    return (
        text
        + " "
        + QCoreApplication.translate("printing", "The voucher was not marked printed; try again.")
    )
