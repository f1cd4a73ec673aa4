"""Reader settings and the scan log as a cashier or owner uses them: real widgets, a real pty
reader, this machine's settings in a temporary folder."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QApplication

from boostdesk.domain import codes, scanframes
from boostdesk.services import venue
from boostdesk.ui import main_window, task_runner, wedge


@pytest.fixture
def machine(tmp_path: Path) -> Iterator[QSettings]:
    """QSettings of this machine kept in a temporary folder (never the user's own)."""
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(tmp_path))
    settings = QSettings()
    settings.clear()
    yield settings
    settings.clear()


@pytest.fixture
def runner() -> Iterator[task_runner.TaskRunner]:
    worker = task_runner.TaskRunner()
    yield worker
    worker.stop()


@pytest.fixture
def pty_port() -> Iterator[str]:
    controller, device = os.openpty()
    yield os.ttyname(device)
    os.close(controller)
    os.close(device)


@pytest.fixture
def window(
    qtbot, demo_venue: venue.Venue, runner, turkish, machine
) -> Iterator[main_window.MainWindow]:  # type: ignore[no-untyped-def]
    shown = main_window.MainWindow(demo_venue, runner, demo=False)
    qtbot.addWidget(shown)
    shown.show()
    yield shown
    shown.reader.stop()


def _open_settings(qtbot, window: main_window.MainWindow):  # type: ignore[no-untyped-def]
    qtbot.mouseClick(window.reader_button, Qt.MouseButton.LeftButton)
    dialog = window.reader_dialog
    assert dialog is not None
    qtbot.waitUntil(dialog.isVisible, timeout=3000)
    dialog.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog, timeout=3000)
    return dialog


def test_the_dialog_shows_the_port_the_reader_is_reading_now(
    qtbot, window: main_window.MainWindow, pty_port: str
) -> None:  # type: ignore[no-untyped-def]
    window.start_reader(pty_port)  # e.g. from --reader: nothing stored in the settings yet
    qtbot.waitUntil(lambda: window.reader.state == "connected", timeout=5000)
    assert window.reader_label.text() == "Kart okuyucu: bağlı"
    dialog = _open_settings(qtbot, window)
    assert dialog.live_label.text() == f"Şu an: {pty_port} bağlı"
    assert dialog.port() == pty_port
    qtbot.keyClick(dialog.port_combo, Qt.Key.Key_Escape)
    assert not dialog.isVisible()
    assert QSettings().value("reader/port") is None  # Escape stores nothing
    assert window.reader.port == pty_port  # and leaves the reader alone


def test_saved_settings_are_stored_and_used_at_once(
    qtbot, window: main_window.MainWindow, pty_port: str
) -> None:  # type: ignore[no-untyped-def]
    dialog = _open_settings(qtbot, window)
    assert dialog.live_label.text().startswith("Şu an: seri okuyucu yok")
    dialog.port_combo.setEditText(pty_port)
    dialog.framing_combo.setCurrentIndex(dialog.framing_combo.findData("crlf"))
    dialog.aim_box.setChecked(False)
    dialog.window_spin.setValue(3.5)
    qtbot.keyClicks(dialog.prefix_edit, "]")
    dialog.min_length_spin.setValue(10)
    qtbot.keyClick(dialog.prefix_edit, Qt.Key.Key_Return)  # Enter saves
    assert not dialog.isVisible()
    stored = QSettings()
    assert stored.value("reader/port") == pty_port
    assert stored.value("reader/framing") == "crlf"
    assert stored.value("reader/strip_aim") in (False, "false")
    assert float(stored.value("reader/duplicate_window_s")) == 3.5
    assert stored.value("wedge/prefix") == "]"
    assert int(stored.value("wedge/min_length")) == 10
    qtbot.waitUntil(lambda: window.reader.state == "connected", timeout=5000)
    config = window.reader._reader.config  # type: ignore[union-attr]
    assert (config.port, config.framing, config.strip_aim) == (
        pty_port,
        scanframes.Framing.CRLF,
        False,
    )
    assert window.counter.duplicates.window_s == 3.5
    assert window.counter.wedge.settings == wedge.WedgeSettings("]", "", 10)


def test_the_scan_log_shows_venue_time_outcome_and_reason(
    qtbot, window: main_window.MainWindow
) -> None:  # type: ignore[no-untyped-def]
    counter = window.venue.counter
    at = dt.datetime(2026, 11, 24, 21, 30, 5, tzinfo=dt.UTC).timestamp()  # 00:30:05 in Istanbul
    counter.log_scan("27000\\x00", None, "rejected", "non_printable", at=at)
    counter.log_scan(codes.card_number(1), codes.card_number(1), "guest", None, at=at + 60)
    dialog = _open_settings(qtbot, window)
    qtbot.mouseClick(dialog.log_button, Qt.MouseButton.LeftButton)
    log = window.scan_log_dialog
    assert log is not None
    qtbot.waitUntil(lambda: log.model.rowCount() == 2, timeout=3000)
    model = log.model
    cells = [[model.index(r, c).data() for c in range(5)] for r in range(2)]
    assert cells[0][:3] == ["25.11.2026 00:31:05", "Misafir gösterildi", codes.card_number(1)]
    assert cells[1][0] == "25.11.2026 00:30:05"
    assert cells[1][1] == "Reddedildi"
    assert cells[1][3] == "27000\\x00"
    assert cells[1][4] == "Okuyucu bozuk veri gönderdi; tekrar okutun."
    qtbot.keyClick(log.close_button, Qt.Key.Key_Escape)
    assert not log.isVisible() and dialog.isVisible()


def test_the_scan_log_model_is_a_well_behaved_model(qtbot, qtmodeltester) -> None:  # type: ignore[no-untyped-def]
    from boostdesk.storage.scans import ScanRow
    from boostdesk.ui import scanlog_dialog

    model = scanlog_dialog.ScanLogModel("Europe/Istanbul")
    model.set_scans([ScanRow(i, 1_790_000_000 + i, "x", None, "duplicate", None) for i in range(5)])
    qtmodeltester.check(model)
