"""A report as Markdown and as PDF.

The PDF is drawn with reportlab. Text is set in DejaVu Sans, embedded (subset) when the
system has it (Debian: fonts-dejavu-core), which also covers the Sami letters of some
municipality names (ŋ, č, đ, ŧ); without it, in the built-in Helvetica, whose WinAnsi
encoding covers æ, ø, å and the rest of Latin-1. Run charts are reportlab vector graphics
(a line through the points, the median as a dashed line, the target as a dotted line, the
points of a signal filled; on control charts the centre and limits per phase, phases
parted by a line), never images."""

from __future__ import annotations

import io
import re
from datetime import date, datetime
from functools import cache
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from reportlab.graphics.shapes import Circle, Drawing, Line, PolyLine, String
from reportlab.lib import colors
from reportlab.lib.enums import TA_LEFT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import (
    KeepTogether,
    ListFlowable,
    ListItem,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)
from reportlab.platypus.flowables import Flowable

from samklang.progress import semesters
from samklang.progress.schemas import MeasureProgress, ReportPreview

FONT_DIRS = (
    "/usr/share/fonts/truetype/dejavu",  # Debian, Ubuntu
    "/usr/share/fonts/dejavu",  # Alpine, Fedora
    "/usr/share/fonts/TTF",  # Arch
)


@cache
def fonts() -> tuple[str, str]:
    """The (regular, bold) fonts for any text: DejaVu Sans if installed, else Helvetica."""
    for folder in FONT_DIRS:
        regular, bold = Path(folder, "DejaVuSans.ttf"), Path(folder, "DejaVuSans-Bold.ttf")
        if regular.is_file() and bold.is_file():
            pdfmetrics.registerFont(TTFont("SamklangSans", str(regular)))
            pdfmetrics.registerFont(TTFont("SamklangSans-Bold", str(bold)))
            pdfmetrics.registerFontFamily(
                "SamklangSans",
                normal="SamklangSans",
                bold="SamklangSans-Bold",
                italic="SamklangSans",
                boldItalic="SamklangSans-Bold",
            )
            return "SamklangSans", "SamklangSans-Bold"
    return "Helvetica", "Helvetica-Bold"


def fonts_for(p: ReportPreview) -> tuple[str, str]:
    """Helvetica when every character of the report is in its WinAnsi encoding (drawing
    is then about four times faster than with an embedded font); else DejaVu Sans."""
    try:
        p.model_dump_json().encode("cp1252")
    except UnicodeEncodeError:
        return fonts()
    return "Helvetica", "Helvetica-Bold"


KIND = {"interim": "Delrapport", "final": "Sluttrapport"}
PHASE_NAMES = [
    ("plan", "Planlegge"),
    ("act", "Gjennomføre"),
    ("observe", "Observere"),
    ("reflect", "Reflektere"),
]
PHASE_LABEL = dict(PHASE_NAMES) | {"done": "Ferdig"}


def _day(value: date | datetime) -> str:
    if isinstance(value, datetime):
        value = value.astimezone(semesters.OSLO).date()
    return value.strftime("%d.%m.%Y")


def _hours(value: float) -> str:
    return f"{value:g}".replace(".", ",")


# Markdown


