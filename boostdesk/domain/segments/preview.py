"""What an edit of the segment rules would do: segment sizes now and with the edit, and how many
guests would move from which segment to which, computed on the same metric columns a full
recompute reads (nothing is stored)."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from boostdesk.domain import segments
from boostdesk.domain.segments import custom, value
from boostdesk.domain.segments.metrics import Metrics

Assignment = dict[str, custom.Labels]  # family -> each guest's segment, coded


@dataclass(frozen=True)
class Preview:
    """Sizes per family and segment before and after, and the moves (from, to, guests), biggest
    first; ``custom`` holds each custom segment's size before and after."""

    guests: int
    before: dict[str, dict[str, int]]
    after: dict[str, dict[str, int]]
    moves: dict[str, list[tuple[str, str, int]]]
    custom: dict[str, tuple[int, int]]

    @property
    def moved(self) -> int:
        """Guests who change segment in at least one family (counted per family)."""
        return sum(n for rows in self.moves.values() for *_, n in rows)


def touched(before: segments.Config, after: segments.Config) -> tuple[str, ...]:
    """The ruled families whose result can differ between two configs."""
    parts = {
        "lifecycle": before.lifecycle != after.lifecycle,
        "rfm": before.rfm_map != after.rfm_map,
        "abc": before.abc_shares != after.abc_shares,
        "basket": (before.lover_share, before.lover_min_visits)
        != (after.lover_share, after.lover_min_visits),
    }
    return tuple(name for name in segments.RULED if parts[name])


def sizes(assignment: custom.Labels) -> dict[str, int]:
    return {k: n for k, n in assignment.counts().items() if n}


def moves(before: custom.Labels, after: custom.Labels) -> list[tuple[str, str, int]]:
    """(from, to, guests) of the guests whose segment differs, biggest first."""
    keys = list(dict.fromkeys([*before.keys.tolist(), *after.keys.tolist()]))
    index = {key: i for i, key in enumerate(keys)}
    old = np.array([index[k] for k in before.keys.tolist()], dtype=np.int64)[before.codes]
    new = np.array([index[k] for k in after.keys.tolist()], dtype=np.int64)[after.codes]
    changed = old != new
    if not changed.any():
        return []
    pairs = old[changed] * len(keys) + new[changed]
    counts = np.bincount(pairs, minlength=len(keys) ** 2)
    found = [
        (keys[int(p) // len(keys)], keys[int(p) % len(keys)], int(counts[p]))
        for p in np.flatnonzero(counts)
    ]
    return sorted(found, key=lambda row: (-row[2], row[0], row[1]))


def _coded(
    metrics: Metrics,
    config: segments.Config,
    names: tuple[str, ...],
    rfm_scores: tuple[npt.NDArray[np.int64], npt.NDArray[np.int64]],
) -> Assignment:
    """The families ``names``, each computed and coded before the next (a string per guest is
    held for one family at a time)."""
    return {
        name: custom.Labels.of(
            segments.compute_families(metrics, config, (name,), rfm_scores)[name]
        )
        for name in names
    }


@dataclass(frozen=True)
class Prepared:
    """What every preview of one venue state shares: the segments under the rules in force,
    their sizes, each custom segment's members and the R and F scores (the RFM map alone is
    edited, never the scores)."""

    metrics: Metrics
    config: segments.Config
    now: Assignment
    sizes: dict[str, dict[str, int]]
    custom: dict[str, npt.NDArray[np.bool_]]
    rfm_scores: tuple[npt.NDArray[np.int64], npt.NDArray[np.int64]]


def prepare(metrics: Metrics, config: segments.Config) -> Prepared:
    """Segment ``metrics`` under ``config`` once, for the previews of edits to come."""
    scored = value.rfm(metrics, config.rfm_map)
    now = _coded(metrics, config, segments.RULED, (scored.r, scored.f))
    return Prepared(
        metrics=metrics,
        config=config,
        now=now,
        sizes={family: sizes(values) for family, values in now.items()},
        custom=segments.evaluate_custom(metrics, now, config.custom),
        rfm_scores=(scored.r, scored.f),
    )


def compare(prepared: Prepared, edited: segments.Config) -> Preview:
    """The preview of ``edited`` against the rules in force: only the families the edit
    touches are recomputed and counted again."""
    metrics, now = prepared.metrics, prepared.now
    changed = touched(prepared.config, edited)
    fresh = _coded(metrics, edited, changed, prepared.rfm_scores)
    after = {**now, **fresh}
    custom_after = segments.evaluate_custom(metrics, after, edited.custom) if changed else {}
    custom_now = prepared.custom
    return Preview(
        guests=len(metrics),
        before=prepared.sizes,
        after={**prepared.sizes, **{family: sizes(values) for family, values in fresh.items()}},
        moves={family: moves(now[family], after[family]) for family in changed},
        custom={
            name: (int(mask.sum()), int(custom_after.get(name, mask).sum()))
            for name, mask in custom_now.items()
        },
    )
