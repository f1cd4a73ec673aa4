"""What an export of guests reads: contact data and current consents, and segment memberships,
for blocks of guest ids (the list itself comes from :mod:`boostdesk.storage.browse`)."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from boostdesk.storage import segments as segments_db
from boostdesk.storage import store as store_module


@dataclass(frozen=True, slots=True)
class Contact:
    phone: str | None
    email: str | None
    consents: dict[str, bool]  # channel -> the latest answer


def contacts(store: store_module.Store, ids: Sequence[int]) -> dict[int, Contact]:
    """Phone, e-mail and the latest consent answer per channel of the guests ``ids``."""
    if not ids:
        return {}
    marks = ",".join("?" * len(ids))
    found = {
        int(i): Contact(phone, email, {})
        for i, phone, email in store.execute(
            f"SELECT id, phone, email FROM customer WHERE id IN ({marks})", tuple(ids)
        )
    }
    # rows oldest first (a no after a yes of the same second): the latest answer stays
    for customer_id, channel, granted in store.execute(
        f"SELECT customer_id, channel, granted FROM consent WHERE customer_id IN ({marks}) "
        "ORDER BY customer_id, channel, recorded_at, granted DESC, id",
        tuple(ids),
    ):
        contact = found.get(int(customer_id))
        if contact is not None:
            contact.consents[str(channel)] = bool(granted)
    return found


def segment_rows(
    store: store_module.Store, block: int = 2_000
) -> Iterator[tuple[int, str | None, dict[str, str]]]:
    """(guest id, card, family -> segment key) for every named guest with stored segments,
    by id, read ``block`` guests at a time."""
    codes = segments_db.code_table(store)
    families = segments_db.FAMILIES
    columns = ", ".join(f"s.{f}" for f in families)
    last = 0
    while True:
        rows = store.execute(
            f"SELECT c.id, (SELECT k.number FROM card k WHERE k.customer_id = c.id "
            f"ORDER BY k.status = 'active' DESC, k.id DESC LIMIT 1), {columns} "
            "FROM segment_current s JOIN customer c ON c.id = s.customer_id "
            "WHERE c.anonymised_at IS NULL AND c.id > ? ORDER BY c.id LIMIT ?",
            (last, block),
        ).fetchall()
        if not rows:
            return
        for row in rows:
            keys = {}
            for family, code in zip(families, row[2:], strict=True):
                names = codes.get(family, [])
                if code is not None and 0 <= int(code) < len(names) and names[int(code)]:
                    keys[family] = names[int(code)]
            yield int(row[0]), row[1], keys
        last = int(rows[-1][0])