def markdown_document(p: ReportPreview) -> str:
    r = p.report
    lines: list[str] = [
        f"# {r.title}",
        "",
        f"{KIND.get(r.kind.value, r.kind.value)} · {p.workspace_name} · "
        f"{_day(r.period_start)}–{_day(r.period_end)}",
        "",
    ]
    if p.municipalities:
        lines += [f"Kommuner: {', '.join(m.name for m in p.municipalities)}", ""]
    if r.foreword.strip():
        lines += ["## Forord", "", r.foreword.strip(), ""]
    if p.aim is not None:
        lines += ["## Mål for utviklingsarbeidet", "", p.aim.aim_what.strip() or "–", ""]
        if p.aim.aim_for_whom.strip():
            lines += [f"**For hvem:** {p.aim.aim_for_whom.strip()}", ""]
        if p.aim.aim_by_when:
            lines += [f"**Innen:** {_day(p.aim.aim_by_when)}", ""]
        if p.aim_how_much.strip():
            lines += [f"**Hvor mye:** {p.aim_how_much.strip()}", ""]
        if p.drivers:
            lines += ["### Driverdiagram", ""]
            lines += [
                "  " * d.depth + f"- {DRIVER_KIND.get(d.kind, d.kind)}: {d.title}"
                for d in p.drivers
            ]
            lines.append("")
    if p.partners:
        lines += ["## Samarbeidspartnere", ""]
        lines += [f"- {x.name}" + (f" ({x.role})" if x.role else "") for x in p.partners]
        lines.append("")
    lines += ["## Utviklingssykluser", ""]
    if not p.cycles:
        lines += ["Ingen sykluser er valgt for perioden.", ""]
    for c in p.cycles:
        lines += [
            f"### {c.title}",
            "",
            f"Fase: {PHASE_LABEL.get(c.phase.value, c.phase.value)} · Startet {_day(c.started_at)}"
            + (f" · Ferdig {_day(c.done_at)}" if c.done_at else "")
            + f" · {_hours(c.hours_spent)} timer",
            "",
        ]
        for key, label in PHASE_NAMES:
            text = str(getattr(c, key)).strip()
            lines += [f"#### {label}", "", text or "–", ""]
    if p.measures:
        lines += ["## Målinger", ""]
        for m in p.measures:
            lines += [f"### {m.name}" + (f" ({m.unit})" if m.unit else ""), ""]
            median = "–" if m.median is None else _hours(m.median)
            target = "" if m.target is None else f" · Mål: {_hours(m.target)}"
            lines += [f"Median: {median}{target} · Skift: {len(m.shifts)}", ""]
            if m.verdict is not None:
                lines += [verdict_text(m), ""]
            lines += ["| Dato | Verdi |", "|---|---|"]
            lines += [f"| {_day(pt.date)} | {_hours(pt.value)} |" for pt in m.points]
            lines.append("")
    if p.scores:
        lines += ["## Fremdriftsscore", "", "| Semester | Score |", "|---|---|"]
        lines += [f"| {s.semester} | {_hours(s.score)} |" for s in p.scores]
        lines.append("")
    lines += ["## Samlinger og tid", ""]
    if p.attendance.gatherings:
        lines += ["| Samling | Dato | Påmeldt | Deltok |", "|---|---|---|---|"]
        lines += [
            f"| {g.title} | {_day(g.starts_at)} | {g.registered} | {g.attended} |"
            for g in p.attendance.gatherings
        ]
        lines.append("")
    lines += [
        f"Deltakelse på samlinger: {p.attendance.attended} av {p.attendance.registered} påmeldte.",
        "",
        f"Timer brukt i syklusene: {_hours(p.hours_total)}.",
        "",
    ]
    return "\n".join(lines)


# PDF


def _styles(regular: str, bold: str) -> dict[str, ParagraphStyle]:
    base = getSampleStyleSheet()
    body = ParagraphStyle(
        "body", parent=base["BodyText"], fontName=regular, fontSize=10, leading=14
    )
    return {
        "title": ParagraphStyle("title", parent=base["Title"], fontName=bold),
        "h2": ParagraphStyle("h2", parent=base["Heading2"], fontName=bold),
        "h3": ParagraphStyle("h3", parent=base["Heading3"], fontName=bold),
        "h4": ParagraphStyle("h4", parent=base["Heading4"], fontName=bold, alignment=TA_LEFT),
        "body": body,
        "muted": ParagraphStyle("muted", parent=body, textColor=colors.HexColor("#555555")),
    }


_INLINE = [
    (re.compile(r"\*\*(.+?)\*\*"), r"<b>\1</b>"),
    (re.compile(r"(?<![*\w])\*(?!\s)(.+?)(?<!\s)\*(?!\w)"), r"<i>\1</i>"),
    (re.compile(r"`([^`]+)`"), r'<font face="Courier">\1</font>'),
]


def _inline(text: str) -> str:
    """Escape for reportlab's paragraph markup, then bold, italics and code."""
    out = escape(text)
    for pattern, repl in _INLINE:
        out = pattern.sub(repl, out)
    return out


