"""The rules editor on the hand-built venue: the preview's numbers, saving a version, the
recompute storing what the preview showed, stale previews dropped."""

from __future__ import annotations

import threading
import time

import pytest
from PySide6.QtCore import Qt

from boostdesk.domain.segments import thresholds
from boostdesk.services import venue
from boostdesk.storage import segments as stored_segments
from boostdesk.ui import background_segmentation
from boostdesk.ui.backoffice import live, rules

AT_RISK = thresholds.LIFECYCLE + "at_risk_days"


@pytest.fixture
def demo_venue(handbuilt):  # type: ignore[no-untyped-def]
    """The window and back office of these tests run on the hand-built venue."""
    return handbuilt[0]


@pytest.fixture
def page(qtbot, office) -> rules.RulesSection:  # type: ignore[no-untyped-def]
    with qtbot.waitSignal(office.section("rules").base_loaded, timeout=20_000):
        office.navigate("rules")
    shown = office.section("rules")
    assert isinstance(shown, rules.RulesSection)
    qtbot.waitUntil(shown.is_settled, timeout=10_000)
    return shown


def _sizes(page: rules.RulesSection) -> dict[str, tuple[int, int]]:
    return {key: (now, edited) for key, now, edited in page.sizes.rows}


def test_an_edit_shows_sizes_and_moves_before_saving(qtbot, page, qtmodeltester) -> None:  # type: ignore[no-untyped-def]
    assert _sizes(page)["at_risk"] == (2, 2)
    assert not page.save_button.isEnabled()
    with qtbot.waitSignal(page.preview_shown, timeout=10_000):
        page.set_rule(AT_RISK, 30)
    assert _sizes(page)["at_risk"] == (2, 1)  # Ece, 25 days away, is no longer at risk
    assert _sizes(page)["regular"] == (1, 2)
    assert page.moves.rows == [("at_risk", "regular", 1)]
    index = page.moves.index(0, 0)
    assert page.moves.data(index) == page.sizes.data(page.sizes.index(5, 0))  # "At risk" shown
    assert page.save_button.isEnabled()
    for model in (page.sizes, page.moves, page.form.rfm):
        qtmodeltester.check(model)


def test_rules_that_cannot_hold_are_explained_and_not_saved(qtbot, page) -> None:  # type: ignore[no-untyped-def]
    with qtbot.waitSignal(page.live.failed, timeout=10_000):
        page.set_rule(AT_RISK, 50)  # past Lost (40)
    assert page.state.property("error") is True
    assert page.form.inputs[thresholds.LIFECYCLE + "lost_days"].property("error") is True
    assert not page.save_button.isEnabled()


def test_saving_stores_a_version_and_the_recompute_matches_the_preview(  # type: ignore[no-untyped-def]
    qtbot, page, demo_venue: venue.Venue
) -> None:
    with qtbot.waitSignal(page.preview_shown, timeout=10_000):
        page.set_rule(AT_RISK, 30)
    promised = dict(page.shown.after["lifecycle"])
    # the app's background recompute, as application.start_background_work builds it
    background = background_segmentation.BackgroundSegmentation(demo_venue, page.context.runner)
    with qtbot.waitSignals([page.base_loaded, background.run_finished], timeout=30_000):
        qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)
    assert demo_venue.rules.current()[AT_RISK] == 30
    assert "1" in page.version_label.text()
    # the rules in force are now the edited ones: no edit left, nothing to save
    qtbot.waitUntil(lambda: _sizes(page).get("at_risk") == (1, 1), timeout=10_000)
    assert not page.save_button.isEnabled()
    # the save was followed by a full recompute, which stored what the preview promised
    assert stored_segments.counts(demo_venue.store, "lifecycle") == promised


def test_a_stale_preview_is_never_shown(qtbot, qapp) -> None:  # type: ignore[no-untyped-def]
    started = threading.Event()

    def slow_square(base: int, edit: int) -> int:
        started.set()
        time.sleep(0.2 if edit == 1 else 0)
        return base * edit

    preview = live.LivePreview(slow_square, debounce_ms=10)
    shown: list[int] = []
    preview.computed.connect(lambda _seq, result: shown.append(result))
    preview.set_base(10)
    preview.request_now(1)  # computing (slowly) when the next edits come
    assert started.wait(2)
    preview.request(2)
    preview.request(3)
    qtbot.waitUntil(lambda: shown == [30], timeout=5_000)
    qtbot.wait(300)
    assert shown == [30]
    preview.stop()


def test_adaptive_recency_reads_the_gaps_first(qtbot, page) -> None:  # type: ignore[no-untyped-def]
    assert not page.base.has_gaps  # not read until asked for: it reads every visit
    with qtbot.waitSignal(page.preview_shown, timeout=20_000):
        page.set_rule(thresholds.LIFECYCLE + "adaptive_recency", True)
    assert page.base.has_gaps
    # Ece usually comes every 35 days (visits 60 and 25 days ago): at risk only from 70 days
    # away; Jale (a 2-day gap, 31 days away) stays at risk
    assert page.moves.rows == [("at_risk", "regular", 1)]
    assert _sizes(page)["at_risk"] == (2, 1)
