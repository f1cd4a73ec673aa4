"""Typed amounts become exact minor units in either locale."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from boostdesk.domain import money


@pytest.mark.parametrize(
    ("text", "minor"),
    [("125", 12_500), ("125,5", 12_550), ("1.234,50", 123_450), ("₺ 80,00", 8_000), (",75", 75)],
)
def test_turkish_amounts(text: str, minor: int) -> None:
    assert money.parse_minor(text) == minor


def test_english_amounts() -> None:
    assert money.parse_minor("1,234.50", ".", ",") == 123_450


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("", "empty"),
        ("12,345", "decimals"),
        ("1,2,3", "format"),
        ("12a", "format"),
        ("-5", "format"),
        ("1.23,4", "format"),
        ("1e3", "format"),
    ],
)
def test_what_is_not_an_amount_is_refused(text: str, reason: str) -> None:
    with pytest.raises(money.AmountError) as error:
        money.parse_minor(text)
    assert error.value.reason == reason


@given(st.integers(0, 10**9))
def test_formatted_amounts_read_back_exactly(minor: int) -> None:
    whole, cents = divmod(minor, 100)
    text = f"{whole:,}".replace(",", ".") + f",{cents:02d}"
    assert money.parse_minor(text) == minor
