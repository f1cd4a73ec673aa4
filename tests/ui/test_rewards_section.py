"""The Reward rules section (Turkish back office on the demo venue): a change is previewed — the
points guests hold keep their expiry — confirmed, saved as a new audited version, and listed;
points already issued are not re-dated; a cancelled confirmation saves nothing."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from boostdesk.storage import audit
from boostdesk.ui.backoffice import rewards, shell


def _open(qtbot, office: shell.BackOfficePage) -> rewards.RewardsSection:  # type: ignore[no-untyped-def]
    office.navigate("rewards")
    page = office.section("rewards")
    assert isinstance(page, rewards.RewardsSection)
    qtbot.waitUntil(lambda: page.versions.rowCount() > 0, timeout=10_000)
    return page


def _expiries(venue) -> list[tuple[int, int]]:  # type: ignore[no-untyped-def]
    return venue.store.execute(
        "SELECT id, expires_at FROM ledger_entry WHERE expires_at IS NOT NULL ORDER BY id"
    ).fetchall()


def _confirm(qtbot, page: rewards.RewardsSection, button: QMessageBox.StandardButton) -> str:  # type: ignore[no-untyped-def]
    qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.confirm_box is not None, timeout=15_000)
    box = page.confirm_box
    assert box is not None
    text = box.text()
    box.button(button).click()
    return text


def test_a_previewed_change_is_saved_as_a_new_version_and_never_redates_points(
    qtbot, office, qtmodeltester
) -> None:  # type: ignore[no-untyped-def]
    page = _open(qtbot, office)
    venue = office.context.venue
    qtmodeltester.check(page.versions)
    before = _expiries(venue)
    versions_before = len(page.service.versions())
    page.form.edits["loyalty.points_expiry_days"].setValue(90)
    page.form.edits["loyalty.cashback_vip_bp"].setValue(12.5)

    # Cancel first: nothing saved
    text = _confirm(qtbot, page, QMessageBox.StandardButton.Cancel)
    assert "90 gün" in text and "180" in text  # the new and the old expiry, in Turkish
    assert "30 gün içinde" in text  # what expires anyway
    assert page.status.text() == "Kaydedilmedi."
    assert venue.settings.get("loyalty.points_expiry_days") == 180

    _confirm(qtbot, page, QMessageBox.StandardButton.Save)
    qtbot.waitUntil(lambda: page.status.text().endswith("sürüm olarak kaydedildi."), timeout=15_000)
    assert venue.settings.get("loyalty.points_expiry_days") == 90
    assert venue.settings.get("loyalty.cashback_vip_bp") == 1250
    saved = page.service.versions()
    assert len(saved) == max(versions_before, 1) + 1
    assert saved[-1][2].points_expiry_days == 90
    assert audit.latest(venue.store, 1)[0].action == "rewards.change"
    assert _expiries(venue) == before  # issued points keep their expiry
    qtbot.waitUntil(lambda: page.versions.rowCount() == len(saved), timeout=10_000)
    newest = [page.versions.index(0, c).data() for c in range(5)]
    assert newest[0] == str(len(saved)) and newest[4] == "90 gün"
    assert "12,5" in newest[2]


def test_nothing_changed_saves_nothing(qtbot, office) -> None:  # type: ignore[no-untyped-def]
    page = _open(qtbot, office)
    page.save_button.click()
    assert page.confirm_box is None
    assert page.status.text() == "Kaydedilecek bir şey yok: hiçbir kural değişmedi."
