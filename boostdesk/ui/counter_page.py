"""The counter page: the cashier signs in with a PIN, then scan (reader, keyboard wedge or
typing) → guest panel → record the visit.

Every database step runs on the task runner; the page submits operations with the signed-in
actor and refreshes what their changes touch. A scan is shown first and logged right after, so
the log never delays the guest panel.
"""

from __future__ import annotations

import time
import uuid

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtGui import QHideEvent, QKeySequence, QShortcut, QShowEvent
from PySide6.QtWidgets import (
    QApplication,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from boostdesk.domain import codes, scanframes
from boostdesk.domain.segments import lifecycle
from boostdesk.hardware import printers
from boostdesk.services import checkout, counter, ops
from boostdesk.services import venue as venue_service
from boostdesk.ui import (
    categories,
    enrol_dialog,
    formatting,
    guest_panel,
    labels,
    messages,
    problem_dialog,
    reader_bridge,
    sign_in,
    task_runner,
    today_panel,
    visit_form,
    void_dialog,
    voucher_printing,
    wedge,
)


class CounterPage(QStackedWidget):
    guest_shown = Signal(object)
    visit_saved = Signal(object)
    signed_in = Signal(object)  # ops.Actor

    def __init__(
        self,
        opened: venue_service.Venue,
        runner: task_runner.TaskRunner,
        bridge: reader_bridge.ReaderBridge | None = None,
    ) -> None:
        super().__init__(objectName="CounterPage")
        self.venue = opened
        self.runner = runner
        self.bridge = bridge
        self.timezone = str(opened.settings.get("venue.timezone"))
        self.currency = str(opened.settings.get("venue.currency"))
        self.duplicates = counter.DuplicateFilter(
            float(opened.settings.get("counter.duplicate_window_s"))
        )
        self.guest: counter.GuestView | None = None
        self.draft_key = uuid.uuid4().hex
        # the visit this till saved last, per guest: "void last visit" voids that one, by id
        self.saved_here: dict[int, int] = {}
        self.saving = False
        self.saving_for = 0  # the guest of the visit being saved
        self.actor: ops.Actor | None = None
        self.announce: checkout.VisitSaved | None = None
        self.enrol_dialog: enrol_dialog.EnrolDialog | None = None
        self.void_dialog: void_dialog.VoidDialog | None = None

        prompt = QLabel(self.tr("Scan a loyalty card or type its number"), objectName="Prompt")
        self.scan_edit = QLineEdit(objectName="ScanEdit")
        self.scan_edit.setPlaceholderText(self.tr("Card or voucher number (13 digits)"))
        self.scan_edit.setMaxLength(32)
        self.scan_edit.setClearButtonEnabled(True)
        self.find_button = QPushButton(self.tr("Find"), objectName="PrimaryButton")
        self.message = labels.data("Message")
        self.message.setWordWrap(True)
        entry = QHBoxLayout()
        entry.addWidget(self.scan_edit, 1)
        entry.addWidget(self.find_button)

        self.panel = guest_panel.GuestPanel(self.currency, self.timezone)
        self.panel.hide()
        self.placeholder = QLabel(
            self.tr("Waiting for a card…\nThe guest appears here the moment a card is scanned."),
            objectName="Placeholder",
        )
        self.placeholder.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.print_button = QPushButton(
            self.tr("Print vouchers (F9)"), objectName="SecondaryButton"
        )
        self.print_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.print_button.hide()
        entry.addWidget(self.print_button)  # beside Find: the till's height is spoken for
        basket = categories.display_names(opened.counter.categories())
        self.panel.set_categories(dict(basket))
        self.panel.set_rules(lifecycle.LifecycleRules.from_settings(opened.settings.all()))
        self.form = visit_form.VisitForm(basket, self.currency)
        self.form.set_max_amount(int(opened.settings.get("counter.max_amount_minor")))
        # The form takes two fifths of the width (400–600 px): roomy keys on a big screen, and
        # the guest panel keeps the rest on a 1280 px till.
        self.form.setMinimumWidth(400)
        self.form.setMaximumWidth(600)

        # Who is at the till: the main window shows this bar in its header, where it has room
        # (next to the prompt it crowded a 1280 px screen); it is up only while someone is.
        self.user_label = labels.data("HeaderUser")
        self.switch_button = QPushButton(self.tr("Switch user"), objectName="HeaderButton")
        self.switch_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.user_bar = QWidget(self, objectName="UserBar")
        user_row = QHBoxLayout(self.user_bar)
        user_row.setContentsMargins(0, 0, 16, 0)
        user_row.setSpacing(10)
        user_row.addWidget(self.user_label)
        user_row.addWidget(self.switch_button)
        self.user_bar.hide()
        left = QVBoxLayout()
        left.setSpacing(10)
        left.addWidget(prompt)
        left.addLayout(entry)
        left.addWidget(self.message)
        left.addWidget(self.panel)
        left.addWidget(self.placeholder, 1)
        left.addStretch(0)
        self.today = today_panel.TodayPanel(self.currency, self.timezone)
        left.addWidget(self.today)
        self.simulator_bar = self._simulator_bar()
        left.addWidget(self.simulator_bar)
        self.work = QWidget(objectName="CounterWork")
        row = QHBoxLayout(self.work)
        row.setContentsMargins(24, 14, 24, 14)
        row.setSpacing(20)
        row.addLayout(left, 3)
        row.addWidget(self.form, 2)
        self.gate = sign_in.SignInGate(
            self.tr("Till"),
            self.tr("Sign in with your PIN to work at the till."),
            self.tr("Sign in"),
            "TillGate",
        )
        self.addWidget(self.gate)
        self.addWidget(self.work)
        # Scans count only while someone is signed in (the work area, not the sign-in gate, is up).
        self.wedge = wedge.WedgeDetector(self.work, wedge.load_settings())
        self._connect_signals()
        self.refresh_today()

    def _simulator_bar(self) -> QFrame:
        bar = QFrame(objectName="SimulatorBar")
        self.sim_regular = QPushButton(self.tr("Scan a regular"), objectName="SimButton")
        self.sim_new = QPushButton(self.tr("Scan a new card"), objectName="SimButton")
        self.sim_voucher = QPushButton(self.tr("Scan a voucher"), objectName="SimButton")
        self.sim_garbled = QPushButton(self.tr("Garbled scan"), objectName="SimButton")
        layout = QHBoxLayout(bar)
        layout.setContentsMargins(14, 8, 14, 8)
        layout.addWidget(QLabel(self.tr("Simulated scanner:"), objectName="Hint"))
        for button in (self.sim_regular, self.sim_new, self.sim_voucher, self.sim_garbled):
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            layout.addWidget(button)
        layout.addStretch(1)
        bar.hide()
        return bar

    def _connect_signals(self) -> None:
        self.gate.pin_entered.connect(self.on_gate_pin_entered)
        self.switch_button.clicked.connect(self.on_switch_button_clicked)
        self.runner.changes_applied.connect(self.on_runner_changes_applied)
        self.scan_edit.returnPressed.connect(self.on_scan_edit_return_pressed)
        self.find_button.clicked.connect(self.on_scan_edit_return_pressed)
        self.form.save_requested.connect(self.on_form_save_requested)
        self.form.void_requested.connect(self.on_form_void_requested)
        self.wedge.scanned.connect(self.on_wedge_scanned)
        if self.bridge is not None:
            self.bridge.scanned.connect(self.on_bridge_scanned)
        self.sim_regular.clicked.connect(self.on_sim_regular_clicked)
        self.sim_new.clicked.connect(self.on_sim_new_clicked)
        self.sim_voucher.clicked.connect(self.on_sim_voucher_clicked)
        self.sim_garbled.clicked.connect(self.on_sim_garbled_clicked)
        QShortcut(QKeySequence(Qt.Key.Key_Escape), self, activated=self.clear_guest)
        self.print_button.clicked.connect(self.on_print_button_clicked)
        QShortcut(QKeySequence(Qt.Key.Key_F9), self, activated=self.on_print_button_clicked)

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 (Qt override)
        # Keyboard-wedge bursts are watched while the counter is on screen; the detector looks
        # only at the key presses delivered to this page's window, so each key counts once.
        app = QApplication.instance()
        if app is not None:
            app.installEventFilter(self.wedge)
        super().showEvent(event)

    def hideEvent(self, event: QHideEvent) -> None:  # noqa: N802 (Qt override)
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self.wedge)
        super().hideEvent(event)

    def show_simulator(self, visible: bool) -> None:
        self.simulator_bar.setVisible(visible)

    def refresh_today(self) -> None:
        self.runner.submit(self.venue.counter.today, self.today.show_today, self.on_task_failed)

    def focus_scan(self) -> None:
        if self.actor is None:
            self.gate.pin_edit.setFocus(Qt.FocusReason.OtherFocusReason)
        else:
            self.scan_edit.setFocus(Qt.FocusReason.OtherFocusReason)

    # -- signing in ------------------------------------------------------------------------------

    @Slot(str)
    def on_gate_pin_entered(self, pin: str) -> None:
        self.runner.run(
            task_runner.Op(self.venue.users.sign_in, pin)
            .on_success(self.on_signed_in)
            .on_failure(self.gate.show_failure)
        )

    def on_signed_in(self, actor: ops.Actor) -> None:
        self.actor = actor
        self.gate.reset()
        self.user_label.setText(self.tr("Signed in: %1").replace("%1", actor.name))
        self.user_bar.show()
        self.setCurrentWidget(self.work)
        self.focus_scan()
        self.signed_in.emit(actor)

    @Slot()
    def on_switch_button_clicked(self) -> None:
        """Sign out (the next cashier signs in with their own PIN)."""
        self.actor = None
        self.user_bar.hide()
        self.clear_guest()
        self.gate.reset()
        self.setCurrentWidget(self.gate)
        self.focus_scan()

    @Slot(object)
    def on_runner_changes_applied(self, changes: ops.Changes) -> None:
        """Refresh what the operation touched: the shown guest, today's visits."""
        guest = self.guest
        if guest is not None and changes.touches_guest(guest.customer_id):
            self.runner.run(
                task_runner.Op(self.venue.counter.view, guest.customer_id)
                .on_success(self.on_guest_refreshed)
                .on_failure(self.on_task_failed)
            )
        if changes.visits:
            self.refresh_today()

    def on_guest_refreshed(self, guest: counter.GuestView) -> None:
        if self.guest is None or self.guest.customer_id != guest.customer_id:
            return  # another guest was scanned meanwhile
        self.guest = guest
        self.panel.show_guest(guest)
        self.print_button.setVisible(bool(self.vouchers_to_print()))
        self.form.set_guest(guest)
        if self.announce is not None:
            saved, self.announce = self.announce, None
            self.visit_saved.emit(saved)

    # -- scans -----------------------------------------------------------------------------------

    @Slot()
    def on_scan_edit_return_pressed(self) -> None:
        text = self.scan_edit.text()
        if not text.strip():
            return  # a stray Enter in the empty field is not a scan (and is not logged)
        self.scan_edit.clear()
        self.lookup(text)

    @Slot(str)
    def on_wedge_scanned(self, text: str) -> None:
        self.lookup(text)

    @Slot(object, float)
    def on_bridge_scanned(self, scan: scanframes.Scan, at: float) -> None:
        self.handle_scan(scan, at)

    def lookup(self, text: str) -> None:
        """Handle a typed (or keyboard-wedge) code exactly like one from the serial reader."""
        self.handle_scan(scanframes.decode(text.encode("utf-8", "replace")), time.monotonic())

    def handle_scan(self, scan: scanframes.Scan, at: float) -> None:
        if self.actor is None:
            self.gate.message.setText(self.tr("Sign in first, then scan the card again."))
            return
        raw = scanframes.render_raw(scan.raw)
        if scan.code is None:
            self.show_message(messages.reason_text(scan.reason or ""), error=True)
            self._log(raw, None, "rejected", scan.reason)
            return
        code = scan.code.value
        if self.duplicates.is_duplicate(code, at):
            self._log(raw, code, "duplicate", None)
            return
        if scan.code.kind is codes.CodeKind.VOUCHER:
            self._voucher_scanned(raw, code)
            return
        self.runner.submit(
            lambda: self.venue.counter.find(code),
            lambda guest: self.on_guest_found(raw, code, guest),
            self.on_task_failed,
        )

    def _log(self, raw: str, code: str | None, outcome: str, detail: str | None) -> None:
        self.runner.submit(
            lambda: self.venue.counter.log_scan(raw, code, outcome, detail),
            None,
            self.on_task_failed,
        )

    def on_guest_found(self, raw: str, number: str, guest: counter.GuestView | None) -> None:
        if guest is None:
            self._log(raw, number, "unknown_card", None)
            self.offer_enrolment(number)
            return
        self.show_guest(guest)
        self._log(raw, number, "guest", None)

    def show_guest(self, guest: counter.GuestView, *, keep_entry: bool = False) -> None:
        if self.guest is None or guest.customer_id != self.guest.customer_id:
            self.draft_key = uuid.uuid4().hex
        self.guest = guest
        warnings = {
            "blocked": self.tr("This card is blocked: check the guest before recording."),
            "lost": self.tr("This card was reported lost: check the guest before recording."),
        }
        warning = warnings.get(guest.card_status, "")
        self.show_message(warning, error=bool(warning))
        self.panel.show_guest(guest)
        self.print_button.setVisible(bool(self.vouchers_to_print()))
        # Hide first: showing a widget lays its window out at once, and with both up for a
        # moment the window would grow past a till screen (and never shrink back).
        self.placeholder.hide()
        self.panel.show()
        self.form.set_guest(guest, keep_entry=keep_entry)
        self.form.amount_edit.setFocus(Qt.FocusReason.OtherFocusReason)
        self.guest_shown.emit(guest)

    @Slot()
    def clear_guest(self) -> None:
        self.guest = None
        self.panel.hide()
        self.print_button.hide()
        self.placeholder.show()
        self.form.set_guest(None)
        self.show_message("")
        self.focus_scan()

    # -- vouchers to print ----------------------------------------------------------------------

    def vouchers_to_print(self) -> list[str]:
        """Codes of the shown guest's usable vouchers not printed yet."""
        guest = self.guest
        return [v.code for v in guest.vouchers if not v.printed] if guest else []

    @Slot()
    def on_print_button_clicked(self) -> None:
        codes_to_print = self.vouchers_to_print()
        if not codes_to_print or self.actor is None:
            return
        setting = voucher_printing.load_setting()
        if setting is None:
            self.show_message(
                self.tr("No voucher printer is set up on this till (settings: printer)."),
                error=True,
            )
            return
        from boostdesk.ui import system_printer  # QtPrintSupport: loaded when first printing

        self.show_message(self.tr("Printing…"))
        self.runner.run(
            task_runner.Op(
                self.venue.vouchers.print,
                self.actor,
                codes_to_print,
                setting.url,
                layout=setting.layout,
                language=voucher_printing.document_language(),
                system_print=system_printer.print_pdf,
            )
            .on_success(self.on_vouchers_printed)
            .on_failure(self.on_print_failed)
        )

    def on_vouchers_printed(self, result: ops.Result[int]) -> None:
        self.show_message(self.tr("%n voucher(s) printed: hand them over.", "", result.value))

    def on_print_failed(self, exc: Exception) -> None:
        if isinstance(exc, printers.PrinterError):
            self.show_message(voucher_printing.failure_text(exc), error=True)
        else:
            self.on_task_failed(exc)

    def _voucher_scanned(self, raw: str, code: str) -> None:
        current = self.guest

        def job() -> tuple[counter.VoucherCheck, counter.GuestView | None]:
            check = self.venue.counter.check_voucher(code)
            owner = check.voucher.customer_id if check.voucher else None
            guest = None
            if current is None and owner is not None and check.status == "valid":
                guest = self.venue.counter.view(owner)
            self.venue.counter.log_scan(raw, code, "voucher", check.status)
            return check, guest

        self.runner.submit(job, self.on_voucher_checked, self.on_task_failed)

    def on_voucher_checked(
        self, result: tuple[counter.VoucherCheck, counter.GuestView | None]
    ) -> None:
        check, owner = result
        if check.status != "valid" or check.voucher is None:
            self.show_message(messages.reason_text(f"voucher_{check.status}"), error=True)
            return
        if owner is not None:
            self.show_guest(owner)
        if self.guest is None:
            self.show_message(self.tr("Voucher is valid: now scan the guest's card."))
            return
        voucher = check.voucher
        if voucher.customer_id is not None and voucher.customer_id != self.guest.customer_id:
            self.show_message(messages.reason_text("voucher_other_guest"), error=True)
            return
        self.form.set_voucher(voucher)
        self.show_message(
            self.tr("Voucher applied: %1").replace("%1", self.form.voucher_text(voucher))
        )

    # -- enrolment -------------------------------------------------------------------------------

    def offer_enrolment(self, number: str) -> None:
        bonus = int(self.venue.settings.get("loyalty.welcome_bonus_minor"))
        days = int(self.venue.settings.get("loyalty.welcome_valid_days"))
        text = self.tr("Welcome bonus %1, usable from the next visit within %n day(s).", "", days)
        dialog = enrol_dialog.EnrolDialog(
            number,
            text.replace("%1", formatting.money(bonus, self.currency)),
            str(self.venue.settings.get("privacy.notice_version")),
            self,
        )
        self.enrol_dialog = dialog
        dialog.accepted.connect(lambda: self.enrol(number, dialog.enrolment()))
        dialog.rejected.connect(
            lambda: self.show_message(self.tr("Card %1 was not enrolled.").replace("%1", number))
        )
        dialog.open()

    def enrol(self, number: str, form: checkout.Enrolment) -> None:
        if self.actor is None:
            return
        self.runner.run(
            task_runner.Op(self.venue.checkout.enrol, self.actor, number, form)
            .on_success(self.on_enrolled)
            .on_failure(self.on_task_failed)
        )

    def on_enrolled(self, result: ops.Result[int]) -> None:
        def done(guest: counter.GuestView) -> None:
            self.show_guest(guest)
            self.show_message(
                self.tr("Welcome, %1! Now record today's visit.").replace("%1", guest.first_name)
            )

        self.runner.run(
            task_runner.Op(self.venue.counter.view, result.value)
            .on_success(done)
            .on_failure(self.on_task_failed)
        )

    # -- visits ----------------------------------------------------------------------------------

    @Slot()
    def on_form_save_requested(self) -> None:
        guest = self.guest
        if guest is None or self.saving or self.actor is None:
            return
        amount = self.form.amount_minor()
        if amount is None and self.form.voucher is None:
            reason = (
                "amount_missing" if not self.form.amount_edit.text().strip() else "amount_format"
            )
            self.show_message(messages.reason_text(reason), error=True)
            return
        if self.form.over_limit():
            self.show_message(self.form.limit_text(), error=True)
            return
        points = self.form.points_minor()
        if points is None:
            self.show_message(messages.reason_text("points_invalid"), error=True)
            return
        draft = checkout.VisitDraft(
            customer_id=guest.customer_id,
            card_id=guest.card_id or None,
            amount_minor=amount or 0,
            idempotency_key=self.draft_key,
            categories=self.form.categories(),
            receipt_no=self.form.receipt() or None,
            redeem_points_minor=points,
            voucher_code=self.form.voucher.code if self.form.voucher else None,
        )
        self.saving = True
        self.saving_for = guest.customer_id
        self.form.save_button.setEnabled(False)
        self.runner.run(
            task_runner.Op(self.venue.checkout.record_visit, self.actor, draft)
            .on_success(self.on_visit_recorded)
            .on_failure(self.on_save_failed)
        )

    def on_visit_recorded(self, result: ops.Result[checkout.VisitSaved]) -> None:
        """Say what was saved; the guest panel refreshes from the changes, then ``visit_saved``
        is emitted."""
        saved = result.value
        self.saving = False
        self.draft_key = uuid.uuid4().hex
        self.saved_here[self.saving_for] = saved.visit_id
        if result.changes.empty:  # this visit was already saved: nothing to refresh
            self.visit_saved.emit(saved)
        else:
            self.announce = saved
        parts = [
            self.tr("Visit saved: %1").replace(
                "%1", formatting.money(saved.amount_minor, self.currency)
            )
        ]
        if saved.redeemed_minor or saved.voucher_discount_minor:
            parts.append(
                self.tr("paid %1").replace("%1", formatting.money(saved.paid_minor, self.currency))
            )
        parts.append(
            self.tr("+%1 points").replace("%1", formatting.money(saved.earned_minor, self.currency))
        )
        self.show_message(" · ".join(parts))
        self.focus_scan()

    def on_save_failed(self, exc: Exception) -> None:
        self.saving = False
        self.form.save_button.setEnabled(self.guest is not None)
        self.on_task_failed(exc)

    @Slot()
    def on_form_void_requested(self) -> None:
        guest = self.guest
        if guest is None or guest.last_visit is None:
            return
        last = guest.last_visit
        dialog = void_dialog.VoidDialog(
            formatting.money(last.amount_minor, self.currency),
            formatting.local_time(last.visited_at, self.timezone),
            self,
        )
        dialog.accepted.connect(lambda: self.void_last_visit(guest, dialog.reason()))
        self.void_dialog = dialog
        dialog.open()

    def void_last_visit(self, guest: counter.GuestView, reason: str) -> None:
        """Void the visit this till saved last for the guest (by id), else the guest's last saved
        visit (after a restart); the service refuses it outside the void window."""
        if self.actor is None or guest.last_visit is None:
            return
        visit_id = self.saved_here.get(guest.customer_id, guest.last_visit.visit_id)
        self.runner.run(
            task_runner.Op(
                self.venue.checkout.void_visit, self.actor, guest.customer_id, visit_id, reason
            )
            .on_success(self.on_visit_voided)
            .on_failure(self.on_task_failed)
        )

    def on_visit_voided(self, result: ops.Result[int]) -> None:
        self.show_message(self.tr("The visit was voided; its points were taken back."))

    # -- messages --------------------------------------------------------------------------------

    def on_task_failed(self, exc: Exception) -> None:
        problem = venue_service.explain(exc, self.venue.data_dir)
        if isinstance(exc, checkout.CheckoutError) and exc.reason == "amount_too_large":
            self.show_message(self.form.limit_text(), error=True)
        elif isinstance(exc, checkout.CheckoutError):
            self.show_message(messages.reason_text(exc.reason), error=True)
        elif isinstance(exc, ops.PermissionDenied):
            self.show_message(self.tr("Your role does not allow this; ask the owner."), error=True)
        elif problem is not None:  # disk full, locked, read-only, damaged: said plainly
            self.show_message(messages.storage_text(problem.reason), error=True)
            self.problem_box = problem_dialog.storage_problem_box(problem, self)
            self.problem_box.open()
        else:
            self.show_message(
                self.tr("Could not complete this: %1").replace("%1", str(exc)), error=True
            )

    def show_message(self, text: str, *, error: bool = False) -> None:
        self.message.setText(text)
        self.message.setProperty("error", error)
        self.message.style().unpolish(self.message)
        self.message.style().polish(self.message)

    # -- simulated scanner (demo) ----------------------------------------------------------------

    def _simulate(self, pick: str) -> None:
        if self.bridge is None:
            return
        bridge = self.bridge

        def job() -> str | None:
            return self.venue.counter.demo_code(pick)

        def send(code: str | None) -> None:
            if code is not None:
                bridge.send_simulated(code)

        self.runner.submit(job, send, self.on_task_failed)

    @Slot()
    def on_sim_regular_clicked(self) -> None:
        self._simulate("regular")

    @Slot()
    def on_sim_new_clicked(self) -> None:
        self._simulate("new")

    @Slot()
    def on_sim_voucher_clicked(self) -> None:
        self._simulate("voucher")

    @Slot()
    def on_sim_garbled_clicked(self) -> None:
        if self.bridge is not None:
            self.bridge.send_simulated_raw(b"27\x0012345\xff678\r")
