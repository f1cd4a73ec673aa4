"""Shared fixtures: real SQLite files in tmp_path, real demo venues, headless Qt."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterator
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from boostdesk.services import demo, venue  # noqa: E402

AS_OF = dt.date(2026, 11, 24)


@pytest.fixture
def turkish(qapp):  # type: ignore[no-untyped-def]
    """The application in Turkish (BoostDesk's and Qt's own translations, Turkish locale)."""
    from PySide6.QtCore import QCoreApplication, QLocale

    from boostdesk.ui import i18n

    translators = i18n.install(qapp, "tr")
    yield
    for translator in translators:
        QCoreApplication.removeTranslator(translator)
    QLocale.setDefault(QLocale.c())


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    path = tmp_path / "venue"
    path.mkdir()
    return path


@pytest.fixture
def empty_venue(data_dir: Path) -> Iterator[venue.Venue]:
    """A new, migrated, empty venue database in a temporary folder."""
    opened = venue.open_venue(data_dir)
    yield opened
    opened.close()


@pytest.fixture(scope="session")
def demo_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A 600-guest demo venue built once per test session (copied by ``demo_venue``)."""
    folder = tmp_path_factory.mktemp("demo-template")
    # Without stored segments: the segmentation tests start from a venue never segmented.
    demo.build(venue.database_path(folder), customers=600, seed=7, as_of=AS_OF, segment=False)
    return folder


@pytest.fixture
def demo_venue(demo_template: Path, data_dir: Path) -> Iterator[venue.Venue]:
    """A private copy of the small demo venue, opened."""
    import shutil

    shutil.copy(venue.database_path(demo_template), venue.database_path(data_dir))
    opened = venue.open_venue(data_dir)
    yield opened
    opened.close()


DEMO_CASHIER_PIN = "0000"


@pytest.fixture
def sign_in_at_till(qtbot):  # type: ignore[no-untyped-def]
    """``sign_in_at_till(window, pin)``: the cashier types the PIN at the till and is signed in."""
    from PySide6.QtCore import Qt

    def sign_in(window, pin: str = DEMO_CASHIER_PIN) -> None:  # type: ignore[no-untyped-def]
        counter = window.counter
        with qtbot.waitSignal(counter.signed_in, timeout=10_000):
            qtbot.keyClicks(counter.gate.pin_edit, pin)
            qtbot.keyClick(counter.gate.pin_edit, Qt.Key.Key_Return)

    return sign_in
