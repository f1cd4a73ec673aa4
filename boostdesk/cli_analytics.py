"""Analytics commands: segment, customer, clv, import customers|visits (PRODUCT.md section 10)."""

from __future__ import annotations

import argparse
import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING, Any

from boostdesk import cli
from boostdesk.domain import safetext

if TYPE_CHECKING:
    from boostdesk.services import segmentation

# The services (numpy; scipy for CLV) are imported by the commands that need them: the parser is
# built on every start, ``--version`` included.


def register(sub: Any) -> None:
    p = cli.add_command(sub, "segment", help="recompute all segments; counts per family")
    p.add_argument("--as-of", type=cli._date, help="segment as of this day (default: today)")
    p.add_argument("--json", action="store_true", help="machine-readable output")
    cli.add_pin_argument(p)  # a run for today is stored: owner work
    p.set_defaults(handler=cmd_segment)

    p = cli.add_command(sub, "customer", help="one guest: metrics, segments with explanations")
    p.add_argument("card", help="the guest's card number (13 digits)")
    p.add_argument("--as-of", type=cli._date)
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_customer)

    p = cli.add_command(sub, "clv", help="fit BG/NBD + Gamma-Gamma on visits up to a day")
    p.add_argument("--as-of", type=cli._date)
    p.add_argument("--model", choices=("mbgnbd", "bgnbd"), default="mbgnbd")
    p.add_argument("--json", action="store_true")
    cli.add_pin_argument(p)  # the fit is stored: owner work
    p.set_defaults(handler=cmd_clv)

    p = cli.add_command(sub, "import", help="import customers or visits from a CSV or XLSX file")
    p.add_argument("kind", choices=("customers", "visits"))
    p.add_argument("file", type=Path)
    p.add_argument("--dry-run", action="store_true", help="check every row, store nothing")
    p.add_argument(
        "--map",
        action="append",
        default=[],
        type=_column_map,
        metavar="COLUMN=FIELD",
        help="the file's COLUMN holds FIELD (FIELD '-' ignores the column); saved per source",
    )
    p.add_argument("--source", help="name of the system the file comes from (mapping saved as)")
    cli.add_pin_argument(p)  # owner work, except a dry run
    p.set_defaults(handler=cmd_import)


def _family_counts(result: segmentation.Recompute) -> dict[str, dict[str, int]]:
    counts = result.segmentation.counts()
    seg = result.segmentation
    counts["birthday_soon"] = {
        "birthday": int(seg.birthday_soon.sum()),
        "name_day": int(seg.name_day_soon.sum()),
        "family_birthday": int(seg.family_birthday_soon.sum()),
    }
    counts["cross_sell"] = seg.cross_sell
    counts["custom"] = {name: int(mask.sum()) for name, mask in seg.custom.items()}
    return counts


def cmd_segment(args: argparse.Namespace) -> int:
    """Segment every guest; only a run for today is stored (another day is a what-if)."""
    from boostdesk.domain.segments import PARTITIONING
    from boostdesk.services import ops, segmentation, users

    opened = cli.open_venue(args)
    try:
        service = opened.segmentation
        stores = args.as_of is None or args.as_of == service.today()
        # the PIN is checked (scrypt) while the guests are read; decided before any write
        actor = cli.begin_owner_sign_in(opened, args) if stores else ops.SYSTEM
        try:
            result = service.recompute_all(args.as_of, actor=actor)
        except users.AuthError as exc:
            raise cli.owner_refused(exc) from exc
        as_of = segmentation.as_of_date(
            opened.segmentation.as_of_instant(args.as_of), opened.segmentation.timezone()
        )
        payload: dict[str, Any] = {
            "as_of": as_of.isoformat(),
            "customers": len(result.segmentation.metrics),
            "partitioning": list(PARTITIONING),
            "families": _family_counts(result),
            "category_abc": result.segmentation.category_abc,
            "changed_guests": result.changed_guests,
            "stored": result.stored,
            "seconds": round(result.seconds, 3),
        }
    finally:
        opened.close()
    if args.json:
        cli.print_json(payload)
        return cli.EXIT_OK
    stored = (
        f"{result.changed_guests} changed"
        if result.stored
        else "what-if for a day other than today: nothing stored"
    )
    print(
        f"{payload['customers']} guests segmented as of {payload['as_of']} "
        f"in {payload['seconds']:.2f} s ({stored})"
    )
    for family, counts in payload["families"].items():
        if counts:
            listed = ", ".join(f"{k} {v}" for k, v in sorted(counts.items(), key=lambda kv: -kv[1]))
            print(f"  {family:20s} {safetext.for_terminal(listed)}")
    return cli.EXIT_OK


