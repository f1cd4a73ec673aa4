"""Numbered schema migrations.

Each migration is a list of SQL statements applied in one transaction; ``PRAGMA user_version``
holds the number of the last one applied. Migrations are frozen history: never edit one that has
shipped, add a new one. The DDL is plain SQL so that the schema in the README is exactly what runs.

Conventions: money columns end in ``_minor`` (integer minor units, kuruş); time columns end in
``_at`` and hold UTC Unix seconds (integers); dates without time (birth dates) are ISO text.
"""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Callable
from typing import Final, TypeAlias

from boostdesk.domain import localtime, search
from boostdesk.storage import kept_totals, table_rebuild

Step: TypeAlias = "str | Callable[[sqlite3.Connection], None]"

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
    "CREATE INDEX visit_customer_time ON visit (customer_id, visited_at, amount_minor, voided_at)",
    # Covering index for time windows ("visits in the last 30 days" per guest).
    "CREATE INDEX visit_time ON visit (visited_at, customer_id, amount_minor, voided_at)",
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

# Analytics: per-guest running totals kept exact by triggers, so that segmenting 100 000 guests
# reads a few hundred thousand summary rows instead of millions of visits.
_LOCAL = (
    "(NEW.visited_at + COALESCE((SELECT CAST(value AS INTEGER) FROM setting "
    "WHERE key = 'venue.utc_offset_s'), 0))"
)
_V2: Final = [
    # The guest's id in the system visits were imported from (POS export, loyalty app).
    "ALTER TABLE customer ADD COLUMN external_ref TEXT",
    "CREATE UNIQUE INDEX customer_external_ref ON customer (external_ref)",
    """
    CREATE TABLE customer_metrics (
        customer_id  INTEGER PRIMARY KEY REFERENCES customer (id),
        visits       INTEGER NOT NULL DEFAULT 0,   -- not voided
        visit_days   INTEGER NOT NULL DEFAULT 0,   -- distinct local days with a visit
        amount_minor INTEGER NOT NULL DEFAULT 0,
        first_at     INTEGER,
        last_at      INTEGER,
        morning      INTEGER NOT NULL DEFAULT 0,   -- visits before 11:00 local time
        afternoon    INTEGER NOT NULL DEFAULT 0,   -- 11:00-16:00
        evening      INTEGER NOT NULL DEFAULT 0    -- from 16:00
    )""",
    # Visits and spend per guest and 32-day bucket of local days (bucket = local day // 32).
    """
    CREATE TABLE customer_bucket (
        bucket       INTEGER NOT NULL,
        customer_id  INTEGER NOT NULL,
        visits       INTEGER NOT NULL,
        amount_minor INTEGER NOT NULL,
        PRIMARY KEY (bucket, customer_id)
    ) WITHOUT ROWID""",
    """
    CREATE TABLE customer_category (
        customer_id  INTEGER NOT NULL,
        category_id  INTEGER NOT NULL,
        amount_minor INTEGER NOT NULL,
        PRIMARY KEY (customer_id, category_id)
    ) WITHOUT ROWID""",
    f"""
    CREATE TRIGGER visit_metrics_insert AFTER INSERT ON visit WHEN NEW.voided_at IS NULL
    BEGIN
        INSERT INTO customer_metrics (customer_id) VALUES (NEW.customer_id)
            ON CONFLICT (customer_id) DO NOTHING;
        UPDATE customer_metrics SET
            visits = visits + 1,
            visit_days = visit_days + NOT EXISTS (
                SELECT 1 FROM visit v WHERE v.customer_id = NEW.customer_id AND v.id != NEW.id
                AND v.visited_at BETWEEN NEW.visited_at - 86400 AND NEW.visited_at + 86400
                AND v.voided_at IS NULL
                AND ({_LOCAL.replace("NEW.", "v.")}) / 86400 = {_LOCAL} / 86400),
            amount_minor = amount_minor + NEW.amount_minor,
            first_at = MIN(COALESCE(first_at, NEW.visited_at), NEW.visited_at),
            last_at = MAX(COALESCE(last_at, NEW.visited_at), NEW.visited_at),
            morning = morning + ({_LOCAL} % 86400 < 39600),
            afternoon = afternoon + ({_LOCAL} % 86400 >= 39600 AND {_LOCAL} % 86400 < 57600),
            evening = evening + ({_LOCAL} % 86400 >= 57600)
        WHERE customer_id = NEW.customer_id;
        INSERT INTO customer_bucket (bucket, customer_id, visits, amount_minor)
            VALUES ({_LOCAL} / 86400 / 32, NEW.customer_id, 1, NEW.amount_minor)
            ON CONFLICT (bucket, customer_id) DO UPDATE SET
                visits = visits + 1, amount_minor = amount_minor + excluded.amount_minor;
    END""",
    """
    CREATE TRIGGER visit_line_category_insert AFTER INSERT ON visit_line
    WHEN (SELECT voided_at FROM visit WHERE id = NEW.visit_id) IS NULL
    BEGIN
        INSERT INTO customer_category (customer_id, category_id, amount_minor)
            VALUES ((SELECT customer_id FROM visit WHERE id = NEW.visit_id), NEW.category_id,
                    NEW.amount_minor)
            ON CONFLICT (customer_id, category_id) DO UPDATE SET
                amount_minor = amount_minor + excluded.amount_minor;
    END""",
    # A voided visit leaves every total; first/last visit and visit days are recounted for that
    # one guest (a few hundred rows on the covering index).
    f"""
    CREATE TRIGGER visit_metrics_void AFTER UPDATE OF voided_at ON visit
    WHEN OLD.voided_at IS NULL AND NEW.voided_at IS NOT NULL
    BEGIN
        UPDATE customer_metrics SET
            visits = visits - 1,
            amount_minor = amount_minor - NEW.amount_minor,
            morning = morning - ({_LOCAL} % 86400 < 39600),
            afternoon = afternoon - ({_LOCAL} % 86400 >= 39600 AND {_LOCAL} % 86400 < 57600),
            evening = evening - ({_LOCAL} % 86400 >= 57600),
            first_at = (SELECT MIN(visited_at) FROM visit
                        WHERE customer_id = NEW.customer_id AND voided_at IS NULL),
            last_at = (SELECT MAX(visited_at) FROM visit
                       WHERE customer_id = NEW.customer_id AND voided_at IS NULL),
            visit_days = (SELECT COUNT(DISTINCT ({_LOCAL.replace("NEW.", "v.")}) / 86400)
                          FROM visit v
                          WHERE v.customer_id = NEW.customer_id AND v.voided_at IS NULL)
        WHERE customer_id = NEW.customer_id;
        UPDATE customer_bucket
        SET visits = visits - 1, amount_minor = amount_minor - NEW.amount_minor
        WHERE bucket = {_LOCAL} / 86400 / 32 AND customer_id = NEW.customer_id;
        UPDATE customer_category SET amount_minor = amount_minor - COALESCE((
            SELECT SUM(l.amount_minor) FROM visit_line l
            WHERE l.visit_id = NEW.id AND l.category_id = customer_category.category_id), 0)
        WHERE customer_id = NEW.customer_id;
    END""",
    """
    CREATE TRIGGER customer_metrics_new AFTER INSERT ON customer
    BEGIN
        INSERT INTO customer_metrics (customer_id) VALUES (NEW.id)
            ON CONFLICT (customer_id) DO NOTHING;
    END""",
    # Segments: the current segment of every guest per family, and every change as a transition.
    # The segments of any past day are the latest transition on or before that day.
    # segments: JSON object family -> segment key, e.g. json_extract(segments, '$.lifecycle').
    """
    CREATE TABLE segment_current (
        customer_id INTEGER PRIMARY KEY,
        segments    TEXT NOT NULL,
        since_at    INTEGER NOT NULL
    )""",
    """
    CREATE TABLE segment_transition (
        id           INTEGER PRIMARY KEY,
        customer_id  INTEGER NOT NULL,
        family       TEXT NOT NULL,
        from_segment TEXT,
        to_segment   TEXT NOT NULL,
        at           INTEGER NOT NULL
    )""",
    "CREATE INDEX segment_transition_at ON segment_transition (family, at)",
    "CREATE INDEX segment_transition_customer ON segment_transition (customer_id, family, at)",
    """
    CREATE TABLE segment_run (
        id          INTEGER PRIMARY KEY,
        started_at  INTEGER NOT NULL,
        as_of       INTEGER NOT NULL,
        kind        TEXT NOT NULL,               -- full / one
        customers   INTEGER NOT NULL,
        changes     INTEGER NOT NULL,
        seconds     REAL NOT NULL,
        cutoffs     TEXT                          -- JSON: RFM quintile edges, ABC thresholds
    )""",
    """
    CREATE TABLE custom_segment (
        id         INTEGER PRIMARY KEY,
        name       TEXT NOT NULL UNIQUE,
        rule       TEXT NOT NULL,                 -- JSON: {"all"|"any": [{metric, op, value}]}
        created_at INTEGER NOT NULL
    )""",
    "INSERT INTO customer_metrics (customer_id) SELECT id FROM customer",
]

