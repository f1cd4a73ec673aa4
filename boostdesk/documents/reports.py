"""The PDF reports: segment overview, guests of a segment, daily counter summary and a guest's
personal-data statement. Each takes a plain data value and a language and returns PDF bytes;
charts are reportlab drawings (vector, sharp at any zoom)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from reportlab.graphics.charts.barcharts import HorizontalBarChart, VerticalBarChart
from reportlab.graphics.charts.legends import Legend
from reportlab.graphics.charts.linecharts import HorizontalLineChart
from reportlab.graphics.shapes import Drawing, String
from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Spacer

from boostdesk.documents import fonts, texts
from boostdesk.documents import report_layout as layout


@dataclass(frozen=True, slots=True)
class SegmentRow:
    key: str
    guests: int
    revenue_minor: int


@dataclass(frozen=True, slots=True)
class SegmentOverview:
    venue_name: str
    as_of: dt.date
    made_at: dt.datetime
    guests: int
    active_guests: int
    segments: tuple[SegmentRow, ...]
    trend: tuple[tuple[dt.date, int, int], ...]  # (period end, guests who visited, revenue)
    transitions_period: tuple[dt.date, dt.date]
    transitions: tuple[tuple[str | None, str, int], ...]
    alerts: tuple[tuple[str, str, int], ...]


def _axis_font(axis: Any, size: float = 7) -> None:
    axis.labels.fontName = fonts.REGULAR
    axis.labels.fontSize = size
    axis.labels.fillColor = layout.INK
    axis.strokeColor = layout.RULE


def _size_chart(rows: Sequence[SegmentRow], language: str) -> Drawing:
    """Horizontal bars of guests per segment, each in its segment's colour, count at the end."""
    height = 14 * len(rows) + 24
    drawing = Drawing(layout.WIDTH / 2 - 6, height)
    chart = HorizontalBarChart()
    chart.x, chart.y = 78, 14
    chart.width, chart.height = drawing.width - 78 - 40, height - 20
    ordered = list(reversed(rows))  # reportlab draws the first category at the bottom
    chart.data = [[row.guests for row in ordered]]
    chart.categoryAxis.categoryNames = [texts.segment_name(r.key, language) for r in ordered]
    _axis_font(chart.categoryAxis, 7.5)
    _axis_font(chart.valueAxis, 6.5)
    chart.valueAxis.valueMin = 0
    chart.valueAxis.visibleGrid = True
    chart.valueAxis.gridStrokeColor = layout.RULE
    chart.valueAxis.labelTextFormat = lambda v: texts.number(int(v), language)
    chart.bars.strokeColor = None
    chart.barWidth = 8
    for index, row in enumerate(ordered):
        chart.bars[(0, index)].fillColor = layout.segment_colour(row.key)
    chart.barLabels.fontName = fonts.REGULAR
    chart.barLabels.fontSize = 6.5
    chart.barLabelFormat = lambda v: texts.number(int(v), language)
    chart.barLabels.boxAnchor = "w"
    chart.barLabels.dx = 3
    drawing.add(chart)
    return drawing


def _share_chart(rows: Sequence[SegmentRow], language: str) -> Drawing:
    """One 100 % bar per measure (guests, revenue) split by segment, with a legend."""
    drawing = Drawing(layout.WIDTH / 2 - 6, 14 * len(rows) + 24)
    total_guests = sum(r.guests for r in rows) or 1
    total_revenue = sum(r.revenue_minor for r in rows) or 1
    bar_h, left, top = 14, 52, drawing.height - 8
    width = drawing.width - left - 4
    for line, (label, values) in enumerate(
        (
            (texts.text("guests", language), [r.guests / total_guests for r in rows]),
            (texts.text("revenue", language), [r.revenue_minor / total_revenue for r in rows]),
        )
    ):
        y = top - (line + 1) * (bar_h + 8)
        drawing.add(String(0, y + 4, label, fontName=fonts.REGULAR, fontSize=7.5))
        x = float(left)
        for row, share in zip(rows, values, strict=True):
            from reportlab.graphics.shapes import Rect

            drawing.add(
                Rect(
                    x,
                    y,
                    width * share,
                    bar_h,
                    fillColor=layout.segment_colour(row.key),
                    strokeColor=colors.white,
                    strokeWidth=0.5,
                )
            )
            if share >= 0.08:
                drawing.add(
                    String(
                        x + width * share / 2,
                        y + 4,
                        texts.percent(share * 100, language, 0),
                        fontName=fonts.BOLD,
                        fontSize=6.5,
                        fillColor=colors.white,
                        textAnchor="middle",
                    )
                )
            x += width * share
    legend = Legend()
    legend.x, legend.y = left, top - 2 * (bar_h + 8) - 10
    legend.fontName, legend.fontSize = fonts.REGULAR, 7
    legend.columnMaximum = (len(rows) + 1) // 2
    legend.deltax, legend.deltay, legend.dxTextSpace = 90, 10, 4
    legend.dx, legend.dy = 7, 7
    legend.alignment = "right"
    legend.strokeColor = None
    legend.colorNamePairs = [
        (layout.segment_colour(r.key), texts.segment_name(r.key, language)) for r in rows
    ]
    drawing.add(legend)
    return drawing


