"""The guest page's words: a guest's file turned into the sentences and table rows the owner
reads, in the user's language (a QObject so that ``self.tr`` gives plural forms)."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QLocale, QObject

from boostdesk.domain import rewards
from boostdesk.services import guest_actions, guest_file, ops
from boostdesk.ui import categories, explanations, formatting, segment_names


class GuestText(QObject):
    def __init__(self, currency: str, timezone: str, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.currency = currency
        self.timezone = timezone
        self.explainer = explanations.SegmentExplainer(currency, timezone, self)

    def money(self, minor: int) -> str:
        return formatting.money(minor, self.currency)

    def date(self, at: int | None) -> str:
        return "—" if at is None else formatting.local_date_of(at, self.timezone)

    def percent(self, share: float) -> str:
        """``0.73`` → "73%" (Turkish: "%73")."""
        whole = round(share * 100)
        if share < 1 and whole >= 100:  # never "certain": 99.9 % reads 99 %
            whole = 99
        return self.tr("%1%").replace("%1", str(whole))

    def channel(self, channel: str) -> str:
        return {
            "sms": self.tr("SMS"),
            "email": self.tr("E-mail"),
            "call": self.tr("Phone calls"),
            "profiling": self.tr("Personalised offers (profiling)"),
        }.get(channel, channel)

    # -- header and tiles -------------------------------------------------------------------------

    def card_line(self, file: guest_file.GuestFile) -> str:
        view = file.view
        if not view.card_number:
            return self.tr("No card")
        text = self.tr("Card %1").replace("%1", view.card_number)
        if view.card_status != "active":
            text += " · " + self.card_status(view.card_status)
        return text

    def card_status(self, status: str) -> str:
        return {
            "active": self.tr("active"),
            "blocked": self.tr("blocked"),
            "lost": self.tr("reported lost"),
        }.get(status, status)

    def tiles(self, file: guest_file.GuestFile) -> dict[str, tuple[str, str]]:
        view, numbers = file.view, file.numbers
        balance = view.balance
        points_note = ""
        if balance.expiring_soon_minor:
            points_note = self.tr("%1 expire soon").replace(
                "%1", self.money(balance.expiring_soon_minor)
            )
        elif balance.pending_minor:
            points_note = self.tr("%1 from the next visit").replace(
                "%1", self.money(balance.pending_minor)
            )
        last = view.last_visit
        last_note = ""
        if last is not None:
            away = formatting.days_ago(last.visited_at, self.timezone)
            last_note = self.tr("%n day(s) ago", "", away)
        average = numbers.amount_minor // numbers.visits if numbers.visits else 0
        tiles = {
            "points": (self.money(balance.usable_minor), points_note),
            "visits": (
                formatting.number(numbers.visits),
                self.tr("%n in the last 30 days", "", view.visits_month),
            ),
            "spend": (
                self.money(numbers.amount_minor),
                self.tr("average bill %1").replace("%1", self.money(average)) if average else "",
            ),
            "last": (self.date(last.visited_at) if last else "—", last_note),
        }
        prediction = file.prediction
        if prediction is None:
            tiles["alive"] = ("—", self.tr("no model fitted yet"))
            tiles["clv"] = ("—", self.tr("no model fitted yet"))
        else:
            tiles["alive"] = (
                self.percent(prediction.p_alive),
                self.tr("chance to come back"),
            )
            tiles["clv"] = (
                self.money(prediction.clv_12m_minor),
                self.tr("~%1 visits in 30 days").replace(
                    "%1", QLocale().toString(prediction.expected_visits_30d, "f", 1)
                ),
            )
        return tiles

    # -- profile ----------------------------------------------------------------------------------

    def profile(self, file: guest_file.GuestFile) -> dict[str, str]:
        p = file.profile
        genders = {"female": self.tr("female"), "male": self.tr("male"), "other": self.tr("other")}
        birth = "—"
        if p.birth_date:
            try:
                birth = formatting.local_date(dt.date.fromisoformat(p.birth_date))
            except ValueError:
                birth = p.birth_date
        cards = ", ".join(
            f"{number} ({self.card_status(status)})" for number, status, _at in file.cards
        )
        return {
            "phone": p.phone or "—",
            "email": p.email or "—",
            "birth": birth,
            "gender": genders.get(p.gender or "", "—"),
            "place": ", ".join(x for x in (p.district, p.city) if x) or "—",
            "since": self.date(p.created_at),
            "source": segment_names.segment("registration_source", p.registration_source),
            "cards": cards or "—",
        }

    def consent_row(self, row: tuple[str, bool, int, str]) -> tuple[str, ...]:
        channel, granted, at, source = row
        answer = self.tr("yes") if granted else self.tr("no")
        where = {
            "counter": self.tr("at the counter"),
            "back_office": self.tr("back office"),
            "import": self.tr("import"),
        }.get(source, source)
        return (self.date(at), self.channel(channel), answer, where)

    # -- history tables ---------------------------------------------------------------------------

    def visit_row(self, visit: guest_file.Visit) -> tuple[str, ...]:
        basket = ", ".join(
            f"{categories.display_name(code, name)} {self.money(amount)}"
            for code, name, amount in visit.lines
        )
        when = formatting.local_datetime(visit.visited_at, self.timezone)
        state = self.tr("voided") if visit.voided else ""
        return (when, self.money(visit.amount_minor), basket or "—", state)

    def ledger_row(self, entry: guest_file.LedgerRow) -> tuple[str, ...]:
        kinds = {
            "earn": self.tr("Earned"),
            "welcome": self.tr("Welcome bonus"),
            "redeem": self.tr("Paid with points"),
            "expire": self.tr("Expired"),
            "adjust": self.tr("Adjustment"),
            "reverse": self.tr("Taken back"),
        }
        return (
            self.date(entry.created_at),
            kinds.get(entry.kind, entry.kind),
            self.money(entry.points_minor),
            self.date(entry.expires_at) if entry.expires_at else "",
        )

    def balance(self, balance: rewards.Balance) -> str:
        text = self.tr("Usable now: %1. Not yet usable: %2. Expiring within 30 days: %3.")
        return (
            text.replace("%1", self.money(balance.usable_minor))
            .replace("%2", self.money(balance.pending_minor))
            .replace("%3", self.money(balance.expiring_soon_minor))
        )

    def voucher_row(self, voucher: guest_file.VoucherRow, status: str) -> tuple[str, ...]:
        if voucher.kind == "percent":
            value = f"%{voucher.value}"
        elif voucher.kind == "item":
            value = voucher.item_name or ""
        else:
            value = self.money(voucher.value)
        states = {
            "waiting": self.tr("to hand over"),
            "printed": self.tr("handed over"),
            "redeemed": self.tr("used"),
            "expired": self.tr("expired"),
            "cancelled": self.tr("cancelled"),
        }
        last_day = self.date(voucher.expires_at - 1) if voucher.expires_at else "—"
        return (voucher.code, value, self.date(voucher.issued_at), last_day, states[status])

    def transition_row(self, row: tuple[str, str | None, str, int]) -> tuple[str, ...]:
        family, source, target, at = row
        before = segment_names.segment(family, source) if source else self.tr("(first)")
        change = f"{before} → {segment_names.segment(family, target)}"
        return (self.date(at - 1), segment_names.family(family), change)

    # -- segments with their reasons --------------------------------------------------------------

    def segment_rows(self, file: guest_file.GuestFile) -> list[tuple[str, ...]]:
        rows: list[tuple[str, ...]] = []
        for family, key in file.segments.items():
            rows.append(
                (
                    segment_names.family(family),
                    segment_names.segment(family, key),
                    self.reason(file, family, key),
                    self.next_step(file, family, key),
                )
            )
        return rows

    def reason(self, file: guest_file.GuestFile, family: str, key: str) -> str:
        n = file.numbers
        if family == "lifecycle":
            return self.explainer.reason(file.view)
        if family in ("rfm", "abc", "frequency"):
            text = self.tr("%n visit(s) in the last %1 days, spend %2", "", n.visits_window)
            return text.replace("%1", str(n.window_days)).replace(
                "%2", self.money(n.amount_window_minor)
            )
        if family == "spend":
            average = n.amount_minor // n.visits if n.visits else 0
            return self.tr("Average bill %1").replace("%1", self.money(average))
        if family == "daypart":
            text = self.tr("Visits: %1 mornings, %2 afternoons, %3 evenings")
            for mark, count in (("%1", n.morning), ("%2", n.afternoon), ("%3", n.evening)):
                text = text.replace(mark, str(count))
            return text
        if family == "basket":
            code = file.view.favourite_category
            if not code:
                return ""
            name = categories.display_name(code, file.categories.get(code, code))
            return self.tr("Spends most on %1").replace("%1", name)
        if family in ("age", "gender", "family", "registration_source"):
            return self.tr("From the guest's profile")
        if family == "campaigns":
            return self.tr("From the vouchers the guest received and used")
        if family == "predictive" and file.prediction is not None:
            return self.tr("P(alive) %1").replace("%1", self.percent(file.prediction.p_alive))
        return ""

    def next_step(self, file: guest_file.GuestFile, family: str, key: str) -> str:
        if family == "lifecycle":
            step = file.view.next_step
            if step is None:
                return "" if key == "vip" else self.tr("A visit soon")
            target = segment_names.segment("lifecycle", step.target)
            if step.visits_needed == 0 and step.average_needed_minor == 0:
                return target
            text = self.tr("%1: %n more visit(s) a month", "", step.visits_needed)
            text = text.replace("%1", target)
            if step.average_needed_minor:
                text += self.tr(", average bill +%1").replace(
                    "%1", self.money(step.average_needed_minor)
                )
            return text
        if family == "abc":
            n = file.numbers
            goal = {"C": n.abc_b_min_minor, "B": n.abc_a_min_minor}.get(key)
            if goal is None:
                return ""
            target = "B" if key == "C" else "A"
            more = max(0, goal - n.amount_window_minor)
            return (
                self.tr("%1: spend %2 more in the window")
                .replace("%1", target)
                .replace("%2", self.money(more))
            )
        return ""

    # -- failures ---------------------------------------------------------------------------------

    def error(self, error: Exception) -> str:
        if isinstance(error, ops.PermissionDenied):
            return self.tr("Only the owner may do this.")
        reason = getattr(error, "reason", "")
        words = {
            "card_invalid": self.tr("That is not a valid card number."),
            "card_taken": self.tr("That card already belongs to a guest or is blocked."),
            "same_guest": self.tr("Choose another guest to merge."),
            "no_guest": self.tr("The guest no longer exists."),
            "amount": self.tr("Give an amount between 0 and 100 000."),
            "expiry": self.tr("The last day is in the past."),
            "card": self.tr("The guest has no card."),
        }
        if isinstance(error, guest_actions.GuestActionError | ValueError) and reason in words:
            return words[reason]
        if reason:
            return self.tr("Not saved: %1").replace("%1", reason)
        return self.tr("Not saved: %1").replace("%1", str(error))