_REBUILD_V2: Final = (
    "DELETE FROM customer_metrics",
    "DELETE FROM customer_bucket",
    "DELETE FROM customer_category",
    f"""
    INSERT INTO customer_metrics (customer_id, visits, visit_days, amount_minor, first_at, last_at,
                                  morning, afternoon, evening)
    SELECT c.id, COUNT(v.id), COUNT(DISTINCT {_LOCAL.replace("NEW.", "v.")} / 86400),
           COALESCE(SUM(v.amount_minor), 0), MIN(v.visited_at), MAX(v.visited_at),
           COALESCE(SUM({_LOCAL.replace("NEW.", "v.")} % 86400 < 39600), 0),
           COALESCE(SUM({_LOCAL.replace("NEW.", "v.")} % 86400 BETWEEN 39600 AND 57599), 0),
           COALESCE(SUM({_LOCAL.replace("NEW.", "v.")} % 86400 >= 57600), 0)
    FROM customer c LEFT JOIN visit v ON v.customer_id = c.id AND v.voided_at IS NULL
    GROUP BY c.id""",
    f"""
    INSERT INTO customer_bucket (bucket, customer_id, visits, amount_minor)
    SELECT {_LOCAL.replace("NEW.", "v.")} / 86400 / 32, v.customer_id, COUNT(*), SUM(amount_minor)
    FROM visit v WHERE v.voided_at IS NULL GROUP BY 1, 2""",
    """
    INSERT INTO customer_category (customer_id, category_id, amount_minor)
    SELECT v.customer_id, l.category_id, SUM(l.amount_minor)
    FROM visit_line l JOIN visit v ON v.id = l.visit_id WHERE v.voided_at IS NULL
    GROUP BY 1, 2""",
)

