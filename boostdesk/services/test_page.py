"""The printer test page: what the "Print test page" button sends to the chosen voucher printer.

It is laid out like a voucher (venue name, big heading, the code as the printer's own Code128 and
QR, then a paper cut on a receipt printer) and carries every Turkish letter, so one page shows
that the printer is reachable, uses the Turkish code page, prints barcodes that scan and cuts.
Nothing is recorded: printing it changes no data.
"""

from __future__ import annotations

import datetime as dt
import textwrap
from typing import TYPE_CHECKING

from boostdesk.documents import texts
from boostdesk.domain import codes
from boostdesk.hardware import printers
from boostdesk.services import vouchers as vouchers_service

if TYPE_CHECKING:
    from boostdesk.documents import vouchers as voucher_documents

TURKISH_LETTERS = "ç Ç ğ Ğ ı I i İ ö Ö ş Ş ü Ü"
#: A well-formed voucher code no voucher will ever have (the highest serial): the till answers
#: "no such voucher" when it is scanned, which shows the scan path works end to end.
TEST_CODE = codes.voucher_code(10**10 - 1)


def ticket(
    venue_name: str, language: str, printer: str, at: dt.datetime, columns: int = 48
) -> printers.Ticket:
    """The test page for a receipt printer (ESC/POS) of ``columns`` characters a line."""
    line = printers.Line
    when = f"{texts.date(at.date(), language)} {at:%H:%M}"
    return printers.Ticket(
        head=(
            line((venue_name or "BoostDesk")[: columns // 2], bold=True, large=True),
            line(texts.text("test_page", language), bold=True),
            line(""),
            line(texts.text("test_letters", language)),
            line(TURKISH_LETTERS, bold=True),
            line(""),
            line(printer[:columns]),
            line(when),
        ),
        code=TEST_CODE,
        foot=(
            line(""),
            *(line(part) for part in textwrap.wrap(texts.text("test_ready", language), columns)),
            line(""),
        ),
    )


def voucher(venue_name: str, language: str) -> voucher_documents.Voucher:
    """The test page as a voucher document (for system printers, which print PDFs)."""
    from boostdesk.documents import vouchers as voucher_documents

    return voucher_documents.Voucher(
        code=TEST_CODE,
        venue_name=venue_name or "BoostDesk",
        first_name=texts.text("test_page", language).title() + " · " + TURKISH_LETTERS,
        kind="item",
        value=0,
        item_name=None,
        expires_on=None,
        terms=texts.text("test_ready", language),
    )


def send(
    printer_url: str,
    *,
    layout: str,
    language: str,
    venue_name: str,
    at: dt.datetime,
    system_print: vouchers_service.SystemPrint | None = None,
) -> None:
    """Print the test page on ``printer_url``; raise :class:`printers.PrinterError` saying why
    it could not (the printer is off, unplugged, out of paper, not a printer address …)."""
    url = printers.parse_url(printer_url)
    if url.scheme == "system":
        if system_print is None:
            raise printers.PrinterError("system", "system printers print from the application")
        from boostdesk.documents import vouchers as voucher_documents

        pdf = voucher_documents.render([voucher(venue_name, language)], layout, language)
        system_print(pdf, url.target)
        return
    columns = 32 if layout == "58mm" else 48
    printers.send(url, printers.encode(ticket(venue_name, language, str(url), at, columns)))
