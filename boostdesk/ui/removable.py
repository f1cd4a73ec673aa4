"""Noticing a USB stick being plugged in, so the back office can offer a backup onto it.

Linux desktops mount sticks under ``/media/$USER`` or ``/run/media/$USER``; Windows gives them a
drive letter of type "removable". The watcher looks every two seconds (cheap: a directory
listing) and reports sticks that appeared or went away. Choosing a folder by hand always works.
"""

from __future__ import annotations

import getpass
import os
import string
import sys
from collections.abc import Iterable
from pathlib import Path

from PySide6.QtCore import QObject, QTimer, Signal, Slot

POLL_MS = 2000
_DRIVE_REMOVABLE = 2


def default_roots() -> list[Path]:
    """Where this system mounts removable media for the current user."""
    try:
        user = getpass.getuser()
    except (KeyError, OSError):
        user = ""
    roots = [Path("/media") / user, Path("/run/media") / user] if user else []
    return [*roots, Path("/media")] if sys.platform.startswith("linux") else roots


def mounted(roots: Iterable[Path]) -> set[Path]:
    """The writable folders mounted directly under ``roots`` (and Windows' removable drives)."""
    found: set[Path] = set()
    for root in roots:
        try:
            children = list(root.iterdir())
        except OSError:
            continue
        for child in children:
            if child.is_dir() and os.path.ismount(child) and os.access(child, os.W_OK):
                found.add(child)
    return found | _windows_removable()


def _windows_removable() -> set[Path]:
    if sys.platform != "win32":
        return set()
    import ctypes

    kernel = getattr(ctypes, "windll").kernel32  # noqa: B009 (exists on Windows only)
    mask = kernel.GetLogicalDrives()
    drives = set()
    for index, letter in enumerate(string.ascii_uppercase):
        if mask & (1 << index):
            root = f"{letter}:\\"
            if kernel.GetDriveTypeW(root) == _DRIVE_REMOVABLE:
                drives.add(Path(root))
    return drives


class RemovableWatcher(QObject):
    """Emits ``drive_added(path)`` / ``drive_removed(path)`` as sticks come and go."""

    drive_added = Signal(str)
    drive_removed = Signal(str)

    def __init__(self, roots: list[Path] | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.roots = roots if roots is not None else default_roots()
        self.known = mounted(self.roots)  # sticks already there at start are not "new"
        self.timer = QTimer(self, interval=POLL_MS)
        self.timer.timeout.connect(self.on_timer_timeout)
        self.timer.start()

    def present(self) -> list[Path]:
        return sorted(self.known)

    @Slot()
    def on_timer_timeout(self) -> None:
        now = mounted(self.roots)
        for gone in sorted(self.known - now):
            self.drive_removed.emit(str(gone))
        for new in sorted(now - self.known):
            self.drive_added.emit(str(new))
        self.known = now
