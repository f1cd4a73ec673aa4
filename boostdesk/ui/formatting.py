"""Money and dates for display, formatted by the current QLocale (₺1.234,50 and 23.11.2026)."""

from __future__ import annotations

import datetime as dt
import zoneinfo

from PySide6.QtCore import QDate, QDateTime, QLocale, QTimeZone

CURRENCY_SYMBOLS = {"TRY": "₺", "EUR": "€", "USD": "$", "GBP": "£"}


def money(minor: int, currency: str = "TRY") -> str:
    symbol = CURRENCY_SYMBOLS.get(currency, currency)
    return QLocale().toCurrencyString(minor / 100, symbol)


def number(value: int) -> str:
    return QLocale().toString(value)


def local_datetime(unix_seconds: int, timezone: str) -> str:
    moment = QDateTime.fromSecsSinceEpoch(unix_seconds, QTimeZone(timezone.encode()))
    return QLocale().toString(moment, QLocale.FormatType.ShortFormat)


def local_time(unix_seconds: int, timezone: str) -> str:
    """The clock time in the venue's zone, e.g. ``14:32``."""
    moment = QDateTime.fromSecsSinceEpoch(unix_seconds, QTimeZone(timezone.encode()))
    return QLocale().toString(moment.time(), QLocale.FormatType.ShortFormat)


def local_date(day: dt.date) -> str:
    return QLocale().toString(QDate(day.year, day.month, day.day), QLocale.FormatType.ShortFormat)


def days_ago(unix_seconds: int, timezone: str, now: dt.datetime | None = None) -> int:
    zone = zoneinfo.ZoneInfo(timezone)
    today = (now or dt.datetime.now(zone)).astimezone(zone).date()
    return (today - dt.datetime.fromtimestamp(unix_seconds, zone).date()).days


def local_date_of(unix_seconds: int, timezone: str) -> str:
    """The venue's calendar day of an instant, e.g. ``23.11.2026``."""
    moment = QDateTime.fromSecsSinceEpoch(unix_seconds, QTimeZone(timezone.encode()))
    return QLocale().toString(moment.date(), QLocale.FormatType.ShortFormat)
