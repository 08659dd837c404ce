"""Charts as inline SVG for the HTML report: drawn here, no script, nothing fetched."""

from __future__ import annotations

import math
from collections.abc import Sequence
from html import escape

WIDTH = 640
HEIGHT = 260
LEFT, RIGHT, TOP, BOTTOM = 56, 16, 34, 44
COLOURS = ("#2563eb", "#d97706", "#059669", "#7c3aed", "#dc2626", "#0891b2")
MIN_BOX = 8.0  # the least height of a box, in pixels
# Log-scale ticks for durations (minutes) and their labels.
MINUTE_TICKS = (
    (1, "1m"),
    (15, "15m"),
    (60, "1h"),
    (240, "4h"),
    (1440, "1d"),
    (10080, "7d"),
    (43200, "30d"),
    (525600, "1y"),
)


def _open(chart_id: str, title: str, description: str) -> list[str]:
    return [
        f'<svg class="chart" id="{escape(chart_id)}" viewBox="0 0 {WIDTH} {HEIGHT}" '
        f'width="{WIDTH}" height="{HEIGHT}" role="img" aria-label="{escape(title)}" '
        'xmlns="http://www.w3.org/2000/svg">',
        f"<title>{escape(title)}</title><desc>{escape(description)}</desc>",
        f'<rect x="0" y="0" width="{WIDTH}" height="{HEIGHT}" fill="#ffffff"/>',
        f'<text x="{LEFT}" y="20" class="chart-title">{escape(title)}</text>',
    ]


def _axes() -> list[str]:
    return [
        f'<line x1="{LEFT}" y1="{HEIGHT - BOTTOM}" x2="{WIDTH - RIGHT}" y2="{HEIGHT - BOTTOM}" '
        'stroke="#374151"/>',
        f'<line x1="{LEFT}" y1="{TOP}" x2="{LEFT}" y2="{HEIGHT - BOTTOM}" stroke="#374151"/>',
    ]


def histogram(chart_id: str, title: str, bars: Sequence[tuple[str, int]]) -> str:
    """Vertical bars, one per bucket, each with its count."""
    parts = _open(chart_id, title, ", ".join(f"{label}: {count}" for label, count in bars))
    parts += _axes()
    most = max((count for _, count in bars), default=0) or 1
    plot_w = WIDTH - LEFT - RIGHT
    plot_h = HEIGHT - TOP - BOTTOM
    slot = plot_w / max(1, len(bars))
    for step in range(0, most + 1, max(1, math.ceil(most / 4))):
        y = HEIGHT - BOTTOM - plot_h * step / most
        parts.append(
            f'<line x1="{LEFT - 4}" y1="{y:.1f}" x2="{WIDTH - RIGHT}" y2="{y:.1f}" '
            'stroke="#e5e7eb"/>'
            f'<text x="{LEFT - 8}" y="{y + 4:.1f}" text-anchor="end" class="tick">{step}</text>'
        )
    for index, (label, count) in enumerate(bars):
        x = LEFT + slot * index + slot * 0.15
        height = plot_h * count / most
        y = HEIGHT - BOTTOM - height
        parts.append(
            f'<rect x="{x:.1f}" y="{y:.1f}" width="{slot * 0.7:.1f}" height="{height:.1f}" '
            f'fill="{COLOURS[0]}"><title>{escape(label)}: {count}</title></rect>'
        )
        parts.append(
            f'<text x="{x + slot * 0.35:.1f}" y="{HEIGHT - BOTTOM + 18}" text-anchor="middle" '
            f'class="tick">{escape(label)}</text>'
        )
        if count:
            parts.append(
                f'<text x="{x + slot * 0.35:.1f}" y="{y - 4:.1f}" text-anchor="middle" '
                f'class="value">{count}</text>'
            )
    parts.append("</svg>")
    return "\n".join(parts)