def _trend_chart(trend: Sequence[tuple[dt.date, int, int]], language: str) -> Drawing:
    """Guests who visited per period (bars) and revenue (line, right-hand scale as a label)."""
    drawing = Drawing(layout.WIDTH, 58 * mm)
    bars = VerticalBarChart()
    bars.x, bars.y = 46, 22
    bars.width, bars.height = layout.WIDTH - 100, 58 * mm - 34
    bars.data = [[guests for _, guests, _ in trend]]
    bars.categoryAxis.categoryNames = [
        day.strftime("%d.%m.%y" if language == "tr" else "%d/%m/%y") for day, _, _ in trend
    ]
    _axis_font(bars.categoryAxis, 6.5)
    _axis_font(bars.valueAxis, 6.5)
    bars.valueAxis.valueMin = 0
    bars.valueAxis.visibleGrid = True
    bars.valueAxis.gridStrokeColor = layout.RULE
    bars.valueAxis.labelTextFormat = lambda v: texts.number(int(v), language)
    bars.bars[0].fillColor = colors.Color(0.62, 0.75, 0.8)
    bars.bars[0].strokeColor = None
    drawing.add(bars)
    line = HorizontalLineChart()
    line.x, line.y, line.width, line.height = bars.x, bars.y, bars.width, bars.height
    line.data = [[revenue / 100 for _, _, revenue in trend]]
    line.joinedLines = True
    line.lines[0].strokeColor = layout.ACCENT
    line.lines[0].strokeWidth = 1.6
    from reportlab.graphics.widgets.markers import makeMarker

    line.lines[0].symbol = makeMarker("FilledCircle", size=3.5, fillColor=layout.ACCENT)
    line.valueAxis.valueMin = 0
    line.valueAxis.visible = False
    line.categoryAxis.visible = False
    line.valueAxis.labels.fontName = fonts.REGULAR
    line.lineLabelFormat = lambda v: _short_money(v, language)
    line.lineLabels.fontName = fonts.REGULAR
    line.lineLabels.fontSize = 6
    line.lineLabels.fillColor = layout.ACCENT
    line.lineLabels.dy = 6
    drawing.add(line)
    legend = Legend()
    legend.x, legend.y = bars.x + bars.width + 8, bars.y + bars.height
    legend.fontName, legend.fontSize = fonts.REGULAR, 6.5
    legend.dx, legend.dy, legend.deltay, legend.dxTextSpace = 7, 7, 11, 3
    legend.alignment = "right"
    legend.strokeColor = None
    legend.colorNamePairs = [
        (colors.Color(0.62, 0.75, 0.8), texts.text("guests", language)),
        (layout.ACCENT, texts.text("revenue", language)),
    ]
    drawing.add(legend)
    return drawing


def _short_money(major: float, language: str) -> str:
    """``₺12,3 B``-style compact amounts for chart labels (thousands: B/K, millions: Mn/M)."""
    if major >= 1_000_000:
        value, unit = major / 1_000_000, "Mn" if language == "tr" else "M"
    elif major >= 1_000:
        value, unit = major / 1_000, "B" if language == "tr" else "K"
    else:
        value, unit = major, ""
    digits = f"{value:.1f}" if unit else f"{value:.0f}"
    return (
        f"₺{digits.replace('.', ',') if language == 'tr' else digits}{' ' + unit if unit else ''}"
    )


