"""peewee models mirroring the schema in :mod:`boostdesk.storage.migrations`.

Models are created unbound; :func:`bind` attaches them to the venue database opened at start-up.
The schema itself comes from the migrations (never from ``create_tables``).
"""

from __future__ import annotations

import peewee


class _Model(peewee.Model):
    class Meta:
        legacy_table_names = False


class Setting(_Model):
    key = peewee.TextField(primary_key=True)
    value = peewee.TextField()


class User(_Model):
    id = peewee.AutoField()
    name = peewee.TextField(unique=True)
    role = peewee.TextField()
    pin_hash = peewee.TextField()
    failed_attempts = peewee.IntegerField(default=0)
    locked_until = peewee.IntegerField(null=True)
    active = peewee.BooleanField(default=True)
    created_at = peewee.IntegerField()


class Customer(_Model):
    id = peewee.AutoField()
    first_name = peewee.TextField()
    last_name = peewee.TextField(null=True)
    phone = peewee.TextField(null=True)
    email = peewee.TextField(null=True)
    birth_date = peewee.TextField(null=True)
    gender = peewee.TextField(null=True)
    district = peewee.TextField(null=True)
    city = peewee.TextField(null=True)
    registration_source = peewee.TextField(default="counter")
    created_at = peewee.IntegerField()
    anonymised_at = peewee.IntegerField(null=True)
    external_ref = peewee.TextField(null=True, unique=True)


class FamilyMember(_Model):
    id = peewee.AutoField()
    customer = peewee.ForeignKeyField(Customer, backref="family")
    relation = peewee.TextField()
    first_name = peewee.TextField(null=True)
    birth_date = peewee.TextField(null=True)


class Card(_Model):
    id = peewee.AutoField()
    number = peewee.TextField(unique=True)
    customer = peewee.ForeignKeyField(Customer, null=True, backref="cards")
    status = peewee.TextField(default="active")
    issued_at = peewee.IntegerField()


class Category(_Model):
    id = peewee.AutoField()
    code = peewee.TextField(unique=True)
    name = peewee.TextField()
    sort_order = peewee.IntegerField(default=0)
    active = peewee.BooleanField(default=True)


class Visit(_Model):
    id = peewee.AutoField()
    customer = peewee.ForeignKeyField(Customer, backref="visits")
    card = peewee.ForeignKeyField(Card, null=True)
    visited_at = peewee.IntegerField()
    amount_minor = peewee.IntegerField()
    receipt_no = peewee.TextField(null=True)
    idempotency_key = peewee.TextField(null=True, unique=True)  # NULL: an imported visit
    user = peewee.ForeignKeyField(User, null=True)
    voided_at = peewee.IntegerField(null=True)
    void_reason = peewee.TextField(null=True)
    local_day = peewee.IntegerField()  # days since 1970-01-01 on the venue's clock
    day_part = peewee.IntegerField()  # 0 morning, 1 afternoon, 2 evening (venue time)


class VisitLine(_Model):
    id = peewee.AutoField()
    visit = peewee.ForeignKeyField(Visit, backref="lines")
    category = peewee.ForeignKeyField(Category)
    amount_minor = peewee.IntegerField()


class Voucher(_Model):
    id = peewee.AutoField()
    code = peewee.TextField(unique=True)
    customer = peewee.ForeignKeyField(Customer, null=True, backref="vouchers")
    kind = peewee.TextField()
    value = peewee.IntegerField()
    item_name = peewee.TextField(null=True)
    source = peewee.TextField(default="manual")
    issued_at = peewee.IntegerField()
    expires_at = peewee.IntegerField(null=True)
    printed_at = peewee.IntegerField(null=True)
    redeemed_at = peewee.IntegerField(null=True)
    redeemed_visit = peewee.ForeignKeyField(Visit, null=True)
    cancelled_at = peewee.IntegerField(null=True)


class LedgerEntry(_Model):
    id = peewee.AutoField()
    customer = peewee.ForeignKeyField(Customer, backref="ledger")
    kind = peewee.TextField()
    points_minor = peewee.IntegerField()
    created_at = peewee.IntegerField()
    expires_at = peewee.IntegerField(null=True)
    usable_from = peewee.IntegerField(null=True)
    visit = peewee.ForeignKeyField(Visit, null=True)
    reverses = peewee.ForeignKeyField("self", null=True)
    user = peewee.ForeignKeyField(User, null=True)
    note = peewee.TextField(null=True)


class Consent(_Model):
    id = peewee.AutoField()
    customer = peewee.ForeignKeyField(Customer, backref="consents")
    channel = peewee.TextField()
    granted = peewee.BooleanField()
    recorded_at = peewee.IntegerField()
    source = peewee.TextField()
    text_version = peewee.TextField()


class AuditLog(_Model):
    id = peewee.AutoField()
    at = peewee.IntegerField()
    user = peewee.ForeignKeyField(User, null=True)
    action = peewee.TextField()
    detail = peewee.TextField(null=True)


class ScanLog(_Model):
    id = peewee.AutoField()
    at = peewee.IntegerField()
    # Not named ``raw``: that would hide peewee's ``Model.raw()`` query method.
    raw_text = peewee.TextField(column_name="raw")
    code = peewee.TextField(null=True)
    outcome = peewee.TextField()
    detail = peewee.TextField(null=True)


MODELS: tuple[type[peewee.Model], ...] = (
    Setting,
    User,
    Customer,
    FamilyMember,
    Card,
    Category,
    Visit,
    VisitLine,
    Voucher,
    LedgerEntry,
    Consent,
    AuditLog,
    ScanLog,
)


def bind(database: peewee.Database) -> None:
    """Attach every model to ``database`` (done once by the composition root or a test)."""
    database.bind(MODELS, bind_refs=False, bind_backrefs=False)
