"""The real app under a real X server: Xvfb, the app as a subprocess on Qt's xcb platform, and
xdotool typing real X11 key events into its window.

These tests never skip: on a machine without Xvfb or xdotool they fail and say what to install
(``.ci/run`` installs them).
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from boostdesk.services import demo, venue

SCREEN = (1366, 768)
# xdotool and the X server stand in for a scanner, whose key times a busy computer does not
# stretch (the kernel stamps a USB key when it arrives; Xvfb stamps an XTEST key when it gets
# round to it). Run them ahead of other work where we may (as root, as in CI).
SCANNER_PRIORITY = ("nice", "-n", "-15") if os.geteuid() == 0 else ()
TOOLS = ("Xvfb", "xdotool")


@dataclass
class XServer:
    display: str

    def env(self) -> dict[str, str]:
        env = dict(os.environ)
        env.update(DISPLAY=self.display, QT_QPA_PLATFORM="xcb")
        return env

    def xdotool(self, *args: str, timeout: float = 20) -> str:
        done = subprocess.run(
            [*SCANNER_PRIORITY, "xdotool", *args],
            env=self.env(),
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )
        if done.returncode != 0:
            raise AssertionError(f"xdotool {' '.join(args)} failed: {done.stderr.strip()}")
        return done.stdout.strip()


@pytest.fixture(scope="session")
def xserver(tmp_path_factory: pytest.TempPathFactory) -> Iterator[XServer]:
    """An Xvfb screen of 1366×768 on a free display number (Xvfb picks it: ``-displayfd``)."""
    missing = [tool for tool in TOOLS if shutil.which(tool) is None]
    if missing:
        pytest.fail(
            f"end-to-end tests need {', '.join(missing)} (Debian: apt-get install xvfb xdotool)",
            pytrace=False,
        )
    read_end, write_end = os.pipe()
    log = tmp_path_factory.mktemp("xvfb") / "xvfb.log"
    with log.open("wb") as log_file:
        server = subprocess.Popen(
            [
                *SCANNER_PRIORITY,
                "Xvfb",
                "-displayfd",
                str(write_end),
                "-screen",
                "0",
                "{}x{}x24".format(*SCREEN),
                "-nolisten",
                "tcp",
            ],
            pass_fds=(write_end,),
            stdout=log_file,
            stderr=subprocess.STDOUT,
        )
    os.close(write_end)
    with os.fdopen(read_end) as numbers:
        number = numbers.readline().strip()
    if not number:
        server.kill()
        pytest.fail(f"Xvfb did not start: {log.read_text(errors='replace')[-500:]}", pytrace=False)
    try:
        yield XServer(f":{number}")
    finally:
        server.terminate()
        server.wait(timeout=10)


@dataclass
class RunningApp:
    """The BoostDesk GUI as a subprocess, its window id, and its venue's database (read-only)."""

    x: XServer
    process: subprocess.Popen[bytes]
    window: str
    data_dir: Path
    log: Path

    def type(self, text: str, delay_ms: int) -> None:
        """Type ``text`` with ``xdotool type --delay`` into the focused window, ``\\n`` as Enter.

        One xdotool run (commands chained), so the Enter follows the last digit as closely as
        a scanner's does. Not ``type "\\n"``: xdotool types that as Linefeed, not Return. Not
        ``--window``: xdotool would then send synthetic events instead of going through XTEST
        like a real keyboard (or a wedge scanner) does.
        """
        self.check_alive()
        args: list[str] = []
        for index, part in enumerate(text.split("\n")):
            if index:
                args += ["key", "Return"]
            if part:
                args += ["type", "--args", "1", "--delay", str(delay_ms), part]
        self.x.xdotool(*args)

    def key(self, *names: str) -> None:
        self.check_alive()
        self.x.xdotool("key", "--delay", "150", *names)

    def query(self, sql: str, params: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
        uri = venue.database_path(self.data_dir).as_uri() + "?mode=ro"
        with sqlite3.connect(uri, uri=True, timeout=10) as db:
            return db.execute(sql, params).fetchall()

    def wait_for(self, condition: Callable[[], bool], what: str, timeout: float = 15) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            self.check_alive()
            if condition():
                return
            time.sleep(0.05)
        raise AssertionError(f"timed out waiting for {what}")

    def check_alive(self) -> None:
        if self.process.poll() is not None:
            raise AssertionError(
                f"the app exited ({self.process.returncode}): "
                + self.log.read_text(errors="replace")[-2000:]
            )


def build_demo(data_dir: Path) -> None:
    subprocess.run(
        [
            sys.executable,
            "-m",
            "boostdesk",
            "demo",
            "--customers",
            "200",
            "--data-dir",
            str(data_dir),
        ],
        check=True,
        capture_output=True,
        timeout=120,
    )


def start_app(x: XServer, data_dir: Path, home: Path, lang: str = "en") -> RunningApp:
    """Start ``python -m boostdesk`` on the X server and give its window the keyboard focus."""
    env = x.env()
    env["XDG_CONFIG_HOME"] = str(home / "config")  # this machine's QSettings: none yet
    env["XDG_DATA_HOME"] = str(home / "data")
    log = home / "app.log"
    with log.open("wb") as log_file:
        process = subprocess.Popen(
            [sys.executable, "-m", "boostdesk", "--data-dir", str(data_dir), "--lang", lang],
            env=env,
            stdout=log_file,
            stderr=subprocess.STDOUT,
        )
    app = RunningApp(x, process, "", data_dir, log)
    try:
        app.window = _find_window(app, "BoostDesk", timeout=60)
        x.xdotool("windowfocus", "--sync", app.window)
        app.wait_for(
            lambda: x.xdotool("getwindowfocus") == app.window, "the window to get the focus"
        )
        time.sleep(0.5)  # let Qt activate the window and put the focus in the PIN field
        signed_in = "SELECT COUNT(*) FROM audit_log WHERE action = 'user.sign_in'"
        before = app.query(signed_in)[0][0]
        app.type(demo.DEMO_CASHIER_PIN + "\n", 120)  # the till opens on its sign-in screen
        app.wait_for(lambda: app.query(signed_in)[0][0] > before, "the cashier to be signed in")
        time.sleep(0.3)  # the counter replaces the sign-in screen and focuses the scan field
    except BaseException:
        stop_app(app)
        raise
    return app


def _find_window(app: RunningApp, name: str, timeout: float) -> str:
    """The id of the app's visible window called ``name``, once it is mapped.

    Not ``search --sync``: xdotool walks the whole window tree, and a window that Qt creates or
    destroys during the walk (a tooltip, the sign-in screen being replaced) ends the search in an
    X error ("BadWindow"). Searching again a moment later is the remedy.
    """
    deadline = time.monotonic() + timeout
    last_error = ""
    while time.monotonic() < deadline:
        app.check_alive()
        try:
            found = app.x.xdotool("search", "--onlyvisible", "--name", name, timeout=10)
        except AssertionError as error:  # no window yet (exit 1) or an X error mid-walk
            last_error = str(error)
        else:
            if found:
                return found.splitlines()[0]
        time.sleep(0.2)
    raise AssertionError(f"no window named {name!r} appeared: {last_error}")


def stop_app(app: RunningApp) -> None:
    if app.process.poll() is None:
        app.process.terminate()
        try:
            app.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            app.process.kill()
            app.process.wait()


@pytest.fixture(scope="module")
def till(xserver: XServer, tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningApp]:
    """One app start shared by a module's cases, on a fresh 200-guest demo venue."""
    home = tmp_path_factory.mktemp("till")
    data_dir = home / "venue"
    build_demo(data_dir)
    app = start_app(xserver, data_dir, home)
    yield app
    stop_app(app)
