"""Numbered schema migrations.

Each migration is a list of SQL statements applied in one transaction; ``PRAGMA user_version``
holds the number of the last one applied. Migrations are frozen history: never edit one that has
shipped, add a new one. The DDL is plain SQL so that the schema in the README is exactly what runs.

Conventions: money columns end in ``_minor`` (integer minor units, kuruş); time columns end in
``_at`` and hold UTC Unix seconds (integers); dates without time (birth dates) are ISO text.
"""

from __future__ import annotations

from typing import Final

_V1: Final = [
    """
    CREATE TABLE setting (
        key   TEXT PRIMARY KEY,
        value TEXT NOT NULL              -- JSON
    )""",
    """
    CREATE TABLE user (
        id              INTEGER PRIMARY KEY,
        name            TEXT NOT NULL UNIQUE,
        role            TEXT NOT NULL CHECK (role IN ('owner', 'cashier')),
        pin_hash        TEXT NOT NULL,   -- scrypt$n$r$p$salt$hash
        failed_attempts INTEGER NOT NULL DEFAULT 0,
        locked_until    INTEGER,
        active          INTEGER NOT NULL DEFAULT 1,
        created_at      INTEGER NOT NULL
    )""",
    """
    CREATE TABLE customer (
        id                  INTEGER PRIMARY KEY,
        first_name          TEXT NOT NULL,
        last_name           TEXT,
        phone               TEXT,
        email               TEXT,
        birth_date          TEXT,        -- YYYY-MM-DD
        gender              TEXT CHECK (gender IN ('female', 'male', 'other')),
        district            TEXT,
        city                TEXT,
        registration_source TEXT NOT NULL DEFAULT 'counter',
        created_at          INTEGER NOT NULL,
        anonymised_at       INTEGER
    )""",
    """
    CREATE TABLE family_member (
        id          INTEGER PRIMARY KEY,
        customer_id INTEGER NOT NULL REFERENCES customer (id) ON DELETE CASCADE,
        relation    TEXT NOT NULL CHECK (relation IN ('spouse', 'child', 'other')),
        first_name  TEXT,
        birth_date  TEXT
    )""",
    "CREATE INDEX family_member_customer ON family_member (customer_id)",
    """
    CREATE TABLE card (
        id          INTEGER PRIMARY KEY,
        number      TEXT NOT NULL UNIQUE,
        customer_id INTEGER REFERENCES customer (id),
        status      TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'lost', 'blocked')),
        issued_at   INTEGER NOT NULL
    )""",
    "CREATE INDEX card_customer ON card (customer_id)",
    """
    CREATE TABLE category (
        id         INTEGER PRIMARY KEY,
        code       TEXT NOT NULL UNIQUE,
        name       TEXT NOT NULL,
        sort_order INTEGER NOT NULL DEFAULT 0,
        active     INTEGER NOT NULL DEFAULT 1
    )""",
    """
    CREATE TABLE visit (
        id              INTEGER PRIMARY KEY,
        customer_id     INTEGER NOT NULL REFERENCES customer (id),
        card_id         INTEGER REFERENCES card (id),
        visited_at      INTEGER NOT NULL,
        amount_minor    INTEGER NOT NULL CHECK (amount_minor >= 0),
        receipt_no      TEXT,
        idempotency_key TEXT NOT NULL UNIQUE,
        user_id         INTEGER REFERENCES user (id),
        voided_at       INTEGER,
        void_reason     TEXT
    )""",
    # Covering index: per-guest recency, frequency and monetary without touching the table.
    "CREATE INDEX visit_customer_time ON visit (customer_id, visited_at, amount_minor)",
    "CREATE INDEX visit_time ON visit (visited_at)",
    """
    CREATE TABLE visit_line (
        id           INTEGER PRIMARY KEY,
        visit_id     INTEGER NOT NULL REFERENCES visit (id),
        category_id  INTEGER NOT NULL REFERENCES category (id),
        amount_minor INTEGER NOT NULL CHECK (amount_minor >= 0)
    )""",
    "CREATE INDEX visit_line_visit ON visit_line (visit_id, category_id, amount_minor)",
    """
    CREATE TABLE voucher (
        id                INTEGER PRIMARY KEY,
        code              TEXT NOT NULL UNIQUE,
        customer_id       INTEGER REFERENCES customer (id),
        kind              TEXT NOT NULL CHECK (kind IN ('amount', 'percent', 'item')),
        value             INTEGER NOT NULL,  -- minor units, percent, or 0 for an item
        item_name         TEXT,
        source            TEXT NOT NULL DEFAULT 'manual',
        issued_at         INTEGER NOT NULL,
        expires_at        INTEGER,
        printed_at        INTEGER,
        redeemed_at       INTEGER,
        redeemed_visit_id INTEGER REFERENCES visit (id),
        cancelled_at      INTEGER
    )""",
    "CREATE INDEX voucher_customer ON voucher (customer_id)",
    """
    CREATE TABLE ledger_entry (
        id           INTEGER PRIMARY KEY,
        customer_id  INTEGER NOT NULL REFERENCES customer (id),
        kind         TEXT NOT NULL
                     CHECK (kind IN ('earn', 'welcome', 'redeem', 'expire', 'adjust', 'reverse')),
        points_minor INTEGER NOT NULL,   -- signed: + earn, - redeem/expire
        created_at   INTEGER NOT NULL,
        expires_at   INTEGER,            -- earn entries carry their own expiry
        usable_from  INTEGER,            -- e.g. welcome bonus usable from the second visit
        visit_id     INTEGER REFERENCES visit (id),
        reverses_id  INTEGER REFERENCES ledger_entry (id),
        user_id      INTEGER REFERENCES user (id),
        note         TEXT
    )""",
    "CREATE INDEX ledger_customer ON ledger_entry (customer_id, created_at)",
    # The ledger is append-only: corrections are new (reversing) entries.
    """
    CREATE TRIGGER ledger_no_update BEFORE UPDATE ON ledger_entry
    BEGIN SELECT RAISE(ABORT, 'ledger_entry is append-only'); END""",
    """
    CREATE TRIGGER ledger_no_delete BEFORE DELETE ON ledger_entry
    BEGIN SELECT RAISE(ABORT, 'ledger_entry is append-only'); END""",
    """
    CREATE TABLE consent (
        id           INTEGER PRIMARY KEY,
        customer_id  INTEGER NOT NULL REFERENCES customer (id) ON DELETE CASCADE,
        channel      TEXT NOT NULL CHECK (channel IN ('sms', 'email', 'call', 'profiling')),
        granted      INTEGER NOT NULL,
        recorded_at  INTEGER NOT NULL,
        source       TEXT NOT NULL,
        text_version TEXT NOT NULL
    )""",
    "CREATE INDEX consent_customer ON consent (customer_id, channel, recorded_at)",
    """
    CREATE TABLE audit_log (
        id      INTEGER PRIMARY KEY,
        at      INTEGER NOT NULL,
        user_id INTEGER REFERENCES user (id),
        action  TEXT NOT NULL,
        detail  TEXT                     -- ids and counts only, never personal data
    )""",
    """
    CREATE TABLE scan_log (
        id      INTEGER PRIMARY KEY,
        at      INTEGER NOT NULL,
        raw     TEXT NOT NULL,           -- bytes rendered safely (\\xNN for non-printables)
        code    TEXT,
        outcome TEXT NOT NULL
                CHECK (outcome IN ('guest', 'unknown_card', 'voucher', 'rejected', 'duplicate')),
        detail  TEXT
    )""",
    "CREATE INDEX scan_log_at ON scan_log (at)",
    # Readable view for owners and accountants: local-independent ISO times and major units.
    """
    CREATE VIEW visit_readable AS
    SELECT v.id, v.customer_id, c.number AS card_number,
           datetime(v.visited_at, 'unixepoch') AS visited_at_utc,
           v.amount_minor / 100.0 AS amount, v.receipt_no, v.voided_at IS NOT NULL AS voided
    FROM visit v LEFT JOIN card c ON c.id = v.card_id""",
]

MIGRATIONS: Final[tuple[tuple[str, ...], ...]] = (tuple(_V1),)
"""MIGRATIONS[i] brings the schema from version i to version i + 1."""

LATEST_VERSION: Final = len(MIGRATIONS)
