"""Saved custom segments where the owner uses them: the customer browser's filter, the dashboard's
sizes, the scenario audiences; and open pages that follow a background segment run.

On the hand-built venue (tests/handbuilt_venue.py): "Kadıköy" holds Ada and Ece, "Away 40+ days"
holds Fikret (45 days) and Gül (120 days).
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt

from boostdesk.services import ops, venue
from boostdesk.ui import background_segmentation, main_window, task_runner
from boostdesk.ui.backoffice import customers, dashboard, scenarios, segments, shell

Handbuilt = tuple[venue.Venue, dict[str, int]]
KADIKOY = {"all": [{"metric": "district", "op": "in", "value": ["Kadıköy"]}]}
AWAY = {"all": [{"metric": "days_since_last_visit", "op": ">=", "value": 40}]}


@pytest.fixture
def english(qapp):  # type: ignore[no-untyped-def]
    """The application in English (plural forms from the English translation file)."""
    from PySide6.QtCore import QCoreApplication, QLocale

    from boostdesk.ui import i18n

    translators = i18n.install(qapp, "en")
    yield
    for translator in translators:
        QCoreApplication.removeTranslator(translator)
    QLocale.setDefault(QLocale.c())


@pytest.fixture
def saved(handbuilt: Handbuilt) -> dict[str, str]:
    """Two custom segments saved by the owner; name -> key (members not stored yet)."""
    opened, _ = handbuilt
    owner = opened.users.sign_in("1234")
    return {
        name: opened.custom_segments.save(owner, None, name, spec).value
        for name, spec in (("Kadıköy", KADIKOY), ("Away 40+ days", AWAY))
    }


@pytest.fixture
def office(  # type: ignore[no-untyped-def]
    qtbot, handbuilt: Handbuilt, runner: task_runner.TaskRunner, sign_in_at_till, english
) -> Iterator[shell.BackOfficePage]:
    window = main_window.MainWindow(handbuilt[0], runner, demo=False)
    qtbot.addWidget(window)
    window.resize(1366, 768)
    window.show()
    sign_in_at_till(window, "0000")
    qtbot.keyClick(window, Qt.Key.Key_F2)
    page = window.backoffice
    qtbot.keyClicks(page.pin_edit, "1234")
    qtbot.keyClick(page.pin_edit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: page.currentWidget() is page.workplace, timeout=30_000)
    yield page
    # a page's read still queued must not outlive the venue the fixtures close next
    qtbot.waitUntil(lambda: not runner.is_busy(), timeout=30_000)


def _recompute(opened: venue.Venue) -> None:
    opened.segmentation.recompute_all(actor=ops.SYSTEM)


def _names(page: customers.CustomersSection) -> list[str]:
    return [page.model.index(r, 0).data() for r in range(page.model.rowCount())]


def _dashboard(qtbot, office: shell.BackOfficePage) -> dashboard.DashboardSection:  # type: ignore[no-untyped-def]
    page = office.section("dashboard")
    assert isinstance(page, dashboard.DashboardSection)
    qtbot.waitUntil(lambda: page.shown is not None, timeout=30_000)
    return page


def _strip(page: dashboard.DashboardSection) -> list[str]:
    return [button.text() for button in page.custom_sizes.buttons]


def test_the_browser_filters_by_each_saved_custom_segment(  # type: ignore[no-untyped-def]
    qtbot, handbuilt: Handbuilt, saved: dict[str, str], office: shell.BackOfficePage
) -> None:
    _recompute(handbuilt[0])
    office.navigate("customers")
    page = office.section("customers")
    assert isinstance(page, customers.CustomersSection)
    qtbot.waitUntil(
        lambda: page.settled() and page.family_combo.findData("custom") >= 0, timeout=10_000
    )
    assert page.model.total == 10

    page.family_combo.setCurrentIndex(page.family_combo.findData("custom"))
    assert page.family_combo.currentText() == "Custom segments"
    offered = [page.segment_combo.itemText(n) for n in range(page.segment_combo.count())]
    assert offered == ["Choose a segment", "Kadıköy (2)", "Away 40+ days (2)"]

    page.segment_combo.setCurrentIndex(page.segment_combo.findData(saved["Kadıköy"]))
    qtbot.waitUntil(
        lambda: page.settled() and page.query.custom_segment is not None, timeout=10_000
    )
    assert _names(page) == ["Ada", "Ece"]
    assert page.count_label.text() == "2 guests"

    page.segment_combo.setCurrentIndex(page.segment_combo.findData(saved["Away 40+ days"]))
    qtbot.waitUntil(
        lambda: page.settled() and page.query.custom_segment == saved["Away 40+ days"],
        timeout=10_000,
    )
    assert _names(page) == ["Fikret", "Gül"]
    # with the search: only the members that match it
    page.search_edit.setText("gül")
    qtbot.waitUntil(lambda: page.settled() and page.query.search == "gül", timeout=10_000)
    assert _names(page) == ["Gül"] and page.count_label.text() == "1 guest"

    # back to every guest
    page.search_edit.clear()
    page.family_combo.setCurrentIndex(0)
    qtbot.waitUntil(lambda: page.settled() and page.query.custom_segment is None, timeout=10_000)
    assert page.model.total == 10


def test_the_dashboard_shows_their_sizes_and_opens_their_guests(  # type: ignore[no-untyped-def]
    qtbot, handbuilt: Handbuilt, saved: dict[str, str], office: shell.BackOfficePage
) -> None:
    _recompute(handbuilt[0])
    page = _dashboard(qtbot, office)
    page.reload()  # the landing page may have been read before the run above
    qtbot.waitUntil(lambda: _strip(page) == ["Kadıköy: 2 guests", "Away 40+ days: 2 guests"])
    assert page.custom_sizes.isVisible()

    qtbot.mouseClick(page.custom_sizes.buttons[0], Qt.MouseButton.LeftButton)
    browser = office.section("customers")
    assert isinstance(browser, customers.CustomersSection)
    assert office.current_key() == "customers"
    qtbot.waitUntil(
        lambda: browser.settled() and browser.query.custom_segment is not None, timeout=10_000
    )
    assert browser.query.custom_segment == saved["Kadıköy"]
    assert browser.family_combo.currentData() == "custom"
    assert browser.segment_combo.currentText() == "Kadıköy (2)"
    assert _names(browser) == ["Ada", "Ece"]


def test_a_venue_without_custom_segments_shows_no_strip_and_no_filter_entry(  # type: ignore[no-untyped-def]
    qtbot, office: shell.BackOfficePage
) -> None:
    page = _dashboard(qtbot, office)
    assert not page.custom_sizes.isVisible() and _strip(page) == []
    office.navigate("customers")
    browser = office.section("customers")
    assert isinstance(browser, customers.CustomersSection)
    # the filter's choices (the families of the stored segments) arrive after the first page
    qtbot.waitUntil(lambda: browser.settled() and bool(browser.segment_keys), timeout=10_000)
    assert browser.family_combo.findData("custom") < 0


def test_they_are_offered_as_scenario_audiences(  # type: ignore[no-untyped-def]
    qtbot, handbuilt: Handbuilt, saved: dict[str, str], office: shell.BackOfficePage
) -> None:
    opened, _ = handbuilt
    audiences = {f"custom:{s.key}": s.name for s in opened.custom_segments.saved()}
    assert audiences == {f"custom:{key}": name for name, key in saved.items()}
    office.navigate("scenarios")
    page = office.section("scenarios")
    assert isinstance(page, scenarios.ScenariosSection)
    combo = page.editor.audience
    qtbot.waitUntil(lambda: combo.findData(f"custom:{saved['Kadıköy']}") >= 0, timeout=10_000)
    assert combo.findData(f"custom:{saved['Away 40+ days']}") >= 0


def test_open_pages_follow_a_background_segment_run(  # type: ignore[no-untyped-def]
    qtbot,
    handbuilt: Handbuilt,
    saved: dict[str, str],
    office: shell.BackOfficePage,
    runner: task_runner.TaskRunner,
) -> None:
    # saved, not yet run: the dashboard shows no member yet
    page = _dashboard(qtbot, office)
    page.reload()
    qtbot.waitUntil(lambda: _strip(page) == ["Kadıköy: 0 guests", "Away 40+ days: 0 guests"])

    background = background_segmentation.BackgroundSegmentation(handbuilt[0], runner)
    with qtbot.waitSignal(background.run_finished, timeout=60_000):
        background.run_now()
    # nobody reloaded the page: the run's changes did
    qtbot.waitUntil(lambda: _strip(page) == ["Kadıköy: 2 guests", "Away 40+ days: 2 guests"])

    # the custom segments page, open during the next run, shows the new member counts too
    office.navigate("segments")
    listed = office.section("segments")
    assert isinstance(listed, segments.SegmentsSection)
    qtbot.waitUntil(lambda: len(listed.saved.rows) == 2, timeout=20_000)
    opened = handbuilt[0]
    owner = opened.users.sign_in("1234")
    # Kadıköy or SMS: Ada, Ece, Gül
    wider = {"any": [*KADIKOY["all"], {"metric": "consent_sms", "op": "==", "value": 1}]}
    opened.custom_segments.save(owner, saved["Kadıköy"], "Kadıköy", wider)
    with qtbot.waitSignal(background.run_finished, timeout=60_000):
        background.run_now()
    qtbot.waitUntil(
        lambda: (
            [(r.name, r.members) for r in listed.saved.rows]
            == [("Kadıköy", 3), ("Away 40+ days", 2)]
        ),
        timeout=20_000,
    )
