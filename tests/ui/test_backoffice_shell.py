"""The back office shell as the owner uses it: navigation, moving between sections, locking."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt

from boostdesk.services import ops
from boostdesk.ui import main_window
from boostdesk.ui.backoffice import registry, section, shell


def _nav_texts(office: shell.BackOfficePage) -> list[str]:
    return [office.nav.item(row).text() for row in range(office.nav.count())]


def test_the_navigation_lists_the_sections_of_this_build_in_turkish(
    office: shell.BackOfficePage,
) -> None:
    texts = _nav_texts(office)
    assert "Yedekleme" in texts
    headings = [
        office.nav.item(row).text()
        for row in range(office.nav.count())
        if not office.nav.item(row).flags() & Qt.ItemFlag.ItemIsSelectable
    ]
    assert headings and "Veri" in headings  # the Data group's heading, not clickable
    shown = {entry.key for entry in registry.available()}
    assert shown <= {entry.key for entry in registry.SECTIONS}
    assert office.user_label.text()  # who is signed in


def test_clicking_a_section_shows_it_and_back_returns(qtbot, office: shell.BackOfficePage) -> None:  # type: ignore[no-untyped-def]
    first = office.current_key()
    item = office.nav_items["backup"]
    rect = office.nav.visualItemRect(item)
    qtbot.mouseClick(office.nav.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert office.current_key() == "backup"
    assert office.stack.currentWidget().isVisible()
    office.back()
    assert office.current_key() == first
    assert office.nav.currentItem() is office.nav_items[first]


class _Probe(section.Section):
    key = "probe"

    def __init__(self, context: section.Context) -> None:
        super().__init__(context)
        self.opened: list[dict[str, Any]] = []
        self.shown = 0
        self.locked = 0

    def open_with(self, **params: Any) -> None:
        self.opened.append(params)

    def on_shown(self) -> None:
        self.shown += 1

    def on_locked(self) -> None:
        self.locked += 1


def test_navigate_passes_parameters_and_lock_reaches_every_built_section(
    office: shell.BackOfficePage,
) -> None:
    probe = _Probe(office.context)
    office.sections["probe"] = probe
    office.stack.addWidget(probe)
    office.entries = (*office.entries, registry.Entry("probe", "Probe", "x:y", in_nav=False))
    office.navigate("probe", segment=("lifecycle", "at_risk"))
    assert probe.opened == [{"segment": ("lifecycle", "at_risk")}]
    assert probe.shown == 1 and probe.isVisible()
    assert probe.context.actor.role is ops.Role.OWNER
    office.lock()
    assert probe.locked == 1
    assert office.currentWidget() is office.gate
    assert office.user is None
    office.navigate("probe")  # nothing opens behind the gate
    assert probe.shown == 1


def test_signing_in_shows_the_first_section_once(
    qtbot, window: main_window.MainWindow, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    # the landing section reads its data when shown: shown twice, the dashboard read the whole
    # base twice (seconds on 100 000 guests)
    qtbot.keyClick(window, Qt.Key.Key_F2)
    office = window.backoffice
    landing = office.section(office.entries[0].key)
    shown: list[str | None] = []
    original = landing.on_shown
    monkeypatch.setattr(
        landing, "on_shown", lambda: (shown.append(office.current_key()), original())
    )
    qtbot.keyClicks(office.pin_edit, "1234")  # the demo owner's PIN
    qtbot.keyClick(office.pin_edit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: office.currentWidget() is office.workplace, timeout=10_000)
    qtbot.wait(100)
    assert shown == [landing.key]


def test_a_cashier_pin_does_not_open_the_back_office(qtbot, window: main_window.MainWindow) -> None:  # type: ignore[no-untyped-def]
    qtbot.keyClick(window, Qt.Key.Key_F2)
    office = window.backoffice
    qtbot.keyClicks(office.pin_edit, "0000")
    qtbot.keyClick(office.pin_edit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: office.pin_message.text() == "PIN hatalı.", timeout=10_000)
    office.navigate("backup")
    assert office.currentWidget() is office.gate
    assert office.current_key() is None or not office.stack.isVisible()


def test_using_the_back_office_keeps_it_unlocked(qtbot, office: shell.BackOfficePage) -> None:  # type: ignore[no-untyped-def]
    office.auto_lock.setInterval(400)
    office.auto_lock.start()
    for _ in range(4):
        qtbot.wait(200)
        qtbot.keyClick(office.nav, Qt.Key.Key_Down)
    assert office.user is not None  # 800 ms of use > the 400 ms idle limit
    qtbot.waitUntil(lambda: office.user is None, timeout=3000)
    assert office.currentWidget() is office.gate
