"""Starting the GUI: QApplication, translations, style, the venue, the main window."""

from __future__ import annotations

import ctypes
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, QEventLoop, QSettings
from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import QApplication

from boostdesk.services import venue as venue_service
from boostdesk.ui import (
    background_segmentation,
    i18n,
    main_window,
    outbox_sender,
    problem_dialog,
    startup_check,
    task_runner,
)

STYLESHEET = i18n.RESOURCES / "style.qss"
FONTS = i18n.RESOURCES / "fonts"


# glibc's mallopt parameter (malloc.h) and the size from which a block gets pages of its own.
_M_MMAP_THRESHOLD = -3
_OWN_PAGES_FROM = 256 * 1024


def return_large_blocks() -> None:
    """Blocks of 256 KiB and more (a column of 100 000 guests is 800 KB) get pages of their own,
    handed back to the system when freed, as Windows' heap does by itself. glibc's default
    raises that size up to 32 MiB once such a block is freed, so each read of the whole base (a
    page's metrics, a recompute) left the process bigger for good: a back office that had
    shown every page held about 60 MB more."""
    if not sys.platform.startswith("linux"):
        return
    try:
        libc = ctypes.CDLL("libc.so.6")
    except OSError:  # not glibc (musl …): its own policy stays
        return
    libc.mallopt(_M_MMAP_THRESHOLD, _OWN_PAGES_FROM)


def create_app(argv: list[str], lang: str) -> QApplication:
    return_large_blocks()
    app = QApplication.instance() or QApplication(argv)
    assert isinstance(app, QApplication)
    app.setApplicationName("BoostDesk")
    app.setOrganizationName("BoostDesk")
    i18n.install(app, lang)
    apply_look(app)
    return app


def apply_look(app: QApplication) -> None:
    """BoostDesk's fonts and style sheet (what every size on screen depends on)."""
    for font in sorted(FONTS.glob("*.ttf")):
        QFontDatabase.addApplicationFont(str(font))
    app.setFont(QFont("DejaVu Sans", 11))
    if STYLESHEET.exists():
        # Image URLs in the sheet are relative to resources/; Qt would read them from the cwd.
        icons = (i18n.RESOURCES / "icons").as_posix()
        app.setStyleSheet(
            STYLESHEET.read_text(encoding="utf-8").replace("url(icons/", f"url({icons}/")
        )


def wait_for(runner: task_runner.TaskRunner, op: task_runner.Op) -> Any:
    """Run ``op`` on the worker while the GUI keeps painting (with a progress dialog if it takes
    long) and return its result, or raise its error here."""
    loop = QEventLoop()
    outcome: dict[str, Any] = {}

    def finished(key: str, value: Any) -> None:
        outcome[key] = value
        loop.quit()

    runner.run(
        op.on_success(lambda value: finished("value", value)).on_failure(
            lambda exc: finished("error", exc)
        )
    )
    loop.exec()
    if "error" in outcome:
        raise outcome["error"]
    return outcome["value"]


def open_or_create(
    data_dir: Path, demo: bool, runner: task_runner.TaskRunner
) -> venue_service.Venue:
    """Open the venue in ``data_dir``; for ``demo`` build the demo venue there on first use.
    The build and any migration run on the worker, never on the GUI thread.

    The GUI saves scans and visits, so a folder it cannot write is refused (a StorageError).
    """
    # imported here, not at start-up: the backup service pulls in cryptography, the demo builder
    # its name lists (a current venue opens without either on the GUI thread's critical path)
    from boostdesk.services import backup as backup_service
    from boostdesk.services import demo as demo_service

    venue_service.check_data_folder(data_dir, create=True)
    if demo and not venue_service.is_set_up(data_dir):
        label = QCoreApplication.translate("application", "Building the demo venue…")
        wait_for(
            runner,
            task_runner.Op(demo_service.build, venue_service.database_path(data_dir)).with_progress(
                label
            ),
        )
    # A damaged database is never written to. A current one opens with its writes held and is
    # checked beside the open counter (see startup_check); one that needs a migration is checked
    # first, here, since migrating writes.
    held = venue_service.is_current(data_dir)
    if not held:
        label = QCoreApplication.translate("application", "Checking the venue's data…")
        wait_for(
            runner,
            task_runner.Op(backup_service.check_before_writing, data_dir).with_progress(label),
        )
    label = QCoreApplication.translate("application", "Opening the venue…")
    opened: venue_service.Venue = wait_for(
        runner,
        task_runner.Op(
            venue_service.open_venue, data_dir, hold_writes=held, counter=True
        ).with_progress(label),
    )
    try:
        venue_service.require_writable(opened)
    except venue_service.StorageError:
        opened.close()
        raise
    return opened


