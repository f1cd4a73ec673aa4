"""The stored snapshot a full recompute reads instead of every guest's rows: after visits, voids,
edits, a run interrupted by a till, a zone change, an import, a restore and a migration, a run
gives exactly what reading every guest again gives, and reads again only the guests changed."""

from __future__ import annotations

import dataclasses
import shutil
import sqlite3
import time
import uuid
from pathlib import Path

import numpy as np
import pytest

from boostdesk.domain import codes, segments
from boostdesk.services import (
    backup,
    checkout,
    importer,
    ops,
    segment_writes,
    segmentation,
    users,
    venue,
)
from boostdesk.storage import database, metric_inputs, metric_snapshot, tables
from boostdesk.storage import segments as stored_segments

OWNER = ops.Actor(user_id=1, name="Owner", role=ops.Role.OWNER)
CASHIER = ops.Actor(user_id=2, name="Cashier", role=ops.Role.CASHIER)
PASSPHRASE = "correct horse battery staple"


_LOAD = metric_snapshot.load


@pytest.fixture
def loads(monkeypatch: pytest.MonkeyPatch) -> list[metric_snapshot.Loaded]:
    """What each full recompute loaded (from the snapshot or read whole)."""
    seen: list[metric_snapshot.Loaded] = []

    def spy(handle: object, names: tuple[str, ...]) -> metric_snapshot.Loaded:
        found = _LOAD(handle, names)  # type: ignore[arg-type]
        seen.append(found)
        return found

    monkeypatch.setattr(metric_snapshot, "load", spy)
    return seen


def _names(opened: venue.Venue) -> tuple[str, ...]:
    return tuple(dict(opened.segmentation.values()["segments.name_days"]))


def _assert_same_metrics(got: object, want: object) -> None:
    for field in dataclasses.fields(got):  # type: ignore[arg-type]
        a, b = getattr(got, field.name), getattr(want, field.name)
        if isinstance(a, np.ndarray):
            assert np.array_equal(a, b), field.name
        else:
            assert a == b, field.name


def _run_and_check(opened: venue.Venue) -> segmentation.Recompute:
    """A stored run for today; its metrics equal a plain read of every guest, the stored
    segments equal what it computed, and the snapshot it saved equals every guest read again."""
    service = opened.segmentation
    result = service.recompute_all(persist=True)
    plain = service.metrics(service.as_of_instant(None))
    _assert_same_metrics(result.segmentation.metrics, plain)
    ids, stored = stored_segments.read_current(opened.store)
    table = stored_segments.code_table(opened.store)
    place = {int(g): i for i, g in enumerate(ids.tolist())}
    for j, family in enumerate(stored_segments.FAMILIES):
        keys = [
            table[family][stored[place[int(g)], j]] for g in result.segmentation.metrics.customer_id
        ]
        assert keys == result.segmentation.families[family].tolist(), family
    _assert_snapshot_exact(opened)
    return result


def _assert_snapshot_exact(opened: venue.Venue) -> None:
    """The saved snapshot plus the logged changes read as every guest's rows read whole."""
    names = _names(opened)
    with database.read_snapshot(opened.store):
        loaded = _LOAD(opened.store, names)
        whole = metric_inputs.read(database.raw_connection(opened.store), names)
        ids, matrix = stored_segments.read_current(opened.store)
    for name in metric_inputs.ROW_TABLES:
        got, want = getattr(loaded.inputs, name), getattr(whole, name)
        if name == "guests":  # sources may be coded in another order: compare them decoded
            assert np.array_equal(got[:, :7], want[:, :7])
            assert [loaded.inputs.sources[c] for c in got[:, 7]] == [
                whole.sources[c] for c in want[:, 7]
            ]
        else:
            assert np.array_equal(got, want), name
    assert np.array_equal(loaded.codes, np.column_stack([ids, matrix]))


def _visit(opened: venue.Venue, guest: int, amount: int = 4_500) -> int:
    draft = checkout.VisitDraft(
        customer_id=guest,
        card_id=None,
        amount_minor=amount,
        idempotency_key=str(uuid.uuid4()),
        categories=("coffee", "food"),
    )
    return opened.checkout.record_visit(CASHIER, draft).value.visit_id


