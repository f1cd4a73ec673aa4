"""The Qt binding must not leak or drop references on signals: a counter runs all day.

PySide6 6.12.0 dropped a reference to ``True`` on every ``Signal.emit()`` and to ``None`` on
every Python slot called from a C++ signal; after about a thousand scans CPython aborted with
"Fatal Python error: bool_dealloc". This pins the behaviour the app relies on.
"""

from __future__ import annotations

import sys

from PySide6.QtCore import QObject, Signal


class _Emitter(QObject):
    happened = Signal(object)


def test_emitting_signals_and_calling_slots_keeps_reference_counts(qapp) -> None:  # type: ignore[no-untyped-def]
    emitter = _Emitter()
    received: list[object] = []
    emitter.happened.connect(received.append)
    native = QObject()
    native.objectNameChanged.connect(lambda name: None)
    true_before, none_before = sys.getrefcount(True), sys.getrefcount(None)
    for i in range(500):
        emitter.happened.emit(i)
        emitter.happened.emit(None)
        native.setObjectName(str(i))
    assert len(received) == 1000
    received.clear()
    assert abs(sys.getrefcount(True) - true_before) < 50
    assert abs(sys.getrefcount(None) - none_before) < 50
