"""The Import section as the owner uses it: choose a file, map its columns, check, import."""

from __future__ import annotations

import string
from pathlib import Path

from PySide6.QtWidgets import QComboBox

from boostdesk.domain import import_values as values
from boostdesk.ui.backoffice import import_reasons, imports, shell


def _open(qtbot, office: shell.BackOfficePage) -> imports.ImportSection:  # type: ignore[no-untyped-def]
    office.navigate("import")
    page = office.sections["import"]
    assert isinstance(page, imports.ImportSection) and page.isVisible()
    return page


def _choose(qtbot, page: imports.ImportSection, path: Path) -> None:  # type: ignore[no-untyped-def]
    page.choose(path)
    qtbot.waitUntil(lambda: page.columns.rowCount() > 0 and page.check_button.isEnabled())


def test_a_file_with_its_own_headings_is_mapped_checked_and_imported(
    qtbot,
    office: shell.BackOfficePage,
    tmp_path: Path,  # type: ignore[no-untyped-def]
) -> None:
    path = tmp_path / "pos.csv"
    path.write_text(
        "Müşteri;Zaman;Toplam;Not\nK-1;20.11.2026 09:15;45,50;\nK-2;0001-01-01;-3;\n",
        encoding="cp1254",
    )
    page = _open(qtbot, office)
    _choose(qtbot, page, path)
    boxes = [page.columns.cellWidget(r, 1) for r in range(page.columns.rowCount())]
    assert all(isinstance(b, QComboBox) for b in boxes)
    assert [b.currentData() for b in boxes] == ["-", "-", "-", "-"]  # nothing it knows
    assert boxes[0].currentText() == "aktarılmaz"  # Turkish: "not imported"
    for box, field in zip(boxes, ("customer_ref", "visited_at", "amount"), strict=False):
        box.setCurrentIndex(box.findData(field))
    assert "Tarih ve saat" in [boxes[1].itemText(i) for i in range(boxes[1].count())]
    page.check_button.click()
    qtbot.waitUntil(lambda: page.problems.isVisible(), timeout=20_000)
    assert page.problems.rowCount() == 1
    assert page.problems.item(0, 0).text() == "3"
    reasons = page.problems.item(0, 1).text()
    assert reasons == (  # every reason, in Turkish
        "'0001-01-01' tarihi 2000-01-01 gününden önce (inandırıcı en erken gün; "
        "import.earliest_day ayarı); eksi tutar '-3'"
    )
    assert "hatalı satır" in page.summary.text()
    path.write_text(
        "Müşteri;Zaman;Toplam;Not\nK-1;20.11.2026 09:15;45,50;\nK-2;21.11.2026;3;\n",
        encoding="cp1254",
    )
    venue = office.context.venue
    before = venue.store.execute("SELECT COUNT(*) FROM visit").fetchone()[0]
    page.import_button.click()
    qtbot.waitUntil(
        lambda: "2" in page.summary.text() and page.import_button.isEnabled(), timeout=60_000
    )
    assert not page.problems.isVisible()
    after = venue.store.execute("SELECT COUNT(*) FROM visit").fetchone()[0]
    assert after == before + 2
    # the mapping is remembered for files with these columns
    _choose(qtbot, page, path)
    boxes = [page.columns.cellWidget(r, 1) for r in range(page.columns.rowCount())]
    assert [b.currentData() for b in boxes] == ["customer_ref", "visited_at", "amount", "-"]


def test_a_file_that_cannot_be_read_is_said_plainly(
    qtbot,
    office: shell.BackOfficePage,
    tmp_path: Path,  # type: ignore[no-untyped-def]
) -> None:
    path = tmp_path / "empty.csv"
    path.write_bytes(b"")
    page = _open(qtbot, office)
    page.choose(path)
    qtbot.waitUntil(lambda: bool(page.summary.text()))
    assert "empty.csv" in page.summary.text() and not page.check_button.isEnabled()


def test_every_reason_a_row_is_refused_for_reads_turkish(turkish) -> None:  # type: ignore[no-untyped-def]
    for code, english in values.REASONS.items():
        names = {name for _, name, _, _ in string.Formatter().parse(english) if name}
        params = {name: "x" for name in names} | ({"kind": "length"} if "error" in names else {})
        reason = values.Reason(code, **params)
        said = import_reasons.say(reason)
        assert said != str(reason), code  # its own Turkish sentence, with the parameters in it
        assert all(f"{v}" in said for k, v in params.items() if k not in ("error", "kind")), code
    card = values.Reason("card_invalid", text="12", error="a code has 13 digits", kind="length")
    assert import_reasons.say(card) == "kart '12': Kart numarası 13 hanelidir"
