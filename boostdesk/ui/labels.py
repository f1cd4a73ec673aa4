"""Labels that show data (names, codes, amounts, messages): always plain text.

A QLabel guesses rich text by default, so a guest named ``<h1 style='color:red'>KASA
KAPALI</h1>`` (typed at enrolment or imported) would render as a big red heading. Every label
whose text can carry data is made with :func:`data` (or passed through :func:`plain`).
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QWidget


def plain(label: QLabel) -> QLabel:
    """Make ``label`` show its text literally, whatever it contains; returns it."""
    label.setTextFormat(Qt.TextFormat.PlainText)
    return label


def data(object_name: str = "", text: str = "", parent: QWidget | None = None) -> QLabel:
    """A new plain-text label with ``object_name`` for the style sheet."""
    label = QLabel(parent)
    label.setTextFormat(Qt.TextFormat.PlainText)
    if object_name:
        label.setObjectName(object_name)
    label.setText(text)
    return label
