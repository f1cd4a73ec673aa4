"""The records and fields of a plain CSV (:class:`import_files.Plain`) found in its bytes at once.

Without quotes a record is one physical line and a field is what lies between two separators,
so numpy finds them all in one pass over the bytes (what the csv module does a character at a
time in Python objects). Fields come out as matrices of bytes, one row per record, for the
column readers of :mod:`boostdesk.domain.import_columns`.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from boostdesk.domain.segments.metrics import IntArray
from boostdesk.services import import_files

LF, CR = 10, 13
_SPREAD = np.uint64(0x9E3779B97F4A7C15)  # Fibonacci hashing: spreads one word over all bits


@dataclass(frozen=True)
class Layout:
    """The records (physical lines) after the heading: the number of each line, where its text
    starts and ends (line end excluded) in ``data`` (the file), whether it is blank (separators)
    and whether it has exactly the heading's number of fields. ``seps[:, i]`` gives the fields
    of the i-th regular record: field k is ``data[seps[k, i] + 1 : seps[k + 1, i]]``."""

    data: np.ndarray
    line: IntArray
    start: np.ndarray  # positions: int32 below 2 GB
    end: np.ndarray
    blank: np.ndarray
    regular: np.ndarray
    seps: np.ndarray
    encoding: str
    delimiter: str

    def texts(self, records: IntArray) -> list[str]:
        """The text of each of ``records``, decoded."""
        data, encoding = self.data, self.encoding
        return [
            data[s:e].tobytes().decode(encoding)
            for s, e in zip(self.start[records].tolist(), self.end[records].tolist(), strict=True)
        ]


def layout(plain: import_files.Plain, width: int) -> Layout:
    """Where every record and, for records of ``width`` fields, every field is."""
    data = np.frombuffer(plain.raw, dtype=np.uint8)  # positions are the file's own
    size = len(data)
    kind = np.int32 if size < 2**31 - 1 else np.int64  # half the memory for files below 2 GB
    specials = _specials(data, plain.start, ord(plain.delimiter), kind)
    is_end = data[specials] == LF
    if size > plain.start and data[-1] != LF:  # the last line's end, missing in the file
        specials = np.append(specials, size)
        is_end = np.append(is_end, True)
    ends_at = np.flatnonzero(is_end)  # where in ``specials`` each line ends
    del is_end
    line_end = specials[ends_at]
    start: np.ndarray = np.empty(len(line_end), dtype=kind)
    start[:1] = plain.start
    start[1:] = line_end[:-1] + 1
    crlf = (line_end > start) & (data[np.maximum(line_end - 1, 0)] == CR)
    end = line_end - crlf
    separators = np.diff(ends_at, prepend=-1) - 1
    regular = separators == width - 1
    every = bool(regular.all())
    count = len(line_end) if every else int(regular.sum())
    seps = np.empty((width + 1, count), dtype=kind)
    seps[0] = (start if every else start[regular]) - 1
    seps[width] = end if every else end[regular]
    if width > 1 and every:
        seps[1:width] = specials.reshape(count, width)[:, : width - 1].T
    elif width > 1:
        first = ends_at[regular] - (width - 1)
        for k in range(width - 1):
            seps[k + 1] = specials[first + k]
    line = plain.first_line + np.arange(len(line_end), dtype=np.int64)
    blank = end - start == separators
    return Layout(data, line, start, end, blank, regular, seps, plain.encoding, plain.delimiter)


_STEP = 1 << 17


def _specials(data: np.ndarray, begin: int, delimiter: int, kind: type) -> np.ndarray:
    """Where the separators and line ends are from ``begin`` on, a slice at a time into the
    same small buffers (no temporary array as large as the file, all in the cache)."""
    parts: list[np.ndarray] = [np.zeros(0, dtype=kind)]
    found, other = np.empty(_STEP, dtype=bool), np.empty(_STEP, dtype=bool)
    for low in range(begin, len(data), _STEP):
        piece = data[low : low + _STEP]
        here, there = found[: len(piece)], other[: len(piece)]
        np.equal(piece, LF, out=here)
        np.equal(piece, delimiter, out=there)
        here |= there
        part: np.ndarray = np.flatnonzero(here).astype(kind)
        part += low
        parts.append(part)
    return np.concatenate(parts)


def gather(
    data: np.ndarray, start: IntArray, length: IntArray, width: int, clear: bool = True
) -> np.ndarray:
    """The bytes of fields (``start``, ``length``) of ``data`` as a (fields, ``width``) matrix,
    left aligned (a field longer than ``width`` is cut); past each field's end zeros if
    ``clear``, else whatever follows it in the file."""
    n = len(start)
    if n == 0:
        return np.zeros((0, width), dtype=np.uint8)
    source = data
    if len(data) < 2 * width:  # a tiny file: read from a padded copy
        source = np.zeros(len(data) + width, dtype=np.uint8)
        source[: len(data)] = data
    last = len(source) - width
    picked = _windows(source, width)[np.minimum(start, last)]  # one copy of width bytes each
    late = np.flatnonzero(start > last)
    if len(late):  # too near the end for a whole window: read from a padded tail
        tail = np.zeros(2 * width, dtype=np.uint8)
        tail[:width] = source[last:]
        picked[late] = _windows(tail, width)[start[late] - last]
    matrix = picked.view(np.uint8).reshape(n, width)
    if clear:
        if width % 8:
            matrix[np.arange(width) >= length[:, None]] = 0
        else:
            words = matrix.view(np.uint64)
            for j in range(width // 8):
                words[:, j] &= _KEEP[np.clip(length - 8 * j, 0, 8)]
    return matrix


_KEEP = np.array([(1 << (8 * k)) - 1 for k in range(9)], dtype=np.uint64)
"""The bytes of a little-endian word a field of k bytes keeps (k = 8: all of them)."""


def _windows(source: np.ndarray, width: int) -> np.ndarray:
    """Every ``width`` bytes of ``source`` from every position, as single items (no copy)."""
    return np.ndarray(
        shape=(len(source) - width + 1,), dtype=f"V{width}", buffer=source, strides=(1,)
    )


def distinct(matrix: np.ndarray) -> tuple[IntArray, IntArray]:
    """The distinct rows of a byte matrix: the index of one row holding each, and each row's
    distinct number."""
    n, width = matrix.shape
    if n == 0:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
    words = width // 8 + (width % 8 > 0)
    if words * 8 != width:
        matrix = np.pad(matrix, ((0, 0), (0, words * 8 - width)))
    packed = np.ascontiguousarray(matrix).view(np.uint64)
    key = packed[:, 0].copy()
    for w in range(1, words):
        key = (key ^ packed[:, w]) * _SPREAD
    first, inverse = _distinct_keys(key)
    if words > 1 and not (packed[first][inverse] == packed).all():  # two texts, one key
        _, first, inverse = np.unique(packed, axis=0, return_index=True, return_inverse=True)
        inverse = inverse.reshape(-1)
    return first, inverse


def _distinct_keys(key: np.ndarray) -> tuple[IntArray, IntArray]:
    """Like ``np.unique(key, return_index, return_inverse)`` but quick for a column of few
    distinct values (categories): those found in its first rows are matched directly."""
    seen = np.unique(key[:2048])
    if len(seen) <= 8:
        inverse = np.full(len(key), -1, dtype=np.int64)
        for i, value in enumerate(seen.tolist()):
            inverse[key == value] = i
        rest = np.flatnonzero(inverse < 0)
        first = np.argmax(inverse[:, None] == np.arange(len(seen)), axis=0) if len(seen) else rest
        if len(rest) == 0:
            return first.astype(np.int64), inverse
        extra_first, extra_inverse = _distinct_keys_sorted(key[rest])
        inverse[rest] = extra_inverse + len(seen)
        return np.concatenate([first, rest[extra_first]]).astype(np.int64), inverse
    return _distinct_keys_sorted(key)


def _distinct_keys_sorted(key: np.ndarray) -> tuple[IntArray, IntArray]:
    order = np.argsort(key)
    ranked = key[order]
    new = np.empty(len(key), dtype=bool)
    new[:1] = True
    np.not_equal(ranked[1:], ranked[:-1], out=new[1:])
    inverse = np.empty(len(key), dtype=np.int64)
    inverse[order] = np.cumsum(new) - 1
    return order[new], inverse


def texts_of(matrix: np.ndarray, rows: IntArray, encoding: str) -> list[str]:
    """The fields in ``rows`` of a byte matrix from :func:`gather`, decoded."""
    picked = np.ascontiguousarray(matrix[rows])
    width = picked.shape[1]
    raw = picked.view(f"S{width}").reshape(-1).tolist() if width else [b""] * len(rows)
    return [b.decode(encoding) for b in raw]
