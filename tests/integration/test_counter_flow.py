"""The whole app at the counter: a pty plays the card reader, the cashier records visits.

Everything is real: the demo venue's SQLite file, the serial reader thread reading a pty, the
task runner, and the Qt widgets driven with qtbot.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt

from boostdesk.domain import codes
from boostdesk.services import venue
from boostdesk.ui import main_window, task_runner


@pytest.fixture
def app_window(  # type: ignore[no-untyped-def]
    qtbot, demo_venue: venue.Venue, turkish, sign_in_at_till
) -> Iterator[main_window.MainWindow]:
    runner = task_runner.TaskRunner()
    window = main_window.MainWindow(demo_venue, runner, demo=True)
    qtbot.addWidget(window)
    window.show()
    sign_in_at_till(window)
    window.start_reader(None, simulated=True)
    qtbot.waitUntil(lambda: window.reader_label.property("state") == "connected", timeout=5000)
    yield window
    window.reader.stop()
    runner.stop()


def active_card(opened: venue.Venue) -> tuple[int, str, str]:
    row = opened.store.execute(
        "SELECT c.customer_id, c.number, u.first_name FROM card c "
        "JOIN customer u ON u.id = c.customer_id WHERE c.status = 'active' ORDER BY c.id LIMIT 1"
    ).fetchone()
    return int(row[0]), str(row[1]), str(row[2])


def scans(opened: venue.Venue) -> list[str]:
    return [str(r[0]) for r in opened.store.execute("SELECT outcome FROM scan_log ORDER BY id")]


def test_a_card_scanned_on_the_reader_shows_the_guest_and_the_visit_is_saved(
    qtbot, app_window: main_window.MainWindow
) -> None:  # type: ignore[no-untyped-def]
    opened = app_window.venue
    customer_id, number, name = active_card(opened)
    (visits_before,) = opened.store.execute(
        "SELECT COUNT(*) FROM visit WHERE customer_id = ? AND voided_at IS NULL", (customer_id,)
    ).fetchone()
    counter = app_window.counter
    with qtbot.waitSignal(counter.guest_shown, timeout=5000):
        app_window.reader.send_simulated(number)
    assert counter.panel.name_label.text() == name
    assert counter.panel.visits_value.text() == f"{visits_before:,}".replace(",", ".")
    assert counter.form.amount_edit.hasFocus()

    qtbot.keyClicks(counter.form.amount_edit, "125,50")
    qtbot.mouseClick(counter.form.category_buttons["coffee"], Qt.MouseButton.LeftButton)
    assert "Ödenecek ₺125,50" in counter.form.summary.text()
    with qtbot.waitSignal(counter.visit_saved, timeout=5000):
        qtbot.keyClick(counter.form.amount_edit, Qt.Key.Key_Return)

    row = opened.store.execute(
        "SELECT v.amount_minor, l.amount_minor, c.code FROM visit v "
        "JOIN visit_line l ON l.visit_id = v.id JOIN category c ON c.id = l.category_id "
        "WHERE v.customer_id = ? ORDER BY v.id DESC LIMIT 1",
        (customer_id,),
    ).fetchone()
    assert row == (12_550, 12_550, "coffee")
    (recorded_by,) = opened.store.execute(
        "SELECT u.name FROM visit v JOIN user u ON u.id = v.user_id ORDER BY v.id DESC LIMIT 1"
    ).fetchone()
    assert recorded_by == "Kasa"  # the cashier signed in at the till
    assert counter.message.text().startswith("Ziyaret kaydedildi: ₺125,50")
    assert counter.panel.visits_value.text() == f"{visits_before + 1:,}".replace(",", ".")
    assert counter.panel.last_value.text() == "bugün"
    assert counter.form.amount_edit.text() == ""
    assert scans(opened) == ["guest"]


def test_the_same_scan_twice_is_one_scan_and_garbage_is_rejected(
    qtbot, app_window: main_window.MainWindow
) -> None:  # type: ignore[no-untyped-def]
    opened = app_window.venue
    _, number, _ = active_card(opened)
    counter = app_window.counter
    with qtbot.waitSignal(counter.guest_shown, timeout=5000):
        app_window.reader.send_simulated(number)
    app_window.reader.send_simulated(number)  # the reader repeats itself at once
    app_window.reader.send_simulated_raw(b"27\x001234\xff\r")
    qtbot.waitUntil(lambda: len(scans(opened)) == 3, timeout=5000)
    assert scans(opened) == ["guest", "duplicate", "rejected"]
    assert counter.message.text() == "Okuyucu bozuk veri gönderdi; tekrar okutun."
    assert counter.panel.isVisible()  # the guest stays on screen


def test_a_voucher_scanned_twice_is_redeemed_once(
    qtbot, app_window: main_window.MainWindow
) -> None:  # type: ignore[no-untyped-def]
    opened = app_window.venue
    customer_id, number, _ = active_card(opened)
    code = codes.voucher_code(99)
    opened.store.execute(
        "INSERT INTO voucher (code, kind, value, issued_at) VALUES (?, 'amount', 2500, 0)", (code,)
    )
    counter = app_window.counter
    with qtbot.waitSignal(counter.guest_shown, timeout=5000):
        app_window.reader.send_simulated(number)
    app_window.reader.send_simulated(code)
    qtbot.waitUntil(lambda: counter.form.voucher is not None, timeout=5000)
    assert counter.message.text() == "Kupon uygulandı: ₺25,00 indirim"
    qtbot.keyClicks(counter.form.amount_edit, "100")
    with qtbot.waitSignal(counter.visit_saved, timeout=5000):
        qtbot.keyClick(counter.form.amount_edit, Qt.Key.Key_Return)
    assert "ödenen ₺75,00" in counter.message.text()

    counter.duplicates.window_s = 0  # a second, deliberate scan later on
    app_window.reader.send_simulated(code)
    qtbot.waitUntil(
        lambda: counter.message.text() == "Bu kupon daha önce kullanılmış.", timeout=5000
    )
    assert counter.form.voucher is None
    (redeemed,) = opened.store.execute(
        "SELECT COUNT(*) FROM voucher WHERE code = ? AND redeemed_visit_id IS NOT NULL", (code,)
    ).fetchone()
    assert redeemed == 1
    del customer_id


def test_an_unknown_card_is_enrolled_and_gets_the_welcome_bonus(
    qtbot, app_window: main_window.MainWindow
) -> None:  # type: ignore[no-untyped-def]
    opened = app_window.venue
    counter = app_window.counter
    number = codes.card_number(8_888_888)
    app_window.reader.send_simulated(number)
    qtbot.waitUntil(lambda: counter.enrol_dialog is not None, timeout=5000)
    dialog = counter.enrol_dialog
    assert dialog is not None
    dialog.accept()  # no name yet
    assert dialog.isVisible()
    assert dialog.error_label.text() == "Misafirin adını veya takma adını yazın."
    qtbot.keyClicks(dialog.name_edit, "Deniz")
    qtbot.keyClicks(dialog.birth_edit, "31.02.1990")
    dialog.accept()
    assert dialog.error_label.text() == "Doğum tarihini GG.AA.YYYY biçiminde yazın."
    dialog.birth_edit.setText("14.03.1990")
    dialog.consent_boxes["sms"].setChecked(True)
    with qtbot.waitSignal(counter.guest_shown, timeout=5000):
        dialog.accept()
    assert counter.panel.name_label.text() == "Deniz"
    assert counter.panel.balance_value.text() == "₺0,00"
    assert counter.panel.balance_note.text() == "+₺50,00 sonraki ziyaretten itibaren"
    (customer_id,) = opened.store.execute(
        "SELECT customer_id FROM card WHERE number = ?", (number,)
    ).fetchone()
    assert customer_id is not None
    assert scans(opened) == ["unknown_card"]


def test_keyboard_only_visit_with_a_category_shortcut(
    qtbot, app_window: main_window.MainWindow
) -> None:  # type: ignore[no-untyped-def]
    opened = app_window.venue
    customer_id, number, _ = active_card(opened)
    counter = app_window.counter
    with qtbot.waitSignal(counter.guest_shown, timeout=5000):
        app_window.reader.send_simulated(number)
    app_window.activateWindow()
    qtbot.waitUntil(app_window.isActiveWindow, timeout=3000)  # shortcuts need the active window
    qtbot.keyClicks(counter.form.amount_edit, "60")
    qtbot.keyClick(counter.form.amount_edit, Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)
    assert counter.form.categories() == ("tea",)
    with qtbot.waitSignal(counter.visit_saved, timeout=5000):
        qtbot.keyClick(counter.form.amount_edit, Qt.Key.Key_Return)
    (code,) = opened.store.execute(
        "SELECT c.code FROM visit v JOIN visit_line l ON l.visit_id = v.id "
        "JOIN category c ON c.id = l.category_id WHERE v.customer_id = ? "
        "ORDER BY v.id DESC LIMIT 1",
        (customer_id,),
    ).fetchone()
    assert code == "tea"
