"""The reward rules as one versioned value (PRODUCT.md section 4).

The rules live in the venue's settings (``loyalty.*``) where the counter reads them; every change
is also kept as a numbered version with the moment it took effect, so that what a guest earned on
a given day can be explained later. Points carry the expiry they were issued with: a new expiry
rule applies to points earned from then on and never re-dates points already issued.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict, dataclass, fields
from typing import Any, Final

SETTING_KEYS: Final = {
    "cashback_bp": "loyalty.cashback_bp",
    "cashback_loyal_bp": "loyalty.cashback_loyal_bp",
    "cashback_vip_bp": "loyalty.cashback_vip_bp",
    "welcome_bonus_minor": "loyalty.welcome_bonus_minor",
    "welcome_valid_days": "loyalty.welcome_valid_days",
    "points_expiry_days": "loyalty.points_expiry_days",
    "max_redeem_bp": "loyalty.max_redeem_bp",
    "min_redeem_balance_minor": "loyalty.min_redeem_balance_minor",
}


class RuleError(ValueError):
    """A rule value out of range; the message names the rule."""


@dataclass(frozen=True, slots=True)
class RewardRules:
    """Cashback per lifecycle segment (basis points; the visit that moves a guest up earns the
    new segment's rate), the welcome bonus (usable from the second visit, valid N days), points
    expiry (days after earning, FIFO), the redemption cap (share of a bill) and the minimum
    balance before points can pay."""

    cashback_bp: int = 500
    cashback_loyal_bp: int = 700
    cashback_vip_bp: int = 1000
    welcome_bonus_minor: int = 5000
    welcome_valid_days: int = 14
    points_expiry_days: int = 180
    max_redeem_bp: int = 5000
    min_redeem_balance_minor: int = 1000

    @classmethod
    def from_settings(cls, values: Mapping[str, Any]) -> RewardRules:
        defaults = cls()
        return cls(
            **{
                name: int(values.get(key, getattr(defaults, name)))
                for name, key in SETTING_KEYS.items()
            }
        )

    def as_settings(self) -> dict[str, int]:
        return {SETTING_KEYS[f.name]: int(getattr(self, f.name)) for f in fields(self)}

    def as_json(self) -> dict[str, int]:
        return asdict(self)

    def validate(self) -> None:
        for name in ("cashback_bp", "cashback_loyal_bp", "cashback_vip_bp"):
            if not 0 <= getattr(self, name) <= 5000:
                raise RuleError(f"{name}: between 0 and 50 %")
        if not 0 <= self.max_redeem_bp <= 10_000:
            raise RuleError("max_redeem_bp: between 0 and 100 %")
        for name in ("welcome_bonus_minor", "min_redeem_balance_minor"):
            if getattr(self, name) < 0:
                raise RuleError(f"{name}: not negative")
        for name in ("welcome_valid_days", "points_expiry_days"):
            if not 1 <= getattr(self, name) <= 3650:
                raise RuleError(f"{name}: between 1 and 3650 days")


@dataclass(frozen=True, slots=True)
class ExpiryPreview:
    """What a new points-expiry rule would do, shown before it is saved."""

    open_points_minor: int  # points issued and not yet spent or expired: their expiry stays
    expiring_30_days_minor: int  # of those, expiring within 30 days (unchanged by the rule)
    old_days: int
    new_days: int

    @property
    def redates_issued_points(self) -> bool:
        return False  # never: each earn entry keeps the expiry it was issued with
