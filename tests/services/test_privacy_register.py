"""The personal-data register: the retention job anonymises exactly the guests inactive longer
than the set period (logged by id, gone from the file and its WAL), and data-subject requests are
due thirty days after they came, owner-only and audited."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from boostdesk.services import ops, privacy_register, venue

OWNER = ops.Actor(user_id=1, name="Owner", role=ops.Role.OWNER)
CASHIER = ops.Actor(user_id=2, name="Cashier", role=ops.Role.CASHIER)
SECRET_NAME = "Zebercetoğlu"
SECRET_MAIL = "retention-zebercet@example.org"


def last_seen(opened: venue.Venue) -> dict[int, int]:
    rows = opened.store.execute(
        "SELECT c.id, COALESCE(m.last_at, c.created_at) FROM customer c "
        "LEFT JOIN customer_metrics m ON m.customer_id = c.id WHERE c.anonymised_at IS NULL"
    )
    return {int(a): int(b) for a, b in rows}


def test_retention_anonymises_exactly_the_guests_inactive_too_long(
    demo_venue: venue.Venue,
) -> None:
    opened = demo_venue
    assert opened.settings.get("privacy.retention_years") == 3
    assert privacy_register.run_retention(opened).value.anonymised == 0  # 2 years of history

    opened.settings.change(OWNER, {"privacy.retention_years": 1})
    cutoff = privacy_register.retention_cutoff(opened)
    assert cutoff is not None
    start = int(dt.datetime.combine(cutoff, dt.time(), dt.UTC).timestamp())
    seen = last_seen(opened)
    # One long-gone guest gets unmistakable personal data, to be looked for in the raw bytes.
    gone = min(g for g, at in seen.items() if at < start - 86400)
    opened.store.execute(
        "UPDATE customer SET last_name = ?, email = ? WHERE id = ?",
        (SECRET_NAME, SECRET_MAIL, gone),
    )
    visits = opened.store.execute("SELECT COUNT(*), SUM(amount_minor) FROM visit").fetchone()

    result = privacy_register.run_retention(opened)
    done = result.value
    anonymised = {
        int(r[0])
        for r in opened.store.execute("SELECT id FROM customer WHERE anonymised_at IS NOT NULL")
    }
    # Some guests went, some stayed; a guest seen within a day of the cutoff is not judged here
    # (the cutoff is the start of the local day in the venue's zone).
    assert 0 < done.anonymised == len(anonymised) < len(seen)
    assert all(seen[g] < start + 86400 for g in anonymised)
    assert all(seen[g] >= start - 86400 for g in seen if g not in anonymised)
    assert gone in anonymised and result.changes.all_guests

    log = privacy_register.destructions(opened)
    assert sum(entry.guests for entry in log) == done.anonymised
    assert {g for entry in log for g in entry.customer_ids} == anonymised
    assert "more than 1 years" in log[0].rule and cutoff.isoformat() in log[0].rule
    audit = opened.store.execute(
        "SELECT detail FROM audit_log WHERE action = 'privacy.retention'"
    ).fetchall()
    assert sum(int(d.split("=")[1]) for (d,) in audit) == done.anonymised
    # Anonymous totals stay; the person is gone from the file and its WAL.
    assert (
        opened.store.execute("SELECT COUNT(*), SUM(amount_minor) FROM visit").fetchone() == visits
    )
    assert opened.store.execute(
        "SELECT COUNT(*) FROM segment_current WHERE customer_id = ?", (gone,)
    ).fetchone() == (0,)
    raw = b"".join(
        p.read_bytes() for p in opened.data_dir.iterdir() if p.name.startswith("boostdesk.db")
    )
    assert SECRET_NAME.encode() not in raw and SECRET_MAIL.encode() not in raw
    # The next night finds no one new.
    assert privacy_register.run_retention(opened).value.anonymised == 0
    assert len(privacy_register.destructions(opened)) == len(log)


def test_retention_off_anonymises_no_one(demo_venue: venue.Venue) -> None:
    demo_venue.settings.change(OWNER, {"privacy.retention_years": 0})
    assert privacy_register.retention_cutoff(demo_venue) is None
    assert privacy_register.run_retention(demo_venue).value.anonymised == 0
    with pytest.raises(ops.PermissionDenied):
        privacy_register.run_retention(demo_venue, CASHIER)


def test_a_request_is_due_in_thirty_days_and_closed_by_the_owner(demo_venue: venue.Venue) -> None:
    opened = demo_venue
    today = privacy_register.today(opened)
    old = privacy_register.add_request(
        opened, OWNER, "erasure", received_on=today - dt.timedelta(days=31), note="by letter"
    ).value
    new = privacy_register.add_request(opened, OWNER, "access").value
    assert old.due_on == today - dt.timedelta(days=1) and new.due_on == today + dt.timedelta(30)
    assert privacy_register.is_overdue(old, today) and not privacy_register.is_overdue(new, today)
    assert [r.id for r in privacy_register.requests(opened)] == [old.id, new.id]  # due first

    closed = privacy_register.close_request(opened, OWNER, old.id, note="erased").value
    assert (closed.status, closed.closed_on, closed.note) == ("closed", today, "by letter\nerased")
    assert not privacy_register.is_overdue(closed, today)
    assert [r.id for r in privacy_register.requests(opened, open_only=True)] == [new.id]
    with pytest.raises(privacy_register.RequestError, match="no open request"):
        privacy_register.close_request(opened, OWNER, old.id)
    with pytest.raises(privacy_register.RequestError, match="unknown kind"):
        privacy_register.add_request(opened, OWNER, "deletion")
    with pytest.raises(privacy_register.RequestError, match="future"):
        privacy_register.add_request(opened, OWNER, "access", received_on=today + dt.timedelta(2))
    for attempt in (
        lambda: privacy_register.add_request(opened, CASHIER, "access"),
        lambda: privacy_register.close_request(opened, CASHIER, new.id),
    ):
        with pytest.raises(ops.PermissionDenied):
            attempt()
    actions = opened.store.execute(
        "SELECT action, detail FROM audit_log WHERE action LIKE 'privacy.request%' ORDER BY id"
    ).fetchall()
    assert actions == [
        ("privacy.request_add", f"request={old.id} kind=erasure"),
        ("privacy.request_add", f"request={new.id} kind=access"),
        ("privacy.request_close", f"request={old.id}"),
    ]
    assert json.dumps(actions).count("by letter") == 0  # notes never reach the audit log
