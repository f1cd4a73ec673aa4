"""The PDF reports: gather each report's data through storage, hand it to documents.

Reading only: a report changes nothing. The segment overview reads the kept per-guest totals and
the stored segments (never the visits), so it costs the same on a 100 000-guest venue as a
``segment`` summary does.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable
from zoneinfo import ZoneInfo

from boostdesk.services import guest_statement
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
        statement = guest_statement.worded(
            record, language, self._venue_name(), self._made_at(), self._zone()
        )
        return statements.guest_statement(statement, language)

    # -- guests of a segment ---------------------------------------------------------------------

    def segment_guests(self, language: str, segment: str, limit: int = 2_000) -> bytes:
        """The lifecycle ``segment``'s guests, biggest spenders first, as a PDF list; a phone
        shows only with an SMS or call consent, an e-mail only with an e-mail consent."""
        from boostdesk.documents import statements, texts

        rows = report_queries.segment_guests(self._store, "lifecycle", segment, limit)
        total = report_queries.lifecycle_size(self._store, segment)
        zone = self._zone()
        listing = statements.SegmentGuests(
            venue_name=self._venue_name(),
            made_at=self._made_at(),
            segment_name=texts.segment_name(segment, language),
            total=total,
            rows=tuple(
                (
                    " ".join(part for part in (r["first_name"], r["last_name"]) if part),
                    (r["phone"] or "–") if (r["sms"] or r["call_ok"]) else "–",
                    (r["email"] or "–") if r["email_ok"] else "–",
                    texts.number(int(r["visits"] or 0), language),
                    texts.money_whole(int(r["amount_minor"] or 0), language),
                    texts.date(dt.datetime.fromtimestamp(r["last_at"], zone).date(), language)
                    if r["last_at"]
                    else "–",
                )
                for r in rows
            ),
        )
        return statements.segment_guests(listing, language)


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
