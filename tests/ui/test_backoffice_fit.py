"""Back-office pages on a laptop screen: in Turkish (the longer language), at 1280×800 and
1366×768, a page neither grows the window nor hides what the owner reads in it."""

from __future__ import annotations

import pytest

from boostdesk.ui.backoffice import customers, printers, shell

# The pages whose layout was fixed for these sizes (the others are checked by screenshots).
PAGES = ("dashboard", "customers", "customer", "rules", "settings", "printers", "scenarios")


@pytest.fixture(autouse=True)
def look(qapp):  # type: ignore[no-untyped-def]
    """The app's own fonts and style sheet (every size on screen depends on them)."""
    from boostdesk.ui import application

    font = qapp.font()
    application.apply_look(qapp)
    yield
    qapp.setStyleSheet("")
    qapp.setFont(font)


def _show(qtbot, office: shell.BackOfficePage, key: str, size: tuple[int, int]):  # type: ignore[no-untyped-def]
    window = office.window()
    window.resize(*size)
    office.navigate(key)
    page = office.section(key)
    settled = getattr(page, "is_settled", lambda: True)
    qtbot.waitUntil(lambda: settled() and not office.context.runner.is_busy(), timeout=30_000)
    qtbot.wait(50)  # the layout follows the loaded texts
    return window, page


@pytest.mark.parametrize("size", [(1280, 800), (1366, 768)])
def test_every_fixed_page_fits_the_screen(qtbot, office, size: tuple[int, int]) -> None:  # type: ignore[no-untyped-def]
    for key in PAGES:
        window, _ = _show(qtbot, office, key, size)
        needed = window.minimumSizeHint()
        assert (window.width(), window.height()) == size, key
        assert needed.width() <= size[0] and needed.height() <= size[1], key
    # every section in the navigation without scrolling it
    assert not office.nav.verticalScrollBar().isVisible()


def test_the_guest_list_keeps_room_for_the_name_at_1280(qtbot, office) -> None:  # type: ignore[no-untyped-def]
    _, page = _show(qtbot, office, "customers", (1280, 800))
    assert isinstance(page, customers.CustomersSection)
    header = page.table.horizontalHeader()
    assert page.table.columnWidth(0) >= 170  # "Ahmet Erdoğan" and longer, not "Ahmet …"
    for column in range(1, page.model.columnCount()):
        title = str(page.model.headerData(column, header.orientation()))
        if not page.table.isColumnHidden(column):
            assert page.table.columnWidth(column) >= header.fontMetrics().horizontalAdvance(title)


def test_the_voucher_list_shows_every_column_without_scrolling_sideways(qtbot, office) -> None:  # type: ignore[no-untyped-def]
    _, page = _show(qtbot, office, "printers", (1366, 768))
    assert isinstance(page, printers.PrintersSection)
    table = page.batch.table
    assert page.batch.model.rowCount() > 0
    assert not table.horizontalScrollBar().isVisible()
    guest = page.batch.model.headerData(1, table.horizontalHeader().orientation())
    assert guest == "Misafir" and table.columnWidth(1) >= 90  # names, not "Ya…"


@pytest.mark.parametrize("size", [(1280, 800), (1366, 768)])
def test_a_scenario_with_every_reward_field_fits(qtbot, office, size: tuple[int, int]) -> None:  # type: ignore[no-untyped-def]
    """A win-back voucher sized by the guest's value shows the most fields of any scenario."""
    window, page = _show(qtbot, office, "scenarios", size)
    rows = [r.scenario.reward.kind for r in page.model.rows]
    assert "value_based" in rows
    page.table.selectRow(rows.index("value_based"))
    qtbot.waitUntil(lambda: page.editor.factor.isVisible())
    qtbot.wait(50)
    needed = window.minimumSizeHint()
    assert needed.width() <= size[0] and needed.height() <= size[1]
    assert page.switch_button.width() >= page.switch_button.sizeHint().width()  # text not clipped
    # the choices read whole: "Misafir değerine göre çek", "× aylık harcama"
    for combo in (page.editor.reward_kind, page.editor.basis):
        assert _text_room(combo) >= combo.fontMetrics().horizontalAdvance(combo.currentText())


def _text_room(combo) -> int:  # type: ignore[no-untyped-def]
    """The width a combo box leaves for its current text (without frame and arrow)."""
    from PySide6.QtWidgets import QStyle, QStyleOptionComboBox

    option = QStyleOptionComboBox()
    combo.initStyleOption(option)
    field = combo.style().subControlRect(
        QStyle.ComplexControl.CC_ComboBox, option, QStyle.SubControl.SC_ComboBoxEditField, combo
    )
    return field.width()


@pytest.mark.parametrize("size", [(1280, 800), (1366, 768)])
def test_the_rules_form_needs_no_sideways_scrolling(qtbot, office, size: tuple[int, int]) -> None:  # type: ignore[no-untyped-def]
    """Every threshold is in view across: the owner scrolls the rules down, never sideways."""
    from PySide6.QtWidgets import QScrollArea

    _, page = _show(qtbot, office, "rules", size)
    scroll = page.findChild(QScrollArea, "RulesScroll")
    assert scroll.horizontalScrollBar().maximum() == 0
    assert page.form.width() <= scroll.viewport().width()
    # the rightmost field of the widest row is whole in view
    bill = page.form.inputs["segments.lifecycle.vip_average_minor"]
    right = bill.mapTo(scroll.viewport(), bill.rect().topRight()).x()
    assert bill.isVisible() and right < scroll.viewport().width()
    # the RFM map shows its eleven rows whole, with no scroll bar of its own inside the form
    rfm = page.form.rfm_table
    assert rfm.model().rowCount() == 11 and rfm.verticalScrollBar().maximum() == 0
