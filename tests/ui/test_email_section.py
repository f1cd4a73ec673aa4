"""The E-mail section as the owner uses it (Turkish back office on the demo venue): the server is
saved as an audited owner operation, the password goes to its private file and is never shown
back, the test message reaches a real server on 127.0.0.1 through STARTTLS and sign-in, and a
refused password is said plainly in Turkish."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from boostdesk.services import smtp
from boostdesk.ui.backoffice import mail, shell

pytest.importorskip("aiosmtpd.controller", reason="run: pip install -e '.[test]'")
import smtp_servers  # noqa: E402 - after the skip above (tests/smtp_servers.py)


def _open(qtbot, office: shell.BackOfficePage) -> mail.EmailSection:  # type: ignore[no-untyped-def]
    office.navigate("email")
    page = office.section("email")
    assert isinstance(page, mail.EmailSection)
    qtbot.waitUntil(lambda: page.queue_label.text() != "", timeout=10_000)
    return page


def _fill(page: mail.EmailSection, port: int, cert: Path, password: str) -> None:
    page.host_edit.setText("127.0.0.1")
    page.port_spin.setValue(port)
    page.starttls_box.setChecked(True)
    page.user_edit.setText(smtp_servers.USER)
    page.password_edit.setText(password)
    page.sender_edit.setText(smtp_servers.USER)
    page.ca_edit.setText(str(cert))


def test_saving_keeps_the_password_out_of_sight_and_the_test_message_arrives(
    qtbot, office, tmp_path
) -> None:  # type: ignore[no-untyped-def]
    page = _open(qtbot, office)
    venue = office.context.venue
    assert page.password_edit.placeholderText() == "kayıtlı değil"
    with smtp_servers.tls_server(tmp_path) as (mailbox, port, cert):
        _fill(page, port, cert, smtp_servers.PASSWORD)
        qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: page.status.text() == "Kaydedildi.", timeout=10_000)
        qtbot.waitUntil(lambda: page.password_edit.placeholderText() != "kayıtlı değil")
        assert venue.settings.get("smtp.host") == "127.0.0.1"
        assert venue.settings.get("smtp.port") == port
        assert venue.settings.get("smtp.ca_file") == str(cert)
        assert page.password_edit.text() == ""  # never shown back
        assert page.password_edit.placeholderText() == "kayıtlı — değiştirmek için yazın"
        path = venue.data_dir / smtp.PASSWORD_FILE
        assert path.read_text(encoding="utf-8") == smtp_servers.PASSWORD
        (detail,) = venue.store.execute(
            "SELECT detail FROM audit_log WHERE action = 'smtp.configure'"
        ).fetchone()
        assert "smtp.host" in detail and "password" in detail
        assert smtp_servers.PASSWORD not in detail

        page.test_edit.setText("sahip@example.com")
        qtbot.mouseClick(page.test_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(page.test_button.isEnabled, timeout=15_000)
        assert page.test_status.property("error") is False, page.test_status.text()
        assert [rcpt for rcpt, _ in mailbox.messages] == [["sahip@example.com"]]
        assert mailbox.sign_ins == [(smtp_servers.USER, True)]


def test_a_refused_password_is_said_in_turkish_and_nothing_is_saved(
    qtbot, office, tmp_path
) -> None:  # type: ignore[no-untyped-def]
    page = _open(qtbot, office)
    venue = office.context.venue
    with smtp_servers.tls_server(tmp_path) as (mailbox, port, cert):
        _fill(page, port, cert, "yanlış")
        page.test_edit.setText("sahip@example.com")
        qtbot.mouseClick(page.test_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(page.test_button.isEnabled, timeout=15_000)
    assert page.test_status.property("error") is True
    assert (
        page.test_status.text() == "E-posta sunucusu kullanıcı adını ya da parolayı kabul etmedi."
    )
    assert mailbox.messages == [] and mailbox.sign_ins == [(smtp_servers.USER, False)]
    # the test tried the form; nothing was stored by it
    assert venue.settings.get("smtp.host") in (None, "")
    assert not (venue.data_dir / smtp.PASSWORD_FILE).exists()


def test_the_form_refuses_a_missing_server_before_anything_runs(qtbot, office) -> None:  # type: ignore[no-untyped-def]
    page = _open(qtbot, office)
    page.host_edit.clear()
    qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)
    assert page.status.property("error") is True
    assert page.status.text() == "E-posta sunucusunun adresini yazın."
