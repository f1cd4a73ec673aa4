"""The custom segments and promotion planner pages on the hand-built venue."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from boostdesk.services import venue
from boostdesk.ui.backoffice import planner, segments


@pytest.fixture
def demo_venue(handbuilt):  # type: ignore[no-untyped-def]
    """The window and back office of these tests run on the hand-built venue."""
    return handbuilt[0]


def _open(qtbot, office, key: str):  # type: ignore[no-untyped-def]
    shown = office.section(key)
    with qtbot.waitSignal(shown.base_loaded, timeout=20_000):
        office.navigate(key)
    qtbot.waitUntil(shown.is_settled, timeout=10_000)
    return shown


def test_a_segment_is_built_with_a_live_count_and_saved(  # type: ignore[no-untyped-def]
    qtbot, office, qtmodeltester, demo_venue: venue.Venue
) -> None:
    page = _open(qtbot, office, "segments")
    assert isinstance(page, segments.SegmentsSection)
    assert page.count == 3  # visits in 30 days >= 3: Ada, Bora, Hakan
    assert page.count_label.text() == "3"
    row = page.conditions.rows[0]
    with qtbot.waitSignal(page.count_shown, timeout=10_000):
        row.metric_box.setCurrentIndex(row.metric_box.findData("district"))
        row.label.setCurrentIndex(row.label.findData("Kadıköy"))
    assert page.count == 2  # Ada and Ece
    with qtbot.waitSignal(page.count_shown, timeout=10_000):
        added = page.conditions.add()
        added.metric_box.setCurrentIndex(added.metric_box.findData("consent_sms"))
    assert page.count == 2  # both agreed to SMS
    qtbot.keyClicks(page.name, "Kadikoy SMS")  # QTest types ASCII only
    assert page.save_button.isEnabled()
    with qtbot.waitSignal(page.base_loaded, timeout=20_000):
        qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)
    (saved,) = demo_venue.custom_segments.saved()
    assert saved.name == "Kadikoy SMS" and len(saved.spec["all"]) == 2
    assert page.saved.rows[0].key == saved.key and page.editing == saved.key
    qtmodeltester.check(page.saved)


def test_the_planner_shows_reach_and_units_with_its_assumptions(qtbot, office) -> None:  # type: ignore[no-untyped-def]
    page = _open(qtbot, office, "planner")
    assert isinstance(page, planner.PlannerSection)
    # At risk, Lost and Gone are ticked at first: Ece, Jale, Fikret reached; Gül is Gone
    assert sorted(page.chosen()) == [
        ("lifecycle", "at_risk"),
        ("lifecycle", "gone"),
        ("lifecycle", "lost"),
    ]
    assert page.figures["reach"].text() == "3"
    assert page.plan is not None and page.plan.gone == 1
    with qtbot.waitSignal(page.plan_shown, timeout=10_000):
        page.channel.setCurrentIndex(page.channel.findData("sms"))
    assert page.figures["reach"].text() == "1"  # only Ece agreed to SMS
    assert page.figures["units"].text() == str(page.plan.units)
    text = page.assumptions.text()
    assert "BG/NBD" in text or "%" in text
    with qtbot.waitSignal(page.plan_shown, timeout=10_000):
        page.choose([])
    assert page.figures["reach"].text() == "0"


def test_nested_groups_saved_elsewhere_survive_an_edit(  # type: ignore[no-untyped-def]
    qtbot, office, demo_venue: venue.Venue
) -> None:
    owner = demo_venue.users.sign_in("1234")
    group = {
        "any": [
            {"metric": "consent_sms", "op": "==", "value": 1},
            {"metric": "consent_email", "op": "==", "value": 1},
        ]
    }
    spec = {"all": [{"metric": "visits", "op": ">=", "value": 1}, group]}
    key = demo_venue.custom_segments.save(owner, None, "Reachable", spec).value
    page = _open(qtbot, office, "segments")
    with qtbot.waitSignal(page.count_shown, timeout=10_000):
        page.saved_table.selectRow(0)
    assert page.editing == key and len(page.conditions.rows) == 1
    assert page.groups_hint.isVisibleTo(page)
    assert page.count == 5  # came, and agreed to SMS or e-mail: Ada, Ece, Fikret, Gül, Jale
    with qtbot.waitSignal(page.base_loaded, timeout=20_000):
        qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)
    (saved,) = demo_venue.custom_segments.saved()
    assert saved.version == 2 and group in saved.spec["all"]  # the group was kept
