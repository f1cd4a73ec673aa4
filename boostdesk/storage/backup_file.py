"""The encrypted backup file: a self-describing header, then AES-256-GCM chunks.

Layout (all integers big-endian)::

    magic           16 bytes  b"BoostDeskBackup\\x00"
    format version   2 bytes  1
    header length    4 bytes  length of the JSON header that follows
    header           JSON (UTF-8): app and schema version, venue, time, scrypt salt and cost,
                     chunk size, nonce prefix, key check
    chunks           each ``chunk_size`` plaintext bytes + 16-byte tag; the last one is shorter
                     (possibly empty), so a file cut after any full chunk is detected as truncated

The key is ``scrypt(passphrase, salt)``; each chunk's nonce is an 8-byte random prefix and a 4-byte
chunk counter, so chunks cannot be reordered, and its associated data is the whole header plus a
last-chunk flag, so neither the header nor the end of the file can be altered unnoticed. A second
half of the scrypt output is stored as a key check, which tells a wrong passphrase apart from a
damaged file. Reading and writing stream one chunk at a time: memory stays flat for any size.
"""

from __future__ import annotations

import datetime as dt
import hmac
import io
import json
import os
import secrets
import struct
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any, Final, Protocol

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.scrypt import Scrypt

from boostdesk.storage import chunk_writer, errors

MAGIC: Final = b"BoostDeskBackup\x00"
FORMAT_VERSION: Final = 1
SUFFIX: Final = ".bdbackup"
CHUNK_SIZE: Final = 1 << 20  # 1 MiB
# scrypt cost: 2**16 x 8 x 128 bytes = 64 MiB and about a second, once per file.
SCRYPT_N: Final = 1 << 16
SCRYPT_R: Final = 8
SCRYPT_P: Final = 1
_TAG = 16
_PREFIX = struct.Struct(">16sHI")
_MAX_HEADER = 64 * 1024
_MAX_SCRYPT_N = 1 << 20  # refuse absurd costs from a hostile header (memory)
PRIVATE_FILE: Final = 0o600


Source = chunk_writer.Source
"""Where the plaintext comes from: anything with ``readinto`` (a file, a pinned snapshot)."""


class Sink(Protocol):
    def write(self, data: bytes | memoryview, /) -> int | None: ...


Progress = Callable[[int], None]
"""Called with the number of plaintext bytes processed so far."""


class BackupFileError(errors.StorageError):
    """The file is not a usable BoostDesk backup; the message says why, in one line."""


class ForeignFileError(BackupFileError):
    pass


class WrongPassphraseError(BackupFileError):
    pass


class DamagedBackupError(BackupFileError):
    pass


@dataclass(frozen=True, slots=True)
class Header:
    """What a backup says about itself (readable without the passphrase)."""

    format_version: int
    app_version: str
    schema_version: int
    venue: str
    created_at: str  # ISO 8601, UTC
    chunk_size: int
    salt: bytes
    scrypt_n: int
    scrypt_r: int
    scrypt_p: int
    nonce_prefix: bytes
    key_check: bytes
    raw: bytes  # the header bytes exactly as stored: every chunk authenticates them
    # How the pages inside passed SQLite's check ("" in backups made before this was recorded):
    # "quick_check during the backup" or "quick_check at 2026-11-26T04:00:00+00:00, unchanged since"
    source_check: str = ""

    @property
    def created(self) -> dt.datetime:
        return dt.datetime.fromisoformat(self.created_at)


@dataclass(frozen=True, slots=True)
class Keying:
    """A new backup's salt, and the key and key check scrypt derived from it and the passphrase."""

    salt: bytes
    key: bytes
    check: bytes


def new_keying(passphrase: str) -> Keying:
    """Derive the key of a new backup: scrypt under a fresh salt (about half a second of one core;
    it lets other threads run meanwhile)."""
    salt = secrets.token_bytes(16)
    key, check = _derive(passphrase, salt, SCRYPT_N, SCRYPT_R, SCRYPT_P)
    return Keying(salt, key, check)


