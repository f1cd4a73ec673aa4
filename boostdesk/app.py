"""Composition root: parse arguments, open the venue, build services and adapters, start Qt."""

from __future__ import annotations

import argparse
import logging
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from boostdesk import cli, diagnostics

APP_NAME = "BoostDesk"
DEMO_FOLDER = "demo-venue"


def default_data_dir() -> Path:
    """The per-user application data folder of the OS (from Qt's QStandardPaths)."""
    from PySide6.QtCore import QCoreApplication, QStandardPaths

    QCoreApplication.setOrganizationName(APP_NAME)
    QCoreApplication.setApplicationName(APP_NAME)
    location = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.AppDataLocation)
    return Path(location)


def main(argv: Sequence[str] | None = None) -> int:
    args = cli.parse(argv)
    args.data_dir_resolved = cli.resolve_data_dir(args.data_dir, default_data_dir)
    if args.command:
        # numpy is not imported yet: a command's arrays are columns worked on element-wise, and
        # OpenBLAS's thread pool (started when numpy is imported) would only cost a short-lived
        # process ~80 ms of CPU on spinning threads. The user's own setting wins.
        os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
        # A command reports its own one line on stderr; the log file (if the folder is usable)
        # keeps the details.
        diagnostics.configure(args.data_dir_resolved, stderr_level=logging.CRITICAL + 1)
        return cli.run_command(args)
    diagnostics.configure(None)
    return run_gui(args)


def run_gui(args: argparse.Namespace) -> int:
    from boostdesk.ui import application

    data_dir: Path = args.data_dir_resolved
    if args.demo and args.data_dir is None:
        data_dir = data_dir / DEMO_FOLDER
    return application.run(
        data_dir=data_dir,
        lang=args.lang or "tr",
        demo=bool(args.demo),
        reader_port=args.reader,
        argv=sys.argv[:1],
        on_venue_opened=diagnostics.configure,
    )


if __name__ == "__main__":
    sys.exit(main())
