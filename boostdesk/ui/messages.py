"""Clear, translated sentences for the reason words the services and the reader use."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from boostdesk.services import ops
from boostdesk.services import venue as venue_service


def reason_text(reason: str) -> str:
    """The message a cashier sees for a stable reason word (unknown words get a generic one)."""
    texts = {
        # scans and codes
        "empty": QCoreApplication.translate("messages", "Scan a card or type its number."),
        "not_digits": QCoreApplication.translate("messages", "A card number has digits only."),
        "length": QCoreApplication.translate("messages", "A card number has 13 digits."),
        "check_digit": QCoreApplication.translate(
            "messages", "This number is not valid (misread or mistyped). Try again."
        ),
        "prefix": QCoreApplication.translate(
            "messages", "This is not a BoostDesk card or voucher."
        ),
        "too_long": QCoreApplication.translate(
            "messages", "The reader sent too much at once; scan again."
        ),
        "non_printable": QCoreApplication.translate(
            "messages", "The reader sent garbled data; scan again."
        ),
        # visits
        "amount_missing": QCoreApplication.translate("messages", "Type the bill amount first."),
        "amount_format": QCoreApplication.translate("messages", "Type the amount, e.g. 125,50"),
        "amount_too_large": QCoreApplication.translate(
            "messages", "This amount is too large — check for an extra zero."
        ),
        "points_invalid": QCoreApplication.translate(
            "messages", "Type the points as an amount, e.g. 20 or 12,50."
        ),
        "points_over_limit": QCoreApplication.translate(
            "messages", "That is more points than this bill allows."
        ),
        "category_unknown": QCoreApplication.translate(
            "messages", "This category no longer exists; pick another."
        ),
        "voucher_unknown": QCoreApplication.translate("messages", "This voucher does not exist."),
        "voucher_expired": QCoreApplication.translate("messages", "This voucher has expired."),
        "voucher_used": QCoreApplication.translate(
            "messages", "This voucher has already been used."
        ),
        "voucher_cancelled": QCoreApplication.translate("messages", "This voucher was cancelled."),
        "voucher_other_guest": QCoreApplication.translate(
            "messages", "This voucher belongs to another guest."
        ),
        "reason_missing": QCoreApplication.translate("messages", "Say why the visit is voided."),
        "nothing_to_void": QCoreApplication.translate("messages", "There is no visit to void."),
        "void_window_passed": QCoreApplication.translate(
            "messages", "The last visit is too old to void here; ask the owner."
        ),
        "clock_ahead": QCoreApplication.translate(
            "messages",
            "The visit's time is ahead of this PC's clock. Check the PC's date and time, "
            "then save again.",
        ),
        # enrolment
        "card_invalid": QCoreApplication.translate("messages", "This is not a valid card number."),
        "card_taken": QCoreApplication.translate(
            "messages", "This card already belongs to a guest."
        ),
        "card_blocked": QCoreApplication.translate(
            "messages",
            "This card is blocked (it was replaced): nothing is recorded on it. Ask for the "
            "guest's new card.",
        ),
        "name_missing": QCoreApplication.translate(
            "messages", "Type the guest's name or a nickname."
        ),
        "name_too_long": QCoreApplication.translate("messages", "The name is too long."),
        "phone_invalid": QCoreApplication.translate(
            "messages", "The phone number should have 10 to 13 digits."
        ),
        "email_invalid": QCoreApplication.translate(
            "messages", "The e-mail address does not look right."
        ),
        "birth_date_invalid": QCoreApplication.translate(
            "messages", "Type the birth date as DD.MM.YYYY."
        ),
        "gender_invalid": QCoreApplication.translate("messages", "Pick a gender from the list."),
        "city_too_long": QCoreApplication.translate("messages", "The city name is too long."),
        "family_relation_invalid": QCoreApplication.translate(
            "messages", "Pick spouse or child for each family member."
        ),
        "family_birth_date_invalid": QCoreApplication.translate(
            "messages", "Type the family member's birth date as DD.MM.YYYY."
        ),
        "family_too_large": QCoreApplication.translate(
            "messages", "That is more family members than the form keeps."
        ),
    }
    return texts.get(
        reason, QCoreApplication.translate("messages", "This cannot be done right now.")
    )


def storage_text(reason: str) -> str:
    """What a person sees for a storage problem (``StorageError.reason``) and what to do."""
    texts = {
        "disk_full": QCoreApplication.translate(
            "messages",
            "The disk is full, so this was not saved. Free some space on this computer, "
            "then try again.",
        ),
        "locked": QCoreApplication.translate(
            "messages",
            "Another program is using the venue's data (BoostDesk open twice, or a backup or "
            "sync tool). Close it, then try again.",
        ),
        "read_only": QCoreApplication.translate(
            "messages",
            "BoostDesk cannot save in the data folder (it is read-only). Fix the folder's "
            "permissions or choose another data folder.",
        ),
        "damaged": QCoreApplication.translate(
            "messages",
            "The venue's database file is damaged. Restore it from a backup; the file was not "
            "changed.",
        ),
        "not_a_database": QCoreApplication.translate(
            "messages",
            "The data folder holds a file that is not a BoostDesk database. Choose another data "
            "folder; the file was not changed.",
        ),
        "newer_schema": QCoreApplication.translate(
            "messages",
            "This venue was saved by a newer version of BoostDesk. Update BoostDesk; nothing was "
            "changed.",
        ),
        "cannot_open": QCoreApplication.translate(
            "messages",
            "The venue's database cannot be opened. Check that the data folder can be read and "
            "written.",
        ),
        "disk_error": QCoreApplication.translate(
            "messages", "The disk could not be read or written. Check the disk, then try again."
        ),
        "folder_is_file": QCoreApplication.translate(
            "messages",
            "The data folder given is a file, not a folder. Choose a folder for the venue's data.",
        ),
        "folder_uncreatable": QCoreApplication.translate(
            "messages",
            "The data folder cannot be created there. Choose another place for the venue's data.",
        ),
        "folder_unreadable": QCoreApplication.translate(
            "messages",
            "BoostDesk may not read the data folder. Fix its permissions or choose another folder.",
        ),
    }
    return texts.get(
        reason,
        QCoreApplication.translate("messages", "The venue's data could not be read or saved."),
    )


def error_text(exc: Exception) -> str:
    """A sentence for a failed operation: a storage problem or a known refusal said plainly,
    else what went wrong."""
    if isinstance(exc, venue_service.StorageError):
        return storage_text(exc.reason)
    reason = getattr(exc, "reason", None)
    if isinstance(reason, str):
        return reason_text(reason)
    if isinstance(exc, ops.PermissionDenied):
        return QCoreApplication.translate(
            "messages", "Your role does not allow this; ask the owner."
        )
    return QCoreApplication.translate("messages", "Could not complete this: %1").replace(
        "%1", str(exc) or type(exc).__name__
    )
