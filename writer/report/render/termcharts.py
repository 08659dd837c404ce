"""Small terminal charts for the text report, drawn by plotext (imported only here, when a text
report is written: about 30 ms)."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

_ANSI = re.compile(r"\x1b\[[0-9;]*m")
# The y axis of the trend, in hours: labels a reader knows.
_HOUR_TICKS = (
    (1 / 60, "1m"),
    (0.25, "15m"),
    (1.0, "1h"),
    (4.0, "4h"),
    (24.0, "1d"),
    (168.0, "7d"),
    (720.0, "30d"),
    (8760.0, "1y"),
)


def _plt() -> Any:
    import plotext

    plotext.clear_figure()
    plotext.theme("clear")
    return plotext


def _text(plt: Any) -> str:
    built: str = plt.build()
    plt.clear_figure()
    return "\n".join(line.rstrip() for line in _ANSI.sub("", built).splitlines())


def histogram(
    title: str, bars: Sequence[tuple[str, int]], width: int = 64, height: int = 12
) -> str:
    """Vertical bars, one per bucket, with the count above the axis."""
    plt = _plt()
    plt.plotsize(width, height)
    plt.bar([label for label, _ in bars], [count for _, count in bars], marker="█")
    plt.title(title)
    plt.yfrequency(min(5, max(count for _, count in bars) + 1) if bars else 2)
    return _text(plt)


def trend(
    title: str,
    quarters: Sequence[str],
    series: Sequence[tuple[str, Sequence[float | None]]],
    width: int = 72,
    height: int = 14,
) -> str:
    """One line per series over the quarters, on a log scale (durations range from minutes to
    weeks); a line joins the quarters that have a figure."""
    plt = _plt()
    plt.plotsize(width, height)
    markers = ("dot", "x", "+")
    for (label, values), marker in zip(series, markers, strict=False):
        xs = [i for i, value in enumerate(values, start=1) if value is not None]
        ys = [max(value, 1.0) / 60 for value in values if value is not None]
        if xs:
            plt.plot(xs, ys, label=label, marker=marker)
    plt.yscale("log")
    shown = [y for _label, values in series for y in values if y is not None]
    if shown:
        low, high = max(min(shown), 1.0) / 60, max(max(shown), 1.0) / 60
        ticks_y = [(hours, name) for hours, name in _HOUR_TICKS if low / 4 <= hours <= high * 4]
        if ticks_y:
            plt.yticks([hours for hours, _ in ticks_y], [name for _, name in ticks_y])
    step = max(1, len(quarters) // 6)
    ticks = list(range(1, len(quarters) + 1, step))
    plt.xticks(ticks, [quarters[i - 1] for i in ticks])
    plt.xlim(0.5, len(quarters) + 0.5)
    plt.title(title)
    return _text(plt)
