"""Display names of the basket categories in the interface language.

A new venue stores its default categories with Turkish names (``Kahve`` …, see
``domain/defaults.py``). While a default category keeps that stored name it is shown translated
(Kahve / Coffee); a category the owner added or renamed is shown exactly as stored.
"""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtCore import QCoreApplication

from boostdesk.domain import defaults


def _translated(code: str) -> str | None:
    names = {
        "coffee": QCoreApplication.translate("categories", "Coffee"),
        "tea": QCoreApplication.translate("categories", "Tea"),
        "dessert": QCoreApplication.translate("categories", "Dessert"),
        "food": QCoreApplication.translate("categories", "Food"),
        "other": QCoreApplication.translate("categories", "Other"),
    }
    return names.get(code)


def display_name(code: str, stored_name: str) -> str:
    """What a person sees for category ``code`` stored as ``stored_name``."""
    default = dict(defaults.DEFAULT_CATEGORIES).get(code)
    if default is not None and stored_name.strip() == default:
        return _translated(code) or stored_name
    return stored_name.strip() or code


def display_names(rows: Iterable[tuple[str, str]]) -> list[tuple[str, str]]:
    """``(code, display name)`` for ``(code, stored name)`` rows, order kept."""
    return [(code, display_name(code, name)) for code, name in rows]
