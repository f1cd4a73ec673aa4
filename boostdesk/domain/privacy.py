"""Showing personal data sparingly at the counter."""

from __future__ import annotations


def mask_phone(phone: str | None) -> str:
    """``05321234512`` → ``0532 *** ** 12``: enough for the guest to recognise, not to copy."""
    if not phone:
        return ""
    digits = "".join(ch for ch in phone if ch.isdigit())
    if len(digits) < 6:
        return "*" * len(digits)
    return f"{digits[:4]} *** ** {digits[-2:]}"


def mask_email(email: str | None) -> str:
    """``ayse.yilmaz@example.com`` → ``a***@example.com``."""
    if not email or "@" not in email:
        return ""
    local, _, domain = email.partition("@")
    return f"{local[:1]}***@{domain}"
