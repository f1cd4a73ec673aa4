"""The dashboard and movements pages on the small hand-built venue (tests/conftest.py
``small_venue``), as the owner sees them after typing the PIN."""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QLabel

from boostdesk.services import ops, setup, venue
from boostdesk.ui import formatting, main_window, task_runner
from boostdesk.ui.backoffice import dashboard, movements, registry, shell

SMALL_OWNER_PIN, SMALL_CASHIER_PIN = "4321", "1111"  # tests/conftest.py small_venue
OWNER = ops.Actor(1, "Patron", ops.Role.OWNER)


def _office(qtbot, opened: venue.Venue, runner, sign_in_at_till) -> shell.BackOfficePage:  # type: ignore[no-untyped-def]
    window = main_window.MainWindow(opened, runner, demo=False)
    qtbot.addWidget(window)
    window.resize(1366, 768)
    window.show()
    sign_in_at_till(window, SMALL_CASHIER_PIN)
    qtbot.keyClick(window, Qt.Key.Key_F2)
    page = window.backoffice
    qtbot.keyClicks(page.pin_edit, SMALL_OWNER_PIN)
    qtbot.keyClick(page.pin_edit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: page.currentWidget() is page.workplace, timeout=30_000)
    return page


@pytest.fixture
def english(qapp):  # type: ignore[no-untyped-def]
    """The application in English (its plural forms come from the English translation file)."""
    from PySide6.QtCore import QCoreApplication, QLocale

    from boostdesk.ui import i18n

    translators = i18n.install(qapp, "en")
    yield
    for translator in translators:
        QCoreApplication.removeTranslator(translator)
    QLocale.setDefault(QLocale.c())


@pytest.fixture
def office(qtbot, small_venue, runner, sign_in_at_till, english) -> shell.BackOfficePage:  # type: ignore[no-untyped-def]
    return _office(qtbot, small_venue, runner, sign_in_at_till)


@pytest.fixture
def navigations(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, dict[str, Any]]]:
    """What the pages ask the shell to open; the customer browser counts as present."""
    monkeypatch.setattr(registry, "keys", lambda: ("dashboard", "movements", "customers"))
    return []


def _record(page: Any, into: list[tuple[str, dict[str, Any]]]) -> None:
    page.context = dataclasses.replace(
        page.context, navigate=lambda key, **params: into.append((key, params))
    )


def _seven_days(qtbot, office: shell.BackOfficePage) -> dashboard.DashboardSection:  # type: ignore[no-untyped-def]
    page = office.section("dashboard")
    assert isinstance(page, dashboard.DashboardSection)
    qtbot.waitUntil(lambda: page.shown is not None, timeout=30_000)
    page.picker.select("7d")
    qtbot.waitUntil(lambda: page.shown is not None and page.shown.period.days == 7, timeout=30_000)
    return page


def test_the_dashboard_is_the_landing_page_with_the_hand_counted_figures(
    qtbot,
    office: shell.BackOfficePage,  # type: ignore[no-untyped-def]
) -> None:
    assert office.current_key() == "dashboard"
    page = _seven_days(qtbot, office)
    values = {key: tile.value.text() for key, tile in page.tiles.items()}
    assert values == {
        "active": "3",
        "visits": "4",
        "revenue": dashboard.whole_money(39_000, "TRY"),
        "average": formatting.money(9_750, "TRY"),
        "returning": "67 %",
        "points": dashboard.whole_money(1_500, "TRY"),
        "vouchers": "1",
    }
    assert page.tiles["visits"].change.text() == "+300 %"  # 4 visits against 1
    assert page.tiles["revenue"].change.text() == "+388 %"  # 390 against 80
    assert page.tiles["vouchers"].change.text() == "nothing to compare"
    assert page.tiles["returning"].change.text() == "−33 points"  # 67 % against 100 %
    assert [row.label.text() for row in page.alert_rows] == [
        "3 Loyal guests slipped to At risk this week"
    ]
    assert not any(card.is_empty for card in page.cards)


