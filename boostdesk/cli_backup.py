"""Backup and personal-data commands: backup, verify, restore, export-person, erase.

The owner PIN comes from ``--pin-file FILE`` or ``$BOOSTDESK_PIN`` (``cli.sign_in_owner``), the
backup passphrase from ``--passphrase-file FILE`` or ``$BOOSTDESK_BACKUP_PASSPHRASE``; either is
asked for only on a terminal and refused otherwise, so that a script never hangs on a prompt.
"""

from __future__ import annotations

import argparse
import getpass
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from boostdesk import cli

if TYPE_CHECKING:
    from boostdesk.services import ops
    from boostdesk.services import venue as venue_service

PASSPHRASE_ENV = "BOOSTDESK_BACKUP_PASSPHRASE"


def register(sub: Any) -> None:
    p = cli.add_command(sub, "backup", help="write an encrypted backup of the venue (owner)")
    p.add_argument("--to", required=True, type=Path, metavar="DIR", help="folder or USB stick")
    p.add_argument("--json", action="store_true", help="machine-readable output")
    _secret_options(p, pin=True, passphrase=True)
    p.set_defaults(handler=cmd_backup)

    p = cli.add_command(sub, "verify", help="check a backup completely without restoring it")
    p.add_argument("file", type=Path, metavar="FILE")
    p.add_argument(
        "--full",
        action="store_true",
        help="also run SQLite's full check on a decrypted temporary copy (slower)",
    )
    p.add_argument("--json", action="store_true", help="machine-readable output")
    _secret_options(p, pin=False, passphrase=True)
    p.set_defaults(handler=cmd_verify)

    p = cli.add_command(
        sub, "restore", help="replace the venue with a verified backup (also into an empty folder)"
    )
    p.add_argument("file", type=Path, metavar="FILE")
    _secret_options(p, pin=True, passphrase=True)
    p.set_defaults(handler=cmd_restore)

    p = cli.add_command(sub, "export-person", help="everything held about one guest, as JSON")
    p.add_argument("card", metavar="CARD")
    p.add_argument("out", type=Path, metavar="FILE")
    _secret_options(p, pin=True, passphrase=False)
    p.set_defaults(handler=cmd_export_person)

    p = cli.add_command(sub, "erase", help="anonymise one guest for good (KVKK erasure)")
    p.add_argument("card", metavar="CARD")
    _secret_options(p, pin=True, passphrase=False)
    p.set_defaults(handler=cmd_erase)


def _secret_options(p: argparse.ArgumentParser, *, pin: bool, passphrase: bool) -> None:
    if pin:
        cli.add_pin_argument(p)
    if passphrase:
        p.add_argument(
            "--passphrase-file",
            type=Path,
            metavar="FILE",
            help=f"backup passphrase (default ${PASSPHRASE_ENV})",
        )


def _secret(file: Path | None, env: str, what: str, option: str, *, confirm: bool = False) -> str:
    if file is not None:
        try:
            text = file.read_text(encoding="utf-8").strip("\r\n")
        except OSError as exc:
            raise cli.CliError(f"cannot read {option} {file}: {exc.strerror or exc}") from exc
        if not text:
            raise cli.CliError(f"{option} {file} is empty")
        return text
    value = os.environ.get(env)
    if value:
        return value
    if not sys.stdin.isatty():
        raise cli.CliError(f"the {what} is needed: give {option} FILE or set ${env}")
    first = getpass.getpass(f"{what.capitalize()}: ")
    if confirm and getpass.getpass(f"{what.capitalize()} again: ") != first:
        raise cli.CliError(f"the two {what}s differ")
    return first


def _passphrase(args: argparse.Namespace, *, confirm: bool = False) -> str:
    return _secret(
        args.passphrase_file,
        PASSPHRASE_ENV,
        "backup passphrase",
        "--passphrase-file",
        confirm=confirm,
    )


def owner(args: argparse.Namespace, opened: venue_service.Venue) -> ops.Actor:
    """The venue's owner, signed in with the PIN (the command line's shared owner sign-in)."""
    return cli.sign_in_owner(opened, args)


def open_for_writing(args: argparse.Namespace) -> venue_service.Venue:
    """Open the venue after SQLite's quick check: a damaged database is never written to."""
    from boostdesk.services import backup

    backup.check_before_writing(args.data_dir_resolved)
    return cli.open_venue(args)


