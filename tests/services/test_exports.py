"""Exports of guests and segments, read back as a spreadsheet would: formulas neutralised,
contact data only where the guest consents, owner only, audited."""

from __future__ import annotations

import csv
from pathlib import Path

import customers_venue as cv
import openpyxl
import pytest

from boostdesk.services import exports, ops, venue
from boostdesk.storage import audit


@pytest.fixture
def shop(empty_venue: venue.Venue) -> venue.Venue:
    cv.build(empty_venue)
    return empty_venue


def read_back(path: Path) -> list[dict[str, object]]:
    if path.suffix == ".csv":
        with path.open(encoding="utf-8-sig", newline="") as handle:
            return list(csv.DictReader(handle))
    book = openpyxl.load_workbook(path)
    rows = list(book.active.iter_rows(values_only=True))
    return [dict(zip(rows[0], row, strict=True)) for row in rows[1:]]


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_a_formula_typed_as_a_name_comes_back_as_text(
    shop: venue.Venue, tmp_path: Path, suffix: str
) -> None:
    path = tmp_path / f"guests{suffix}"
    result = exports.export_customers(shop, cv.OWNER, path)
    assert result.value.rows == 5
    rows = read_back(path)
    risky = [r for r in rows if "HYPERLINK" in str(r["first_name"])]
    assert risky and str(risky[0]["first_name"]).startswith("'=")
    if suffix == ".xlsx":
        book = openpyxl.load_workbook(path)
        assert all(cell.data_type != "f" for row in book.active.iter_rows() for cell in row)
    assert not any(str(v).startswith(("=", "+", "-", "@")) for r in rows for v in r.values())


@pytest.mark.parametrize("text", ["=1+1", "+90 555", "-2", "@SUM(A1)", "\tx", "\rx"])
def test_every_risky_start_is_neutralised_and_numbers_stay_numbers(text: str) -> None:
    assert exports.neutralise(text) == "'" + text
    assert exports.neutralise(-5) == -5 and exports.neutralise("Ayşe") == "Ayşe"


def test_contact_columns_follow_the_consents(shop: venue.Venue, tmp_path: Path) -> None:
    path = tmp_path / "guests.csv"
    exports.export_customers(shop, cv.OWNER, path)
    rows = {r["last_name"]: r for r in read_back(path)}
    assert rows["IŞIK"]["phone"] == "05321112201" and rows["IŞIK"]["consent_sms"] == "yes"
    assert rows["Yılmaz"]["phone"] == "" and rows["Yılmaz"]["consent_sms"] == "no"  # no consent
    assert rows["Yılmaz"]["visits"] == "3" and rows["Yılmaz"]["amount"] == "600.0"


def test_segments_export_has_every_family(shop: venue.Venue, tmp_path: Path) -> None:
    import datetime as dt

    shop.segmentation.recompute_all(dt.date(2026, 10, 1), persist=True)
    path = tmp_path / "segments.xlsx"
    assert exports.export_segments(shop, cv.OWNER, path).value.rows == 5
    rows = read_back(path)
    assert {"id", "card", "lifecycle", "rfm"} <= set(rows[0])
    assert {r["lifecycle"] for r in rows} >= {"registered"}


def test_exports_are_audited_with_counts_only(shop: venue.Venue, tmp_path: Path) -> None:
    exports.export_customers(shop, cv.OWNER, tmp_path / "a.csv")
    entry = audit.latest(shop.store, 1)[0]
    assert entry.action == "export customers" and entry.detail == "rows=5 format=csv"
    assert entry.user_id == cv.OWNER.user_id


@pytest.mark.parametrize("what", ["customers", "segments"])
def test_a_cashier_may_not_export(shop: venue.Venue, tmp_path: Path, what: str) -> None:
    before = len(audit.latest(shop.store, 1000))
    with pytest.raises(ops.PermissionDenied):
        getattr(exports, f"export_{what}")(shop, cv.CASHIER, tmp_path / "x.csv")
    assert not (tmp_path / "x.csv").exists()
    assert len(audit.latest(shop.store, 1000)) == before


def test_an_unknown_file_type_is_refused(shop: venue.Venue, tmp_path: Path) -> None:
    with pytest.raises(exports.ExportError):
        exports.export_customers(shop, cv.OWNER, tmp_path / "x.txt")
