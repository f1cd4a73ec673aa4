"""Bytes from a serial card reader → frames → scans.

A reader sends each scanned code as a *frame*: the code followed by a terminator (CR, LF or CRLF),
or enclosed in STX (0x02) … ETX (0x03). Many readers also put an AIM symbology identifier in front
(``]C0`` for Code 128, ``]E0`` for EAN-13, ``]Q1`` for QR…). This module cuts a byte stream into
frames (:class:`FrameDecoder`), turns one frame into a :class:`Scan` (:func:`decode`) and renders
raw bytes safely for the scan log and the screen (:func:`render_raw`).

Nothing here trusts the bytes: line noise, a wrong baud rate or a reader in the wrong mode must
give rejected scans with a reason, never an exception and never unbounded memory.
"""

from __future__ import annotations

import enum
import re
from dataclasses import dataclass

from boostdesk.domain import codes

STX = 0x02
ETX = 0x03
CR = 0x0D
LF = 0x0A

DEFAULT_MAX_LENGTH = 64

# ``]`` + symbology letter + one alphanumeric modifier (ISO/IEC 15424).
_AIM_PREFIX = re.compile(rb"\][A-Za-z][0-9A-Za-z]")


class Framing(enum.Enum):
    """How the reader marks the end of a code.

    ``AUTO`` accepts all of them at once: a frame ends at CR, LF, CRLF or ETX, and STX starts one.
    """

    AUTO = "auto"
    CR = "cr"
    LF = "lf"
    CRLF = "crlf"
    STX_ETX = "stx_etx"


class FrameDecoder:
    """Cut a byte stream into frames, keeping a partial frame across :meth:`feed` calls.

    Rules:

    * terminators are removed from the frames returned; a terminator with nothing before it
      yields no frame (``CR`` then ``LF`` of a CRLF, a CRLF after an ETX, a reader's keep-alive);
    * ``CRLF`` mode ends a frame only at CR immediately followed by LF (also when they arrive in
      separate calls); a lone CR stays part of the frame;
    * ``STX_ETX`` mode keeps only what lies between STX and ETX; a new STX before the ETX starts
      the frame again (the ETX was lost);
    * a frame longer than ``max_length`` is returned truncated to ``max_length + 1`` bytes, so
      :func:`decode` rejects it as ``too_long``, and the rest up to the next terminator (or STX)
      is discarded. The buffer therefore never holds more than ``max_length + 1`` bytes.
    """

    def __init__(
        self, framing: Framing = Framing.AUTO, max_length: int = DEFAULT_MAX_LENGTH
    ) -> None:
        if max_length < 1:
            raise ValueError(f"max_length must be positive, got {max_length}")
        self._framing = framing
        self._max_length = max_length
        self._starts = (
            frozenset({STX}) if framing in (Framing.AUTO, Framing.STX_ETX) else frozenset()
        )
        self._ends = {
            Framing.AUTO: frozenset({CR, LF, ETX}),
            Framing.CR: frozenset({CR}),
            Framing.LF: frozenset({LF}),
            Framing.CRLF: frozenset({LF}),  # only after a pending CR, see _feed_byte
            Framing.STX_ETX: frozenset({ETX}),
        }[framing]
        self._buffer = bytearray()
        self._discarding = False  # skipping the tail of an over-long frame
        self._inside = False  # STX seen and its frame not yet ended (STX_ETX mode)
        self._pending_cr = False  # CRLF mode: a CR that may be the start of the terminator

    @property
    def framing(self) -> Framing:
        return self._framing

    @property
    def buffered(self) -> int:
        """How many bytes of an unfinished frame are held (for tests and diagnostics)."""
        return len(self._buffer) + (1 if self._pending_cr else 0)

    def reset(self) -> None:
        """Forget any partial frame (the port was reopened: its tail will never come)."""
        self._buffer.clear()
        self._discarding = False
        self._inside = False
        self._pending_cr = False

    def feed(self, data: bytes) -> list[bytes]:
        """Add received bytes; return the frames completed by them, in order."""
        frames: list[bytes] = []
        for byte in data:
            self._feed_byte(byte, frames)
        return frames

    def _feed_byte(self, byte: int, frames: list[bytes]) -> None:
        if self._framing is Framing.CRLF:
            if self._pending_cr:
                self._pending_cr = False
                if byte == LF:
                    self._end_frame(frames)
                    return
                self._append(CR, frames)
            if byte == CR:
                self._pending_cr = True
                return
            self._append(byte, frames)
            return
        if byte in self._starts:
            self._buffer.clear()
            self._discarding = False
            self._inside = True
        elif byte in self._ends:
            self._end_frame(frames)
        elif self._framing is not Framing.STX_ETX or self._inside:
            self._append(byte, frames)
        # else: noise between an ETX and the next STX

    def _end_frame(self, frames: list[bytes]) -> None:
        if self._buffer and not self._discarding:
            frames.append(bytes(self._buffer))
        self._buffer.clear()
        self._discarding = False
        self._inside = False

    def _append(self, byte: int, frames: list[bytes]) -> None:
        if self._discarding:
            return
        self._buffer.append(byte)
        if len(self._buffer) > self._max_length:
            frames.append(bytes(self._buffer))
            self._buffer.clear()
            self._discarding = True


