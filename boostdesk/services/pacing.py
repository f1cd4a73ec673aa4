"""Back-office writers take turns with the tills.

A long write (storing a full recompute, publishing an import) is cut into chunks, each one short
write transaction. SQLite's write lock is not fair: a till waiting for it polls at growing
intervals (up to 100 ms), so a writer that starts its next chunk at once can win the lock again
and again while the till waits. After each chunk the writer therefore pauses at least
:data:`GAP_SECONDS`, and the chunk size adapts so that a chunk takes about ``target`` seconds.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

GAP_SECONDS = 0.1


@dataclass
class Pacer:
    """Chunk sizes for a chunked writer: ``size`` items now, adapted after every chunk."""

    target: float = 0.04
    size: int = 200
    minimum: int = 50
    gap: float = GAP_SECONDS

    def done(self, began: float) -> None:
        """The chunk begun at ``began`` (``time.perf_counter()``) is committed: adapt the size
        (never more than four times larger at once) and give the tills their turn."""
        spent = max(time.perf_counter() - began, 1e-4)
        self.size = int(min(max(self.size * self.target / spent, self.minimum), 4 * self.size))
        time.sleep(max(self.gap, spent))