# V3: what a full recompute and the CLV fit need, kept per guest so that they read one row each.
# * Visits and spend of the "month" and the RFM window, both ending on one anchor day
#   (``metrics_window.day``, a local day number). Visits on later days are added by the reader (a
#   short range on the time index) until the next full recompute moves the anchor forward.
# * The spend of the first visit day (Gamma-Gamma models the spend of *repeat* visit days).
_V_LOCAL = _LOCAL.replace("NEW.", "v.")
_OFFSET = (
    "COALESCE((SELECT CAST(value AS INTEGER) FROM setting WHERE key = 'venue.utc_offset_s'), 0)"
)
_IN_MONTH = (
    f"COALESCE((SELECT {_LOCAL} / 86400 BETWEEN day - month_days + 1 AND day "
    "FROM metrics_window), 0)"
)
_IN_WINDOW = (
    f"COALESCE((SELECT {_LOCAL} / 86400 BETWEEN day - window_days + 1 AND day "
    "FROM metrics_window), 0)"
)
_FIRST_DAY = f"(first_at + {_OFFSET}) / 86400"
_V3: Final = [
    "ALTER TABLE customer_metrics ADD COLUMN month_visits INTEGER NOT NULL DEFAULT 0",
    "ALTER TABLE customer_metrics ADD COLUMN month_amount_minor INTEGER NOT NULL DEFAULT 0",
    "ALTER TABLE customer_metrics ADD COLUMN window_visits INTEGER NOT NULL DEFAULT 0",
    "ALTER TABLE customer_metrics ADD COLUMN window_amount_minor INTEGER NOT NULL DEFAULT 0",
    "ALTER TABLE customer_metrics ADD COLUMN first_day_amount_minor INTEGER NOT NULL DEFAULT 0",
    """
    CREATE TABLE metrics_window (
        id          INTEGER PRIMARY KEY CHECK (id = 1),
        day         INTEGER,                      -- local day the windows end on; NULL: not kept
        month_days  INTEGER NOT NULL,
        window_days INTEGER NOT NULL
    )""",
    "INSERT INTO metrics_window (id, day, month_days, window_days) VALUES (1, NULL, 30, 365)",
    # Lets a full recompute list the registration sources without reading every guest's row.
    "CREATE INDEX customer_registration_source ON customer (registration_source)",
    "DROP TRIGGER visit_metrics_insert",
    "DROP TRIGGER visit_metrics_void",
    f"""
    CREATE TRIGGER visit_metrics_insert AFTER INSERT ON visit WHEN NEW.voided_at IS NULL
    BEGIN
        INSERT INTO customer_metrics (customer_id) VALUES (NEW.customer_id)
            ON CONFLICT (customer_id) DO NOTHING;
        UPDATE customer_metrics SET
            visits = visits + 1,
            visit_days = visit_days + NOT EXISTS (
                SELECT 1 FROM visit v WHERE v.customer_id = NEW.customer_id AND v.id != NEW.id
                AND v.visited_at BETWEEN NEW.visited_at - 86400 AND NEW.visited_at + 86400
                AND v.voided_at IS NULL
                AND ({_V_LOCAL}) / 86400 = {_LOCAL} / 86400),
            amount_minor = amount_minor + NEW.amount_minor,
            first_at = MIN(COALESCE(first_at, NEW.visited_at), NEW.visited_at),
            last_at = MAX(COALESCE(last_at, NEW.visited_at), NEW.visited_at),
            morning = morning + ({_LOCAL} % 86400 < 39600),
            afternoon = afternoon + ({_LOCAL} % 86400 >= 39600 AND {_LOCAL} % 86400 < 57600),
            evening = evening + ({_LOCAL} % 86400 >= 57600),
            month_visits = month_visits + {_IN_MONTH},
            month_amount_minor = month_amount_minor + {_IN_MONTH} * NEW.amount_minor,
            window_visits = window_visits + {_IN_WINDOW},
            window_amount_minor = window_amount_minor + {_IN_WINDOW} * NEW.amount_minor,
            first_day_amount_minor = CASE
                WHEN first_at IS NULL OR {_LOCAL} / 86400 < {_FIRST_DAY} THEN NEW.amount_minor
                WHEN {_LOCAL} / 86400 = {_FIRST_DAY}
                    THEN first_day_amount_minor + NEW.amount_minor
                ELSE first_day_amount_minor END
        WHERE customer_id = NEW.customer_id;
        INSERT INTO customer_bucket (bucket, customer_id, visits, amount_minor)
            VALUES ({_LOCAL} / 86400 / 32, NEW.customer_id, 1, NEW.amount_minor)
            ON CONFLICT (bucket, customer_id) DO UPDATE SET
                visits = visits + 1, amount_minor = amount_minor + excluded.amount_minor;
    END""",
    f"""
    CREATE TRIGGER visit_metrics_void AFTER UPDATE OF voided_at ON visit
    WHEN OLD.voided_at IS NULL AND NEW.voided_at IS NOT NULL
    BEGIN
        UPDATE customer_metrics SET
            visits = visits - 1,
            amount_minor = amount_minor - NEW.amount_minor,
            morning = morning - ({_LOCAL} % 86400 < 39600),
            afternoon = afternoon - ({_LOCAL} % 86400 >= 39600 AND {_LOCAL} % 86400 < 57600),
            evening = evening - ({_LOCAL} % 86400 >= 57600),
            month_visits = month_visits - {_IN_MONTH},
            month_amount_minor = month_amount_minor - {_IN_MONTH} * NEW.amount_minor,
            window_visits = window_visits - {_IN_WINDOW},
            window_amount_minor = window_amount_minor - {_IN_WINDOW} * NEW.amount_minor,
            first_at = (SELECT MIN(visited_at) FROM visit
                        WHERE customer_id = NEW.customer_id AND voided_at IS NULL),
            last_at = (SELECT MAX(visited_at) FROM visit
                       WHERE customer_id = NEW.customer_id AND voided_at IS NULL),
            visit_days = (SELECT COUNT(DISTINCT ({_V_LOCAL}) / 86400)
                          FROM visit v
                          WHERE v.customer_id = NEW.customer_id AND v.voided_at IS NULL)
        WHERE customer_id = NEW.customer_id;
        UPDATE customer_metrics SET first_day_amount_minor = COALESCE((
            SELECT SUM(v.amount_minor) FROM visit v
            WHERE v.customer_id = NEW.customer_id AND v.voided_at IS NULL
            AND v.visited_at BETWEEN customer_metrics.first_at
                                 AND customer_metrics.first_at + 86400
            AND ({_V_LOCAL}) / 86400 = {_FIRST_DAY}), 0)
        WHERE customer_id = NEW.customer_id;
        UPDATE customer_bucket
        SET visits = visits - 1, amount_minor = amount_minor - NEW.amount_minor
        WHERE bucket = {_LOCAL} / 86400 / 32 AND customer_id = NEW.customer_id;
        UPDATE customer_category SET amount_minor = amount_minor - COALESCE((
            SELECT SUM(l.amount_minor) FROM visit_line l
            WHERE l.visit_id = NEW.id AND l.category_id = customer_category.category_id), 0)
        WHERE customer_id = NEW.customer_id;
    END""",
]


def _v3_window_statements(day: str, month_days: str, window_days: str) -> tuple[str, ...]:
    """Anchor the kept windows on local ``day`` with the given lengths (SQL expressions) and
    recount every guest's window totals from the visits (time index ranges)."""
    bounds = {
        "month": f"(({day}) - ({month_days}) + 1) * 86400 - {_OFFSET}",
        "window": f"(({day}) - ({window_days}) + 1) * 86400 - {_OFFSET}",
    }
    end = f"(({day}) + 1) * 86400 - {_OFFSET}"
    statements = [
        f"UPDATE metrics_window SET day = ({day}), month_days = ({month_days}), "
        f"window_days = ({window_days})",
        "UPDATE customer_metrics SET month_visits = 0, month_amount_minor = 0, window_visits = 0, "
        "window_amount_minor = 0 WHERE month_visits != 0 OR month_amount_minor != 0 "
        "OR window_visits != 0 OR window_amount_minor != 0",
    ]
    for name, start in bounds.items():
        statements.append(
            f"""
    UPDATE customer_metrics SET {name}_visits = w.visits, {name}_amount_minor = w.amount
    FROM (SELECT customer_id, COUNT(*) AS visits, SUM(amount_minor) AS amount FROM visit
          WHERE visited_at >= {start} AND visited_at < {end} AND voided_at IS NULL
          GROUP BY +customer_id) AS w
    WHERE customer_metrics.customer_id = w.customer_id"""
        )
    return tuple(statements)


_REBUILD_V3: Final = (
    # the windows end on the day of the latest visit (the data's "today")
    *_v3_window_statements(
        f"(SELECT ({_V_LOCAL}) / 86400 FROM visit v WHERE v.voided_at IS NULL "
        "ORDER BY v.visited_at DESC LIMIT 1)",
        "COALESCE((SELECT CAST(value AS INTEGER) FROM setting "
        "WHERE key = 'segments.month_days'), 30)",
        "COALESCE((SELECT CAST(value AS INTEGER) FROM setting "
        "WHERE key = 'segments.rfm_window_days'), 365)",
    ),
    f"""
    UPDATE customer_metrics SET first_day_amount_minor = f.amount
    FROM (SELECT v.customer_id, SUM(v.amount_minor) AS amount
          FROM customer_metrics m JOIN visit v ON v.customer_id = m.customer_id
          WHERE v.voided_at IS NULL AND v.visited_at BETWEEN m.first_at AND m.first_at + 86400
          AND ({_V_LOCAL}) / 86400 = (m.first_at + {_OFFSET}) / 86400
          GROUP BY v.customer_id) AS f
    WHERE customer_metrics.customer_id = f.customer_id""",
)

