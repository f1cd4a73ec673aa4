"""A guest's stored data worded for the personal-data statement (KVKK article 11): labels and
stored keys in the reader's language, times in the venue's zone."""

from __future__ import annotations

import datetime as dt
from typing import Any
from zoneinfo import ZoneInfo

from boostdesk.storage import reports as report_queries


def _when(at: int | None, zone: ZoneInfo, language: str) -> str:
    if at is None:
        return "–"
    moment = dt.datetime.fromtimestamp(int(at), zone)
    return moment.strftime("%d.%m.%Y %H:%M" if language == "tr" else "%d/%m/%Y %H:%M")


_WORDS = {
    "first_name": ("Ad", "First name"),
    "last_name": ("Soyad", "Last name"),
    "phone": ("Telefon", "Phone"),
    "email": ("E-posta", "E-mail"),
    "birth_date": ("Doğum tarihi", "Birth date"),
    "gender": ("Cinsiyet", "Gender"),
    "district": ("İlçe", "District"),
    "city": ("İl", "City"),
    "registration_source": ("Kayıt kaynağı", "Registered through"),
    "created_at": ("Kayıt tarihi", "Registered on"),
    "female": ("Kadın", "Female"),
    "male": ("Erkek", "Male"),
    "sms": ("SMS", "SMS"),
    "call": ("Telefon araması", "Phone call"),
    "profiling": ("Profilleme", "Profiling"),
    "earn": ("Kazanılan", "Earned"),
    "welcome": ("Hoş geldin", "Welcome bonus"),
    "redeem": ("Kullanılan", "Redeemed"),
    "expire": ("Süresi dolan", "Expired"),
    "adjust": ("Düzeltme", "Adjustment"),
    "reverse": ("İptal", "Reversal"),
    "active": ("Etkin", "Active"),
    "blocked": ("Engelli", "Blocked"),
    "lost": ("Kayıp", "Lost"),
    "voided": ("İptal edildi", "Voided"),
    "spouse": ("Eş", "Spouse"),
    "child": ("Çocuk", "Child"),
    "waiting": ("Bekliyor", "Waiting"),
    "printed": ("Basıldı", "Printed"),
    "redeemed": ("Kullanıldı", "Redeemed"),
    "expired": ("Süresi doldu", "Expired"),
    "cancelled": ("İptal edildi", "Cancelled"),
    "lifecycle": ("Yaşam döngüsü", "Lifecycle"),
    "counter": ("Kasa", "Counter"),
    "website": ("Web sitesi", "Website"),
    "instagram": ("Instagram", "Instagram"),
    "event": ("Etkinlik", "Event"),
    "import": ("İçe aktarma", "Import"),
    # segment families
    "rfm": ("RFM grubu", "RFM group"),
    "abc": ("Ciro sınıfı (ABC)", "Revenue class (ABC)"),
    "basket": ("Sepet", "Basket"),
    "age": ("Yaş grubu", "Age group"),
    "family": ("Aile durumu", "Family"),
    "frequency": ("Sıklık", "Frequency"),
    "spend": ("Harcama", "Spend"),
    "daypart": ("Gün dilimi", "Time of day"),
    "campaigns": ("Kampanyalar", "Campaigns"),
    "predictive": ("Tahmin", "Prediction"),
    # common segment values (the rest show their stable key, underscores as spaces)
    "unknown": ("Bilinmiyor", "Unknown"),
    "none": ("Yok", "None"),
    "morning": ("Sabah", "Morning"),
    "midday": ("Öğle", "Midday"),
    "afternoon": ("Öğleden sonra", "Afternoon"),
    "evening": ("Akşam", "Evening"),
    "not_fitted": ("Hesaplanmadı", "Not fitted"),
    "too_few_visits": ("Az ziyaret", "Too few visits"),
    "no_family_known": ("Bilinmiyor", "Not known"),
    "with_spouse": ("Eşiyle", "With spouse"),
    "with_children": ("Çocuklu", "With children"),
    "not_redeemed": ("Kullanmadı", "Not redeemed"),
    "coffee_lover": ("Kahve sever", "Coffee lover"),
    "tea_lover": ("Çay sever", "Tea lover"),
    "champions": ("Şampiyonlar", "Champions"),
}