def _log_y(minutes: float, low: float, high: float) -> float:
    plot_h = HEIGHT - TOP - BOTTOM
    span = math.log10(high) - math.log10(low)
    share = (math.log10(max(minutes, low)) - math.log10(low)) / span if span else 0.5
    return HEIGHT - BOTTOM - plot_h * share


def _log_range(values: Sequence[float]) -> tuple[float, float]:
    low = max(1.0, min(values)) / 2
    high = max(max(values), low * 4) * 2
    return low, high


def _log_ticks(low: float, high: float) -> list[str]:
    parts = []
    for minutes, label in MINUTE_TICKS:
        if low <= minutes <= high:
            y = _log_y(minutes, low, high)
            parts.append(
                f'<line x1="{LEFT - 4}" y1="{y:.1f}" x2="{WIDTH - RIGHT}" y2="{y:.1f}" '
                'stroke="#e5e7eb"/>'
                f'<text x="{LEFT - 8}" y="{y + 4:.1f}" text-anchor="end" '
                f'class="tick">{label}</text>'
            )
    return parts


def trend(
    chart_id: str,
    title: str,
    quarters: Sequence[str],
    series: Sequence[tuple[str, Sequence[float | None]]],
) -> str:
    """A line per series over the quarters, durations on a log scale; points carry their value."""
    values = [v for _, vs in series for v in vs if v is not None]
    parts = _open(chart_id, title, f"medians per quarter, {len(quarters)} quarters")
    if not values:
        parts.append("</svg>")
        return "\n".join(parts)
    low, high = _log_range(values)
    parts += _log_ticks(low, high)
    parts += _axes()
    plot_w = WIDTH - LEFT - RIGHT
    slot = plot_w / max(1, len(quarters))
    every = max(1, math.ceil(len(quarters) / 8))
    for index, name in enumerate(quarters):
        if index % every == 0:
            x = LEFT + slot * (index + 0.5)
            parts.append(
                f'<text x="{x:.1f}" y="{HEIGHT - BOTTOM + 18}" text-anchor="middle" '
                f'class="tick">{escape(name)}</text>'
            )
    for number, (label, points) in enumerate(series):
        colour = COLOURS[number % len(COLOURS)]
        placed = [
            (LEFT + slot * (index + 0.5), _log_y(value, low, high), value)
            for index, value in enumerate(points)
            if value is not None
        ]
        if len(placed) >= 2:
            path = " ".join(f"{x:.1f},{y:.1f}" for x, y, _ in placed)
            parts.append(
                f'<polyline points="{path}" fill="none" stroke="{colour}" stroke-width="2"/>'
            )
        for x, y, value in placed:
            parts.append(
                f'<circle cx="{x:.1f}" cy="{y:.1f}" r="3.5" fill="{colour}">'
                f"<title>{escape(label)}: {round(value)} min</title></circle>"
            )
        legend_x = LEFT + 8 + number * 90
        parts.append(
            f'<rect x="{legend_x}" y="{HEIGHT - 16}" width="12" height="12" fill="{colour}"/>'
            f'<text x="{legend_x + 16}" y="{HEIGHT - 6}" class="tick">{escape(label)}</text>'
        )
    parts.append("</svg>")
    return "\n".join(parts)


