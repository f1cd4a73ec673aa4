"""Amounts typed at the counter, read exactly into integer minor units (never via float)."""

from __future__ import annotations

import re

_DIGITS = re.compile(r"^\d+$")


class AmountError(ValueError):
    """Text that is not an amount; ``reason`` is ``empty``, ``format`` or ``decimals``."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def parse_minor(text: str, decimal_point: str = ",", group_separator: str = ".") -> int:
    """``"1.234,50"`` (Turkish) or ``"1,234.50"`` (English) → 123450 kuruş/cents.

    Group separators are ignored only where they group thousands; at most two decimals; no
    sign, no exponent, no currency symbol other than surrounding ``₺``/``TL`` and spaces."""
    cleaned = text.strip().replace("\u00a0", "").replace(" ", "")
    for symbol in ("₺", "TL", "TRY", "$", "€"):
        cleaned = cleaned.removeprefix(symbol).removesuffix(symbol)
    if not cleaned:
        raise AmountError("empty")
    whole, sep, fraction = cleaned.partition(decimal_point)
    if sep and decimal_point in fraction:
        raise AmountError("format")
    if group_separator and group_separator in whole:
        groups = whole.split(group_separator)
        if not groups[0] or len(groups[0]) > 3 or any(len(g) != 3 for g in groups[1:]):
            raise AmountError("format")
        whole = "".join(groups)
    whole = whole or "0"
    if not _DIGITS.match(whole) or (fraction and not _DIGITS.match(fraction)):
        raise AmountError("format")
    if len(fraction) > 2:
        raise AmountError("decimals")
    return int(whole) * 100 + int((fraction or "0").ljust(2, "0"))
