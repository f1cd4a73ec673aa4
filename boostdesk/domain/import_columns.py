"""Whole columns of POS export cells read at once, as matrices of character codes.

A column is given as a matrix ``codes`` (one row per cell, one column per character, left
aligned; anything past a cell's ``length`` is ignored) and the cells' lengths. Text cells
(:mod:`import_values`) and raw bytes of a CSV (:mod:`boostdesk.services.import_fast`) come here
the same way, so both read every cell identically. Each reader handles the common shape only
and says which cells it read; every other cell is left to the cell readers of
:mod:`import_values`, which give the reason of a refusal.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np

from boostdesk.domain.segments.metrics import IntArray

_DAYS_IN_MONTH = np.array([0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31], dtype=np.int64)
_DIGITS = (48, 57)


def text_codes(texts: Sequence[str], take: np.ndarray) -> np.ndarray:
    """The character codes of ``texts`` (only where ``take``; empty rows elsewhere)."""
    n = len(texts)
    chars = np.array([t if f else "" for t, f in zip(texts, take.tolist(), strict=True)])
    return chars.view(np.uint32).reshape(n, -1)


def _digit(column: np.ndarray) -> np.ndarray:
    return (column >= _DIGITS[0]) & (column <= _DIGITS[1])


def _by_position(codes: np.ndarray, width: int) -> np.ndarray:
    """The first ``width`` characters as bytes, one contiguous row per position (fast to
    work on); a character past 255 becomes 0, which no reader accepts."""
    if codes.shape[1] < width:
        codes = np.pad(codes, ((0, 0), (0, width - codes.shape[1])))
    codes = codes[:, :width]
    if codes.dtype != np.uint8:
        codes = np.where(codes > 255, 0, codes).astype(np.uint8)
    return np.ascontiguousarray(codes.T)


CHUNK = 32_768
"""Cells read at a time: the arrays of a chunk stay in the processor's cache (twice as fast)."""


def _chunked(
    read: Callable[..., tuple[IntArray, np.ndarray]],
    codes: np.ndarray,
    length: IntArray,
    *args: object,
) -> tuple[IntArray, np.ndarray]:
    n = len(length)
    if n <= CHUNK:
        return read(codes, length, *args)
    values = np.empty(n, dtype=np.int64)
    done = np.empty(n, dtype=bool)
    for start in range(0, n, CHUNK):
        end = min(start + CHUNK, n)
        values[start:end], done[start:end] = read(codes[start:end], length[start:end], *args)
    return values, done


TIME_LENGTHS = (10, 16, 19)
"""The lengths of the cells :func:`times` reads: a date, then maybe ``HH:MM`` and ``:SS``."""


def times(codes: np.ndarray, length: IntArray) -> tuple[IntArray, np.ndarray]:
    """The shapes ``YYYY-MM-DD``, ``DD.MM.YYYY`` and ``DD/MM/YYYY`` (day first, as in Turkey),
    each alone (noon) or followed by a space or ``T`` and ``HH:MM[:SS]``: local seconds since
    1970-01-01, and which cells were read (a valid date and time of exactly such a shape)."""
    return _chunked(_times, codes, length)


def _times(codes: np.ndarray, length: IntArray) -> tuple[IntArray, np.ndarray]:
    n = len(length)
    out = np.zeros(n, dtype=np.int64)
    fits = (length == 10) | (length == 16) | (length == 19)
    if n == 0 or not fits.any():
        return out, fits
    chars = _by_position(codes, 19)
    digit = chars - np.uint8(48) <= 9  # below '0' wraps around past 9

    def two(c: int) -> np.ndarray:
        found: np.ndarray = (chars[c] - np.uint8(48)).astype(np.int32) * 10
        found += chars[c + 1] - np.uint8(48)
        return found

    iso = digit[[0, 1, 2, 3, 5, 6, 8, 9]].all(axis=0) & (chars[4] == 45) & (chars[7] == 45)
    day_first = digit[[0, 1, 3, 4, 6, 7, 8, 9]].all(axis=0) & (chars[2] == chars[5])
    day_first &= (chars[2] == 46) | (chars[2] == 47)  # 20.11.2026 or 20/11/2026
    with_clock = (length >= 16) & digit[11] & digit[12] & (chars[13] == 58)
    with_clock &= digit[14] & digit[15] & ((chars[10] == 32) | (chars[10] == 84))
    with_seconds = (length == 19) & (chars[16] == 58) & digit[17] & digit[18]
    shape = (iso | day_first) & np.where(length == 10, True, with_clock)
    shape &= (length != 19) | with_seconds
    year = np.where(iso, two(0) * 100 + two(2), two(6) * 100 + two(8))
    month, day = np.where(iso, two(5), two(3)), np.where(iso, two(8), two(0))
    hour = np.where(with_clock, two(11), 12)  # a date alone: noon
    minute = np.where(with_clock, two(14), 0)
    second = np.where(with_seconds, two(17), 0)
    month_ok = (month >= 1) & (month <= 12)
    leap = (year % 4 == 0) & ((year % 100 != 0) | (year % 400 == 0))
    longest = _DAYS_IN_MONTH[np.where(month_ok, month, 0)] + (leap & (month == 2))
    ok = (
        fits
        & shape
        & (year >= 1)
        & month_ok
        & (day >= 1)
        & (day <= longest)
        & (hour < 24)
        & (minute < 60)
        & (second < 60)
    )
    # days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's days_from_civil)
    y = year - (month <= 2)
    era = y // 400
    of_era = y - era * 400
    of_year = (153 * ((month + 9) % 12) + 2) // 5 + day - 1
    days = era * 146_097 + of_era * 365 + of_era // 4 - of_era // 100 + of_year - 719_468
    seconds = days.astype(np.int64) * 86_400 + (hour * 3600 + minute * 60 + second)
    out[ok] = seconds[ok]
    return out, ok


