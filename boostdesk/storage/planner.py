"""What the promotion planner reads besides segments: the vouchers handed out to guests before."""

from __future__ import annotations

from boostdesk.domain.segments.metrics import IntArray
from boostdesk.storage import columns, database
from boostdesk.storage import store as store_module

KIND_CODES = {"item": 0, "amount": 1, "percent": 2}


def voucher_history(db: store_module.Handle) -> IntArray:
    """(customer id, kind code, issued at, redeemed at or -1) of every voucher issued to a guest
    and not cancelled (kind codes: :data:`KIND_CODES`)."""
    return columns.fetch_ints(
        database.raw_connection(db),
        (
            "customer_id",
            "CASE kind WHEN 'item' THEN 0 WHEN 'amount' THEN 1 ELSE 2 END",
            "issued_at",
            "COALESCE(redeemed_at, -1)",
        ),
        "FROM voucher WHERE customer_id IS NOT NULL AND cancelled_at IS NULL",
    )
