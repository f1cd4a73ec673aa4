"""Retention commands: run the scenarios, report their results, send the outbox."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from boostdesk import cli


def register(sub: Any) -> None:
    scenarios = cli.add_command(sub, "scenarios", help="retention scenarios: run, report")
    actions = scenarios.add_subparsers(dest="action", metavar="ACTION", required=True)
    p = cli.add_command(actions, "run", help="run the scenarios switched on (owner PIN)")
    p.add_argument("--as-of", type=cli._date, metavar="DATE", help="the day to run for")
    p.add_argument("--json", action="store_true", help="machine-readable output")
    cli.add_pin_argument(p)
    p.set_defaults(handler=cmd_scenarios_run)

    p = cli.add_command(actions, "report", help="treated vs control per scenario")
    p.add_argument("--window", type=cli._positive_int, metavar="DAYS", help="default 30")
    p.add_argument("--json", action="store_true", help="machine-readable output")
    p.set_defaults(handler=cmd_scenarios_report)

    p = cli.add_command(actions, "switch", help="switch a scenario on or off (owner PIN)")
    p.add_argument("key", help="the scenario's key (see 'scenarios report')")
    p.add_argument("state", choices=("on", "off"))
    cli.add_pin_argument(p)
    p.set_defaults(handler=cmd_scenarios_switch)

    outbox = cli.add_command(sub, "outbox", help="messages waiting to be sent")
    actions = outbox.add_subparsers(dest="action", metavar="ACTION", required=True)
    p = cli.add_command(actions, "send", help="send the queued e-mails over SMTP (owner PIN)")
    p.add_argument("--smtp", metavar="HOST:PORT", help="this server, without TLS or sign-in")
    p.add_argument("--json", action="store_true", help="machine-readable output")
    cli.add_pin_argument(p)
    p.set_defaults(handler=cmd_outbox_send)

    p = cli.add_command(actions, "export", help="SMS messages or the İYS consent list as CSV")
    p.add_argument("what", choices=("sms", "iys"))
    p.add_argument("--out", type=Path, required=True, metavar="FILE.csv")
    cli.add_pin_argument(p)
    p.set_defaults(handler=cmd_outbox_export)


def cmd_scenarios_run(args: argparse.Namespace) -> int:
    opened = cli.open_venue(args)
    try:
        actor = cli.sign_in_owner(opened, args)
        today = opened.segmentation.today()
        if (args.as_of is None or args.as_of == today) and opened.segmentation.needs_full_run():
            # the triggers read today's segment movements: bring the segments to today first
            opened.segmentation.recompute_all(actor=actor)
        report = opened.scenarios.run(actor, args.as_of).value
    finally:
        opened.close()
    if args.json:
        cli.print_json(report.as_json())
        return cli.EXIT_OK
    print(f"Scenarios as of {report.as_of.isoformat()}")
    if not report.scenarios:
        print("  no scenario is switched on")
    for s in report.scenarios:
        print(
            f"  {s.key:<18} audience {s.audience:>5}  treated {s.treated:>5}  "
            f"holdout {s.holdout:>4}  vouchers {s.vouchers:>4}  messages {s.messages:>4}  "
            f"cost {s.cost_minor / 100:>10.2f}"
        )
    return cli.EXIT_OK


def cmd_scenarios_report(args: argparse.Namespace) -> int:
    from boostdesk.services import scenario_results

    opened = cli.open_venue(args)
    try:
        rows = scenario_results.results(opened.store, opened.scenarios, args.window)
    finally:
        opened.close()
    if args.json:
        cli.print_json({"scenarios": [r.as_json() for r in rows]})
        return cli.EXIT_OK
    if not rows:
        print("No scenario has run yet.")
    for r in rows:
        c = r.comparison
        line = (
            f"{r.key:<18} treated {c.treated:>5}  control {c.control:>4}  "
            f"return {c.rate(True):6.1%} vs {c.rate(False):6.1%}  "
            f"lift {c.lift:+.1%} [{c.lift_low:+.1%}, {c.lift_high:+.1%}]  "
            f"cost {c.cost_minor / 100:.2f}"
        )
        if c.too_small:
            line += "  (sample too small to conclude)"
        print(line)
    return cli.EXIT_OK


def cmd_scenarios_switch(args: argparse.Namespace) -> int:
    from boostdesk.domain import scenarios as rules

    opened = cli.open_venue(args)
    try:
        actor = cli.sign_in_owner(opened, args)
        try:
            opened.scenarios.switch(actor, args.key, args.state == "on")
        except rules.ScenarioError as exc:
            raise cli.CliError(str(exc)) from None
    finally:
        opened.close()
    print(f"{args.key}: {args.state}")
    return cli.EXIT_OK


def cmd_outbox_send(args: argparse.Namespace) -> int:
    from boostdesk.services import outbox, smtp

    server = None
    if args.smtp:
        host, sep, port = args.smtp.rpartition(":")
        if not sep or not host or not port.isdigit():
            print("boostdesk: error: --smtp takes HOST:PORT", file=sys.stderr)
            return cli.EXIT_USAGE
        server = outbox.SmtpServer(host=host, port=int(port), starttls=False, user="")
    opened = cli.open_venue(args)
    try:
        actor = cli.sign_in_owner(opened, args)
        service = outbox.OutboxService(opened.store, opened.settings, opened.data_dir)
        try:
            summary = service.send_email(actor, server).value
        except outbox.OutboxError as exc:
            raise cli.CliError(str(exc)) from None
    finally:
        opened.close()
    if summary.error:  # the messages wait for the next send; say what to fix
        print(
            f"boostdesk: {smtp.ENGLISH[summary.error]}; the messages stay queued", file=sys.stderr
        )
    if args.json:
        cli.print_json(summary.as_json())
        return cli.EXIT_OK
    print(f"sent {summary.sent}, failed {summary.failed}, still queued {summary.queued}")
    return cli.EXIT_OK


def cmd_outbox_export(args: argparse.Namespace) -> int:
    from boostdesk.services import outbox

    opened = cli.open_venue(args)
    try:
        actor = cli.sign_in_owner(opened, args)
        service = outbox.OutboxService(opened.store, opened.settings, opened.data_dir)
        if args.what == "sms":
            data, count = service.export_sms(actor).value
        else:
            data, count = service.export_iys(actor).value
    finally:
        opened.close()
    try:
        args.out.write_bytes(data)
    except OSError as exc:
        raise cli.CliError(f"cannot write {args.out}: {exc.strerror}") from None
    print(f"saved {count} row(s) to {args.out}")
    return cli.EXIT_OK
