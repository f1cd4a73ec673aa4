"""Counter commands: the scan log (PRODUCT.md section 10)."""

from __future__ import annotations

import argparse
import datetime as dt
import zoneinfo
from typing import Any

from boostdesk import cli
from boostdesk.domain import safetext


def register(sub: Any) -> None:
    p = cli.add_command(sub, "scans", help="the latest card and voucher scans with their outcome")
    p.add_argument("--last", type=cli._positive_int, default=20, help="how many (default 20)")
    p.add_argument("--json", action="store_true", help="machine-readable output")
    p.set_defaults(handler=cmd_scans)


def cmd_scans(args: argparse.Namespace) -> int:
    """Print the scan log, oldest of the selection first; ``outcome`` is one of guest,
    unknown_card, voucher, rejected, duplicate."""
    opened = cli.open_venue(args)
    try:
        scans = opened.counter.scans(args.last)
        timezone = str(opened.settings.get("venue.timezone"))
    finally:
        opened.close()
    if args.json:
        cli.print_json({"scans": scans})
        return 0
    if not scans:
        print("no scans yet")
        return 0
    # People read the venue's clock; --json keeps UTC for machines.
    zone = _zone(timezone)
    print(f"times in {zone.key}")
    safe = safetext.for_terminal
    for scan in scans:
        at = dt.datetime.fromisoformat(scan["at"]).astimezone(zone)
        detail = f"  ({safe(scan['detail'])})" if scan["detail"] else ""
        print(
            f"{at:%Y-%m-%d %H:%M:%S}  {safe(scan['outcome']):<12}  "
            f"{safe(scan['code'] or '-'):<13}  {safe(scan['raw'])}{detail}"
        )
    return 0


def _zone(name: str) -> zoneinfo.ZoneInfo:
    try:
        return zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return zoneinfo.ZoneInfo("UTC")
