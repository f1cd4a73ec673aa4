"""The Import section: guests or visits from a POS export (CSV or XLSX), checked before stored.

The owner chooses what to import and the file, sees each of its columns with the field it will
be imported as (changeable; the mapping is saved for files with the same columns), checks the
file (every bad row with its line and every reason, nothing stored) and imports it, with progress
and Cancel (until its commit point nothing is stored). Reading, checking and storing run on the
task runner, never on the GUI thread.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt, Signal, Slot
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QProgressBar,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
)

from boostdesk.services import import_customers, importer, ops
from boostdesk.ui import labels, messages, task_runner
from boostdesk.ui.backoffice import import_reasons, section


def QT_TRANSLATE_NOOP(context: str, text: str) -> str:  # noqa: N802 (Qt's name, read by lupdate)
    return text


# The fields' names as the owner reads them (translated where shown; others show their key).
_FIELD_NAMES = {
    "customer_ref": QT_TRANSLATE_NOOP("ImportSection", "POS guest number"),
    "card": QT_TRANSLATE_NOOP("ImportSection", "Card"),
    "visited_at": QT_TRANSLATE_NOOP("ImportSection", "Date and time"),
    "amount": QT_TRANSLATE_NOOP("ImportSection", "Amount"),
    "category": QT_TRANSLATE_NOOP("ImportSection", "Category"),
    "first_name": QT_TRANSLATE_NOOP("ImportSection", "First name"),
    "last_name": QT_TRANSLATE_NOOP("ImportSection", "Last name"),
    "phone": QT_TRANSLATE_NOOP("ImportSection", "Phone"),
    "email": QT_TRANSLATE_NOOP("ImportSection", "E-mail"),
    "birth_date": QT_TRANSLATE_NOOP("ImportSection", "Birth date"),
    "gender": QT_TRANSLATE_NOOP("ImportSection", "Gender"),
    "city": QT_TRANSLATE_NOOP("ImportSection", "City"),
    "district": QT_TRANSLATE_NOOP("ImportSection", "District"),
    "consent_sms": QT_TRANSLATE_NOOP("ImportSection", "Consent: SMS"),
    "consent_email": QT_TRANSLATE_NOOP("ImportSection", "Consent: e-mail"),
    "consent_call": QT_TRANSLATE_NOOP("ImportSection", "Consent: calls"),
    "consent_profiling": QT_TRANSLATE_NOOP("ImportSection", "Consent: profiling"),
    "registration_source": QT_TRANSLATE_NOOP("ImportSection", "Registration source"),
}


def _run(
    opened: Any,
    kind: str,
    path: Path,
    mapping: dict[str, str],
    dry_run: bool,
    actor: ops.Actor,
    progress: Any,
    cancelled: Any = lambda: False,
) -> ops.Result[importer.Report]:
    """The import operation as the task runner runs it (result and what it changed)."""
    run = import_customers.import_customers if kind == "customers" else importer.import_visits
    try:
        report = run(
            opened,
            path,
            dry_run=dry_run,
            actor=actor,
            mapping=mapping,
            cancelled=cancelled,
            progress=progress,
        )
    except importer.ImportCancelled as exc:
        raise task_runner.Cancelled() from exc
    return ops.Result(report, report.changes)


class ImportSection(section.Section):
    key = "import"
    progressed = Signal(int, int)  # emitted on the worker thread, shown on the GUI thread

    def __init__(self, context: section.Context) -> None:
        super().__init__(context)
        self.path: Path | None = None
        self.preview: importer.Preview | None = None
        title = QLabel(self.tr("Import from a POS export"), objectName="PageTitle")
        self.kind_box = QComboBox(objectName="ImportKind")
        self.kind_box.addItem(self.tr("Visits"), "visits")
        self.kind_box.addItem(self.tr("Guests"), "customers")
        self.choose_button = QPushButton(self.tr("Choose file…"), objectName="ImportChoose")
        self.file_label = labels.data("Hint", self.tr("CSV or XLSX; no file chosen yet"))
        self.columns = QTableWidget(0, 2, objectName="ImportColumns")
        self.columns.setHorizontalHeaderLabels(
            [self.tr("Column in the file"), self.tr("Imported as")]
        )
        self.columns.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.columns.verticalHeader().hide()
        self.columns.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.check_button = QPushButton(self.tr("Check file"), objectName="ImportCheck")
        self.import_button = QPushButton(self.tr("Import"), objectName="ImportRun")
        self.progress = QProgressBar(objectName="ImportProgress")
        self.progress.hide()
        self.summary = labels.data("ImportSummary")
        self.summary.setWordWrap(True)
        self.problems = QTableWidget(0, 2, objectName="ImportProblems")
        self.problems.setHorizontalHeaderLabels([self.tr("Line"), self.tr("Why it was refused")])
        header = self.problems.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.problems.verticalHeader().hide()
        self.problems.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.problems.setWordWrap(True)
        self.problems.hide()

        top = QHBoxLayout()
        top.addWidget(title)
        top.addStretch(1)
        chooser = QHBoxLayout()
        chooser.addWidget(QLabel(self.tr("Import:")))
        chooser.addWidget(self.kind_box)
        chooser.addWidget(self.choose_button)
        chooser.addWidget(self.file_label, 1)
        actions = QHBoxLayout()
        actions.addWidget(self.check_button)
        actions.addWidget(self.import_button)
        actions.addWidget(self.progress, 3)
        actions.addStretch(1)
        body = QHBoxLayout()
        body.setSpacing(20)
        body.addWidget(self.columns, 2)
        report = QVBoxLayout()
        report.addWidget(self.summary)
        report.addWidget(self.problems, 1)
        body.addLayout(report, 3)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(40, 30, 40, 30)
        layout.setSpacing(16)
        layout.addLayout(top)
        layout.addLayout(chooser)
        layout.addLayout(body, 1)
        layout.addLayout(actions)
        self._connect_signals()
        self._set_ready()
        self.summary.setText(self._welcome())

    def _welcome(self) -> str:
        return self.tr(
            "Export the guests or the visits from your POS as CSV or Excel (XLSX), then choose "
            "the file here. Every row is checked first; if one is wrong, nothing is imported."
        )

    def _connect_signals(self) -> None:
        self.choose_button.clicked.connect(self.on_choose_clicked)
        self.kind_box.currentIndexChanged.connect(self.on_kind_changed)
        self.check_button.clicked.connect(self.on_check_clicked)
        self.import_button.clicked.connect(self.on_import_clicked)
        self.progressed.connect(self.on_progressed)

    # -- choosing --------------------------------------------------------------------------------

    def kind(self) -> str:
        return str(self.kind_box.currentData())

    @Slot()
    def on_choose_clicked(self) -> None:
        name, _ = QFileDialog.getOpenFileName(
            self, self.tr("Choose the export"), "", self.tr("Exports (*.csv *.txt *.xlsx)")
        )
        if name:
            self.choose(Path(name))

    def choose(self, path: Path) -> None:
        """Read the columns of ``path`` (on the task runner) and show their mapping."""
        self.path = path
        self.file_label.setText(path.name)
        self._clear_report()
        opened, kind = self.context.venue, self.kind()
        self.context.runner.submit(
            lambda: importer.preview(opened, path, kind), self.on_preview_loaded, self.on_failed
        )

    @Slot(int)
    def on_kind_changed(self, _index: int) -> None:
        if self.path is not None:
            self.choose(self.path)

    def on_preview_loaded(self, preview: importer.Preview) -> None:
        self.preview = preview
        self.columns.setRowCount(len(preview.heading))
        for row, (column, field) in enumerate(zip(preview.heading, preview.fields, strict=True)):
            self.columns.setItem(row, 0, QTableWidgetItem(column))
            box = QComboBox()
            box.addItem(self.tr("not imported"), "-")
            for known in preview.known:
                box.addItem(self._field_name(known), known)
            box.setCurrentIndex(max(box.findData(field), 0))
            self.columns.setCellWidget(row, 1, box)
        self.summary.setText(
            self.tr("Choose the field of each column, then check the file: nothing is stored.")
        )
        self._set_ready()

    def _field_name(self, field: str) -> str:
        named = _FIELD_NAMES.get(field)
        return QCoreApplication.translate("ImportSection", named) if named else field

    def mapping(self) -> dict[str, str]:
        """Column -> field as chosen (every column, so the choice is saved as seen)."""
        found: dict[str, str] = {}
        for row in range(self.columns.rowCount()):
            item, box = self.columns.item(row, 0), self.columns.cellWidget(row, 1)
            if item is not None and isinstance(box, QComboBox) and item.text():
                found[item.text()] = str(box.currentData())
        return found

    # -- checking and importing ------------------------------------------------------------------

    @Slot()
    def on_check_clicked(self) -> None:
        self._start(dry_run=True)

    @Slot()
    def on_import_clicked(self) -> None:
        self._start(dry_run=False)

    def _start(self, dry_run: bool) -> None:
        if self.path is None:
            return
        self._clear_report()
        self.check_button.setEnabled(False)
        self.import_button.setEnabled(False)
        self.progress.setRange(0, 0)
        self.progress.show()
        op = (
            task_runner.Op(
                _run,
                self.context.venue,
                self.kind(),
                self.path,
                self.mapping(),
                dry_run,
                self.context.actor,
                self.progressed.emit,
            )
            .on_success(lambda result: self.on_finished(result, dry_run))
            .on_failure(self.on_failed)
            .with_progress(self.tr("Checking the file…") if dry_run else self.tr("Importing…"))
        )
        self.context.runner.run(op if dry_run else op.cancellable())

    @Slot(int, int)
    def on_progressed(self, done: int, total: int) -> None:
        self.progress.setRange(0, max(total, 1))
        self.progress.setValue(done)

    def on_finished(self, result: ops.Result[importer.Report], dry_run: bool) -> None:
        report = result.value
        self._set_ready()
        if report.problems:
            self.summary.setText(
                self.tr(
                    "%n bad row(s): nothing was imported. Fix them and check again.",
                    "",
                    len(report.problems),
                )
            )
            self.summary.setProperty("error", True)
            self._show_problems(report.problems)
        elif dry_run:
            self.summary.setText(
                self.tr("The file is fine: %n row(s) would be imported.", "", report.rows)
            )
        elif report.kind == "customers":
            self.summary.setText(
                self.tr("Imported %n new guest(s).", "", report.new_customers)
                + " "
                + self.tr("%n already known.", "", report.skipped)
            )
        else:
            self.summary.setText(
                self.tr("Imported %n visit(s).", "", report.visits)
                + " "
                + self.tr("%n new guest(s).", "", report.new_customers)
            )
        self.summary.style().polish(self.summary)

    def _show_problems(self, problems: list[tuple[int, tuple[str, ...]]]) -> None:
        shown = problems[:1000]
        self.problems.setRowCount(len(shown))
        for row, (line, reasons) in enumerate(shown):
            number = QTableWidgetItem(str(line))
            number.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            self.problems.setItem(row, 0, number)
            self.problems.setItem(row, 1, QTableWidgetItem(import_reasons.say_all(reasons)))
        self.problems.resizeRowsToContents()
        self.problems.show()

    def on_failed(self, error: Exception) -> None:
        self._set_ready()
        if isinstance(error, task_runner.Cancelled):
            self.summary.setText(self.tr("Cancelled: nothing was imported."))
        elif isinstance(error, importer.ImportProblem):
            self.summary.setText(
                self.tr("This file cannot be imported: %1").replace("%1", str(error))
            )
        else:  # disk full, locked by another program…: said as everywhere else
            self.summary.setText(messages.error_text(error))
        self.summary.setProperty("error", True)
        self.summary.style().polish(self.summary)

    def _clear_report(self) -> None:
        self.summary.setText("")
        self.summary.setProperty("error", False)
        self.problems.setRowCount(0)
        self.problems.hide()

    def _set_ready(self) -> None:
        self.progress.hide()
        ready = self.preview is not None and self.path is not None
        self.check_button.setEnabled(ready)
        self.import_button.setEnabled(ready)

    def on_locked(self) -> None:
        self.path = None
        self.preview = None
        self.columns.setRowCount(0)
        self.file_label.setText(self.tr("CSV or XLSX; no file chosen yet"))
        self._clear_report()
        self._set_ready()
        self.summary.setText(self._welcome())
