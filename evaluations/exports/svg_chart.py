"""The yearly tier progress chart drawn on the server as SVG (for the PDF, where no script runs).

It draws the very ``Chart`` the Pimpinan dashboard serves to Chart.js
(dashboards/pimpinan.py: ``tier_progress_chart``): the same totals over the same tier bands, so
the PDF and the dashboard cannot disagree. A year without a total leaves a gap in the line.
"""

from decimal import Decimal

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from kla.formats import angka

from ..dashboards.charts import Chart

# The tier colours of static/css/app.css (--tier-*); an unknown tier code is grey.
TIER_COLOURS = {
    "pratama": "#c0392b",
    "madya": "#e67e22",
    "nindya": "#f1c40f",
    "utama": "#27ae60",
    "kla": "#2471a3",
}
NO_TIER = "#9aa5b1"
LINE = "#0f5e73"
WIDTH, HEIGHT = 700, 200
LEFT, RIGHT, TOP, BOTTOM = 46, 86, 14, 30


def colour(key: str) -> str:
    return TIER_COLOURS.get(key.removeprefix("tier-"), NO_TIER)


def line_chart_svg(chart: Chart) -> SafeString:
    series = chart.series[0]
    values = [None if v is None else Decimal(v) for v in series.values]
    known = [v for v in values if v is not None]
    low = Decimal(chart.y_min if chart.y_min is not None else min(known, default=0))
    high = Decimal(chart.y_max if chart.y_max is not None else max(known, default=100))
    high = high if high > low else low + 1
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM

    def y(value: Decimal) -> float:
        clipped = min(max(value, low), high)
        return round(TOP + plot_h * float((high - clipped) / (high - low)), 1)

    def x(index: int) -> float:
        step = plot_w / max(len(values), 1)
        return round(LEFT + step * (index + 0.5), 1)

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" '
        f'width="{WIDTH}" height="{HEIGHT}" role="img" font-family="DejaVu Sans, sans-serif" '
        f'font-size="10"><title>{escape(chart.title)}</title>'
    ]
    for band in chart.bands:
        top, bottom = y(min(band.high, high)), y(max(band.low, low))
        if bottom - top <= 0:
            continue
        parts.append(
            f'<rect x="{LEFT}" y="{top}" width="{plot_w}" height="{round(bottom - top, 1)}" '
            f'fill="{colour(band.code)}" fill-opacity="0.16"/>'
            f'<text x="{LEFT + plot_w + 6}" y="{round((top + bottom) / 2 + 3, 1)}" '
            f'fill="#333">{escape(band.name)} ≥ {angka(band.low, 0)}</text>'
        )
    for tick in range(int(low // 100 * 100), int(high) + 1, 100):
        if tick < low:
            continue
        parts.append(
            f'<line x1="{LEFT}" x2="{LEFT + plot_w}" y1="{y(Decimal(tick))}" '
            f'y2="{y(Decimal(tick))}" stroke="#ccc" stroke-width="0.5"/>'
            f'<text x="{LEFT - 6}" y="{y(Decimal(tick)) + 3}" text-anchor="end" '
            f'fill="#555">{angka(tick, 0)}</text>'
        )
    segment: list[str] = []
    for index, value in enumerate([*values, None]):
        if value is not None:
            segment.append(f"{x(index)},{y(value)}")
        elif segment:
            parts.append(
                f'<polyline points="{" ".join(segment)}" fill="none" stroke="{LINE}" '
                f'stroke-width="2"/>'
            )
            segment = []
    keys = series.point_keys or ("",) * len(values)
    for index, (label, value) in enumerate(zip(chart.labels, values, strict=True)):
        parts.append(
            f'<text x="{x(index)}" y="{HEIGHT - BOTTOM + 16}" text-anchor="middle" '
            f'fill="#333">{escape(label)}</text>'
        )
        if value is not None:
            parts.append(
                f'<circle cx="{x(index)}" cy="{y(value)}" r="4.5" fill="{colour(keys[index])}" '
                f'stroke="#fff" stroke-width="1"/>'
                f'<text x="{x(index)}" y="{y(value) - 8}" text-anchor="middle" '
                f'font-weight="bold" fill="#222">{angka(value)}</text>'
            )
    parts.append(
        f'<line x1="{LEFT}" x2="{LEFT}" y1="{TOP}" y2="{TOP + plot_h}" stroke="#888"/>'
        f'<line x1="{LEFT}" x2="{LEFT + plot_w}" y1="{TOP + plot_h}" y2="{TOP + plot_h}" '
        f'stroke="#888"/></svg>'
    )
    return mark_safe("".join(parts))  # noqa: S308 (every text above is escaped or a number)
