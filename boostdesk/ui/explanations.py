"""Why a guest is in their lifecycle segment, in the cashier's language and the guest's numbers.

The segment itself is computed by ``domain/segments/lifecycle.py``; this says the reason with
what the guest panel already holds (visits and average bill of the last 30 days, days since the
last visit) and the venue's thresholds, so showing it costs no extra query at the counter.
"""

from __future__ import annotations

from PySide6.QtCore import QObject

from boostdesk.domain.segments import lifecycle
from boostdesk.services import counter
from boostdesk.ui import formatting


class SegmentExplainer(QObject):
    """Says the reason; a QObject so that ``self.tr`` gives plural forms (pyside6-lupdate
    records plurals only for ``tr`` calls)."""

    def __init__(self, currency: str, timezone: str, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.currency = currency
        self.timezone = timezone
        self.rules = lifecycle.LifecycleRules()

    def reason(self, guest: counter.GuestView) -> str:
        """One sentence, e.g. "12 visits in 30 days, average bill ₺215,00" (empty if unknown)."""
        segment = guest.lifecycle or ""
        visits = guest.visits_month
        if segment in ("vip", "loyal"):
            average = formatting.money(guest.average_month_minor, self.currency)
            text = self.tr("%n visit(s) in 30 days, average bill %1", "", visits)
            return text.replace("%1", average)
        if segment == "regular":
            return self.tr("%n visit(s) in the last 30 days", "", visits)
        if segment == "new":
            return self.tr("First visit within the last %n day(s)", "", self.rules.new_days)
        if segment == "registered":
            return self.tr("Enrolled; no visit yet")
        if guest.last_visit is None:
            return ""
        away = formatting.days_ago(guest.last_visit.visited_at, self.timezone)
        if segment == "potential_loyal":
            return self.tr("One visit so far, %n day(s) ago", "", away)
        if segment == "at_risk":
            return self.tr("Last visit %n day(s) ago, longer than usual", "", away)
        if segment == "lost":
            text = self.tr("Last visit %n day(s) ago (lost after %1 days)", "", away)
            return text.replace("%1", str(self.rules.lost_days))
        if segment == "gone":
            text = self.tr("Last visit %n day(s) ago (gone after %1 days)", "", away)
            return text.replace("%1", str(self.rules.gone_days))
        return ""