def cmd_backup(args: argparse.Namespace) -> int:
    from boostdesk.services import backup_common

    # The passphrase first: its key (scrypt) is derived on a thread of its own while the rest
    # starts up (imports, the start-up check, the PIN), instead of after it.
    pending = backup_common.PendingKey(_passphrase(args, confirm=True))
    from boostdesk.services import backup

    # A damaged database is never written to (as open_for_writing). When SQLite's check of the
    # whole database ran just now, it stands for the backup's; when the remembered check stood
    # for the file, the backup relies on it only if it still stands once the snapshot is pinned.
    checked_now = backup.check_before_writing(args.data_dir_resolved)
    opened = cli.open_venue(args)
    try:
        actor = owner(args, opened)
        made = backup.create(
            opened, actor, args.to, pending.passphrase, just_checked=checked_now, key=pending
        ).value
    finally:
        opened.close()
    if args.json:
        cli.print_json({"file": str(made.file), "size": made.size, "seconds": made.seconds})
    else:
        print(f"backup written: {made.file}")
        print(f"  {made.size:,} bytes in {made.seconds:.1f} s")
    return cli.EXIT_OK


def cmd_verify(args: argparse.Namespace) -> int:
    from boostdesk.services import backup

    _must_be_file(args.file)
    checked = backup.verify(args.file, _passphrase(args), full=args.full)
    header = checked.header
    if args.json:
        cli.print_json(
            {
                "file": str(checked.file),
                "ok": True,
                "venue": header.venue,
                "created_at": header.created_at,
                "app_version": header.app_version,
                "schema_version": header.schema_version,
                "format_version": header.format_version,
                "source_check": header.source_check,
                "seconds": checked.seconds,
            }
        )
        return cli.EXIT_OK
    from boostdesk.domain import safetext

    inside = "passes SQLite's full check" if args.full else "is whole and was checked when made"
    print(f"{args.file}: ok — every part authenticated, the database inside {inside}")
    print(
        f"  venue {safetext.for_terminal(header.venue)!s}, made {header.created_at} by BoostDesk "
        f"{safetext.for_terminal(header.app_version)} (schema {header.schema_version})"
    )
    if header.source_check:
        print(f"  its pages passed SQLite's {safetext.for_terminal(header.source_check)}")
    return cli.EXIT_OK


def cmd_restore(args: argparse.Namespace) -> int:
    from boostdesk.services import backup, venue

    _must_be_file(args.file)
    data_dir: Path = args.data_dir_resolved
    actor = None
    if venue.is_set_up(data_dir):
        actor = _current_owner(args, data_dir)
    restored = backup.restore(args.file, data_dir, _passphrase(args), actor)
    print(f"restored {args.file} into {data_dir}")
    if restored.kept_aside is not None:
        print(f"  the previous database was kept in {restored.kept_aside}")
    if restored.migrated_from is not None:
        print(f"  updated from schema {restored.migrated_from}")
    print("  SQLite's full check passed; every guest's kept totals were checked against the visits")
    if restored.totals_rebuilt_for:
        print(f"  the totals of {restored.totals_rebuilt_for} guests differed and were rebuilt")
    return cli.EXIT_OK


def _current_owner(args: argparse.Namespace, data_dir: Path) -> ops.Actor:
    """The owner of the venue being replaced, by PIN. A damaged database is not even signed in
    to (that writes); then the passphrase of a backup that verifies is the owner's proof."""
    from boostdesk.services import backup, ops, venue

    if backup.is_damaged(data_dir):
        return ops.Actor(None, "owner", ops.Role.OWNER)
    current = venue.open_venue(data_dir)
    try:
        return owner(args, current)
    finally:
        current.close()


def cmd_export_person(args: argparse.Namespace) -> int:
    from boostdesk.services import privacy

    opened = open_for_writing(args)
    try:
        actor = owner(args, opened)
        try:
            privacy.export_person(opened, actor, args.card, args.out)
        except privacy.UnknownCardError as exc:
            raise cli.CliError(str(exc)) from exc
    finally:
        opened.close()
    print(f"saved {args.out}")
    return cli.EXIT_OK


def cmd_erase(args: argparse.Namespace) -> int:
    from boostdesk.services import privacy

    opened = open_for_writing(args)
    try:
        actor = owner(args, opened)
        try:
            erased = privacy.erase(opened, actor, args.card).value
        except privacy.UnknownCardError as exc:
            raise cli.CliError(str(exc)) from exc
    finally:
        opened.close()
    print(f"guest {erased.customer_id} erased: name, contact details, family, consents and")
    print("  segments removed; visits and points stay in the venue's totals, anonymously")
    if not erased.wal_emptied:
        print(
            "  note: another BoostDesk window is reading the venue; the last copies of the "
            "erased data leave the WAL file when it closes"
        )
    return cli.EXIT_OK


def _must_be_file(path: Path) -> None:
    if not path.is_file():
        raise cli.CliError(f"{path} is not a file")