def cmd_customer(args: argparse.Namespace) -> int:
    from boostdesk.domain import codes

    try:
        code = codes.parse(args.card)
    except codes.CodeError as exc:
        raise cli.CliError(f"{args.card!r} is not a card number: {exc}") from exc
    if code.kind is not codes.CodeKind.CARD:
        raise cli.CliError(f"{code.value} is a voucher code, not a card number")
    opened = cli.open_venue(args)
    try:
        report = _customer_report(opened, code.value, args.as_of)
    finally:
        opened.close()
    if args.json:
        cli.print_json(report)
        return cli.EXIT_OK
    # Names and segment words come from people and imports: sanitised before the terminal.
    safe = safetext.for_terminal
    print(f"{safe(report['first_name'])} (guest {report['customer_id']}, card {report['card']})")
    print(f"  balance {report['balance']:.2f}, {report['metrics']['visits']} visits")
    for family, info in report["segments"].items():
        line = f"  {family:20s} {safe(info['segment'])}"
        if info.get("rule"):
            line += f"  — {safe(info['rule'])}"
        if info.get("next_step"):
            line += f"  (next: {safe(info['next_step'])})"
        print(line)
    return cli.EXIT_OK


def _customer_report(opened: Any, card: str, day: dt.date | None) -> dict[str, Any]:
    import numpy as np

    from boostdesk.domain import segments
    from boostdesk.domain.segments import lifecycle, value

    guest = opened.guests.find_by_card(card)
    if guest is None:
        raise cli.CliError(f"no guest holds card {card}")
    service: segmentation.SegmentationService = opened.segmentation
    as_of = service.as_of_instant(day)
    metrics = service.metrics(as_of, only=guest.customer_id)
    if len(metrics) == 0:
        raise cli.CliError(f"guest of card {card} did not exist on that day")
    config = service.config()
    all_metrics = service.metrics(as_of)
    result = segments.compute(all_metrics, config)
    i = int(np.flatnonzero(all_metrics.customer_id == guest.customer_id)[0])
    segments_out: dict[str, dict[str, Any]] = {
        family: {"segment": str(values[i])} for family, values in result.families.items()
    }
    segments_out["lifecycle"] = lifecycle.explain(all_metrics, config.lifecycle, i)
    segments_out["rfm"] = value.explain_rfm(result.rfm, i, all_metrics)
    segments_out["abc"]["rule"] = (
        f"{all_metrics.amount_window[i] / 100:.2f} spent in {all_metrics.window_days} days"
    )
    one = metrics
    return {
        "customer_id": guest.customer_id,
        "card": card,
        "first_name": guest.first_name,
        "balance": guest.balance_minor / 100,
        "metrics": {
            "visits": int(one.visits[0]),
            "visit_days": int(one.visit_days[0]),
            "spend_total": int(one.amount_minor[0]) / 100,
            "visits_30d": int(one.visits_month[0]),
            "spend_30d": int(one.amount_month[0]) / 100,
            "visits_365d": int(one.visits_window[0]),
            "spend_365d": int(one.amount_window[0]) / 100,
            "days_since_last_visit": int(one.days_since_last()[0]),
            "days_since_first_visit": int(one.days_since_first()[0]),
            **{k: round(float(v[0]), 4) for k, v in one.extra.items()},
        },
        "segments": segments_out,
        "birthday_soon": bool(result.birthday_soon[i]),
    }


