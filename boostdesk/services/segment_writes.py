"""Storing a full recompute's changes in short write transactions.

The tills keep saving visits while a full recompute runs: its changes are stored a chunk of guests
at a time, each chunk one write transaction of about :data:`CHUNK_SECONDS` (the size adapts to the
machine). A guest whose visits changed since the recompute read them, or who was anonymised
meanwhile, is left as it is: the visit's own re-evaluation (in the visit's transaction) is newer.
"""

from __future__ import annotations

import json
import time

import numpy as np
import numpy.typing as npt

from boostdesk.domain import segments
from boostdesk.domain.segments.metrics import IntArray
from boostdesk.services import pacing
from boostdesk.storage import columns, database, metric_inputs, metric_snapshot
from boostdesk.storage import segments as stored_segments
from boostdesk.storage import store as store_module

# A chunk of stored changes aims at this long a write transaction (a till's save waits at most
# about this long); the chunk size adapts to the machine.
CHUNK_SECONDS = 0.04
IDLE_CHUNK_SECONDS = pacing.IDLE_TARGET_SECONDS  # while no till saves (see pacing)
FIRST_CHUNK = 200


def moment(as_of: int) -> int:
    """When a change found for the as-of day happened: now, or the day's last second if past."""
    return min(int(time.time()), as_of - 1)


class ChunkedWrite:
    """One full recompute's changes, stored chunk by chunk (see the module docstring)."""

    def __init__(
        self,
        store: store_module.Store,
        result: segments.Segmentation,
        as_of: int,
        seen: IntArray,
        started: float,
        snapshot: metric_snapshot.Loaded | None = None,
    ) -> None:
        self._store = store
        self._result = result
        self._as_of = as_of
        self._seen = seen
        self._started = started
        self._ids = result.metrics.customer_id
        self._snapshot = snapshot

    def _encode(self) -> IntArray:
        """Every guest's new segments as codes (guests x families)."""
        factorized = self._result.factorized
        with self._store.transaction():
            table = stored_segments.ensure_codes(
                self._store, {f: keys for f, (keys, _) in factorized.items()}
            )
        codes = np.empty((len(self._ids), len(stored_segments.FAMILIES)), dtype=np.int64)
        for j, family in enumerate(stored_segments.FAMILIES):
            keys, inverse = factorized[family]
            position = {key: code for code, key in enumerate(table[family])}
            lookup = np.array([position[k] for k in keys], dtype=np.int64)
            codes[:, j] = lookup[inverse] if len(keys) else stored_segments.NONE
        return codes

    def run(self, before: tuple[IntArray, IntArray]) -> tuple[int, int]:
        """Store the changes; return (guests changed, transitions)."""
        codes = self._encode()
        old_ids, old_codes = before
        idx, ok = columns.placer(old_ids, self._ids)
        previous = np.full_like(codes, stored_segments.NONE)
        previous[ok] = old_codes[idx[ok]]
        candidates = np.flatnonzero((previous != codes).any(axis=1))
        prepared = self._prepare_snapshot(candidates, codes)
        return self._chunks(candidates, codes, prepared)

    def _prepare_snapshot(
        self, candidates: npt.NDArray[np.intp], codes: IntArray
    ) -> metric_snapshot.Prepared | None:
        """The snapshot the run read, with its new codes, encoded before any write transaction
        (the last chunk's saves it: a guest skipped there as changed meanwhile is in the change
        log after what the run read)."""
        if self._snapshot is None:
            return None
        ids = self._ids[candidates]  # every other guest's codes are the ones the run read
        merged = metric_inputs.replace_rows(
            self._snapshot.codes, np.column_stack([ids, codes[candidates]]), ids
        )
        touched = np.concatenate([self._snapshot.changed, ids])
        return metric_snapshot.prepare(self._snapshot, merged, touched)

    def _chunks(
        self,
        candidates: npt.NDArray[np.intp],
        codes: IntArray,
        prepared: metric_snapshot.Prepared | None,
    ) -> tuple[int, int]:
        changed = transitions = position = 0
        store = self._store  # paced for the tills while they save, faster while they do not
        pacer = pacing.Pacer(
            target=CHUNK_SECONDS,
            size=FIRST_CHUNK,
            others_wrote=lambda: database.others_committed(store),
            idle_target=IDLE_CHUNK_SECONDS,
            alone=lambda: database.alone(store),
        )
        while True:
            rows = candidates[position : position + pacer.size]
            last = position + pacer.size >= len(candidates)
            began = time.perf_counter()
            with self._store.transaction(), metric_snapshot.own_writes(store):
                done = self._store_chunk(rows, codes) if len(rows) else (0, 0)
                changed, transitions = changed + done[0], transitions + done[1]
                if last:
                    self._add_run(transitions)
                    if self._snapshot is not None and prepared is not None:
                        metric_snapshot.save(self._store, self._snapshot, prepared)
            if last:
                return changed, transitions
            position += len(rows)
            pacer.done(began)

    def _store_chunk(self, rows: npt.NDArray[np.intp], codes: IntArray) -> tuple[int, int]:
        """Store ``rows`` (positions in the result) whose guests did not change meanwhile;
        return (guests stored, transitions)."""
        return stored_segments.store_changes(
            self._store,
            self._ids[rows],
            codes[rows],
            self._seen[rows],
            self._as_of,
            moment(self._as_of),
        )

    def _add_run(self, transitions: int) -> None:
        stored_segments.add_run(
            self._store,
            (
                int(time.time()),
                self._as_of,
                "full",
                len(self._ids),
                transitions,
                time.perf_counter() - self._started,
                json.dumps(self._result.cutoffs),
            ),
        )
