"""Values read from POS exports, trusting nothing: money, times, birth dates, consents, contacts.

Each reader turns the text of one cell into a value or raises :class:`Refused` with a reason a
café owner can act on. Column readers (``amounts``, ``local_times``) read a whole column at once,
parsing each distinct text only once (a long export repeats amounts and dates a great deal).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence

import numpy as np

from boostdesk.domain import import_columns
from boostdesk.domain.segments.metrics import IntArray

MAX_FIELD_CHARS = 200
"""A cell longer than this is refused (a POS field is a name, a number or a date, never a text)."""

_CURRENCY = re.compile(r"^(?:₺|TL|TRY)\s*|\s*(?:₺|TL|TRY)$", re.IGNORECASE)
_PLAIN = re.compile(r"(0|[1-9]\d*)(?:([.,])(\d{1,2}))?")
_GROUPED = re.compile(
    r"([1-9]\d{0,2})((?:([.,\u0020\u00a0])\d{3})(?:\3\d{3})*)(?:([.,])(\d{1,2}))?"
)


REASONS = {
    # values
    "amount_missing": "amount missing",
    "amount_negative": "negative amount {text!r}",
    "amount_parentheses": "amount in parentheses {text!r} (a negative in accounting)",
    "amount_not_money": "not a money amount: {text!r}",
    "amount_above_limit": "amount {text!r} is above the per-bill limit of {limit} (extra zeros?)",
    "date_missing": "date missing",
    "date_no_such_day": "no such day {text!r}",
    "date_not_a_date": "not a date: {text!r}",
    "time_not_a_time": "not a time of day: {text!r}",
    "time_no_such_time": "no such time of day {text!r}",
    "birth_date_implausible": "birth date {text!r} is not plausible",
    "phone_not_a_phone": "not a phone number: {text!r}",
    "phone_digits": "a phone number has 10 to 13 digits, {text!r} has {count}",
    "email_not_an_address": "not an e-mail address: {text!r}",
    "consent_not_yes_no": "not yes or no: {text!r}",
    "gender_unknown": "unknown gender {text!r} (female, male, other)",
    # rows
    "row_too_many_fields": "{count} fields, the heading has {width} (a separator inside a value?)",
    "field_too_long": "{field} is {length} characters long (at most {limit})",
    "field_longer_than": "{field} longer than {limit} characters",
    "first_name_missing": "first_name missing",
    "ref_or_card_required": "customer_ref or card is required",
    "card_or_ref_required": "card or customer_ref is required",
    "date_too_early": (
        "date {text!r} is before {day} (the earliest plausible day; setting import.earliest_day)"
    ),
    "date_in_future": "date {text!r} is in the future",
    "card_invalid": "card {text!r}: {error}",
    "field_invalid_code": "{field}: {error}",
    "voucher_not_card": "{text!r} is a voucher code, not a card",
    "card_unknown": "unknown card {number} (import the customers first)",
    "card_ownerless": "card {number} belongs to no guest",
    "category_unknown": "unknown category {text!r} (known: {known})",
    "duplicate_in_file": "{what} {key} already on line {line} of this file",
}
"""Every reason a row can be refused for, by code: the English text (``str.format`` with the
reason's parameters). A screen says the same in the user's language from the code and the
parameters (``ui/backoffice/import_reasons``)."""


class Reason(str):
    """Why a row is refused: the English text (what the command line prints), carrying its code
    (a key of :data:`REASONS`) and parameters so that a screen can translate it."""

    code: str
    params: dict[str, str]

    def __new__(cls, code: str, **params: object) -> Reason:
        shown = {k: str(v) for k, v in params.items()}
        reason = super().__new__(cls, REASONS[code].format(**shown))
        reason.code = code
        reason.params = shown
        return reason


class Refused(ValueError):
    """A value that is not what the column holds; ``reason`` says why."""

    def __init__(self, code: str, **params: object) -> None:
        self.reason = Reason(code, **params)
        super().__init__(self.reason)


def fold(text: str) -> str:
    """Turkish-aware lower case for matching names (``İ`` -> ``i``, ``I`` -> ``ı``)."""
    return text.replace("İ", "i").replace("I", "ı").lower()


# -- money ---------------------------------------------------------------------------------------


def decimal_mark(texts: Sequence[str], default: str) -> str:
    """The file's decimal mark (``,`` or ``.``), read from the amounts that show it: one or two
    digits after the last mark (``12,5``, ``1.234,50``); ``default`` (the venue's) otherwise."""
    return decided_mark(*mark_votes(texts), default)


def mark_votes(texts: Sequence[str]) -> tuple[int, int]:
    """How many of ``texts`` show ``,`` and how many ``.`` as their decimal mark."""
    votes = {",": 0, ".": 0}
    for text in texts:
        body = _CURRENCY.sub("", text.strip())
        match = re.search(r"[.,]\d{1,2}$", body)
        if match and not re.search(r"[.,]\d{3}$", body):
            votes[match.group(0)[0]] += 1
    return votes[","], votes["."]


def decided_mark(commas: int, dots: int, default: str) -> str:
    """The mark most amounts show; ``default`` on a tie."""
    if commas == dots:
        return default
    return "," if commas > dots else "."


def parse_amount(text: str, decimal: str, limit_minor: int) -> int:
    """A money amount in minor units, read with the file's ``decimal`` mark: digits grouped by
    thousands with the other mark (or a space) and at most two decimals, ``₺``/``TL`` around it.
    Refuses negatives, exponents, parentheses, dates, phone numbers and amounts above
    ``limit_minor`` (the per-bill limit)."""
    raw = text.strip()
    if not raw:
        raise Refused("amount_missing")
    body = _CURRENCY.sub("", raw).strip()
    if body.startswith("-") or body.endswith("-") or body.startswith("−"):
        raise Refused("amount_negative", text=raw)
    if body.startswith("(") and body.endswith(")"):
        raise Refused("amount_parentheses", text=raw)
    minor = _money(body, decimal)
    if minor is None:
        raise Refused("amount_not_money", text=raw)
    if minor > limit_minor:
        limit = f"{limit_minor // 100:,}".replace(",", " ")
        raise Refused("amount_above_limit", text=raw, limit=limit)
    return minor


def _money(body: str, decimal: str) -> int | None:
    # the common shapes first, without a regular expression: 45, 45,5, 45,50
    if body.isascii() and body.isdigit():
        return int(body) * 100 if body[0] != "0" or body == "0" else None
    mark = len(body) - 3 if len(body) > 3 and body[-3] == decimal else len(body) - 2
    whole, fraction = body[:mark], body[mark + 1 :]
    if (
        mark > 0
        and body[mark] == decimal
        and whole.isascii()
        and whole.isdigit()
        and fraction.isdigit()
        and (whole[0] != "0" or whole == "0")
    ):
        return int(whole) * 100 + int(fraction.ljust(2, "0"))
    group = "." if decimal == "," else ","
    plain = _PLAIN.fullmatch(body)
    if plain and (plain.group(2) in (None, decimal)):
        whole, fraction = plain.group(1), plain.group(3) or ""
        return int(whole) * 100 + int(fraction.ljust(2, "0") or "0")
    grouped = _GROUPED.fullmatch(body)
    if grouped is None:
        return None
    grouping, dec = grouped.group(3), grouped.group(4)
    if grouping not in (group, " ", "\u00a0") or (dec is not None and dec != decimal):
        return None
    whole = grouped.group(1) + re.sub(r"\D", "", grouped.group(2))
    return int(whole) * 100 + int((grouped.group(5) or "").ljust(2, "0") or "0")


def amounts(
    texts: Sequence[str], decimal: str, limit_minor: int
) -> tuple[IntArray, dict[int, str]]:
    """A column of amounts: minor units (0 where refused) and the reason per refused index."""
    minor, done = _plain_amounts(texts, decimal, limit_minor)
    cache: dict[str, int | str] = {}
    problems: dict[int, str] = {}
    for i in np.flatnonzero(~done).tolist():
        text = texts[i]
        found = cache.get(text)
        if found is None:
            try:
                found = cache[text] = parse_amount(text, decimal, limit_minor)
            except Refused as exc:
                found = cache[text] = exc.reason
        if isinstance(found, str):
            problems[i] = found
        else:
            minor[i] = found
    return minor, problems


def _plain_amounts(
    texts: Sequence[str], decimal: str, limit_minor: int
) -> tuple[IntArray, np.ndarray]:
    """The common shape read for a whole column at once (:func:`import_columns.plain_amounts`):
    minor units, and which rows were read; every other row is left to :func:`parse_amount`."""
    n = len(texts)
    length = np.fromiter(map(len, texts), dtype=np.int64, count=n)
    fits = (length >= 1) & (length <= 15)
    if not fits.any():
        return np.zeros(n, dtype=np.int64), fits
    codes = import_columns.text_codes(texts, fits)
    return import_columns.plain_amounts(codes, np.where(fits, length, 0), decimal, limit_minor)


# -- dates and times -----------------------------------------------------------------------------

_EPOCH = dt.date(1970, 1, 1).toordinal()
_ISO_DAY = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
_DMY_DAY = re.compile(r"(\d{1,2})([./])(\d{1,2})\2(\d{4})")
_COMPACT_DAY = re.compile(r"(\d{4})(\d\d)(\d\d)")
_CLOCK = re.compile(r"(\d{1,2}):(\d\d)(?::(\d\d)(?:\.\d{1,6})?)?")
NOON = 12 * 3600


def day_number(text: str) -> int:
    """A calendar date (``2026-11-20``, ``20.11.2026``, ``20/11/2026``, ``20261120``) as days
    since 1970-01-01; day first, as in Turkey. Raises Refused."""
    value = text.strip()
    for pattern, order in ((_ISO_DAY, (1, 2, 3)), (_DMY_DAY, (4, 3, 1)), (_COMPACT_DAY, (1, 2, 3))):
        match = pattern.fullmatch(value)
        if match:
            y, m, d = (int(match.group(i)) for i in order)
            try:
                return dt.date(y, m, d).toordinal() - _EPOCH
            except ValueError:
                raise Refused("date_no_such_day", text=value) from None
    raise Refused("date_not_a_date", text=value)


def clock_seconds(text: str) -> int:
    """``HH:MM`` or ``HH:MM:SS`` as seconds since midnight; raises Refused."""
    if len(text) in (5, 8) and text.isascii() and text[2] == ":" and text[3:5].isdigit():
        hh, mm = text[:2], text[3:5]
        ss = text[6:] if len(text) == 8 and text[5] == ":" else "00" if len(text) == 5 else "x"
        if hh.isdigit() and ss.isdigit() and int(hh) < 24 and int(mm) < 60 and int(ss) < 60:
            return int(hh) * 3600 + int(mm) * 60 + int(ss)
    match = _CLOCK.fullmatch(text.strip())
    if match is None:
        raise Refused("time_not_a_time", text=text.strip())
    h, m, s = int(match.group(1)), int(match.group(2)), int(match.group(3) or 0)
    if h > 23 or m > 59 or s > 59:
        raise Refused("time_no_such_time", text=text.strip())
    return h * 3600 + m * 60 + s


def local_times(texts: Sequence[str]) -> tuple[IntArray, dict[int, str]]:
    """A column of local dates or date-times as wall-clock seconds since 1970-01-01 local (a date
    alone means noon), and the reason per refused index. ``T`` or a space separates date and
    time."""
    out, done = _shaped_times(texts)
    days: dict[str, int | str] = {}
    clocks: dict[str, int | str] = {"": NOON}
    problems: dict[int, str] = {}
    for i in np.flatnonzero(~done).tolist():
        text = texts[i]
        day_text, _, clock_text = text.strip().replace("T", " ", 1).partition(" ")
        day = days.get(day_text)
        if day is None:
            try:
                day = days[day_text] = day_number(day_text) if day_text else Reason("date_missing")
            except Refused as exc:
                day = days[day_text] = exc.reason
        clock = clocks.get(clock_text)
        if clock is None:
            try:
                clock = clocks[clock_text] = clock_seconds(clock_text)
            except Refused as exc:
                clock = clocks[clock_text] = exc.reason
        if isinstance(day, str):
            problems[i] = day
        elif isinstance(clock, str):
            problems[i] = clock
        else:
            out[i] = day * 86_400 + clock
    return out, problems


def _shaped_times(texts: Sequence[str]) -> tuple[IntArray, np.ndarray]:
    """The common shapes (``YYYY-MM-DD``, ``DD.MM.YYYY``, ``DD/MM/YYYY``, maybe ``HH:MM[:SS]``
    after) read for a whole column at once (:func:`import_columns.times`): local seconds, and
    which rows were read; every other row is left to the general reader."""
    n = len(texts)
    if n == 0:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=bool)
    length = np.fromiter(map(len, texts), dtype=np.int64, count=n)
    fits = np.isin(length, import_columns.TIME_LENGTHS)
    if not fits.any():
        return np.zeros(n, dtype=np.int64), fits
    codes = import_columns.text_codes(texts, fits)
    return import_columns.times(codes, np.where(fits, length, 0))


def birth_date(text: str, today: dt.date) -> str | None:
    """A birth date as ISO text (None when empty); not in the future, not before 1900."""
    if not text.strip():
        return None
    day = dt.date.fromordinal(day_number(text) + _EPOCH)
    if not dt.date(1900, 1, 1) <= day <= today:
        raise Refused("birth_date_implausible", text=text.strip())
    return day.isoformat()


# -- contacts and consents -----------------------------------------------------------------------

_EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")
_YES = {"1", "yes", "y", "true", "evet", "e", "x", "✓", "var"}
_NO = {"0", "no", "n", "false", "hayır", "hayir", "h", "yok"}


def phone(text: str) -> str | None:
    """A phone number as its digits (a leading ``+`` kept), 10 to 13 digits; None when empty."""
    value = text.strip()
    if not value:
        return None
    if re.fullmatch(r"\+?[\d\s().-]+", value) is None:
        raise Refused("phone_not_a_phone", text=value)
    digits = "".join(ch for ch in value if ch.isdigit())
    if not 10 <= len(digits) <= 13:
        raise Refused("phone_digits", text=value, count=len(digits))
    return ("+" if value.startswith("+") else "") + digits


def email(text: str) -> str | None:
    value = text.strip()
    if not value:
        return None
    if _EMAIL.fullmatch(value) is None:
        raise Refused("email_not_an_address", text=value)
    return value


def consent(text: str) -> bool | None:
    """Yes/no as written in exports (``1``/``0``, ``evet``/``hayır``, ``true``/``false``); None
    for an empty cell (nothing was said, nothing is recorded)."""
    value = fold(text.strip())
    if not value:
        return None
    if value in _YES:
        return True
    if value in _NO:
        return False
    raise Refused("consent_not_yes_no", text=text.strip())


def gender(text: str) -> str | None:
    value = fold(text.strip())
    if not value:
        return None
    for key, words in (
        ("female", {"female", "f", "kadın", "kadin", "k"}),
        ("male", {"male", "m", "erkek"}),
        ("other", {"other", "diğer", "diger"}),
    ):
        if value in words:
            return key
    raise Refused("gender_unknown", text=text.strip())
