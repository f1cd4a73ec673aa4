"""Reading POS export values without trusting them (issue 13): money, dates and times."""

from __future__ import annotations

import datetime as dt
import zoneinfo

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from boostdesk.domain import import_values as values
from boostdesk.domain import localtime

LIMIT = 10_000_000


@pytest.mark.parametrize(
    ("text", "decimal", "minor"),
    [
        ("45", ",", 4500),
        ("45,5", ",", 4550),
        ("45,50", ",", 4550),
        ("0,50", ",", 50),
        ("1.234,50", ",", 123450),
        ("1,234.50", ".", 123450),
        ("1.234", ",", 123400),
        ("1 234,50", ",", 123450),
        ("₺12,5", ",", 1250),
        ("45,50 ₺", ",", 4550),
        ("7 TL", ",", 700),
        ("45.5", ".", 4550),
    ],
)
def test_money_in_the_formats_tills_and_spreadsheets_write(
    text: str, decimal: str, minor: int
) -> None:
    assert values.parse_amount(text, decimal, LIMIT) == minor


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("0532 123 45 67", "not a money amount"),  # a phone number
        ("1e5", "not a money amount"),
        ("(5.00)", "parentheses"),
        ("12/05", "not a money amount"),  # a date
        ("-5", "negative"),
        ("45,505", "not a money amount"),  # three decimals
        ("045", "not a money amount"),
        ("90000000000000000", "above the per-bill limit of 100 000"),
        ("100.000,01", "above the per-bill limit"),
        ("", "amount missing"),
    ],
)
def test_what_is_not_money_is_refused_with_a_reason(text: str, reason: str) -> None:
    with pytest.raises(values.Refused, match=reason.replace("(", r"\(")):
        values.parse_amount(text, ",", LIMIT)


def test_the_files_decimal_mark_is_read_from_the_amounts_that_show_it() -> None:
    assert values.decimal_mark(["12", "1.234", "45,50"], ".") == ","
    assert values.decimal_mark(["12", "1,234", "45.5"], ",") == "."
    assert values.decimal_mark(["12", "1.234"], ",") == ","  # nothing shows it: the venue's


@pytest.mark.parametrize("zone", ["Europe/Istanbul", "Europe/Berlin"])
def test_local_times_in_every_written_form_are_the_zones_wall_clock(zone: str) -> None:
    texts = [
        "2026-07-01 11:30:00",
        "2026-01-15 00:30",
        "2026-03-29T03:30:00",
        "2026-10-25",
        "25.10.2026 18:45",
        "01/02/2026",
    ]
    local, bad = values.local_times(texts)
    assert bad == {}
    expected = [
        dt.datetime(2026, 7, 1, 11, 30),
        dt.datetime(2026, 1, 15, 0, 30),
        dt.datetime(2026, 3, 29, 3, 30),
        dt.datetime(2026, 10, 25, 12, 0),  # a date alone: noon
        dt.datetime(2026, 10, 25, 18, 45),
        dt.datetime(2026, 2, 1, 12, 0),  # day first, as in Turkey
    ]
    at = localtime.from_local(local, zone)
    tz = zoneinfo.ZoneInfo(zone)
    assert at.tolist() == [int(e.replace(tzinfo=tz).timestamp()) for e in expected]
    _, bad = values.local_times(["2026-02-30 10:00", "2026-02-01 24:00", "soon", ""])
    assert bad == {
        0: "no such day '2026-02-30'",
        1: "no such time of day '24:00'",
        2: "not a date: 'soon'",
        3: "date missing",
    }
    assert isinstance(local, np.ndarray)


def _one_by_one_times(texts: list[str]) -> tuple[list[int], dict[int, str]]:
    """The general reader, cell by cell: what the column reader must agree with."""
    out, bad = [], {}
    for i, text in enumerate(texts):
        day_text, _, clock_text = text.strip().replace("T", " ", 1).partition(" ")
        try:
            if not day_text:
                raise values.Refused("date_missing")
            day = values.day_number(day_text)
            clock = values.clock_seconds(clock_text) if clock_text else values.NOON
            out.append(day * 86_400 + clock)
        except values.Refused as exc:
            out.append(0)
            bad[i] = str(exc)
    return out, bad


_DIGITS = st.text(alphabet="0123456789", min_size=1, max_size=4)


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.one_of(
            st.builds(
                "{}-{}-{}{}{}:{}{}".format,
                st.integers(0, 9999).map("{:04d}".format),
                st.integers(0, 13).map("{:02d}".format),
                st.integers(0, 32).map("{:02d}".format),
                st.sampled_from([" ", "T", "x", "  "]),
                st.integers(0, 25).map("{:02d}".format),
                st.integers(0, 61).map("{:02d}".format),
                st.sampled_from(["", ":00", ":59", ":60", ":5", ".5", " "]),
            ),
            st.builds(  # day first, maybe without a time
                "{}{}{}{}{}{}{}".format,
                st.integers(0, 32).map("{:02d}".format),
                st.sampled_from([".", "/", "-"]),
                st.integers(0, 13).map("{:02d}".format),
                st.sampled_from([".", "/", "-"]),
                st.integers(0, 9999).map("{:04d}".format),
                st.sampled_from(["", " ", "T", "x"]),
                st.sampled_from(["", "23:59", "00:00:00", "24:00", "9:30", "12:60:00"]),
            ),
            st.builds(  # a date alone
                "{}-{}-{}".format,
                st.integers(0, 9999).map("{:04d}".format),
                st.integers(0, 13).map("{:02d}".format),
                st.integers(0, 32).map("{:02d}".format),
            ),
            st.text(alphabet="0123456789-:T ./", max_size=20),
        ),
        max_size=40,
    )
)
def test_the_time_column_reader_agrees_with_the_cell_reader(texts: list[str]) -> None:
    local, bad = values.local_times(texts)
    expected, expected_bad = _one_by_one_times(texts)
    assert bad == expected_bad
    assert [v for i, v in enumerate(local.tolist()) if i not in bad] == [
        v for i, v in enumerate(expected) if i not in bad
    ]


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.one_of(
            st.builds("{}{}{}".format, _DIGITS, st.sampled_from(["", ",", "."]), _DIGITS),
            st.text(alphabet="0123456789.,- ₺()e", max_size=12),
        ),
        max_size=40,
    ),
    st.sampled_from([",", "."]),
)
def test_the_amount_column_reader_agrees_with_the_cell_reader(
    texts: list[str], decimal: str
) -> None:
    minor, bad = values.amounts(texts, decimal, 500_000)
    for i, text in enumerate(texts):
        try:
            expected = values.parse_amount(text, decimal, 500_000)
        except values.Refused as exc:
            assert bad[i] == str(exc)
        else:
            assert i not in bad and minor[i] == expected