def boxes(
    chart_id: str,
    title: str,
    groups: Sequence[tuple[str, Sequence[float]]],
) -> str:
    """A box per group (quartiles, median, least and most), durations on a log scale."""
    values = [v for _, vs in groups for v in vs]
    parts = _open(chart_id, title, ", ".join(f"{name}: {len(vs)}" for name, vs in groups))
    if not values:
        parts.append("</svg>")
        return "\n".join(parts)
    low, high = _log_range(values)
    parts += _log_ticks(low, high)
    parts += _axes()
    plot_w = WIDTH - LEFT - RIGHT
    slot = plot_w / max(1, len(groups))
    for index, (name, samples) in enumerate(groups):
        ordered = sorted(samples)
        centre = LEFT + slot * (index + 0.5)
        half = min(28.0, slot * 0.3)
        parts.append(
            f'<text x="{centre:.1f}" y="{HEIGHT - BOTTOM + 18}" text-anchor="middle" '
            f'class="tick">{escape(name)} (n={len(ordered)})</text>'
        )
        if not ordered:
            continue
        q1, median, q3 = (_quantile(ordered, f) for f in (0.25, 0.5, 0.75))
        y_min, y_max = _log_y(ordered[0], low, high), _log_y(ordered[-1], low, high)
        y1, y3, ym = (_log_y(v, low, high) for v in (q1, q3, median))
        colour = COLOURS[index % len(COLOURS)]
        # A group of one (or of equal values) still shows its colour: a box at least
        # MIN_BOX high around the median, not a line its own border hides.
        top, height = min(y1, y3), abs(y1 - y3)
        if height < MIN_BOX:
            top, height = ym - MIN_BOX / 2, MIN_BOX
        parts.append(
            f'<line x1="{centre:.1f}" y1="{y_min:.1f}" x2="{centre:.1f}" y2="{y_max:.1f}" '
            'stroke="#374151"/>'
            f'<rect x="{centre - half:.1f}" y="{top:.1f}" width="{half * 2:.1f}" '
            f'height="{height:.1f}" fill="{colour}" fill-opacity="0.75" '
            f'stroke="#1f2937"><title>{escape(name)}: p25 {round(q1)} min, median '
            f"{round(median)} min, p75 {round(q3)} min</title></rect>"
            f'<line x1="{centre - half:.1f}" y1="{ym:.1f}" x2="{centre + half:.1f}" '
            f'y2="{ym:.1f}" stroke="#111827" stroke-width="2.5"/>'
        )
    parts.append("</svg>")
    return "\n".join(parts)


def _quantile(ordered: Sequence[float], fraction: float) -> float:
    position = (len(ordered) - 1) * fraction
    low = int(position)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)


def horizontal_bars(
    chart_id: str,
    title: str,
    bars: Sequence[tuple[str, int, int]],
    names: tuple[str, str] | None = None,
) -> str:
    """Stacked horizontal bars: (label, first part, second part), as open and done items;
    ``names`` name the two parts in a legend."""
    parts = _open(chart_id, title, ", ".join(f"{label}: {a} + {b}" for label, a, b in bars))
    most = max((a + b for _, a, b in bars), default=0) or 1
    label_w = 110
    plot_w = WIDTH - label_w - RIGHT - 30
    row_h = min(26.0, (HEIGHT - TOP - 30) / max(1, len(bars)))
    for index, (label, first, second) in enumerate(bars):
        y = TOP + 6 + index * row_h
        w1 = plot_w * first / most
        w2 = plot_w * second / most
        parts.append(
            f'<text x="{label_w - 6}" y="{y + row_h * 0.6:.1f}" text-anchor="end" '
            f'class="tick">{escape(label)}</text>'
            f'<rect x="{label_w}" y="{y:.1f}" width="{w1:.1f}" height="{row_h * 0.7:.1f}" '
            f'fill="{COLOURS[1]}"><title>{escape(label)}: {first}</title></rect>'
            f'<rect x="{label_w + w1:.1f}" y="{y:.1f}" width="{w2:.1f}" '
            f'height="{row_h * 0.7:.1f}" fill="{COLOURS[2]}"><title>{escape(label)}: '
            f"{second}</title></rect>"
            f'<text x="{label_w + w1 + w2 + 6:.1f}" y="{y + row_h * 0.6:.1f}" '
            f'class="value">{first + second}</text>'
        )
    if names is not None:
        for number, name in enumerate(names):
            x = label_w + number * 90
            parts.append(
                f'<rect x="{x}" y="{HEIGHT - 16}" width="12" height="12" '
                f'fill="{COLOURS[1 + number]}"/>'
                f'<text x="{x + 16}" y="{HEIGHT - 6}" class="tick">{escape(name)}</text>'
            )
    parts.append("</svg>")
    return "\n".join(parts)
