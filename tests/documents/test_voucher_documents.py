"""Vouchers on paper read back: text (Turkish letters included) and both barcodes, which the
counter's scan parsing accepts as the voucher."""

from __future__ import annotations

import datetime as dt

import pytest

from boostdesk.documents import vouchers
from boostdesk.domain import codes

CODE = codes.voucher_code(4711)


def _voucher(**changes: object) -> vouchers.Voucher:
    values: dict[str, object] = {
        "code": CODE,
        "venue_name": "Kahve Durağı Şişli",
        "first_name": "Ayşe Gül",
        "kind": "amount",
        "value": 123450,
        "item_name": None,
        "expires_on": dt.date(2026, 12, 31),
    }
    values.update(changes)
    return vouchers.Voucher(**values)  # type: ignore[arg-type]


@pytest.mark.parametrize("layout", ["80mm", "58mm", "a4"])
def test_each_layout_reads_back_in_turkish_and_scans_as_the_voucher(layout, pdf_pages):
    (page,) = pdf_pages(vouchers.render([_voucher()], layout, "tr"))

    for words in (
        "Kahve Durağı Şişli",
        "Sevgili Ayşe Gül",
        "₺1.234,50",
        "31.12.2026",
        "HEDİYE ÇEKİ",
        "Tek kullanımlıktır",
    ):
        assert words in page.text.replace("\n", " ")
    assert page.codes == (("Code128", CODE), ("QRCode", CODE))
    scanned = codes.parse(page.codes[0][1])
    assert scanned.kind is codes.CodeKind.VOUCHER and scanned.value == CODE


@pytest.mark.parametrize(("layout", "width_mm"), [("80mm", 80), ("58mm", 58), ("a4", 210)])
def test_page_width_matches_the_paper(layout, width_mm, pdf_pages):
    (page,) = pdf_pages(vouchers.render([_voucher()], layout, "en"))
    assert page.width_pt == pytest.approx(width_mm / 25.4 * 72, abs=0.5)


def test_english_receipt_words_and_money(pdf_pages):
    (page,) = pdf_pages(vouchers.render([_voucher(value=5000)], "80mm", "en"))
    text = page.text.replace("\n", " ")
    assert "Dear Ayşe Gül," in text and "₺50.00" in text and "Valid until: 31/12/2026" in text


@pytest.mark.parametrize(
    ("changes", "shown"),
    [
        ({"kind": "percent", "value": 15}, "%15 indirim"),
        ({"kind": "item", "value": 0, "item_name": "Türk kahvesi"}, "Türk kahvesi ikramımız"),
        ({"first_name": None, "expires_on": None}, "Süresiz geçerlidir"),
        ({"terms": "Yalnızca hafta içi geçerlidir."}, "Yalnızca hafta içi geçerlidir."),
    ],
)
def test_kinds_guestless_and_own_terms(changes, shown, pdf_pages):
    (page,) = pdf_pages(vouchers.render([_voucher(**changes)], "58mm", "tr"))
    assert shown in page.text.replace("\n", " ")
    assert page.codes == (("Code128", CODE), ("QRCode", CODE))


def test_a4_sheets_hold_eight_each_and_every_code_scans(pdf_pages):
    batch = [_voucher(code=codes.voucher_code(serial)) for serial in range(100, 109)]
    pages = pdf_pages(vouchers.render(batch, "a4", "tr"), dpi=200)

    assert len(pages) == 2
    decoded = [code for page in pages for _, code in page.codes]
    for voucher in batch:
        assert decoded.count(voucher.code) == 2  # its Code128 and its QR
    assert len(decoded) == 18


def test_long_names_stay_inside_the_paper(pdf_pages):
    import pypdfium2

    voucher = _voucher(
        venue_name="Çamlıca Tepesi Şükrü Ağaoğlu Kahve ve Kitap Evi " * 3,
        first_name="Gülşenİzzetİğdeli" * 4,
    )
    data = vouchers.render([voucher], "58mm", "tr")
    document = pypdfium2.PdfDocument(data)
    page = document[0]
    textpage = page.get_textpage()
    width = page.get_width()
    boxes = [textpage.get_charbox(i) for i in range(textpage.count_chars())]
    document.close()
    assert boxes and all(left >= 0 and right <= width for left, _, right, _ in boxes)
    assert pdf_pages(data)[0].codes == (("Code128", CODE), ("QRCode", CODE))


def test_unknown_layout_is_refused():
    with pytest.raises(ValueError, match="layout"):
        vouchers.render([_voucher()], "letter", "tr")
