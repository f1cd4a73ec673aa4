"""Data made safe to print on a terminal.

Names, notes and codes come from people and imports; printed raw, an ESC sequence in a name can
move the cursor, recolour or clear the terminal, or rewrite what an earlier line said. Before any
such text reaches a terminal, every control character (C0, DEL, C1) and every Unicode
direction-override becomes a visible escape (``\\x1b``, ``\\u202e``), so the text shows what it
is and cannot act.
"""

from __future__ import annotations

# Bidirectional embeddings, overrides and isolates: they reorder what the reader sees.
_BIDI = frozenset({0x061C, 0x200E, 0x200F, *range(0x202A, 0x202F), *range(0x2066, 0x206A)})


def _escape(char: str) -> str:
    code = ord(char)
    return f"\\x{code:02x}" if code <= 0xFF else f"\\u{code:04x}"


def for_terminal(text: object) -> str:
    """``text`` as a string with control and direction characters shown as escapes; a
    backslash stays a backslash (this is for reading, not for parsing back)."""
    value = str(text)
    if value.isprintable() and not any(ord(c) in _BIDI for c in value):
        return value
    return "".join(
        _escape(c) if (not c.isprintable() and c != " ") or ord(c) in _BIDI else c for c in value
    )