def cmd_clv(args: argparse.Namespace) -> int:
    from boostdesk.domain import clv
    from boostdesk.services import clv as clv_service
    from boostdesk.services import segmentation

    opened = cli.open_venue(args)
    try:
        service = opened.segmentation
        as_of = service.as_of_instant(args.as_of)
        actor = cli.sign_in_owner(opened, args)
        try:
            fitted = clv_service.fit(
                opened.store, as_of, service.timezone(), model=clv.Model(args.model)
            )
        except clv.ClvError as exc:
            raise cli.CliError(f"cannot fit the model: {exc}") from exc
        clv_service.save(opened.settings, fitted, actor)
    finally:
        opened.close()
    payload = {
        "as_of": segmentation.as_of_date(as_of, service.timezone()).isoformat(),
        **fitted.as_json(),
        "seconds_fit": round(fitted.seconds_fit, 3),
    }
    if args.json:
        cli.print_json(payload)
    else:
        print(
            f"{payload['model']} + Gamma-Gamma on {payload['customers']} guests "
            f"({payload['customers_with_repeat_visits']} came back), "
            f"time unit {payload['time_unit']}"
        )
        print(
            "  "
            + ", ".join(
                f"{k}={payload[k]:.4g}" for k in ("r", "alpha", "a", "b", "p", "q", "gamma")
            )
        )
        print(
            "  left out of the spend model (came back, no positive repeat spend): "
            f"{payload['spend_excluded']}"
        )
    return cli.EXIT_OK


def _column_map(text: str) -> tuple[str, str]:
    column, sep, target = text.partition("=")
    if not sep or not column.strip() or not target.strip():
        raise argparse.ArgumentTypeError(f"not COLUMN=FIELD: {text!r}")
    return column.strip(), target.strip()


def cmd_import(args: argparse.Namespace) -> int:
    from boostdesk.services import import_customers, importer, ops

    run = import_customers.import_customers if args.kind == "customers" else importer.import_visits
    opened = cli.open_venue(args)
    try:
        try:
            actor = ops.SYSTEM if args.dry_run else cli.sign_in_owner(opened, args)
            report = run(
                opened,
                args.file,
                dry_run=args.dry_run,
                actor=actor,
                mapping=dict(args.map),
                source=args.source,
            )
        except importer.ImportProblem as exc:
            raise cli.CliError(safetext.for_terminal(str(exc))) from exc
    finally:
        opened.close()
    if report.resumed:
        print(f"finished {len(report.resumed)} import(s) interrupted earlier")
    if report.ignored_columns:
        ignored = ", ".join(report.ignored_columns)
        print(f"columns not imported: {safetext.for_terminal(ignored)}")
    if report.problems:
        for line, reasons in report.problems[:200]:
            print(f"line {line}: {safetext.for_terminal('; '.join(reasons))}")
        more = len(report.problems) - 200
        if more > 0:
            print(f"... and {more} more")
        raise cli.CliError(f"{len(report.problems)} bad rows; nothing was imported")
    print(_summary(args.kind, args.dry_run, report))
    return cli.EXIT_OK


def _summary(kind: str, dry_run: bool, report: Any) -> str:
    if kind == "customers":
        if dry_run:
            return f"would import {report.rows} guests"
        return (
            f"imported {report.new_customers} guests ({report.skipped} already known) "
            f"in {report.stored_seconds + report.segments_seconds:.1f} s"
        )
    verb = "would import" if dry_run else "imported"
    count = report.rows if dry_run else report.visits
    line = f"{verb} {count} visits of {report.customers} guests ({report.new_customers} new)"
    if report.import_id is not None:
        line += (
            f" in {report.stored_seconds:.1f} s; segments refreshed in "
            f"{report.segments_seconds:.1f} s"
        )
    return line
