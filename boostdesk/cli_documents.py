"""Paper commands: vouchers (list, issue, print) and the PDF reports (PRODUCT.md section 10)."""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from boostdesk import cli
from boostdesk.domain import codes, safetext

if TYPE_CHECKING:
    from boostdesk.services import venue

LAYOUTS = ("80mm", "58mm", "a4")
REPORTS = ("segments", "scenarios", "daily", "customer")


def register(sub: Any) -> None:
    vouchers = cli.add_command(sub, "vouchers", help="list, issue and print vouchers")
    actions = vouchers.add_subparsers(dest="action", metavar="ACTION", required=True)
    p = cli.add_command(actions, "print", help="print a voucher or save it as a PDF")
    p.add_argument("code", type=_voucher_code, metavar="CODE", nargs="?", help="the voucher code")
    p.add_argument(
        "--waiting",
        action="store_true",
        help="instead of CODE: every voucher still to hand over (a batch after a scenario run)",
    )
    target = p.add_mutually_exclusive_group(required=True)
    target.add_argument("--out", type=Path, metavar="FILE.pdf", help="save the PDF here")
    target.add_argument(
        "--printer",
        type=_printer_url,
        metavar="URL",
        help="tcp://HOST:PORT, serial://PORT?baudrate=N, file://DEVICE or system://NAME",
    )
    p.add_argument("--layout", choices=LAYOUTS, default="80mm", help="paper (default 80mm)")
    p.set_defaults(handler=cmd_vouchers_print)

    p = cli.add_command(actions, "list", help="vouchers, newest first, with their state")
    p.add_argument("--unprinted", action="store_true", help="only those still to hand over")
    p.add_argument("--json", action="store_true", help="machine-readable output")
    p.set_defaults(handler=cmd_vouchers_list)

    p = cli.add_command(actions, "issue", help="issue a voucher to a guest (owner PIN)")
    p.add_argument("card", type=_card_number, metavar="CARD", help="the guest's card number")
    p.add_argument(
        "--amount", type=_amount, required=True, metavar="N", help="value in lira, e.g. 50 or 50,50"
    )
    p.add_argument(
        "--expires",
        type=cli._date,
        metavar="DATE",
        help="last day it can be used (default: 30 days from today)",
    )
    p.add_argument("--json", action="store_true", help="machine-readable output")
    cli.add_pin_argument(p)
    p.set_defaults(handler=cmd_vouchers_issue)

    p = cli.add_command(sub, "report", help="a PDF report")
    p.add_argument("kind", choices=REPORTS, help="which report")
    p.add_argument("--card", type=_card_number, help="the guest's card (customer report)")
    p.add_argument("--date", type=cli._date, help="the day (daily) or as-of day (segments)")
    p.add_argument("--out", type=Path, required=True, metavar="FILE.pdf", help="save it here")
    p.set_defaults(handler=cmd_report)


def _voucher_code(text: str) -> str:
    try:
        code = codes.parse(text)
    except codes.CodeError as exc:
        raise argparse.ArgumentTypeError(f"not a voucher code: {exc}") from None
    if code.kind is not codes.CodeKind.VOUCHER:
        raise argparse.ArgumentTypeError(f"{code.value} is a card number, not a voucher code")
    return code.value


def _card_number(text: str) -> str:
    try:
        code = codes.parse(text)
    except codes.CodeError as exc:
        raise argparse.ArgumentTypeError(f"not a card number: {exc}") from None
    if code.kind is not codes.CodeKind.CARD:
        raise argparse.ArgumentTypeError(f"{code.value} is a voucher code, not a card number")
    return code.value


def _amount(text: str) -> int:
    """Lira as typed (``50``, ``50,50``, ``1.250,00`` or ``50.50``) to kuruş."""
    from boostdesk.domain import money

    english = "," not in text and "." in text and len(text.rsplit(".", 1)[1]) <= 2
    try:
        minor = money.parse_minor(text, *((".", ",") if english else (",", ".")))
    except money.AmountError:
        raise argparse.ArgumentTypeError(f"not an amount: {text!r}") from None
    if minor <= 0:
        raise argparse.ArgumentTypeError("the amount must be more than 0")
    return minor


def _printer_url(text: str) -> Any:
    from boostdesk.hardware import printers

    try:
        return printers.parse_url(text)
    except printers.PrinterError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def _language(args: argparse.Namespace, opened: venue.Venue) -> str:
    return str(args.lang or opened.vouchers.language())


def _command_line_actor() -> Any:
    """Printing is counter work (no PIN); the audit log shows no user for it."""
    from boostdesk.services import ops

    return ops.Actor(user_id=None, name="command line", role=ops.Role.CASHIER)