def new_header(
    *,
    app_version: str,
    schema_version: int,
    venue: str,
    passphrase: str | None = None,
    keying: Keying | None = None,
    source_check: str = "",
) -> tuple[Header, bytes]:
    """A fresh header (new salt and nonce prefix) and the AES key derived for it, from
    ``passphrase`` or already derived (``keying``); ``source_check`` says how the pages it will
    hold passed SQLite's check."""
    if keying is None:
        if passphrase is None:
            raise TypeError("new_header needs the passphrase or its keying")
        keying = new_keying(passphrase)
    salt, key, check = keying.salt, keying.key, keying.check
    fields: dict[str, Any] = {
        "app_version": app_version,
        "schema_version": schema_version,
        "venue": venue,
        "created_at": dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat(),
        "cipher": "AES-256-GCM",
        "kdf": {"name": "scrypt", "n": SCRYPT_N, "r": SCRYPT_R, "p": SCRYPT_P, "salt": salt.hex()},
        "chunk_size": CHUNK_SIZE,
        "nonce_prefix": secrets.token_bytes(8).hex(),
        "key_check": check.hex(),
    }
    if source_check:
        fields["source_check"] = source_check
    body = json.dumps(fields, ensure_ascii=False, sort_keys=True).encode("utf-8")
    raw = _PREFIX.pack(MAGIC, FORMAT_VERSION, len(body)) + body
    return _parse_header(raw, body), key


def write(
    source: Source,
    target: Path,
    header: Header,
    key: bytes,
    progress: Progress | None = None,
    before_rename: Callable[[], None] | None = None,
) -> int:
    """Encrypt ``source`` into ``target`` atomically; return the size of the file written.

    The file is written as ``target.part`` (readable by the OS user only), flushed to disk and
    renamed; on any failure (a full disk, or ``before_rename`` raising: a check that failed)
    the partial file is removed and the error re-raised.
    """
    part = target.with_name(target.name + ".part")
    aead = AESGCM(key)
    size = header.chunk_size
    done = 0
    # Every buffer is allocated once: a fresh megabyte per chunk costs the kernel a page fault
    # per 4 KiB, as much again as reading the database.
    plain = bytearray(size)
    try:
        fd = os.open(part, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, PRIVATE_FILE)
        with (
            os.fdopen(fd, "wb", buffering=0) as out,
            chunk_writer.ChunkWriter(out, size + _TAG) as writer,
        ):
            writer.put_bytes(header.raw)
            counter = 0
            while True:
                n = chunk_writer.fill(source, plain)
                last = n < size
                sealed = writer.buffer()
                aead.encrypt_into(
                    _nonce(header, counter),
                    memoryview(plain)[:n],
                    _aad(header, last),
                    memoryview(sealed)[: n + _TAG],
                )
                writer.put(sealed, n + _TAG)
                done += n
                if progress is not None:
                    progress(done)
                if last:
                    break
                counter += 1
            writer.finish()
            os.fsync(out.fileno())
        if before_rename is not None:
            before_rename()
        os.replace(part, target)
        _fsync_folder(target.parent)
    except BaseException:
        part.unlink(missing_ok=True)
        raise
    return target.stat().st_size


def read_header(path: Path) -> Header:
    """The header of ``path``; raise :class:`ForeignFileError` or :class:`DamagedBackupError`."""
    try:
        with path.open("rb") as handle:
            return _read_header(handle, path)
    except IsADirectoryError:
        raise ForeignFileError(f"{path} is a folder, not a BoostDesk backup") from None


def decrypt(path: Path, passphrase: str, sink: Sink, progress: Progress | None = None) -> Header:
    """Check every chunk of ``path`` and write the plaintext to ``sink``; return the header.

    Raises :class:`WrongPassphraseError`, :class:`DamagedBackupError` (tampered, truncated,
    extended) or :class:`ForeignFileError`; ``sink`` may then hold part of the data and must be
    discarded by the caller.
    """
    with path.open("rb") as handle:
        header = _read_header(handle, path)
        key, check = _derive(
            passphrase, header.salt, header.scrypt_n, header.scrypt_r, header.scrypt_p
        )
        if not hmac.compare_digest(check, header.key_check):
            raise WrongPassphraseError(
                f"{path}: wrong passphrase (or the backup's header is damaged); nothing was changed"
            )
        aead = AESGCM(key)
        done = 0
        plain = bytearray(header.chunk_size)
        for counter, last, sealed in _chunks(handle, header, path):
            length = len(sealed) - _TAG
            try:
                aead.decrypt_into(
                    _nonce(header, counter),
                    sealed,
                    _aad(header, last),
                    memoryview(plain)[:length],
                )
            except InvalidTag:
                raise DamagedBackupError(
                    f"{path} is damaged, altered or incomplete (part {counter + 1} fails its "
                    "check); use another backup"
                ) from None
            sink.write(memoryview(plain)[:length])
            done += length
            if progress is not None:
                progress(done)
    return header


