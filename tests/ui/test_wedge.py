"""The keyboard wedge: burst rules on given key times, and keys delivered the way the window
system delivers them (to the window first, then forwarded to the focused widget).

The real X server path is driven in tests/e2e; here the key events carry chosen timestamps, so
the 30 ms / 40 ms boundary is checked exactly and without waiting.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QEvent, QSettings, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QWidget

from boostdesk.domain import codes
from boostdesk.services import venue
from boostdesk.ui import main_window, task_runner, wedge

CARD = codes.card_number(4242)


def feed(reader: wedge.BurstReader, text: str, gap_ms: float, enter: bool = True) -> str | None:
    at = 1_000.0
    for char in text:
        _, code = reader.key(char, int(at))
        if code is not None:
            return code
        at += gap_ms
    return reader.enter(int(at - gap_ms + min(gap_ms, 20))) if enter else None


@pytest.mark.parametrize("gap_ms", [2, 5, 17, 30])
def test_a_scanner_typing_2_to_30_ms_per_key_is_a_scan(gap_ms: int) -> None:
    assert feed(wedge.BurstReader(), CARD, gap_ms) == CARD


@pytest.mark.parametrize("gap_ms", [40, 50, 60, 120])
def test_a_person_typing_40_ms_per_key_or_slower_is_never_a_scan(gap_ms: int) -> None:
    assert feed(wedge.BurstReader(), CARD, gap_ms) is None


def test_an_uneven_scanner_is_judged_by_its_mean_pace_and_a_long_pause_splits_a_burst() -> None:
    reader = wedge.BurstReader()
    times = [0, 4, 70, 74, 78, 82, 86, 90, 94, 98, 102, 106, 110]  # one 66 ms hiccup
    for char, at in zip(CARD, times, strict=True):
        reader.key(char, at)
    assert reader.enter(115) == CARD
    for at, char in enumerate("1234"):
        reader.key(char, at * 5)
    started, _ = reader.key("5", 500)  # a pause: what follows is a new burst
    assert started
    assert reader.enter(1_000) is None  # and an Enter long after the last key is a person's


def test_short_bursts_are_not_scans_and_the_minimum_length_is_a_setting() -> None:
    assert feed(wedge.BurstReader(), "1250", 5) is None
    assert feed(wedge.BurstReader(wedge.WedgeSettings(min_length=4)), "1250", 5) == "1250"


def test_prefix_and_suffix_are_required_and_removed() -> None:
    framed = wedge.WedgeSettings(prefix="%", suffix="?")
    assert feed(wedge.BurstReader(framed), f"%{CARD}?", 5, enter=False) == CARD
    assert feed(wedge.BurstReader(framed), f"{CARD}?", 5, enter=False) is None  # no prefix
    assert feed(wedge.BurstReader(wedge.WedgeSettings(prefix="%")), f"%{CARD}", 5) == CARD


def test_settings_are_read_from_the_agreed_keys_with_defaults(tmp_path: Path) -> None:
    store = QSettings(str(tmp_path / "till.ini"), QSettings.Format.IniFormat)
    assert wedge.load_settings(store) == wedge.WedgeSettings("", "", 8)
    wedge.save_settings(wedge.WedgeSettings("]C0", "#", 12), store)
    assert store.value("wedge/prefix") == "]C0"
    assert store.value("wedge/suffix") == "#"
    assert wedge.load_settings(store) == wedge.WedgeSettings("]C0", "#", 12)
    store.setValue("wedge/min_length", "two")
    assert wedge.load_settings(store).min_length == 8
    store.setValue("wedge/min_length", 1)
    assert wedge.load_settings(store).min_length == 8


# -- keys through the window, as the window system delivers them --------------------------------


class Keyboard:
    """Sends key presses to a top-level window with explicit timestamps (ms)."""

    def __init__(self, window: QWidget) -> None:
        self.window = window
        self.at = 5_000_000

    def type(self, text: str, gap_ms: int) -> None:
        for char in text:
            self._click(Qt.Key(ord(char)), char)
            self.at += gap_ms

    def enter(self, gap_ms: int) -> None:
        self._click(Qt.Key.Key_Return, "\r")
        self.at += gap_ms

    def pause(self, ms: int = 1_000) -> None:
        self.at += ms

    def _click(self, key: Qt.Key, text: str) -> None:
        handle = self.window.windowHandle()
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            event = QKeyEvent(kind, key, Qt.KeyboardModifier.NoModifier, text)
            event.setTimestamp(self.at)
            QApplication.sendEvent(handle, event)


@pytest.fixture
def window(  # type: ignore[no-untyped-def]
    qtbot, demo_venue: venue.Venue, turkish, sign_in_at_till
) -> Iterator[main_window.MainWindow]:
    runner = task_runner.TaskRunner()
    shown = main_window.MainWindow(demo_venue, runner, demo=True)
    qtbot.addWidget(shown)
    shown.show()
    qtbot.waitExposed(shown)
    shown.activateWindow()
    qtbot.waitUntil(shown.isActiveWindow)
    sign_in_at_till(shown)
    yield shown
    runner.stop()


def two_cards(opened: venue.Venue) -> list[str]:
    rows = opened.store.execute(
        "SELECT number FROM card WHERE status = 'active' ORDER BY id LIMIT 2"
    ).fetchall()
    return [str(row[0]) for row in rows]


def outcomes(opened: venue.Venue) -> list[tuple[str, str | None]]:
    rows = opened.store.execute("SELECT outcome, code FROM scan_log ORDER BY id").fetchall()
    return [(str(row[0]), row[1]) for row in rows]


def test_a_scan_through_the_window_is_read_once_in_each_focus_and_leaves_nothing_behind(
    qtbot, window: main_window.MainWindow
) -> None:  # type: ignore[no-untyped-def]
    counter, keys = window.counter, Keyboard(window)
    first, second = two_cards(window.venue)
    with qtbot.waitSignal(counter.guest_shown, timeout=5000):
        keys.type(first, 4)
        keys.enter(4)
    assert counter.scan_edit.text() == ""
    (visits,) = window.venue.store.execute("SELECT COUNT(*) FROM visit").fetchone()
    form = counter.form
    fields = [form.amount_edit, form.receipt_edit, form.points_edit, counter.scan_edit, None]
    for index, focus in enumerate(fields):
        keys.pause()
        if focus is None:
            window.focusWidget().clearFocus()
            assert window.focusWidget() is None
        else:
            focus.setFocus()
            keys.type("7", 200)  # the cashier's own key, before the scanner fires
        card = (second, first)[index % 2]
        with qtbot.waitSignal(counter.guest_shown, timeout=5000):
            keys.type(card, 25)
            keys.enter(25)
        assert counter.panel.detail_label.text().startswith(f"Kart {card}"), focus
    # the form is cleared for a new guest, the scan field kept what the cashier typed
    assert counter.scan_edit.text() == "7"
    qtbot.waitUntil(lambda: len(outcomes(window.venue)) == 6, timeout=5000)
    assert window.venue.store.execute("SELECT COUNT(*) FROM visit").fetchone() == (visits,)
    assert [outcome for outcome, _ in outcomes(window.venue)] == ["guest"] * 6


def test_a_bill_typed_by_a_person_saves_the_visit_and_is_not_a_scan(
    qtbot, window: main_window.MainWindow
) -> None:  # type: ignore[no-untyped-def]
    counter, keys = window.counter, Keyboard(window)
    first, _ = two_cards(window.venue)
    with qtbot.waitSignal(counter.guest_shown, timeout=5000):
        keys.type(first, 3)
        keys.enter(3)
    (before,) = window.venue.store.execute("SELECT COUNT(*) FROM visit").fetchone()
    keys.pause()
    with qtbot.waitSignal(counter.visit_saved, timeout=5000):
        keys.type("1250", 50)
        keys.enter(50)
    row = window.venue.store.execute(
        "SELECT COUNT(*), MAX(amount_minor) FROM visit WHERE id > (SELECT MAX(id) - 1 FROM visit)"
    ).fetchone()
    (after,) = window.venue.store.execute("SELECT COUNT(*) FROM visit").fetchone()
    assert (after - before, row[1]) == (1, 125_000)
    assert len(outcomes(window.venue)) == 1


def test_a_long_number_typed_at_a_persons_pace_stays_in_the_receipt_field(
    qtbot, window: main_window.MainWindow
) -> None:  # type: ignore[no-untyped-def]
    counter, keys = window.counter, Keyboard(window)
    first, _ = two_cards(window.venue)
    with qtbot.waitSignal(counter.guest_shown, timeout=5000):
        keys.type(first, 3)
        keys.enter(3)
    counter.form.receipt_edit.setFocus()
    keys.pause()
    keys.type("202611250042", 40)
    qtbot.wait(50)
    assert counter.form.receipt_edit.text() == "202611250042"
    assert len(outcomes(window.venue)) == 1
