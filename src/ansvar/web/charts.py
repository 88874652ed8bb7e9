"""Small line charts drawn on the server as SVG: no script, no external file.

A chart has a title, one label per point along the x axis (months, say), one or more
series of values (None where there is no value), and a function that writes a value as the
page's language does (``formatting``). The y axis starts at zero (or below it for a negative
value) and its ticks are round numbers. Every text is escaped; the SVG carries a title and
a description for screen readers, and the page shows the same numbers as a table.
"""

import math
import zlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

# Colours that stay apart for the common kinds of colour blindness (Okabe and Ito).
COLOURS = ("#0072b2", "#d55e00", "#009e73", "#cc79a7", "#e69f00")
DASHES = ("", "6 3", "2 3", "8 3 2 3", "1 2")

WIDTH = 480
HEIGHT = 280
LEFT = 84
RIGHT = 16
TOP = 34  # below the title
BOTTOM = 40
LABELS = 5  # at most this many labels along the x axis


@dataclass(frozen=True)
class Series:
    name: str
    values: Sequence[float | None]


def nice_ticks(low: float, high: float, count: int = 4, *, whole: bool = False) -> list[float]:
    """Round tick values from at most ``low`` to at least ``high``: steps of 1, 2, 2.5 or 5
    times a power of ten, about ``count`` of them; ``whole``: steps of at least 1 (counts)."""
    low, high = min(low, 0.0), max(high, 0.0)
    if high == low:
        high = low + 1
    raw = (high - low) / count
    power = 10 ** math.floor(math.log10(raw))
    step = next(m * power for m in (1, 2, 2.5, 5, 10) if m * power >= raw)
    if whole:
        step = max(1.0, float(math.ceil(step)))
    start = math.floor(low / step) * step
    ticks = []
    value = start
    while True:
        ticks.append(round(value, 10))
        if value >= high - step * 1e-9:
            break
        value += step
    return ticks


def line_chart(
    title: str,
    labels: Sequence[str],
    series: Sequence[Series],
    fmt: Callable[[float], str],
    *,
    description: str = "",
    whole: bool = False,
) -> SafeString:
    """An SVG line chart with its title; ``fmt`` writes a tick or a value
    (``formatting.kronor``, ...); ``whole``: the values are counts, so are the ticks."""
    values = [v for s in series for v in s.values if v is not None]
    ticks = nice_ticks(min(values, default=0.0), max(values, default=1.0), whole=whole)
    low, high = ticks[0], ticks[-1]
    plot_w = WIDTH - LEFT - RIGHT
    legend_h = 18 * len(series) if len(series) > 1 else 0
    top = TOP + legend_h
    plot_h = HEIGHT - top - BOTTOM
    n = len(labels)

    def x(i: int) -> float:
        return LEFT + (plot_w * (i + 0.5) / n if n else 0)

    def y(v: float) -> float:
        return top + plot_h * (1 - (v - low) / (high - low))

    title_id = f"chart-{zlib.crc32(title.encode()):08x}"
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" role="img" '
        f'viewBox="0 0 {WIDTH} {HEIGHT}" width="{WIDTH}" height="{HEIGHT}" '
        f'aria-labelledby="{title_id}-t {title_id}-d" font-family="sans-serif" font-size="14">',
        f'<title id="{title_id}-t">{escape(title)}</title>',
        f'<desc id="{title_id}-d">{escape(description or title)}</desc>',
        f'<text x="8" y="20" font-size="16" font-weight="bold">{escape(title)}</text>',
    ]
    for i, s in enumerate(series if len(series) > 1 else []):
        colour, dash = COLOURS[i % len(COLOURS)], DASHES[i % len(DASHES)]
        ly = TOP + 18 * i + 4
        parts.append(
            f'<line x1="{LEFT}" y1="{ly}" x2="{LEFT + 24}" y2="{ly}" stroke="{colour}" '
            f'stroke-width="2.5" stroke-dasharray="{dash}"/>'
            f'<text x="{LEFT + 30}" y="{ly + 4}">{escape(s.name)}</text>'
        )
    for tick in ticks:
        ty = y(tick)
        parts.append(
            f'<line x1="{LEFT}" y1="{ty:.1f}" x2="{WIDTH - RIGHT}" y2="{ty:.1f}" '
            f'stroke="{"#555" if tick == 0 else "#ddd"}" stroke-width="1"/>'
            f'<text x="{LEFT - 6}" y="{ty + 4:.1f}" text-anchor="end">{escape(fmt(tick))}</text>'
        )
    every = max(1, math.ceil(n / LABELS))
    for i, label in enumerate(labels):
        if (n - 1 - i) % every == 0:  # counted from the last, which is always labelled
            parts.append(
                f'<text x="{x(i):.1f}" y="{HEIGHT - BOTTOM + 18}" text-anchor="middle">'
                f"{escape(label)}</text>"
            )
    parts.append(
        f'<line x1="{LEFT}" y1="{top}" x2="{LEFT}" y2="{top + plot_h}" stroke="#555"/>'
        f'<line x1="{LEFT}" y1="{top + plot_h}" x2="{WIDTH - RIGHT}" y2="{top + plot_h}" '
        'stroke="#555"/>'
    )
    for i, s in enumerate(series):
        colour, dash = COLOURS[i % len(COLOURS)], DASHES[i % len(DASHES)]
        points = [(x(j), y(v), v) for j, v in enumerate(s.values) if v is not None]
        if len(points) > 1:
            path = " ".join(f"{px:.1f},{py:.1f}" for px, py, _ in points)
            parts.append(
                f'<polyline points="{path}" fill="none" stroke="{colour}" stroke-width="2.5" '
                f'stroke-dasharray="{dash}"/>'
            )
        for px, py, v in points:
            parts.append(
                f'<circle cx="{px:.1f}" cy="{py:.1f}" r="3.5" fill="{colour}">'
                f"<title>{escape(s.name)}: {escape(fmt(v))}</title></circle>"
            )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # every text above is escaped
