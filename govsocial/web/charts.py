"""Server-rendered SVG bar charts: readable without JavaScript, no inline styles (the CSP forbids
them), and each drawn next to the table that holds the same numbers (the chart is aria-hidden
for screen readers, which read the table instead)."""

from __future__ import annotations

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from govsocial.it.report import Series

BAR = 22
GAP = 8
LABEL_WIDTH = 300
BAR_WIDTH = 340
WIDTH = LABEL_WIDTH + BAR_WIDTH + 60
# GOV.UK colours: blue bars, black text; 4.5:1 contrast against white and the bar.
BAR_COLOUR = "#1d70b8"
TEXT_COLOUR = "#0b0c0c"


def _short(label: str, limit: int = 36) -> str:
    return label if len(label) <= limit else label[: limit - 1] + "…"


def _number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:.1f}"


def bar_chart(series: Series) -> SafeString:
    """A horizontal bar chart of `series`; empty string when there is nothing to draw."""
    rows = series.rows
    if not rows or series.total == 0:
        return SafeString("")
    biggest = max(r.value for r in rows) or 1
    height = len(rows) * (BAR + GAP) + GAP
    parts = [
        f'<svg class="govsocial-chart" xmlns="http://www.w3.org/2000/svg" '
        f'viewBox="0 0 {WIDTH} {height}" width="100%" preserveAspectRatio="xMinYMin meet" '
        f'aria-hidden="true" focusable="false" font-family="GDS Transport, arial, sans-serif" '
        f'font-size="15">'
    ]
    for index, row in enumerate(rows):
        y = GAP + index * (BAR + GAP)
        length = max(2.0, BAR_WIDTH * row.value / biggest) if row.value else 0
        parts.append(
            f'<text x="{LABEL_WIDTH - 8}" y="{y + BAR - 6}" text-anchor="end" '
            f'fill="{TEXT_COLOUR}">{escape(_short(row.label))}</text>'
        )
        if length:
            parts.append(
                f'<rect x="{LABEL_WIDTH}" y="{y}" width="{length:.1f}" height="{BAR}" '
                f'fill="{BAR_COLOUR}"></rect>'
            )
        parts.append(
            f'<text x="{LABEL_WIDTH + length + 6:.1f}" y="{y + BAR - 6}" '
            f'fill="{TEXT_COLOUR}">{escape(_number(row.value))}</text>'
        )
    parts.append("</svg>")
    # Every piece of text above went through escape(); the rest is our own markup.
    return mark_safe("".join(parts))  # noqa: S308  # nosec B308 B703 - labels are escaped
