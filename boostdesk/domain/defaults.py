"""Default business settings of a new venue; every value is an owner setting in the database."""

from __future__ import annotations

from typing import Any, Final

DEFAULT_CATEGORIES: Final = (
    ("coffee", "Kahve"),
    ("tea", "Çay"),
    ("dessert", "Tatlı"),
    ("food", "Yemek"),
    ("other", "Diğer"),
)

SETTINGS: Final[dict[str, Any]] = {
    "venue.name": "",
    "venue.is_demo": False,
    "venue.currency": "TRY",
    "venue.timezone": "Europe/Istanbul",
    "venue.locale": "tr_TR",
    # Loyalty (PRODUCT.md section 4); percentages in basis points to stay in integers.
    "loyalty.cashback_bp": 500,
    "loyalty.cashback_loyal_bp": 700,
    "loyalty.cashback_vip_bp": 1000,
    "loyalty.welcome_bonus_minor": 5000,
    "loyalty.welcome_valid_days": 14,
    "loyalty.points_expiry_days": 180,
    "loyalty.max_redeem_bp": 5000,
    # Points pay for a bill only once the usable balance reaches this much.
    "loyalty.min_redeem_balance_minor": 1000,
    "counter.duplicate_window_s": 2.0,
    "counter.void_window_min": 15,
    # A visit time further ahead of the PC's clock than this means a wrong clock: refused.
    "counter.max_clock_ahead_s": 300,
    # A bill above this (₺100 000) is almost surely a typo (extra zeros); the cashier must fix it.
    "counter.max_amount_minor": 10_000_000,
    "privacy.notice_version": "2026-01",
    # KVKK retention: guests with no visit (never seen: no enrolment) for this many years are
    # anonymised by the nightly job; 0 turns it off.
    "privacy.retention_years": 3,
    # Imported visits dated before this day are refused (a year 0001 or 1900 is a broken export).
    "import.earliest_day": "2000-01-01",
    # Column mappings of imports, saved per source: {"visits:SOURCE": {"COLUMN": "field"}}.
    "import.mappings": {},
    # Automatic local backups kept: the newest of each of the last N days, weeks and months.
    "backup.keep_daily": 7,
    "backup.keep_weekly": 4,
    "backup.keep_monthly": 12,
    # The owner is reminded when the last backup to a stick or folder is older than this.
    "backup.overdue_days": 7,
}
