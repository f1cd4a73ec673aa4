"""The PDF reports read back: their words (Turkish letters included) and their numbers."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys

import pytest

from boostdesk.services import reports

AS_OF = dt.date(2026, 11, 24)


@pytest.fixture
def service(demo_venue):
    if not demo_venue.store.execute("SELECT COUNT(*) FROM segment_current").fetchone()[0]:
        demo_venue.segmentation.recompute_all(AS_OF, persist=True)
    return reports.ReportService(demo_venue.store, demo_venue.settings, demo_venue.segmentation)


def _text(pdf_pages, data: bytes) -> str:
    return " ".join(page.text.replace("\n", " ") for page in pdf_pages(data, dpi=50))


def test_segment_overview_in_turkish_and_english(service, demo_venue, pdf_pages):
    guests = demo_venue.store.execute("SELECT COUNT(*) FROM customer").fetchone()[0]
    turkish = _text(pdf_pages, service.segment_overview("tr", AS_OF))
    english = _text(pdf_pages, service.segment_overview("en", AS_OF))

    assert "Segment özeti" in turkish and "24.11.2026 itibarıyla" in turkish
    assert "Risk altında" in turkish and "Kaybedilen" in turkish and "Ciro payı" in turkish
    assert f"{guests} Misafir" in turkish
    assert "Segment overview" in english and "At risk" in english and "Revenue share" in english


def test_daily_summary_counts_the_venue_day(service, demo_venue, pdf_pages):
    zone = dt.timezone(dt.timedelta(hours=3))  # Europe/Istanbul, no DST
    start = int(dt.datetime.combine(AS_OF, dt.time(), zone).timestamp())
    visits, revenue = demo_venue.store.execute(
        "SELECT COUNT(*), SUM(amount_minor) FROM visit WHERE visited_at >= ? AND visited_at < ? "
        "AND voided_at IS NULL",
        (start, start + 86_400),
    ).fetchone()
    assert visits > 0
    text = _text(pdf_pages, service.daily_summary("tr", AS_OF))

    from boostdesk.documents import texts

    assert "Günlük kasa özeti" in text and "24.11.2026" in text
    assert f"{visits} Ziyaret" in text
    assert f"{texts.money(revenue, 'tr')} Ciro" in text
    assert "Saatlere göre ziyaret" in text and "Kahve" in text


def test_day_without_visits_says_so(service, pdf_pages):
    text = _text(pdf_pages, service.daily_summary("en", dt.date(2020, 1, 1)))
    assert "No visits on this day." in text


def test_guest_statement_lists_what_is_stored(service, demo_venue, pdf_pages):
    number, first, last, phone = demo_venue.store.execute(
        "SELECT card.number, first_name, last_name, phone FROM customer JOIN card "
        "ON card.customer_id = customer.id WHERE phone IS NOT NULL ORDER BY customer.id LIMIT 1"
    ).fetchone()
    text = _text(pdf_pages, service.guest_statement("tr", number))
    assert "Kişisel veri dökümü" in text and "KVKK" in text
    for value in (first, last, phone, number):
        assert value in text
    assert "İzinler" in text and "Ziyaretler" in text

    with pytest.raises(reports.ReportError) as caught:
        service.guest_statement("tr", "2799999999997")
    assert caught.value.reason == "card"


def _cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "boostdesk", *args], capture_output=True, text=True, timeout=120
    )


def test_report_commands(service, demo_venue, data_dir, tmp_path, pdf_pages):
    demo_venue.close()
    out = tmp_path / "daily.pdf"
    done = _cli(
        "report",
        "daily",
        "--date",
        AS_OF.isoformat(),
        "--out",
        str(out),
        "--data-dir",
        str(data_dir),
    )
    assert done.returncode == 0, done.stderr
    assert "Günlük kasa özeti" in _text(pdf_pages, out.read_bytes())

    empty = _cli("report", "scenarios", "--out", str(out), "--data-dir", str(data_dir))
    assert empty.returncode == 0, empty.stderr  # no scenario has run on this copy yet
    assert "Henüz hiçbir senaryo çalışmadı." in _text(pdf_pages, out.read_bytes())
    no_card = _cli("report", "customer", "--out", str(out), "--data-dir", str(data_dir))
    assert no_card.returncode == 2 and "--card" in no_card.stderr
    unknown = _cli(
        "report",
        "customer",
        "--card",
        "2799999999997",
        "--out",
        str(out),
        "--data-dir",
        str(data_dir),
    )
    assert unknown.returncode == 1 and len(unknown.stderr.strip().splitlines()) == 1


def test_segment_guest_list_shows_contacts_only_with_consent(service, demo_venue, pdf_pages):
    rows = demo_venue.store.execute(
        "SELECT c.phone, c.email, "
        "(SELECT granted FROM consent k WHERE k.customer_id = c.id AND k.channel = 'sms' "
        " ORDER BY recorded_at DESC, id DESC LIMIT 1), "
        "(SELECT granted FROM consent k WHERE k.customer_id = c.id AND k.channel = 'call' "
        " ORDER BY recorded_at DESC, id DESC LIMIT 1), "
        "(SELECT granted FROM consent k WHERE k.customer_id = c.id AND k.channel = 'email' "
        " ORDER BY recorded_at DESC, id DESC LIMIT 1) "
        "FROM segment_readable s JOIN customer c ON c.id = s.customer_id "
        "WHERE s.lifecycle = 'gone'"
    ).fetchall()
    text = _text(pdf_pages, service.segment_guests("tr", "gone"))

    assert "Segment misafir listesi: Giden" in text
    shown = [phone for phone, _, sms, call, _ in rows if phone and (sms or call)]
    hidden = [phone for phone, _, sms, call, _ in rows if phone and not (sms or call)]
    shown_mail = {mail for _, mail, _, _, ok in rows if mail and ok}
    # Demo e-mails are first.last@example.com: two guests may share one.
    hidden_mail = [mail for _, mail, _, _, ok in rows if mail and not ok and mail not in shown_mail]
    assert shown and hidden and hidden_mail
    assert all(phone in text for phone in shown)
    assert not any(phone in text for phone in hidden)
    assert not any(mail in text for mail in hidden_mail)
