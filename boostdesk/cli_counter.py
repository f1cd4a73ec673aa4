"""Counter commands: the scan log (PRODUCT.md section 10)."""

from __future__ import annotations

import argparse
from typing import Any

from boostdesk import cli


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
    finally:
        opened.close()
    if args.json:
        cli.print_json({"scans": scans})
        return 0
    if not scans:
        print("no scans yet")
    for scan in scans:
        detail = f"  ({scan['detail']})" if scan["detail"] else ""
        print(
            f"{scan['at']}  {scan['outcome']:<12}  {scan['code'] or '-':<13}  {scan['raw']}{detail}"
        )
    return 0