# V4: compact stored segments and staged imports.
# * segment_current keeps one small-integer code per family (segment_code maps codes to keys), so a
#   full recompute reads every guest's segments as integers instead of parsing a JSON text each.
#   segment_readable shows the keys; the old JSON texts are converted.
# * Anonymised guests keep no segments and no segment history (a trigger removes them).
# * import_batch / import_row: an import is staged completely first, then published in short
#   chunks (see storage/imports.py).
SEGMENT_FAMILIES_V4: Final = (
    "lifecycle",
    "rfm",
    "abc",
    "basket",
    "age",
    "gender",
    "family",
    "frequency",
    "spend",
    "daypart",
    "campaigns",
    "registration_source",
    "predictive",
)
_V4: Final = [
    """
    CREATE TABLE segment_code (
        family  TEXT NOT NULL,
        code    INTEGER NOT NULL,
        segment TEXT NOT NULL,
        PRIMARY KEY (family, code),
        UNIQUE (family, segment)
    ) WITHOUT ROWID""",
    # SQLite-only: json_each / json_extract read the V2 JSON texts once, here.
    """
    INSERT INTO segment_code (family, code, segment)
    SELECT family, ROW_NUMBER() OVER (PARTITION BY family ORDER BY segment) - 1, segment
    FROM (SELECT DISTINCT j.key AS family, j.value AS segment
          FROM segment_current s, json_each(s.segments) j)""",
    "CREATE TABLE segment_current_v4 (\n        customer_id INTEGER PRIMARY KEY,\n"
    + "".join(f"        {f} INTEGER,\n" for f in SEGMENT_FAMILIES_V4)
    + "        since_at    INTEGER NOT NULL\n    )",
    "INSERT INTO segment_current_v4 (customer_id, "
    + ", ".join(SEGMENT_FAMILIES_V4)
    + ", since_at) SELECT s.customer_id, "
    + ", ".join(
        f"(SELECT code FROM segment_code WHERE family = '{f}' "
        f"AND segment = json_extract(s.segments, '$.{f}'))"
        for f in SEGMENT_FAMILIES_V4
    )
    + ", s.since_at FROM segment_current s",
    "DROP TABLE segment_current",
    "ALTER TABLE segment_current_v4 RENAME TO segment_current",
    "CREATE VIEW segment_readable AS SELECT s.customer_id, "
    + ", ".join(
        f"(SELECT segment FROM segment_code WHERE family = '{f}' AND code = s.{f}) AS {f}"
        for f in SEGMENT_FAMILIES_V4
    )
    + ", s.since_at FROM segment_current s",
    "DELETE FROM segment_current WHERE customer_id IN "
    "(SELECT id FROM customer WHERE anonymised_at IS NOT NULL)",
    "DELETE FROM segment_transition WHERE customer_id IN "
    "(SELECT id FROM customer WHERE anonymised_at IS NOT NULL)",
    """
    CREATE TRIGGER customer_anonymised_segments AFTER UPDATE OF anonymised_at ON customer
    WHEN NEW.anonymised_at IS NOT NULL
    BEGIN
        DELETE FROM segment_current WHERE customer_id = NEW.id;
        DELETE FROM segment_transition WHERE customer_id = NEW.id;
    END""",
    """
    CREATE TABLE import_batch (
        id          INTEGER PRIMARY KEY,
        kind        TEXT NOT NULL,                -- visits
        started_at  INTEGER NOT NULL,
        rows        INTEGER NOT NULL,             -- rows staged so far / in total
        state       TEXT NOT NULL CHECK (state IN ('staging', 'publishing', 'done')),
        published   INTEGER NOT NULL DEFAULT 0,   -- rows published so far (by seq)
        finished_at INTEGER
    )""",
    # One row per visit to import; guests are named by their ref and card as in the file.
    """
    CREATE TABLE import_row (
        import_id       INTEGER NOT NULL REFERENCES import_batch (id) ON DELETE CASCADE,
        seq             INTEGER NOT NULL,
        ref             TEXT NOT NULL,
        card            TEXT,
        visited_at      INTEGER NOT NULL,
        amount_minor    INTEGER NOT NULL,
        category_id     INTEGER,
        idempotency_key TEXT NOT NULL,
        PRIMARY KEY (import_id, seq)
    ) WITHOUT ROWID""",
]


# V5: one time model. Each visit stores its local day (days since 1970-01-01 on the venue's clock)
# and day-part (0 morning before 11:00, 1 afternoon 11:00-16:00, 2 evening from 16:00), worked out
# once in the venue's IANA zone when it is written; the triggers sum those instead of a fixed
# offset. Visits are never changed or deleted (a correction is a void and a new visit), so the
# kept totals cannot drift silently.
_V5_IN_MONTH = (
    "COALESCE((SELECT NEW.local_day BETWEEN day - month_days + 1 AND day FROM metrics_window), 0)"
)
_V5_IN_WINDOW = (
    "COALESCE((SELECT NEW.local_day BETWEEN day - window_days + 1 AND day FROM metrics_window), 0)"
)
# local day of the guest's earliest standing visit before this statement (first_at is the old value)
_V5_FIRST_DAY = (
    "(SELECT v.local_day FROM visit v WHERE v.customer_id = NEW.customer_id "
    "AND v.voided_at IS NULL AND v.visited_at = customer_metrics.first_at LIMIT 1)"
)


def _v5_fill_local(conn: sqlite3.Connection) -> None:
    zone = kept_totals.venue_zone(conn)
    kept_totals.fill_local(conn, zone)
    kept_totals.fill_local(conn, zone, table="import_row")  # an import interrupted mid-publish


def _v5_rebuild(conn: sqlite3.Connection) -> None:
    kept_totals.rebuild(conn, timed_only=True)  # spend per category does not depend on time


