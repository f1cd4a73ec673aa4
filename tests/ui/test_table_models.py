"""The one table-model base of the app's short lists: what a user sees in a table built on it
(titles, right-aligned figures, greyed rows, tick boxes that survive a reload), checked with
pytest-qt's model tester."""

from __future__ import annotations

from PySide6.QtCore import Qt

from boostdesk.ui import table_models


def test_text_rows_show_their_texts_with_figures_on_the_right(qtmodeltester) -> None:  # type: ignore[no-untyped-def]
    model = table_models.TextRowsModel(("Name", "Visits"), right=(1,))
    model.set_texts([("Ayşe", "12"), ("Barış", "3")], keys=[7, 9], muted=[9])
    qtmodeltester.check(model)
    assert model.headerData(1, Qt.Orientation.Horizontal) == "Visits"
    assert model.index(0, 0).data() == "Ayşe" and model.index(1, 1).data() == "3"
    right = model.index(0, 1).data(Qt.ItemDataRole.TextAlignmentRole)
    assert right == table_models.RIGHT
    title = model.headerData(1, Qt.Orientation.Horizontal, Qt.ItemDataRole.TextAlignmentRole)
    assert title == right
    assert model.index(0, 0).data(Qt.ItemDataRole.TextAlignmentRole) is None
    # a disabled user is greyed, the others keep the table's colour
    assert model.index(1, 0).data(Qt.ItemDataRole.ForegroundRole) == table_models.MUTED
    assert model.index(0, 0).data(Qt.ItemDataRole.ForegroundRole) is None
    assert model.key(1) == 9 and model.row_of(7) == 0
    model.set_texts([])
    qtmodeltester.check(model)
    assert model.rowCount() == 0


def test_ticks_are_kept_for_rows_still_listed_after_a_reload(qtmodeltester) -> None:  # type: ignore[no-untyped-def]
    model = table_models.TextRowsModel(("Code", "Guest"), checkable=True)
    model.set_texts([("A1", "Ada"), ("B2", "Ece"), ("C3", "Can")], keys=["A1", "B2", "C3"])
    qtmodeltester.check(model)
    checked = Qt.CheckState.Checked
    assert model.setData(model.index(0, 0), checked, Qt.ItemDataRole.CheckStateRole)
    assert model.setData(model.index(2, 0), checked.value, Qt.ItemDataRole.CheckStateRole)
    assert not model.setData(model.index(1, 1), checked, Qt.ItemDataRole.CheckStateRole)
    assert model.checked() == ["A1", "C3"]
    model.set_texts([("C3", "Can"), ("D4", "Deniz")], keys=["C3", "D4"])  # A1 was used
    assert model.checked() == ["C3"]
    assert model.index(0, 0).data(Qt.ItemDataRole.CheckStateRole) == checked
    model.set_all_checked(True)
    assert model.checked() == ["C3", "D4"]
    qtmodeltester.check(model)


def test_rows_given_without_keys_are_keyed_by_position(qtmodeltester) -> None:  # type: ignore[no-untyped-def]
    model = table_models.TextRowsModel(("Date", "Amount", "State"))
    model.set_texts([("23.11.2026", "₺45,00")])  # a short row: the missing cell is blank
    qtmodeltester.check(model)
    assert model.keys() == [0]
    assert model.index(0, 2).data() == ""
    assert model.index(0, 0).data(Qt.ItemDataRole.CheckStateRole) is None
