"""Building the demo venue into a data folder, refusing to overwrite real data."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import time
import zoneinfo
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from boostdesk.domain import defaults, demo_venue, localtime, pins, scenarios
from boostdesk.services import ops
from boostdesk.storage import bulk, database

DEMO_VENUE_NAME = "Kahve Durağı (demo)"
DEMO_OWNER_PIN = "1234"
DEMO_CASHIER_PIN = "0000"
DEFAULT_DEMO_CUSTOMERS = 5_000


class DemoRefused(Exception):
    """The data folder holds real data; nothing was changed."""


@dataclass(frozen=True, slots=True)
class DemoSummary:
    path: Path
    customers: int
    visits: int
    visit_lines: int
    ledger_entries: int
    seconds: float
    replaced_copy: Path | None


def is_real_data(path: Path) -> bool:
    """True when ``path`` holds data that is not a BoostDesk demo venue.

    A file we cannot read as a BoostDesk database counts as real data: it is never overwritten.
    """
    try:
        if not database.holds_data(path):
            return False
        return database.read_setting(path, "venue.is_demo") is not True
    except database.StorageError:
        return True


def build(
    path: Path,
    *,
    customers: int = DEFAULT_DEMO_CUSTOMERS,
    seed: int = 1,
    as_of: dt.date | None = None,
    target_visits: int | None = None,
    force: bool = False,
    timezone: str = str(defaults.SETTINGS["venue.timezone"]),
    segment: bool = True,
) -> DemoSummary:
    """Generate the demo venue at ``path`` (a database file), atomically.

    Refuses (raising :class:`DemoRefused`, changing nothing) when ``path`` holds real data,
    unless ``force``; a replaced database is first copied into ``backups/``. With ``segment``
    the guests' segments are stored as of the last day of the history (tests that need a venue
    without stored segments pass False).
    """
    started = time.perf_counter()
    real = is_real_data(path)
    if real and not force:
        raise DemoRefused(
            f"{path} holds real venue data; the demo would overwrite it. "
            "Choose another data folder, or use --force (a backup copy is kept)."
        )
    zone = zoneinfo.ZoneInfo(timezone)
    # History runs through the end of the as-of day; by default yesterday, so no visit lies in
    # the future.
    day = as_of or dt.datetime.now(zone).date() - dt.timedelta(days=1)
    midnight = dt.datetime.combine(day, dt.time(), tzinfo=zone)
    venue = demo_venue.generate(
        customers, seed, localtime.day_of(day), timezone, target_visits=target_visits
    )
    loader = bulk.BulkLoader(path)
    try:
        _write(
            loader,
            venue,
            created_at=int(midnight.timestamp()) - 400 * demo_venue.DAY,
            timezone=timezone,
        )
        replaced = bulk.keep_copy(path, "before-demo") if real else None
        loader.publish()
    except BaseException:
        loader.discard()
        raise
    if segment:
        _segment(path, day)
    _switch_on_scenarios(path)
    return DemoSummary(
        path=path,
        customers=customers,
        visits=len(venue.visits["id"]),
        visit_lines=len(venue.lines["visit_id"]),
        ledger_entries=len(venue.ledger["kind"]),
        seconds=time.perf_counter() - started,
        replaced_copy=replaced,
    )


def _segment(path: Path, day: dt.date) -> None:
    """Store the new venue's segments as of its last day of history, so it opens with badges
    (the app then brings them to today in the background)."""
    from boostdesk.services import venue as venue_service

    if venue_service.database_path(path.parent) != path:
        return  # a database outside a data folder (bulk tests): nothing to open it as a venue
    opened = venue_service.open_venue(path.parent)
    try:
        for name, spec in DEMO_CUSTOM_SEGMENTS:
            opened.custom_segments.save(ops.SYSTEM, None, name, spec)
        opened.segmentation.recompute_all(day, persist=True)
    finally:
        opened.close()


# Custom segments the demo opens with (data in the venue's language, like its guests' names),
# so the browser filter, the dashboard and the scenario audiences show some.
DEMO_CUSTOM_SEGMENTS: tuple[tuple[str, dict[str, Any]], ...] = (
    ("Son 30 günde 3+ ziyaret", {"all": [{"metric": "visits_30d", "op": ">=", "value": 3}]}),
    (
        "Kaybedilmek üzere olan kahveciler",
        {
            "all": [
                {"metric": "segment:lifecycle", "op": "in", "value": ["at_risk", "lost"]},
                {"metric": "favourite_category", "op": "in", "value": ["coffee"]},
            ]
        },
    ),
)

# The demo's scenarios: everything on but the calendar extras; the win-back budgets are the
# templates' own (what a venue gets when it switches them on), the birthday's a small café's.
DEMO_SCENARIOS = {
    "welcome": 0,
    "second_visit": 0,
    "winback_at_risk": scenarios.WINBACK_AT_RISK_BUDGET_MINOR,
    "winback_lost": scenarios.WINBACK_LOST_BUDGET_MINOR,
    "birthday": 300_000,
    "vip_welcome": 0,
    "points_expiry": 0,
}


def _switch_on_scenarios(path: Path) -> None:
    """Store the shipped scenario templates, the demo's choice switched on."""
    from boostdesk.services import ops
    from boostdesk.services import venue as venue_service

    if venue_service.database_path(path.parent) != path:
        return
    opened = venue_service.open_venue(path.parent)
    try:
        for key, template in scenarios.TEMPLATES.items():
            budget = DEMO_SCENARIOS.get(key, template.monthly_budget_minor)
            scenario = dataclasses.replace(
                template, enabled=key in DEMO_SCENARIOS, monthly_budget_minor=budget
            )
            opened.scenarios.save(ops.SYSTEM, scenario, key)
    finally:
        opened.close()


