"""The customer browser in the back office: the lazy table, the search as typed, navigation."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt

from boostdesk.domain import search
from boostdesk.ui.backoffice import customers, shell


def open_browser(qtbot, office: shell.BackOfficePage) -> customers.CustomersSection:  # type: ignore[no-untyped-def]
    office.navigate("customers")
    page = office.section("customers")
    assert isinstance(page, customers.CustomersSection)
    qtbot.waitUntil(page.settled, timeout=10_000)
    return page


def names(page: customers.CustomersSection) -> list[str]:
    return [page.model.index(r, 0).data() for r in range(page.model.rowCount())]


def test_the_table_pages_lazily_and_passes_the_model_tester(qtbot, qtmodeltester, office) -> None:  # type: ignore[no-untyped-def]
    page = open_browser(qtbot, office)
    assert page.model.total == 600
    assert page.model.rowCount() == 100  # one page, not 600 rows
    assert page.model.canFetchMore(page.model.index(-1, -1))
    page.model.fetchMore(page.model.index(-1, -1))
    qtbot.waitUntil(lambda: page.model.rowCount() == 200, timeout=10_000)
    shown = names(page)
    assert shown == sorted(shown, key=search.fold)
    qtmodeltester.check(page.model, force_py=True)


def test_typing_a_turkish_name_in_capitals_finds_it_in_small_letters(qtbot, office) -> None:  # type: ignore[no-untyped-def]
    page = open_browser(qtbot, office)
    for letter in "IŞIK":  # one edit per letter, as typed (QTest types ASCII keys only)
        page.search_edit.insert(letter)
    qtbot.waitUntil(lambda: page.settled() and page.query.search == "IŞIK", timeout=10_000)
    found = names(page)
    assert found and all("ışık" in search.fold(n).replace("isik", "ışık") for n in found)
    assert all("Işık" in n for n in found)
    assert page.count_label.text().startswith(str(len(found)))


def test_sorting_by_a_header_asks_for_the_list_in_that_order(qtbot, office) -> None:  # type: ignore[no-untyped-def]
    page = open_browser(qtbot, office)
    visits_column = page.model.COLUMNS.index("visits")
    page.table.sortByColumn(visits_column, Qt.SortOrder.DescendingOrder)
    qtbot.waitUntil(lambda: page.settled() and page.query.sort == "visits", timeout=10_000)
    visits = [page.model.rows[r].visits for r in range(page.model.rowCount())]
    assert visits == sorted(visits, reverse=True) and visits[0] > visits[-1]


def test_other_pages_open_a_filtered_list_and_enter_opens_the_guest(qtbot, office) -> None:  # type: ignore[no-untyped-def]
    venue = office.venue
    venue.segmentation.recompute_all(dt.date(2026, 11, 24), persist=True)
    office.navigate("customers", segment=("lifecycle", "loyal"))
    page = office.section("customers")
    qtbot.waitUntil(lambda: page.settled() and page.query.segment is not None, timeout=10_000)
    assert page.model.rowCount() > 0
    assert {row.lifecycle for row in page.model.rows} == {"loyal"}
    assert page.segment_combo.currentData() == "loyal"
    # as the dashboard and the movements page call it
    moved = ("new", "loyal", dt.date(2030, 1, 1))
    until = dt.date(2030, 1, 31)
    office.navigate("customers", family="lifecycle", segment="loyal", moved=moved, until=until)
    qtbot.waitUntil(lambda: page.settled() and page.query.moved is not None, timeout=10_000)
    assert page.model.rowCount() == 0 and page.empty_label.isVisible()
    assert page.chip.isVisible()


def test_the_owner_exports_the_list_as_shown(qtbot, office, tmp_path) -> None:  # type: ignore[no-untyped-def]
    import csv

    page = open_browser(qtbot, office)
    for letter in "ışık":
        page.search_edit.insert(letter)
    qtbot.waitUntil(lambda: page.settled() and page.query.search == "ışık", timeout=10_000)
    target = tmp_path / "list.csv"
    page.export_to(target)
    qtbot.waitUntil(lambda: "list.csv" in page.count_label.text(), timeout=20_000)
    with target.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert len(rows) == page.model.total and rows
    assert all("isik" in search.fold(f"{r['first_name']} {r['last_name']}") for r in rows)