_V5: Final[list[Step]] = [
    "ALTER TABLE visit ADD COLUMN local_day INTEGER",
    "ALTER TABLE visit ADD COLUMN day_part INTEGER",  # checked by visit_local_required
    # staged import rows carry them too (publishing copies them into the visits)
    "ALTER TABLE import_row ADD COLUMN local_day INTEGER",
    "ALTER TABLE import_row ADD COLUMN day_part INTEGER",
    _v5_fill_local,
    # the covering indexes carry the local fields, so per-guest and per-day reads stay on them
    "DROP INDEX visit_customer_time",
    "CREATE INDEX visit_customer_time ON visit "
    "(customer_id, visited_at, amount_minor, voided_at, local_day, day_part)",
    "DROP INDEX visit_time",
    "CREATE INDEX visit_time ON visit "
    "(visited_at, customer_id, amount_minor, voided_at, local_day)",
    """
    CREATE TRIGGER visit_local_required BEFORE INSERT ON visit
    WHEN NEW.local_day IS NULL OR NEW.day_part IS NULL OR NEW.day_part NOT IN (0, 1, 2)
    BEGIN SELECT RAISE(ABORT, 'a visit needs its local_day and day_part (venue time)'); END""",
    """
    CREATE TRIGGER visit_no_change BEFORE UPDATE OF customer_id, visited_at, amount_minor,
        local_day, day_part ON visit
    WHEN NEW.customer_id IS NOT OLD.customer_id OR NEW.visited_at IS NOT OLD.visited_at
        OR NEW.amount_minor IS NOT OLD.amount_minor OR NEW.local_day IS NOT OLD.local_day
        OR NEW.day_part IS NOT OLD.day_part
    BEGIN SELECT RAISE(ABORT, 'a visit is never changed: void it and record a new one'); END""",
    """
    CREATE TRIGGER visit_no_unvoid BEFORE UPDATE OF voided_at ON visit
    WHEN OLD.voided_at IS NOT NULL AND NEW.voided_at IS NOT OLD.voided_at
    BEGIN SELECT RAISE(ABORT, 'a voided visit stays voided'); END""",
    """
    CREATE TRIGGER visit_no_delete BEFORE DELETE ON visit
    BEGIN SELECT RAISE(ABORT, 'visits are never deleted: void them'); END""",
    """
    CREATE TRIGGER visit_line_no_change BEFORE UPDATE ON visit_line
    BEGIN SELECT RAISE(ABORT, 'a visit''s lines are never changed'); END""",
    """
    CREATE TRIGGER visit_line_no_delete BEFORE DELETE ON visit_line
    BEGIN SELECT RAISE(ABORT, 'a visit''s lines are never deleted'); END""",
    "DROP TRIGGER visit_metrics_insert",
    "DROP TRIGGER visit_metrics_void",
    f"""
    CREATE TRIGGER visit_metrics_insert AFTER INSERT ON visit WHEN NEW.voided_at IS NULL
    BEGIN
        INSERT INTO customer_metrics (customer_id) VALUES (NEW.customer_id)
            ON CONFLICT (customer_id) DO NOTHING;
        UPDATE customer_metrics SET
            visits = visits + 1,
            visit_days = visit_days + NOT EXISTS (
                SELECT 1 FROM visit v WHERE v.customer_id = NEW.customer_id AND v.id != NEW.id
                AND v.visited_at BETWEEN NEW.visited_at - 172800 AND NEW.visited_at + 172800
                AND v.voided_at IS NULL AND v.local_day = NEW.local_day),
            amount_minor = amount_minor + NEW.amount_minor,
            first_at = MIN(COALESCE(first_at, NEW.visited_at), NEW.visited_at),
            last_at = MAX(COALESCE(last_at, NEW.visited_at), NEW.visited_at),
            morning = morning + (NEW.day_part = 0),
            afternoon = afternoon + (NEW.day_part = 1),
            evening = evening + (NEW.day_part = 2),
            month_visits = month_visits + {_V5_IN_MONTH},
            month_amount_minor = month_amount_minor + {_V5_IN_MONTH} * NEW.amount_minor,
            window_visits = window_visits + {_V5_IN_WINDOW},
            window_amount_minor = window_amount_minor + {_V5_IN_WINDOW} * NEW.amount_minor,
            first_day_amount_minor = CASE
                WHEN first_at IS NULL THEN NEW.amount_minor
                WHEN NEW.local_day = {_V5_FIRST_DAY}
                    THEN first_day_amount_minor + NEW.amount_minor
                WHEN NEW.visited_at < first_at THEN NEW.amount_minor
                ELSE first_day_amount_minor END
        WHERE customer_id = NEW.customer_id;
        INSERT INTO customer_bucket (bucket, customer_id, visits, amount_minor)
            VALUES (NEW.local_day / 32, NEW.customer_id, 1, NEW.amount_minor)
            ON CONFLICT (bucket, customer_id) DO UPDATE SET
                visits = visits + 1, amount_minor = amount_minor + excluded.amount_minor;
    END""",
    f"""
    CREATE TRIGGER visit_metrics_void AFTER UPDATE OF voided_at ON visit
    WHEN OLD.voided_at IS NULL AND NEW.voided_at IS NOT NULL
    BEGIN
        UPDATE customer_metrics SET
            visits = visits - 1,
            amount_minor = amount_minor - NEW.amount_minor,
            morning = morning - (NEW.day_part = 0),
            afternoon = afternoon - (NEW.day_part = 1),
            evening = evening - (NEW.day_part = 2),
            month_visits = month_visits - {_V5_IN_MONTH},
            month_amount_minor = month_amount_minor - {_V5_IN_MONTH} * NEW.amount_minor,
            window_visits = window_visits - {_V5_IN_WINDOW},
            window_amount_minor = window_amount_minor - {_V5_IN_WINDOW} * NEW.amount_minor,
            first_at = (SELECT MIN(visited_at) FROM visit
                        WHERE customer_id = NEW.customer_id AND voided_at IS NULL),
            last_at = (SELECT MAX(visited_at) FROM visit
                       WHERE customer_id = NEW.customer_id AND voided_at IS NULL),
            visit_days = (SELECT COUNT(DISTINCT local_day) FROM visit
                          WHERE customer_id = NEW.customer_id AND voided_at IS NULL)
        WHERE customer_id = NEW.customer_id;
        UPDATE customer_metrics SET first_day_amount_minor = COALESCE((
            SELECT SUM(v.amount_minor) FROM visit v
            WHERE v.customer_id = NEW.customer_id AND v.voided_at IS NULL
            AND v.local_day = {_V5_FIRST_DAY}), 0)
        WHERE customer_id = NEW.customer_id;
        UPDATE customer_bucket
        SET visits = visits - 1, amount_minor = amount_minor - NEW.amount_minor
        WHERE bucket = NEW.local_day / 32 AND customer_id = NEW.customer_id;
        UPDATE customer_category SET amount_minor = amount_minor - COALESCE((
            SELECT SUM(l.amount_minor) FROM visit_line l
            WHERE l.visit_id = NEW.id AND l.category_id = customer_category.category_id), 0)
        WHERE customer_id = NEW.customer_id;
    END""",
    _v5_rebuild,
    # the zone is the only time setting now
    "DELETE FROM setting WHERE key = 'venue.utc_offset_s'",
]

