"""Words, money and dates on paper, in Turkish or English.

Documents are made without Qt (they are built by the command line and by worker threads), so
their few words live here rather than in the Qt translation files. Formatting follows the
counter's screens: ``₺1.234,50`` and ``31.12.2026`` in Turkish, ``₺1,234.50`` and ``31/12/2026``
in English.
"""

from __future__ import annotations

import datetime as dt

LANGUAGES = ("tr", "en")

_TEXT: dict[str, dict[str, str]] = {
    "voucher": {"tr": "HEDİYE ÇEKİ", "en": "VOUCHER"},
    "dear": {"tr": "Sevgili {name},", "en": "Dear {name},"},
    "for_you": {"tr": "bu hediye çeki sizin için.", "en": "this voucher is for you."},
    "for_anyone": {"tr": "Bu hediye çeki geçerlidir:", "en": "This voucher is worth:"},
    "valid_until": {"tr": "Son kullanma: {date}", "en": "Valid until: {date}"},
    "no_expiry": {"tr": "Süresiz geçerlidir", "en": "No expiry date"},
    "percent_off": {"tr": "%{value} indirim", "en": "{value}% off"},
    "free_item": {"tr": "{item} ikramımız", "en": "{item} on the house"},
    "free_item_generic": {"tr": "Bir ikram", "en": "A treat on the house"},
    "code": {"tr": "Çek kodu", "en": "Voucher code"},
    "test_page": {"tr": "DENEME SAYFASI", "en": "TEST PAGE"},
    "test_letters": {"tr": "Türkçe harfler:", "en": "Turkish letters:"},
    "test_ready": {
        "tr": "Harfler doğru okunuyor ve kasa barkodu okuyorsa yazıcı hazır. "
        "Bu kod bir hediye çeki değildir.",
        "en": "If the letters read right and the till scans the barcode, the printer is ready. "
        "This code is not a voucher.",
    },
    "terms": {
        "tr": "Tek kullanımlıktır; nakde çevrilemez, başka kampanyalarla birleştirilemez. "
        "Kasada bu kodu okutun.",
        "en": "Single use; not exchangeable for cash or combinable with other offers. "
        "Have this code scanned at the till.",
    },
    # reports
    "page": {"tr": "Sayfa {page}", "en": "Page {page}"},
    "made": {"tr": "BoostDesk ile hazırlandı · {at}", "en": "Made with BoostDesk · {at}"},
    "segments_title": {"tr": "Segment özeti", "en": "Segment overview"},
    "as_of": {"tr": "{date} itibarıyla", "en": "As of {date}"},
    "guests": {"tr": "Misafir", "en": "Guests"},
    "active_guests": {"tr": "Son 90 günde gelen", "en": "Visited in 90 days"},
    "revenue_year": {"tr": "Ciro (son 12 dönem)", "en": "Revenue (last 12 periods)"},
    "segment": {"tr": "Segment", "en": "Segment"},
    "share": {"tr": "Pay", "en": "Share"},
    "revenue": {"tr": "Ciro", "en": "Revenue"},
    "revenue_share": {"tr": "Ciro payı", "en": "Revenue share"},
    "sizes": {"tr": "Segment büyüklükleri", "en": "Segment sizes"},
    "trend": {
        "tr": "Eğilim: gelen misafir ve ciro (32 günlük dönemler)",
        "en": "Trend: guests who visited and revenue (32-day periods)",
    },
    "period_ending": {"tr": "Dönem sonu", "en": "Period ending"},
    "visits": {"tr": "Ziyaret", "en": "Visits"},
    "transitions": {
        "tr": "Segment geçişleri ({start} – {end})",
        "en": "Segment transitions ({start} – {end})",
    },
    "from_to": {"tr": "Nereden \\ nereye", "en": "From \\ to"},
    "no_transitions": {
        "tr": "Bu dönemde segment değiştiren misafir yok.",
        "en": "No guest changed segment in this period.",
    },
    "first_segment": {"tr": "(ilk kez)", "en": "(first time)"},
    "alerts": {"tr": "Uyarılar (son 7 gün)", "en": "Alerts (last 7 days)"},
    "no_alerts": {"tr": "Dikkat gerektiren hareket yok.", "en": "No movement needs attention."},
    "alert_line": {
        "tr": "{n} misafir {src} → {dst}",
        "en": "{n} guests {src} → {dst}",
    },
    "daily_title": {"tr": "Günlük kasa özeti", "en": "Daily counter summary"},
    "voided": {"tr": "İptal edilen ziyaret", "en": "Voided visits"},
    "average_bill": {"tr": "Ortalama hesap", "en": "Average bill"},
    "new_guests": {"tr": "Yeni misafir", "en": "New guests"},
    "points_earned": {"tr": "Verilen puan", "en": "Points issued"},
    "points_redeemed": {"tr": "Kullanılan puan", "en": "Points redeemed"},
    "vouchers_issued": {"tr": "Verilen çek", "en": "Vouchers issued"},
    "vouchers_printed": {"tr": "Basılan çek", "en": "Vouchers printed"},
    "vouchers_redeemed": {"tr": "Kullanılan çek", "en": "Vouchers redeemed"},
    "by_hour": {"tr": "Saatlere göre ziyaret", "en": "Visits by hour"},
    "by_category": {"tr": "Kategorilere göre ciro", "en": "Revenue by category"},
    "no_visits": {"tr": "Bu gün ziyaret yok.", "en": "No visits on this day."},
    "statement_title": {"tr": "Kişisel veri dökümü", "en": "Personal data statement"},
    "statement_intro": {
        "tr": "6698 sayılı KVKK kapsamında, {venue} tarafından sizinle ilgili saklanan "
        "tüm veriler aşağıdadır.",
        "en": "All data {venue} keeps about you, as required by data protection law (KVKK).",
    },
    "identity": {"tr": "Kimlik ve iletişim", "en": "Identity and contact"},
    "consents": {"tr": "İzinler", "en": "Consents"},
    "family": {"tr": "Aile", "en": "Family"},
    "cards": {"tr": "Kartlar", "en": "Cards"},
    "visit_history": {"tr": "Ziyaretler", "en": "Visits"},
    "points": {"tr": "Puan hareketleri", "en": "Points"},
    "vouchers": {"tr": "Hediye çekleri", "en": "Vouchers"},
    "segments": {"tr": "Segmentler", "en": "Segments"},
    "none": {"tr": "Kayıt yok.", "en": "None."},
    "yes": {"tr": "Evet", "en": "Yes"},
    "no": {"tr": "Hayır", "en": "No"},
    "guests_title": {"tr": "Segment misafir listesi: {segment}", "en": "Guests in {segment}"},
    "contact_note": {
        "tr": "İletişim bilgisi yalnızca misafirin o kanal için izin verdiği yerde gösterilir.",
        "en": "Contact data is shown only where the guest agreed to that channel.",
    },
}

