"""Reading a POS export (CSV or XLSX) into rows of text with their physical line numbers.

CSV: ``,``, ``;`` or tab separated (sniffed from the heading), UTF-8 with or without a byte-order
mark, UTF-16 with one, or Windows-1254 (Turkish ANSI, what Excel writes on a Turkish PC), any line
ends, blank lines skipped. XLSX: the first sheet, read in read-only mode (openpyxl), numbers and
dates written out as text the same way a CSV holds them. A row's line number is the physical line
of the file where the row starts (a quoted field spanning lines counts every line), or the sheet's
row number.
"""

from __future__ import annotations

import csv
import datetime as dt
import gc
import io
import itertools
import re
import sys
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

BLOCK_ROWS = 50_000
_SAMPLE = 65_536


class ImportProblem(Exception):
    """The file as a whole cannot be read (missing, empty, binary, unknown encoding, no heading)."""


@dataclass
class Block:
    """Non-blank rows: ``lines[i]`` is the physical line where ``rows[i]`` starts."""

    lines: list[int]
    rows: list[list[str]]


@dataclass(frozen=True)
class Plain:
    """A CSV whose rows can be cut out of its bytes: no quote character, no NUL, no line end
    but LF or CRLF, in a text encoding where the separators and line ends are single ASCII
    bytes. Its rows start at byte ``start`` of ``raw``, on physical line ``first_line``;
    ``encoding`` decodes any cut-out field."""

    raw: bytes
    start: int
    first_line: int
    delimiter: str
    encoding: str


@dataclass
class Sheet:
    """A file's heading (as written) and an iterator over its blocks of rows (``plain``: the
    same rows as bytes, when the file is a :class:`Plain` CSV)."""

    heading: list[str]
    heading_line: int
    blocks: Iterator[Block]
    kind: str  # "csv" or "xlsx"
    encoding: str = ""
    plain: Plain | None = None


def open_sheet(path: Path) -> Sheet:
    """Open ``path`` as a sheet; ImportProblem says what is wrong with a file that cannot be."""
    try:
        with path.open("rb") as handle:
            head = handle.read(_SAMPLE)
    except OSError as exc:
        raise ImportProblem(f"cannot read {path}: {exc.strerror or exc}") from exc
    if head.startswith(b"PK\x03\x04"):
        return _xlsx(path)
    if not head.strip(b" \t\r\n\xef\xbb\xbf"):
        raise ImportProblem(f"{path.name} is empty")
    return _csv(path)


# -- CSV -----------------------------------------------------------------------------------------


def _decode(raw: bytes, name: str) -> tuple[str, str]:
    if raw.startswith(b"\xef\xbb\xbf"):
        encoding = "utf-8-sig"
    elif raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        encoding = "utf-16"
    else:
        encoding = "utf-8"
    if encoding != "utf-16" and _looks_binary(raw[:_SAMPLE]):
        raise ImportProblem(f"{name} is not a text (CSV) or XLSX file")
    for candidate in (encoding, "cp1254") if encoding == "utf-8" else (encoding,):
        try:
            return raw.decode(candidate), candidate
        except UnicodeDecodeError:
            continue
    raise ImportProblem(f"{name} is neither UTF-8 nor Windows-1254 text")


def _looks_binary(sample: bytes) -> bool:
    """NUL bytes, or many control characters other than tab and line ends."""
    if b"\x00" in sample:
        return True
    controls = sum(sample.count(bytes([c])) for c in range(32) if c not in (9, 10, 13))
    return controls > max(8, len(sample) // 100)


def _delimiter(first_line: str) -> str:
    counts = {d: first_line.count(d) for d in (";", ",", "\t")}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] else ","


def _csv(path: Path) -> Sheet:
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise ImportProblem(f"cannot read {path}: {exc.strerror or exc}") from exc
    bom = 3 if raw.startswith(b"\xef\xbb\xbf") else 0
    if (raw.isascii() or (bom and raw[bom:].isascii())) and not _looks_binary(raw[:_SAMPLE]):
        plain = _plain(raw, bom, "utf-8")
        if plain is not None:
            # the text is decoded only if the rows are read as text after all
            heading = next(csv.reader([_first_line(raw, bom)], delimiter=plain.delimiter), [])
            if not any(h.strip() for h in heading):
                raise ImportProblem(f"{path.name} has no heading row")
            encoding = "utf-8-sig" if bom else "utf-8"
            blocks = _later(lambda: _csv_text(raw, path.name)[2])
            return Sheet(heading, plain.first_line - 1, blocks, "csv", encoding, plain)
    heading, heading_line, blocks, encoding = _csv_text(raw, path.name)
    plain = None if encoding == "utf-16" else _plain(raw, bom, encoding.replace("-sig", ""))
    return Sheet(heading, heading_line, blocks, "csv", encoding, plain)


