"""Importing guests (customers) from a POS or loyalty export.

Each row is one guest: a card or a reference (``customer_ref``) that identifies them, a first name,
and optionally last name, phone, e-mail, birth date, gender, city, district, consents per channel
(``consent_sms``, ``consent_email``, ``consent_call``, ``consent_profiling``: yes/no; a column left
out records nothing) and the registration source (default ``import``). Every row is checked first,
with every reason; a guest whose card or reference is already known is left as it is (importing
the same file twice adds nobody twice). Stored as visits are: staged, then published in chunks.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from boostdesk.domain import codes, localtime
from boostdesk.domain import import_values as values
from boostdesk.services import import_check, import_files, importer, ops

CHANNELS = ("sms", "email", "call", "profiling")
_TEXT_LIMITS = {"first_name": 60, "last_name": 60, "city": 60, "district": 60}


def _card(text: str) -> str:
    code = codes.parse(text)
    if code.kind is not codes.CodeKind.CARD:
        raise values.Refused("voucher_not_card", text=text.strip())
    return code.value


def _consent(text: str) -> int | None:
    said = values.consent(text)
    return None if said is None else int(said)


def _row(cells: dict[str, str], today: dt.date) -> tuple[dict[str, Any], list[str]]:
    """One guest's fields cleaned, and every reason the row is refused."""
    out: dict[str, Any] = {}
    reasons: list[str] = []  # values.Reason each

    def take(name: str, read: Callable[[str], Any]) -> None:
        text = cells.get(name, "")
        try:
            out[name] = read(text)
        except (values.Refused, codes.CodeError) as exc:
            reasons.append(
                values.Reason("field_invalid_code", field=name, error=exc, kind=exc.reason)
                if isinstance(exc, codes.CodeError)
                else exc.reason
            )
            out[name] = None

    take("card", lambda t: _card(t) if t.strip() else None)
    ref = " ".join(cells.get("customer_ref", "").split())
    out["ref"] = ref or None
    for name, limit in _TEXT_LIMITS.items():
        text = " ".join(cells.get(name, "").split())
        if len(text) > limit:
            reasons.append(values.Reason("field_longer_than", field=name, limit=limit))
        out[name] = text or None
    if not out["first_name"]:
        reasons.append(values.Reason("first_name_missing"))
    if not out["card"] and not ref and not cells.get("card", "").strip():
        reasons.append(values.Reason("card_or_ref_required"))
    take("phone", values.phone)
    take("email", values.email)
    take("birth_date", lambda t: values.birth_date(t, today))
    take("gender", values.gender)
    for channel in CHANNELS:
        name = f"consent_{channel}"
        if name in cells:
            take(name, _consent)
        else:
            out[name] = None
    source = " ".join(cells.get("registration_source", "").split()) or "import"
    if len(source) > 40:
        reasons.append(values.Reason("field_longer_than", field="registration_source", limit=40))
    out["registration_source"] = source
    return out, reasons


def _duplicates(
    lines: list[int], keys: list[str | None], what: str, problems: import_check.Problems
) -> None:
    first: dict[str, int] = {}
    for line, key in zip(lines, keys, strict=True):
        if key is None:
            continue
        if key in first:
            problems.setdefault(line, []).append(
                values.Reason("duplicate_in_file", what=what, key=key, line=first[key])
            )
        else:
            first[key] = line


def check(
    opened: Any, sheet: import_files.Sheet, columns: import_check.Columns, today: dt.date
) -> tuple[list[int], list[dict[str, Any]], import_check.Problems]:
    """Every row checked: (lines, cleaned rows, reasons per bad line)."""
    problems: import_check.Problems = {}
    lines: list[int] = []
    rows: list[dict[str, Any]] = []
    for block in sheet.blocks:
        cells = import_check.cells_of(block, columns, problems)
        names = list(cells)
        for i, line in enumerate(block.lines):
            row, reasons = _row({n: cells[n][i] for n in names}, today)
            if reasons:
                problems.setdefault(line, []).extend(reasons)
            lines.append(line)
            rows.append(row)
    _duplicates(lines, [r["card"] for r in rows], "card", problems)
    _duplicates(lines, [r["ref"] for r in rows], "customer_ref", problems)
    return lines, rows, problems


def import_customers(
    opened: Any,
    path: Path,
    *,
    dry_run: bool = False,
    actor: ops.Actor = ops.SYSTEM,
    mapping: Mapping[str, str] | None = None,
    source: str | None = None,
    cancelled: Callable[[], bool] = lambda: False,
    progress: Callable[[int, int], None] | None = None,
) -> importer.Report:
    """Check every row of ``path``; unless a row is bad (or ``dry_run``), stage the guests and
    publish them in short chunks."""
    actor.require(ops.Role.OWNER, "import customers")
    report = importer.Report("customers")
    if not dry_run:
        report.resumed = importer.finish_interrupted(opened)
    sheet = import_files.open_sheet(path)
    columns, given = importer.columns_for(opened, "customers", sheet, mapping or {}, source)
    report.ignored_columns = columns.ignored
    zone = str(opened.settings.get("venue.timezone"))
    today = localtime.date_of(localtime.local_day(int(time.time()), zone))
    lines, rows, problems = check(opened, sheet, columns, today)
    report.rows = len(rows) - len(problems)
    report.customers = len(rows)
    if problems:
        report.problems = [(line, tuple(problems[line])) for line in sorted(problems)]
        return report
    if dry_run or not rows:
        return report
    names = [
        "ref",
        "card",
        "first_name",
        "last_name",
        "phone",
        "email",
        "birth_date",
        "gender",
        "city",
        "district",
        "registration_source",
        "consent_sms",
        "consent_email",
        "consent_call",
        "consent_profiling",
    ]
    staged = {name: [r[name] for r in rows] for name in names}
    batch = importer.stage_batch(opened, "customers", staged, cancelled, progress)
    report.import_id = batch
    importer.remember_mapping(
        opened, actor, importer.mapping_key("customers", source, sheet.heading), given
    )
    importer.publish(opened, batch, "customers", report, progress)
    return report
