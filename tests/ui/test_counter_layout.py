"""The counter on till screens: with the busiest screen a cashier meets (a guest with every note,
a voucher applied, a full list of today's visits, the demo scanner bar), the window fits a
1366×768 screen with a 40 px taskbar, 1280×800 and 1920×1080, does not grow, keeps the save and
void buttons and the status bar on screen, and gives a big screen's extra room to the keypad.
"""

from __future__ import annotations

import dataclasses
import struct
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, QSize
from PySide6.QtWidgets import QApplication, QWidget

from boostdesk.domain import codes
from boostdesk.services import counter, venue
from boostdesk.ui import application, main_window, task_runner

TILL_SCREENS = [QSize(1366, 728), QSize(1280, 760), QSize(1920, 1040)]  # minus a 40 px taskbar


def busiest_guest(opened: venue.Venue) -> tuple[str, str]:
    """A guest's card and an open voucher of theirs (added here: the demo issues none)."""
    customer_id, number = opened.store.execute(
        "SELECT customer_id, number FROM card WHERE status = 'active' ORDER BY id LIMIT 1"
    ).fetchone()
    code = codes.voucher_code(77)
    opened.store.execute(
        "INSERT INTO voucher (code, customer_id, kind, value, issued_at) "
        "VALUES (?, ?, 'amount', 2500, 0)",
        (code, customer_id),
    )
    return str(number), code


@pytest.fixture
def till_look(qapp) -> Iterator[None]:  # type: ignore[no-untyped-def]
    """The app's own fonts and style sheet: sizes measured without them mean nothing."""
    font, sheet = qapp.font(), qapp.styleSheet()
    application.apply_look(qapp)
    yield
    qapp.setStyleSheet(sheet)
    qapp.setFont(font)


@pytest.fixture(params=["tr", "en"])
def busy_counter(  # type: ignore[no-untyped-def]
    request, qtbot, demo_venue: venue.Venue, sign_in_at_till, till_look
) -> Iterator[main_window.MainWindow]:
    if request.param == "tr":
        request.getfixturevalue("turkish")
    runner = task_runner.TaskRunner()
    window = main_window.MainWindow(demo_venue, runner, demo=True)
    qtbot.addWidget(window)
    window.resize(1366, 728)
    window.show()
    sign_in_at_till(window)
    page = window.counter
    page.show_simulator(True)
    card, voucher = busiest_guest(demo_venue)
    with qtbot.waitSignal(page.guest_shown, timeout=5000):
        page.lookup(card)
    assert page.guest is not None
    # Every note at once: vouchers to hand over, a birthday today, the next step, a favourite.
    guest = page.guest
    page.clear_guest()  # the waiting placeholder is up again when the busiest guest comes
    balance = dataclasses.replace(guest.balance, pending_minor=5_000, expiring_soon_minor=767)
    page.show_guest(
        dataclasses.replace(
            guest,
            first_name="Muhammed Emin",
            balance=balance,
            birthday_in_days=0,
            next_step=counter.NextStep("vip", 3, 0),
        )
    )
    page.duplicates.window_s = 0
    page.lookup(voucher)
    qtbot.waitUntil(lambda: page.form.voucher is not None, timeout=5000)
    names = ["Ayşe", "Mehmet Can", "Şükran", "Özgür", "Gülizar", "İbrahim"]
    rows = tuple((1_795_000_000 + i * 600, n, 12_550 + i, i == 2) for i, n in enumerate(names))
    page.today.show_today(counter.TodaySummary(148, 1_845_000, rows))
    QApplication.processEvents()
    yield window
    runner.stop()


def bottom_in(window: QWidget, widget: QWidget) -> int:
    return widget.mapTo(window, QPoint(0, widget.height())).y()


def test_the_busiest_counter_fits_a_1366x768_till_with_a_taskbar(
    qtbot, busy_counter: main_window.MainWindow
) -> None:  # type: ignore[no-untyped-def]
    window = busy_counter
    chips = window.counter.panel.chip_texts(window.counter.guest)  # type: ignore[arg-type]
    assert len(chips) == 4 and window.counter.form.voucher_label.isVisible()
    needed = window.minimumSizeHint()
    assert needed.width() <= 1280 and needed.height() <= 728, needed
    # opened at 1366×728, it never grew while the guest, notes, voucher and list came up
    assert window.size() == QSize(1366, 728)


@pytest.mark.parametrize("screen", TILL_SCREENS, ids=lambda s: f"{s.width()}x{s.height()}")
def test_at_till_sizes_the_window_stays_put_and_everything_is_on_screen(
    qtbot, busy_counter: main_window.MainWindow, screen: QSize
) -> None:  # type: ignore[no-untyped-def]
    window = busy_counter
    window.resize(screen)
    qtbot.waitUntil(lambda: window.size() == screen)
    form = window.counter.form
    page = window.counter
    page.show_message("Kupon uygulandı: ₺25,00 indirim · ziyaret kaydedilmedi, tekrar deneyin")
    QApplication.processEvents()
    assert window.size() == screen  # a longer message or a voucher does not grow the window
    status_top = window.statusBar().mapTo(window, QPoint(0, 0)).y()
    assert (
        window.statusBar().isVisible()
        and status_top + window.statusBar().height() <= screen.height()
    )
    for widget in (form.save_button, form.void_button, page.today, page.simulator_bar):
        assert widget.isVisible()
        assert bottom_in(window, widget) <= status_top, widget.objectName()


def test_a_big_screen_gives_the_keypad_bigger_keys(
    qtbot, busy_counter: main_window.MainWindow
) -> None:  # type: ignore[no-untyped-def]
    window = busy_counter
    key = window.counter.form.findChild(QWidget, "KeypadButton")
    sizes = []
    for screen in (QSize(1366, 728), QSize(1920, 1040)):
        window.resize(screen)
        qtbot.waitUntil(lambda screen=screen: window.size() == screen)
        QApplication.processEvents()
        sizes.append((key.width(), key.height()))
    (small_w, small_h), (big_w, big_h) = sizes
    assert big_h >= small_h + 15 and big_w > small_w


def png_size(path: Path) -> tuple[int, int]:
    header = path.read_bytes()[:24]
    assert header[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", header[16:24])
    return width, height


@pytest.mark.parametrize("size", ["1366x768", "1280x800"])
def test_screenshot_renders_exactly_the_size_asked_for(
    demo_template: Path, tmp_path: Path, size: str
) -> None:
    out = tmp_path / "counter.png"
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "boostdesk",
            "--data-dir",
            str(demo_template),
            "screenshot",
            "--page",
            "guest",
            "--size",
            size,
            "--out",
            str(out),
        ],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert png_size(out) == tuple(int(part) for part in size.split("x"))


def test_screenshot_refuses_a_size_the_counter_cannot_fit(
    demo_template: Path, tmp_path: Path
) -> None:
    out = tmp_path / "counter.png"
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "boostdesk",
            "--data-dir",
            str(demo_template),
            "screenshot",
            "--page",
            "counter",
            "--size",
            "800x500",
            "--out",
            str(out),
        ],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 1
    assert done.stderr.count("\n") == 1 and "800×500" in done.stderr, done.stderr
    assert not out.exists()