def _markdown_flowables(text: str, styles: dict[str, ParagraphStyle]) -> list[Flowable]:
    """Paragraphs, headings and bullet lists from Markdown (what reports use)."""
    found: list[Flowable] = []
    bullets: list[str] = []
    paragraph: list[str] = []

    def flush() -> None:
        if paragraph:
            found.append(Paragraph(_inline(" ".join(paragraph)), styles["body"]))
            paragraph.clear()
        if bullets:
            found.append(
                ListFlowable(
                    [ListItem(Paragraph(_inline(b), styles["body"])) for b in bullets],
                    bulletType="bullet",
                    start="•",
                    leftIndent=12,
                )
            )
            bullets.clear()

    for raw in text.splitlines():
        line = raw.strip()
        if not line:
            flush()
            continue
        if line.startswith("#"):
            flush()
            found.append(Paragraph(_inline(line.lstrip("#").strip()), styles["h4"]))
        elif re.match(r"^([-*+]|\d+[.)])\s+", line):
            if paragraph:
                flush()
            bullets.append(re.sub(r"^([-*+]|\d+[.)])\s+", "", line))
        else:
            if bullets:
                flush()
            paragraph.append(line)
    flush()
    return found or [Paragraph("–", styles["body"])]


DRIVER_KIND = {
    "primary": "Primærdriver",
    "secondary": "Sekundærdriver",
    "change_idea": "Endringsidé",
}
VARIATION_LABEL = {
    "improvement": "særskilt variasjon: forbedring",
    "concern": "særskilt variasjon: bekymring",
    "neither": "særskilt variasjon, uten retning",
    "common": "vanlig variasjon",
    "too_few": "for få målepunkter til å vurdere (under 10)",
}
ASSURANCE_LABEL = {
    "likely": "målet nås trolig",
    "unlikely": "målet nås trolig ikke",
    "uncertain": "usikkert om målet nås",
}
CHART_LABEL = {"run": "seriediagram", "xmr": "XmR-diagram", "p": "p-diagram", "u": "u-diagram"}


def verdict_text(m: MeasureProgress) -> str:
    """The measure's verdict in words (Making Data Count), for reports."""
    if m.verdict is None:
        return ""
    words = f"Vurdering ({CHART_LABEL[m.chart.value]}): {VARIATION_LABEL[m.verdict.variation]}"
    if m.verdict.assurance is not None:
        words += f"; {ASSURANCE_LABEL[m.verdict.assurance]}"
    return words


def run_chart(
    m: MeasureProgress, font: str = "Helvetica", width: float = 160 * mm, height: float = 55 * mm
) -> Drawing:
    """A run chart in vector graphics: points joined by a line, the median dashed, the
    target dotted, points that belong to a shift filled."""
    drawing = Drawing(width, height)
    left, right, bottom, top = 30.0, width - 10.0, 18.0, height - 8.0
    control = m.chart.value != "run"
    # what the chart plots: the value, or value / denominator on p and u charts
    values = [pt.value if pt.y is None and not control else (pt.y or 0.0) for pt in m.points]
    limits = [v for pt in m.points for v in (pt.lower, pt.upper, pt.centre) if v is not None]
    span_values = values + limits + [v for v in (m.median, m.target) if v is not None]
    low, high = min(span_values), max(span_values)
    if high == low:
        low, high = low - 1, high + 1
    pad = (high - low) * 0.08
    low, high = low - pad, high + pad

    def y(value: float) -> float:
        return bottom + (value - low) / (high - low) * (top - bottom)

    count = len(values)

    def x(index: float) -> float:
        return left + (right - left) * (index / (count - 1) if count > 1 else 0.5)

    drawing.add(Line(left, bottom, right, bottom, strokeColor=colors.grey, strokeWidth=0.5))
    drawing.add(Line(left, bottom, left, top, strokeColor=colors.grey, strokeWidth=0.5))
    for value in (low + pad, high - pad):
        drawing.add(String(2, y(value) - 3, _hours(round(value, 2)), fontName=font, fontSize=7))
    if m.target is not None:
        drawing.add(
            Line(
                left,
                y(m.target),
                right,
                y(m.target),
                strokeColor=colors.HexColor("#1a7f37"),
                strokeWidth=0.8,
                strokeDashArray=[1, 2],
            )
        )
        drawing.add(String(right - 30, y(m.target) + 2, "mål", fontName=font, fontSize=7))
    if control:
        _limit_lines(drawing, m, x, y)
    for phase in m.phases[1:]:
        start = next(i for i, pt in enumerate(m.points) if pt.id == phase.start_point_id)
        at = (x(start - 1) + x(start)) / 2
        drawing.add(Line(at, bottom, at, top, strokeColor=colors.black, strokeWidth=0.6))
    if m.median is not None and not control:
        drawing.add(
            Line(
                left,
                y(m.median),
                right,
                y(m.median),
                strokeColor=colors.HexColor("#9a6700"),
                strokeWidth=0.8,
                strokeDashArray=[4, 3],
            )
        )
        drawing.add(String(right - 30, y(m.median) - 9, "median", fontName=font, fontSize=7))
    if count > 1:
        coords: list[float] = []
        for i, value in enumerate(values):
            if not control or m.points[i].y is not None:
                coords += [x(i), y(value)]
        drawing.add(PolyLine(coords, strokeColor=colors.HexColor("#0b57d0"), strokeWidth=1.2))
    in_shift = {
        i
        for s in m.shifts
        for i, pt in enumerate(m.points)
        if s.start_date <= pt.date <= s.end_date
    }
    if m.verdict is not None:  # judged by the chart's own rules
        flagged = {pid for sig in m.signals for pid in sig.point_ids}
        in_shift = {i for i, pt in enumerate(m.points) if pt.id in flagged}
    for i, value in enumerate(values):
        if control and m.points[i].y is None:
            continue
        drawing.add(
            Circle(
                x(i),
                y(value),
                2.4,
                strokeColor=colors.HexColor("#0b57d0"),
                fillColor=colors.HexColor("#c2410c") if i in in_shift else colors.white,
                strokeWidth=0.8,
            )
        )
    if m.points:
        drawing.add(String(left, 4, _day(m.points[0].date), fontName=font, fontSize=7))
        drawing.add(String(right - 40, 4, _day(m.points[-1].date), fontName=font, fontSize=7))
    return drawing


