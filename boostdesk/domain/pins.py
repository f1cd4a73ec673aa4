"""PIN hashing: salted scrypt, encoded as ``scrypt$n$r$p$salt_hex$hash_hex``.

PINs are short, so the hash must be slow (scrypt with n=2**14 costs ~50 ms) and the service layer
adds a lockout after repeated failures; together they make guessing a 4-6 digit PIN impractical.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets

_N, _R, _P = 2**14, 8, 1
MIN_LENGTH = 4
MAX_LENGTH = 12


class PinError(ValueError):
    pass


def validate(pin: str) -> None:
    """A PIN is 4 to 12 ASCII digits."""
    if not (pin.isascii() and pin.isdigit() and MIN_LENGTH <= len(pin) <= MAX_LENGTH):
        raise PinError(f"a PIN has {MIN_LENGTH} to {MAX_LENGTH} digits")


def hash_pin(pin: str, *, salt: bytes | None = None) -> str:
    validate(pin)
    salt = salt if salt is not None else secrets.token_bytes(16)
    digest = hashlib.scrypt(pin.encode(), salt=salt, n=_N, r=_R, p=_P, dklen=32)
    return f"scrypt${_N}${_R}${_P}${salt.hex()}${digest.hex()}"


def verify_pin(pin: str, encoded: str) -> bool:
    """True when ``pin`` matches ``encoded``; never raises on a malformed PIN or hash."""
    try:
        scheme, n, r, p, salt_hex, hash_hex = encoded.split("$")
        if scheme != "scrypt":
            return False
        digest = hashlib.scrypt(
            pin.encode(), salt=bytes.fromhex(salt_hex), n=int(n), r=int(r), p=int(p), dklen=32
        )
    except (ValueError, MemoryError):
        return False
    return hmac.compare_digest(digest.hex(), hash_hex)
