"""Importing visits and guests from POS exports: every row checked, then all or nothing, without
making the tills wait.

Files: CSV or XLSX (see :mod:`import_files`); columns by canonical name or mapped with
``COLUMN=FIELD`` (a mapping given once is saved for that source, see :func:`mapping_key`). Every
row is checked first (:mod:`import_check`, :mod:`import_customers`) and every bad row is reported
with its physical line number and every reason; only a file without a bad row is stored, and a
dry run stores nothing.

Storing goes through :mod:`boostdesk.storage.imports`: the rows are staged under one import id
(visits in a staging file of their own, without taking the database's write lock; guests in short
transactions), then the batch is committed and published into the live tables (roll-forward: an
import stopped before its commit point leaves nothing; one interrupted after it is finished by the
next import). Visits go on the bulk path (no per-visit trigger work; the chunk's visits are added
to their guests' totals set-based). While nobody else has the venue open (no till, app or other
command; :func:`imports.alone`) the visits are published in one transaction; otherwise — and as
soon as someone opens the venue — in chunks of about :data:`CHUNK_SECONDS` each, with a pause
after each so a till waiting for the database gets its turn (longer while tills are saving). The
guests who got visits are re-evaluated (segments) afterwards.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import gc
import logging
import time
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from boostdesk.domain import import_values as values
from boostdesk.domain import search
from boostdesk.services import import_check, import_fast, import_files, import_keys, ops, pacing
from boostdesk.storage import database, import_staging, imports

ImportProblem = import_files.ImportProblem
log = logging.getLogger(__name__)

STAGE_ROWS = 2_000  # guests staged by the first transaction (then as many as fit CHUNK_SECONDS)
STAGE_FILE_ROWS = 100_000  # visits written to the staging file between two looks at Cancel
CHUNK_SECONDS = 0.05  # a write transaction of an import aims at this long
FIRST_CHUNK = 200
MIN_CHUNK = 50
IDLE_CHUNK_SECONDS = 0.1  # while no till has saved lately
IDLE_GAP_SECONDS = 0.03
BUSY_FOR_SECONDS = 3.0  # a till that saved this recently counts as saving
ONE_BY_ONE = 200  # up to this many guests are re-evaluated one by one, else a full recompute
# A solo publish looks whether someone opened the venue about every SOLO_SECONDS (a till that
# starts meanwhile waits for the step under way and the wrap-up, well inside its busy timeout).
SOLO_SECONDS = 0.5
SOLO_FIRST = 5_000  # visits of a solo publish's first step (then as many as fit SOLO_SECONDS)
SOLO_ROWS = 200_000  # at most this many visits in one step
# From this many visits on, a solo publish has their kept totals worked out in a second thread
# meanwhile (imports.ahead); fewer are summed as they are stored.
AHEAD_ROWS = 20_000


class ImportCancelled(Exception):
    """The import was cancelled before its commit point; nothing was stored."""


@dataclass
class Report:
    """What an import found and did. ``problems``: (line, every reason) per bad row."""

    kind: str = "visits"
    rows: int = 0
    visits: int = 0
    customers: int = 0
    new_customers: int = 0
    skipped: int = 0
    problems: list[tuple[int, tuple[str, ...]]] = field(default_factory=list)
    ignored_columns: tuple[str, ...] = ()
    import_id: int | None = None
    resumed: list[int] = field(default_factory=list)  # interrupted imports finished first
    changes: ops.Changes = field(default_factory=ops.Changes)
    started: float = field(default_factory=time.perf_counter)
    checked_seconds: float = 0.0  # reading and checking the file
    staged_seconds: float = 0.0  # staging its rows
    chunks: int = 0  # write transactions that published them
    stored_seconds: float = 0.0  # from the start until the last chunk was published
    segments_seconds: float = 0.0  # re-evaluating the guests afterwards

    @property
    def errors(self) -> list[tuple[int, str]]:
        """(line, reasons joined) per bad row."""
        return [(line, "; ".join(reasons)) for line, reasons in self.problems]


def mapping_key(kind: str, source: str | None, heading: list[str]) -> str:
    """Where a mapping is saved: per named source, else per the file's set of column names (the
    same POS writes the same heading every time)."""
    name = source or "|".join(sorted(import_check.normalise(h) for h in heading if h.strip()))
    return f"{kind}:{name}"


def columns_for(
    opened: Any, kind: str, sheet: import_files.Sheet, given: Mapping[str, str], source: str | None
) -> tuple[import_check.Columns, dict[str, str]]:
    """The columns of ``sheet``: the mapping given, else the one saved for this source."""
    known = import_check.FIELDS[kind]
    for column, target in given.items():
        if target not in known and target != import_check.IGNORE:
            raise ImportProblem(
                f"--map {column}={target}: unknown field (fields: {', '.join(known)})"
            )
    mapping = dict(given)
    if not mapping:
        saved = opened.settings.get("import.mappings") or {}
        mapping = dict(saved.get(mapping_key(kind, source, sheet.heading), {}))
    return import_check.map_columns(sheet.heading, kind, mapping), dict(given)


def remember_mapping(opened: Any, actor: ops.Actor, key: str, mapping: dict[str, str]) -> None:
    saved = dict(opened.settings.get("import.mappings") or {})
    if mapping and saved.get(key) != mapping:
        saved[key] = mapping
        opened.settings.change(actor, {"import.mappings": saved})


@dataclass(frozen=True, slots=True)
class Preview:
    """A file's columns and the field each would be imported as (``-``: not imported)."""

    heading: tuple[str, ...]
    fields: tuple[str, ...]
    known: tuple[str, ...]  # every field of this kind of import


