"""The diagnostic log: a rotating file in the data folder, set up by the composition root.

``DATA_DIR/logs/boostdesk.log`` (1 MB, 3 older files kept), readable by the OS user only. It holds
ids, counts, states and reason words; never names, phones, e-mails or card numbers. To keep it so
whatever a message says, exceptions are written as their type and the places they passed through,
never their text (a message such as "not an amount: 'Ayşe'" may quote what was typed).
"""

from __future__ import annotations

import logging
import logging.handlers
import os
import traceback
from pathlib import Path
from types import TracebackType

LOG_DIRNAME = "logs"
LOG_FILENAME = "boostdesk.log"
MAX_BYTES = 1_000_000
BACKUP_COUNT = 3
_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"
_PRIVATE_FILE = 0o600
_PRIVATE_FOLDER = 0o700

ExcInfo = tuple[type[BaseException], BaseException, TracebackType | None]


class _PrivateRotatingFileHandler(logging.handlers.RotatingFileHandler):
    """A rotating log whose files are created readable by the OS user only."""

    def _open(self):  # type: ignore[no-untyped-def]  # logging's own untyped hook
        # The folder appears with the first record: a command that logs nothing leaves no trace.
        folder = Path(self.baseFilename).parent
        folder.mkdir(mode=_PRIVATE_FOLDER, exist_ok=True)
        os.chmod(folder, _PRIVATE_FOLDER)
        fd = os.open(self.baseFilename, os.O_WRONLY | os.O_CREAT | os.O_APPEND, _PRIVATE_FILE)
        os.fchmod(fd, _PRIVATE_FILE)
        return open(fd, self.mode.replace("w", "a"), encoding=self.encoding, errors=self.errors)  # noqa: SIM115

    def handleError(self, record: logging.LogRecord) -> None:  # noqa: N802 - logging's hook
        # A log that cannot be written (the disk is full) must not print a traceback over the
        # one-line message the user gets; the record is lost, the program goes on.
        return


class _StderrHandler(logging.StreamHandler):  # type: ignore[type-arg]
    """The console handler (a class of its own, so configuring twice does not add a second)."""


class _NoTextFormatter(logging.Formatter):
    """Exceptions as type and places only (see the module docstring)."""

    def format(self, record: logging.LogRecord) -> str:
        # Another handler may already have cached the full exception text on the record.
        cached = record.exc_text
        record.exc_text = self.formatException(record.exc_info) if record.exc_info else None
        try:
            return super().format(record)
        finally:
            record.exc_text = cached

    def formatException(self, ei: ExcInfo | tuple[None, None, None]) -> str:  # noqa: N802
        kind, error, tb = ei
        if kind is None or error is None:
            return ""
        lines = ["Traceback (type and places only):"]
        for frame in traceback.extract_tb(tb):
            lines.append(f"  {frame.filename}:{frame.lineno} in {frame.name}")
        chain = [type(error).__name__]
        cause = error.__cause__ or error.__context__
        while cause is not None and len(chain) < 5:
            chain.append(type(cause).__name__)
            cause = cause.__cause__ or cause.__context__
        lines.append(" <- ".join(chain))
        return "\n".join(lines)


def log_path(data_dir: Path) -> Path:
    return data_dir / LOG_DIRNAME / LOG_FILENAME


def configure(
    data_dir: Path | None, *, level: int = logging.INFO, stderr_level: int = logging.WARNING
) -> Path | None:
    """``stderr_level`` and above to stderr; with a writable ``data_dir``, ``level`` and above to
    its log file (the command line passes a stderr level above CRITICAL: it reports its own one
    line).

    Returns the log file's path, or None when the folder is missing, not a folder or read-only
    (nothing is created there then). Calling it again replaces the earlier file handler.
    """
    root = logging.getLogger()
    for handler in list(root.handlers):
        if isinstance(handler, _PrivateRotatingFileHandler):
            root.removeHandler(handler)
            handler.close()
    stderr = next((h for h in root.handlers if isinstance(h, _StderrHandler)), None)
    if stderr is None:
        stderr = _StderrHandler()
        stderr.setFormatter(_NoTextFormatter("%(levelname)s %(name)s: %(message)s"))
        root.addHandler(stderr)
    stderr.setLevel(stderr_level)
    root.setLevel(min(level, stderr_level))
    if data_dir is None or not data_dir.is_dir() or not os.access(data_dir, os.W_OK):
        return None
    path = log_path(data_dir)
    handler = _PrivateRotatingFileHandler(
        path, maxBytes=MAX_BYTES, backupCount=BACKUP_COUNT, encoding="utf-8", delay=True
    )
    handler.setLevel(level)
    handler.setFormatter(_NoTextFormatter(_FORMAT))
    root.addHandler(handler)
    return path


def stop() -> None:
    """Remove and close the handlers :func:`configure` added (tests; the end of the process)."""
    root = logging.getLogger()
    for handler in list(root.handlers):
        if isinstance(handler, _PrivateRotatingFileHandler | _StderrHandler):
            root.removeHandler(handler)
            handler.close()
