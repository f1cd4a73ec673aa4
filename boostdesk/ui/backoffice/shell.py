"""The back office: an owner PIN gate, then the owner's workplace — a navigation on the left and
the chosen section on the right. Leaving the back office, the Lock button or 10 idle minutes lock
it again.
"""

from __future__ import annotations

import importlib
from typing import Any

from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt, QTimer, Slot
from PySide6.QtGui import QHideEvent
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from boostdesk.services import ops
from boostdesk.services import venue as venue_service
from boostdesk.ui import labels, sign_in, task_runner
from boostdesk.ui.backoffice import registry, section

AUTO_LOCK_MS = 10 * 60 * 1000
# Sections reached from another one only: the navigation shows where they belong.
NAV_PARENT = {"customer": "customers"}


class BackOfficePage(QStackedWidget):
    def __init__(self, opened: venue_service.Venue, runner: task_runner.TaskRunner) -> None:
        super().__init__(objectName="BackOfficePage")
        self.venue = opened
        self.runner = runner
        self.user: ops.Actor | None = None
        self.sections: dict[str, section.Section] = {}
        self.history: list[str] = []
        self.entries = registry.available()
        self.context = section.Context(
            venue=opened,
            runner=runner,
            actor_of=lambda: self.user,
            navigate=self.navigate,
            back=self.back,
        )

        self.gate = sign_in.SignInGate(
            self.tr("Back office"),
            self.tr("Enter the owner PIN to continue."),
            self.tr("Unlock"),
            "PinGate",
        )
        self.pin_edit = self.gate.pin_edit
        self.unlock_button = self.gate.button
        self.pin_message = self.gate.message

        self.workplace = QWidget(objectName="Workplace")
        self.nav = QListWidget(objectName="BackOfficeNav")
        self.nav.setFixedWidth(210)
        self.nav.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.nav_items: dict[str, QListWidgetItem] = {}
        for entry in self.entries:
            if not entry.in_nav:
                continue
            if entry.group:
                heading = QListWidgetItem(registry.translated(entry.group))
                heading.setFlags(Qt.ItemFlag.NoItemFlags)
                font = heading.font()
                font.setBold(True)
                font.setPointSizeF(font.pointSizeF() * 0.85)
                heading.setFont(font)
                self.nav.addItem(heading)
            item = QListWidgetItem(registry.translated(entry.title))
            item.setData(Qt.ItemDataRole.UserRole, entry.key)
            self.nav.addItem(item)
            self.nav_items[entry.key] = item
        self.user_label = labels.data("NavUser")
        self.lock_button = QPushButton(self.tr("Lock"), objectName="SecondaryButton")
        self.lock_button.setToolTip(self.tr("Lock the back office (also after 10 idle minutes)"))
        side = QFrame(objectName="BackOfficeSide")
        side_box = QVBoxLayout(side)
        side_box.setContentsMargins(10, 14, 10, 14)
        side_box.setSpacing(8)
        side_box.addWidget(self.nav, 1)
        side_box.addWidget(self.user_label)
        side_box.addWidget(self.lock_button)
        self.stack = QStackedWidget(objectName="SectionStack")
        row = QHBoxLayout(self.workplace)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(0)
        row.addWidget(side)
        row.addWidget(self.stack, 1)

        self.addWidget(self.gate)
        self.addWidget(self.workplace)
        self.auto_lock = QTimer(self, singleShot=True, interval=AUTO_LOCK_MS)
        for entry in self.entries:
            if entry.eager:
                self.section(entry.key)
        self._connect_signals()

    # Kept for callers that knew the single-page back office: the owner's landing page.
    @property
    def dashboard(self) -> QWidget:
        return self.workplace

    def _connect_signals(self) -> None:
        self.gate.pin_entered.connect(self.on_gate_pin_entered)
        self.runner.changes_applied.connect(self.on_runner_changes_applied)
        self.lock_button.clicked.connect(self.on_lock_clicked)
        self.auto_lock.timeout.connect(self.on_lock_clicked)
        self.nav.currentItemChanged.connect(self.on_nav_current_item_changed)

    # -- sections ----------------------------------------------------------------------------------

    def section(self, key: str) -> section.Section:
        """The section ``key``, built on first use."""
        built = self.sections.get(key)
        if built is None:
            entry = next((e for e in self.entries if e.key == key), None)
            if entry is None:
                raise KeyError(key)
            module_name, class_name = entry.target.split(":")
            cls = getattr(importlib.import_module(module_name), class_name)
            built = cls(self.context)
            assert isinstance(built, section.Section)
            self.sections[key] = built
            self.stack.addWidget(built)
        return built

    def keys(self) -> tuple[str, ...]:
        """Every section of this build."""
        return tuple(entry.key for entry in self.entries)

    def current_key(self) -> str | None:
        shown = self.stack.currentWidget()
        return shown.key if isinstance(shown, section.Section) else None

    def navigate(self, key: str, **params: Any) -> None:
        """Show section ``key`` (with ``params`` for its :meth:`Section.open_with`)."""
        if self.user is None:
            return
        current = self.current_key()
        if current is not None and current != key:
            self.history.append(current)
            del self.history[:-20]
        self._show(key, params)

    @Slot()
    def back(self) -> None:
        """Back to the section shown before the last navigation (the first section when none)."""
        self._show(self.history.pop() if self.history else self.entries[0].key, {})

    def _show(self, key: str, params: dict[str, Any]) -> None:
        target = self.section(key)
        target.open_with(**params)
        self.stack.setCurrentWidget(target)
        item = self.nav_items.get(key) or self.nav_items.get(NAV_PARENT.get(key, ""))
        if item is not None and self.nav.currentItem() is not item:
            self.nav.blockSignals(True)
            self.nav.setCurrentItem(item)
            self.nav.blockSignals(False)
        target.on_shown()
        if key == "dashboard":
            self._remind_backup()
        if self.auto_lock.isActive():  # building a section on first use is use, not idle time
            self.auto_lock.start()

    @Slot(QListWidgetItem, QListWidgetItem)
    def on_nav_current_item_changed(
        self, current: QListWidgetItem | None, _previous: QListWidgetItem | None
    ) -> None:
        if current is not None and current.data(Qt.ItemDataRole.UserRole):
            self.navigate(str(current.data(Qt.ItemDataRole.UserRole)))

    def _remind_backup(self) -> None:
        dashboard = self.sections.get("dashboard")
        backup = self.sections.get("backup")
        setter = getattr(dashboard, "set_backup_reminder", None)
        reminder = getattr(backup, "reminder", None)
        if setter is not None and reminder is not None:
            setter(reminder())

    # -- sign-in and lock -------------------------------------------------------------------------

    def on_shown(self) -> None:
        if self.user is None:
            self.pin_edit.setFocus()
            # The landing section (charts: pyqtgraph's import and its widgets take about a second)
            # is built while the owner types the PIN; it loads nothing before the sign-in.
            QTimer.singleShot(300, self._prebuild_landing)
        else:
            shown = self.stack.currentWidget()
            if isinstance(shown, section.Section):
                shown.on_shown()

    @Slot()
    def _prebuild_landing(self) -> None:
        if self.isVisible() and self.entries:
            self.section(self.entries[0].key)

    @Slot(str)
    def on_gate_pin_entered(self, pin: str) -> None:
        self.runner.run(
            task_runner.Op(self.venue.users.sign_in, pin, role=ops.Role.OWNER)
            .on_success(self.on_signed_in)
            .on_failure(self.gate.show_failure)
        )

    def on_signed_in(self, user: ops.Actor) -> None:
        self.gate.reset()
        if not self.isVisible():  # the PIN was checked after the back office was left
            return
        self.user = user
        self.user_label.setText(user.name)
        self.history.clear()
        # Showing the navigation selects its first row by itself; the landing section is shown
        # just below, once (twice queued the dashboard's whole load twice).
        self.nav.blockSignals(True)
        self.setCurrentWidget(self.workplace)
        self.nav.blockSignals(False)
        self.auto_lock.start()
        app = QCoreApplication.instance()
        if app is not None:
            app.installEventFilter(self)
        self._show(self.entries[0].key, {})

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt override)
        # Installed on the application while the owner is signed in: any key or click keeps the
        # back office open; 10 idle minutes lock it.
        if event.type() in (QEvent.Type.MouseButtonPress, QEvent.Type.KeyPress):
            self.auto_lock.start()
        return False

    def hideEvent(self, event: QHideEvent) -> None:  # noqa: N802 (Qt override)
        # Whatever takes the back office off the screen (the counter, F1) leaves it locked.
        self.lock()
        super().hideEvent(event)

    @Slot()
    def on_lock_clicked(self) -> None:
        self.lock()

    def lock(self) -> None:
        """Forget the signed-in owner and show the PIN gate."""
        self.user = None
        self.auto_lock.stop()
        app = QCoreApplication.instance()
        if app is not None:
            app.removeEventFilter(self)
        self.pin_edit.clear()
        for built in self.sections.values():
            built.on_locked()
        self.setCurrentWidget(self.gate)
        if self.isVisible():
            self.pin_edit.setFocus()

    @Slot(object)
    def on_runner_changes_applied(self, changes: ops.Changes) -> None:
        if self.user is None or not self.isVisible():
            return
        for built in self.sections.values():
            built.on_changes(changes)
