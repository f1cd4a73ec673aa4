"""Vouchers on paper: list them, issue one by hand, print them (PDF, receipt or system printer).

A voucher counts as printed (``printed_at``) only once a printer took the whole job: a printer
that is off, unplugged or drops the connection leaves it waiting, to be printed again.
Writing a PDF file is not printing (nobody has been handed anything yet).
"""

from __future__ import annotations

import datetime as dt
import logging
import textwrap
import time
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from boostdesk.documents import texts
from boostdesk.domain import codes
from boostdesk.hardware import printers
from boostdesk.services import ops
from boostdesk.services import settings as settings_service
from boostdesk.storage import audit, cards
from boostdesk.storage import store as store_module
from boostdesk.storage import vouchers as voucher_rows

if TYPE_CHECKING:
    from boostdesk.documents import vouchers as voucher_documents

# reportlab (behind documents.vouchers) is imported by the calls that make a document, so that
# opening a venue, and every command that prints nothing, does not pay for it.

logger = logging.getLogger(__name__)

DAY = 86_400
DEFAULT_VALID_DAYS = 30
STATUSES = ("waiting", "printed", "redeemed", "expired", "cancelled")
#: Prints a PDF on the named system printer (the UI supplies it: Qt lives there).
SystemPrint = Callable[[bytes, str], None]
VoucherRow = voucher_rows.VoucherRow


class VoucherError(Exception):
    """A voucher request that cannot be done; ``reason``: ``unknown`` (no such code),
    ``redeemed``, ``expired`` or ``cancelled`` (nothing left to print), ``card`` (no guest
    holds that card), ``amount`` or ``expiry`` (out of range)."""

    def __init__(self, reason: str, message: str) -> None:
        super().__init__(message)
        self.reason = reason


def status(row: VoucherRow, now: int) -> str:
    """``waiting`` (to hand over), ``printed``, ``redeemed``, ``expired`` or ``cancelled``."""
    if row.cancelled_at is not None:
        return "cancelled"
    if row.redeemed_at is not None:
        return "redeemed"
    if row.expires_at is not None and row.expires_at <= now:
        return "expired"
    return "printed" if row.printed_at is not None else "waiting"