def test_a_later_run_reads_only_the_guests_changed_since_and_segments_the_same(
    demo_venue: venue.Venue, loads: list[metric_snapshot.Loaded]
) -> None:
    first = _run_and_check(demo_venue)
    assert loads[-1].full and len(loads[-1].changed) == 600
    assert first.changed_guests == 600
    blocks = demo_venue.store.execute("SELECT COUNT(*) FROM segment_snapshot").fetchone()[0]
    assert blocks >= 1

    # the first moved the kept windows before it read them: its snapshot holds them as moved
    _run_and_check(demo_venue)  # nothing changed: nothing read again
    assert not loads[-1].full and len(loads[-1].changed) == 0

    ids = first.segmentation.metrics.customer_id
    lifecycle = first.segmentation.families["lifecycle"]
    gone, regular, other = (int(ids[lifecycle == k][0]) for k in ("gone", "regular", "lost"))
    for _ in range(3):
        _visit(demo_venue, gone)  # a gone guest comes back three times
    voided = _visit(demo_venue, regular, 9_000)
    demo_venue.checkout.void_visit(CASHIER, regular, voided, "wrong guest")
    with demo_venue.store.transaction():  # the owner edits a profile and the family
        tables.Customer.update(birth_date="1990-02-03", gender="other").where(
            tables.Customer.id == other
        ).execute()
        tables.FamilyMember.create(
            customer=other, relation="child", first_name="Ada", birth_date="2020-12-01"
        )
    changed = _run_and_check(demo_venue)
    assert not loads[-1].full
    assert set(loads[-1].changed.tolist()) == {gone, regular, other}
    assert changed.changed_guests >= 1  # the gone guest is gone no more
    _run_and_check(demo_venue)
    assert len(loads[-1].changed) == 0


def test_a_visit_saved_while_a_run_computes_is_read_again_by_the_next_run(
    demo_venue: venue.Venue, loads: list[metric_snapshot.Loaded], monkeypatch: pytest.MonkeyPatch
) -> None:
    first = _run_and_check(demo_venue)
    guest = int(first.segmentation.metrics.customer_id[5])
    real_compute = segments.compute

    def compute_then_a_till_saves_a_visit(metrics, config):  # type: ignore[no-untyped-def]
        result = real_compute(metrics, config)
        if len(metrics) > 1:  # the full run: what it read is read already
            _visit(demo_venue, guest, 12_000)
        return result

    monkeypatch.setattr(segments, "compute", compute_then_a_till_saves_a_visit)
    demo_venue.segmentation.recompute_all(persist=True)
    monkeypatch.setattr(segments, "compute", real_compute)
    _run_and_check(demo_venue)
    assert guest in loads[-1].changed.tolist()


