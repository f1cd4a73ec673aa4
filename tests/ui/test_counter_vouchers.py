"""At the counter: the shown guest's waiting vouchers print with one key (F9) on a real TCP
receipt printer, and are marked printed only when the printer took them."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt

from boostdesk.domain import codes
from boostdesk.hardware import fake_printer
from boostdesk.services import venue
from boostdesk.ui import main_window, task_runner, voucher_printing


@pytest.fixture
def runner() -> Iterator[task_runner.TaskRunner]:
    worker = task_runner.TaskRunner()
    yield worker
    worker.stop()


@pytest.fixture
def window(qtbot, demo_venue: venue.Venue, runner, turkish, sign_in_at_till):  # type: ignore[no-untyped-def]
    shown = main_window.MainWindow(demo_venue, runner, demo=True)
    qtbot.addWidget(shown)
    shown.show()
    qtbot.waitExposed(shown)
    sign_in_at_till(shown)
    return shown


def _show_guest_with_waiting_voucher(qtbot, window) -> str:  # type: ignore[no-untyped-def]
    row = window.venue.vouchers.listed(unprinted=True)[0]
    counter = window.counter
    qtbot.keyClicks(counter.scan_edit, codes.card_number(row.customer_id))
    with qtbot.waitSignal(counter.guest_shown, timeout=5000):
        qtbot.keyClick(counter.scan_edit, Qt.Key.Key_Return)
    # F9 is a window shortcut: the till's window has the keyboard, as at a real till.
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=5000)
    return row.code


def _printed(window, code: str) -> bool:  # type: ignore[no-untyped-def]
    return window.venue.vouchers.rows([code])[0].printed_at is not None


def test_f9_prints_the_guests_vouchers_and_marks_them(qtbot, window, monkeypatch):  # type: ignore[no-untyped-def]
    code = _show_guest_with_waiting_voucher(qtbot, window)
    counter = window.counter
    assert counter.print_button.isVisible()
    assert counter.print_button.text() == "Kuponları yazdır (F9)"

    with fake_printer.FakeNetworkPrinter() as printer:
        monkeypatch.setattr(
            voucher_printing,
            "load_setting",
            lambda: voucher_printing.PrinterSetting(printer.url, "80mm"),
        )
        qtbot.keyClick(counter.scan_edit, Qt.Key.Key_F9)
        qtbot.waitUntil(lambda: "yazdırıldı" in counter.message.text(), timeout=10_000)
    assert len(printer.jobs) == 1 and code.encode() in printer.jobs[0]
    assert _printed(window, code)
    qtbot.waitUntil(lambda: not counter.print_button.isVisible(), timeout=5000)


def test_a_printer_dropping_the_job_leaves_the_voucher_to_print(qtbot, window, monkeypatch):  # type: ignore[no-untyped-def]
    code = _show_guest_with_waiting_voucher(qtbot, window)
    counter = window.counter
    with fake_printer.FakeNetworkPrinter(hang_up_after=8) as printer:
        monkeypatch.setattr(
            voucher_printing,
            "load_setting",
            lambda: voucher_printing.PrinterSetting(printer.url, "58mm"),
        )
        counter.print_button.click()
        qtbot.waitUntil(lambda: "işaretlenmedi" in counter.message.text(), timeout=10_000)
    assert "Kupon yazıcısı yazdırırken durdu." in counter.message.text()
    assert not _printed(window, code)
    assert counter.print_button.isVisible()


def test_without_a_printer_set_up_the_cashier_is_told(qtbot, window, monkeypatch):  # type: ignore[no-untyped-def]
    code = _show_guest_with_waiting_voucher(qtbot, window)
    monkeypatch.setattr(voucher_printing, "load_setting", lambda: None)
    qtbot.keyClick(window.counter.scan_edit, Qt.Key.Key_F9)
    assert "kupon yazıcısı ayarlı değil" in window.counter.message.text()
    assert not _printed(window, code)
