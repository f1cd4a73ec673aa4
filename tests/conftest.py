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


# -- a small hand-built venue whose dashboard numbers can be checked by hand (issue 10) ------------

SMALL_OWNER_PIN, SMALL_CASHIER_PIN = "4321", "1111"


@pytest.fixture
def small_venue(empty_venue: venue.Venue) -> venue.Venue:
    """Six guests, a few visits in the last two weeks and a lifecycle history (see
    tests/services/test_dashboard.py for the numbers it makes); days count back from today."""
    import uuid

    from boostdesk.domain import localtime
    from boostdesk.services import ops, setup
    from boostdesk.storage import segments as stored_segments
    from boostdesk.storage import tables

    opened = empty_venue
    setup.set_up_venue(
        opened, name="Köşe Kafe", owner_pin=SMALL_OWNER_PIN, cashier_pin=SMALL_CASHIER_PIN
    )
    zone = opened.segmentation.timezone()
    today = localtime.day_of(opened.segmentation.today())
    owner = opened.users.sign_in(SMALL_OWNER_PIN, role=ops.Role.OWNER)
    opened.settings.change(owner, {"segments.alert_min_guests": 2})

    def at(days_ago: int, hour: int) -> int:
        return localtime.day_start(today - days_ago, zone) + hour * 3600

    names = ("Ayşe", "Berk", "Cem", "Deniz", "Ece", "Fatma")
    ids = {
        name: tables.Customer.create(first_name=name, created_at=at(120, 9)).id for name in names
    }
    visits = (  # (guest, days ago, hour, amount, voided)
        ("Ayşe", 40, 9, 6_000, False),
        ("Ayşe", 3, 13, 5_000, False),
        ("Ayşe", 1, 9, 10_000, False),
        ("Berk", 2, 19, 20_000, False),
        ("Cem", 20, 10, 7_000, False),
        ("Cem", 10, 10, 8_000, False),
        ("Deniz", 100, 12, 3_000, False),
        ("Deniz", 1, 17, 15_000, True),
        ("Deniz", 0, 8, 4_000, False),
    )
    for name, days_ago, hour, amount, voided in visits:
        when = at(days_ago, hour)
        tables.Visit.create(
            customer=ids[name],
            visited_at=when,
            amount_minor=amount,
            idempotency_key=str(uuid.uuid4()),
            voided_at=when + 60 if voided else None,
            local_day=localtime.local_day(when, zone),
            day_part=localtime.day_part(when, zone),
        )
    for days_ago, points in ((1, 1_500), (9, 700)):
        tables.LedgerEntry.create(
            customer=ids["Ayşe"], kind="redeem", points_minor=-points, created_at=at(days_ago, 9)
        )
    tables.Voucher.create(
        code="BD-TEST-0001", customer=ids["Berk"], kind="amount", value=5_000,
        issued_at=at(5, 9), redeemed_at=at(2, 19),
    )  # fmt: skip
    history = (  # (days ago, guest, from, to)
        *((30, name, None, first) for name, first in zip(
            names, ("loyal", "loyal", "loyal", "regular", "loyal", "at_risk"), strict=True
        )),
        (12, "Fatma", "at_risk", "lost"),
        (3, "Berk", "loyal", "at_risk"),
        (3, "Cem", "loyal", "at_risk"),
        (3, "Ece", "loyal", "at_risk"),
        (1, "Deniz", "regular", "loyal"),
    )  # fmt: skip
    with opened.store.transaction():
        for days_ago, name, src, dst in history:
            when = at(days_ago, 12)
            stored_segments.store_one(
                opened.store, ids[name], {"lifecycle": dst},
                [(ids[name], "lifecycle", src, dst, when)], when,
            )  # fmt: skip
    return opened


@pytest.fixture(scope="session")
def handbuilt_template(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, int]]:
    """The hand-built venue of ``handbuilt_venue.py`` (built once per session, segmented)."""
    import handbuilt_venue

    folder = tmp_path_factory.mktemp("handbuilt")
    return folder, handbuilt_venue.build(folder)


@pytest.fixture
def handbuilt(
    handbuilt_template: tuple[Path, dict[str, int]], data_dir: Path
) -> Iterator[tuple[venue.Venue, dict[str, int]]]:
    """A private copy of the hand-built venue, opened, with guest name -> id."""
    import shutil

    folder, ids = handbuilt_template
    shutil.copy(venue.database_path(folder), venue.database_path(data_dir))
    opened = venue.open_venue(data_dir)
    yield opened, ids
    opened.close()
