"""Card numbers and voucher codes.

Both are 13-digit EAN-13 numbers in the GS1 "restricted circulation" range (prefixes 20-29 are
reserved for in-store use, so no retail product barcode can collide with them):

* loyalty cards start with ``27``;
* vouchers start with ``28``.

Only digits are used so that keyboard-wedge scanners on any layout (Turkish-Q included) cannot
garble them, and the last digit is the standard EAN-13 check digit, so a misread or mistyped code
is caught before it reaches the database. Any EAN-13 printer and scanner handles them as they are.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass

CODE_LENGTH = 13
CARD_PREFIX = "27"
VOUCHER_PREFIX = "28"
_BODY_LENGTH = CODE_LENGTH - 1 - len(CARD_PREFIX)  # digits between prefix and check digit


class CodeKind(enum.Enum):
    CARD = "card"
    VOUCHER = "voucher"


class CodeError(ValueError):
    """A code that is not a valid BoostDesk card number or voucher code.

    ``reason`` is a stable machine-readable word (``empty``, ``not_digits``, ``length``,
    ``check_digit``, ``prefix``) that the scan log stores and the UI translates.
    """

    def __init__(self, reason: str, message: str) -> None:
        super().__init__(message)
        self.reason = reason


@dataclass(frozen=True, slots=True)
class Code:
    kind: CodeKind
    value: str


def check_digit(digits12: str) -> str:
    """EAN-13 check digit of 12 digits: weights 1,3,1,3... from the left, mod 10 complement."""
    if len(digits12) != CODE_LENGTH - 1 or not digits12.isascii() or not digits12.isdigit():
        raise CodeError("length", "a check digit needs exactly 12 digits")
    total = sum(int(d) * (3 if i % 2 else 1) for i, d in enumerate(digits12))
    return str((10 - total % 10) % 10)


def is_valid(code: str) -> bool:
    """True when ``code`` is 13 ASCII digits with a correct EAN-13 check digit."""
    return (
        len(code) == CODE_LENGTH
        and code.isascii()
        and code.isdigit()
        and check_digit(code[:-1]) == code[-1]
    )


def _make(prefix: str, serial: int) -> str:
    if serial < 0 or serial >= 10**_BODY_LENGTH:
        raise ValueError(f"serial out of range: {serial}")
    body = f"{prefix}{serial:0{_BODY_LENGTH}d}"
    return body + check_digit(body)


def card_number(serial: int) -> str:
    """The card number with the given serial (0 .. 10**10 - 1)."""
    return _make(CARD_PREFIX, serial)


def voucher_code(serial: int) -> str:
    """The voucher code with the given serial (0 .. 10**10 - 1)."""
    return _make(VOUCHER_PREFIX, serial)


def parse(text: str) -> Code:
    """Classify a scanned or typed code; raise :class:`CodeError` saying why it is unusable.

    Surrounding white space and spaces or dashes typed for readability are ignored.
    """
    cleaned = text.strip().replace(" ", "").replace("-", "")
    if not cleaned:
        raise CodeError("empty", "empty code")
    if not (cleaned.isascii() and cleaned.isdigit()):
        raise CodeError("not_digits", "a code has digits only")
    if len(cleaned) != CODE_LENGTH:
        raise CodeError("length", f"a code has {CODE_LENGTH} digits, got {len(cleaned)}")
    if check_digit(cleaned[:-1]) != cleaned[-1]:
        raise CodeError("check_digit", "check digit does not match (misread or mistyped)")
    if cleaned.startswith(CARD_PREFIX):
        return Code(CodeKind.CARD, cleaned)
    if cleaned.startswith(VOUCHER_PREFIX):
        return Code(CodeKind.VOUCHER, cleaned)
    raise CodeError("prefix", "not a BoostDesk card or voucher")
