"""The search key a bulk load works out in Python is the one SQLite stores for a guest."""

from __future__ import annotations

import sqlite3

import hypothesis.strategies as st
from hypothesis import given

from boostdesk.domain import search
from boostdesk.storage import migrations

NAMES = st.text(alphabet="aIıİiŞşĞğÇçÖöÜüÂâÎîÛûÉéZ -'.0123456789", max_size=20)
PHONES = st.one_of(st.none(), st.text(alphabet="0123456789 -()+./x", max_size=16))


@given(first=NAMES, last=st.one_of(st.none(), NAMES), phone=PHONES)
def test_the_python_search_key_equals_the_stored_one(
    first: str, last: str | None, phone: str | None
) -> None:
    conn = sqlite3.connect(":memory:")
    (stored,) = conn.execute(
        f"SELECT {migrations.SEARCH_KEY} FROM (SELECT ? AS first_name, ? AS last_name, ? AS phone)",
        (first, last, phone),
    ).fetchone()
    assert search.search_key(first, last, phone) == stored


def test_an_imported_reference_is_found_by_its_folded_text() -> None:
    assert search.search_key("POS-İŞ 12", None, None) == "pos-is 12  "
