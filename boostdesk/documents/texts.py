"""Words, money and dates on paper, in Turkish or English.

Documents are made without Qt (they are built by the command line and by worker threads), so
their few words live here rather than in the Qt translation files. Formatting follows the
counter's screens: ``₺1.234,50`` and ``31.12.2026`` in Turkish, ``₺1,234.50`` and ``31/12/2026``
in English.
"""

from __future__ import annotations

import datetime as dt

LANGUAGES = ("tr", "en")

_TEXT: dict[str, dict[str, str]] = {
    "voucher": {"tr": "HEDİYE ÇEKİ", "en": "VOUCHER"},
    "dear": {"tr": "Sevgili {name},", "en": "Dear {name},"},
    "for_you": {"tr": "bu hediye çeki sizin için.", "en": "this voucher is for you."},
    "for_anyone": {"tr": "Bu hediye çeki geçerlidir:", "en": "This voucher is worth:"},
    "valid_until": {"tr": "Son kullanma: {date}", "en": "Valid until: {date}"},
    "no_expiry": {"tr": "Süresiz geçerlidir", "en": "No expiry date"},
    "percent_off": {"tr": "%{value} indirim", "en": "{value}% off"},
    "free_item": {"tr": "{item} ikramımız", "en": "{item} on the house"},
    "free_item_generic": {"tr": "Bir ikram", "en": "A treat on the house"},
    "code": {"tr": "Çek kodu", "en": "Voucher code"},
    "terms": {
        "tr": "Tek kullanımlıktır; nakde çevrilemez, başka kampanyalarla birleştirilemez. "
        "Kasada bu kodu okutun.",
        "en": "Single use; not exchangeable for cash or combinable with other offers. "
        "Have this code scanned at the till.",
    },
}


def text(key: str, language: str, **values: object) -> str:
    """The ``key`` phrase in ``language`` (``tr`` or ``en``), with ``values`` filled in."""
    phrase = _TEXT[key]["tr" if language == "tr" else "en"]
    return phrase.format(**values) if values else phrase


def _grouped(number: int, separator: str) -> str:
    return f"{number:,}".replace(",", separator)


def money(minor: int, language: str, symbol: str = "₺") -> str:
    """Integer minor units as ``₺1.234,50`` (Turkish) or ``₺1,234.50`` (English)."""
    sign = "-" if minor < 0 else ""
    whole, cents = divmod(abs(minor), 100)
    if language == "tr":
        return f"{sign}{symbol}{_grouped(whole, '.')},{cents:02d}"
    return f"{sign}{symbol}{_grouped(whole, ',')}.{cents:02d}"


def number(value: int, language: str) -> str:
    """A whole number grouped by thousands: ``100.000`` (Turkish), ``100,000`` (English)."""
    return _grouped(value, "." if language == "tr" else ",")


def percent(value: float, language: str, decimals: int = 1) -> str:
    """``%12,5`` (Turkish puts the sign first and a decimal comma) or ``12.5%``."""
    digits = f"{value:.{decimals}f}"
    return f"%{digits.replace('.', ',')}" if language == "tr" else f"{digits}%"


def date(day: dt.date, language: str) -> str:
    """``31.12.2026`` (Turkish) or ``31/12/2026`` (English)."""
    return day.strftime("%d.%m.%Y" if language == "tr" else "%d/%m/%Y")


def grouped_code(code: str) -> str:
    """A 13-digit code as ``28 00000 00012 7`` — the counter's parser ignores the spaces."""
    if len(code) != 13:
        return code
    return f"{code[:2]} {code[2:7]} {code[7:12]} {code[12]}"
