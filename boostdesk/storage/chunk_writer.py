"""Writing a file chunk by chunk on a thread of its own, with buffers that go round.

The backup reads and encrypts a chunk while the previous ones go to the disk: the writer thread
takes sealed chunks from a queue and gives each buffer back once written, so a handful of
buffers serve the whole file (memory stays flat, and no fresh megabyte per chunk has to be
faulted in). On Linux the part written so far is handed to the disk as the file grows, so the
final ``fsync`` does not wait for all of it at once.
"""

from __future__ import annotations

import ctypes
import functools
import queue
import sys
import threading
from typing import IO, Any, Protocol


class Source(Protocol):
    def readinto(self, buffer: bytearray | memoryview, /) -> int | None: ...


def fill(source: Source, buffer: bytearray) -> int:
    """Read into ``buffer`` until it is full or the source ends; the number of bytes read."""
    view = memoryview(buffer)
    filled = 0
    while filled < len(buffer):
        got = source.readinto(view[filled:])
        if not got:
            break
        filled += got
    return filled


class ChunkWriter:
    """Writes sealed chunks on a thread of its own, so that reading and encrypting the next ones
    overlap with the disk (each side releases the GIL). A few chunk buffers go round between the
    two threads: memory stays flat. On Linux the written part is handed to the disk as it goes
    (``sync_file_range``), so the final ``fsync`` does not wait for the whole file at once."""

    _BUFFERS = 6
    _FLUSH_EVERY = 16 << 20

    def __init__(self, out: IO[bytes], buffer_size: int) -> None:
        self._out = out
        self._free: queue.Queue[bytearray] = queue.Queue()
        for _ in range(self._BUFFERS):
            self._free.put(bytearray(buffer_size))
        self._queue: queue.Queue[tuple[bytearray | bytes, int] | None] = queue.Queue()
        self._failed: BaseException | None = None
        self._thread = threading.Thread(target=self._run, name="backup-writer", daemon=True)

    def __enter__(self) -> ChunkWriter:
        self._thread.start()
        return self

    def _run(self) -> None:
        written = flushed = 0
        fd = self._out.fileno()
        while (item := self._queue.get()) is not None:
            block, length = item
            if self._failed is None:
                try:
                    _write_all(self._out, memoryview(block)[:length])
                    written += length
                    if written - flushed >= self._FLUSH_EVERY:
                        _start_writeback(fd, flushed, written - flushed)
                        flushed = written
                except BaseException as exc:  # noqa: BLE001 (handed to the producer)
                    self._failed = exc
            if isinstance(block, bytearray):
                self._free.put(block)

    def buffer(self) -> bytearray:
        """A free chunk buffer (waits while every buffer is queued for the disk)."""
        if self._failed is not None:
            raise self._failed
        while True:
            try:
                return self._free.get(timeout=0.5)
            except queue.Empty:
                if not self._thread.is_alive():
                    raise self._failed or RuntimeError("the backup writer stopped") from None

    def put(self, block: bytearray, length: int) -> None:
        """Queue ``block[:length]`` for the disk; the buffer comes back once written."""
        if self._failed is not None:
            self._free.put(block)
            raise self._failed
        self._queue.put((block, length))

    def put_bytes(self, data: bytes) -> None:
        self._queue.put((data, len(data)))

    def finish(self) -> None:
        """Wait until every chunk is written; raise what the writing raised (a full disk)."""
        self._queue.put(None)
        self._thread.join()
        if self._failed is not None:
            raise self._failed

    def __exit__(self, *_exc: object) -> None:
        if self._thread.is_alive():  # the producer failed: let the writer end
            self._queue.put(None)
            self._thread.join()


def _write_all(out: IO[bytes], view: memoryview) -> None:
    while view:
        n = out.write(view)
        if n is None:  # a non-blocking file: never a regular file
            raise OSError("the backup file did not accept the data")
        view = view[n:]


_SYNC_FILE_RANGE_WRITE = 2


def _start_writeback(fd: int, offset: int, length: int) -> None:
    """Ask Linux to start writing this range to the disk now, without waiting for it."""
    call = _sync_file_range()
    if call is not None:
        call(fd, ctypes.c_int64(offset), ctypes.c_int64(length), _SYNC_FILE_RANGE_WRITE)


@functools.cache
def _sync_file_range() -> Any:
    if not sys.platform.startswith("linux"):
        return None
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        return libc.sync_file_range
    except (OSError, AttributeError):
        return None
