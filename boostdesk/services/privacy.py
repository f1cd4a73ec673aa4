"""A guest's personal-data rights (KVKK, PRODUCT.md section 9): access and erasure.

Both are owner-only operations, audited by ids only. Erasure anonymises: the guest's visits and
points stay in the venue's totals, but nothing that names or reaches the person remains in the
database file or its WAL.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from boostdesk import __version__
from boostdesk.services import ops
from boostdesk.services import venue as venue_service
from boostdesk.storage import audit, privacy

EXPORT_FORMAT = "boostdesk-person/1"


class UnknownCardError(Exception):
    """No guest holds the card (or it was never issued)."""


@dataclass(frozen=True, slots=True)
class Erased:
    customer_id: int
    removed: dict[str, int]
    wal_emptied: bool


def _customer(opened: venue_service.Venue, card: str) -> int:
    customer_id = privacy.customer_for_card(opened.store, card.strip())
    if customer_id is None:
        raise UnknownCardError("no guest holds this card")
    return customer_id


def export_person(
    opened: venue_service.Venue, actor: ops.Actor, card: str, target: Path
) -> ops.Result[int]:
    """Write everything held about the card's guest to ``target`` as JSON (readable by the OS
    user only); the value is the guest's id."""
    actor.require(ops.Role.OWNER, "export a guest's data")
    customer_id = _customer(opened, card)
    with opened.store.transaction():
        record = privacy.person_record(opened.store, customer_id)
        audit.record(
            opened.store,
            int(time.time()),
            actor.user_id,
            "person.export",
            f"customer={customer_id}",
        )
    document: dict[str, Any] = {
        "format": EXPORT_FORMAT,
        "venue": opened.settings.venue_name(),
        "exported_at": dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat(),
        "app_version": __version__,
        "notes": {
            "times": "seconds since 1970-01-01 UTC",
            "amounts": "minor units (kuruş)",
        },
        **record,
    }
    text = json.dumps(document, ensure_ascii=False, indent=2) + "\n"
    part = target.with_name(target.name + ".part")
    try:
        fd = os.open(part, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            out.write(text)
            out.flush()
            os.fsync(out.fileno())
        os.replace(part, target)
    except BaseException:
        part.unlink(missing_ok=True)
        raise
    return ops.Result(customer_id, ops.Changes())


def erase(opened: venue_service.Venue, actor: ops.Actor, card: str) -> ops.Result[Erased]:
    """Anonymise the card's guest in one transaction, then empty the WAL so no old page keeps
    the erased data (deleted content in the file itself is zeroed by ``secure_delete``)."""
    actor.require(ops.Role.OWNER, "erase a guest")
    customer_id = _customer(opened, card)
    if privacy.is_anonymised(opened.store, customer_id):
        raise UnknownCardError("this guest was already erased")
    at = int(time.time())
    with opened.store.transaction():
        removed = privacy.anonymise(opened.store, customer_id, at)
        audit.record(opened.store, at, actor.user_id, "person.erase", f"customer={customer_id}")
    emptied = privacy.wipe_old_pages(opened.store)
    changes = ops.Changes(segments=True, vouchers=True, guests=(customer_id,))
    return ops.Result(Erased(customer_id, removed, emptied), changes)
