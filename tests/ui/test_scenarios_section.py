"""The Scenarios section as the owner uses it, in Turkish on the demo venue: the list and its
editor, the cost of the next run before switching on, switching on, results and outbox."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt

from boostdesk.services import ops
from boostdesk.ui.backoffice import shell

AS_OF = dt.date(2026, 11, 24)


def _open(qtbot, office: shell.BackOfficePage):  # type: ignore[no-untyped-def]
    office.navigate("scenarios")
    page = office.section("scenarios")
    qtbot.waitUntil(lambda: page.model.rowCount() > 0, timeout=10_000)
    return page


def _row_of(page, key: str) -> int:  # type: ignore[no-untyped-def]
    return [info.key for info in page.model.rows].index(key)


def test_the_scenario_models_are_sound(qtbot, qtmodeltester, office) -> None:  # type: ignore[no-untyped-def]
    page = _open(qtbot, office)
    qtmodeltester.check(page.model)
    qtmodeltester.check(page.results_model)
    qtmodeltester.check(page.outbox_model)
    names = [page.model.index(r, 0).data() for r in range(page.model.rowCount())]
    assert "Geri kazanma (Risk altında)" in names and "Doğum günü" in names
    assert page.tabs.tabText(1) == "Sonuçlar"


def test_cost_of_the_next_run_then_switch_on(qtbot, office) -> None:  # type: ignore[no-untyped-def]
    venue = office.venue
    venue.segmentation.recompute_all(AS_OF - dt.timedelta(days=1), persist=True)
    venue.segmentation.recompute_all(AS_OF, persist=True)
    page = _open(qtbot, office)
    page.table.selectRow(_row_of(page, "family_birthday"))  # off in the demo
    assert page.switch_button.text() == "Aç"
    assert page.editor.reward_kind.currentData() == "fixed"
    assert page.editor.amount.isVisible() and not page.editor.factor.isVisible()
    page.editor.amount.setValue(60)
    qtbot.mouseClick(page.preview_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(
        lambda: page.preview_label.text().startswith("Sonraki çalışma:"), timeout=10_000
    )
    assert "maliyet ₺" in page.preview_label.text()
    nothing_written = venue.store.execute("SELECT COUNT(*) FROM scenario_member").fetchone()[0]
    assert nothing_written == 0
    qtbot.mouseClick(page.switch_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(
        lambda: page.model.rows[_row_of(page, "family_birthday")].enabled, timeout=10_000
    )
    saved = {info.key: info for info in venue.scenarios.listed()}["family_birthday"]
    assert saved.enabled and saved.scenario.reward.amount_minor == 6_000


def test_a_wrong_placeholder_is_named_and_nothing_saved(qtbot, office) -> None:  # type: ignore[no-untyped-def]
    page = _open(qtbot, office)
    page.table.selectRow(_row_of(page, "welcome"))
    page.editor.body.setPlainText("Merhaba {isim}")
    qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)
    assert "{isim}" in page.message.text()


def test_results_and_outbox_after_a_run(qtbot, office) -> None:  # type: ignore[no-untyped-def]
    venue = office.venue
    venue.segmentation.recompute_all(AS_OF - dt.timedelta(days=1), persist=True)
    venue.segmentation.recompute_all(AS_OF, persist=True)
    run = venue.scenarios.run(ops.SYSTEM, AS_OF).value
    winback = {s.key: s for s in run.scenarios}["winback_at_risk"]
    page = _open(qtbot, office)
    page.on_shown()
    row = next(i for i, r in enumerate(page.results_model.rows) if r.key == "winback_at_risk")
    qtbot.waitUntil(lambda: page.results_model.rows[row].comparison.treated > 0, timeout=10_000)
    cells = page.results_model.cells(page.results_model.rows[row])
    assert cells[1] == f"{winback.treated} / {winback.holdout}"
    assert cells[7] == "Örneklem sonuç çıkarmak için çok küçük"
    assert "Sırada" in page.outbox_counts.text()
    assert page.outbox_model.rowCount() == min(200, sum(s.messages for s in run.scenarios))
