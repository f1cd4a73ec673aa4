"""The guest's segment explanation on the guest panel, in Turkish and English."""

from __future__ import annotations

import re

import pytest
from PySide6.QtCore import QCoreApplication, QLocale

from boostdesk.services import venue
from boostdesk.ui import guest_panel, i18n

PATTERNS = {
    "tr": {
        "vip": r"30 günde \d+ ziyaret, ortalama hesap ₺[\d.]+,\d\d",
        "loyal": r"30 günde \d+ ziyaret, ortalama hesap ₺[\d.]+,\d\d",
        "regular": r"Son 30 günde \d+ ziyaret",
        "new": r"İlk ziyareti son 7 gün içinde",
        "potential_loyal": r"Şimdiye kadar tek ziyaret, \d+ gün önce",
        "at_risk": r"Son ziyaret \d+ gün önce, alışılandan uzun",
        "lost": r"Son ziyaret \d+ gün önce \(40 günden itibaren: Kaybedilen\)",
        "gone": r"Son ziyaret \d+ gün önce \(90 günden itibaren: Giden\)",
    },
    "en": {
        "vip": r"\d+ visits? in 30 days, average bill ₺[\d,]+\.\d\d",
        "loyal": r"\d+ visits? in 30 days, average bill ₺[\d,]+\.\d\d",
        "regular": r"\d+ visits? in the last 30 days",
        "new": r"First visit within the last 7 days",
        "potential_loyal": r"One visit so far, \d+ days? ago",
        "at_risk": r"Last visit \d+ days? ago, longer than usual",
        "lost": r"Last visit \d+ days? ago \(lost after 40 days\)",
        "gone": r"Last visit \d+ days? ago \(gone after 90 days\)",
    },
}


def _one_guest_per_segment(opened: venue.Venue) -> dict[str, int]:
    opened.segmentation.recompute_all(persist=True)  # as of today, as the counter reads it
    rows = opened.store.execute(
        "SELECT lifecycle, MIN(customer_id) FROM segment_readable GROUP BY lifecycle"
    ).fetchall()
    return {str(segment): int(customer_id) for segment, customer_id in rows}


@pytest.mark.parametrize("lang", ["tr", "en"])
def test_the_badge_says_why_in_the_cashiers_language(
    qtbot, qapp, demo_venue: venue.Venue, lang: str
) -> None:  # type: ignore[no-untyped-def]
    translators = i18n.install(qapp, lang)
    try:
        panel = guest_panel.GuestPanel("TRY", "Europe/Istanbul")
        qtbot.addWidget(panel)
        guests = _one_guest_per_segment(demo_venue)
        assert {"loyal", "regular", "at_risk", "lost", "gone"} <= set(guests)
        for segment, customer_id in guests.items():
            guest = demo_venue.counter.view(customer_id)
            panel.show_guest(guest)
            reason = panel.reason_label.text()
            pattern = PATTERNS[lang].get(segment)
            if pattern is None:
                continue
            assert re.fullmatch(pattern, reason), (segment, reason)
            assert panel.badge.toolTip() == reason
    finally:
        for translator in translators:
            QCoreApplication.removeTranslator(translator)
        QLocale.setDefault(QLocale.c())
