"""The GUI shell as a cashier and an owner see it, in Turkish, on a real demo venue."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel

from boostdesk.domain import codes
from boostdesk.services import venue
from boostdesk.ui import first_start, main_window, task_runner


def test_window_shows_venue_navigation_and_status(window: main_window.MainWindow) -> None:
    assert window.windowTitle().startswith("Kahve Durağı (demo)")
    assert window.venue_label.text() == "Kahve Durağı (demo)"
    assert window.demo_badge.isVisible()
    assert window.counter_button.text() == "Kasa"
    assert window.backoffice_button.text() == "Yönetim"
    assert "Kart okuyucu" in window.reader_label.text()
    status_texts = [label.text() for label in window.statusBar().findChildren(QLabel)]
    assert not any(str(window.venue.data_dir) in text for text in status_texts)
    backup_section = window.backoffice.section("backup")
    assert str(window.venue.data_dir) in backup_section.data_label.text()  # type: ignore[attr-defined]
    buttons = window.counter.form.category_buttons
    assert [b.text() for b in buttons.values()] == ["Kahve", "Çay", "Tatlı", "Yemek", "Diğer"]
    window.set_reader_state("disconnected")
    assert window.reader_label.text() == "Kart okuyucu bağlı değil — yeniden bağlanıyor"


def test_counter_shows_the_guest_of_a_typed_card(qtbot, window: main_window.MainWindow) -> None:  # type: ignore[no-untyped-def]
    (name,) = window.venue.store.execute("SELECT first_name FROM customer WHERE id = 1").fetchone()
    counter = window.counter
    qtbot.keyClicks(counter.scan_edit, codes.card_number(1))
    with qtbot.waitSignal(counter.guest_shown, timeout=3000):
        qtbot.keyClick(counter.scan_edit, Qt.Key.Key_Return)
    assert counter.panel.isVisible()
    assert counter.panel.name_label.text() == name
    assert counter.panel.balance_value.text().startswith("₺")
    assert counter.scan_edit.text() == ""


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("2700000000015", "Bu numara geçersiz (hatalı okundu veya yazıldı). Tekrar deneyin."),
        ("27000000", "Kart numarası 13 hanelidir."),
        ("27OO000000014", "Kart numarası yalnızca rakamlardan oluşur."),
        ("9780000000002", "Bu bir BoostDesk kartı veya kuponu değil."),
    ],
)
def test_counter_explains_a_bad_scan(
    qtbot,
    window: main_window.MainWindow,
    typed: str,
    message: str,  # type: ignore[no-untyped-def]
) -> None:
    qtbot.keyClicks(window.counter.scan_edit, typed)
    qtbot.keyClick(window.counter.scan_edit, Qt.Key.Key_Return)
    assert window.counter.message.text() == message
    assert not window.counter.panel.isVisible()


def test_unknown_card_opens_the_enrolment_form(qtbot, window: main_window.MainWindow) -> None:  # type: ignore[no-untyped-def]
    unknown = codes.card_number(9_999_999)
    window.counter.lookup(unknown)
    qtbot.waitUntil(lambda: window.counter.enrol_dialog is not None, timeout=3000)
    dialog = window.counter.enrol_dialog
    assert dialog is not None and dialog.isVisible()
    assert unknown in dialog.findChild(type(window.counter.message), "DialogTitle").text()
    dialog.reject()
    assert window.counter.message.text() == f"{unknown} numaralı kart kaydedilmedi."


def test_back_office_needs_the_owner_pin(qtbot, window: main_window.MainWindow) -> None:  # type: ignore[no-untyped-def]
    qtbot.keyClick(window, Qt.Key.Key_F2)
    office = window.backoffice
    assert office.currentWidget() is office.gate
    qtbot.keyClicks(office.pin_edit, "0000")  # the cashier's PIN does not open it
    qtbot.keyClick(office.pin_edit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: office.pin_message.text() == "PIN hatalı.", timeout=10000)
    assert office.currentWidget() is office.gate
    qtbot.keyClicks(office.pin_edit, "1234")
    qtbot.keyClick(office.pin_edit, Qt.Key.Key_Return)
    dashboard = office.section("dashboard")
    tiles = dashboard.tiles  # type: ignore[attr-defined]
    qtbot.waitUntil(lambda: tiles["visits"].value.text() not in ("", "…"), timeout=10000)
    assert office.currentWidget() is office.workplace
    assert office.stack.currentWidget() is dashboard
    assert tiles["revenue"].value.text().startswith("₺")
    qtbot.mouseClick(office.lock_button, Qt.MouseButton.LeftButton)
    assert office.currentWidget() is office.gate


def test_leaving_the_back_office_locks_it(qtbot, window: main_window.MainWindow) -> None:  # type: ignore[no-untyped-def]
    office = window.backoffice
    for leave in ("F1", "button"):
        qtbot.keyClick(window, Qt.Key.Key_F2)
        qtbot.keyClicks(office.pin_edit, "1234")
        qtbot.keyClick(office.pin_edit, Qt.Key.Key_Return)
        qtbot.waitUntil(lambda: office.currentWidget() is office.workplace, timeout=10000)
        if leave == "F1":
            qtbot.keyClick(window, Qt.Key.Key_F1)
        else:
            qtbot.mouseClick(window.counter_button, Qt.MouseButton.LeftButton)
        assert window.pages.currentWidget() is window.counter
        qtbot.keyClick(window, Qt.Key.Key_F2)
        assert office.currentWidget() is office.gate, leave
        assert office.user is None
        assert office.pin_edit.text() == ""


def test_first_start_sets_up_a_venue(qtbot, empty_venue: venue.Venue, runner, turkish) -> None:  # type: ignore[no-untyped-def]
    dialog = first_start.FirstStartDialog(empty_venue, runner)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.demo_button.text() == "Demo işletmeyi aç"
    qtbot.mouseClick(dialog.setup_button, Qt.MouseButton.LeftButton)
    dialog.name_edit.setText("Çınaraltı Kahvecisi")  # QTest types ASCII only
    qtbot.keyClicks(dialog.owner_pin, "2468")
    qtbot.keyClicks(dialog.owner_pin_again, "2469")
    qtbot.keyClicks(dialog.cashier_pin, "1357")
    qtbot.mouseClick(dialog.create_button, Qt.MouseButton.LeftButton)
    assert dialog.error_label.text() == "Girilen iki PIN birbirinden farklı."
    assert not empty_venue.users.has_owner()
    dialog.owner_pin_again.setText("2468")
    with qtbot.waitSignal(dialog.finished, timeout=10_000):
        qtbot.mouseClick(dialog.create_button, Qt.MouseButton.LeftButton)
    assert dialog.result() == first_start.FirstStartDialog.SET_UP
    assert empty_venue.settings.venue_name() == "Çınaraltı Kahvecisi"
    assert empty_venue.users.sign_in("2468").name == "Sahip"


def test_the_till_asks_for_a_pin_and_switch_user_signs_out(
    qtbot, window: main_window.MainWindow
) -> None:  # type: ignore[no-untyped-def]
    counter = window.counter
    assert counter.actor is not None and counter.actor.name == "Kasa"
    assert counter.user_label.text() == "Giriş yapan: Kasa"
    qtbot.mouseClick(counter.switch_button, Qt.MouseButton.LeftButton)
    assert counter.currentWidget() is counter.gate and counter.actor is None
    counter.lookup(codes.card_number(1))  # a scan while nobody is signed in shows no guest
    assert counter.gate.message.text() == "Önce giriş yapın, sonra kartı yeniden okutun."
    assert counter.guest is None
    qtbot.keyClicks(counter.gate.pin_edit, "9999")
    qtbot.keyClick(counter.gate.pin_edit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: counter.gate.message.text() == "PIN hatalı.", timeout=5000)
    with qtbot.waitSignal(counter.signed_in, timeout=5000):
        qtbot.keyClicks(counter.gate.pin_edit, "1234")  # the owner may work the till too
        qtbot.keyClick(counter.gate.pin_edit, Qt.Key.Key_Return)
    assert counter.actor is not None and counter.actor.name == "Sahip"
    assert counter.currentWidget() is counter.work


def test_a_failure_no_page_handles_is_shown_not_lost(qtbot, window: main_window.MainWindow) -> None:  # type: ignore[no-untyped-def]
    def broken() -> None:
        raise RuntimeError("disk on fire")

    window.runner.run(task_runner.Op(broken))
    qtbot.waitUntil(lambda: window.error_box is not None and window.error_box.isVisible())
    assert window.error_box is not None
    assert window.error_box.text() == "Bu işlem tamamlanamadı: disk on fire"
