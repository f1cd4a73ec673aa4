"""The Privacy section as the owner uses it: requests with their due dates (overdue ones stand
out), a guest exported and erased by card, the retention job's destruction log."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog, QMessageBox

from boostdesk.services import ops, privacy_register
from boostdesk.ui.backoffice import privacy, shell

OWNER = ops.Actor(user_id=1, name="Owner", role=ops.Role.OWNER)


def shown(qtbot, office: shell.BackOfficePage) -> privacy.PrivacySection:  # type: ignore[no-untyped-def]
    office.navigate("privacy")
    page = office.section("privacy")
    assert isinstance(page, privacy.PrivacySection)
    qtbot.waitUntil(lambda: page.retention_label.text() != "", timeout=10_000)
    return page


def test_requests_show_their_due_dates_and_the_overdue_one_stands_out(
    qtbot, qtmodeltester, office: shell.BackOfficePage
) -> None:  # type: ignore[no-untyped-def]
    venue = office.context.venue
    today = privacy_register.today(venue)
    privacy_register.add_request(venue, OWNER, "access", note="asked at the counter")
    privacy_register.add_request(
        venue, OWNER, "erasure", received_on=today - dt.timedelta(days=35), note="by e-mail"
    )
    page = shown(qtbot, office)
    qtbot.waitUntil(lambda: page.requests.rowCount() == 2, timeout=10_000)
    qtmodeltester.check(page.requests)
    model = page.requests
    first = [model.data(model.index(0, c)) for c in range(5)]
    assert first[0] == "Silme" and first[3] == "Süresi geçti" and first[4] == "by e-mail"
    assert model.data(model.index(0, 3), Qt.ItemDataRole.ForegroundRole) is not None
    assert model.data(model.index(0, 0), Qt.ItemDataRole.FontRole).bold()
    assert model.data(model.index(1, 3)) == "Açık"
    assert model.data(model.index(1, 3), Qt.ItemDataRole.ForegroundRole) is None
    assert "3 yıldan uzun" in page.retention_label.text()
    assert page.destructions_empty.isVisibleTo(page)


def test_a_guest_is_exported_and_erased_by_card(
    qtbot, monkeypatch, office: shell.BackOfficePage, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    venue = office.context.venue
    card, guest = venue.store.execute(
        "SELECT number, customer_id FROM card WHERE customer_id IS NOT NULL ORDER BY id LIMIT 1"
    ).fetchone()
    page = shown(qtbot, office)
    target = tmp_path / "guest.json"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    monkeypatch.setattr(QMessageBox, "warning", lambda *a, **k: QMessageBox.StandardButton.Yes)

    qtbot.keyClicks(page.card, str(card))
    qtbot.mouseClick(page.export_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: target.exists(), timeout=10_000)
    assert json.loads(target.read_text(encoding="utf-8"))["guest"]["id"] == guest

    qtbot.mouseClick(page.erase_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.message.text() == "Misafir silindi.", timeout=10_000)
    assert venue.store.execute(
        "SELECT anonymised_at IS NOT NULL FROM customer WHERE id = ?", (guest,)
    ).fetchone() == (1,)
    assert page.card.text() == ""

    qtbot.keyClicks(page.card, str(card))  # the card no longer leads to anyone
    qtbot.mouseClick(page.erase_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.message.text().startswith("Bu kart"), timeout=10_000)


def test_the_destruction_log_lists_the_retention_runs(
    qtbot, qtmodeltester, office: shell.BackOfficePage
) -> None:  # type: ignore[no-untyped-def]
    venue = office.context.venue
    venue.settings.change(OWNER, {"privacy.retention_years": 1})
    done = privacy_register.run_retention(venue).value.anonymised
    assert done > 0
    page = shown(qtbot, office)
    qtbot.waitUntil(lambda: page.destructions.rowCount() > 0, timeout=10_000)
    qtmodeltester.check(page.destructions)
    model = page.destructions
    assert sum(int(model.data(model.index(r, 1))) for r in range(model.rowCount())) == done
    assert model.data(model.index(0, 2)) == "1 yıldan uzun süredir gelmeyenler"
    assert "Misafir numaraları:" in model.data(model.index(0, 0), Qt.ItemDataRole.ToolTipRole)
    assert not page.destructions_empty.isVisibleTo(page)