SEGMENT_NAMES: dict[str, dict[str, str]] = {
    "vip": {"tr": "VIP", "en": "VIP"},
    "loyal": {"tr": "Sadık", "en": "Loyal"},
    "regular": {"tr": "Düzenli", "en": "Regular"},
    "new": {"tr": "Yeni", "en": "New"},
    "potential_loyal": {"tr": "Potansiyel sadık", "en": "Potential loyal"},
    "at_risk": {"tr": "Risk altında", "en": "At risk"},
    "lost": {"tr": "Kaybedilen", "en": "Lost"},
    "gone": {"tr": "Giden", "en": "Gone"},
    "registered": {"tr": "Kayıtlı", "en": "Registered"},
}


def segment_name(key: str, language: str) -> str:
    """The lifecycle segment's name as the counter shows it (unknown keys as they are)."""
    names = SEGMENT_NAMES.get(key)
    return names["tr" if language == "tr" else "en"] if names else key


def text(key: str, language: str, **values: object) -> str:
    """The ``key`` phrase in ``language`` (``tr`` or ``en``), with ``values`` filled in."""
    phrase = _TEXT[key]["tr" if language == "tr" else "en"]
    return phrase.format(**values) if values else phrase


def _grouped(number: int, separator: str) -> str:
    return f"{number:,}".replace(",", separator)


def money(minor: int, language: str, symbol: str = "₺") -> str:
    """Integer minor units as ``₺1.234,50`` (Turkish) or ``₺1,234.50`` (English)."""
    sign = "-" if minor < 0 else ""
    whole, cents = divmod(abs(minor), 100)
    if language == "tr":
        return f"{sign}{symbol}{_grouped(whole, '.')},{cents:02d}"
    return f"{sign}{symbol}{_grouped(whole, ',')}.{cents:02d}"


def money_whole(minor: int, language: str, symbol: str = "₺") -> str:
    """Rounded to whole units for headline figures: ``₺22.354.210``."""
    whole = (abs(minor) + 50) // 100
    separator = "." if language == "tr" else ","
    return f"{'-' if minor < 0 else ''}{symbol}{_grouped(whole, separator)}"


def number(value: int, language: str) -> str:
    """A whole number grouped by thousands: ``100.000`` (Turkish), ``100,000`` (English)."""
    return _grouped(value, "." if language == "tr" else ",")


def percent(value: float, language: str, decimals: int = 1) -> str:
    """``%12,5`` (Turkish puts the sign first and a decimal comma) or ``12.5%``."""
    digits = f"{value:.{decimals}f}"
    return f"%{digits.replace('.', ',')}" if language == "tr" else f"{digits}%"


def date(day: dt.date, language: str) -> str:
    """``31.12.2026`` (Turkish) or ``31/12/2026`` (English)."""
    return day.strftime("%d.%m.%Y" if language == "tr" else "%d/%m/%Y")


def grouped_code(code: str) -> str:
    """A 13-digit code as ``28 00000 00012 7`` — the counter's parser ignores the spaces."""
    if len(code) != 13:
        return code
    return f"{code[:2]} {code[2:7]} {code[7:12]} {code[12]}"
