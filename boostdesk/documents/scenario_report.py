"""The scenario results report: per scenario, the guests it met against the held-out control
group — return rate, visits and revenue per guest, the lift with its 95 % interval, redemptions,
cost and net effect — and a plain sentence where a group is too small to conclude."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Spacer

from boostdesk.documents import report_layout as layout
from boostdesk.documents import texts

_TEXT = {
    "title": ("Senaryo sonuçları", "Scenario results"),
    "subtitle": (
        "Senaryonun ulaştığı misafirler ile rastgele ayrılan kontrol grubu, ulaşıldıktan sonraki "
        "{days} gün · {day}",
        "Guests a scenario met against the control group held out at random, over the {days} "
        "days after · {day}",
    ),
    "scenario": ("Senaryo", "Scenario"),
    "treated": ("Ulaşılan", "Treated"),
    "control": ("Kontrol", "Control"),
    "returned": ("Geri geldi", "Came back"),
    "lift": ("Geri gelme farkı", "Return-rate lift"),
    "points": ("{value} puan", "{value} pt"),
    "interval": (
        "Geri gelme farkı, 95 % aralık {low} … {high}",
        "Return-rate lift, 95 % interval {low} … {high}",
    ),
    "visits": ("Ziyaret / misafir", "Visits / guest"),
    "revenue": ("Ciro / misafir", "Revenue / guest"),
    "redeemed": ("Kullanılan çek", "Vouchers used"),
    "cost": ("Maliyet", "Cost"),
    "net": ("Net etki", "Net effect"),
    "too_small": (
        "Örneklem sonuç çıkarmak için çok küçük (her grupta en az 30 misafir gerekir).",
        "Sample too small to conclude (each group needs at least 30 guests).",
    ),
    "positive": ("Etkili: daha çok misafir geri geliyor.", "Works: more guests come back."),
    "negative": (
        "Senaryosuz olduğundan daha az misafir geri geliyor.",
        "Fewer guests come back than without it.",
    ),
    "unclear": (
        "Henüz belirgin bir etki yok (aralık sıfırı içeriyor).",
        "No clear effect yet (the interval includes zero).",
    ),
    "none": ("Henüz hiçbir senaryo çalışmadı.", "No scenario has run yet."),
    "method": (
        "Fark, geri gelen misafir oranlarının farkıdır (ulaşılan − kontrol); 95 % güven aralığı "
        "Newcombe'un karma skor yöntemiyle hesaplanır. Net etki: ulaşılan grubun cirosu, kontrol "
        "grubunun misafir başı cirosuyla beklenenden fazlası, eksi ödül maliyeti.",
        "The lift is the difference in the share of guests who came back (treated − control); "
        "its 95 % confidence interval is Newcombe's hybrid score method. Net effect: the treated "
        "group's revenue above what the control group's revenue per guest predicts, less the "
        "cost of the rewards.",
    ),
}


TEMPLATE_NAMES = {
    "welcome": ("Hoş geldin", "Welcome"),
    "second_visit": ("İkinci ziyaret", "Second visit"),
    "winback_at_risk": ("Geri kazanma (Risk altında)", "Win-back (At risk)"),
    "winback_lost": ("Geri kazanma (Kayıp)", "Win-back (Lost)"),
    "birthday": ("Doğum günü", "Birthday"),
    "name_day": ("İsim günü", "Name day"),
    "family_birthday": ("Aile doğum günü", "Family birthday"),
    "vip_welcome": ("VIP karşılama", "VIP welcome"),
    "points_expiry": ("Puan süresi hatırlatması", "Points expiry reminder"),
}


def scenario_name(key: str, name: str, language: str) -> str:
    """The shipped scenarios by their name in ``language``; the owner's own by the name given."""
    names = TEMPLATE_NAMES.get(key)
    return names[0 if language == "tr" else 1] if names else name


def _t(key: str, language: str, **values: object) -> str:
    text = _TEXT[key][0 if language == "tr" else 1]
    return text.format(**values) if values else text


@dataclass(frozen=True, slots=True)
class ResultRow:
    name: str
    treated: int
    control: int
    rate_treated: float
    rate_control: float
    lift: float
    lift_low: float
    lift_high: float
    visits_treated: float
    visits_control: float
    revenue_treated_minor: int
    revenue_control_minor: int
    redemptions: int
    cost_minor: int
    net_minor: int
    verdict: str  # too_small | positive | negative | unclear


@dataclass(frozen=True, slots=True)
class ScenarioResults:
    venue_name: str
    day: dt.date
    made_at: dt.datetime
    window_days: int
    rows: tuple[ResultRow, ...]


def _points(value: float, language: str) -> str:
    text = f"{value * 100:+.1f}"
    return text.replace(".", ",") if language == "tr" else text


def _decimal(value: float, language: str) -> str:
    text = f"{value:.2f}"
    return text.replace(".", ",") if language == "tr" else text


def _percent(value: float, language: str) -> str:
    return texts.percent(value * 100, language, 1)


def render(results: ScenarioResults, language: str) -> bytes:
    story: list[Flowable] = list(
        layout.title_block(
            _t("title", language),
            _t(
                "subtitle",
                language,
                days=results.window_days,
                day=texts.date(results.day, language),
            ),
        )
    )
    if not results.rows:
        story.append(layout.note(_t("none", language)))
    for row in results.rows:
        lift, lift_label = "–", _t("lift", language)
        if row.treated and row.control:
            lift = _t("points", language, value=_points(row.lift, language))
            lift_label = _t(
                "interval",
                language,
                low=_points(row.lift_low, language),
                high=_points(row.lift_high, language),
            )
        figures = [
            (_t("treated", language), texts.number(row.treated, language)),
            (_t("control", language), texts.number(row.control, language)),
            (lift_label, lift),
            (_t("net", language), texts.money(language=language, minor=row.net_minor)),
        ]
        table = layout.data_table(
            ["", _t("treated", language), _t("control", language)],
            [
                [
                    _t("returned", language),
                    _percent(row.rate_treated, language),
                    _percent(row.rate_control, language),
                ],
                [
                    _t("visits", language),
                    _decimal(row.visits_treated, language),
                    _decimal(row.visits_control, language),
                ],
                [
                    _t("revenue", language),
                    texts.money(language=language, minor=row.revenue_treated_minor),
                    texts.money(language=language, minor=row.revenue_control_minor),
                ],
                [_t("redeemed", language), texts.number(row.redemptions, language), "–"],
                [_t("cost", language), texts.money(language=language, minor=row.cost_minor), "–"],
            ],
            [layout.WIDTH * 0.4, layout.WIDTH * 0.3, layout.WIDTH * 0.3],
            right=(1, 2),
        )
        story.append(
            layout.keep(
                layout.heading(row.name),
                layout.key_figures(figures),
                Spacer(0, 3 * mm),
                table,
                Spacer(0, 2 * mm),
                layout.note(_t(row.verdict, language)),
                Spacer(0, 5 * mm),
            )
        )
    story.append(layout.note(_t("method", language)))
    return layout.build(story, results.venue_name, _t("title", language), language, results.made_at)
