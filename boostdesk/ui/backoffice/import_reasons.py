"""The reasons an import refuses a row, in the user's language.

The checks (``domain/import_values``, ``services/import_check``) give each reason as English text
that also carries a code and its parameters (``import_values.Reason``); this module says the same
from the code, so the Import section reads Turkish in Turkish. Placeholders are the parameters'
names (``{text!r}`` shows the cell as written, quoted).
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from boostdesk.ui import messages


def _templates() -> dict[str, str]:
    return {
        "amount_missing": QCoreApplication.translate("ImportReasons", "amount missing"),
        "amount_negative": QCoreApplication.translate("ImportReasons", "negative amount {text!r}"),
        "amount_parentheses": QCoreApplication.translate(
            "ImportReasons", "amount in parentheses {text!r} (a negative in accounting)"
        ),
        "amount_not_money": QCoreApplication.translate(
            "ImportReasons", "not a money amount: {text!r}"
        ),
        "amount_above_limit": QCoreApplication.translate(
            "ImportReasons", "amount {text!r} is above the per-bill limit of {limit} (extra zeros?)"
        ),
        "date_missing": QCoreApplication.translate("ImportReasons", "date missing"),
        "date_no_such_day": QCoreApplication.translate("ImportReasons", "no such day {text!r}"),
        "date_not_a_date": QCoreApplication.translate("ImportReasons", "not a date: {text!r}"),
        "time_not_a_time": QCoreApplication.translate(
            "ImportReasons", "not a time of day: {text!r}"
        ),
        "time_no_such_time": QCoreApplication.translate(
            "ImportReasons", "no such time of day {text!r}"
        ),
        "birth_date_implausible": QCoreApplication.translate(
            "ImportReasons", "birth date {text!r} is not plausible"
        ),
        "phone_not_a_phone": QCoreApplication.translate(
            "ImportReasons", "not a phone number: {text!r}"
        ),
        "phone_digits": QCoreApplication.translate(
            "ImportReasons", "a phone number has 10 to 13 digits, {text!r} has {count}"
        ),
        "email_not_an_address": QCoreApplication.translate(
            "ImportReasons", "not an e-mail address: {text!r}"
        ),
        "consent_not_yes_no": QCoreApplication.translate(
            "ImportReasons", "not yes or no: {text!r}"
        ),
        "gender_unknown": QCoreApplication.translate(
            "ImportReasons", "unknown gender {text!r} (female, male, other)"
        ),
        "row_too_many_fields": QCoreApplication.translate(
            "ImportReasons", "{count} fields, the heading has {width} (a separator inside a value?)"
        ),
        "field_too_long": QCoreApplication.translate(
            "ImportReasons", "{field} is {length} characters long (at most {limit})"
        ),
        "field_longer_than": QCoreApplication.translate(
            "ImportReasons", "{field} longer than {limit} characters"
        ),
        "first_name_missing": QCoreApplication.translate("ImportReasons", "first_name missing"),
        "ref_or_card_required": QCoreApplication.translate(
            "ImportReasons", "customer_ref or card is required"
        ),
        "card_or_ref_required": QCoreApplication.translate(
            "ImportReasons", "card or customer_ref is required"
        ),
        "date_too_early": QCoreApplication.translate(
            "ImportReasons",
            "date {text!r} is before {day} (the earliest plausible day; setting import.earliest_day)",  # noqa: E501
        ),
        "date_in_future": QCoreApplication.translate(
            "ImportReasons", "date {text!r} is in the future"
        ),
        "card_invalid": QCoreApplication.translate("ImportReasons", "card {text!r}: {error}"),
        "field_invalid_code": QCoreApplication.translate("ImportReasons", "{field}: {error}"),
        "voucher_not_card": QCoreApplication.translate(
            "ImportReasons", "{text!r} is a voucher code, not a card"
        ),
        "card_unknown": QCoreApplication.translate(
            "ImportReasons", "unknown card {number} (import the customers first)"
        ),
        "card_ownerless": QCoreApplication.translate(
            "ImportReasons", "card {number} belongs to no guest"
        ),
        "category_unknown": QCoreApplication.translate(
            "ImportReasons", "unknown category {text!r} (known: {known})"
        ),
        "duplicate_in_file": QCoreApplication.translate(
            "ImportReasons", "{what} {key} already on line {line} of this file"
        ),
    }


def say(reason: str) -> str:
    """``reason`` in the user's language; as given when it carries no code (or a translation
    does not fit its parameters)."""
    code = getattr(reason, "code", None)
    params = dict(getattr(reason, "params", {}))
    template = _templates().get(code or "")
    if template is None:
        return reason
    if "kind" in params:  # a card number that is not one: the counter's own sentence for it
        params["error"] = messages.reason_text(params["kind"]).rstrip(".")
    try:
        return template.format(**params)
    except (KeyError, IndexError, ValueError):
        return reason


def say_all(reasons: tuple[str, ...]) -> str:
    """Every reason of a row, in the user's language."""
    return "; ".join(say(r) for r in reasons)