def cmd_vouchers_print(args: argparse.Namespace) -> int:
    """Save the voucher as a PDF (``--out``; not counted as printed) or print it; the voucher
    is recorded printed only when the printer took the job."""
    from boostdesk.hardware import printers
    from boostdesk.services import vouchers

    if args.printer is not None and args.printer.scheme != "system" and args.layout == "a4":
        print("boostdesk: error: --layout a4 needs --out or a system:// printer", file=sys.stderr)
        return cli.EXIT_USAGE
    if (args.code is None) == (not args.waiting):
        print("boostdesk: error: give a voucher CODE or --waiting", file=sys.stderr)
        return cli.EXIT_USAGE
    opened = cli.open_venue(args)
    try:
        language = _language(args, opened)
        codes_ = (
            [args.code] if args.code else [r.code for r in opened.vouchers.listed(unprinted=True)]
        )
        if not codes_:
            print("no voucher is waiting to be printed")
            return cli.EXIT_OK
        if args.out is not None:
            data = opened.vouchers.pdf(codes_, args.layout, language)
            _write(args.out, data)
            print(f"saved {args.out}")
            return cli.EXIT_OK
        system_print = None
        if args.printer.scheme == "system":
            from boostdesk.ui import system_printer

            system_print = system_printer.print_pdf
        try:
            opened.vouchers.print(
                _command_line_actor(),
                codes_,
                str(args.printer),
                layout=args.layout,
                language=language,
                system_print=system_print,
            )
        except (printers.PrinterError, vouchers.VoucherError) as exc:
            raise cli.CliError(f"{exc}; the voucher stays unprinted") from None
    except vouchers.VoucherError as exc:
        raise cli.CliError(str(exc)) from None
    finally:
        opened.close()
    print(
        f"printed {len(codes_)} voucher(s) on {args.printer}"
        if args.waiting
        else f"printed voucher {args.code} on {args.printer}"
    )
    return cli.EXIT_OK


def _write(path: Path, data: bytes) -> None:
    try:
        path.write_bytes(data)
    except OSError as exc:
        raise cli.CliError(f"cannot write {path}: {exc.strerror}") from None


def _iso(at: int | None) -> str | None:
    if at is None:
        return None
    return dt.datetime.fromtimestamp(at, dt.UTC).isoformat().replace("+00:00", "Z")


def cmd_vouchers_issue(args: argparse.Namespace) -> int:
    """Issue a fixed-amount voucher to the card's guest (owner work, audited); print its code."""
    from boostdesk.services import vouchers

    opened = cli.open_venue(args)
    try:
        actor = cli.sign_in_owner(opened, args)
        try:
            code = opened.vouchers.issue(actor, args.card, args.amount, args.expires).value
        except vouchers.VoucherError as exc:
            raise cli.CliError(str(exc)) from None
        (row,) = opened.vouchers.rows([code])
        last_day = opened.vouchers.last_day(row)
    finally:
        opened.close()
    if args.json:
        cli.print_json(
            {
                "code": code,
                "value": row.value,
                "customer_id": row.customer_id,
                "last_day": last_day.isoformat() if last_day else None,
            }
        )
    else:
        print(code)
    return cli.EXIT_OK


def cmd_vouchers_list(args: argparse.Namespace) -> int:
    """Every voucher (or only those to hand over) with its state: waiting, printed, redeemed,
    expired or cancelled."""
    from boostdesk.documents import texts

    opened = cli.open_venue(args)
    try:
        rows = opened.vouchers.listed(unprinted=args.unprinted)
        listed = [(row, opened.vouchers.status(row), opened.vouchers.last_day(row)) for row in rows]
        language = _language(args, opened)
    finally:
        opened.close()
    if args.json:
        cli.print_json(
            {
                "vouchers": [
                    {
                        "code": row.code,
                        "status": state,
                        "kind": row.kind,
                        "value": row.value,
                        "item_name": row.item_name,
                        "customer_id": row.customer_id,
                        "first_name": row.first_name,
                        "source": row.source,
                        "issued_at": _iso(row.issued_at),
                        "expires_at": _iso(row.expires_at),
                        "last_day": last_day.isoformat() if last_day else None,
                        "printed_at": _iso(row.printed_at),
                        "redeemed_at": _iso(row.redeemed_at),
                    }
                    for row, state, last_day in listed
                ]
            }
        )
        return cli.EXIT_OK
    if not listed:
        print("no vouchers to hand over" if args.unprinted else "no vouchers yet")
        return cli.EXIT_OK
    safe = safetext.for_terminal
    for row, state, last_day in listed:
        if row.kind == "amount":
            value = texts.money(row.value, language)
        elif row.kind == "percent":
            value = f"{row.value}%"
        else:
            value = safe(row.item_name or "item")
        until = last_day.isoformat() if last_day else "-"
        print(f"{row.code}  {state:<9}  {value:>12}  {until:<10}  {safe(row.first_name or '-')}")
    return cli.EXIT_OK


def cmd_report(args: argparse.Namespace) -> int:
    """Write the report as a PDF."""
    from boostdesk.services import reports

    if args.kind == "customer" and args.card is None:
        print("boostdesk: error: the customer report needs --card CARD", file=sys.stderr)
        return cli.EXIT_USAGE
    opened = cli.open_venue(args)
    try:
        service = reports.ReportService(opened.store, opened.settings, opened.segmentation)
        language = _language(args, opened)
        try:
            if args.kind == "scenarios":
                from boostdesk.services import scenario_results

                data = scenario_results.report_pdf(
                    opened.store,
                    opened.scenarios,
                    opened.settings.venue_name(),
                    str(opened.settings.get("venue.timezone")),
                    language,
                )
            elif args.kind == "segments":
                data = service.segment_overview(language, args.date)
            elif args.kind == "daily":
                data = service.daily_summary(language, args.date)
            else:
                data = service.guest_statement(language, args.card)
        except reports.ReportError as exc:
            raise cli.CliError(str(exc)) from None
    finally:
        opened.close()
    _write(args.out, data)
    print(f"saved {args.out}")
    return cli.EXIT_OK