# V6: retention scenarios, their members (treated, held out or skipped; the unique occasion key
# makes a re-run on the same day issue nothing twice), the outbox of messages, the guest's
# language for messages, and the versions of the reward rules.
_V6: Final[list[Step]] = [
    "ALTER TABLE customer ADD COLUMN language TEXT",  # 'tr' / 'en'; NULL: the venue's
    """
    CREATE TABLE scenario (
        id         INTEGER PRIMARY KEY,
        key        TEXT NOT NULL UNIQUE,
        name       TEXT NOT NULL,
        enabled    INTEGER NOT NULL DEFAULT 0,
        definition TEXT NOT NULL,                 -- JSON: domain.scenarios.Scenario
        created_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL
    )""",
    """
    CREATE TABLE scenario_member (
        id           INTEGER PRIMARY KEY,
        scenario_id  INTEGER NOT NULL REFERENCES scenario (id),
        customer_id  INTEGER NOT NULL REFERENCES customer (id),
        occasion     TEXT NOT NULL,               -- what triggered it, e.g. 'at_risk:20512'
        local_day    INTEGER NOT NULL,            -- the run day (venue time)
        at           INTEGER NOT NULL,
        arm          TEXT NOT NULL CHECK (arm IN ('treated', 'holdout', 'skipped')),
        skip_reason  TEXT CHECK (skip_reason IN ('frequency', 'budget')),
        voucher_id   INTEGER REFERENCES voucher (id),
        reward_minor INTEGER NOT NULL DEFAULT 0,  -- face value when issued
        UNIQUE (scenario_id, customer_id, occasion)
    )""",
    "CREATE INDEX scenario_member_customer ON scenario_member (customer_id, at)",
    "CREATE INDEX scenario_member_day ON scenario_member (scenario_id, local_day)",
    "CREATE INDEX scenario_member_voucher ON scenario_member (voucher_id)",
    """
    CREATE TABLE scenario_run (
        id          INTEGER PRIMARY KEY,
        scenario_id INTEGER NOT NULL REFERENCES scenario (id),
        local_day   INTEGER NOT NULL,
        at          INTEGER NOT NULL,
        summary     TEXT NOT NULL                 -- JSON: counts of the run
    )""",
    """
    CREATE TABLE outbox (
        id              INTEGER PRIMARY KEY,
        customer_id     INTEGER NOT NULL REFERENCES customer (id),
        member_id       INTEGER REFERENCES scenario_member (id),
        channel         TEXT NOT NULL CHECK (channel IN ('email', 'sms')),
        language        TEXT NOT NULL,
        subject         TEXT NOT NULL DEFAULT '',
        body            TEXT NOT NULL,
        message_id      TEXT NOT NULL UNIQUE,     -- the e-mail's Message-ID
        state           TEXT NOT NULL CHECK (state IN
                        ('queued', 'sending', 'sent', 'uncertain', 'failed', 'cancelled',
                         'exported')),
        attempts        INTEGER NOT NULL DEFAULT 0,
        next_attempt_at INTEGER NOT NULL,
        last_error      TEXT,                     -- a reply code or error type, no address
        created_at      INTEGER NOT NULL,
        done_at         INTEGER
    )""",
    "CREATE INDEX outbox_state ON outbox (state, next_attempt_at)",
    "CREATE INDEX outbox_customer ON outbox (customer_id)",
    """
    CREATE TABLE reward_rules (
        version    INTEGER PRIMARY KEY,
        valid_from INTEGER NOT NULL,
        rules      TEXT NOT NULL,                 -- JSON: the loyalty.* settings of the version
        user_id    INTEGER REFERENCES user (id)
    )""",
]

# The personal-data register (KVKK): data-subject requests (due 30 days after they were received)
# and the retention job's destruction log (guest ids only). Dates are local ISO days.
_PRIVACY_REGISTER: Final[list[Step]] = [
    """
    CREATE TABLE privacy_request (
        id          INTEGER PRIMARY KEY,
        kind        TEXT NOT NULL CHECK (kind IN ('access', 'erasure', 'correction')),
        received_on TEXT NOT NULL,
        due_on      TEXT NOT NULL,
        status      TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'closed')),
        closed_on   TEXT,
        note        TEXT NOT NULL DEFAULT ''
    )
    """,
    "CREATE INDEX privacy_request_open ON privacy_request (status, due_on)",
    """
    CREATE TABLE destruction_log (
        id           INTEGER PRIMARY KEY,
        at           INTEGER NOT NULL,
        rule         TEXT NOT NULL,
        guests       INTEGER NOT NULL,
        customer_ids TEXT NOT NULL
    )
    """,
]

# The dashboard's points and vouchers redeemed in a period: read from an index, not by scanning
# millions of ledger entries.
_DASHBOARD_INDEXES: Final[list[Step]] = [
    "CREATE INDEX ledger_kind_time ON ledger_entry (kind, created_at, points_minor)",
    "CREATE INDEX voucher_redeemed ON voucher (redeemed_at)",
]

# Versioned segment rules and custom segments kept as data. Each save of the owner's rules is
# a new settings version (who, when, the whole set); a custom segment keeps every version of its
# spec, and the full recompute stores its members so the browser, the dashboard and scenarios can
# use them without evaluating the spec again.
_SEGMENT_RULES: Final[list[Step]] = [
    """
    CREATE TABLE settings_version (
        id        INTEGER PRIMARY KEY,
        area      TEXT NOT NULL,                  -- segments
        saved_at  INTEGER NOT NULL,
        user_id   INTEGER REFERENCES user (id),
        changed   TEXT NOT NULL,                  -- the keys changed, comma separated
        snapshot  TEXT NOT NULL                   -- JSON: every setting of the area after the save
    )""",
    "CREATE INDEX settings_version_area ON settings_version (area, id)",
    "ALTER TABLE custom_segment ADD COLUMN key TEXT",
    "ALTER TABLE custom_segment ADD COLUMN version INTEGER NOT NULL DEFAULT 1",
    "ALTER TABLE custom_segment ADD COLUMN updated_at INTEGER",
    "ALTER TABLE custom_segment ADD COLUMN deleted_at INTEGER",
    "UPDATE custom_segment SET key = 'c' || id, updated_at = created_at",
    "CREATE UNIQUE INDEX custom_segment_key ON custom_segment (key)",
    """
    CREATE TABLE custom_segment_version (
        id         INTEGER PRIMARY KEY,
        segment_id INTEGER NOT NULL REFERENCES custom_segment (id),
        version    INTEGER NOT NULL,
        name       TEXT NOT NULL,
        rule       TEXT NOT NULL,
        saved_at   INTEGER NOT NULL,
        user_id    INTEGER REFERENCES user (id),
        deleted    INTEGER NOT NULL DEFAULT 0,
        UNIQUE (segment_id, version)
    )""",
    "INSERT INTO custom_segment_version (segment_id, version, name, rule, saved_at) "
    "SELECT id, 1, name, rule, created_at FROM custom_segment",
    """
    CREATE TABLE custom_segment_member (
        segment_id  INTEGER NOT NULL REFERENCES custom_segment (id),
        customer_id INTEGER NOT NULL,
        PRIMARY KEY (segment_id, customer_id)
    ) WITHOUT ROWID""",
    "CREATE INDEX custom_segment_member_customer ON custom_segment_member (customer_id)",
    """
    CREATE TRIGGER customer_anonymised_custom_segments AFTER UPDATE OF anonymised_at ON customer
    WHEN NEW.anonymised_at IS NOT NULL
    BEGIN
        DELETE FROM custom_segment_member WHERE customer_id = NEW.id;
    END""",
]

