"""A family's segments as small integer codes into its keys: no string per guest.

A full recompute assigns one of a handful of keys to every guest in each of thirteen families.
Choosing among integer codes and storing codes needs no per-guest text at all; the strings are
made only where a caller asks for them (explanations, custom segments, one guest).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from boostdesk.domain.segments.metrics import IntArray

StrArray = npt.NDArray[np.str_]


@dataclass(frozen=True)
class Coded:
    """Every guest's segment as ``keys[codes[i]]``."""

    keys: tuple[str, ...]
    codes: IntArray

    def __len__(self) -> int:
        return len(self.codes)

    def strings(self) -> StrArray:
        """The segment key of every guest (a string array)."""
        if not self.keys:
            return np.full(len(self.codes), "", dtype=str)
        return np.asarray(self.keys, dtype=str)[self.codes]

    def compact(self) -> tuple[list[str], IntArray]:
        """The keys some guest has and each guest's index among them (keys in code order)."""
        used = np.bincount(self.codes, minlength=len(self.keys)) > 0
        position = np.cumsum(used) - 1
        keys = [key for key, kept in zip(self.keys, used.tolist(), strict=True) if kept]
        return keys, position[self.codes].astype(np.int64)


def select(
    conditions: Sequence[npt.NDArray[np.bool_]], choices: Sequence[str], default: str
) -> Coded:
    """``np.select(conditions, choices, default)`` as codes: the first condition that holds
    chooses; none holding gives ``default``. A key named twice has one code."""
    keys = tuple(dict.fromkeys((*choices, default)))
    code_of = [keys.index(key) for key in (*choices, default)]
    codes = np.select(list(conditions), code_of[:-1], default=code_of[-1])
    return Coded(keys, np.asarray(codes, dtype=np.int64))


def of_strings(values: npt.NDArray[np.str_]) -> Coded:
    """Codes of an array of keys (one comparison pass per distinct key)."""
    from boostdesk.domain.segments import factorize

    keys, codes = factorize(values)
    return Coded(tuple(keys), codes)
