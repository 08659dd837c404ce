"""What every format of the report writes the same way: durations, figures that are approximate
or unknown, buckets of the time-to-resolve chart, the order of the sections."""

from __future__ import annotations

from collections.abc import Sequence

from writer.report.model import Duration, Report, Sample, Spread

UNKNOWN = "unknown"
APPROXIMATE = "~"

# Buckets of the duration charts (upper bounds in minutes), as a reader groups incidents.
BUCKETS: tuple[tuple[str, float], ...] = (
    ("<15m", 15),
    ("15m-1h", 60),
    ("1-4h", 240),
    ("4-24h", 1440),
    ("1-7d", 10080),
    (">7d", float("inf")),
)


def human(minutes: float | None) -> str:
    """``6 min``, ``2 h 5 min``, ``3 d 4 h``; ``unknown`` for None."""
    if minutes is None:
        return UNKNOWN
    from writer.checks.postmortem.timeline import human_minutes

    return human_minutes(minutes)


def short(minutes: float | None) -> str:
    """A compact duration for narrow table cells: ``6m``, ``2h05``, ``3d4h``; ``?`` unknown."""
    if minutes is None:
        return "?"
    total = round(minutes)
    if total < 60:
        return f"{total}m"
    hours, mins = divmod(total, 60)
    if hours < 24:
        return f"{hours}h{mins:02d}" if mins else f"{hours}h"
    days, hours = divmod(hours, 24)
    return f"{days}d{hours}h" if hours else f"{days}d"


def cell(duration: Duration) -> str:
    """A duration for a table: ``~`` before an approximate figure, ``?`` when unknown."""
    if duration.minutes is None:
        return "?"
    return (APPROXIMATE if duration.approximate else "") + short(duration.minutes)


def buckets(samples: Sequence[Sample]) -> list[tuple[str, int]]:
    counts = [0] * len(BUCKETS)
    for sample in samples:
        for index, (_label, bound) in enumerate(BUCKETS):
            if sample.minutes < bound:
                counts[index] += 1
                break
    return [(label, count) for (label, _bound), count in zip(BUCKETS, counts, strict=True)]


def spread_summary(spread: Spread | None) -> str:
    """``median 29 min (p25 5 min, p75 2 h), 40 of 60 known, 3 approximate``."""
    if spread is None or not spread.samples:
        known = 0 if spread is None else len(spread.unknown)
        return f"unknown (no document gives it; {known} without)"
    total = spread.count + len(spread.unknown)
    text = (
        f"median {human(spread.median)} (p25 {human(spread.quantile(0.25))}, "
        f"p75 {human(spread.quantile(0.75))}), {spread.count} of {total} known"
    )
    if spread.approximate:
        text += f", {spread.approximate} approximate"
    return text


def headline(report: Report) -> str:
    postmortems = len(report.postmortems)
    design = len(report.design_docs)
    return (
        f"{len(report.documents)} documents: {postmortems} postmortem"
        f"{'s' if postmortems != 1 else ''}, {design} design doc{'s' if design != 1 else ''}; "
        f"as of {report.as_of.isoformat()}"
    )


def bar(count: int, most: int, width: int = 24) -> str:
    """A bar of block characters ``count`` long out of ``most``."""
    if most <= 0 or count <= 0:
        return ""
    cells = max(1, round(width * count / most))
    return "█" * cells
