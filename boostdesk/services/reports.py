"""The PDF reports: gather each report's data through storage, hand it to documents.

Reading only: a report changes nothing. The segment overview reads the kept per-guest totals and
the stored segments (never the visits), so it costs the same on a 100 000-guest venue as a
``segment`` summary does.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable
from typing import Any
from zoneinfo import ZoneInfo

from boostdesk.services import segmentation as segmentation_service
from boostdesk.services import settings as settings_service
from boostdesk.storage import reports as report_queries
from boostdesk.storage import store as store_module

DAY = 86_400
TREND_PERIODS = 12
TRANSITION_DAYS = 30
ACTIVE_DAYS = 90
LIFECYCLE_ORDER = (
    "vip",
    "loyal",
    "regular",
    "potential_loyal",
    "new",
    "registered",
    "at_risk",
    "lost",
    "gone",
)


class ReportError(Exception):
    """A report that cannot be made; ``reason``: ``card`` (no guest holds it), ``scenarios``
    (there are no scenarios yet) or ``segments`` (segments never computed)."""

    def __init__(self, reason: str, message: str) -> None:
        super().__init__(message)
        self.reason = reason


class ReportService:
    def __init__(
        self,
        store: store_module.Store,
        settings: settings_service.SettingsService,
        segmentation: segmentation_service.SegmentationService,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self._store = store
        self._settings = settings
        self._segmentation = segmentation
        self._clock = clock

    def _zone(self) -> ZoneInfo:
        return ZoneInfo(str(self._settings.get("venue.timezone")))

    def _venue_name(self) -> str:
        return str(self._settings.get("venue.name") or "BoostDesk")

    def _made_at(self) -> dt.datetime:
        return dt.datetime.fromtimestamp(self._clock(), self._zone())

    def _midnight(self, day: dt.date) -> int:
        return int(dt.datetime.combine(day, dt.time(), self._zone()).timestamp())

    def today(self) -> dt.date:
        return self._made_at().date()

    def segment_overview(self, language: str, as_of: dt.date | None = None) -> bytes:
        """Segment sizes, revenue share and trend over the last 12 complete periods of 32 days
        (the current, partial one would look like a drop), transitions of the last 30 days and
        the alerts of the last 7, as a PDF."""
        from boostdesk.documents import reports

        day = as_of or self.today()
        local_day = (day - dt.date(1970, 1, 1)).days
        bucket = (local_day + 1) // report_queries.BUCKET_DAYS - 1  # the last complete period
        first = bucket - TREND_PERIODS + 1
        totals = report_queries.lifecycle_totals(self._store, first, bucket)
        if not totals:
            raise ReportError("segments", "no segments yet: run 'boostdesk segment' first")
        rank = {key: index for index, key in enumerate(LIFECYCLE_ORDER)}
        rows = tuple(
            reports.SegmentRow(key, guests, revenue)
            for key, guests, revenue in sorted(totals, key=lambda t: rank.get(t[0], 99))
        )
        trend = tuple(
            (dt.date(1970, 1, 1) + dt.timedelta(days=(b + 1) * 32 - 1), guests, revenue)
            for b, guests, _, revenue in report_queries.bucket_trend(self._store, first, bucket)
        )
        start = day - dt.timedelta(days=TRANSITION_DAYS - 1)
        overview = reports.SegmentOverview(
            venue_name=self._venue_name(),
            as_of=day,
            made_at=self._made_at(),
            guests=report_queries.guest_count(self._store),
            active_guests=report_queries.guests_seen_since(
                self._store, self._midnight(day) - (ACTIVE_DAYS - 1) * DAY
            ),
            segments=rows,
            trend=trend,
            transitions_period=(start, day),
            transitions=tuple(self._segmentation.matrix("lifecycle", start, day)),
            alerts=tuple(
                (a.from_segment, a.to_segment, a.guests) for a in self._segmentation.alerts(7, day)
            ),
        )
        return reports.segment_overview(overview, language)

    # -- one day ---------------------------------------------------------------------------------

    def daily_summary(self, language: str, day: dt.date | None = None) -> bytes:
        """The counter's day (venue time): visits, revenue, points, vouchers, hours, categories."""
        from boostdesk.documents import statements

        day = day or self.today()
        start = self._midnight(day)
        end = self._midnight(day + dt.timedelta(days=1))
        counts = report_queries.day_counts(self._store, start, end)
        zone = self._zone()
        by_hour = [0] * 24
        for at in counts.visit_times:
            by_hour[dt.datetime.fromtimestamp(at, zone).hour] += 1
        summary = statements.DailySummary(
            venue_name=self._venue_name(),
            day=day,
            made_at=self._made_at(),
            visits=counts.visits,
            voided=counts.voided,
            revenue_minor=counts.revenue_minor,
            guests=counts.guests,
            new_guests=counts.new_guests,
            points_earned_minor=counts.points_earned_minor,
            points_redeemed_minor=counts.points_redeemed_minor,
            vouchers_issued=counts.vouchers_issued,
            vouchers_printed=counts.vouchers_printed,
            vouchers_redeemed=counts.vouchers_redeemed,
            visits_by_hour=tuple(by_hour),
            categories=tuple(
                (category_name(code, name, language), amount)
                for code, name, amount in counts.categories
            ),
        )
        return statements.daily_summary(summary, language)

    # -- one guest -------------------------------------------------------------------------------

    def guest_statement(self, language: str, card_number: str) -> bytes:
        """Everything stored about the guest holding ``card_number`` (a KVKK request)."""
        from boostdesk.documents import statements

        customer_id = report_queries.customer_of_card(self._store, card_number)
        if customer_id is None:
            raise ReportError("card", "no guest holds this card")
        record = report_queries.guest_record(self._store, customer_id)
        statement = guest_statement_data(
            record, language, self._venue_name(), self._made_at(), self._zone()
        )
        return statements.guest_statement(statement, language)


CATEGORY_NAMES = {
    "coffee": ("Kahve", "Coffee"),
    "tea": ("Çay", "Tea"),
    "dessert": ("Tatlı", "Dessert"),
    "food": ("Yemek", "Food"),
    "other": ("Diğer", "Other"),
}


def category_name(code: str, stored: str, language: str) -> str:
    """A default category under its default (Turkish) name reads in the report's language; one
    the owner named is shown as named (the counter does the same, ui/categories.py)."""
    names = CATEGORY_NAMES.get(code)
    if names is not None and stored.strip() == names[0]:
        return names[0 if language == "tr" else 1]
    return stored.strip() or code


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


def guest_statement_data(
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
                texts.segment_name(segment, language) if family == "lifecycle" else segment,
            )
            for family, segment in record.segments.items()
        ),
    )
