"""The Printers section: a test page to a real TCP receipt printer on 127.0.0.1, a clear message
when it is off, and batch printing that never marks unprinted vouchers printed."""

from __future__ import annotations

import socket
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, Qt

from boostdesk.hardware import fake_printer
from boostdesk.services import test_page
from boostdesk.ui import voucher_printing
from boostdesk.ui.backoffice import printers, shell

INIT = b"\x1b@"
CODE128 = b"\x1dkI"
QR_STORE = b"\x1d(k"
CUT = b"\x1dV\x00"


@pytest.fixture
def machine(tmp_path: Path) -> Iterator[QSettings]:
    """QSettings of this machine kept in a temporary folder (never the user's own)."""
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(tmp_path))
    settings = QSettings()
    settings.clear()
    yield settings
    settings.clear()


def _dead_url() -> str:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]  # nothing listens once closed
    return f"tcp://127.0.0.1:{port}"


def _open(office: shell.BackOfficePage) -> printers.PrintersSection:
    office.navigate("printers")
    page = office.section("printers")
    assert isinstance(page, printers.PrintersSection)
    return page


def _point_form_at(page: printers.PrintersSection, url: str) -> None:
    form = page.form
    form.kind_box.setCurrentIndex(form.kind_box.findData("tcp"))
    host, port = url.removeprefix("tcp://").split(":")
    form.host_edit.setText(host)
    form.port_spin.setValue(int(port))


def test_the_setting_is_saved_for_the_counter(qtbot, machine, office) -> None:  # type: ignore[no-untyped-def]
    page = _open(office)
    assert page.form.kind() == "none"
    _point_form_at(page, "tcp://192.168.1.50:9100")
    page.form.layout_box.setCurrentIndex(page.form.layout_box.findData("58mm"))
    qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)
    assert voucher_printing.load_setting() == voucher_printing.PrinterSetting(
        "tcp://192.168.1.50:9100", "58mm"
    )
    # A4 needs a page printer: a receipt printer cannot be given it.
    a4 = page.form.layout_box.findData("a4")
    assert not page.form.layout_box.model().item(a4).isEnabled()


def test_a_test_page_reaches_a_network_printer(qtbot, machine, office) -> None:  # type: ignore[no-untyped-def]
    page = _open(office)
    with fake_printer.FakeNetworkPrinter() as printer:
        _point_form_at(page, printer.url)
        qtbot.mouseClick(page.test_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: page.test_button.isEnabled(), timeout=15_000)
    assert page.status.property("error") is False
    assert len(printer.jobs) == 1
    job = printer.jobs[0]
    assert job.startswith(INIT)
    assert CODE128 in job and QR_STORE in job and test_page.TEST_CODE.encode() in job
    assert test_page.TURKISH_LETTERS.encode("cp857") in job
    assert "DENEME SAYFASI".encode("cp857") in job  # the interface is Turkish
    assert job.endswith(CUT)


def test_a_printer_that_is_off_is_said_plainly(qtbot, machine, office) -> None:  # type: ignore[no-untyped-def]
    page = _open(office)
    _point_form_at(page, _dead_url())
    qtbot.mouseClick(page.test_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.status.property("error") is True, timeout=15_000)
    assert "ulaşılamıyor" in page.status.text()  # "cannot be reached"


def _tick(batch, count: int) -> list[str]:  # type: ignore[no-untyped-def]
    model = batch.model
    for row in range(count):
        model.setData(model.index(row, 0), Qt.CheckState.Checked, Qt.ItemDataRole.CheckStateRole)
    return [str(code) for code in model.checked()]


def test_batch_print_to_a_dead_printer_leaves_every_voucher_waiting(  # type: ignore[no-untyped-def]
    qtbot, qtmodeltester, machine, office
) -> None:
    machine.setValue(voucher_printing.URL_KEY, _dead_url())
    page = _open(office)
    batch = page.batch
    waiting = office.venue.vouchers.listed(unprinted=True)
    qtbot.waitUntil(lambda: batch.model.rowCount() == len(waiting) > 2, timeout=10_000)
    qtmodeltester.check(batch.model)
    ticked = _tick(batch, 3)
    assert batch.print_button.text() == "İşaretli 3 kuponu yazdır"
    qtbot.mouseClick(batch.print_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: batch.status.property("error") is True, timeout=15_000)
    assert "yazdırıldı olarak işaretlenmedi" in batch.status.text()
    still = {row.code for row in office.venue.vouchers.listed(unprinted=True)}
    assert set(ticked) <= still
    assert batch.model.rowCount() == len(waiting)


def test_batch_print_marks_what_the_printer_took(qtbot, machine, office) -> None:  # type: ignore[no-untyped-def]
    page = _open(office)
    batch = page.batch
    waiting = office.venue.vouchers.listed(unprinted=True)
    qtbot.waitUntil(lambda: batch.model.rowCount() == len(waiting), timeout=10_000)
    with fake_printer.FakeNetworkPrinter() as printer:
        machine.setValue(voucher_printing.URL_KEY, printer.url)
        ticked = _tick(batch, 2)
        qtbot.mouseClick(batch.print_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: batch.model.rowCount() == len(waiting) - 2, timeout=15_000)
    assert len(printer.jobs) == 1 and all(code.encode() in printer.jobs[0] for code in ticked)
    left = {row.code for row in office.venue.vouchers.listed(unprinted=True)}
    assert not set(ticked) & left
    assert "2 kupon yazdırıldı" in batch.status.text()
