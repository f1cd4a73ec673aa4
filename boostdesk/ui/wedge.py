"""Keyboard-wedge scanners: a reader that types the code as fast keystrokes followed by Enter.

A scanner types 2–30 ms per key; a person, even a fast one, 40 ms or more. A burst of at least
``min_length`` printable keys whose mean gap is at most ``SCAN_MEAN_GAP_MS`` and that ends in
Enter (or in the configured suffix) is a scan, wherever the focus is in the counter's window.
The field the burst landed in gets back what it held before the burst, and the Enter is
swallowed, so a scan never lands in the amount field nor saves a visit. Anything slower is left
to the widgets as typed.

Two rules make this work with real key events (not only with keys sent straight to a widget):

* A real key press reaches the window first and is then forwarded to the focused widget (and to
  its parents while ignored); an application-wide filter sees it once per receiver. The filter
  looks only at the press delivered to the counter's top-level window, which every real key
  passes exactly once, whatever has the focus (or when nothing has).
* Gaps are measured with :meth:`QKeyEvent.timestamp` (when the window system saw the key), not
  with the clock when Qt gets round to the event: a busy GUI thread delivers queued keys together.

The burst rules live in :class:`BurstReader`, which knows nothing of Qt.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from PySide6.QtCore import QEvent, QObject, QSettings, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QLineEdit, QWidget

SCAN_MEAN_GAP_MS = 35
"""A burst whose keys came at most this far apart on average is a scanner (2–30 ms per key);
people type 40 ms per key or slower."""
BURST_BREAK_MS = 100
"""A longer pause between two keys (or before the closing Enter) starts a new burst."""

DEFAULT_MIN_LENGTH = 8
MIN_LENGTH_RANGE = (4, 32)
PREFIX_KEY = "wedge/prefix"
SUFFIX_KEY = "wedge/suffix"
MIN_LENGTH_KEY = "wedge/min_length"


@dataclass(frozen=True)
class WedgeSettings:
    """What the scanner types around a code, and the shortest burst taken for a scan."""

    prefix: str = ""
    suffix: str = ""
    min_length: int = DEFAULT_MIN_LENGTH


def load_settings(settings: QSettings | None = None) -> WedgeSettings:
    """The wedge settings of this machine (``QSettings`` keys ``wedge/prefix``, ``wedge/suffix``,
    ``wedge/min_length``); a missing or unusable value falls back to its default."""
    store = settings if settings is not None else QSettings()
    try:
        min_length = int(str(store.value(MIN_LENGTH_KEY, DEFAULT_MIN_LENGTH)))
    except ValueError:
        min_length = DEFAULT_MIN_LENGTH
    low, high = MIN_LENGTH_RANGE
    if not low <= min_length <= high:
        min_length = DEFAULT_MIN_LENGTH
    return WedgeSettings(
        prefix=str(store.value(PREFIX_KEY, "") or ""),
        suffix=str(store.value(SUFFIX_KEY, "") or ""),
        min_length=min_length,
    )


def save_settings(value: WedgeSettings, settings: QSettings | None = None) -> None:
    """Store the wedge settings of this machine under the keys :func:`load_settings` reads."""
    store = settings if settings is not None else QSettings()
    store.setValue(PREFIX_KEY, value.prefix)
    store.setValue(SUFFIX_KEY, value.suffix)
    store.setValue(MIN_LENGTH_KEY, value.min_length)


@dataclass
class BurstReader:
    """Qt-free burst rules: feed it printable keys and Enters with their timestamps (ms).

    :meth:`key` returns whether the key starts a new burst (the caller remembers the field as it
    was) and the scanned code when the key completes a scan; :meth:`enter` returns the scanned
    code or ``None`` when the Enter is the person's own.
    """

    settings: WedgeSettings = field(default_factory=WedgeSettings)
    _text: list[str] = field(default_factory=list)
    _times: list[int] = field(default_factory=list)

    def reset(self) -> None:
        self._text.clear()
        self._times.clear()

    def key(self, text: str, at_ms: int) -> tuple[bool, str | None]:
        started = not self._times or at_ms - self._times[-1] > BURST_BREAK_MS
        if started:
            self.reset()
        self._text.append(text)
        self._times.append(at_ms)
        suffix = self.settings.suffix
        if suffix and "".join(self._text).endswith(suffix):
            return started, self._finish(strip_suffix=True)
        return started, None

    def enter(self, at_ms: int) -> str | None:
        if not self._times or at_ms - self._times[-1] > BURST_BREAK_MS:
            self.reset()
            return None
        return self._finish(strip_suffix=False)

    def _finish(self, *, strip_suffix: bool) -> str | None:
        text, times = "".join(self._text), list(self._times)
        self.reset()
        prefix, suffix = self.settings.prefix, self.settings.suffix
        if prefix:
            if not text.startswith(prefix):
                return None
            text = text[len(prefix) :]
        if strip_suffix and suffix:
            text = text[: -len(suffix)]
        if len(text) < self.settings.min_length or len(times) < 2:
            return None
        mean_gap = (times[-1] - times[0]) / (len(times) - 1)
        return text if mean_gap <= SCAN_MEAN_GAP_MS else None


@dataclass(frozen=True)
class _FieldState:
    edit: QLineEdit
    text: str
    cursor: int


class WedgeDetector(QObject):
    """Watches the key presses delivered to the page's window and emits ``scanned(code)``.

    Install it on the application while the page is shown; it ignores every other receiver.
    """

    scanned = Signal(str)

    def __init__(self, page: QWidget, settings: WedgeSettings | None = None) -> None:
        super().__init__(page)
        self._page = page
        self._reader = BurstReader(settings or WedgeSettings())
        self._before: _FieldState | None = None

    @property
    def settings(self) -> WedgeSettings:
        return self._reader.settings

    def configure(self, settings: WedgeSettings) -> None:
        """Use new prefix, suffix and minimum length from the next key on."""
        self._reader = BurstReader(settings)
        self._before = None

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt override)
        if event.type() != QEvent.Type.KeyPress or not isinstance(event, QKeyEvent):
            return False
        if not watched.isWindowType() or not self._page.isVisible():
            return False
        if watched != self._page.window().windowHandle():
            return False
        return self._key_pressed(event)

    def _key_pressed(self, event: QKeyEvent) -> bool:
        at = int(event.timestamp())
        text = event.text()
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) or text in ("\r", "\n"):
            return self._complete(self._reader.enter(at))
        if event.key() in _MODIFIER_KEYS:
            return False  # Shift on its own, before an upper-case letter
        if len(text) != 1 or not text.isprintable() or event.isAutoRepeat():
            self._reader.reset()
            self._before = None
            return False
        if event.modifiers() & _COMMAND_MODIFIERS:
            self._reader.reset()  # Ctrl+1 toggles a basket category; it is not typing
            self._before = None
            return False
        started, code = self._reader.key(text, at)
        if started:
            self._before = self._field_state()
        return code is not None and self._complete(code)

    def _complete(self, code: str | None) -> bool:
        before, self._before = self._before, None
        if code is None:
            return False
        if before is not None:
            # The burst's characters already reached the field; give it back what it held.
            before.edit.setText(before.text)
            before.edit.setCursorPosition(before.cursor)
        self.scanned.emit(code)
        return True  # the closing key (Enter or suffix) goes no further

    def _field_state(self) -> _FieldState | None:
        # The window hands its keys to its own focus widget, which is not always the
        # application's (another window may be the active one).
        focus = self._page.window().focusWidget()
        if isinstance(focus, QLineEdit):
            return _FieldState(focus, focus.text(), focus.cursorPosition())
        return None


_MODIFIER_KEYS = (
    Qt.Key.Key_Shift,
    Qt.Key.Key_Control,
    Qt.Key.Key_Alt,
    Qt.Key.Key_AltGr,
    Qt.Key.Key_Meta,
)
_COMMAND_MODIFIERS = (
    Qt.KeyboardModifier.ControlModifier
    | Qt.KeyboardModifier.AltModifier
    | Qt.KeyboardModifier.MetaModifier
)
