# ruff: noqa: E501  (one line per section: the table reads best unwrapped)
"""The back office's sections, in navigation order (no Qt here: the command line lists the page
names without loading Qt).

A page lane adds one :class:`Entry` line to ``SECTIONS``; the shell builds the section the first
time it is opened.
"""

from __future__ import annotations

import dataclasses
import importlib.util
from dataclasses import dataclass


def QT_TRANSLATE_NOOP(context: str, text: str) -> str:  # noqa: N802 (Qt's name, read by lupdate)
    """Mark ``text`` for translation in ``context``; translated where it is shown."""
    return text


@dataclass(frozen=True)
class Entry:
    """One section: where its class lives, its title in the navigation, its group heading."""

    key: str
    title: str  # English source text, translated in the "BackOffice" context
    target: str  # "module:Class"
    group: str = ""  # a heading above this entry: a new group starts
    in_nav: bool = True  # False: reached from another section only (the guest page)
    eager: bool = False  # built with the back office (it runs jobs of its own)


# The navigation, in order: (key, title, "module:Class", group heading, ...). An entry whose module
# is not in this build is left out (``available``), so sections land one by one.
_UI = "boostdesk.ui.backoffice."
SECTIONS: tuple[Entry, ...] = (
    Entry("dashboard", QT_TRANSLATE_NOOP("BackOffice", "Dashboard"), _UI + "dashboard:DashboardSection", QT_TRANSLATE_NOOP("BackOffice", "Guests")),
    Entry("movements", QT_TRANSLATE_NOOP("BackOffice", "Movements"), _UI + "movements:MovementsSection"),
    Entry("customers", QT_TRANSLATE_NOOP("BackOffice", "Customers"), _UI + "customers:CustomersSection"),
    Entry("customer", QT_TRANSLATE_NOOP("BackOffice", "Guest"), _UI + "customer:CustomerSection", in_nav=False),
    Entry("segments", QT_TRANSLATE_NOOP("BackOffice", "Custom segments"), _UI + "segments:SegmentsSection", QT_TRANSLATE_NOOP("BackOffice", "Marketing")),
    Entry("scenarios", QT_TRANSLATE_NOOP("BackOffice", "Scenarios"), _UI + "scenarios:ScenariosSection"),
    Entry("planner", QT_TRANSLATE_NOOP("BackOffice", "Promotion planner"), _UI + "planner:PlannerSection"),
    Entry("reports", QT_TRANSLATE_NOOP("BackOffice", "Reports"), _UI + "reports:ReportsSection", QT_TRANSLATE_NOOP("BackOffice", "Data")),
    Entry("import", QT_TRANSLATE_NOOP("BackOffice", "Import"), _UI + "imports:ImportSection"),
    Entry("backup", QT_TRANSLATE_NOOP("BackOffice", "Backup"), _UI + "backup:BackupSection", eager=True),
    Entry("privacy", QT_TRANSLATE_NOOP("BackOffice", "Privacy"), _UI + "privacy:PrivacySection"),
    Entry("rules", QT_TRANSLATE_NOOP("BackOffice", "Segment rules"), _UI + "rules:RulesSection", QT_TRANSLATE_NOOP("BackOffice", "Settings")),
    Entry("rewards", QT_TRANSLATE_NOOP("BackOffice", "Reward rules"), _UI + "rewards:RewardsSection"),
    Entry("settings", QT_TRANSLATE_NOOP("BackOffice", "Venue"), _UI + "settings:SettingsSection"),
    Entry("users", QT_TRANSLATE_NOOP("BackOffice", "Users"), _UI + "users:UsersSection"),
    Entry("printers", QT_TRANSLATE_NOOP("BackOffice", "Printers"), _UI + "printers:PrintersSection"),
    Entry("email", QT_TRANSLATE_NOOP("BackOffice", "E-mail"), _UI + "mail:EmailSection"),
)  # fmt: skip


def available() -> tuple[Entry, ...]:
    """The sections of this build, in navigation order (a group heading moves to the first
    available entry of its group)."""
    found: list[Entry] = []
    pending_group = ""
    for entry in SECTIONS:
        pending_group = entry.group or pending_group
        if importlib.util.find_spec(entry.target.split(":")[0]) is None:
            continue
        if pending_group and entry.in_nav:
            entry = dataclasses.replace(entry, group=pending_group)
            pending_group = ""
        elif entry.in_nav:
            entry = dataclasses.replace(entry, group="")
        found.append(entry)
    return tuple(found)


def keys() -> tuple[str, ...]:
    """The page names ``boostdesk screenshot --page`` accepts for the back office."""
    return tuple(entry.key for entry in available())


def translated(text: str) -> str:
    """A title or group heading of ``SECTIONS`` in the user's language."""
    from PySide6.QtCore import QCoreApplication

    return QCoreApplication.translate("BackOffice", text)
