"""Finding guests by what the owner types: Turkish-aware folding of names, phone digits.

The rule: a name and a query are compared after *folding*. Folding lower-cases with Turkish
casing (``I`` → ``ı``, ``İ`` → ``i``), then drops the dots and hooks that keyboards without
Turkish letters cannot type (``ı``/``i`` → ``i``, ``ş`` → ``s``, ``ğ`` → ``g``, ``ç`` → ``c``,
``ö`` → ``o``, ``ü`` → ``u``, and the circumflexes ``â``, ``î``, ``û``). So "IŞIK" finds
"ışık" and "Işık", "İpek" finds "ipek" and "ipek" finds "İPEK" — and "isik", typed on an
English keyboard, finds them all. ``str.lower()`` alone would turn "İpek" into "i̇pek" (with
a combining dot) and "IŞIK" into "işik", and miss.

The database keeps the folded name in a generated column computed by :func:`sql_fold` (plain
``replace``/``lower``, so any SQLite reads it); :func:`fold` must give the same text, which a
test checks. Changing :data:`FOLDS` therefore needs a migration that redefines that column.
"""

from __future__ import annotations

import re
from typing import Final

FOLDS: Final[tuple[tuple[str, str], ...]] = (
    ("İ", "i"),
    ("I", "i"),
    ("ı", "i"),
    ("Ş", "s"),
    ("ş", "s"),
    ("Ğ", "g"),
    ("ğ", "g"),
    ("Ç", "c"),
    ("ç", "c"),
    ("Ö", "o"),
    ("ö", "o"),
    ("Ü", "u"),
    ("ü", "u"),
    ("Â", "a"),
    ("â", "a"),
    ("Î", "i"),
    ("î", "i"),
    ("Û", "u"),
    ("û", "u"),
)
"""Character → folded letter; then ASCII ``A-Z`` are lower-cased (what SQLite's ``lower`` does)."""

PHONE_MARKS: Final = (" ", "-", "(", ")", "+", ".", "/")
"""Left out of a stored phone so that its digits read as one run."""

_TABLE: Final = str.maketrans(
    {**dict(FOLDS), **{chr(c): chr(c + 32) for c in range(ord("A"), ord("Z") + 1) if c != 73}}
)
_DIGITS: Final = re.compile(r"\d+")
_MARKS: Final = str.maketrans(dict.fromkeys(PHONE_MARKS))


def fold(text: str) -> str:
    """``text`` folded as described in the module docstring (``"İpek IŞIK"`` → ``"ipek isik"``)."""
    return text.translate(_TABLE)


def terms(query: str) -> tuple[str, ...]:
    """The folded words of a query; a guest matches when every word occurs in their name, phone
    or card number. Spaces inside a run of digits are kept apart as separate words."""
    return tuple(word for word in fold(query).split() if word)


def is_number(term: str) -> bool:
    """A word of digits only: also looked for in card numbers."""
    return term.isdigit()


def sql_fold(expression: str) -> str:
    """SQL giving :func:`fold` of the text ``expression`` (nested ``replace``, then ``lower``)."""
    for source, target in FOLDS:
        expression = f"replace({expression}, '{source}', '{target}')"
    return f"lower({expression})"


def search_key(first_name: str, last_name: str | None, phone: str | None) -> str:
    """What a guest's ``search_key`` column holds (the storage's ``SEARCH_KEY``: the folded
    name, then the phone without :data:`PHONE_MARKS`), worked out in Python for a bulk load."""
    digits = (phone or "").translate(_MARKS)
    return f"{fold(first_name + ' ' + (last_name or ''))} {digits}"


def sql_digits(expression: str) -> str:
    """SQL giving the text ``expression`` without :data:`PHONE_MARKS`."""
    for mark in PHONE_MARKS:
        expression = f"replace({expression}, '{mark}', '')"
    return expression


def like_pattern(term: str) -> str:
    """A ``LIKE ... ESCAPE '\\'`` pattern matching ``term`` anywhere."""
    escaped = term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def digits_of(text: str) -> str:
    return "".join(_DIGITS.findall(text))