def _write(
    loader: bulk.BulkLoader, venue: demo_venue.DemoVenue, created_at: int, timezone: str
) -> None:
    loader.drop_triggers()
    loader.drop_secondary_indexes(
        ["visit", "visit_line", "ledger_entry", "consent", "family_member", "card"]
    )
    settings = dict(defaults.SETTINGS)
    settings.update(
        {"venue.name": DEMO_VENUE_NAME, "venue.is_demo": True, "venue.timezone": timezone}
    )
    loader.insert(
        "setting",
        {
            "key": list(settings),
            "value": [json.dumps(v, ensure_ascii=False) for v in settings.values()],
        },
    )
    loader.insert(
        "user",
        {
            "name": ["Sahip", "Kasa"],
            "role": ["owner", "cashier"],
            "pin_hash": [pins.hash_pin(DEMO_OWNER_PIN), pins.hash_pin(DEMO_CASHIER_PIN)],
            "created_at": [created_at, created_at],
        },
    )
    loader.insert(
        "category",
        {
            "id": list(range(1, len(demo_venue.CATEGORY_CODES) + 1)),
            "code": list(demo_venue.CATEGORY_CODES),
            "name": [dict(defaults.DEFAULT_CATEGORIES)[c] for c in demo_venue.CATEGORY_CODES],
            "sort_order": list(range(len(demo_venue.CATEGORY_CODES))),
        },
    )
    loader.insert("customer", venue.customers)
    loader.insert("family_member", venue.family)
    loader.insert("consent", venue.consents)
    loader.insert("card", venue.cards)
    loader.insert("visit", venue.visits)
    loader.insert("visit_line", venue.lines)
    ledger: dict[str, Any] = dict(venue.ledger)
    ledger["expires_at"] = _zero_as_null(venue.ledger["expires_at"])
    ledger["visit_id"] = _zero_as_null(venue.ledger["visit_id"])
    loader.insert("ledger_entry", ledger)
    if venue.vouchers:
        loader.insert("voucher", venue.vouchers)


def _zero_as_null(values: Sequence[Any] | np.ndarray) -> list[int | None]:
    return [v or None for v in np.asarray(values).tolist()]
