"""Figures across postmortems: the spread of each duration over all documents, by quarter and by
severity; action items open past their due date or without an owner.

Medians and quartiles, never means: a few long incidents make a mean say little about the rest.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence

from writer.report.dates import quarter
from writer.report.model import METRICS, DocumentReport, ItemRef, Sample, Spread

UNKNOWN = "unknown"


def spreads(documents: Sequence[DocumentReport]) -> tuple[Spread, ...]:
    """Per metric: the spread over every postmortem, then per quarter (oldest first), then per
    severity (most severe first); a group named ``unknown`` holds documents without a date or
    a severity."""
    postmortems = [doc for doc in documents if doc.postmortem is not None]
    out: list[Spread] = []
    for metric in METRICS:
        out.append(_spread(metric, "all", postmortems))
        by_quarter: dict[str, list[DocumentReport]] = {}
        by_severity: dict[str, list[DocumentReport]] = {}
        ranks: dict[str, int] = {}
        for doc in postmortems:
            figures = doc.postmortem
            assert figures is not None
            when = quarter(figures.date.value) if figures.date is not None else UNKNOWN
            by_quarter.setdefault(when, []).append(doc)
            severity = figures.severity.label if figures.severity is not None else UNKNOWN
            ranks[severity] = figures.severity.rank if figures.severity is not None else 99
            by_severity.setdefault(severity, []).append(doc)
        for name in sorted(by_quarter, key=lambda q: (q == UNKNOWN, q)):
            out.append(_spread(metric, f"quarter:{name}", by_quarter[name]))
        for name in sorted(by_severity, key=lambda s: (ranks[s], s)):
            out.append(_spread(metric, f"severity:{name}", by_severity[name]))
    return tuple(out)


def _spread(metric: str, group: str, documents: Iterable[DocumentReport]) -> Spread:
    samples = []
    unknown = []
    for doc in documents:
        assert doc.postmortem is not None
        duration = doc.postmortem.incident.duration(metric)
        if duration.minutes is None:
            unknown.append(doc.path)
        else:
            samples.append(Sample(doc.path, duration.minutes, bool(duration.approximate)))
    samples.sort(key=lambda sample: (sample.minutes, sample.path))
    return Spread(metric, group, tuple(samples), tuple(unknown))


def overdue(documents: Sequence[DocumentReport], as_of: dt.date) -> tuple[ItemRef, ...]:
    """Open action items whose due date is before ``as_of``, the longest overdue first."""
    found = [
        ItemRef(doc.path, item)
        for doc in documents
        if doc.postmortem is not None
        for item in doc.postmortem.open_items
        if item.due is not None and item.due < as_of
    ]
    return tuple(sorted(found, key=lambda ref: (ref.item.due, ref.path, ref.item.line)))


def without_owner(documents: Sequence[DocumentReport]) -> tuple[ItemRef, ...]:
    """Open action items that name no owner."""
    return tuple(
        ItemRef(doc.path, item)
        for doc in documents
        if doc.postmortem is not None
        for item in doc.postmortem.open_items
        if item.owner is None
    )


def unreadable_due(documents: Sequence[DocumentReport]) -> tuple[ItemRef, ...]:
    """Open action items that give a due date the report cannot place ('next sprint')."""
    return tuple(
        ItemRef(doc.path, item)
        for doc in documents
        if doc.postmortem is not None
        for item in doc.postmortem.open_items
        if item.due is None and item.due_text
    )


def status_counts(documents: Sequence[DocumentReport]) -> tuple[tuple[str, int], ...]:
    counts: dict[str, int] = {}
    for doc in documents:
        if doc.design is None:
            continue
        status = (doc.design.status or "no status").strip().lower()
        counts[status] = counts.get(status, 0) + 1
    return tuple(sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])))
