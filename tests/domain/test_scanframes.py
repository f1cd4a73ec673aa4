"""Reader bytes → frames → scans: every framing, AIM prefixes, rejects, and arbitrary bytes."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from boostdesk.domain import codes, scanframes
from boostdesk.domain.scanframes import FrameDecoder, Framing

CARD = codes.card_number(1234)
VOUCHER = codes.voucher_code(42)
CARD_B = CARD.encode()


def feed_all(decoder: FrameDecoder, *chunks: bytes) -> list[bytes]:
    frames: list[bytes] = []
    for chunk in chunks:
        frames += decoder.feed(chunk)
    return frames


@pytest.mark.parametrize(
    ("framing", "stream"),
    [
        (Framing.CR, b"A\rB\r"),
        (Framing.LF, b"A\nB\n"),
        (Framing.CRLF, b"A\r\nB\r\n"),
        (Framing.STX_ETX, b"\x02A\x03\x02B\x03"),
        (Framing.AUTO, b"A\rB\n"),
        (Framing.AUTO, b"A\r\nB\r\n"),
        (Framing.AUTO, b"\x02A\x03\r\n\x02B\x03"),
    ],
)
def test_each_framing_cuts_two_frames(framing: Framing, stream: bytes) -> None:
    assert FrameDecoder(framing).feed(stream) == [b"A", b"B"]


@pytest.mark.parametrize("framing", [Framing.AUTO, Framing.CRLF])
def test_crlf_split_across_feeds_is_one_frame(framing: Framing) -> None:
    decoder = FrameDecoder(framing)
    assert decoder.feed(CARD_B + b"\r") == ([CARD_B] if framing is Framing.AUTO else [])
    assert feed_all(decoder, b"\n") == ([] if framing is Framing.AUTO else [CARD_B])
    assert decoder.feed(b"27") == []
    assert decoder.feed(b"1\r") == ([b"271"] if framing is Framing.AUTO else [])
    assert decoder.feed(b"\n") == ([] if framing is Framing.AUTO else [b"271"])


def test_partial_frame_is_kept_across_feeds_byte_by_byte() -> None:
    decoder = FrameDecoder(Framing.CR)
    stream = CARD_B + b"\r" + VOUCHER.encode() + b"\r"
    assert feed_all(decoder, *(bytes([b]) for b in stream)) == [CARD_B, VOUCHER.encode()]


def test_crlf_mode_keeps_a_lone_cr_inside_the_frame() -> None:
    assert FrameDecoder(Framing.CRLF).feed(b"A\rB\r\n") == [b"A\rB"]


def test_cr_mode_leaves_lf_in_the_next_frame_and_decode_strips_it() -> None:
    frames = FrameDecoder(Framing.CR).feed(CARD_B + b"\r\n" + CARD_B + b"\r\n")
    assert frames == [CARD_B, b"\n" + CARD_B]
    assert [scanframes.decode(f).code for f in frames] == [codes.parse(CARD)] * 2


def test_stx_etx_mode_ignores_noise_outside_frames_and_restarts_on_new_stx() -> None:
    decoder = FrameDecoder(Framing.STX_ETX)
    assert decoder.feed(b"noise\r\n\x02par") == []
    assert decoder.feed(b"tial\x02" + CARD_B + b"\x03junk") == [CARD_B]
    assert decoder.buffered == 0


def test_empty_frames_are_not_reported() -> None:
    assert FrameDecoder(Framing.AUTO).feed(b"\r\n\r\n\x02\x03\n") == []
    assert FrameDecoder(Framing.CR).feed(b"\r\r") == []


def test_too_long_frame_is_returned_truncated_and_its_tail_discarded() -> None:
    decoder = FrameDecoder(Framing.CR, max_length=8)
    frames = decoder.feed(b"0123456789ABCDEF\r" + CARD_B[:4])
    assert frames == [b"012345678"]
    assert scanframes.decode(frames[0], max_length=8).reason == "too_long"
    assert decoder.feed(CARD_B[4:] + b"\r") == [CARD_B[:8] + CARD_B[8:9]]  # 13 > 8 as well


def test_frame_of_exactly_max_length_is_whole() -> None:
    decoder = FrameDecoder(Framing.CRLF, max_length=13)
    assert decoder.feed(CARD_B + b"\r\n") == [CARD_B]
    assert scanframes.decode(CARD_B, max_length=13).code == codes.parse(CARD)


def test_reset_drops_partial_frame() -> None:
    decoder = FrameDecoder(Framing.CRLF)
    decoder.feed(b"2700\r")
    assert decoder.buffered == 5
    decoder.reset()
    assert decoder.buffered == 0
    assert decoder.feed(b"\n" + CARD_B + b"\r\n") == [b"\n" + CARD_B]


def test_max_length_must_be_positive() -> None:
    with pytest.raises(ValueError):
        FrameDecoder(max_length=0)


def test_decode_card_and_voucher() -> None:
    card = scanframes.decode(CARD_B)
    voucher = scanframes.decode(VOUCHER.encode())
    assert card == scanframes.Scan(CARD_B, codes.Code(codes.CodeKind.CARD, CARD), None)
    assert voucher.code == codes.Code(codes.CodeKind.VOUCHER, VOUCHER)
    assert voucher.reason is None


@pytest.mark.parametrize("prefix", [b"]C0", b"]E0", b"]Q1", b"]d2", b" ]E0 "])
def test_decode_strips_aim_prefix(prefix: bytes) -> None:
    scan = scanframes.decode(prefix + CARD_B)
    assert scan.code == codes.parse(CARD)
    assert scan.raw == prefix + CARD_B


def test_decode_strips_surrounding_whitespace() -> None:
    assert scanframes.decode(b" \t" + CARD_B + b"\r\n").code == codes.parse(CARD)


@pytest.mark.parametrize(
    ("raw", "reason"),
    [
        (b"", "empty"),
        (b"  \t ", "empty"),
        (b"]E0", "empty"),
        (b"1" * 65, "too_long"),
        (b"27\x0012345", "non_printable"),
        (CARD_B[:6] + b"\x1b" + CARD_B[6:], "non_printable"),
        ("270000001234ş".encode(), "non_printable"),
        (b"\xff\xfe", "non_printable"),
        (b"]X", "not_digits"),
        (b"27ABC", "not_digits"),
        (b"]Z-" + CARD_B, "not_digits"),  # not an AIM identifier
        (b"]Z2" + CARD_B[1:], "length"),
        (b"2700", "length"),
        (CARD_B[:-1] + str((int(CARD[-1]) + 1) % 10).encode(), "check_digit"),
        (codes.card_number(5).replace("27", "29", 1).encode(), "check_digit"),
    ],
)
def test_decode_rejects_with_reason(raw: bytes, reason: str) -> None:
    scan = scanframes.decode(raw)
    assert (scan.code, scan.reason) == (None, reason)
    assert scan.raw == raw


def test_decode_rejects_valid_ean13_outside_our_prefixes() -> None:
    body = "400638133393"
    assert scanframes.decode((body + codes.check_digit(body)).encode()).reason == "prefix"


def test_decode_respects_max_length() -> None:
    assert scanframes.decode(CARD_B, max_length=12).reason == "too_long"


def test_render_raw_escapes_everything_unprintable() -> None:
    assert scanframes.render_raw(b"27\x00a\\b\r\n\xff~ ") == "27\\x00a\\\\b\\x0d\\x0a\\xff~ "
    assert scanframes.render_raw(b"") == ""


def test_render_raw_cuts_with_ellipsis_without_splitting_escapes() -> None:
    assert scanframes.render_raw(b"x" * 80) == "x" * 80
    assert scanframes.render_raw(b"x" * 81) == "x" * 79 + "…"
    cut = scanframes.render_raw(b"abc\x01\x02", limit=8)
    assert cut == "abc\\x01…"
    assert len(scanframes.render_raw(b"\x00" * 100, limit=10)) <= 10


@given(st.binary(max_size=200))
def test_render_raw_is_always_printable_and_bounded(raw: bytes) -> None:
    text = scanframes.render_raw(raw, limit=40)
    assert len(text) <= 40
    assert all(0x20 <= ord(ch) <= 0x7E or ch == "…" for ch in text)


# Bytes skewed towards the interesting ones: terminators, STX/ETX, digits, AIM brackets.
_interesting = st.sampled_from(b"\x02\x03\r\n ]E0123456789Q\x00\xff")
_chunks = st.lists(
    st.one_of(st.binary(max_size=30), st.lists(_interesting, max_size=30).map(bytes)),
    max_size=20,
)


@settings(max_examples=300, deadline=None)
@given(
    chunks=_chunks,
    framing=st.sampled_from(Framing),
    max_length=st.integers(min_value=1, max_value=40),
)
def test_any_bytes_in_any_chunks_never_raise_and_stay_bounded(
    chunks: list[bytes], framing: Framing, max_length: int
) -> None:
    decoder = FrameDecoder(framing, max_length=max_length)
    for chunk in chunks:
        for frame in decoder.feed(chunk):
            assert 0 < len(frame) <= max_length + 1
            scan = scanframes.decode(frame, max_length=max_length)
            assert (scan.code is None) != (scan.reason is None)
            if scan.code is not None:
                assert codes.is_valid(scan.code.value)
        assert decoder.buffered <= max_length + 1


@settings(max_examples=200, deadline=None)
@given(
    serials=st.lists(st.integers(min_value=0, max_value=10**10 - 1), min_size=1, max_size=5),
    cuts=st.lists(st.integers(min_value=0, max_value=200), max_size=10),
    framing=st.sampled_from(Framing),
)
def test_valid_codes_survive_any_chunking(
    serials: list[int], cuts: list[int], framing: Framing
) -> None:
    wrap = {
        Framing.AUTO: (b"", b"\r\n"),
        Framing.CR: (b"", b"\r"),
        Framing.LF: (b"", b"\n"),
        Framing.CRLF: (b"", b"\r\n"),
        Framing.STX_ETX: (b"\x02", b"\x03"),
    }[framing]
    sent = [codes.card_number(s) for s in serials]
    stream = b"".join(wrap[0] + b"]E0" + code.encode() + wrap[1] for code in sent)
    bounds = sorted({min(c, len(stream)) for c in cuts} | {0, len(stream)})
    decoder = FrameDecoder(framing)
    frames = feed_all(decoder, *(stream[a:b] for a, b in zip(bounds, bounds[1:], strict=False)))
    received = [scanframes.decode(frame).code for frame in frames]
    assert received == [codes.Code(codes.CodeKind.CARD, code) for code in sent]


@given(st.binary(max_size=100))
def test_decode_never_raises(raw: bytes) -> None:
    scan = scanframes.decode(raw)
    assert scan.raw == raw
    if scan.reason is None:
        assert scan.code is not None and codes.is_valid(scan.code.value)


def test_the_aim_prefix_is_kept_when_stripping_is_off() -> None:
    framed = b"]E0" + CARD_B
    assert scanframes.decode(framed).code == codes.parse(CARD)
    kept = scanframes.decode(framed, strip_aim=False)
    assert kept.code is None and kept.reason is not None