# V10: the customer browser. The folded name and phone digits a search looks in, kept by triggers
# on every insert and on every change of the name or phone (anonymisation included), indexed for
# the name order of the list. No index on the kept totals: queries elsewhere read them in id order
# without saying so. (A generated column would need no triggers, but SQLite cannot VACUUM INTO
# from a read-only connection a table that has one.)
SEARCH_KEY: Final = (
    search.sql_fold("first_name || ' ' || COALESCE(last_name, '')")
    + " || ' ' || "
    + search.sql_digits("COALESCE(phone, '')")
)
FILL_SEARCH_KEYS: Final = f"UPDATE customer SET search_key = {SEARCH_KEY} WHERE search_key IS NULL"
"""Fill the search key of guests written with the triggers off (bulk loads)."""

_CUSTOMER_SEARCH: Final[list[Step]] = [
    "ALTER TABLE customer ADD COLUMN search_key TEXT",
    f"UPDATE customer SET search_key = {SEARCH_KEY}",
    f"""
    CREATE TRIGGER customer_search_insert AFTER INSERT ON customer
    BEGIN
        UPDATE customer SET search_key = {SEARCH_KEY} WHERE id = NEW.id;
    END""",
    f"""
    CREATE TRIGGER customer_search_update AFTER UPDATE OF first_name, last_name, phone
    ON customer
    BEGIN
        UPDATE customer SET search_key = {SEARCH_KEY} WHERE id = NEW.id;
    END""",
    # Not a partial index (WHERE anonymised_at IS NULL): SQLite would scan it for every query
    # with that condition and hand their rows over in name order, not in id order.
    "CREATE INDEX customer_search_key ON customer (search_key)",
]

# Points by expiry day: the nightly expiry and the points-expiry reminder find the lots expiring
# on one day among millions of ledger entries without reading the table, and sum the ledgers of
# those guests (balance, later lots) from a covering index.
_LEDGER_EXPIRY: Final[list[Step]] = [
    "CREATE INDEX ledger_expiry ON ledger_entry (expires_at, customer_id, kind, points_minor) "
    "WHERE expires_at IS NOT NULL",
    "CREATE INDEX ledger_customer_points ON ledger_entry "
    "(customer_id, kind, points_minor, expires_at)",
]

# Bulk publishing of imports and staged customers.
# * While a row is in bulk_publish (only ever inside one publishing transaction of an import, so
#   no other connection sees it), the per-visit triggers that keep the totals stand aside: the
#   import inserts a chunk of visits set-based and adds them to the kept totals once
#   (kept_totals.add_visits) instead of running trigger work per row.
# * import_customer_row stages an import of customers as import_row stages visits.
_BULK_OFF = " AND NOT EXISTS (SELECT 1 FROM bulk_publish)"


def _v5_trigger(name: str) -> str:
    return next(s for s in _V5 if isinstance(s, str) and f"CREATE TRIGGER {name} " in s)


_BULK_IMPORTS: Final[list[Step]] = [
    "CREATE TABLE bulk_publish (one INTEGER PRIMARY KEY CHECK (one = 1))",
    "DROP TRIGGER visit_metrics_insert",
    _v5_trigger("visit_metrics_insert").replace(
        "WHEN NEW.voided_at IS NULL\n", f"WHEN NEW.voided_at IS NULL{_BULK_OFF}\n", 1
    ),
    "DROP TRIGGER visit_line_category_insert",
    """
    CREATE TRIGGER visit_line_category_insert AFTER INSERT ON visit_line
    WHEN (SELECT voided_at FROM visit WHERE id = NEW.visit_id) IS NULL
        AND NOT EXISTS (SELECT 1 FROM bulk_publish)
    BEGIN
        INSERT INTO customer_category (customer_id, category_id, amount_minor)
            VALUES ((SELECT customer_id FROM visit WHERE id = NEW.visit_id), NEW.category_id,
                    NEW.amount_minor)
            ON CONFLICT (customer_id, category_id) DO UPDATE SET
                amount_minor = amount_minor + excluded.amount_minor;
    END""",
    """
    CREATE TABLE import_customer_row (
        import_id           INTEGER NOT NULL REFERENCES import_batch (id) ON DELETE CASCADE,
        seq                 INTEGER NOT NULL,
        ref                 TEXT,
        card                TEXT,
        first_name          TEXT NOT NULL,
        last_name           TEXT,
        phone               TEXT,
        email               TEXT,
        birth_date          TEXT,
        gender              TEXT,
        city                TEXT,
        district            TEXT,
        registration_source TEXT NOT NULL,
        consent_sms         INTEGER,          -- NULL: the file says nothing
        consent_email       INTEGER,
        consent_call        INTEGER,
        consent_profiling   INTEGER,
        PRIMARY KEY (import_id, seq)
    ) WITHOUT ROWID""",
]

# The stored snapshot of what a full recompute reads per guest (storage.metric_snapshot): blocks of
# guests' rows as compact blobs, and a log of the guests changed since (guest_changed, appended by
# triggers on every table those rows come from; append-only, so no conflict clause of the
# statement that fired a trigger can turn an entry into nothing). Nothing is logged while no
# snapshot is wanted (no segment_snapshot_state row): bulk work deletes that row instead of paying
# a trigger per row, and the next full recompute reads every guest again. segment_snapshot_writer
# holds a row only inside a full recompute's own write transactions: the codes it stores go into
# the snapshot it saves.
_SNAPSHOT_TRACKED: Final = (
    ("customer", "id"),
    ("customer_metrics", "customer_id"),
    ("customer_category", "customer_id"),
    ("family_member", "customer_id"),
    ("voucher", "customer_id"),
    ("segment_current", "customer_id"),
)


def _snapshot_triggers() -> list[Step]:
    statements: list[Step] = []
    for table, column in _SNAPSHOT_TRACKED:
        when = "EXISTS (SELECT 1 FROM segment_snapshot_state)"
        if table == "segment_current":
            when += " AND NOT EXISTS (SELECT 1 FROM segment_snapshot_writer)"
        for event, rows in (("INSERT", ("NEW",)), ("UPDATE", ("NEW", "OLD")), ("DELETE", ("OLD",))):
            body = "".join(
                f"""
        INSERT INTO guest_changed (customer_id) SELECT {row}.{column}
            WHERE {row}.{column} IS NOT NULL{
                    f" AND OLD.{column} IS NOT NEW.{column}"
                    if row == "OLD" and event == "UPDATE"
                    else ""
                };"""
                for row in rows
            )
            statements.append(
                f"""
    CREATE TRIGGER {table}_snapshot_{event.lower()} AFTER {event} ON {table}
    WHEN {when}
    BEGIN{body}
    END"""
            )
    return statements