class VoucherService:
    def __init__(
        self,
        store: store_module.Store,
        settings: settings_service.SettingsService,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self._store = store
        self._settings = settings
        self._clock = clock

    def _now(self) -> int:
        return int(self._clock())

    def _zone(self) -> ZoneInfo:
        return ZoneInfo(str(self._settings.get("venue.timezone")))

    def language(self) -> str:
        """The venue's language for documents (``tr`` unless its locale is another)."""
        locale = str(self._settings.get("venue.locale") or "tr_TR")
        return "tr" if locale.lower().startswith("tr") else "en"

    # -- reading ---------------------------------------------------------------------------------

    def listed(self, *, unprinted: bool = False) -> list[VoucherRow]:
        """Every voucher newest first, or only those still to hand over (``unprinted``)."""
        return voucher_rows.listed(self._store, unprinted_at=self._now() if unprinted else None)

    def status(self, row: VoucherRow) -> str:
        return status(row, self._now())

    def last_day(self, row: VoucherRow) -> dt.date | None:
        """The last local day the voucher can be used (it expires at the following midnight)."""
        if row.expires_at is None:
            return None
        return dt.datetime.fromtimestamp(row.expires_at - 1, self._zone()).date()

    def rows(self, voucher_codes: Sequence[str]) -> list[VoucherRow]:
        """The vouchers with these codes; an unknown code raises :class:`VoucherError`."""
        found = voucher_rows.rows_by_codes(self._store, voucher_codes)
        missing = set(voucher_codes) - {row.code for row in found}
        if missing:
            raise VoucherError("unknown", f"no voucher with the code {sorted(missing)[0]}")
        return found

    def documents(self, rows: Sequence[VoucherRow]) -> list[voucher_documents.Voucher]:
        from boostdesk.documents import vouchers as voucher_documents

        venue_name = str(self._settings.get("venue.name") or "BoostDesk")
        terms = self._settings.get("vouchers.terms")  # None: the standard terms
        return [
            voucher_documents.Voucher(
                code=row.code,
                venue_name=venue_name,
                first_name=row.first_name,
                kind=row.kind,
                value=row.value,
                item_name=row.item_name,
                expires_on=self.last_day(row),
                terms=str(terms) if terms else None,
            )
            for row in rows
        ]

    def pdf(self, voucher_codes: Sequence[str], layout: str, language: str) -> bytes:
        """The vouchers as a PDF (``80mm``, ``58mm`` or ``a4``); reading only."""
        from boostdesk.documents import vouchers as voucher_documents

        rows = self.rows(voucher_codes)
        return voucher_documents.render(self.documents(rows), layout, language)

    # -- printing --------------------------------------------------------------------------------

    def print(
        self,
        actor: ops.Actor,
        voucher_codes: Sequence[str],
        printer_url: str,
        *,
        layout: str = "80mm",
        language: str = "tr",
        system_print: SystemPrint | None = None,
    ) -> ops.Result[int]:
        """Print the vouchers on ``printer_url`` and record them printed — only after the printer
        took the job. Raises :class:`VoucherError` (nothing usable to print) or
        :class:`printers.PrinterError` (the printer failed; nothing is recorded)."""
        actor.require(ops.Role.CASHIER, "print vouchers")
        url = printers.parse_url(printer_url)
        rows = self.rows(voucher_codes)
        now = self._now()
        for row in rows:
            state = status(row, now)
            if state not in ("waiting", "printed"):
                raise VoucherError(state, f"voucher {row.code} is {state}: nothing to print")
        documents = self.documents(rows)
        from boostdesk.documents import vouchers as voucher_documents

        if url.scheme == "system":
            if system_print is None:
                raise printers.PrinterError("system", "system printers print from the application")
            system_print(voucher_documents.render(documents, layout, language), url.target)
        else:
            columns = 32 if layout == "58mm" else 48
            job = b"".join(
                printers.encode(ticket(document, language, columns)) for document in documents
            )
            printers.send(url, job)
        with self._store.transaction():
            voucher_rows.mark_printed(self._store, [row.id for row in rows], self._now())
            audit.record(
                self._store,
                self._now(),
                actor.user_id,
                "vouchers.print",
                f"{len(rows)} voucher(s) on {url.scheme}",
            )
        logger.info("printed %d voucher(s) on a %s printer", len(rows), url.scheme)
        guests = tuple(dict.fromkeys(r.customer_id for r in rows if r.customer_id is not None))
        return ops.Result(len(rows), ops.Changes(vouchers=True, guests=guests))

    # -- issuing ---------------------------------------------------------------------------------

    def issue(
        self,
        actor: ops.Actor,
        card_number: str,
        amount_minor: int,
        expires_on: dt.date | None = None,
    ) -> ops.Result[str]:
        """Issue a fixed-amount voucher to the guest holding ``card_number`` (owner only),
        valid through ``expires_on`` (default: 30 days from today, venue time); returns its code."""
        actor.require(ops.Role.OWNER, "issue a voucher")
        if not 0 < amount_minor <= 100_000_00:
            raise VoucherError("amount", "the amount must be more than 0 and at most 100 000")
        now = self._now()
        zone = self._zone()
        today = dt.datetime.fromtimestamp(now, zone).date()
        last_day = expires_on or today + dt.timedelta(days=DEFAULT_VALID_DAYS)
        if last_day < today:
            raise VoucherError("expiry", f"the expiry date {last_day} is in the past")
        next_midnight = dt.datetime.combine(last_day + dt.timedelta(days=1), dt.time(), zone)
        with self._store.transaction():
            card = cards.by_number(self._store, card_number)
            if card is None or card.customer_id is None:
                raise VoucherError("card", "no guest holds this card")
            top = voucher_rows.highest_code(self._store)
            code = codes.voucher_code(int(top[2:12]) + 1 if top else 1)
            voucher_id = voucher_rows.issue(
                self._store,
                code,
                "amount",
                amount_minor,
                "manual",
                now,
                int(next_midnight.timestamp()),
                customer_id=card.customer_id,
            )
            audit.record(
                self._store,
                now,
                actor.user_id,
                "vouchers.issue",
                f"voucher {voucher_id} to customer {card.customer_id}, {amount_minor} minor",
            )
        logger.info("voucher %d issued to customer %d", voucher_id, card.customer_id)
        return ops.Result(code, ops.Changes(vouchers=True, guests=(card.customer_id,)))


def ticket(voucher: voucher_documents.Voucher, language: str, columns: int = 48) -> printers.Ticket:
    """The voucher as a receipt printer prints it with its own fonts (``columns`` of font A)."""
    from boostdesk.documents import vouchers as voucher_documents

    line = printers.Line
    if voucher.kind == "amount":
        value = texts.money(voucher.value, language, symbol="") + " TL"
    else:
        value = voucher_documents.value_text(voucher, language)
    head = [
        line(voucher.venue_name[: columns // 2], bold=True, large=True),
        line(texts.text("voucher", language)),
        line(""),
    ]
    if voucher.first_name:
        head.append(line(texts.text("dear", language, name=voucher.first_name)[:columns]))
        head.append(line(texts.text("for_you", language)))
    else:
        head.append(line(texts.text("for_anyone", language)))
    head += [
        line(value[: columns // 2], bold=True, large=True),
        line(voucher_documents.expiry_text(voucher, language), bold=True),
        line(""),
    ]
    terms = voucher.terms or texts.text("terms", language)
    foot = [line("")] + [line(part) for part in textwrap.wrap(terms, columns)] + [line("")]
    return printers.Ticket(tuple(head), voucher.code, tuple(foot))
