"""The personal-data request register on the command line: ``boostdesk requests list|add|close``.

Every subcommand is the owner's (the notes may name the person who asked): the PIN comes from
``--pin-file FILE`` or ``$BOOSTDESK_PIN`` as for the other owner commands.
"""

from __future__ import annotations

import argparse
import datetime as dt
from pathlib import Path
from typing import Any

from boostdesk import cli, cli_backup

KINDS = ("access", "erasure", "correction")


def register(sub: Any) -> None:
    p = cli.add_command(
        sub, "requests", help="personal-data requests (KVKK): list, add, close (owner)"
    )
    actions = p.add_subparsers(dest="action", required=True, metavar="list|add|close")

    q = actions.add_parser("list", help="requests with their due dates (open ones first)")
    q.add_argument("--open", action="store_true", help="only the open ones")
    q.add_argument("--json", action="store_true", help="machine-readable output")
    _common(q)
    q.set_defaults(handler=cmd_list)

    q = actions.add_parser("add", help="register a request; due 30 days after it was received")
    q.add_argument("kind", choices=KINDS)
    q.add_argument(
        "--received", type=_date, metavar="YYYY-MM-DD", help="the day it came (default today)"
    )
    q.add_argument("--note", default="", help="who asked, how, what was asked for")
    q.add_argument("--json", action="store_true", help="machine-readable output")
    _common(q)
    q.set_defaults(handler=cmd_add)

    q = actions.add_parser("close", help="mark a request answered")
    q.add_argument("id", type=int, metavar="ID")
    q.add_argument("--note", default="", help="what was done")
    _common(q)
    q.set_defaults(handler=cmd_close)


def _common(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--data-dir", type=Path, default=argparse.SUPPRESS, help="the venue's data folder"
    )
    cli.add_pin_argument(p)


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date (YYYY-MM-DD): {text!r}") from None


def _as_json(request: Any, today: dt.date) -> dict[str, object]:
    from boostdesk.services import privacy_register

    return {
        "id": request.id,
        "kind": request.kind,
        "received_on": request.received_on.isoformat(),
        "due_on": request.due_on.isoformat(),
        "status": request.status,
        "closed_on": request.closed_on.isoformat() if request.closed_on else None,
        "overdue": privacy_register.is_overdue(request, today),
        "note": request.note,
    }


def cmd_list(args: argparse.Namespace) -> int:
    from boostdesk.domain import safetext
    from boostdesk.services import privacy_register

    opened = cli_backup.open_for_writing(args)
    try:
        cli.sign_in_owner(opened, args)
        found = privacy_register.requests(opened, open_only=args.open)
        today = privacy_register.today(opened)
    finally:
        opened.close()
    if args.json:
        cli.print_json({"requests": [_as_json(r, today) for r in found]})
        return cli.EXIT_OK
    if not found:
        print("no requests" if not args.open else "no open requests")
    for r in found:
        state = (
            f"closed {r.closed_on}"
            if r.status == "closed"
            else ("OVERDUE" if privacy_register.is_overdue(r, today) else "open")
        )
        note = safetext.for_terminal(r.note.replace("\n", " / "))
        print(
            f"{r.id:>4}  {r.kind:<10} received {r.received_on.isoformat()}  "
            f"due {r.due_on.isoformat()}  {state}" + (f"  {note}" if note else "")
        )
    return cli.EXIT_OK


def cmd_add(args: argparse.Namespace) -> int:
    from boostdesk.services import privacy_register

    opened = cli_backup.open_for_writing(args)
    try:
        actor = cli.sign_in_owner(opened, args)
        try:
            request = privacy_register.add_request(
                opened, actor, args.kind, received_on=args.received, note=args.note
            ).value
        except privacy_register.RequestError as exc:
            raise cli.CliError(str(exc)) from exc
        today = privacy_register.today(opened)
    finally:
        opened.close()
    if args.json:
        cli.print_json(_as_json(request, today))
    else:
        print(f"request {request.id} ({request.kind}) due {request.due_on.isoformat()}")
    return cli.EXIT_OK


def cmd_close(args: argparse.Namespace) -> int:
    from boostdesk.services import privacy_register

    opened = cli_backup.open_for_writing(args)
    try:
        actor = cli.sign_in_owner(opened, args)
        try:
            request = privacy_register.close_request(opened, actor, args.id, note=args.note).value
        except privacy_register.RequestError as exc:
            raise cli.CliError(str(exc)) from exc
    finally:
        opened.close()
    print(f"request {request.id} closed on {request.closed_on}")
    return cli.EXIT_OK