@dataclass(frozen=True, slots=True)
class Scan:
    """One frame as received and what it means.

    ``raw`` is the frame exactly as received (terminators removed); ``code`` is set when the frame
    is a valid card number or voucher code, otherwise ``reason`` says why not: ``too_long``,
    ``empty``, ``non_printable`` or one of :class:`codes.CodeError`'s reasons.
    """

    raw: bytes
    code: codes.Code | None
    reason: str | None


def decode(raw: bytes, max_length: int = DEFAULT_MAX_LENGTH, *, strip_aim: bool = True) -> Scan:
    """Interpret one frame; never raises, whatever the bytes.

    In order: more than ``max_length`` bytes is ``too_long``; surrounding white space and a
    leading AIM symbology identifier (``]`` + letter + alphanumeric; unless ``strip_aim`` is
    off) are removed; nothing left
    is ``empty``; any byte outside printable ASCII (0x20-0x7E) is ``non_printable``; the rest
    goes to :func:`codes.parse`.
    """
    if len(raw) > max_length:
        return Scan(raw, None, "too_long")
    text = raw.strip()
    if strip_aim and _AIM_PREFIX.match(text):
        text = text[3:].strip()
    if not text:
        return Scan(raw, None, "empty")
    if any(byte < 0x20 or byte > 0x7E for byte in text):
        return Scan(raw, None, "non_printable")
    try:
        return Scan(raw, codes.parse(text.decode("ascii")), None)
    except codes.CodeError as error:
        return Scan(raw, None, error.reason)


def render_raw(raw: bytes, limit: int = 80) -> str:
    """A printable rendering of received bytes for the scan log and the screen.

    Printable ASCII stays as it is, a backslash becomes ``\\\\`` and every other byte ``\\xNN``,
    so nothing received can inject control characters. The result has at most ``limit``
    characters; when cut it ends with ``…`` and never splits an escape.
    """
    if limit < 1:
        raise ValueError(f"limit must be positive, got {limit}")
    pieces = [_render_byte(byte) for byte in raw]
    if sum(len(piece) for piece in pieces) <= limit:
        return "".join(pieces)
    kept: list[str] = []
    used = 0
    for piece in pieces:
        if used + len(piece) > limit - 1:
            break
        kept.append(piece)
        used += len(piece)
    return "".join(kept) + "…"


def _render_byte(byte: int) -> str:
    if byte == 0x5C:
        return "\\\\"
    if 0x20 <= byte <= 0x7E:
        return chr(byte)
    return f"\\x{byte:02x}"
