"""Rendering a GUI page offscreen to PNG (``boostdesk screenshot``), for docs and visual checks."""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from boostdesk.services import venue as venue_service
    from boostdesk.ui import main_window


def pages() -> tuple[str, ...]:
    """What ``--page`` accepts: the counter, a guest at the counter, the back office's PIN gate,
    and every back-office section of this build (``dashboard`` is the first one when the build
    has no section of that name)."""
    from boostdesk.ui.backoffice import registry

    sections = registry.keys()
    return (
        "counter",
        "guest",
        "backoffice",
        *sections,
        *(() if "dashboard" in sections else ("dashboard",)),
    )


class SizeError(ValueError):
    """The window cannot be shown at the size asked for (it needs more room)."""


def render(data_dir: Path, page: str, out: Path, lang: str, size: tuple[int, int]) -> None:
    """Open the venue in ``data_dir``, show ``page`` and save the window as PNG to ``out``."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

    from boostdesk.services import ops
    from boostdesk.services import venue as venue_service
    from boostdesk.ui import application, main_window, task_runner

    _quiet_offscreen_notice()
    app = application.create_app(["boostdesk"], lang)
    runner = task_runner.TaskRunner()
    busy = runner.is_busy
    # A private copy: showing a guest logs a scan, and a screenshot never writes to the venue.
    opened = venue_service.open_copy(data_dir)
    try:
        window = main_window.MainWindow(opened, runner, demo=opened.settings.is_demo())
        window.resize(*size)
        window.show()
        # A preview of what a signed-in user sees; no PIN is asked, nothing is recorded as theirs.
        preview = ops.Actor(None, "BoostDesk", ops.Role.OWNER)
        window.counter.on_signed_in(preview)
        if page == "guest":
            window.counter.lookup(guest_card(opened))
            _settle(busy, until=lambda: window.counter.guest is not None)
            _apply_open_voucher(window, busy)
        elif page == "backoffice":
            window.show_page(1)
        else:
            window.show_page(1)
            window.backoffice.on_signed_in(preview)
            if page in window.backoffice.keys():  # noqa: SIM118 (a method, not a dict)
                window.backoffice.navigate(page)
        # a section with work of its own (a live preview) says when it shows its final picture
        settled = getattr(window.backoffice.sections.get(page), "is_settled", lambda: True)
        _settle(busy, until=settled)
        shown = (window.width(), window.height())
        if shown != size:
            # Qt grows a window to its minimum size; a PNG of another size would mislead.
            raise SizeError(
                f"the window needs at least {shown[0]}×{shown[1]}; it cannot be rendered at "
                f"{size[0]}×{size[1]}"
            )
        out.parent.mkdir(parents=True, exist_ok=True)
        if not window.grab().save(str(out)):
            raise OSError(f"could not write {out}")
        window.close()
    finally:
        runner.stop()
        opened.close()
        del app


def _quiet_offscreen_notice() -> None:
    """Drop the offscreen platform's "does not support propagateSizeHints()" notice (it says
    nothing about the picture), so a failed screenshot stays one line on stderr."""
    from PySide6.QtCore import QtMsgType, qInstallMessageHandler

    def handler(kind: QtMsgType, context: object, text: str) -> None:
        if "propagateSizeHints" not in text:
            sys.stderr.write(text + "\n")

    qInstallMessageHandler(handler)


def _settle(busy: Callable[[], bool], until: Callable[[], bool] = lambda: True) -> None:
    """Let the task runner finish what the page asked for, and ``until`` hold (10 s at most)."""
    from PySide6.QtCore import QCoreApplication

    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        QCoreApplication.processEvents()
        if not busy() and until():
            QCoreApplication.processEvents()
            break
        time.sleep(0.01)


def _apply_open_voucher(window: main_window.MainWindow, busy: Callable[[], bool]) -> None:
    """Scan the shown guest's first open voucher, as a cashier would hand it in."""
    guest = window.counter.guest
    if guest is not None and guest.vouchers:
        window.counter.duplicates.window_s = 0
        window.counter.lookup(guest.vouchers[0].code)
        _settle(busy, until=lambda: window.counter.form.voucher is not None)


def guest_card(opened: venue_service.Venue) -> str:
    """A card worth showing: a loyal regular who came this week (else any active card)."""
    return opened.guests.showcase_card() or ""
