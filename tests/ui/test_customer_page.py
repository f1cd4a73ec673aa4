"""The guest page: opened from the browser with Enter, it shows the guest's own numbers; the
owner's consent edit is saved with its history."""

from __future__ import annotations

from PySide6.QtCore import Qt

from boostdesk.ui.backoffice import customer, shell


def open_first_guest(qtbot, office: shell.BackOfficePage) -> customer.CustomerSection:  # type: ignore[no-untyped-def]
    office.navigate("customers")
    browser = office.section("customers")
    qtbot.waitUntil(browser.settled, timeout=10_000)
    browser.table.setFocus()
    browser.table.selectRow(1)
    qtbot.keyClick(browser.table, Qt.Key.Key_Return)
    assert office.current_key() == "customer"
    page = office.section("customer")
    assert isinstance(page, customer.CustomerSection)
    wanted = browser.model.rows[1]
    qtbot.waitUntil(
        lambda: page.file is not None and page.file.profile.id == wanted.id, timeout=10_000
    )
    return page


def test_enter_opens_the_guest_with_their_own_numbers(qtbot, qtmodeltester, office) -> None:  # type: ignore[no-untyped-def]
    page = open_first_guest(qtbot, office)
    file = page.file
    assert file is not None
    shown = page.name_label.text()
    assert shown.startswith(file.profile.first_name)
    visits = file.numbers.visits
    assert page.tiles["visits"][0].text().replace(".", "") == str(visits)
    standing = [v for v in file.visits if not v.voided]
    assert page.visits_model.rowCount() == len(file.visits) == min(visits, 100) or standing
    for model in (page.visits_model, page.ledger_model, page.segments_model,
                  page.consent_history_model):  # fmt: skip
        qtmodeltester.check(model, force_py=True)
    page.back_button.click()
    assert office.current_key() == "customers"


def test_consents_are_saved_with_their_history(qtbot, office) -> None:  # type: ignore[no-untyped-def]
    page = open_first_guest(qtbot, office)
    before = page.consent_history_model.rowCount()
    box = page.consent_boxes["email"]
    box.setChecked(not box.isChecked())
    page.consent_save.click()
    qtbot.waitUntil(lambda: page.consent_history_model.rowCount() == before + 1, timeout=10_000)
    assert page.message.isVisible() and not page.message.property("error")
