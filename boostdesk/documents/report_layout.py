"""The house style of the A4 reports: page frame, header and footer, type, tables, key figures.

Every report is a list of platypus flowables built on :func:`build`; pages carry the venue
name and report title on top and the page number and making time at the foot.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Sequence
from typing import Any

from reportlab.lib import colors
from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfgen import canvas as pdf_canvas
from reportlab.platypus import (
    Flowable,
    KeepTogether,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)
from reportlab.platypus.flowables import HRFlowable

from boostdesk.documents import fonts, texts

INK = colors.Color(0.13, 0.15, 0.18)
MUTED = colors.Color(0.42, 0.45, 0.5)
ACCENT = colors.Color(0.09, 0.33, 0.42)
RULE = colors.Color(0.82, 0.84, 0.87)
STRIPE = colors.Color(0.965, 0.97, 0.975)
MARGIN = 18 * mm
WIDTH = A4[0] - 2 * MARGIN
# Lifecycle colours as on the counter's badges, so a segment looks the same on screen and paper.
SEGMENT_COLOURS = {
    "vip": "#7b3fa0",
    "loyal": "#2e7d32",
    "regular": "#5d768b",
    "new": "#1e88e5",
    "potential_loyal": "#00897b",
    "at_risk": "#ef6c00",
    "lost": "#c62828",
    "gone": "#616161",
    "registered": "#3949ab",
}


def segment_colour(key: str) -> colors.Color:
    return colors.HexColor(SEGMENT_COLOURS.get(key, "#90a4ae"))


def styles() -> dict[str, ParagraphStyle]:
    fonts.register()
    body = ParagraphStyle("body", fontName=fonts.REGULAR, fontSize=9, leading=12, textColor=INK)
    return {
        "body": body,
        "small": ParagraphStyle("small", parent=body, fontSize=7.5, leading=10, textColor=MUTED),
        "title": ParagraphStyle(
            "title", parent=body, fontName=fonts.BOLD, fontSize=18, leading=22, textColor=INK
        ),
        "subtitle": ParagraphStyle("subtitle", parent=body, fontSize=10, textColor=MUTED),
        "h2": ParagraphStyle(
            "h2",
            parent=body,
            fontName=fonts.BOLD,
            fontSize=11.5,
            leading=15,
            textColor=ACCENT,
            spaceBefore=10,
            spaceAfter=5,
        ),
        "cell": ParagraphStyle("cell", parent=body, fontSize=8.5, leading=11),
        "cell_right": ParagraphStyle(
            "cell_right", parent=body, fontSize=8.5, leading=11, alignment=TA_RIGHT
        ),
        "figure": ParagraphStyle(
            "figure", parent=body, fontName=fonts.BOLD, fontSize=15, leading=18, textColor=INK
        ),
        "figure_label": ParagraphStyle(
            "figure_label", parent=body, fontSize=7.5, leading=9.5, textColor=MUTED
        ),
    }


def escape(text: object) -> str:
    """``text`` safe inside a Paragraph (its markup is a small XML)."""
    return str(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def heading(text: str) -> Paragraph:
    return Paragraph(escape(text), styles()["h2"])


def title_block(title: str, subtitle: str) -> list[Flowable]:
    style = styles()
    return [
        Paragraph(escape(title), style["title"]),
        Spacer(0, 2),
        Paragraph(escape(subtitle), style["subtitle"]),
        Spacer(0, 4),
        HRFlowable(width="100%", thickness=1.2, color=ACCENT, spaceBefore=2, spaceAfter=8),
    ]


def key_figures(figures: Sequence[tuple[str, str]], columns: int = 4) -> Table:
    """Tiles of (label, value): the numbers a reader looks for first."""
    style = styles()
    cells: list[Any] = [
        [Paragraph(escape(value), style["figure"]), Paragraph(escape(label), style["figure_label"])]
        for label, value in figures
    ]
    rows: list[list[Any]] = [cells[i : i + columns] for i in range(0, len(cells), columns)]
    if rows and len(rows[-1]) < columns:
        rows[-1] = rows[-1] + [""] * (columns - len(rows[-1]))
    table = Table(rows, colWidths=[WIDTH / columns] * columns)
    table.setStyle(
        TableStyle(
            [
                ("BACKGROUND", (0, 0), (-1, -1), STRIPE),
                ("LINEBEFORE", (1, 0), (-1, -1), 0.5, colors.white),
                ("LINEBELOW", (0, 0), (-1, -2), 0.5, colors.white),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 8),
                ("TOPPADDING", (0, 0), (-1, -1), 7),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 7),
            ]
        )
    )
    return table


def data_table(
    header: Sequence[str],
    rows: Sequence[Sequence[Any]],
    widths: Sequence[float],
    right: Sequence[int] = (),
    repeat: bool = True,
    compact: bool = False,
) -> Table:
    """A striped table; column indexes in ``right`` are right-aligned (numbers); ``compact``
    sets smaller type and padding for wide matrices."""
    style = styles()
    size = 7.2 if compact else 8.5

    def cell(value: Any, column: int, bold: bool = False) -> Paragraph:
        text = escape(value if value is not None else "–")
        if bold:
            text = f"<b>{text}</b>"
        base = style["cell_right" if column in right else "cell"]
        if compact:
            base = ParagraphStyle(
                f"{base.name}_compact", parent=base, fontSize=size, leading=size * 1.25
            )
        return Paragraph(text, base)

    body = [[cell(v, i, bold=True) for i, v in enumerate(header)]]
    body += [[cell(v, i) for i, v in enumerate(row)] for row in rows]
    table = Table(body, colWidths=list(widths), repeatRows=1 if repeat else 0)
    commands: list[tuple[Any, ...]] = [
        ("LINEBELOW", (0, 0), (-1, 0), 0.8, INK),
        ("LINEBELOW", (0, 1), (-1, -1), 0.25, RULE),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("TOPPADDING", (0, 0), (-1, -1), 3),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
        ("LEFTPADDING", (0, 0), (-1, -1), 3 if compact else 6),
        ("RIGHTPADDING", (0, 0), (-1, -1), 3 if compact else 6),
    ]
    commands += [("BACKGROUND", (0, r), (-1, r), STRIPE) for r in range(2, len(body), 2)]
    table.setStyle(TableStyle(commands))
    return table


def note(text: str) -> Paragraph:
    return Paragraph(escape(text), styles()["body"])


def keep(*flowables: Flowable) -> KeepTogether:
    return KeepTogether(list(flowables))


def build(
    story: list[Flowable], venue_name: str, title: str, language: str, made_at: dt.datetime
) -> bytes:
    """The A4 PDF of ``story`` with the running header and footer."""
    fonts.register()
    buffer = io.BytesIO()
    made = made_at.strftime("%d.%m.%Y %H:%M" if language == "tr" else "%d/%m/%Y %H:%M")

    def frame(canvas: pdf_canvas.Canvas, document: Any) -> None:
        canvas.saveState()
        top = A4[1] - 11 * mm
        canvas.setFont(fonts.BOLD, 8)
        canvas.setFillColor(INK)
        canvas.drawString(MARGIN, top, venue_name)
        canvas.setFont(fonts.REGULAR, 8)
        canvas.setFillColor(MUTED)
        canvas.drawRightString(A4[0] - MARGIN, top, title)
        canvas.setStrokeColor(RULE)
        canvas.setLineWidth(0.5)
        canvas.line(MARGIN, top - 3, A4[0] - MARGIN, top - 3)
        canvas.line(MARGIN, 12 * mm, A4[0] - MARGIN, 12 * mm)
        canvas.drawString(MARGIN, 8 * mm, texts.text("made", language, at=made))
        canvas.drawRightString(
            A4[0] - MARGIN, 8 * mm, texts.text("page", language, page=document.page)
        )
        canvas.restoreState()

    document = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=MARGIN,
        rightMargin=MARGIN,
        topMargin=20 * mm,
        bottomMargin=18 * mm,
        title=f"{title} · {venue_name}",
        author=venue_name,
        creator="BoostDesk",
        pageCompression=1,
    )
    document.build(story, onFirstPage=frame, onLaterPages=frame)
    return buffer.getvalue()