def _limit_lines(drawing: Drawing, m: MeasureProgress, x: Any, y: Any) -> None:
    """Centre line solid and limits dashed, per phase (stepping with the denominator on p
    and u charts)."""
    phase_of: list[int] = []
    number = 0
    starts = {ph.start_point_id for ph in m.phases}
    for pt in m.points:
        number += pt.id in starts
        phase_of.append(number)
    for attr, dash in (("centre", None), ("lower", [3, 2]), ("upper", [3, 2])):
        for i in range(len(m.points)):
            here = getattr(m.points[i], attr)
            if here is None:
                continue
            x0 = x(i - 0.5) if i > 0 and phase_of[i - 1] == phase_of[i] else x(i)
            x1 = x(i + 0.5) if i + 1 < len(m.points) and phase_of[i + 1] == phase_of[i] else x(i)
            if x0 == x1:
                x0, x1 = x(i) - 3, x(i) + 3
            drawing.add(
                Line(
                    x0,
                    y(here),
                    x1,
                    y(here),
                    strokeColor=colors.HexColor("#9a6700" if attr == "centre" else "#6e7781"),
                    strokeWidth=0.8,
                    strokeDashArray=dash,
                )
            )


def _table(rows: list[list[str]], widths: list[float], regular: str, bold: str) -> Table:
    table = Table(rows, colWidths=widths, repeatRows=1)
    table.setStyle(
        TableStyle(
            [
                ("FONT", (0, 0), (-1, -1), regular, 9),
                ("FONT", (0, 0), (-1, 0), bold, 9),
                ("LINEBELOW", (0, 0), (-1, 0), 0.6, colors.black),
                ("LINEBELOW", (0, 1), (-1, -1), 0.25, colors.lightgrey),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ]
        )
    )
    return table


