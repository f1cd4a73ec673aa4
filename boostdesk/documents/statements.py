"""Reports about one day or one guest: the daily counter summary, a guest's personal-data
statement, and the list of guests in a segment (contact data only where the guest agreed)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from reportlab.graphics.charts.barcharts import HorizontalBarChart, VerticalBarChart
from reportlab.graphics.shapes import Drawing
from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Spacer, Table

from boostdesk.documents import fonts, texts
from boostdesk.documents import report_layout as layout

BAR = colors.Color(0.62, 0.75, 0.8)


@dataclass(frozen=True, slots=True)
class DailySummary:
    venue_name: str
    day: dt.date
    made_at: dt.datetime
    visits: int
    voided: int
    revenue_minor: int
    guests: int
    new_guests: int
    points_earned_minor: int
    points_redeemed_minor: int
    vouchers_issued: int
    vouchers_printed: int
    vouchers_redeemed: int
    visits_by_hour: tuple[int, ...]  # 24 local hours
    categories: tuple[tuple[str, int], ...]  # (display name, revenue)


def _axes(chart: Any) -> None:
    for axis in (chart.categoryAxis, chart.valueAxis):
        axis.labels.fontName = fonts.REGULAR
        axis.labels.fontSize = 6.5
        axis.strokeColor = layout.RULE
    chart.valueAxis.valueMin = 0
    chart.valueAxis.visibleGrid = True
    chart.valueAxis.gridStrokeColor = layout.RULE
    chart.bars[0].fillColor = BAR
    chart.bars[0].strokeColor = None


def _hours_chart(by_hour: Sequence[int]) -> Drawing:
    """Visits per hour over the hours the venue was busy (at least 7:00-22:00)."""
    busy = [h for h, n in enumerate(by_hour) if n]
    first, last = min([7, *busy]), max([22, *busy])
    drawing = Drawing(layout.WIDTH, 48 * mm)
    chart = VerticalBarChart()
    chart.x, chart.y, chart.width, chart.height = 30, 16, layout.WIDTH - 40, 48 * mm - 26
    chart.data = [list(by_hour[first : last + 1])]
    chart.categoryAxis.categoryNames = [f"{h:02d}" for h in range(first, last + 1)]
    _axes(chart)
    chart.valueAxis.valueStep = max(1, (max(by_hour) + 4) // 5)
    chart.barLabels.fontName = fonts.REGULAR
    chart.barLabels.fontSize = 6
    chart.barLabelFormat = lambda v: str(int(v)) if v else ""
    chart.barLabels.nudge = 5
    drawing.add(chart)
    return drawing


def _category_chart(categories: Sequence[tuple[str, int]], language: str) -> Drawing:
    height = 16 * len(categories) + 20
    drawing = Drawing(layout.WIDTH, height)
    chart = HorizontalBarChart()
    chart.x, chart.y, chart.width, chart.height = 70, 12, layout.WIDTH - 140, height - 16
    ordered = list(reversed(categories))
    chart.data = [[amount / 100 for _, amount in ordered]]
    chart.categoryAxis.categoryNames = [name for name, _ in ordered]
    _axes(chart)
    chart.valueAxis.labelTextFormat = lambda v: texts.money_whole(int(v * 100), language)
    chart.barWidth = 9
    chart.barLabels.fontName = fonts.REGULAR
    chart.barLabels.fontSize = 6.5
    chart.barLabels.boxAnchor = "w"
    chart.barLabels.dx = 3
    chart.barLabelFormat = lambda v: texts.money(round(v * 100), language)
    drawing.add(chart)
    return drawing


def daily_summary(summary: DailySummary, language: str) -> bytes:
    """Visits, revenue, points issued and redeemed, vouchers, hours and categories of a day."""
    title = texts.text("daily_title", language)
    tr = language == "tr"
    story: list[Flowable] = layout.title_block(title, texts.date(summary.day, language))
    average = summary.revenue_minor // summary.visits if summary.visits else 0
    money, number = texts.money, texts.number
    figures = [
        (texts.text("visits", language), number(summary.visits, language)),
        (texts.text("revenue", language), money(summary.revenue_minor, language)),
        (texts.text("average_bill", language), money(average, language)),
        (texts.text("guests", language), number(summary.guests, language)),
        (texts.text("new_guests", language), number(summary.new_guests, language)),
        (texts.text("voided", language), number(summary.voided, language)),
        (texts.text("points_earned", language), money(summary.points_earned_minor, language)),
        (texts.text("points_redeemed", language), money(summary.points_redeemed_minor, language)),
        (texts.text("vouchers_issued", language), number(summary.vouchers_issued, language)),
        (texts.text("vouchers_printed", language), number(summary.vouchers_printed, language)),
        (texts.text("vouchers_redeemed", language), number(summary.vouchers_redeemed, language)),
    ]
    story.append(layout.key_figures(figures))
    if not summary.visits:
        story += [Spacer(0, 8), layout.note(texts.text("no_visits", language))]
    else:
        story += [
            layout.keep(
                layout.heading(texts.text("by_hour", language)),
                _hours_chart(summary.visits_by_hour),
            ),
        ]
        if summary.categories:
            story += [
                layout.keep(
                    layout.heading(texts.text("by_category", language)),
                    _category_chart(summary.categories, language),
                ),
            ]
    del tr
    return layout.build(story, summary.venue_name, title, language, summary.made_at)


# -- a guest's personal-data statement -----------------------------------------------------------


@dataclass(frozen=True, slots=True)
class GuestStatement:
    venue_name: str
    made_at: dt.datetime
    identity: tuple[tuple[str, str], ...]  # (label, value) already worded
    consents: tuple[tuple[str, str, str, str], ...]  # (channel, yes/no, when, source)
    family: tuple[tuple[str, str, str], ...]
    cards: tuple[tuple[str, str, str], ...]
    visit_summary: str
    visits: tuple[tuple[str, str, str], ...]  # (when, amount, note)
    points_summary: str
    points: tuple[tuple[str, str, str], ...]  # (when, kind, points)
    vouchers: tuple[tuple[str, str, str, str], ...]  # (code, value, until, state)
    segments: tuple[tuple[str, str], ...]


def _section(
    title: str,
    header: Sequence[str],
    rows: Sequence[Sequence[str]],
    widths: Sequence[float],
    language: str,
    right: Sequence[int] = (),
) -> list[Flowable]:
    if not rows:
        return [layout.heading(title), layout.note(texts.text("none", language))]
    table = layout.data_table(header, rows, widths, right=right)
    return [layout.heading(title), table]


def guest_statement(statement: GuestStatement, language: str) -> bytes:
    """Everything stored about one guest, section by section (KVKK article 11 request)."""
    en = language != "tr"
    title = texts.text("statement_title", language)
    story: list[Flowable] = layout.title_block(
        title, texts.text("statement_intro", language, venue=statement.venue_name)
    )
    identity = Table(
        [[layout.note(label), layout.note(value)] for label, value in statement.identity],
        colWidths=[45 * mm, layout.WIDTH - 45 * mm],
    )
    identity.setStyle(
        [
            ("LINEBELOW", (0, 0), (-1, -1), 0.25, layout.RULE),
            ("TOPPADDING", (0, 0), (-1, -1), 2),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
        ]
    )
    story += [layout.heading(texts.text("identity", language)), identity]
    w = layout.WIDTH
    story += _section(
        texts.text("consents", language),
        ["Channel", "Agreed", "When", "Source"] if en else ["Kanal", "İzin", "Tarih", "Kaynak"],
        statement.consents,
        [w * 0.25] * 4,
        language,
    )
    story += _section(
        texts.text("family", language),
        ["Relation", "First name", "Birth date"] if en else ["Yakınlık", "Ad", "Doğum tarihi"],
        statement.family,
        [w / 3] * 3,
        language,
    )
    story += _section(
        texts.text("cards", language),
        ["Card", "Status", "Issued"] if en else ["Kart", "Durum", "Veriliş"],
        statement.cards,
        [w / 3] * 3,
        language,
    )
    story += [
        layout.heading(texts.text("visit_history", language)),
        layout.note(statement.visit_summary),
        Spacer(0, 3),
    ]
    if statement.visits:
        story.append(
            layout.data_table(
                ["When", "Amount", "Note"] if en else ["Tarih", "Tutar", "Not"],
                statement.visits,
                [w * 0.4, w * 0.25, w * 0.35],
                right=(1,),
            )
        )
    story += [
        layout.heading(texts.text("points", language)),
        layout.note(statement.points_summary),
        Spacer(0, 3),
    ]
    if statement.points:
        story.append(
            layout.data_table(
                ["When", "Entry", "Points"] if en else ["Tarih", "Hareket", "Puan"],
                statement.points,
                [w * 0.4, w * 0.35, w * 0.25],
                right=(2,),
            )
        )
    story += _section(
        texts.text("vouchers", language),
        ["Code", "Value", "Valid until", "State"] if en else ["Kod", "Değer", "Son gün", "Durum"],
        statement.vouchers,
        [w * 0.3, w * 0.25, w * 0.2, w * 0.25],
        language,
    )
    story += _section(
        texts.text("segments", language),
        ["Family", "Segment"] if en else ["Aile", "Segment"],
        statement.segments,
        [w * 0.4, w * 0.6],
        language,
    )
    return layout.build(story, statement.venue_name, title, language, statement.made_at)


# -- guests of a segment -------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class SegmentGuests:
    venue_name: str
    made_at: dt.datetime
    segment_name: str
    total: int  # guests in the segment (the list may be cut at a limit)
    rows: tuple[
        tuple[str, str, str, str, str, str], ...
    ]  # name, phone, e-mail, visits, spend, last


def segment_guests(listing: SegmentGuests, language: str) -> bytes:
    """A call / mailing list of one segment: contact data only where the guest agreed."""
    title = texts.text("guests_title", language, segment=listing.segment_name)
    en = language != "tr"
    story: list[Flowable] = layout.title_block(
        title,
        f"{texts.number(len(listing.rows), language)} / {texts.number(listing.total, language)} "
        + ("guests, biggest spenders first" if en else "misafir, en çok harcayan önce"),
    )
    story += [layout.note(texts.text("contact_note", language)), Spacer(0, 6)]
    header = (
        ["Guest", "Phone", "E-mail", "Visits", "Spend", "Last visit"]
        if en
        else ["Misafir", "Telefon", "E-posta", "Ziyaret", "Harcama", "Son ziyaret"]
    )
    w = layout.WIDTH
    widths = [w * 0.21, w * 0.15, w * 0.27, w * 0.09, w * 0.14, w * 0.14]
    if listing.rows:
        story.append(layout.data_table(header, listing.rows, widths, right=(3, 4), compact=True))
    else:
        story.append(layout.note(texts.text("none", language)))
    return layout.build(story, listing.venue_name, title, language, listing.made_at)
