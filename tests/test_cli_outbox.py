"""`boostdesk outbox send --smtp HOST:PORT --json` and `outbox export` as a user runs them,
against a real SMTP server on 127.0.0.1."""

from __future__ import annotations

import csv
import io
import json
import os
import shutil
import socket
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from boostdesk.services import venue

_SMTPD = pytest.importorskip("aiosmtpd.controller", reason="run: pip install -e '.[test]'")


def run(*args: str, pin: str | None = "1234") -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in ("BOOSTDESK_DATA_DIR", "BOOSTDESK_PIN")}
    if pin is not None:
        env["BOOSTDESK_PIN"] = pin
    return subprocess.run(
        [sys.executable, "-m", "boostdesk", *args],
        capture_output=True,
        text=True,
        timeout=300,
        env=env,
    )


class Collect:
    def __init__(self) -> None:
        self.message_ids: list[str] = []

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd's hook
        headers = envelope.content.split(b"\r\n\r\n", 1)[0].decode()
        (message_id,) = [h for h in headers.split("\r\n") if h.startswith("Message-ID:")]
        self.message_ids.append(message_id)
        return "250 OK"


@pytest.fixture(scope="module")
def demo_built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("outbox-demo")
    result = run("demo", "--data-dir", str(folder), "--customers", "1500", "--seed", "5", pin=None)
    assert result.returncode == 0, result.stderr
    result = run("scenarios", "run", "--data-dir", str(folder))
    assert result.returncode == 0, result.stderr
    return folder


@pytest.fixture
def demo_dir(demo_built: Path, tmp_path: Path) -> Path:
    folder = tmp_path / "demo"
    folder.mkdir()
    shutil.copy(venue.database_path(demo_built), venue.database_path(folder))
    return folder


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _count(folder: Path, sql: str) -> int:
    conn = sqlite3.connect(venue.database_path(folder))
    try:
        return int(conn.execute(sql).fetchone()[0])
    finally:
        conn.close()


def test_send_delivers_each_queued_email_once(demo_dir: Path):
    emails = _count(demo_dir, "SELECT COUNT(*) FROM outbox WHERE channel = 'email'")
    assert emails > 0
    handler = Collect()
    port = _free_port()
    controller = _SMTPD.Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        first = run(
            "outbox", "send", "--smtp", f"127.0.0.1:{port}", "--json", "--data-dir", str(demo_dir)
        )
        second = run(
            "outbox", "send", "--smtp", f"127.0.0.1:{port}", "--json", "--data-dir", str(demo_dir)
        )
    finally:
        controller.stop()
    assert first.returncode == 0, first.stderr
    assert json.loads(first.stdout) == {"sent": emails, "failed": 0, "queued": 0}
    assert json.loads(second.stdout) == {"sent": 0, "failed": 0, "queued": 0}
    # each message once (a guest met by two scenarios gets two different messages)
    assert len(handler.message_ids) == emails == len(set(handler.message_ids))


def test_send_without_a_server_keeps_everything_queued(demo_dir: Path):
    emails = _count(demo_dir, "SELECT COUNT(*) FROM outbox WHERE channel = 'email'")
    result = run(
        "outbox",
        "send",
        "--smtp",
        f"127.0.0.1:{_free_port()}",
        "--json",
        "--data-dir",
        str(demo_dir),
    )
    assert result.returncode == 0, result.stderr
    payload = json.loads(result.stdout)
    assert payload["sent"] == 0 and payload["queued"] >= emails and payload["failed"] == emails
    unset = run("outbox", "send", "--json", "--data-dir", str(demo_dir))
    assert unset.returncode == 1 and unset.stderr.count("\n") == 1 and "SMTP" in unset.stderr
    wrong = run("outbox", "send", "--smtp", "nonsense", "--data-dir", str(demo_dir))
    assert wrong.returncode == 2


def test_sms_and_iys_exports(demo_dir: Path, tmp_path: Path):
    sms = _count(demo_dir, "SELECT COUNT(*) FROM outbox WHERE channel = 'sms'")
    out = tmp_path / "sms.csv"
    result = run("outbox", "export", "sms", "--out", str(out), "--data-dir", str(demo_dir))
    assert result.returncode == 0, result.stderr
    rows = list(csv.reader(io.StringIO(out.read_text(encoding="utf-8-sig"))))
    assert rows[0] == ["phone", "language", "message"] and len(rows) == sms + 1
    again = run("outbox", "export", "sms", "--out", str(out), "--data-dir", str(demo_dir))
    assert again.returncode == 0 and len(out.read_text(encoding="utf-8-sig").splitlines()) == 1
    iys = tmp_path / "iys.csv"
    result = run("outbox", "export", "iys", "--out", str(iys), "--data-dir", str(demo_dir))
    assert result.returncode == 0, result.stderr
    rows = list(csv.reader(io.StringIO(iys.read_text(encoding="utf-8-sig"))))
    assert rows[0][:4] == ["ALICI", "TIP", "KAYNAK", "DURUM"]
    assert {r[1] for r in rows[1:]} <= {"MESAJ", "EPOSTA", "ARAMA"}
    assert {r[3] for r in rows[1:]} <= {"ONAY", "RET"}