def pdf_document(p: ReportPreview) -> bytes:
    regular, bold = fonts_for(p)
    st = _styles(regular, bold)
    r = p.report
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=20 * mm,
        rightMargin=20 * mm,
        topMargin=18 * mm,
        bottomMargin=18 * mm,
        title=r.title,
        author=p.workspace_name,
        subject=KIND.get(r.kind.value, r.kind.value),
        creator="Samklang",
    )
    story: list[Flowable] = [
        Paragraph(_inline(r.title), st["title"]),
        Paragraph(
            _inline(
                f"{KIND.get(r.kind.value, r.kind.value)} · {p.workspace_name} · "
                f"{_day(r.period_start)}–{_day(r.period_end)}"
            ),
            st["muted"],
        ),
    ]
    if p.municipalities:
        story.append(
            Paragraph(
                _inline("Kommuner: " + ", ".join(m.name for m in p.municipalities)), st["muted"]
            )
        )
    story.append(Spacer(1, 6 * mm))
    if r.foreword.strip():
        story += [Paragraph("Forord", st["h2"]), *_markdown_flowables(r.foreword, st)]
    if p.aim is not None:
        story += [
            Paragraph("Mål for utviklingsarbeidet", st["h2"]),
            *_markdown_flowables(p.aim.aim_what, st),
        ]
        if p.aim.aim_for_whom.strip():
            story.append(Paragraph(_inline(f"For hvem: {p.aim.aim_for_whom}"), st["body"]))
        if p.aim.aim_by_when:
            story.append(Paragraph(_inline(f"Innen: {_day(p.aim.aim_by_when)}"), st["body"]))
        if p.aim_how_much.strip():
            story.append(Paragraph(_inline(f"Hvor mye: {p.aim_how_much}"), st["body"]))
        if p.drivers:
            story.append(Paragraph("Driverdiagram", st["h3"]))
            for d in p.drivers:
                indented = ParagraphStyle(
                    f"driver{d.depth}", parent=st["body"], leftIndent=8 * mm * d.depth
                )
                text = f"{DRIVER_KIND.get(d.kind, d.kind)}: {d.title}"
                story.append(Paragraph(_inline(text), indented))
    if p.partners:
        story.append(Paragraph("Samarbeidspartnere", st["h2"]))
        story.append(
            _table(
                [["Partner", "Rolle"]] + [[x.name, x.role] for x in p.partners],
                [80 * mm, 90 * mm],
                regular,
                bold,
            )
        )
    story.append(Paragraph("Utviklingssykluser", st["h2"]))
    if not p.cycles:
        story.append(Paragraph("Ingen sykluser er valgt for perioden.", st["body"]))
    for c in p.cycles:
        meta = (
            f"Fase: {PHASE_LABEL.get(c.phase.value, c.phase.value)} · Startet {_day(c.started_at)}"
            + (f" · Ferdig {_day(c.done_at)}" if c.done_at else "")
            + f" · {_hours(c.hours_spent)} timer"
        )
        story += [Paragraph(_inline(c.title), st["h3"]), Paragraph(_inline(meta), st["muted"])]
        for key, label in PHASE_NAMES:
            story.append(Paragraph(label, st["h4"]))
            story += _markdown_flowables(str(getattr(c, key)), st)
    if p.measures:
        story.append(Paragraph("Målinger", st["h2"]))
        for m in p.measures:
            median = "–" if m.median is None else _hours(m.median)
            target = "" if m.target is None else f" · Mål: {_hours(m.target)}"
            story.append(
                KeepTogether(
                    [
                        Paragraph(_inline(m.name + (f" ({m.unit})" if m.unit else "")), st["h3"]),
                        Paragraph(
                            _inline(f"Median: {median}{target} · Skift: {len(m.shifts)}"),
                            st["muted"],
                        ),
                        Paragraph(_inline(verdict_text(m)), st["body"]),
                        run_chart(m, regular),
                    ]
                )
            )
    if p.scores:
        story.append(Paragraph("Fremdriftsscore", st["h2"]))
        story.append(
            _table(
                [["Semester", "Score"]] + [[s.semester, _hours(s.score)] for s in p.scores],
                [80 * mm, 40 * mm],
                regular,
                bold,
            )
        )
    story.append(Paragraph("Samlinger og tid", st["h2"]))
    if p.attendance.gatherings:
        story.append(
            _table(
                [["Samling", "Dato", "Påmeldt", "Deltok"]]
                + [
                    [g.title, _day(g.starts_at), str(g.registered), str(g.attended)]
                    for g in p.attendance.gatherings
                ],
                [90 * mm, 30 * mm, 25 * mm, 25 * mm],
                regular,
                bold,
            )
        )
    story += [
        Paragraph(
            f"Deltakelse på samlinger: {p.attendance.attended} av "
            f"{p.attendance.registered} påmeldte.",
            st["body"],
        ),
        Paragraph(f"Timer brukt i syklusene: {_hours(p.hours_total)}.", st["body"]),
    ]
    doc.build(story)
    return buffer.getvalue()
