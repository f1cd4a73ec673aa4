"""Guest commands for the owner: the customer list and exports (issues 10 and 13)."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from boostdesk import cli


def register(sub: Any) -> None:
    p = cli.add_command(sub, "customers", help="list guests: search, filter by segment, sort")
    p.add_argument("--search", metavar="TEXT", default="", help="name, phone or card number")
    p.add_argument("--segment", metavar="FAMILY=KEY", type=_segment, help="e.g. lifecycle=at_risk")
    p.add_argument(
        "--sort",
        metavar="COLUMN",
        default="name",
        type=_sort,
        help="name, card, lifecycle, rfm, visits, last_visit, amount, p_alive or clv "
        "(--sort=-visits: descending)",
    )
    p.add_argument("--desc", action="store_true", help="sort descending")
    p.add_argument("--limit", type=cli._positive_int, default=50, help="how many (default 50)")
    p.add_argument("--json", action="store_true", help="machine-readable output")
    cli.add_pin_argument(p)
    p.set_defaults(handler=cmd_customers)

    p = cli.add_command(
        sub, "export", help="export guests or their segments to FILE.csv or FILE.xlsx"
    )
    p.add_argument("what", choices=("customers", "segments"))
    p.add_argument("file", type=Path, metavar="FILE")
    cli.add_pin_argument(p)
    p.set_defaults(handler=cmd_export)


def _segment(text: str) -> tuple[str, str]:
    family, _, key = text.partition("=")
    if not family or not key:
        raise argparse.ArgumentTypeError(f"--segment takes FAMILY=KEY, got {text!r}")
    return family.strip(), key.strip()


def _sort(text: str) -> tuple[str, bool]:
    from boostdesk.services import customers

    name = text.lstrip("-")
    name = customers.SORT_ALIASES.get(name, name)
    if name not in customers.SORT_COLUMNS:
        choices = ", ".join(customers.SORT_COLUMNS)
        raise argparse.ArgumentTypeError(f"--sort takes one of {choices}, got {text!r}")
    return name, text.startswith("-")


def cmd_customers(args: argparse.Namespace) -> int:
    """``{"total": n, "customers": [{"id", "card", "name", "lifecycle", "visits", "last_visit",
    "amount", ...}]}``; amounts in major units (``amount_minor`` beside them)."""
    from boostdesk.services import customers, segmentation
    from boostdesk.storage import segments

    if args.segment is not None and args.segment[0] not in segments.FAMILIES:
        raise cli.CliError(
            f"unknown segment family {args.segment[0]!r} (one of {', '.join(segments.FAMILIES)})"
        )
    opened = cli.open_venue(args)
    try:
        actor = cli.sign_in_owner(opened, args)
        sort, descending = args.sort
        descending = descending or args.desc
        query = customers.Query(
            search=args.search, segment=args.segment, sort=sort, descending=descending
        )
        cache = customers.SearchCache()
        opened.customers.warm(cache)  # the search keys and the model's predictions, once
        rows = opened.customers.page(actor, query, limit=args.limit, cache=cache)
        total = opened.customers.count(actor, query, cache=cache)
        zone = str(opened.settings.get("venue.timezone"))
    finally:
        opened.close()
    if args.json:
        cli.print_json({"total": total, "customers": [row.as_json() for row in rows]})
        return cli.EXIT_OK
    from boostdesk.domain import safetext

    print(f"{total} guest(s)" + (f", first {len(rows)}" if len(rows) < total else ""))
    for row in rows:
        last = (
            segmentation.as_of_date(row.last_visit_at + 1, zone).isoformat()
            if row.last_visit_at is not None
            else "-"
        )
        print(
            f"{row.id:>7}  {row.card:<13}  {safetext.for_terminal(row.name)[:28]:<28}  "
            f"{row.lifecycle or '-':<15}  {row.visits:>5}  {last:<10}  "
            f"{row.amount_minor / 100:>10.2f}"
        )
    return cli.EXIT_OK


def cmd_export(args: argparse.Namespace) -> int:
    from boostdesk.services import exports

    if args.file.suffix.lower() not in exports.FORMATS:
        raise cli.CliError(f"export to a .csv or .xlsx file, not {args.file.name!r}")
    opened = cli.open_venue(args)
    try:
        actor = cli.sign_in_owner(opened, args)
        if args.what == "customers":
            result = exports.export_customers(opened, actor, args.file)
        else:
            result = exports.export_segments(opened, actor, args.file)
    finally:
        opened.close()
    print(f"exported {result.value.rows} row(s) to {result.value.path}")
    return cli.EXIT_OK
