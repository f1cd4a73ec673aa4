"""Turkish-aware folding: what the owner types finds the guest however either was written."""

from __future__ import annotations

import sqlite3

import pytest

from boostdesk.domain import search


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("IŞIK", "ışık"),
        ("ışık", "IŞIK"),
        ("İpek", "ipek"),
        ("ipek", "İPEK"),
        ("isik", "Işık"),
        ("ÇAĞLA", "çağla"),
        ("Kâmil", "KAMİL"),
    ],
)
def test_a_query_folds_to_the_stored_name_both_ways(typed: str, stored: str) -> None:
    assert search.fold(typed) == search.fold(stored)


def test_python_lower_would_miss_what_folding_finds() -> None:
    assert "İpek".lower() != "ipek"  # "i̇pek": a combining dot
    assert search.fold("İpek") == "ipek"


@pytest.mark.parametrize(
    "text", ["İpek IŞIK", "Çağla Öztürk-Şahin", "KÂMİL Ünal", "O'Neil Ray", "Ğ ğ Ü ü Ö ö"]
)
def test_the_sql_fold_kept_in_the_database_equals_the_python_fold(text: str) -> None:
    conn = sqlite3.connect(":memory:")
    (folded,) = conn.execute(f"SELECT {search.sql_fold('?')}", (text,)).fetchone()
    assert folded == search.fold(text)


def test_terms_are_the_folded_words_and_like_patterns_escape_wildcards() -> None:
    assert search.terms("  Ayşe   YILMAZ ") == ("ayse", "yilmaz")
    assert search.like_pattern("50%_x") == "%50\\%\\_x%"
