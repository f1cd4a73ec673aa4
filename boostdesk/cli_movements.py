"""``boostdesk movements``: the segment transitions matrix of a period and its alerts (owner)."""

from __future__ import annotations

import argparse
import datetime as dt
from typing import Any

from boostdesk import cli

DEFAULT_DAYS = 7  # the alerts' "this week"
_FAMILIES = (  # storage.segments.FAMILIES, written out: the parser is built without numpy
    "lifecycle", "rfm", "abc", "basket", "age", "gender", "family", "frequency", "spend",
    "daypart", "campaigns", "registration_source", "predictive",
)  # fmt: skip


def register(sub: Any) -> None:
    p = cli.add_command(
        sub, "movements", help="how guests moved between segments in a period (from x to matrix)"
    )
    p.add_argument(
        "--from", dest="first", type=cli._date, help=f"first day (default: {DEFAULT_DAYS} "
        "days up to --to)"
    )  # fmt: skip
    p.add_argument("--to", dest="last", type=cli._date, help="last day (default: today)")
    p.add_argument("--family", choices=_FAMILIES, default="lifecycle")
    p.add_argument("--json", action="store_true", help="machine-readable output")
    cli.add_pin_argument(p)  # the matrix leads to lists of guests: owner work
    p.set_defaults(handler=cmd_movements)


def cmd_movements(args: argparse.Namespace) -> int:
    opened = cli.open_venue(args)
    try:
        owner = cli.sign_in_owner(opened, args)
        last: dt.date = args.last or opened.movements.today()
        first: dt.date = args.first or last - dt.timedelta(days=DEFAULT_DAYS - 1)
        if last < first:
            raise cli.CliError(f"--to {last} is before --from {first}")
        moved = opened.movements.movements(owner, args.family, first, last)
    finally:
        opened.close()
    if args.json:
        cli.print_json(moved.as_dict())
        return cli.EXIT_OK
    print(f"{args.family} movements {first.isoformat()} .. {last.isoformat()}: {moved.total}")
    for src, dst, n in moved.cells:
        print(f"  {src or '(first segment)':>20} -> {dst:<20} {n:>7}")
    for alert in moved.alerts:
        verb = "slipped to" if alert.slipped else "moved up to"
        print(f"alert: {alert.guests} {alert.from_segment} guests {verb} {alert.to_segment}")
    return cli.EXIT_OK
