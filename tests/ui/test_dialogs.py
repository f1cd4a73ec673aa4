"""The counter's dialogs as a cashier uses them: real widgets, keys, and what the database holds."""

from __future__ import annotations

import uuid
from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from boostdesk.domain import codes
from boostdesk.services import checkout, venue
from boostdesk.ui import main_window, task_runner

NEW_CARD = codes.card_number(7_777_777)


@pytest.fixture
def runner() -> Iterator[task_runner.TaskRunner]:
    worker = task_runner.TaskRunner()
    yield worker
    worker.stop()


@pytest.fixture
def window(  # type: ignore[no-untyped-def]
    qtbot, demo_venue: venue.Venue, runner, turkish, sign_in_at_till
) -> main_window.MainWindow:
    shown = main_window.MainWindow(demo_venue, runner, demo=False)
    qtbot.addWidget(shown)
    shown.resize(1366, 768)
    shown.show()
    sign_in_at_till(shown)
    return shown


def _activate(qtbot, dialog) -> None:  # type: ignore[no-untyped-def]
    """Make the dialog the active window, as it is on a real screen (keys go to it)."""
    qtbot.waitUntil(dialog.isVisible, timeout=3000)
    dialog.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog, timeout=3000)


def _open_enrolment(qtbot, window: main_window.MainWindow):  # type: ignore[no-untyped-def]
    window.counter.lookup(NEW_CARD)
    qtbot.waitUntil(lambda: window.counter.enrol_dialog is not None, timeout=3000)
    dialog = window.counter.enrol_dialog
    _activate(qtbot, dialog)
    assert QApplication.focusWidget() is dialog.name_edit
    return dialog


def _one(opened: venue.Venue, sql: str, *args: object) -> tuple:  # type: ignore[type-arg]
    return tuple(opened.store.execute(sql, args).fetchone() or ())


def test_enrolment_with_family_city_and_consents_is_stored_on_enter(
    qtbot, window: main_window.MainWindow
) -> None:  # type: ignore[no-untyped-def]
    dialog = _open_enrolment(qtbot, window)
    assert "2026-01" in dialog.findChild(type(dialog.error_label), "SectionTitle").text() or any(
        "2026-01" in label.text() for label in dialog.findChildren(type(dialog.error_label))
    )
    qtbot.keyClicks(dialog.name_edit, "Zeynep")
    qtbot.keyClicks(dialog.phone_edit, "0532 111 22 33")
    qtbot.keyClicks(dialog.birth_edit, "14.02.1990")
    dialog.city_edit.insert("İzmir")  # QTest types ASCII only
    dialog.district_edit.insert("Karşıyaka")
    qtbot.mouseClick(dialog.add_family_button, Qt.MouseButton.LeftButton)
    child = dialog.family_rows[0]
    qtbot.keyClicks(child.name_edit, "Ela")
    qtbot.keyClicks(child.birth_edit, "03.06.2019")
    qtbot.mouseClick(dialog.add_family_button, Qt.MouseButton.LeftButton)
    spouse = dialog.family_rows[1]
    spouse.relation_combo.setCurrentIndex(spouse.relation_combo.findData("spouse"))
    qtbot.keyClicks(spouse.name_edit, "Can")
    dialog.consent_boxes["sms"].setChecked(True)
    dialog.consent_boxes["profiling"].setChecked(True)
    with qtbot.waitSignal(window.counter.guest_shown, timeout=5000):
        qtbot.keyClick(spouse.name_edit, Qt.Key.Key_Return)  # Enter anywhere in the form enrols
    assert not dialog.isVisible()
    opened = window.venue
    customer_id, city, district, birth = _one(
        opened,
        "SELECT c.id, c.city, c.district, c.birth_date FROM customer c JOIN card k "
        "ON k.customer_id = c.id WHERE k.number = ?",
        NEW_CARD,
    )
    assert (city, district, birth) == ("İzmir", "Karşıyaka", "1990-02-14")
    family = opened.store.execute(
        "SELECT relation, first_name, birth_date FROM family_member WHERE customer_id = ? "
        "ORDER BY id",
        (customer_id,),
    ).fetchall()
    assert family == [("child", "Ela", "2019-06-03"), ("spouse", "Can", None)]
    consents = dict(
        opened.store.execute(
            "SELECT channel, granted || '/' || text_version FROM consent WHERE customer_id = ?",
            (customer_id,),
        ).fetchall()
    )
    assert consents == {
        "sms": "1/2026-01",
        "email": "0/2026-01",
        "call": "0/2026-01",
        "profiling": "1/2026-01",
    }
    assert window.counter.panel.name_label.text() == "Zeynep"