def test_the_charts_plot_the_period_and_save_as_png(
    qtbot,
    office: shell.BackOfficePage,
    tmp_path: Path,  # type: ignore[no-untyped-def]
) -> None:
    page = _seven_days(qtbot, office)
    sizes = page.shown.sizes if page.shown else None
    assert sizes is not None and len(sizes.days) == 7
    # one filled band per segment that held guests in the period
    items = page.sizes_card.plot.getPlotItem().items
    bands = [i for i in items if "FillBetween" in type(i).__name__]
    assert len(bands) == len(sizes.segments) == 4
    legend = [
        page.sizes_card.legend.itemAt(n).widget().findChild(QLabel, "LegendText").text()
        for n in range(page.sizes_card.legend.count())
    ]
    assert legend == ["Loyal", "Regular", "At risk", "Lost"]
    for card in page.cards:
        out = tmp_path / f"{card.title.text()}.png"
        assert card.export_png(out)
        image = QImage(str(out))
        assert not image.isNull() and image.width() > 200 and image.height() > 100


def test_an_alert_opens_its_guests_in_the_customer_browser(
    qtbot,
    office: shell.BackOfficePage,
    small_venue: venue.Venue,
    navigations,  # type: ignore[no-untyped-def]
) -> None:
    page = _seven_days(qtbot, office)
    _record(page, navigations)
    button = page.alert_rows[0].button
    assert button.isEnabled()
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    today = small_venue.segmentation.today()
    since = today - dt.timedelta(days=6)
    assert navigations == [
        (
            "customers",
            {"family": "lifecycle", "segment": "at_risk", "moved": ("loyal", "at_risk", since)},
        )
    ]
    ids = small_venue.movements.moved_guests(OWNER, "lifecycle", "loyal", "at_risk", since, today)
    assert _names(small_venue, ids) == ["Berk", "Cem", "Ece"]


def _names(opened: venue.Venue, ids: list[int]) -> list[str]:
    return [
        opened.store.execute("SELECT first_name FROM customer WHERE id = ?", (i,)).fetchone()[0]
        for i in ids
    ]


def test_the_movements_matrix_and_a_cell_that_opens_its_guests(
    qtbot,
    qtmodeltester,
    office: shell.BackOfficePage,
    small_venue: venue.Venue,
    navigations,  # type: ignore[no-untyped-def]
) -> None:
    office.navigate("movements")
    page = office.section("movements")
    assert isinstance(page, movements.MovementsSection)
    page.picker.select("30d")
    qtbot.waitUntil(lambda: page.shown is not None and page.shown.total == 5, timeout=30_000)
    model = page.model
    qtmodeltester.check(model)
    rows = [model.headerData(r, Qt.Orientation.Vertical) for r in range(model.rowCount())]
    columns = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())]
    assert rows == ["Loyal", "At risk", "Regular"]
    assert columns == ["Loyal", "At risk", "Lost"]
    shown = {
        (rows[r], columns[c]): model.index(r, c).data()
        for r in range(model.rowCount())
        for c in range(model.columnCount())
        if model.index(r, c).data()
    }
    assert shown == {("Loyal", "At risk"): "3", ("At risk", "Lost"): "1", ("Regular", "Loyal"): "1"}
    _record(page, navigations)
    cell = model.index(rows.index("Loyal"), columns.index("At risk"))
    page.table.scrollTo(cell)
    qtbot.mouseClick(
        page.table.viewport(), Qt.MouseButton.LeftButton, pos=page.table.visualRect(cell).center()
    )
    today = small_venue.segmentation.today()
    first = today - dt.timedelta(days=29)
    assert navigations == [
        (
            "customers",
            {
                "family": "lifecycle",
                "segment": "at_risk",
                "moved": ("loyal", "at_risk", first),
                "until": today,
            },
        )
    ]
    key, params = navigations[0]
    src, dst, since = params["moved"]
    ids = small_venue.movements.moved_guests(OWNER, params["family"], src, dst, since, today)
    assert _names(small_venue, ids) == ["Berk", "Cem", "Ece"]
    # an empty cell opens nothing
    empty = model.index(rows.index("Regular"), columns.index("Lost"))
    qtbot.mouseClick(
        page.table.viewport(), Qt.MouseButton.LeftButton, pos=page.table.visualRect(empty).center()
    )
    assert len(navigations) == 1


