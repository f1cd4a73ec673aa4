"""The personal-data register (KVKK, PRODUCT.md section 9): data-subject requests answered within
30 days, and the retention job that anonymises guests inactive for longer than the set period.

Requests are the owner's: adding or closing one is owner-only and audited by ids. The retention
job runs as the system actor with the nightly work; each batch it anonymises is written to the
destruction log (when, how many, which rule, guest ids only) and the audit log.
"""

from __future__ import annotations

import datetime as dt
import time
from dataclasses import dataclass

from boostdesk.domain import localtime
from boostdesk.services import ops
from boostdesk.services import venue as venue_service
from boostdesk.storage import audit, privacy
from boostdesk.storage import privacy_register as register

RESPONSE_DAYS = 30  # KVKK article 13: a request is answered within thirty days
RETENTION_BATCH = 500  # guests anonymised per transaction: the tills wait for none of them long

Request = register.Request
Destruction = register.Destruction


class RequestError(Exception):
    """The request cannot be added or closed; the message says why."""


@dataclass(frozen=True, slots=True)
class Retention:
    """What one retention run did: guests anonymised (0 when none or the rule is off)."""

    anonymised: int
    rule: str
    cutoff: dt.date | None


def today(opened: venue_service.Venue, now: float | None = None) -> dt.date:
    """The venue's local date."""
    at = int(time.time() if now is None else now)
    return localtime.date_of(localtime.local_day(at, str(opened.settings.get("venue.timezone"))))


def add_request(
    opened: venue_service.Venue,
    actor: ops.Actor,
    kind: str,
    *,
    received_on: dt.date | None = None,
    note: str = "",
) -> ops.Result[Request]:
    """Register a data-subject request; it is due thirty days after it was received."""
    actor.require(ops.Role.OWNER, "register a personal-data request")
    if kind not in register.REQUEST_KINDS:
        raise RequestError(f"unknown kind {kind!r} (one of {', '.join(register.REQUEST_KINDS)})")
    received = received_on or today(opened)
    if received > today(opened):
        raise RequestError("the received date is in the future")
    due = received + dt.timedelta(days=RESPONSE_DAYS)
    with opened.store.transaction():
        request_id = register.add_request(opened.store, kind, received, due, note.strip())
        audit.record(
            opened.store,
            int(time.time()),
            actor.user_id,
            "privacy.request_add",
            f"request={request_id} kind={kind}",
        )
    request = next(r for r in register.requests(opened.store) if r.id == request_id)
    return ops.Result(request, ops.Changes())


def close_request(
    opened: venue_service.Venue, actor: ops.Actor, request_id: int, *, note: str = ""
) -> ops.Result[Request]:
    """Close an open request today (answered, erased, corrected), with an optional note."""
    actor.require(ops.Role.OWNER, "close a personal-data request")
    with opened.store.transaction():
        if not register.close_request(opened.store, request_id, today(opened), note.strip()):
            raise RequestError(f"there is no open request {request_id}")
        audit.record(
            opened.store,
            int(time.time()),
            actor.user_id,
            "privacy.request_close",
            f"request={request_id}",
        )
    request = next(r for r in register.requests(opened.store) if r.id == request_id)
    return ops.Result(request, ops.Changes())


def requests(opened: venue_service.Venue, *, open_only: bool = False) -> list[Request]:
    """Open requests first, by due date; then closed ones, newest first."""
    return register.requests(opened.store, open_only=open_only)


def is_overdue(request: Request, on: dt.date) -> bool:
    return request.status == "open" and request.due_on < on


def destructions(opened: venue_service.Venue, *, limit: int = 200) -> list[Destruction]:
    return register.destructions(opened.store, limit=limit)


def retention_cutoff(opened: venue_service.Venue, now: float | None = None) -> dt.date | None:
    """The first local day a guest must have been seen on (visit or enrolment) to be kept; None
    when the retention rule is off (``privacy.retention_years`` = 0)."""
    years = int(opened.settings.get("privacy.retention_years") or 0)
    if years <= 0:
        return None
    on = today(opened, now)
    try:
        return on.replace(year=on.year - years)
    except ValueError:  # 29 February
        return on.replace(year=on.year - years, day=28)


def run_retention(
    opened: venue_service.Venue, actor: ops.Actor = ops.SYSTEM, *, now: float | None = None
) -> ops.Result[Retention]:
    """Anonymise every guest whose last visit (or, never seen, enrolment) is older than
    ``privacy.retention_years`` — as ``erase`` does — in batches, each in one transaction with its
    destruction-log row; then empty the WAL of the erased pages."""
    actor.require(ops.Role.OWNER, "anonymise inactive guests")
    cutoff = retention_cutoff(opened, now)
    if cutoff is None:
        return ops.Result(Retention(0, "off", None), ops.Changes())
    years = int(opened.settings.get("privacy.retention_years"))
    zone = str(opened.settings.get("venue.timezone"))
    before_at = localtime.day_start(localtime.day_of(cutoff), zone)
    rule = f"inactive for more than {years} years (nothing since before {cutoff.isoformat()})"
    done = 0
    while True:
        at = int(time.time() if now is None else now)
        with opened.store.transaction():
            ids = register.inactive_guests(opened.store, before_at, limit=RETENTION_BATCH)
            if not ids:
                break
            for customer_id in ids:
                privacy.anonymise(opened.store, customer_id, at)
            register.log_destruction(opened.store, at, rule, ids)
            audit.record(opened.store, at, actor.user_id, "privacy.retention", f"guests={len(ids)}")
        done += len(ids)
    if not done:
        return ops.Result(Retention(0, rule, cutoff), ops.Changes())
    privacy.wipe_old_pages(opened.store)
    changes = ops.Changes(segments=True, vouchers=True, all_guests=True)
    return ops.Result(Retention(done, rule, cutoff), changes)
