"""The Venue settings and Users sections as the owner uses them, on the demo venue (in Turkish)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractSpinBox

from boostdesk.services import ops
from boostdesk.services import users as users_service
from boostdesk.storage import audit
from boostdesk.ui.backoffice import settings, shell, users


def _open(office: shell.BackOfficePage, key: str):  # type: ignore[no-untyped-def]
    office.navigate(key)
    return office.section(key)


def _user_rows(page: users.UsersSection) -> dict[str, tuple[str, str]]:
    model = page.model
    return {
        model.index(row, 0).data(): (model.index(row, 1).data(), model.index(row, 2).data())
        for row in range(model.rowCount())
    }


def _select(page: users.UsersSection, name: str) -> None:
    for row in range(page.model.rowCount()):
        if page.model.index(row, 0).data().startswith(name):
            page.table.selectRow(row)
            return
    raise AssertionError(name)


def test_users_are_listed_with_role_and_state(qtbot, qtmodeltester, office) -> None:  # type: ignore[no-untyped-def]
    page = _open(office, "users")
    qtbot.waitUntil(lambda: page.model.rowCount() == 2, timeout=10_000)
    qtmodeltester.check(page.model)
    rows = _user_rows(page)
    assert rows["Sahip (siz)"] == ("Sahip", "Etkin")
    assert rows["Kasa"] == ("Kasiyer", "Etkin")


def test_the_owner_adds_a_cashier_who_can_then_sign_in(qtbot, office) -> None:  # type: ignore[no-untyped-def]
    page = _open(office, "users")
    qtbot.waitUntil(lambda: page.model.rowCount() == 2, timeout=10_000)
    qtbot.mouseClick(page.add_button, Qt.MouseButton.LeftButton)
    dialog = page.dialog
    assert dialog is not None and dialog.isVisible()
    dialog.name_edit.setText("Ayşe")
    qtbot.keyClicks(dialog.pin_edit, "4826")
    qtbot.keyClicks(dialog.pin_again, "4827")
    dialog.buttons.button(dialog.buttons.StandardButton.Ok).click()
    assert dialog.isVisible() and "aynı" in dialog.message.text().lower()  # PINs differ
    dialog.pin_again.clear()
    qtbot.keyClicks(dialog.pin_again, "4826")
    dialog.buttons.button(dialog.buttons.StandardButton.Ok).click()
    qtbot.waitUntil(lambda: "Ayşe" in _user_rows(page), timeout=10_000)
    assert _user_rows(page)["Ayşe"] == ("Kasiyer", "Etkin")
    venue = office.venue
    assert venue.users.sign_in("4826").name == "Ayşe"
    assert audit.latest(venue.store, 5)[1].action == "user.create"


def test_disable_then_enable_with_a_new_pin(qtbot, office) -> None:  # type: ignore[no-untyped-def]
    page = _open(office, "users")
    qtbot.waitUntil(lambda: page.model.rowCount() == 2, timeout=10_000)
    _select(page, "Kasa")
    assert page.active_button.text() == "Devre dışı bırak"
    qtbot.mouseClick(page.active_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: _user_rows(page)["Kasa"][1] == "Devre dışı", timeout=10_000)
    _select(page, "Kasa")
    qtbot.mouseClick(page.active_button, Qt.MouseButton.LeftButton)  # "Enable…" asks a PIN
    dialog = page.dialog
    assert dialog is not None and not dialog.name_edit.isVisible()
    qtbot.keyClicks(dialog.pin_edit, "3579")
    qtbot.keyClicks(dialog.pin_again, "3579")
    dialog.buttons.button(dialog.buttons.StandardButton.Ok).click()
    qtbot.waitUntil(lambda: _user_rows(page)["Kasa"][1] == "Etkin", timeout=10_000)
    assert office.venue.users.sign_in("3579").name == "Kasa"


def test_the_last_owner_cannot_be_disabled(qtbot, office) -> None:  # type: ignore[no-untyped-def]
    page = _open(office, "users")
    qtbot.waitUntil(lambda: page.model.rowCount() == 2, timeout=10_000)
    _select(page, "Sahip")
    qtbot.mouseClick(page.active_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.status.property("error") is True, timeout=10_000)
    assert "son" in page.status.text().lower()  # "the last active owner …"
    assert _user_rows(page)["Sahip (siz)"][1] == "Etkin"


def test_the_venue_name_is_saved_and_the_reward_rates_are_one_click_away(qtbot, office) -> None:  # type: ignore[no-untyped-def]
    page = _open(office, "settings")
    qtbot.waitUntil(lambda: page.name_edit.text() != "", timeout=10_000)
    assert page.zone_box.currentText() == "Europe/Istanbul"
    venue = office.venue
    rates_before = {k: v for k, v in venue.settings.all().items() if k.startswith("loyalty.")}
    page.name_edit.clear()
    page.name_edit.insert("Köşe Kahvecisi")
    qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: venue.settings.venue_name() == "Köşe Kahvecisi", timeout=10_000)
    window = office.window()
    qtbot.waitUntil(lambda: window.venue_label.text() == "Köşe Kahvecisi", timeout=10_000)
    assert audit.latest(venue.store, 1)[0].detail == "venue.name"  # no reward rate with it
    qtbot.waitUntil(lambda: page.status.text() != "", timeout=10_000)
    assert {k: v for k, v in venue.settings.all().items() if k.startswith("loyalty.")} == (
        rates_before
    )

    # No second set of rate fields here: the owner follows the link to the one rules page.
    assert not page.findChildren(QAbstractSpinBox)
    qtbot.mouseClick(page.rewards_button, Qt.MouseButton.LeftButton)
    assert office.current_key() == "rewards"
    rewards = office.section("rewards")
    qtbot.waitUntil(lambda: rewards.versions.rowCount() > 0, timeout=10_000)
    assert rewards.form.edits["loyalty.cashback_bp"].isVisible()


def test_a_new_time_zone_is_confirmed_then_saved(qtbot, office) -> None:  # type: ignore[no-untyped-def]
    page = _open(office, "settings")
    qtbot.waitUntil(lambda: page.name_edit.text() != "", timeout=10_000)
    page.zone_box.setCurrentText("Europe/Berlin")
    qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)
    box = page.confirm_box
    assert box is not None and box.isVisible()
    box.button(box.StandardButton.Yes).click()
    venue = office.venue
    qtbot.waitUntil(lambda: venue.settings.get("venue.timezone") == "Europe/Berlin", timeout=30_000)


def test_categories_are_added_moved_and_hidden(qtbot, office) -> None:  # type: ignore[no-untyped-def]
    page = _open(office, "settings")
    qtbot.waitUntil(lambda: page.category_list.count() == 5, timeout=10_000)
    assert page.category_list.item(0).text() == "Kahve"
    page.name_edit.setText("Yarım kalan düzenleme")  # not saved yet: kept across category steps
    qtbot.mouseClick(page.add_category, Qt.MouseButton.LeftButton)
    dialog = page.category_dialog
    assert dialog is not None
    dialog.setTextValue("Soğuk içecek")
    dialog.accept()
    qtbot.waitUntil(lambda: page.category_list.count() == 6, timeout=10_000)
    page.category_list.setCurrentRow(5)
    qtbot.mouseClick(page.up_category, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.category_list.item(4).text() == "Soğuk içecek", timeout=10_000)
    page.category_list.setCurrentRow(0)
    qtbot.mouseClick(page.hide_category, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "gizli" in page.category_list.item(0).text(), timeout=10_000)
    counter = [code for code, _ in office.venue.counter.categories()]
    assert "coffee" not in counter and counter[3] == "soguk_icecek"
    assert page.name_edit.text() == "Yarım kalan düzenleme"


def test_a_cashier_actor_cannot_save_settings_from_the_page(qtbot, office) -> None:  # type: ignore[no-untyped-def]
    page = _open(office, "settings")
    qtbot.waitUntil(lambda: page.name_edit.text() != "", timeout=10_000)
    office.user = ops.Actor(2, "Kasa", ops.Role.CASHIER)  # a cashier somehow at the page
    page.name_edit.setText("Başka")
    qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.status.property("error") is True, timeout=10_000)
    assert office.venue.settings.venue_name() != "Başka"
    assert isinstance(page, settings.SettingsSection)


def test_a_locked_out_user_is_shown_and_the_owner_clears_it(qtbot, office) -> None:  # type: ignore[no-untyped-def]
    venue = office.venue
    for _ in range(users_service.MAX_FAILED_ATTEMPTS):
        with pytest.raises(users_service.AuthError):
            venue.users.sign_in("5555", role=ops.Role.CASHIER)
    page = _open(office, "users")
    qtbot.waitUntil(lambda: "kilitli" in _user_rows(page).get("Kasa", ("", ""))[1], timeout=10_000)
    _select(page, "Kasa")
    assert page.unlock_button.isEnabled()
    qtbot.mouseClick(page.unlock_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: _user_rows(page)["Kasa"][1] == "Etkin", timeout=10_000)
    assert venue.users.sign_in("0000").name == "Kasa"


def test_the_card_reader_button_opens_this_computers_reader_settings(qtbot, office) -> None:  # type: ignore[no-untyped-def]
    page = _open(office, "settings")
    qtbot.mouseClick(page.reader_button, Qt.MouseButton.LeftButton)
    dialog = office.window().reader_dialog
    assert dialog is not None
    qtbot.waitUntil(dialog.isVisible, timeout=5_000)
    dialog.reject()
