"""Back-office writers take turns with the tills.

A long write (storing a full recompute, publishing an import) is cut into chunks, each one short
write transaction. SQLite's write lock is not fair: a till waiting for it polls at growing
intervals (up to 100 ms), so a writer that starts its next chunk at once can win the lock again
and again while the till waits. After each chunk the writer therefore pauses at least
:data:`GAP_SECONDS`, and the chunk size adapts so that a chunk takes about ``target`` seconds.

A writer that can tell when another connection commits (``others_wrote``, a number that changes
then) paces itself that way only while the tills are saving — someone else committed in the last
``busy_for`` seconds, or it has just started. Otherwise its chunks take about ``idle_target``
(still about the longest a till may wait) with pauses of ``idle_gap``: short, but longer than the
tills' first polls are apart (25 ms), so a till that starts saving is let in at the next pause.

A writer that can tell when nobody else has the venue open at all (``alone``: no till, app or
other command holds it) takes chunks of about :data:`SOLO_TARGET_SECONDS` without pauses
meanwhile: nobody waits for it, and each pause and commit is time lost. Whoever opens the venue
waits at most one such chunk; then the pacing above applies again.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field

GAP_SECONDS = 0.1
IDLE_TARGET_SECONDS = 0.1
IDLE_GAP_SECONDS = 0.03
BUSY_FOR_SECONDS = 3.0
CAREFUL_FIRST_SECONDS = 1.0
SOLO_TARGET_SECONDS = 1.0


@dataclass
class Pacer:
    """Chunk sizes for a chunked writer: ``size`` items now, adapted after every chunk."""

    target: float = 0.04
    size: int = 200
    minimum: int = 50
    gap: float = GAP_SECONDS
    others_wrote: Callable[[], int] | None = None
    idle_target: float = IDLE_TARGET_SECONDS
    idle_gap: float = IDLE_GAP_SECONDS
    busy_for: float = BUSY_FOR_SECONDS
    between: Callable[[], None] | None = None  # run at the start of each pause
    alone: Callable[[], bool] | None = None  # nobody else has the venue open (no pause then)
    _version: int = field(default=0, init=False)
    _busy_until: float = field(default=0.0, init=False)

    def __post_init__(self) -> None:
        if self.others_wrote is not None:
            self._version = self.others_wrote()
            self._busy_until = time.perf_counter() + CAREFUL_FIRST_SECONDS

    @property
    def busy(self) -> bool:
        """Whether the tills count as saving (always, for a writer that cannot tell)."""
        return self.others_wrote is None or time.perf_counter() < self._busy_until

    def done(self, began: float) -> None:
        """The chunk begun at ``began`` (``time.perf_counter()``) is committed: adapt the size
        (never more than four times larger at once) and give the tills their turn."""
        now = time.perf_counter()
        spent = max(now - began, 1e-4)
        if self.alone is not None and self.alone():
            target = SOLO_TARGET_SECONDS
            self.size = int(min(max(self.size * target / spent, self.minimum), 4 * self.size))
            return
        if self.others_wrote is not None:
            version = self.others_wrote()
            if version != self._version:
                self._version = version
                self._busy_until = now + self.busy_for
        busy = self.busy
        target = self.target if busy else self.idle_target
        self.size = int(min(max(self.size * target / spent, self.minimum), 4 * self.size))
        gap = max(self.gap, spent) if busy else self.idle_gap
        if self.between is not None:
            self.between()
        time.sleep(max(gap - (time.perf_counter() - now), 0.005 if busy else 0.0))
