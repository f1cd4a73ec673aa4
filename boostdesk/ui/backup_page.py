"""The back office's Backup page: encrypted backups to a folder or a USB stick, their history,
a reminder when the last one is overdue, and the automatic daily backups of this computer.

Backups run on their own worker (their own SQLite connections), so the tills go on saving visits
while a large venue is copied and encrypted.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QCoreApplication, Qt, QTimer, Signal, Slot
from PySide6.QtWidgets import (
    QCheckBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from boostdesk.services import backup, ops
from boostdesk.services import venue as venue_service
from boostdesk.ui import formatting, labels, messages, removable, table_models, task_runner
from boostdesk.ui.backoffice import parts

DAILY_CHECK_MS = 30 * 60 * 1000
FIRST_DAILY_CHECK_MS = 90 * 1000  # let the tills start first


class BackupPage(QWidget):
    """Shown from the back office once the owner is signed in (``actor_of`` says who)."""

    closed = Signal()
    progressed = Signal(str, int, int)  # emitted on the backup worker, shown on the GUI thread
    finished = Signal(bool)  # a backup ended (True: written)

    def __init__(
        self,
        opened: venue_service.Venue,
        actor_of: Callable[[], ops.Actor | None],
        watcher: removable.RemovableWatcher | None = None,
    ) -> None:
        super().__init__(objectName="BackupPage")
        self.venue = opened
        self.actor_of = actor_of
        self.worker = task_runner.TaskRunner(self)
        self.watcher = watcher if watcher is not None else removable.RemovableWatcher(parent=self)
        self.running = False
        self.timezone = str(opened.settings.get("venue.timezone"))

        title = QLabel(self.tr("Backup"), objectName="PageTitle")
        self.back_button = QPushButton(
            self.tr("Back to the overview"), objectName="SecondaryButton"
        )
        top = QHBoxLayout()
        top.addWidget(title)
        top.addStretch(1)
        top.addWidget(self.back_button)

        self.overdue_label = labels.data("BackupOverdue")
        self.overdue_label.setProperty("error", True)
        self.status_label = labels.data("Hint")
        self.status_label.setWordWrap(True)

        self.passphrase_edit = QLineEdit(objectName="PassphraseEdit")
        self.confirm_edit = QLineEdit(objectName="PassphraseConfirmEdit")
        for edit in (self.passphrase_edit, self.confirm_edit):
            edit.setEchoMode(QLineEdit.EchoMode.Password)
            edit.setMinimumWidth(320)
        self.remember_check = QCheckBox(
            self.tr("Keep it on this computer for the automatic daily backups"),
            objectName="RememberCheck",
        )
        form = QFormLayout()
        form.addRow(self.tr("Backup passphrase"), self.passphrase_edit)
        form.addRow(self.tr("Passphrase again"), self.confirm_edit)
        form.addRow("", self.remember_check)
        hint = labels.data(
            "Hint",
            self.tr(
                "Backups are encrypted with this passphrase. Write it down and keep it safe: "
                "without it a backup cannot be restored."
            ),
        )
        hint.setWordWrap(True)

        self.folder_button = QPushButton(
            self.tr("Back up to a folder…"), objectName="PrimaryButton"
        )
        self.stick_button = QPushButton(objectName="PrimaryButton")
        self.stick_button.hide()
        self.stick: Path | None = None
        buttons = QHBoxLayout()
        buttons.addWidget(self.stick_button)
        buttons.addWidget(self.folder_button)
        buttons.addStretch(1)

        self.progress = QProgressBar(objectName="BackupProgress")
        self.progress.hide()
        self.message = labels.data("Message")
        self.message.setWordWrap(True)

        self.history_model = table_models.TextRowsModel(
            [self.tr("Made"), self.tr("Kind"), self.tr("Size"), self.tr("File")],
            right=(2,),
            parent=self,
        )
        self.history = parts.sized_table(self.history_model, "BackupHistory", stretch=3)
        # An empty table says nothing: before the first backup the owner reads what will be
        # listed here and how to make one.
        self.no_history = labels.data(
            "Placeholder",
            self.tr(
                "No backup made from this computer yet.\n\nEnter a passphrase above and choose "
                "where to save it (a folder, or a USB stick once plugged in). Each backup is "
                "listed here with its date, size and file, the automatic daily ones too."
            ),
        )
        self.no_history.setWordWrap(True)
        self.no_history.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.history_stack = QStackedWidget()
        self.history_stack.addWidget(self.history)
        self.history_stack.addWidget(self.no_history)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(40, 30, 40, 30)
        layout.setSpacing(14)
        layout.addLayout(top)
        layout.addWidget(self.overdue_label)
        layout.addWidget(self.status_label)
        layout.addLayout(form)
        layout.addWidget(hint)
        layout.addLayout(buttons)
        layout.addWidget(self.progress)
        layout.addWidget(self.message)
        layout.addWidget(QLabel(self.tr("Backups made from this computer"), objectName="StatTitle"))
        layout.addWidget(self.history_stack, 1)

        self.daily_timer = QTimer(self, interval=DAILY_CHECK_MS)
        self._connect_signals()
        self.daily_timer.start()
        QTimer.singleShot(FIRST_DAILY_CHECK_MS, self, self.on_daily_timer_timeout)
        for stick in self.watcher.present():
            self.on_watcher_drive_added(str(stick), announce=False)
        self.refresh()

    def _connect_signals(self) -> None:
        self.back_button.clicked.connect(self.closed)
        self.folder_button.clicked.connect(self.on_folder_button_clicked)
        self.stick_button.clicked.connect(self.on_stick_button_clicked)
        self.progressed.connect(self.on_progressed)
        self.watcher.drive_added.connect(self.on_watcher_drive_added)
        self.watcher.drive_removed.connect(self.on_watcher_drive_removed)
        self.daily_timer.timeout.connect(self.on_daily_timer_timeout)
        app = QCoreApplication.instance()
        if app is not None:
            app.aboutToQuit.connect(self.worker.stop)

    # -- what the page shows ---------------------------------------------------------------------

    def refresh(self) -> None:
        """History, the overdue reminder and the automatic-backup line, from the files."""
        data_dir = self.venue.data_dir
        entries = backup.history(data_dir)
        kinds = {"auto": self.tr("automatic"), "manual": self.tr("folder or stick")}
        self.history_model.set_texts(
            [
                (
                    formatting.local_datetime(int(entry.created.timestamp()), self.timezone),
                    kinds.get(entry.kind, entry.kind),
                    _size(entry.size),
                    entry.file,
                )
                for entry in entries
            ]
        )
        self.history_stack.setCurrentWidget(self.history if entries else self.no_history)
        days = backup.days_since_last(data_dir)
        overdue = int(self.venue.settings.get("backup.overdue_days") or 7)
        if days is None:
            self.overdue_label.setText(self.tr("No backup to a stick or folder has been made yet."))
        elif days >= overdue:
            self.overdue_label.setText(self.tr("Last backup %n day(s) ago.", "", days))
        else:
            self.overdue_label.clear()
        self.overdue_label.setVisible(bool(self.overdue_label.text()))
        if backup.saved_passphrase(data_dir) is None:
            self.status_label.setText(
                self.tr(
                    "Automatic daily backups are off: enter a passphrase and tick the box to keep "
                    "it on this computer."
                )
            )
        else:
            self.status_label.setText(
                self.tr("Automatic daily backups are on (kept in %1).").replace(
                    "%1", str(backup.auto_folder(data_dir))
                )
            )

    # -- backing up ------------------------------------------------------------------------------

    @Slot()
    def on_folder_button_clicked(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, self.tr("Choose where to save the backup"))
        if folder:
            self.start_backup(Path(folder))

    @Slot()
    def on_stick_button_clicked(self) -> None:
        if self.stick is not None:
            self.start_backup(self.stick)

    def start_backup(self, target: Path) -> bool:
        """Check the passphrase fields, then back up to ``target`` on the backup worker."""
        actor = self.actor_of()
        passphrase = self.passphrase_edit.text()
        problem = ""
        if actor is None:
            problem = self.tr("Unlock the back office with the owner PIN first.")
        elif len(passphrase) < backup.MIN_PASSPHRASE:
            problem = self.tr(
                "The passphrase needs at least %n character(s).", "", backup.MIN_PASSPHRASE
            )
        elif passphrase != self.confirm_edit.text():
            problem = self.tr("The two passphrases differ.")
        elif self.running:
            problem = self.tr("A backup is already being made.")
        if problem:
            self.show_message(problem, error=True)
            return False
        assert actor is not None
        if self.remember_check.isChecked():
            backup.save_passphrase(self.venue.data_dir, passphrase)
        self.set_running(True)
        self.worker.run(
            task_runner.Op(
                backup.create, self.venue, actor, target, passphrase, progress=self.progressed.emit
            )
            .on_success(self.on_backup_made)
            .on_failure(self.on_backup_failed)
        )
        return True

    def set_running(self, running: bool) -> None:
        self.running = running
        self.folder_button.setEnabled(not running)
        self.stick_button.setEnabled(not running)
        self.progress.setVisible(running)
        if running:
            self.progress.setRange(0, 0)
            self.show_message(self.tr("Making the backup…"))

    @Slot(str, int, int)
    def on_progressed(self, phase: str, done: int, total: int) -> None:
        texts = {
            "copy": self.tr("Copying the venue's data…"),
            "check": self.tr("Checking the copy…"),
            "encrypt": self.tr("Encrypting and writing the backup…"),
        }
        if phase in texts:
            self.message.setText(texts[phase])
        if total > 1:
            self.progress.setRange(0, 1000)
            self.progress.setValue(int(1000 * done / total))
        else:
            self.progress.setRange(0, 0)

    def on_backup_made(self, result: ops.Result[backup.Made]) -> None:
        self.set_running(False)
        made = result.value
        self.show_message(
            self.tr("Backup written: %1 (%2).")
            .replace("%1", str(made.file))
            .replace("%2", _size(made.size))
        )
        self.passphrase_edit.clear()
        self.confirm_edit.clear()
        self.refresh()
        self.finished.emit(True)

    def on_backup_failed(self, exc: Exception) -> None:
        self.set_running(False)
        texts = {
            "target_full": self.tr(
                "The backup was not written: the stick or folder is full. The venue's data is "
                "intact."
            ),
            "target_read_only": self.tr(
                "The backup was not written: the stick or folder cannot be written to. The "
                "venue's data is intact."
            ),
            "target_failed": self.tr(
                "The backup was not written: the stick or folder failed. The venue's data is "
                "intact."
            ),
        }
        reason = getattr(exc, "reason", "")
        text = texts.get(reason) or messages.error_text(exc)
        self.show_message(text, error=True)
        self.finished.emit(False)

    def show_message(self, text: str, *, error: bool = False) -> None:
        self.message.setProperty("error", error)
        self.message.style().unpolish(self.message)
        self.message.style().polish(self.message)
        self.message.setText(text)

    # -- USB sticks ------------------------------------------------------------------------------

    @Slot(str)
    def on_watcher_drive_added(self, path: str, announce: bool = True) -> None:
        self.stick = Path(path)
        self.stick_button.setText(self.tr("Back up to the USB stick %1").replace("%1", path))
        self.stick_button.show()
        if announce and not self.running:
            self.show_message(self.tr("USB stick found: %1. Back up onto it?").replace("%1", path))

    @Slot(str)
    def on_watcher_drive_removed(self, path: str) -> None:
        if self.stick == Path(path):
            self.stick = None
            self.stick_button.hide()

    # -- automatic daily backups -------------------------------------------------------------------

    @Slot()
    def on_daily_timer_timeout(self) -> None:
        if self.running or backup.saved_passphrase(self.venue.data_dir) is None:
            return
        if not backup.daily_due(self.venue):
            return
        self.running = True
        self.worker.run(
            task_runner.Op(backup.nightly, self.venue)
            .on_success(self.on_daily_done)
            .on_failure(self.on_daily_failed)
        )

    def on_daily_done(self, _made: object) -> None:
        self.running = False
        self.refresh()

    def on_daily_failed(self, exc: Exception) -> None:
        self.running = False
        self.show_message(
            self.tr("The automatic backup failed: %1").replace("%1", messages.error_text(exc)),
            error=True,
        )


def _size(size: int) -> str:
    if size >= 1 << 20:
        return f"{size / (1 << 20):.1f} MB"
    return f"{max(1, size // 1024)} kB"