def _transition_table(overview: SegmentOverview, language: str) -> Flowable:
    keys = [row.key for row in overview.segments]
    sources: list[str | None] = [None, *keys]
    counts = {(src, dst): n for src, dst, n in overview.transitions}
    extra = sorted({dst for _, dst, _ in overview.transitions} - set(keys))
    targets = keys + extra
    sources += [
        src for src in sorted({s for s, _, _ in overview.transitions if s}) if src not in sources
    ]
    rows = []
    for src in sources:
        values = [counts.get((src, dst), 0) for dst in targets]
        if not any(values):
            continue
        name = texts.segment_name(src, language) if src else texts.text("first_segment", language)
        rows.append([name] + [texts.number(v, language) if v else "·" for v in values])
    if not rows:
        return layout.note(texts.text("no_transitions", language))
    first = 26 * mm
    width = (layout.WIDTH - first) / len(targets)
    header = [texts.text("from_to", language)] + [texts.segment_name(k, language) for k in targets]
    return layout.data_table(
        header,
        rows,
        [first] + [width] * len(targets),
        right=range(1, len(targets) + 1),
        compact=True,
    )


def segment_overview(overview: SegmentOverview, language: str) -> bytes:
    """Sizes, revenue share, trend, transitions matrix and alerts of the lifecycle segments."""
    title = texts.text("segments_title", language)
    total_revenue = sum(r.revenue_minor for r in overview.segments)
    story: list[Flowable] = layout.title_block(
        title, texts.text("as_of", language, date=texts.date(overview.as_of, language))
    )
    story.append(
        layout.key_figures(
            [
                (texts.text("guests", language), texts.number(overview.guests, language)),
                (
                    texts.text("active_guests", language),
                    texts.number(overview.active_guests, language),
                ),
                (texts.text("revenue_year", language), texts.money_whole(total_revenue, language)),
                (texts.text("alerts", language), texts.number(len(overview.alerts), language)),
            ]
        )
    )
    from reportlab.platypus import Table

    charts = Table(
        [
            [
                layout.heading(texts.text("sizes", language)),
                layout.heading(texts.text("revenue_share", language)),
            ],
            [_size_chart(overview.segments, language), _share_chart(overview.segments, language)],
        ],
        colWidths=[layout.WIDTH / 2] * 2,
    )
    charts.setStyle([("VALIGN", (0, 0), (-1, -1), "TOP"), ("LEFTPADDING", (0, 0), (-1, -1), 0)])
    story += [charts, Spacer(0, 4)]
    guests_total = sum(r.guests for r in overview.segments) or 1
    rows = [
        [
            texts.segment_name(r.key, language),
            texts.number(r.guests, language),
            texts.percent(100 * r.guests / guests_total, language),
            texts.money(r.revenue_minor, language),
            texts.percent(100 * r.revenue_minor / (total_revenue or 1), language),
        ]
        for r in overview.segments
    ]
    header = [texts.text(k, language) for k in ("segment", "guests", "share", "revenue", "share")]
    story.append(
        layout.data_table(
            header, rows, [50 * mm, 30 * mm, 25 * mm, 44 * mm, 25 * mm], right=(1, 2, 3, 4)
        )
    )
    if overview.trend:
        story += [
            layout.keep(
                layout.heading(texts.text("trend", language)),
                _trend_chart(overview.trend, language),
            )
        ]
    start, end = overview.transitions_period
    story += [
        layout.keep(
            layout.heading(
                texts.text(
                    "transitions",
                    language,
                    start=texts.date(start, language),
                    end=texts.date(end, language),
                )
            ),
            _transition_table(overview, language),
        ),
        layout.heading(texts.text("alerts", language)),
    ]
    if overview.alerts:
        for src, dst, n in overview.alerts:
            story.append(
                layout.note(
                    "• "
                    + texts.text(
                        "alert_line",
                        language,
                        n=texts.number(n, language),
                        src=texts.segment_name(src, language),
                        dst=texts.segment_name(dst, language),
                    )
                )
            )
    else:
        story.append(layout.note(texts.text("no_alerts", language)))
    return layout.build(story, overview.venue_name, title, language, overview.made_at)
