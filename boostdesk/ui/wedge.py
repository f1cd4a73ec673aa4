"""Keyboard-wedge scanners: a reader that types the code as fast keystrokes followed by Enter.

A burst of at least ``min_length`` printable keys, each within ``max_gap_ms`` of the previous one
and ending in Enter, is a scan wherever the focus is on the watched page. The burst is taken back
out of the line edit it was typed into, and the Enter is swallowed, so a scan never lands in the
amount field. Slow typing (a person) is left alone.
"""

from __future__ import annotations

import time

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QLineEdit, QWidget


class WedgeDetector(QObject):
    scanned = Signal(str)

    def __init__(self, page: QWidget, *, min_length: int = 8, max_gap_ms: float = 35.0) -> None:
        super().__init__(page)
        self._page = page
        self.min_length = min_length
        self.max_gap_s = max_gap_ms / 1000
        self._burst: list[str] = []
        self._last = 0.0

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt override)
        if event.type() != QEvent.Type.KeyPress or not self._page.isVisible():
            return False
        if not isinstance(event, QKeyEvent) or event.isAutoRepeat():
            return False
        focus = QApplication.focusWidget()
        if focus is None or not (focus is self._page or self._page.isAncestorOf(focus)):
            return False
        now = time.monotonic()
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            burst, quick = "".join(self._burst), now - self._last <= self.max_gap_s * 3
            self._burst = []
            if len(burst) >= self.min_length and quick:
                self._take_back(focus, burst)
                self.scanned.emit(burst)
                return True
            return False
        text = event.text()
        if len(text) == 1 and text.isprintable():
            if not self._burst or now - self._last > self.max_gap_s:
                self._burst = []
            self._burst.append(text)
            self._last = now
        else:
            self._burst = []
        return False

    @staticmethod
    def _take_back(focus: QWidget, burst: str) -> None:
        if isinstance(focus, QLineEdit) and focus.text().endswith(burst):
            focus.setText(focus.text()[: -len(burst)])