def _chunks(
    handle: io.BufferedReader, header: Header, path: Path
) -> Iterator[tuple[int, bool, memoryview]]:
    """Each sealed chunk in turn, read into one reused buffer (valid until the next one)."""
    full = header.chunk_size + _TAG
    buffer = bytearray(full)
    counter = 0
    while True:
        n = chunk_writer.fill(handle, buffer)
        if n == full:
            yield counter, False, memoryview(buffer)
            counter += 1
            continue
        if n < _TAG:
            raise DamagedBackupError(
                f"{path} is incomplete (cut off after {counter} parts); use another backup"
            )
        yield counter, True, memoryview(buffer)[:n]
        if handle.read(1):
            raise DamagedBackupError(f"{path} has extra bytes after its end; use another backup")
        return


def _read_header(handle: IO[bytes], path: Path) -> Header:
    prefix = handle.read(_PREFIX.size)
    if len(prefix) < _PREFIX.size or not prefix.startswith(MAGIC):
        raise ForeignFileError(f"{path} is not a BoostDesk backup")
    _magic, version, length = _PREFIX.unpack(prefix)
    if version != FORMAT_VERSION:
        raise ForeignFileError(
            f"{path} is a backup of format {version}; this BoostDesk reads format "
            f"{FORMAT_VERSION}: update BoostDesk"
        )
    if length > _MAX_HEADER:
        raise DamagedBackupError(f"{path}: the backup's header is damaged")
    body = handle.read(length)
    if len(body) != length:
        raise DamagedBackupError(f"{path} is incomplete (cut off in its header)")
    return _parse_header(prefix + body, body, path)


def _parse_header(raw: bytes, body: bytes, path: Path | None = None) -> Header:
    try:
        fields = json.loads(body.decode("utf-8"))
        kdf = fields["kdf"]
        header = Header(
            format_version=FORMAT_VERSION,
            app_version=str(fields["app_version"]),
            schema_version=int(fields["schema_version"]),
            venue=str(fields["venue"]),
            created_at=str(fields["created_at"]),
            chunk_size=int(fields["chunk_size"]),
            salt=bytes.fromhex(kdf["salt"]),
            scrypt_n=int(kdf["n"]),
            scrypt_r=int(kdf["r"]),
            scrypt_p=int(kdf["p"]),
            nonce_prefix=bytes.fromhex(fields["nonce_prefix"]),
            key_check=bytes.fromhex(fields["key_check"]),
            raw=raw,
            source_check=str(fields.get("source_check", "")),
        )
        header.created  # noqa: B018 (checks the time parses)
    except (ValueError, KeyError, TypeError, UnicodeDecodeError):
        raise DamagedBackupError(f"{path}: the backup's header is damaged") from None
    sane = (
        kdf.get("name") == "scrypt"
        and 0 < header.chunk_size <= 64 * CHUNK_SIZE
        and 1 < header.scrypt_n <= _MAX_SCRYPT_N
        and 0 < header.scrypt_r <= 32
        and 0 < header.scrypt_p <= 4
        and len(header.nonce_prefix) == 8
        and len(header.salt) >= 16
    )
    if not sane:
        raise DamagedBackupError(f"{path}: the backup's header is damaged")
    return header


def _derive(passphrase: str, salt: bytes, n: int, r: int, p: int) -> tuple[bytes, bytes]:
    out = Scrypt(salt=salt, length=48, n=n, r=r, p=p).derive(passphrase.encode("utf-8"))
    return out[:32], out[32:]


def _nonce(header: Header, counter: int) -> bytes:
    return header.nonce_prefix + counter.to_bytes(4, "big")


def _aad(header: Header, last: bool) -> bytes:
    return header.raw + (b"\x01" if last else b"\x00")


def _fsync_folder(folder: Path) -> None:
    # The rename itself must reach the disk, or a power cut can lose the finished file.
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:  # Windows cannot open folders; its rename is durable enough
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