def _day(iso: object, language: str) -> str:
    """A stored ISO date (``1994-05-18``) as the reader writes dates."""
    from boostdesk.documents import texts

    try:
        return texts.date(dt.date.fromisoformat(str(iso)), language)
    except ValueError:
        return str(iso) if iso else "–"


def _word(key: object, language: str) -> str:
    words = _WORDS.get(str(key))
    return words[0 if language == "tr" else 1] if words else str(key)


def worded(
    record: report_queries.GuestRecord,
    language: str,
    venue_name: str,
    made_at: dt.datetime,
    zone: ZoneInfo,
) -> Any:
    """The statement's sections worded in ``language`` (dates in venue time)."""
    from boostdesk.documents import statements, texts

    tr = language == "tr"
    customer = record.customer
    identity = []
    for key in (
        "first_name",
        "last_name",
        "phone",
        "email",
        "birth_date",
        "gender",
        "district",
        "city",
        "registration_source",
        "created_at",
    ):
        value = customer.get(key)
        if key == "created_at":
            shown = _when(value, zone, language)
        elif key in ("gender", "registration_source") and value:
            shown = _word(value, language)
        elif key == "birth_date" and value:
            shown = _day(value, language)
        else:
            shown = str(value) if value not in (None, "") else "–"
        identity.append((_word(key, language), shown))
    now = int(made_at.timestamp())
    vouchers = []
    for v in record.vouchers:
        state = (
            "cancelled"
            if v["cancelled_at"]
            else "redeemed"
            if v["redeemed_at"]
            else "expired"
            if v["expires_at"] and v["expires_at"] <= now
            else "printed"
            if v["printed_at"]
            else "waiting"
        )
        value = (
            texts.money(v["value"], language)
            if v["kind"] == "amount"
            else texts.percent(v["value"], language, 0)
            if v["kind"] == "percent"
            else str(v["item_name"] or "–")
        )
        until = (
            texts.date(dt.datetime.fromtimestamp(v["expires_at"] - 1, zone).date(), language)
            if v["expires_at"]
            else "–"
        )
        vouchers.append((v["code"], value, until, _word(state, language)))
    visits_word = "ziyaret" if tr else "visits"
    return statements.GuestStatement(
        venue_name=venue_name,
        made_at=made_at,
        identity=tuple(identity),
        consents=tuple(
            (
                _word(c["channel"], language),
                texts.text("yes" if c["granted"] else "no", language),
                _when(c["recorded_at"], zone, language),
                f"{_word(c['source'], language)} · {c['text_version']}",
            )
            for c in record.consents
        ),
        family=tuple(
            (
                _word(f["relation"], language),
                f["first_name"] or "–",
                _day(f["birth_date"], language) if f["birth_date"] else "–",
            )
            for f in record.family
        ),
        cards=tuple(
            (c["number"], _word(c["status"], language), _when(c["issued_at"], zone, language))
            for c in record.cards
        ),
        visit_summary=(
            f"{texts.number(record.visit_count, language)} {visits_word}, "
            f"{texts.money(record.visit_total_minor, language)}"
            + (
                f" ({'son' if tr else 'latest'} {len(record.recent_visits)})"
                if record.visit_count > len(record.recent_visits)
                else ""
            )
        ),
        visits=tuple(
            (
                _when(v["visited_at"], zone, language),
                texts.money(v["amount_minor"], language),
                _word("voided", language) if v["voided_at"] else (v["receipt_no"] or ""),
            )
            for v in record.recent_visits
        ),
        points_summary=(
            f"{'Bakiye' if tr else 'Balance'}: {texts.money(record.points_balance_minor, language)}"
        ),
        points=tuple(
            (
                _when(p["created_at"], zone, language),
                _word(p["kind"], language),
                texts.money(p["points_minor"], language),
            )
            for p in record.ledger
        ),
        vouchers=tuple(vouchers),
        segments=tuple(
            (
                _word(family, language),
                texts.segment_name(segment, language)
                if family == "lifecycle"
                else _word(segment, language).replace("_", " "),
            )
            for family, segment in record.segments.items()
        ),
    )