def test_a_new_venue_gets_a_helpful_empty_state(
    qtbot,
    empty_venue: venue.Venue,
    runner,
    sign_in_at_till,  # type: ignore[no-untyped-def]
) -> None:
    setup.set_up_venue(
        empty_venue, name="Yeni Kafe", owner_pin=SMALL_OWNER_PIN, cashier_pin=SMALL_CASHIER_PIN
    )
    office = _office(qtbot, empty_venue, runner, sign_in_at_till)
    page = office.section("dashboard")
    assert isinstance(page, dashboard.DashboardSection)
    qtbot.waitUntil(lambda: page.shown is not None, timeout=30_000)
    assert page.body.currentWidget() is page.empty_label
    assert "Record visits at the counter" in page.empty_label.text()
    office.navigate("movements")
    moves = office.section("movements")
    assert isinstance(moves, movements.MovementsSection)
    qtbot.waitUntil(lambda: moves.shown is not None, timeout=30_000)
    assert moves.body.currentWidget() is moves.empty_label
    assert "No guest changed segment" in moves.empty_label.text()


def test_a_cashier_opens_no_owner_page(
    qtbot,
    small_venue: venue.Venue,
    runner,
    sign_in_at_till,  # type: ignore[no-untyped-def]
) -> None:
    window = main_window.MainWindow(small_venue, runner, demo=False)
    qtbot.addWidget(window)
    window.show()
    sign_in_at_till(window, SMALL_CASHIER_PIN)
    qtbot.keyClick(window, Qt.Key.Key_F2)
    office = window.backoffice
    qtbot.keyClicks(office.pin_edit, SMALL_CASHIER_PIN)
    qtbot.keyClick(office.pin_edit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: bool(office.pin_message.text()), timeout=30_000)
    office.navigate("dashboard")
    office.navigate("movements")
    assert office.currentWidget() is office.gate
    # the landing page may be built behind the gate, but nothing of the venue is loaded into it
    assert "movements" not in office.sections
    built = office.sections.get("dashboard")
    assert built is None or getattr(built, "shown", None) is None


def test_a_segment_run_and_the_run_after_it_reload_the_dashboard_once(
    qtbot,
    office: shell.BackOfficePage,
    monkeypatch,  # type: ignore[no-untyped-def]
) -> None:
    """The app's segment run is followed by the expiry and scenario run, queued from its success
    handler (ui/background_segmentation.py), each broadcasting what it changed: the open
    dashboard reads the base once, after both, and updates its charts in place."""
    page = _seven_days(qtbot, office)
    runner = office.context.runner
    qtbot.waitUntil(lambda: not runner.is_busy(), timeout=10_000)
    service = office.venue.dashboard
    loads: list[Any] = []
    real_load = service.load
    monkeypatch.setattr(
        service, "load", lambda actor, chosen: (loads.append(chosen), real_load(actor, chosen))[1]
    )
    items_before = {card: list(card.plot.getPlotItem().items) for card in page.cards}

    def after_segments(_changes: ops.Changes) -> None:
        runner.run(task_runner.Op(lambda: ops.Changes(ledger=True, vouchers=True, outbox=True)))

    broadcasts: list[ops.Changes] = []
    runner.changes_applied.connect(broadcasts.append)
    segment_run = task_runner.Op(lambda: ops.Changes(segments=True, all_guests=True))
    runner.run(segment_run.on_success(after_segments))
    qtbot.waitUntil(lambda: len(broadcasts) == 2 and not runner.is_busy(), timeout=10_000)
    qtbot.waitUntil(lambda: len(loads) > 0, timeout=10_000)
    qtbot.wait(300)  # time for a second reload, were one asked for
    assert len(loads) == 1 and loads[0].days == 7  # the period the owner chose
    qtbot.waitUntil(lambda: not runner.is_busy(), timeout=10_000)
    assert page.shown is not None and not any(card.is_empty for card in page.cards)
    for card in page.cards:  # the same plot items, given new data
        assert card.plot.getPlotItem().items == items_before[card], card.title.text()

    # a change the dashboard does not show (a card scan) reads nothing
    with qtbot.waitSignal(runner.changes_applied, timeout=5_000):
        runner.run(task_runner.Op(lambda: ops.Changes(scans=True)))
    qtbot.wait(300)
    assert len(loads) == 1