_SEGMENT_SNAPSHOT: Final[list[Step]] = [
    """
    CREATE TABLE segment_snapshot (
        block INTEGER PRIMARY KEY,   -- guests with customer_id >> 12 = block
        data  BLOB NOT NULL
    )""",
    """
    CREATE TABLE segment_snapshot_state (
        one        INTEGER PRIMARY KEY CHECK (one = 1),
        generation INTEGER NOT NULL,   -- new at each save: a save must follow the state it read
        key        TEXT                -- JSON: what the rows were coded with; NULL: no blocks yet
    )""",
    "CREATE TABLE segment_snapshot_writer (one INTEGER PRIMARY KEY CHECK (one = 1))",
    """
    CREATE TABLE guest_changed (
        seq         INTEGER PRIMARY KEY AUTOINCREMENT,   -- never reused
        customer_id INTEGER NOT NULL
    )""",
    *_snapshot_triggers(),
]

# Imported visits carry no idempotency key (NULL): a second B-tree written per imported visit cost
# more than the visit itself. An import recognises what it stored before by the guest, minute and
# amount (storage.imports). Keys written at a till (and by older imports) stay unique: the index
# holds the visits that have one. The table is rebuilt (SQLite cannot drop NOT NULL or UNIQUE);
# everything else about it is kept exactly.
_VISIT_WITH_NULLABLE_KEY: Final = """
    CREATE TABLE {name} (
        id              INTEGER PRIMARY KEY,
        customer_id     INTEGER NOT NULL REFERENCES customer (id),
        card_id         INTEGER REFERENCES card (id),
        visited_at      INTEGER NOT NULL,
        amount_minor    INTEGER NOT NULL CHECK (amount_minor >= 0),
        receipt_no      TEXT,
        idempotency_key TEXT,            -- a till's, unique; NULL for an imported visit
        user_id         INTEGER REFERENCES user (id),
        voided_at       INTEGER,
        void_reason     TEXT,
        local_day       INTEGER,         -- venue time (V5)
        day_part        INTEGER
    )"""
VISIT_KEY_INDEX: Final = "visit_idempotency_key"


def _visit_key_nullable(conn: sqlite3.Connection) -> None:
    table_rebuild.rebuild(
        conn,
        "visit",
        _VISIT_WITH_NULLABLE_KEY,
        renamed_indexes={"sqlite_autoindex_visit_1": VISIT_KEY_INDEX},
        extra=(
            f"CREATE UNIQUE INDEX IF NOT EXISTS {VISIT_KEY_INDEX} ON visit (idempotency_key) "
            "WHERE idempotency_key IS NOT NULL",
        ),
    )


_IMPORTS_WITHOUT_KEYS: Final[list[Step]] = [_visit_key_nullable]


def _anchor_empty_windows(conn: sqlite3.Connection) -> None:
    """Anchor the kept windows of a venue with no visits yet on its local today: they are exact
    (empty), and the visits added from now on (a first import too) are counted into them as they
    are stored, so the next full recompute moves them by a few days instead of recounting every
    guest (an anchor more than MAX_SHIFT_DAYS away is recounted as before)."""
    today = localtime.local_day(int(time.time()), kept_totals.venue_zone(conn))
    conn.execute(
        "UPDATE metrics_window SET day = ? WHERE day IS NULL AND NOT EXISTS (SELECT 1 FROM visit)",
        (today,),
    )


# A full recompute keeps a guest's first stored segments (their transitions from no segment, one per
# family: 13 rows per new guest) as ONE segment_entry row of codes, written when the guest has no
# segment_current row (nor entry) yet; segment_transition keeps every other change (and the first
# segments stored before this version, or by a visit's own re-evaluation). segment_history shows
# both as transitions: an entry's rows get ids below every kept transition's (those start at 1), in
# family order, so "newest first" and "latest by id" read as before (a guest's first segments
# precede all of their later changes). Anonymised guests keep no entry either (a second trigger).
# The loops nest as written (CROSS JOIN): a family (one, when the reader asks for one), its column
# of every entry (or of one guest's), then the key of each code by the primary key. The same version
# anchors the kept windows of a venue without visits (see _anchor_empty_windows).
_ENTRY_FAMILIES: Final = " UNION ALL ".join(
    f"SELECT {j} AS j, '{f}' AS family" for j, f in enumerate(SEGMENT_FAMILIES_V4)
)
_SEGMENT_ENTRIES: Final[list[Step]] = [
    "CREATE TABLE segment_entry (\n        customer_id INTEGER PRIMARY KEY,\n"
    + "        at          INTEGER NOT NULL,\n"
    + ",\n".join(f"        {f} INTEGER" for f in SEGMENT_FAMILIES_V4)
    + "\n    )",
    f"""
    CREATE VIEW segment_history (id, customer_id, family, from_segment, to_segment, at) AS
    SELECT id, customer_id, family, from_segment, to_segment, at FROM segment_transition
    UNION ALL
    SELECT f.j - {len(SEGMENT_FAMILIES_V4) + 1}, e.customer_id, f.family, NULL, k.segment, e.at
    FROM ({_ENTRY_FAMILIES}) f CROSS JOIN segment_entry e
    CROSS JOIN segment_code k ON k.family = f.family AND k.code = CASE f.j """
    + " ".join(f"WHEN {j} THEN e.{f}" for j, f in enumerate(SEGMENT_FAMILIES_V4))
    + " END",
    """
    CREATE TRIGGER customer_anonymised_entry AFTER UPDATE OF anonymised_at ON customer
    WHEN NEW.anonymised_at IS NOT NULL
    BEGIN
        DELETE FROM segment_entry WHERE customer_id = NEW.id;
    END""",
    _anchor_empty_windows,
]

REBUILD_ANALYTICS: Final = kept_totals.REBUILD
"""Recompute the trigger-kept totals from the visits (after a bulk load with triggers off)."""

MIGRATIONS: Final[tuple[tuple[Step, ...], ...]] = (
    tuple(_V1),
    (*_V2, *_REBUILD_V2),
    (*_V3, *_REBUILD_V3),
    tuple(_V4),
    tuple(_V5),
    tuple(_V6),
    tuple(_PRIVACY_REGISTER),
    tuple(_DASHBOARD_INDEXES),
    tuple(_SEGMENT_RULES),
    tuple(_CUSTOMER_SEARCH),
    tuple(_LEDGER_EXPIRY),
    tuple(_BULK_IMPORTS),
    tuple(_SEGMENT_SNAPSHOT),
    tuple(_IMPORTS_WITHOUT_KEYS),
    tuple(_SEGMENT_ENTRIES),
)
"""MIGRATIONS[i] brings the schema from version i to version i + 1. A step is an SQL statement or,
where SQL alone cannot do it (the venue zone's clock changes), a function of the connection."""

LATEST_VERSION: Final = len(MIGRATIONS)


def apply(conn: sqlite3.Connection, version: int) -> None:
    """Run the steps of MIGRATIONS[version] on ``conn`` (the caller holds the transaction and
    records the new version)."""
    for step in MIGRATIONS[version]:
        if callable(step):
            step(conn)
        else:
            conn.execute(step)