def _csv_text(raw: bytes, name: str) -> tuple[list[str], int, Iterator[Block], str]:
    """The file decoded and read by the csv module: heading, its line, blocks, encoding."""
    text, encoding = _decode(raw, name)
    del raw
    body = text.lstrip("\r\n")
    skipped = text[: len(text) - len(body)]
    offset = skipped.count("\n") + skipped.replace("\r\n", "").count("\r")
    first = body.split("\n", 1)[0]
    csv.field_size_limit(sys.maxsize)  # long fields are refused row by row, with their line
    reader = csv.reader(io.StringIO(body, newline=""), delimiter=_delimiter(first))
    try:
        heading = next(reader, [])
    except csv.Error as exc:
        raise ImportProblem(f"{name}: the heading cannot be read ({exc})") from exc
    if not any(h.strip() for h in heading):
        raise ImportProblem(f"{name} has no heading row")
    start = offset + reader.line_num
    blocks = _csv_blocks(reader, start, quoted='"' in body)
    return heading, offset + 1, blocks, encoding


def _later(make: Callable[[], Iterator[Block]]) -> Iterator[Block]:
    yield from make()


_BLANK_LINES = re.compile(rb"[\r\n]*")


def _first_line(raw: bytes, bom: int) -> str:
    start = _BLANK_LINES.match(raw, bom).end()  # type: ignore[union-attr]  # always matches
    end = raw.find(b"\n", start)
    return raw[start : len(raw) if end < 0 else end].removesuffix(b"\r").decode("ascii")


def _plain(raw: bytes, bom: int, encoding: str) -> Plain | None:
    """``raw`` as a :class:`Plain` CSV, or None when its rows need the csv module."""
    if encoding not in ("utf-8", "cp1254") or b'"' in raw or b"\x00" in raw:
        return None
    if b"\r" in raw and raw.count(b"\r") != raw.count(b"\r\n"):
        return None  # a lone CR ends a row for the csv module
    heading = _BLANK_LINES.match(raw, bom).end()  # type: ignore[union-attr]  # always matches
    heading_end = raw.find(b"\n", heading)
    start = len(raw) if heading_end < 0 else heading_end + 1
    first = raw[heading : len(raw) if heading_end < 0 else heading_end]
    delimiter = _delimiter(first.decode(encoding, errors="replace"))
    return Plain(raw, start, raw.count(b"\n", 0, heading) + 2, delimiter, encoding)


def _csv_blocks(reader: Any, after: int, quoted: bool) -> Iterator[Block]:
    """Blocks of non-blank records. Without quotes a record is one line, so its line number is
    its position; with quotes the reader's own line count tells where each record started."""
    line = after
    while True:
        lines: list[int] = []
        rows: list[list[str]] = []
        read = 0
        enabled = gc.isenabled()
        gc.disable()  # a million small lists: the cyclic collector would rescan them over and over
        try:
            if quoted:
                for record in itertools.islice(reader, BLOCK_ROWS):
                    read += 1
                    if any(record):
                        lines.append(line + 1)
                        rows.append(record)
                    line = reader.line_num
            else:
                records = list(itertools.islice(reader, BLOCK_ROWS))
                read = len(records)
                kept = list(map(any, records))  # a blank line (or only separators) is skipped
                if all(kept):
                    lines, rows = list(range(line + 1, line + 1 + read)), records
                else:
                    lines = [line + 1 + i for i, keep in enumerate(kept) if keep]
                    rows = [r for r, keep in zip(records, kept, strict=True) if keep]
                line += read
        except csv.Error as exc:
            raise ImportProblem(f"line {line + 1}: {exc}") from exc
        finally:
            if enabled:
                gc.enable()
        if rows:
            yield Block(lines, rows)
        if read < BLOCK_ROWS:
            return


# -- XLSX ----------------------------------------------------------------------------------------


def _cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, dt.datetime):
        return value.replace(microsecond=0).isoformat(" ")
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, float):
        return format(value, ".15g") if value != int(value) else str(int(value))
    return str(value)


def _xlsx(path: Path) -> Sheet:
    import openpyxl  # only for XLSX files: a second of start-up otherwise spent for nothing
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        # a file object: openpyxl judges a path by its extension, the content is what counts
        book = openpyxl.load_workbook(path.open("rb"), read_only=True, data_only=True)
    except (zipfile.BadZipFile, InvalidFileException, KeyError, OSError, ValueError) as exc:
        raise ImportProblem(f"{path.name} is not a readable XLSX file") from exc
    sheet = book.worksheets[0] if book.worksheets else None
    if sheet is None:
        raise ImportProblem(f"{path.name} has no sheet")
    rows = enumerate(sheet.iter_rows(values_only=True), start=1)
    for number, values in rows:
        heading = [_cell_text(v) for v in values]
        if any(h.strip() for h in heading):
            return Sheet(heading, number, _xlsx_blocks(rows, book), "xlsx")
    book.close()
    raise ImportProblem(f"{path.name} is empty")


def _xlsx_blocks(rows: Iterator[tuple[int, tuple[Any, ...]]], book: Any) -> Iterator[Block]:
    try:
        while True:
            lines, texts = [], []
            for number, values in itertools.islice(rows, BLOCK_ROWS):
                record = [_cell_text(v) for v in values]
                if any(record):
                    lines.append(number)
                    texts.append(record)
            if not texts:
                return
            yield Block(lines, texts)
    finally:
        book.close()