def build_window(
    data_dir: Path, *, demo: bool, runner: task_runner.TaskRunner
) -> main_window.MainWindow | None:
    """Open the venue (offering first start when empty) and build the main window."""
    opened = open_or_create(data_dir, demo, runner)
    if not demo and not opened.users.has_owner():
        from boostdesk.ui import first_start  # once per venue: kept off every other start

        dialog = first_start.FirstStartDialog(opened, runner)
        choice = dialog.exec()
        if choice == first_start.FirstStartDialog.DEMO:
            opened.close()
            demo_dir = data_dir / "demo-venue"
            opened = open_or_create(demo_dir, True, runner)
            demo = True
        elif choice != first_start.FirstStartDialog.SET_UP:
            opened.close()
            return None
    window = main_window.MainWindow(opened, runner, demo=demo)
    if opened.writes_held:
        startup_check.StartupCheck(opened, window)  # the window's child: see started_check()
    return window


def started_check(window: main_window.MainWindow) -> startup_check.StartupCheck | None:
    """The start-up check :func:`build_window` started beside the window, if any."""
    return window.findChild(startup_check.StartupCheck)


def start_background_work(
    window: main_window.MainWindow, runner: task_runner.TaskRunner
) -> background_segmentation.BackgroundSegmentation:
    """What the app does by itself while it is open: keep the segments current (at start when
    stale, at local midnight, after an import), off the GUI thread; and send the outbox's
    e-mails (ui/outbox_sender.py) on a worker of its own."""
    background = background_segmentation.BackgroundSegmentation(window.venue, runner, window)
    sender = outbox_sender.OutboxSender(window.venue, window)
    runner.changes_applied.connect(sender.on_runner_changes_applied)
    background.start()
    sender.start()
    return background


def stop_background_work(window: main_window.MainWindow) -> None:
    """Stop the outbox sender's timer and worker (an attempt under way finishes)."""
    for sender in window.findChildren(outbox_sender.OutboxSender):
        sender.stop()


def after_check(
    window: main_window.MainWindow,
    runner: task_runner.TaskRunner,
    data_dir: Path,
    error: BaseException | None,
) -> None:
    """The start-up check is done: start the background work, or, for a damaged file, say so
    (as a failed opening does) and quit with exit code 1."""
    if error is None:
        start_background_work(window, runner)
        return
    problem = venue_service.explain(error, data_dir)
    print(f"boostdesk: {problem or error}", file=sys.stderr)
    if problem is not None:
        problem_dialog.storage_problem_box(problem).exec()
    QApplication.exit(1)


def run(
    *,
    data_dir: Path,
    lang: str,
    demo: bool,
    reader_port: str | None,
    argv: list[str],
    on_venue_opened: Callable[[Path], object] | None = None,
) -> int:
    """Start the GUI; a venue that cannot be opened is one translated dialog (the technical
    detail folded below) and one line on stderr, exit code 1."""
    app = create_app(argv, lang)
    runner = task_runner.TaskRunner()
    try:
        window = build_window(data_dir, demo=demo, runner=runner)
    except Exception as exc:  # noqa: BLE001 - a storage problem is told; anything else re-raised
        problem = venue_service.explain(exc, data_dir)
        runner.stop()
        if problem is None:
            raise
        print(f"boostdesk: {problem}", file=sys.stderr)
        problem_dialog.storage_problem_box(problem).exec()
        return 1
    if window is None:
        runner.stop()
        return 0
    if on_venue_opened is not None:
        on_venue_opened(window.venue.data_dir)
    window.show_on_screen()
    port = reader_port or str(QSettings().value("reader/port", "") or "")
    window.start_reader(port or None, simulated=demo and not port)
    window.counter.focus_scan()
    check = started_check(window)
    if check is None:
        start_background_work(window, runner)
    else:
        check.when_done(lambda error: after_check(window, runner, data_dir, error))
    code = app.exec()
    stop_background_work(window)
    runner.stop()
    window.venue.close()
    return code
