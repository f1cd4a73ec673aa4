"""What makes an imported visit the same visit again, and the order visits are staged in.

Work per distinct guest, never per row: a million rows hold some tens of thousands of guests.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from boostdesk.domain.segments.metrics import IntArray

_INT64_MAX = np.iinfo(np.int64).max


@dataclass(frozen=True)
class Keys:
    """See :func:`guest_keys`."""

    guests: list[tuple[int, str | None, str | None, str]]
    guest: IntArray
    dup: IntArray
    order: IntArray


def guest_keys(names: Sequence[str], guest: IntArray, at: IntArray, amount: IntArray) -> Keys:
    """What makes an imported visit the same visit again — its parsed values: the guest (card,
    else reference), the UTC minute and the amount, and ``n`` for the n-th identical visit in the
    file — so the same visits re-saved in another format (other date or decimal style, seconds
    dropped by a spreadsheet) are recognised (storage compares them with the guest's imported
    visits as it publishes; versions before 14 stored them as the key
    ``import:DIGEST:MINUTE:AMOUNT[:n]``). The guest is hashed (a reference may be a name).

    ``names`` are the distinct guests (a card number, or ``ref:`` and the reference) and
    ``guest`` each row's index into them. Returns the guests as (rank, reference or None, card
    or None, digest), ranked in digest order — publishing in that order inserts each chunk's
    guests' index entries next to each other —, each row's guest rank, each
    row's ``n`` (1 for the first) and the staging order: by guest rank, then time, then file
    order."""
    digests = [hashlib.sha256(g.encode()).hexdigest()[:20] for g in names]
    ordered = sorted(range(len(names)), key=digests.__getitem__)
    rank_of = np.empty(len(names), dtype=np.int64)
    rank_of[ordered] = np.arange(len(names))
    guests: list[tuple[int, str | None, str | None, str]] = []
    for i, g in enumerate(ordered):
        name = names[g]
        ref, card = (name[4:], None) if name.startswith("ref:") else (None, name)
        guests.append((i, ref, card, digests[g]))
    rank = rank_of[guest] if len(guest) else np.zeros(0, dtype=np.int64)
    order = _by_guest_and_time(rank, at)
    return Keys(guests, rank, _dup(rank, at // 60, amount, order), order)


def _by_guest_and_time(rank: IntArray, at: IntArray) -> IntArray:
    """Row indices by guest rank, then time, then file order."""
    n = len(rank)
    if n == 0:
        return np.zeros(0, dtype=np.int64)
    low = int(at.min())
    span = int(at.max()) - low + 1
    guests = int(rank.max()) + 1
    if guests * span <= _INT64_MAX // n:
        # one integer per row holding all three: a plain sort, several times faster than lexsort
        key = (rank * span + (at - low)) * n + np.arange(n)
        return np.sort(key) % n
    if guests * span <= _INT64_MAX:
        return np.argsort(rank * span + (at - low), kind="stable")
    return np.lexsort((at, rank))


def _dup(rank: IntArray, minute: IntArray, amount: IntArray, order: IntArray) -> IntArray:
    """Each row's number among the rows of the same guest, minute and amount, in file order.
    Such rows are next to each other in ``order`` (by guest, then time) but for other amounts
    of the same minute: only rows sharing their guest and minute with another are sorted."""
    n = len(rank)
    dup = np.ones(n, dtype=np.int64)
    g, m = rank[order], minute[order]
    same = (g[1:] == g[:-1]) & (m[1:] == m[:-1])
    shared = np.zeros(n, dtype=bool)
    shared[1:] |= same
    shared[:-1] |= same
    rows = np.sort(order[shared])  # file order
    if len(rows) == 0:
        return dup
    sub = np.lexsort((amount[rows], minute[rows], rank[rows]))  # stable: file order kept
    g, m, a = rank[rows][sub], minute[rows][sub], amount[rows][sub]
    equal = np.zeros(len(sub), dtype=bool)
    equal[1:] = (g[1:] == g[:-1]) & (m[1:] == m[:-1]) & (a[1:] == a[:-1])
    run_start = np.maximum.accumulate(np.where(equal, 0, np.arange(len(sub))))
    dup[rows[sub]] = np.arange(len(sub)) - run_start + 1
    return dup
