"""Small widget helpers shared by the pages and dialogs."""

from __future__ import annotations

from typing import TypeVar

from PySide6.QtWidgets import QWidget

W = TypeVar("W", bound=QWidget)


def named(widget: W, object_name: str) -> W:
    """``widget`` with ``object_name`` set (the style sheet selects on it); returns it."""
    widget.setObjectName(object_name)
    return widget