def test_enrolment_escape_cancels_and_stores_nothing(qtbot, window: main_window.MainWindow) -> None:  # type: ignore[no-untyped-def]
    before = _one(window.venue, "SELECT COUNT(*) FROM customer")
    dialog = _open_enrolment(qtbot, window)
    qtbot.keyClicks(dialog.name_edit, "Zeynep")
    qtbot.keyClick(dialog.name_edit, Qt.Key.Key_Escape)
    assert not dialog.isVisible()
    assert window.counter.message.text() == f"{NEW_CARD} numaralı kart kaydedilmedi."
    assert _one(window.venue, "SELECT COUNT(*) FROM customer") == before


def test_enrolment_names_a_wrong_family_birth_date_and_stays_open(
    qtbot, window: main_window.MainWindow
) -> None:  # type: ignore[no-untyped-def]
    dialog = _open_enrolment(qtbot, window)
    qtbot.keyClicks(dialog.name_edit, "Zeynep")
    dialog.add_family_member()
    qtbot.keyClicks(dialog.family_rows[0].birth_edit, "31.02.2019")
    qtbot.keyClick(dialog.family_rows[0].birth_edit, Qt.Key.Key_Return)
    assert dialog.isVisible()
    assert dialog.error_label.text() == "Aile üyesinin doğum tarihini GG.AA.YYYY olarak yazın."
    assert _one(window.venue, "SELECT COUNT(*) FROM card WHERE number = ?", NEW_CARD) == (0,)


def _guest_with_a_fresh_visit(qtbot, window: main_window.MainWindow) -> int:  # type: ignore[no-untyped-def]
    opened = window.venue
    actor = window.counter.actor
    form = checkout.Enrolment(first_name="Mert")
    customer_id = opened.checkout.enrol(actor, NEW_CARD, form).value
    draft = checkout.VisitDraft(customer_id, None, 125_000, uuid.uuid4().hex)
    saved = opened.checkout.record_visit(actor, draft).value
    with qtbot.waitSignal(window.counter.guest_shown, timeout=3000):
        window.counter.lookup(NEW_CARD)
    assert window.counter.form.void_button.isEnabled()
    return saved.visit_id


def _open_void(qtbot, window: main_window.MainWindow):  # type: ignore[no-untyped-def]
    qtbot.mouseClick(window.counter.form.void_button, Qt.MouseButton.LeftButton)
    dialog = window.counter.void_dialog
    assert dialog is not None
    _activate(qtbot, dialog)
    return dialog


def test_void_with_a_preset_reason_and_a_note_on_enter(
    qtbot, window: main_window.MainWindow
) -> None:  # type: ignore[no-untyped-def]
    visit_id = _guest_with_a_fresh_visit(qtbot, window)
    dialog = _open_void(qtbot, window)
    assert "₺1.250,00" in dialog.findChild(type(dialog.error_label), "DialogTitle").text()
    assert QApplication.focusWidget() is dialog.void_button
    qtbot.keyClick(QApplication.focusWidget(), "1")  # key 1: wrong amount
    assert dialog.preset() == "wrong_amount"
    assert QApplication.focusWidget() is dialog.note_edit
    qtbot.keyClicks(dialog.note_edit, "125 yerine 1250")
    qtbot.keyClick(dialog.note_edit, Qt.Key.Key_Return)
    assert not dialog.isVisible()
    qtbot.waitUntil(
        lambda: (
            _one(window.venue, "SELECT void_reason FROM visit WHERE id = ?", visit_id)
            == ("Yanlış tutar: 125 yerine 1250",)
        ),
        timeout=3000,
    )


def test_void_other_needs_a_note_and_escape_keeps_the_visit(
    qtbot, window: main_window.MainWindow
) -> None:  # type: ignore[no-untyped-def]
    visit_id = _guest_with_a_fresh_visit(qtbot, window)
    dialog = _open_void(qtbot, window)
    qtbot.keyClick(dialog.void_button, Qt.Key.Key_Return)  # no reason yet
    assert dialog.isVisible() and dialog.error_label.text() == "Bir neden seçin ya da yazın."
    qtbot.mouseClick(dialog.preset_buttons["other"], Qt.MouseButton.LeftButton)
    qtbot.keyClick(dialog.note_edit, Qt.Key.Key_Return)
    assert dialog.isVisible() and dialog.error_label.text() == "Ne olduğunu birkaç sözcükle yazın."
    qtbot.keyClick(dialog.note_edit, Qt.Key.Key_Escape)
    assert not dialog.isVisible()
    qtbot.wait(200)
    assert _one(window.venue, "SELECT voided_at FROM visit WHERE id = ?", visit_id) == (None,)
