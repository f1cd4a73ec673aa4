"""Data is shown as text, never interpreted: a name full of HTML stays a name."""

from __future__ import annotations

import uuid
from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QLabel

from boostdesk.domain import codes
from boostdesk.services import checkout, venue
from boostdesk.ui import main_window, task_runner

HTML_NAME = "<h1 style='color:red'>KASA KAPALI</h1>"


@pytest.fixture
def runner() -> Iterator[task_runner.TaskRunner]:
    worker = task_runner.TaskRunner()
    yield worker
    worker.stop()


def _red_pixels(image: QImage) -> int:
    red = 0
    for y in range(0, image.height(), 2):
        for x in range(0, image.width(), 2):
            colour = image.pixelColor(x, y)
            red += colour.red() > 200 and colour.green() < 80 and colour.blue() < 80
    return red


def test_a_guest_named_with_html_shows_literally_everywhere(
    qtbot, demo_venue: venue.Venue, runner: task_runner.TaskRunner, turkish, sign_in_at_till
) -> None:  # type: ignore[no-untyped-def]
    card = codes.card_number(8_888_888)
    cashier = demo_venue.users.sign_in("0000")
    form = checkout.Enrolment(first_name=HTML_NAME)
    customer_id = demo_venue.checkout.enrol(cashier, card, form).value
    draft = checkout.VisitDraft(customer_id, None, 4_500, uuid.uuid4().hex)
    demo_venue.checkout.record_visit(cashier, draft)
    window = main_window.MainWindow(demo_venue, runner, demo=False)
    qtbot.addWidget(window)
    window.resize(1366, 768)
    window.show()
    sign_in_at_till(window)
    counter = window.counter
    with qtbot.waitSignal(counter.guest_shown, timeout=3000):
        counter.lookup(card)
    counter.refresh_today()
    qtbot.waitUntil(
        lambda: any(label.text() == HTML_NAME for label in counter.today.findChildren(QLabel)),
        timeout=3000,
    )
    showing = [label for label in window.findChildren(QLabel) if "KASA KAPALI" in label.text()]
    # the guest panel's name, today's list and the welcome/message line at least
    assert counter.panel.name_label in showing and len(showing) >= 2
    for label in showing:
        assert label.textFormat() == Qt.TextFormat.PlainText, label.objectName()
        assert "<h1" in label.text()
    assert counter.panel.name_label.text() == HTML_NAME
    assert _red_pixels(counter.panel.name_label.grab().toImage()) == 0
    # as a heading the name would be far taller than one line of the name font
    assert counter.panel.name_label.sizeHint().height() < 80