def preview(opened: Any, path: Path, kind: str, source: str | None = None) -> Preview:
    """The columns of ``path`` and the field each maps to (saved mapping, canonical names and
    aliases); ImportProblem for a file that cannot be read."""
    sheet = import_files.open_sheet(path)
    saved = (opened.settings.get("import.mappings") or {}).get(
        mapping_key(kind, source, sheet.heading), {}
    )
    explicit = {import_check.normalise(k): v for k, v in saved.items()}
    known = import_check.FIELDS[kind]
    fields: list[str] = []
    for column in sheet.heading:
        name = import_check.normalise(column)
        target = explicit.get(name) or import_check.ALIASES.get(name, name)
        fields.append(target if target in known and target not in fields else import_check.IGNORE)
    return Preview(tuple(h.strip() for h in sheet.heading), tuple(fields), known)


def _report_problems(report: Report, problems: import_check.Problems) -> None:
    report.problems = [(line, tuple(problems[line])) for line in sorted(problems)]


# -- visits --------------------------------------------------------------------------------------


def _visit_rules(opened: Any, now: int) -> import_check.VisitRules:
    settings = opened.settings
    try:
        earliest = dt.date.fromisoformat(str(settings.get("import.earliest_day")))
    except ValueError:
        earliest = dt.date(2000, 1, 1)
    locale = str(settings.get("venue.locale") or "tr_TR")
    known = imports.categories(opened.store)
    folded = {values.fold(k): v for k, v in known.items()} | {
        k.lower(): v for k, v in known.items()
    }
    return import_check.VisitRules(
        zone=str(settings.get("venue.timezone")),
        earliest_day=earliest,
        now=now,
        max_ahead_s=int(settings.get("counter.max_clock_ahead_s")),
        limit_minor=int(settings.get("counter.max_amount_minor")),
        venue_decimal="." if locale.startswith("en") else ",",
        categories=folded,
        category_codes=tuple(sorted(imports.category_codes(opened.store))),
        card_owners=lambda numbers: imports.card_owners(opened.store, numbers),
    )


def import_visits(
    opened: Any,
    path: Path,
    *,
    dry_run: bool = False,
    actor: ops.Actor = ops.SYSTEM,
    mapping: Mapping[str, str] | None = None,
    source: str | None = None,
    cancelled: Callable[[], bool] = lambda: False,
    progress: Callable[[int, int], None] | None = None,
) -> Report:
    """Check every row of ``path``; unless a row is bad (or ``dry_run``), stage all visits,
    publish them and re-evaluate their guests. ``cancelled`` is asked between staging chunks;
    ``progress(done, total)`` told after each chunk."""
    actor.require(ops.Role.OWNER, "import visits")
    with _many_objects():
        return _import_visits(
            opened, path, dry_run, actor, mapping, source, cancelled, progress, Report("visits")
        )


