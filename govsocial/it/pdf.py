"""The report as a PDF (fpdf2, pure Python): the same sections as the page, each a bar chart
drawn beside its numbers, for a CIO to take to a risk review."""

from __future__ import annotations

from fpdf import FPDF

from govsocial.it.report import RiskReport, Series

BLUE = (29, 112, 184)
BLACK = (11, 12, 12)
GREY = (80, 90, 95)


def _text(value: object) -> str:
    """The built-in PDF fonts cover Latin-1 only: replace anything else rather than fail."""
    text = str(value).replace("…", "...").replace("–", "-").replace("—", "-")
    text = text.replace("‘", "'").replace("’", "'").replace("“", '"').replace("”", '"')
    return text.encode("latin-1", "replace").decode("latin-1")


def _number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:.1f}"


def _series(pdf: FPDF, series: Series) -> None:
    if pdf.get_y() > 240:
        pdf.add_page()
    pdf.set_font("Helvetica", "B", 13)
    pdf.set_text_color(*BLACK)
    pdf.cell(0, 9, _text(series.title), new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", "", 10)
    if not series.rows or series.total == 0:
        pdf.set_text_color(*GREY)
        pdf.cell(0, 6, _text(series.empty), new_x="LMARGIN", new_y="NEXT")
        pdf.ln(3)
        return
    biggest = max(r.value for r in series.rows) or 1
    for row in series.rows:
        if pdf.get_y() > 275:
            pdf.add_page()
        y = pdf.get_y()
        pdf.set_text_color(*BLACK)
        label = _text(row.label)
        pdf.cell(80, 6, label if len(label) <= 48 else label[:45] + "...")
        length = 70 * row.value / biggest if row.value else 0
        if length:
            pdf.set_fill_color(*BLUE)
            pdf.rect(pdf.l_margin + 82, y + 1, max(length, 0.5), 4, style="F")
        pdf.set_x(pdf.l_margin + 82 + length + 2)
        note = f"  ({_text(row.note)})" if row.note else ""
        pdf.cell(0, 6, _number(row.value) + note, new_x="LMARGIN", new_y="NEXT")
    pdf.ln(3)


def report_pdf(report: RiskReport) -> bytes:
    pdf = FPDF(format="A4")
    pdf.set_title(_text(f"Risk, benefit and cost report - {report.organisation}"))
    pdf.set_author("govsocial")
    pdf.set_auto_page_break(auto=True, margin=15)
    pdf.add_page()
    pdf.set_font("Helvetica", "B", 18)
    pdf.set_text_color(*BLACK)
    pdf.multi_cell(0, 9, _text(f"Risk, benefit and cost report: {report.organisation}"))
    pdf.set_font("Helvetica", "", 11)
    pdf.set_text_color(*GREY)
    pdf.cell(
        0,
        7,
        _text(
            f"{report.start:%d %B %Y} to {report.end:%d %B %Y}. "
            f"From the audit trail, generated {report.generated_at:%d %B %Y %H:%M} UTC."
        ),
        new_x="LMARGIN",
        new_y="NEXT",
    )
    pdf.ln(3)
    pdf.set_font("Helvetica", "B", 13)
    pdf.set_text_color(*BLACK)
    pdf.cell(0, 9, "Summary", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", "", 10)
    for row in report.headline:
        pdf.cell(100, 6, _text(row.label))
        pdf.cell(0, 6, _number(row.value), new_x="LMARGIN", new_y="NEXT")
    for note in report.notes:
        pdf.set_text_color(*GREY)
        pdf.multi_cell(0, 6, _text(note))
    pdf.ln(3)
    for series in report.series:
        _series(pdf, series)
    if report.overrides:
        pdf.add_page()
        pdf.set_font("Helvetica", "B", 13)
        pdf.set_text_color(*BLACK)
        pdf.cell(0, 9, "Warnings overridden, with their reasons", new_x="LMARGIN", new_y="NEXT")
        pdf.set_font("Helvetica", "", 10)
        for item in report.overrides:
            pdf.multi_cell(
                0,
                6,
                _text(f"{item.when:%Y-%m-%d %H:%M} {item.who} overrode {item.rule}: {item.reason}"),
            )
    return bytes(pdf.output())
