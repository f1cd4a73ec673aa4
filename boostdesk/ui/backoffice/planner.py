"""The promotion planner: choose segments and an offer; see the reach on the active base, the
expected redemptions, the units to prepare and their cost, with the assumptions in plain words
(the seed's "order 700 units, not 1000")."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QLocale, Qt, Signal, Slot
from PySide6.QtGui import QHideEvent
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QSpinBox,
    QVBoxLayout,
)

from boostdesk.services import planner
from boostdesk.ui import formatting, labels, task_runner
from boostdesk.ui.backoffice import live, names, section

KEY_ROLE = Qt.ItemDataRole.UserRole


def _plan(service: Any) -> Any:
    def run(base: planner.Base, request: tuple[list[tuple[str, str]], planner.Offer]) -> Any:
        targets, offer = request
        return service.plan(base, targets, offer)

    return run


class PlannerSection(section.Section):
    key = "planner"

    base_loaded = Signal()
    plan_shown = Signal(int)

    def __init__(self, context: section.Context) -> None:
        super().__init__(context)
        self.base: planner.Base | None = None
        self.plan: planner.Plan | None = None
        self.stale = True
        self.live = live.LivePreview(_plan(context.venue.planner), self)
        symbol = formatting.CURRENCY_SYMBOLS.get(context.currency, context.currency)

        title = QLabel(self.tr("Promotion planner"), objectName="PageTitle")
        intro = QLabel(
            self.tr(
                "Plan an offer for the guests who will really come: guests who are gone, or who "
                "did not agree to the channel, will not use it — so you prepare fewer units."
            ),
            objectName="Hint",
        )
        intro.setWordWrap(True)

        self.targets = QListWidget(objectName="PlannerTargets")
        # long custom segment names wrap instead of scrolling the list sideways
        self.targets.setWordWrap(True)
        self.targets.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.kind = QComboBox(objectName="OfferKind")
        self.kind.addItem(self.tr("A free item (e.g. a dessert)"), "item")
        self.kind.addItem(self.tr("An amount off (voucher)"), "amount")
        self.kind.addItem(self.tr("A percentage off"), "percent")
        self.item = QLineEdit(objectName="OfferItem")
        self.item.setPlaceholderText(self.tr("e.g. cheesecake"))
        self.unit_cost = QSpinBox(objectName="UnitCost")
        self.unit_cost.setRange(0, 100_000)
        self.unit_cost.setValue(40)
        self.unit_cost.setSuffix(f" {symbol}")
        self.days_box = QSpinBox(objectName="OfferWindow")
        self.days_box.setRange(1, 365)
        self.days_box.setValue(14)
        self.days_box.setSuffix(self.tr(" days"))
        self.channel = QComboBox(objectName="OfferChannel")
        self.channel.addItem(self.tr("At the counter (no consent needed)"), "counter")
        self.channel.addItem(self.tr("SMS (agreed guests only)"), "sms")
        self.channel.addItem(self.tr("E-mail (agreed guests only)"), "email")

        offer = QFrame(objectName="PlanPanel")
        form = QFormLayout(offer)
        form.setContentsMargins(14, 12, 14, 12)
        form.addRow(QLabel(self.tr("The offer"), objectName="SectionTitle"))
        form.addRow(self.tr("Kind"), self.kind)
        form.addRow(self.tr("Item"), self.item)
        form.addRow(self.tr("Cost of one unit to you"), self.unit_cost)
        form.addRow(self.tr("Valid for"), self.days_box)
        form.addRow(self.tr("Channel"), self.channel)

        self.figures: dict[str, QLabel] = {}
        tiles = QGridLayout()
        tiles.setSpacing(10)
        for column, (key, caption) in enumerate(
            (
                ("reach", self.tr("Guests reached")),
                ("expected", self.tr("Expected redemptions")),
                ("units", self.tr("Units to prepare")),
                ("cost", self.tr("Cost")),
            )
        ):
            tile = QFrame(objectName="Tile")
            box = QVBoxLayout(tile)
            box.setContentsMargins(12, 8, 12, 8)
            box.addWidget(QLabel(caption, objectName="StatTitle"))
            figure = labels.data("BigNumber", "–")
            box.addWidget(figure)
            self.figures[key] = figure
            tiles.addWidget(tile, 0, column)
        self.compare = labels.data("PreviewState", self.tr("Reading the guests…"))
        self.compare.setWordWrap(True)
        self.assumptions = labels.data("Assumptions")
        self.assumptions.setWordWrap(True)
        self.assumptions.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)

        left = QVBoxLayout()
        left.addWidget(QLabel(self.tr("Who"), objectName="SectionTitle"))
        left.addWidget(self.targets, 1)
        right = QVBoxLayout()
        right.setSpacing(10)
        right.addWidget(offer)
        right.addLayout(tiles)
        right.addWidget(self.compare)
        right.addWidget(self.assumptions, 1)
        columns = QHBoxLayout()
        columns.setSpacing(16)
        columns.addLayout(left, 4)
        columns.addLayout(right, 9)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 18, 24, 16)
        layout.setSpacing(10)
        layout.addWidget(title)
        layout.addWidget(intro)
        layout.addLayout(columns, 1)
        self._connect_signals()

    def _connect_signals(self) -> None:
        self.targets.itemChanged.connect(self.on_input_changed)
        self.kind.currentIndexChanged.connect(self.on_input_changed)
        self.item.textChanged.connect(self.on_input_changed)
        self.unit_cost.valueChanged.connect(self.on_input_changed)
        self.days_box.valueChanged.connect(self.on_input_changed)
        self.channel.currentIndexChanged.connect(self.on_input_changed)
        self.live.computed.connect(self.on_live_computed)
        self.live.failed.connect(self.on_live_failed)

    # -- loading ---------------------------------------------------------------------------------

    def on_shown(self) -> None:
        if self.stale:
            self.reload()

    def reload(self) -> None:
        self.stale = False
        venue = self.context.venue
        self.context.runner.run(
            task_runner.Op(venue.planner.load_base)
            .with_progress(self.tr("Reading the guests…"))
            .on_success(self.on_base_loaded)
            .on_failure(self.on_base_failed)
        )

    def on_base_loaded(self, base: planner.Base) -> None:
        if not self.isVisible():  # hidden while it read: shown again, the page reads anew
            self.stale = True
            return
        chosen = set(self.chosen()) or {("lifecycle", s) for s in ("at_risk", "lost", "gone")}
        self.base = base
        self.targets.blockSignals(True)
        self.targets.clear()
        for family in planner.FAMILIES:
            sizes = base.sizes(family)
            if not sizes:
                continue
            heading = QListWidgetItem(names.family(family))
            heading.setFlags(Qt.ItemFlag.NoItemFlags)
            font = heading.font()
            font.setBold(True)
            heading.setFont(font)
            self.targets.addItem(heading)
            for key in names.order(family, list(sizes)):
                shown = base.custom_names.get(key, key) if family == planner.CUSTOM else None
                title = shown or names.segment(family, key)
                item = QListWidgetItem(f"{title}  ({formatting.number(sizes[key])})")
                item.setToolTip(item.text())  # a long custom segment name is cut in the list
                item.setData(KEY_ROLE, (family, key))
                item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsUserCheckable)
                checked = (family, key) in chosen
                item.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)
                self.targets.addItem(item)
        if not self.targets.count():
            empty = QListWidgetItem(
                self.tr("No segments yet: they appear after the first segment run.")
            )
            empty.setFlags(Qt.ItemFlag.NoItemFlags)
            self.targets.addItem(empty)
        self.targets.blockSignals(False)
        self.live.set_base(base)
        self.live.request_now(self.request())
        self.base_loaded.emit()

    def on_base_failed(self, exc: Exception) -> None:
        self.stale = True
        self.compare.setText(self.tr("The guests could not be read: %1").replace("%1", str(exc)))

    # -- planning --------------------------------------------------------------------------------

    def chosen(self) -> list[tuple[str, str]]:
        found = []
        for row in range(self.targets.count()):
            item = self.targets.item(row)
            if item.checkState() == Qt.CheckState.Checked and item.data(KEY_ROLE):
                family, key = item.data(KEY_ROLE)
                found.append((str(family), str(key)))
        return found

    def offer(self) -> planner.Offer:
        return planner.Offer(
            kind=str(self.kind.currentData()),
            unit_cost_minor=self.unit_cost.value() * 100,
            window_days=self.days_box.value(),
            channel=str(self.channel.currentData()),
        )

    def request(self) -> tuple[list[tuple[str, str]], planner.Offer]:
        return self.chosen(), self.offer()

    def choose(self, targets: list[tuple[str, str]]) -> None:
        """Tick exactly ``targets`` (tests and the benchmark choose through this)."""
        for row in range(self.targets.count()):
            item = self.targets.item(row)
            if item.data(KEY_ROLE):
                family, key = item.data(KEY_ROLE)
                ticked = (str(family), str(key)) in targets
                item.setCheckState(Qt.CheckState.Checked if ticked else Qt.CheckState.Unchecked)

    @Slot()
    def on_input_changed(self) -> None:
        self.item.setEnabled(self.kind.currentData() == "item")
        self.live.request(self.request())

    @Slot(int, object)
    def on_live_computed(self, seq: int, plan: planner.Plan) -> None:
        self.plan = plan
        self.figures["reach"].setText(formatting.number(plan.reach))
        self.figures["expected"].setText(_one_decimal(plan.expected))
        self.figures["units"].setText(formatting.number(plan.units))
        self.figures["cost"].setText(formatting.money(plan.cost_minor, self.context.currency))
        self.compare.setProperty("error", False)
        self.compare.setText(self._comparison(plan))
        self.assumptions.setText("\n".join(f"• {line}" for line in self._assumptions(plan)))
        self.plan_shown.emit(seq)

    @Slot(int, object)
    def on_live_failed(self, _seq: int, exc: Exception) -> None:
        self.compare.setProperty("error", True)
        self.compare.setText(self.tr("This offer cannot be planned: %1").replace("%1", str(exc)))

    def _comparison(self, plan: planner.Plan) -> str:
        if not self.chosen():
            return self.tr("Tick one or more segments on the left.")
        if plan.naive_units > plan.units:
            return (
                self.tr(
                    "Prepare %1, not %2: counted over every guest of these segments (%3, gone "
                    "and unreachable included), the same rate would ask for %2."
                )
                .replace("%1", formatting.number(plan.units))
                .replace("%2", formatting.number(plan.naive_units))
                .replace("%3", formatting.number(plan.in_segments))
            )
        return self.tr("Prepare %1 units.").replace("%1", formatting.number(plan.units))

    def _assumptions(self, plan: planner.Plan) -> list[str]:
        channel = str(self.channel.currentData())
        n = formatting.number
        lines = [
            self.tr(
                "Reach: %1 guests are in the chosen segments; %2 of them are Gone and left out "
                "(erased guests are never counted)."
            )
            .replace("%1", n(plan.in_segments))
            .replace("%2", n(plan.gone))
        ]
        if channel == "counter":
            lines.append(self.tr("Handed over at the counter: no consent is needed."))
        else:
            lines.append(
                self.tr("%1 active guests did not agree to this channel and are left out.").replace(
                    "%1", n(plan.no_consent)
                )
            )
        percent = _percent(plan.rate)
        days = str(plan.window_days)
        if plan.basis == "history":
            lines.append(
                self.tr(
                    "Of %1 similar offers given before to guests now in these segments, %2 were "
                    "used within %3 days (%4). The same share of the guests reached is expected."
                )
                .replace("%1", n(plan.history.issued))
                .replace("%2", n(plan.history.redeemed))
                .replace("%3", days)
                .replace("%4", percent)
            )
        elif plan.basis == "model":
            lines.append(
                self.tr(
                    "Too few similar offers so far (%1) to learn from. The visit model (BG/NBD, "
                    "fitted on your visits) gives the chance that each reached guest comes at "
                    "least once in the next %2 days; each guest who comes uses the offer once "
                    "(%3 of the reach on average)."
                )
                .replace("%1", n(plan.history.issued))
                .replace("%2", days)
                .replace("%3", percent)
            )
        else:
            lines.append(
                self.tr(
                    "Too few similar offers and too few returning guests for a visit model: each "
                    "guest is expected to come at their own rate of the last year, over %1 days, "
                    "and to use the offer at most once (%2 of the reach)."
                )
                .replace("%1", days)
                .replace("%2", percent)
            )
        lines.append(
            self.tr("Units = expected redemptions rounded up; cost = units × %1.").replace(
                "%1", formatting.money(self.unit_cost.value() * 100, self.context.currency)
            )
        )
        return lines

    def is_settled(self) -> bool:
        return self.base is not None and self.plan is not None and not self.live.pending()

    def on_changes(self, changes: Any) -> None:
        self.stale = True

    def on_locked(self) -> None:
        self.stale = True

    def hideEvent(self, event: QHideEvent) -> None:  # noqa: N802 (Qt override)
        # The guests' arrays are big (100 000 guests: tens of megabytes); a page out of sight
        # gives them back and reads them again when it is shown.
        self.base = None
        self.plan = None
        self.live.set_base(None)
        self.stale = True
        super().hideEvent(event)


def _one_decimal(value: float) -> str:
    return QLocale().toString(float(value), "f", 1)


def _percent(rate: float) -> str:
    return QLocale().toString(100 * float(rate), "f", 0) + " %"
