"""The command line: argument parsing and thin commands over the services.

Every command exits 0 on success and non-zero with a one-line message on stderr otherwise; no
traceback reaches the user. ``--json`` output is stable: keys are only ever added.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import logging
import os
import sys
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from boostdesk import __version__, diagnostics

if TYPE_CHECKING:
    from boostdesk.services import ops, users, venue

# Services (numpy, peewee, SQLite) are imported by the commands that use them, so that
# ``boostdesk --version`` and ``--help`` start in a fraction of a second.
DEFAULT_DEMO_CUSTOMERS = 5_000  # services.demo.DEFAULT_DEMO_CUSTOMERS (checked by a test)

logger = logging.getLogger(__name__)

DATA_DIR_ENV = "BOOSTDESK_DATA_DIR"
PIN_ENV = "BOOSTDESK_PIN"
EXIT_OK, EXIT_FAILURE, EXIT_USAGE = 0, 1, 2

Command = Callable[[argparse.Namespace], int]


class CliError(Exception):
    """A failure to report on stderr as one line, exit code EXIT_FAILURE."""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> Any:  # argparse's default is fine; keep exit code 2
        self.print_usage(sys.stderr)
        self.exit(EXIT_USAGE, f"{self.prog}: error: {message}\n")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="boostdesk",
        description="BoostDesk: offline-first loyalty and segmentation for one café. "
        "Without a command it starts the desktop application.",
    )
    parser.add_argument("--version", action="version", version=f"BoostDesk {__version__}")
    parser.add_argument(
        "--data-dir",
        type=Path,
        help=f"the venue's data folder (default: ${DATA_DIR_ENV} or the per-user app data folder)",
    )
    parser.add_argument("--lang", choices=("tr", "en"), help="user interface language (default tr)")
    parser.add_argument(
        "--demo",
        action="store_true",
        help="open the demo venue (in its own data folder, created on first use)",
    )
    parser.add_argument("--reader", metavar="PORT", help="card reader port or pyserial URL")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    p = add_command(
        sub, "demo", help="create a realistic demo venue (refuses to overwrite real data)"
    )
    p.add_argument("--customers", type=_positive_int, default=DEFAULT_DEMO_CUSTOMERS)
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--visits", type=_positive_int, help="aim for about this many visits in total")
    p.add_argument("--as-of", type=_date, help="last day of the history (default: today)")
    p.add_argument(
        "--force", action="store_true", help="replace real data (a copy is kept; owner PIN)"
    )
    add_pin_argument(p)
    p.set_defaults(handler=cmd_demo)

    p = add_command(sub, "screenshot", help="render a GUI page offscreen to PNG")
    p.add_argument(
        "--page",
        required=True,
        help="counter, guest, backoffice or a back-office section (%(choices)s)",
        choices=_screenshot_pages(),
        metavar="PAGE",
    )
    p.add_argument("--out", required=True, type=Path)
    p.add_argument("--lang", choices=("tr", "en"), default=argparse.SUPPRESS, help="tr or en")
    p.add_argument("--size", default="1280x800", help="window size WIDTHxHEIGHT")
    p.set_defaults(handler=cmd_screenshot)

    for register in _extensions():
        register(sub)
    return parser


class _ScreenshotPages:
    """``--page``'s choices, looked up only when argparse checks or shows them: finding the
    back-office sections of this build costs every start (``--version``, ``segment``) ~10 ms."""

    def _pages(self) -> tuple[str, ...]:
        from boostdesk.ui.screenshot import pages

        return pages()

    def __contains__(self, page: object) -> bool:
        return page in self._pages()

    def __iter__(self) -> Iterator[str]:
        return iter(self._pages())


def _screenshot_pages() -> _ScreenshotPages:
    return _ScreenshotPages()


def add_command(sub: Any, name: str, **kwargs: Any) -> argparse.ArgumentParser:
    """A subcommand that accepts ``--data-dir`` after its name (``boostdesk demo --data-dir X``)."""
    parser: argparse.ArgumentParser = sub.add_parser(name, **kwargs)
    parser.add_argument(
        "--data-dir", type=Path, default=argparse.SUPPRESS, help="the venue's data folder"
    )
    return parser


def _extensions() -> list[Callable[[Any], None]]:
    """Command groups contributed by other modules (each has ``register(subparsers)``)."""
    found: list[Callable[[Any], None]] = []
    for name in (
        "boostdesk.cli_analytics",
        "boostdesk.cli_counter",
        "boostdesk.cli_backup",
        "boostdesk.cli_documents",
        "boostdesk.cli_scenarios",
        "boostdesk.cli_privacy",
        "boostdesk.cli_movements",
        "boostdesk.cli_customers",
    ):
        try:
            module = __import__(name, fromlist=["register"])
        except ModuleNotFoundError as exc:
            if exc.name != name:
                raise
            continue
        found.append(module.register)
    return found


def add_pin_argument(parser: argparse.ArgumentParser) -> None:
    """``--pin-file`` for a command that does owner work (see :func:`sign_in_owner`)."""
    parser.add_argument(
        "--pin-file",
        type=Path,
        metavar="FILE",
        help=f"read the owner PIN from FILE (else ${PIN_ENV}, else a prompt on a terminal)",
    )


def owner_pin(args: argparse.Namespace) -> str:
    """The owner PIN for owner work: ``--pin-file FILE``, else ``$BOOSTDESK_PIN``, else asked
    on the terminal; without any of them (a script, a pipe) the command is refused."""
    pin_file: Path | None = getattr(args, "pin_file", None)
    if pin_file is not None:
        try:
            lines = pin_file.read_text(encoding="utf-8").splitlines()
            return lines[0].strip() if lines else ""
        except OSError as exc:
            raise CliError(f"cannot read the PIN file {pin_file}: {exc.strerror}") from exc
        except UnicodeDecodeError:
            raise CliError(f"the PIN file {pin_file} is not text") from None
    env = os.environ.get(PIN_ENV)
    if env is not None:
        return env.strip()
    if sys.stdin is not None and sys.stdin.isatty():
        import getpass

        return getpass.getpass("Owner PIN: ").strip()
    raise CliError(f"this command needs the owner PIN: give --pin-file FILE or set {PIN_ENV}")


def sign_in_owner(opened: venue.Venue, args: argparse.Namespace) -> ops.Actor:
    """Sign the owner in for this command. A wrong PIN counts toward the lockout like one typed
    in the application, and ends the command with one line."""
    return owner_actor(begin_owner_sign_in(opened, args))


def begin_owner_sign_in(opened: venue.Venue, args: argparse.Namespace) -> users.PendingSignIn:
    """:func:`sign_in_owner` with the PIN checked on a thread while the command reads; the
    operation decides it before writing (:func:`owner_refused` words a refusal)."""
    from boostdesk.services import ops
    from boostdesk.services import venue as venue_service

    venue_service.require_writable(opened)  # owner work writes: say so before asking the PIN
    return opened.users.begin_sign_in(owner_pin(args), role=ops.Role.OWNER)


def owner_actor(pending: users.PendingSignIn) -> ops.Actor:
    """The owner signed in by ``pending``; a refused PIN ends the command with one line."""
    from boostdesk.services import users

    try:
        return pending.actor()
    except users.AuthError as exc:
        raise owner_refused(exc) from exc


def owner_refused(exc: users.AuthError) -> CliError:
    """The one line for a refused owner PIN (wrong, or the account locked)."""
    if exc.reason == "locked":
        minutes = max(1, (exc.retry_after + 59) // 60)
        return CliError(
            f"too many wrong PINs: the owner account is locked for {minutes} more minute(s)"
        )
    return CliError("wrong owner PIN")


def _positive_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1: {value}")
    return value


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date (YYYY-MM-DD): {text!r}") from None


def resolve_data_dir(explicit: Path | None, default: Callable[[], Path]) -> Path:
    """``--data-dir``, else ``$BOOSTDESK_DATA_DIR``, else the platform default."""
    if explicit is not None:
        return explicit.expanduser()
    env = os.environ.get(DATA_DIR_ENV)
    if env:
        return Path(env).expanduser()
    return default()


def open_venue(args: argparse.Namespace) -> venue.Venue:
    """Open an existing venue for a command; a missing venue is an error, not a new empty one.

    Nothing is created on disk here; a read-only folder opens read-only (commands that only read
    work, a write fails with one line saying the folder is read-only).
    """
    from boostdesk.services import venue

    require_venue(args)
    return venue.open_venue(args.data_dir_resolved)


def require_venue(args: argparse.Namespace) -> None:
    """Raise a one-line error unless the data folder holds a venue (reads it, writes nothing)."""
    from boostdesk.services import venue

    data_dir: Path = args.data_dir_resolved
    venue.check_data_folder(data_dir, create=False)
    if not venue.is_set_up(data_dir):
        raise CliError(
            f"no venue in {data_dir}: create one with 'boostdesk demo' or start the application"
        )


def print_json(payload: Any) -> None:
    json.dump(payload, sys.stdout, ensure_ascii=False, indent=2, sort_keys=False)
    sys.stdout.write("\n")


def cmd_demo(args: argparse.Namespace) -> int:
    from boostdesk.services import demo, venue

    data_dir: Path = args.data_dir_resolved
    if not venue.check_data_folder(data_dir, create=True):
        raise CliError(f"the data folder {data_dir} is read-only: choose another with --data-dir")
    if args.force and venue.is_set_up(data_dir):
        # Replacing a venue is the owner's decision (demo.build still keeps a copy).
        opened = venue.open_venue(data_dir)
        try:
            if not opened.settings.is_demo():
                sign_in_owner(opened, args)
        finally:
            opened.close()
    try:
        summary = demo.build(
            venue.database_path(data_dir),
            customers=args.customers,
            seed=args.seed,
            as_of=args.as_of,
            target_visits=args.visits,
            force=args.force,
        )
    except demo.DemoRefused as exc:
        raise CliError(str(exc)) from exc
    except OSError as exc:
        raise CliError(f"could not write the demo venue in {data_dir}: {exc.strerror}") from exc
    print(f"Demo venue '{demo.DEMO_VENUE_NAME}' created in {data_dir}")
    print(
        f"  {summary.customers} guests, {summary.visits} visits, {summary.visit_lines} basket "
        f"lines, {summary.ledger_entries} ledger entries in {summary.seconds:.1f} s"
    )
    print(f"  owner PIN {demo.DEMO_OWNER_PIN}, cashier PIN {demo.DEMO_CASHIER_PIN}")
    if summary.replaced_copy:
        print(f"  the previous database was kept as {summary.replaced_copy}")
    return EXIT_OK


def cmd_screenshot(args: argparse.Namespace) -> int:
    from boostdesk.ui import screenshot

    try:
        width, height = (int(part) for part in args.size.lower().split("x"))
    except ValueError:
        raise CliError(f"--size takes WIDTHxHEIGHT, got {args.size!r}") from None
    if width <= 0 or height <= 0:
        raise CliError(f"--size takes WIDTHxHEIGHT, got {args.size!r}")
    require_venue(args)  # a clear error when there is none; the venue itself is only read
    # What happens on the private copy is not the venue's history: keep it out of the venue's log.
    diagnostics.configure(None, stderr_level=logging.CRITICAL + 1)
    try:
        screenshot.render(
            args.data_dir_resolved, args.page, args.out, args.lang or "tr", (width, height)
        )
    except screenshot.SizeError as exc:
        raise CliError(str(exc)) from None
    print(f"saved {args.out}")
    return EXIT_OK


def run_command(args: argparse.Namespace) -> int:
    """Run a parsed subcommand, turning expected failures into one line on stderr."""
    handler: Command = args.handler
    try:
        return handler(args)
    except CliError as exc:
        print(f"boostdesk: {exc}", file=sys.stderr)
        return EXIT_FAILURE
    except KeyboardInterrupt:
        print("boostdesk: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return EXIT_OK
    except Exception as exc:  # noqa: BLE001 - every failure becomes one line, never a traceback
        return _report_failure(exc, args.data_dir_resolved)


def _report_failure(exc: Exception, data_dir: Path) -> int:
    """One line on stderr: the storage problem in plain words, else the OS error, else a bug."""
    from boostdesk.services import venue

    problem = venue.explain(exc, data_dir)
    if problem is not None:
        logger.error("%s: %s", type(problem).__name__, problem.detail)
        print(f"boostdesk: {problem}", file=sys.stderr)
    elif isinstance(exc, OSError):
        print(f"boostdesk: {exc.strerror or exc} ({exc.filename or ''})", file=sys.stderr)
    else:  # a bug: BOOSTDESK_DEBUG=1 shows the traceback, the diagnostic log always has it
        logger.exception("unexpected %s", type(exc).__name__)
        if os.environ.get("BOOSTDESK_DEBUG"):
            raise exc
        print(f"boostdesk: unexpected error ({type(exc).__name__}: {exc})", file=sys.stderr)
    return EXIT_FAILURE


def parse(argv: Sequence[str] | None) -> argparse.Namespace:
    return build_parser().parse_args(argv)