def test_a_run_interrupted_between_its_chunks_leaves_no_guest_in_its_segments(
    demo_venue: venue.Venue, loads: list[metric_snapshot.Loaded], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Rules edited, a run stored its first chunk of codes then failed (a locked database on a
    later chunk), rules reverted: the next run puts every guest back in the reverted rules'
    segments, although the first chunk's codes were stored unlogged and never saved."""
    service = demo_venue.segmentation
    _run_and_check(demo_venue)
    _run_and_check(demo_venue)  # settled: the next run reads from the snapshot
    abc = stored_segments.FAMILIES.index("abc")
    _, settled = stored_segments.read_current(demo_venue.store)
    real_config = service.config
    monkeypatch.setattr(
        service,
        "config",
        lambda values=None: dataclasses.replace(real_config(values), abc_shares=(0.05, 0.10)),
    )
    monkeypatch.setattr(segment_writes, "FIRST_CHUNK", 20)
    real_store_chunk = segment_writes.ChunkedWrite._store_chunk
    chunks: list[int] = []

    def store_then_fail(self, rows, codes):  # type: ignore[no-untyped-def]
        chunks.append(len(rows))
        if len(chunks) == 2:
            raise sqlite3.OperationalError("database is locked")
        return real_store_chunk(self, rows, codes)

    monkeypatch.setattr(segment_writes.ChunkedWrite, "_store_chunk", store_then_fail)
    with pytest.raises(sqlite3.OperationalError):
        service.recompute_all(persist=True)
    _, interrupted = stored_segments.read_current(demo_venue.store)
    assert (interrupted[:, abc] != settled[:, abc]).sum() >= 1  # the first chunk was committed

    monkeypatch.setattr(service, "config", real_config)  # the rules reverted
    monkeypatch.setattr(segment_writes.ChunkedWrite, "_store_chunk", real_store_chunk)
    _run_and_check(demo_venue)  # stored segments == a plain recompute of every guest
    assert loads[-1].full  # the snapshot was not trusted
    _, reverted = stored_segments.read_current(demo_venue.store)
    assert np.array_equal(reverted, settled)
    _run_and_check(demo_venue)
    assert not loads[-1].full  # the saved snapshot is trusted again


def test_a_zone_change_and_an_import_drop_the_snapshot_and_the_next_run_reads_everyone(
    demo_venue: venue.Venue, loads: list[metric_snapshot.Loaded], tmp_path: Path
) -> None:
    _run_and_check(demo_venue)
    demo_venue.settings.change(OWNER, {"venue.timezone": "Europe/Berlin"})
    assert not metric_snapshot.tracking(demo_venue.store)
    _run_and_check(demo_venue)
    assert loads[-1].full
    assert metric_snapshot.tracking(demo_venue.store)

    today = demo_venue.segmentation.today().isoformat()
    rows = [f"x{n},{codes.card_number(1 + n)},{today} 00:{10 + n},{40 + n},tea" for n in range(9)]
    path = tmp_path / "pos.csv"
    path.write_text("customer_ref,card,visited_at,amount,category\n" + "\n".join(rows) + "\n")
    report = importer.import_visits(demo_venue, path, actor=OWNER)
    assert report.visits == 9
    _run_and_check(demo_venue)
    assert loads[-1].full


def test_a_restored_backup_brings_a_snapshot_consistent_with_its_own_rows(
    demo_venue: venue.Venue, loads: list[metric_snapshot.Loaded], tmp_path: Path
) -> None:
    first = _run_and_check(demo_venue)
    guest = int(first.segmentation.metrics.customer_id[0])
    _visit(demo_venue, guest)  # logged, not yet read again when the backup is made
    made = backup.create(demo_venue, OWNER, tmp_path / "out", PASSPHRASE).value.file
    for other in first.segmentation.metrics.customer_id[1:4].tolist():
        _visit(demo_venue, int(other))
    _run_and_check(demo_venue)
    data_dir = demo_venue.data_dir
    demo_venue.close()
    backup.restore(made, data_dir, PASSPHRASE, OWNER)
    restored = venue.open_venue(data_dir)
    try:
        _run_and_check(restored)
        assert not loads[-1].full and guest in loads[-1].changed.tolist()
    finally:
        restored.close()


def test_migrating_from_the_previous_schema_starts_without_a_snapshot(
    demo_template: Path, tmp_path: Path, loads: list[metric_snapshot.Loaded]
) -> None:
    path = venue.database_path(tmp_path)
    shutil.copy(venue.database_path(demo_template), path)
    conn = sqlite3.connect(path, isolation_level=None)  # the file as version 12 left it
    later = ("VIEW segment_history", "TABLE segment_entry", "TRIGGER customer_anonymised_entry")
    for thing in later:  # (and without what later versions added)
        conn.execute(f"DROP {thing}")
    for (name,) in conn.execute(
        "SELECT name FROM sqlite_master WHERE type = 'trigger' AND name LIKE '%_snapshot_%'"
    ).fetchall():
        conn.execute(f"DROP TRIGGER {name}")
    for table in ("segment_snapshot", "segment_snapshot_state", "segment_snapshot_writer"):
        conn.execute(f"DROP TABLE {table}")
    conn.execute("DROP TABLE guest_changed")
    conn.execute("PRAGMA user_version = 12")  # the segment snapshot came with version 13
    conn.close()
    opened = venue.open_venue(tmp_path)
    try:
        assert not metric_snapshot.tracking(opened.store)
        _run_and_check(opened)
        assert loads[-1].full
        _run_and_check(opened)  # the guests whose kept windows the first run moved
        _visit(opened, 7)
        _run_and_check(opened)
        assert not loads[-1].full and loads[-1].changed.tolist() == [7]
    finally:
        opened.close()


def test_a_refused_pin_before_tracking_starts_writes_nothing(demo_venue: venue.Venue) -> None:
    pending = demo_venue.users.begin_sign_in("9999", role=ops.Role.OWNER)
    with pytest.raises(users.AuthError):
        demo_venue.segmentation.recompute_all(actor=pending)
    assert not metric_snapshot.tracking(demo_venue.store)
    assert demo_venue.store.execute("SELECT COUNT(*) FROM segment_run").fetchone()[0] == 0


def test_a_run_that_must_move_the_windows_decides_the_pin_before_and_reads_them_moved(
    demo_venue: venue.Venue, loads: list[metric_snapshot.Loaded]
) -> None:
    service = demo_venue.segmentation
    service.recompute_all(persist=True)
    anchor = "SELECT day, month_days, window_days FROM metrics_window"
    kept = demo_venue.store.execute(anchor).fetchone()
    # a longer month: the windows must be recounted
    demo_venue.settings.change(OWNER, {"segments.month_days": 45})
    pending = demo_venue.users.begin_sign_in("9999", role=ops.Role.OWNER)
    with pytest.raises(users.AuthError):
        service.recompute_all(actor=pending)
    assert demo_venue.store.execute(anchor).fetchone() == kept  # refused: nothing moved
    _run_and_check(demo_venue)
    assert demo_venue.store.execute(anchor).fetchone() == (kept[0], 45, kept[2])
    _run_and_check(demo_venue)  # the snapshot holds the recounted windows
    assert not loads[-1].full and len(loads[-1].changed) == 0


def test_an_unreadable_snapshot_is_not_trusted(
    demo_venue: venue.Venue, loads: list[metric_snapshot.Loaded]
) -> None:
    _run_and_check(demo_venue)
    with demo_venue.store.transaction():
        demo_venue.store.execute("UPDATE segment_snapshot SET data = zeroblob(40)")
    _run_and_check(demo_venue)
    assert loads[-1].full


def test_a_run_that_lost_the_race_to_another_saves_nothing(
    demo_venue: venue.Venue, loads: list[metric_snapshot.Loaded]
) -> None:
    """Two runs read the same state; the first saves; the second, whose read is now older than
    the saved state, must not save over it (the log it read was cleared by the first)."""
    _run_and_check(demo_venue)
    names = _names(demo_venue)
    with database.read_snapshot(demo_venue.store):
        older = _LOAD(demo_venue.store, names)
    _run_and_check(demo_venue)
    with demo_venue.store.transaction():
        prepared = metric_snapshot.prepare(older, older.codes, older.changed)
        assert not metric_snapshot.save(demo_venue.store, older, prepared)


def test_the_log_follows_every_table_the_rows_come_from(demo_venue: venue.Venue) -> None:
    _run_and_check(demo_venue)
    _run_and_check(demo_venue)  # the guests whose kept windows the first run moved
    store = demo_venue.store
    at = int(time.time())
    with store.transaction():
        tables.Voucher.create(code="V-TEST-1", customer=11, kind="amount", value=100, issued_at=at)
        store.execute("UPDATE customer SET first_name = 'Tatyana' WHERE id = 12")
        family = int(store.one("SELECT MIN(customer_id) FROM family_member")[0])
        store.execute("DELETE FROM family_member WHERE customer_id = ?", (family,))
        store.execute("DELETE FROM segment_current WHERE customer_id = 13")
    logged = {int(r[0]) for r in store.execute("SELECT customer_id FROM guest_changed")}
    assert logged == {11, 12, 13, family}
    result = _run_and_check(demo_venue)
    row = int(np.flatnonzero(result.segmentation.metrics.customer_id == 12)[0])
    assert result.segmentation.metrics.first_name[row] == "Tatyana"  # a name day is known