def plain_amounts(
    codes: np.ndarray, length: IntArray, decimal: str, limit_minor: int
) -> tuple[IntArray, np.ndarray]:
    """The shape ``digits[MARK d[d]]`` — the file's ``decimal`` mark, one or two decimals, no
    leading zero but a lone 0, at most 15 characters, within ``limit_minor``: minor units, and
    which cells were read."""
    return _chunked(_plain_amounts, codes, length, decimal, limit_minor)


def _plain_amounts(
    codes: np.ndarray, length: IntArray, decimal: str, limit_minor: int
) -> tuple[IntArray, np.ndarray]:
    n = len(length)
    minor = np.zeros(n, dtype=np.int64)
    fits = (length >= 1) & (length <= 15)
    if not fits.any():
        return minor, fits
    width = min(codes.shape[1], int(length[fits].max()))
    chars = _by_position(codes, width)
    rows = np.arange(n)
    mark = np.full(n, -1, dtype=np.int64)  # where the decimal mark is, if any
    for places in (1, 2):
        at = length - places - 1
        has = (at >= 1) & (chars[np.clip(at, 0, width - 1), rows] == ord(decimal))
        mark = np.where(has & (mark < 0), at, mark)
    whole_end = np.where(mark >= 0, mark, length)
    whole = np.zeros(n, dtype=np.int64)
    fraction = np.zeros(n, dtype=np.int64)
    ok = fits.copy()
    decimals = mark >= 0
    for c in range(width):
        d = chars[c] - np.uint8(48)
        inside = c < length
        ok &= ~inside | (d <= 9) | (c == mark)
        whole = np.where(c < whole_end, whole * 10 + d, whole)
        fraction = np.where(inside & decimals & (c > mark), fraction * 10 + d, fraction)
    ok &= (chars[0] != 48) | (whole_end == 1)  # no leading zero but a lone 0
    fraction = np.where(decimals & (length - mark == 2), fraction * 10, fraction)
    value = whole * 100 + fraction
    ok &= value <= limit_minor
    minor[ok] = value[ok]
    return minor, ok


def decimal_votes(codes: np.ndarray, length: IntArray) -> tuple[int, int, np.ndarray]:
    """Votes for the decimal mark of cells made only of digits, ``.`` and ``,``: a mark followed
    by one or two digits that end the cell (see :func:`import_values.decimal_mark`). Returns
    (votes for ``,``, votes for ``.``, which cells were of that kind); other cells are left
    to the text reader."""
    n = len(length)
    if n == 0:
        return 0, 0, np.zeros(0, dtype=bool)
    width = codes.shape[1]
    inside = np.arange(width) < length[:, None]
    plain = codes[:, :width]
    kind = ~inside | _digit(plain) | (plain == 44) | (plain == 46)
    handled = kind.all(axis=1) & (length >= 1)
    rows = np.arange(n)

    def last(back: int) -> np.ndarray:
        return np.where(length >= back, codes[rows, np.clip(length - back, 0, width - 1)], 0)

    one, two, three = last(1), last(2), last(3)
    is_mark = (two == 44) | (two == 46)
    vote = np.where(_digit(one) & is_mark, two, 0)
    further = _digit(one) & _digit(two) & ((three == 44) | (three == 46))
    vote = np.where((vote == 0) & further, three, vote)
    vote = np.where(handled, vote, 0)
    return int((vote == 44).sum()), int((vote == 46).sum()), handled