@contextlib.contextmanager
def _many_objects() -> Iterator[None]:
    """Python's cyclic garbage collector off meanwhile: reading a file makes millions of small
    objects (rows, cells) and none refers to itself, yet each collection walked all of them
    again — a third of the time spent reading a million rows."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _import_visits(
    opened: Any,
    path: Path,
    dry_run: bool,
    actor: ops.Actor,
    mapping: Mapping[str, str] | None,
    source: str | None,
    cancelled: Callable[[], bool],
    progress: Callable[[int, int], None] | None,
    report: Report,
) -> Report:
    if not dry_run:
        report.resumed = finish_interrupted(opened)
    sheet = import_files.open_sheet(path)
    columns, given = columns_for(opened, "visits", sheet, mapping or {}, source)
    report.ignored_columns = columns.ignored
    rules = _visit_rules(opened, int(time.time()))
    problems: import_check.Problems = {}
    checked = import_fast.check_visits(sheet, columns, rules, problems)
    report.rows = len(checked) - len(problems)
    if problems:
        _report_problems(report, problems)
        return report
    if dry_run:
        report.customers = len(checked.guests)
        named = checked.refs()
        known: set[str] = set()
        for start in range(0, len(named), 900):
            known |= imports.known_refs(opened.store, named[start : start + 900])
        report.new_customers = len(named) - len(known)
    if dry_run or not len(checked):
        return report
    keys = import_keys.guest_keys(checked.guests, checked.guest, checked.at, checked.amount)
    guests = keys.guests
    report.customers = len(guests)  # one per card, else per reference
    take = keys.order  # a guest's rows together, in key order (see guest_keys)
    staged = {
        "guest": keys.guest[take],
        "visited_at": checked.at[take],
        "amount_minor": checked.amount[take],
        "category_id": np.maximum(checked.category[take], 0),  # 0: none
        "dup": keys.dup[take],  # n for the n-th identical visit (1: the first)
    }
    del checked, keys
    report.checked_seconds = time.perf_counter() - report.started
    batch = stage_visits(opened, guests, staged, cancelled, progress)
    report.import_id = batch
    report.staged_seconds = time.perf_counter() - report.started - report.checked_seconds
    remember_mapping(opened, actor, mapping_key("visits", source, sheet.heading), given)
    publish(opened, batch, "visits", report, progress, staged)
    return report


# -- staging and publishing ----------------------------------------------------------------------


def _turns(opened: Any, size: int) -> pacing.Pacer:
    """Chunk sizes and pauses of the importer's chunked writes: paced for the tills while they
    save (see :mod:`pacing`). Each pause starts with a checkpoint of the write-ahead log in this
    connection: otherwise the next till to commit would copy this chunk's pages into the database
    file itself (SQLite's automatic checkpoint runs in the committing connection) and wait for
    it."""
    store = opened.store
    return pacing.Pacer(
        target=CHUNK_SECONDS,
        size=size,
        minimum=MIN_CHUNK,
        others_wrote=lambda: imports.others_wrote(store),
        idle_target=IDLE_CHUNK_SECONDS,
        idle_gap=IDLE_GAP_SECONDS,
        busy_for=BUSY_FOR_SECONDS,
        between=lambda: imports.checkpoint(store),
        alone=lambda: imports.alone(store),
    )


def stage_visits(
    opened: Any,
    guests: list[tuple[int, str | None, str | None, str]],
    rows: dict[str, Any],
    cancelled: Callable[[], bool],
    progress: Callable[[int, int], None] | None,
) -> int:
    """Stage the visits of a new batch in its staging file and commit the batch; nothing is
    left if this fails. The database's write lock is taken only to begin and to commit.
    ``rows`` come sorted by guest, then time."""
    total = len(rows["guest"])
    guest, at = rows["guest"], rows["visited_at"]
    starts = np.flatnonzero(np.r_[True, guest[1:] != guest[:-1]]) if total else guest[:0]
    first_at = dict(zip(guest[starts].tolist(), at[starts].tolist(), strict=True))
    batch = imports.begin(opened.store, "visits")
    stage = None
    try:
        stage = import_staging.VisitStage(opened.store, batch)
        stage.add_guests(
            (*g, first_at[g[0]], None if g[1] is None else search.search_key(g[1], None, None))
            for g in guests
        )
        for start in range(0, total, STAGE_FILE_ROWS):
            if cancelled():
                raise ImportCancelled("the import was cancelled; nothing was stored")
            end = min(start + STAGE_FILE_ROWS, total)
            stage.add_rows(start, {k: v[start:end] for k, v in rows.items()})
            if progress is not None:
                progress(end, 2 * total)
        if total:
            named = np.unique(rows["category_id"])
            stage.add_summary(int(at.min()), int(at.max()), named[named > 0].tolist())
        stage.close()
        imports.commit(opened.store, batch, total)  # from here on it will be finished
    except BaseException:
        if stage is not None:
            stage.discard()
        _drop_staged(opened, batch, "visits")
        raise
    return batch


def stage_batch(
    opened: Any,
    kind: str,
    rows: dict[str, Any],
    cancelled: Callable[[], bool],
    progress: Callable[[int, int], None] | None,
) -> int:
    """Stage every row under a new batch and commit it; nothing is left if this fails."""
    total = len(next(iter(rows.values())))
    batch = imports.begin(opened.store, kind)
    try:
        with imports.background(opened.store):
            turns = _turns(opened, STAGE_ROWS)
            start = 0
            while start < total:
                if cancelled():
                    raise ImportCancelled("the import was cancelled; nothing was stored")
                began = time.perf_counter()
                end = min(start + turns.size, total)
                imports.stage(
                    opened.store, batch, kind, start, {k: v[start:end] for k, v in rows.items()}
                )
                start = end
                if progress is not None:
                    progress(start, 2 * total)
                if start < total:
                    turns.done(began)
        imports.commit(opened.store, batch)  # durable (fsync): from here on it will be finished
    except BaseException:
        _drop_staged(opened, batch, kind)
        raise
    return batch


def finish_interrupted(opened: Any) -> list[int]:
    """Finish publishing imports past their commit point that a crash interrupted."""
    interrupted = imports.unfinished(opened.store)
    for batch, kind in interrupted:
        publish(opened, batch, kind, Report(kind), None)
    return [batch for batch, _ in interrupted]


def publish(
    opened: Any,
    batch: int,
    kind: str,
    report: Report,
    progress: Callable[[int, int], None] | None,
    held: Mapping[str, Any] | None = None,
) -> None:
    """Publish a committed batch (visits in one transaction while nobody else has the venue
    open, else chunk by chunk), then re-evaluate the guests it touched.

    The checkpoints its commits call for run beside it in a thread: after a solo publish SQLite
    copies the whole batch's pages from the WAL into the database file (a quarter of a second
    per 500 000 visits) while the guests are re-evaluated on this thread. The rest is written
    back before this returns, so a till's next commit finds the WAL written back as always.
    While it publishes, its sorts and temporary tables are SQLite's default kind
    (:func:`database.sorting_in_files`): a solo publish's steps (savepoints) and the time index
    rebuilt after it cost about a seventh of a million-visit import's CPU less.

    ``held``: the staged visits' columns as this import still holds them (by seq): the kept
    totals are worked out from them instead of reading the published visits back."""
    with database.checkpoints_behind(opened.store):
        _publish(opened, batch, kind, report, progress, held)
    log.info(
        "import %s: %d rows; checked %.1f s, staged %.1f s, published in %d chunks by %.1f s, "
        "segments %.1f s, written back by %.1f s",
        batch,
        report.visits if kind == "visits" else report.new_customers + report.skipped,
        report.checked_seconds,
        report.staged_seconds,
        report.chunks,
        report.stored_seconds,
        report.segments_seconds,
        time.perf_counter() - report.started,
    )


def _publish(
    opened: Any,
    batch: int,
    kind: str,
    report: Report,
    progress: Callable[[int, int], None] | None,
    held: Mapping[str, Any] | None,
) -> None:
    touched: set[int] = set()
    now = int(time.time())
    notice = str(opened.settings.get("privacy.notice_version"))
    with imports.background(opened.store), database.sorting_in_files(opened.store):
        first, total = imports.progress(opened.store, batch)
        turns = _turns(opened, FIRST_CHUNK)
        while first < total:
            if kind == "visits" and imports.alone(opened.store):
                first = _publish_solo(opened, batch, first, total, report, touched, progress, held)
                continue
            began = time.perf_counter()
            last = min(first + turns.size, total) - 1
            if kind == "visits":
                stored, enrolled, guests = imports.publish_visits_chunk(
                    opened.store, batch, first, last, held
                )
                report.visits += stored
                report.new_customers += enrolled
                touched.update(guests)
            else:
                stored, ids = imports.publish_customers_chunk(
                    opened.store, batch, first, last, now, notice
                )
                report.new_customers += stored
                report.skipped += last - first + 1 - stored
                touched.update(ids)
            first = last + 1
            report.chunks += 1
            if progress is not None:
                progress(total + first, 2 * total)
            if first < total:
                turns.done(began)
        detail = (
            f"import {batch}: {report.visits} visits, {report.new_customers} new guests"
            if kind == "visits"
            else f"import {batch}: {report.new_customers} new guests, {report.skipped} known"
        )
        imports.finish(opened.store, batch, f"import.{kind}", detail)
        _drop_staged(opened, batch, kind)
    report.changes = ops.Changes(
        visits=kind == "visits", segments=bool(touched), all_guests=bool(touched)
    )
    report.stored_seconds = time.perf_counter() - report.started
    _reevaluate(opened, sorted(touched))
    report.segments_seconds = time.perf_counter() - report.started - report.stored_seconds


def _publish_solo(
    opened: Any,
    batch: int,
    first: int,
    total: int,
    report: Report,
    touched: set[int],
    progress: Callable[[int, int], None] | None,
    held: Mapping[str, Any] | None,
) -> int:
    """Publish visits from ``first`` in one transaction (see :func:`imports.solo`), in steps of
    about :data:`SOLO_SECONDS`, looking after each whether someone opened the venue meanwhile:
    then what is published so far is committed and the rest goes in short chunks. Returns how
    far it got."""
    store = opened.store
    size = min(SOLO_FIRST, SOLO_ROWS)
    ahead = None
    if held is not None and first == 0 and total >= AHEAD_ROWS:
        ahead = imports.ahead(store, held)
    with imports.solo(store, batch, total - first, ahead) as check:
        while first < total:
            began = time.perf_counter()
            last = min(first + size, total) - 1
            if ahead is not None:  # each guest's rows in one step (see imports.ahead)
                last = ahead.end_of_guest(last)
            stored, enrolled, guests = imports.publish_visits_chunk(
                store, batch, first, last, held, ahead
            )
            report.visits += stored
            report.new_customers += enrolled
            touched.update(guests)
            check()
            took = time.perf_counter() - began
            # the next step as long as SOLO_SECONDS at this step's pace (at most doubled)
            pace = SOLO_SECONDS / max(took, 1e-3)
            size = max(MIN_CHUNK, min(SOLO_ROWS, 2 * size, int((last - first + 1) * pace)))
            first = last + 1
            if progress is not None:
                progress(total + first, 2 * total)
            if first < total and not imports.alone(store):
                log.info("import %s: the venue was opened meanwhile; publishing in turns", batch)
                break
    report.chunks += 1
    return first


def _drop_staged(opened: Any, batch: int, kind: str) -> None:
    """Remove a batch's staged rows in short transactions, paced like publishing."""
    turns = _turns(opened, FIRST_CHUNK)
    while True:
        began = time.perf_counter()
        if not imports.drop_rows(opened.store, batch, kind, turns.size):
            return
        turns.done(began)


def _reevaluate(opened: Any, guests: list[int]) -> None:
    """Segments of the guests who got visits: one by one when few, else a full recompute."""
    if not guests:
        return
    if len(guests) <= ONE_BY_ONE:
        for customer_id in guests:
            opened.segmentation.recompute_one(customer_id)
    else:
        opened.segmentation.recompute_all()
