"""``--format markdown``: the report as a page to commit to the docs site (GitHub-flavoured
tables; charts as bars of block characters, which every markdown renderer shows)."""

from __future__ import annotations

from collections.abc import Sequence

from writer.report.model import (
    METRIC_LABELS,
    METRICS,
    Duration,
    Report,
    group_name,
    where,
)
from writer.report.render.common import bar, buckets, cell, headline, human, short, spread_summary

LIST_LIMIT = 50


def _escape(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _table(headers: Sequence[str], rows: Sequence[Sequence[str]], right: set[int]) -> list[str]:
    rule = ["---:" if i in right else "---" for i in range(len(headers))]
    return [
        "| " + " | ".join(headers) + " |",
        "| " + " | ".join(rule) + " |",
        *("| " + " | ".join(_escape(value) for value in r) + " |" for r in rows),
    ]


def _title(duration: Duration) -> str:
    """How a duration was read, for a reader checking it: the two rows, or why it is unknown."""
    if duration.minutes is None:
        return f"unknown: {duration.unknown}"
    since = f"line {duration.since.line}" if duration.since else "?"
    until = f"line {duration.until.line}" if duration.until else "?"
    note = f" ({'; '.join(duration.approximate)})" if duration.approximate else ""
    return f"{human(duration.minutes)}, {since} to {until}{note}"


def render(report: Report) -> str:
    out = ["# What our postmortems say", "", f"{headline(report)}.", ""]
    postmortems = report.postmortems
    if postmortems:
        out += ["## Postmortems", ""]
        rows = []
        for doc in postmortems:
            figures = doc.postmortem
            assert figures is not None
            rows.append(
                [
                    f"`{doc.path}`",
                    figures.date.value.isoformat() if figures.date else "unknown",
                    figures.severity.label if figures.severity else "unknown",
                    *(cell(figures.incident.duration(metric)) for metric in METRICS),
                    str(len(figures.open_items)),
                    str(len(figures.done_items)),
                ]
            )
        out += _table(
            ["document", "date", "severity", "TTD", "TTM", "TTR", "open", "done"],
            rows,
            {3, 4, 5, 6, 7},
        )
        out += [
            "",
            "`~` marks an approximate figure (dates without times, or a time written as "
            "approximate); `?` an unknown one. Where each figure was read:",
            "",
        ]
        for doc in postmortems:
            figures = doc.postmortem
            assert figures is not None
            parts = [f"{METRIC_LABELS[d.name]} {_title(d)}" for d in figures.incident.durations]
            out.append(f"- `{doc.path}`: " + "; ".join(parts))
        out.append("")
        out += _spreads(report)
        out += _items(report)
        out += _recurrence(report)
    if report.design_docs:
        out += _design(report)
    if report.errors:
        out += ["## Not read", ""]
        out += [f"- `{where(error)}`: {error.message}" for error in report.errors]
        out.append("")
    return "\n".join(out).rstrip() + "\n"


def _spreads(report: Report) -> list[str]:
    out = ["## Time to detect, mitigate and resolve", ""]
    for metric in METRICS:
        out.append(f"- **{METRIC_LABELS[metric]}**: {spread_summary(report.spread(metric))}")
    out.append("")
    for kind, title in (("quarter", "By quarter"), ("severity", "By severity")):
        groups = report.groups("time_to_resolve", kind)
        if not groups:
            continue
        rows = []
        for resolve in groups:
            line = [group_name(resolve), str(resolve.count + len(resolve.unknown))]
            for metric in METRICS:
                found = report.spread(metric, resolve.group)
                line.append(
                    f"{short(found.median)} (n={found.count})"
                    if found is not None and found.samples
                    else "?"
                )
            rows.append(line)
        out += [f"### {title}", "", "Medians; n counts the documents that give the figure.", ""]
        out += _table([kind, "documents", "TTD", "TTM", "TTR"], rows, {1})
        out.append("")
    overall = report.spread("time_to_resolve")
    if overall is not None and overall.samples:
        counts = buckets(overall.samples)
        most = max(count for _, count in counts)
        out += ["### Time to resolve, spread", ""]
        out += _table(
            ["time to resolve", "postmortems", ""],
            [[label, str(count), bar(count, most)] for label, count in counts],
            {1},
        )
        out.append("")
    return out


def _items(report: Report) -> list[str]:
    out = ["## Action items", ""]
    items = [
        item for doc in report.postmortems if doc.postmortem for item in doc.postmortem.action_items
    ]
    done = sum(1 for item in items if item.done)
    out += [f"{len(items) - done} open, {done} done.", ""]
    if report.overdue:
        out += [f"### Open past their due date (as of {report.as_of.isoformat()})", ""]
        out += _table(
            ["due", "owner", "item", "document"],
            [
                [
                    ref.item.due.isoformat() if ref.item.due else "",
                    ref.item.owner or "none",
                    ref.item.text[:120],
                    f"`{ref.path}:{ref.item.line}`",
                ]
                for ref in report.overdue[:LIST_LIMIT]
            ],
            set(),
        )
        out.append("")
    if report.no_owner:
        out += [f"### Open with no owner ({len(report.no_owner)})", ""]
        out += [
            f"- {ref.item.text[:120]} (`{ref.path}:{ref.item.line}`)"
            for ref in report.no_owner[:LIST_LIMIT]
        ]
        if len(report.no_owner) > LIST_LIMIT:
            out.append(f"- … and {len(report.no_owner) - LIST_LIMIT} more")
        out.append("")
    return out


def _recurrence(report: Report) -> list[str]:
    out = ["## What comes back", ""]
    if not report.clusters:
        return [*out, "Nothing repeats across postmortems.", ""]
    titles = {
        "factor": "Contributing factors",
        "action": "Action items",
        "service": "Services",
        "tag": "Tags",
    }
    for kind, title in titles.items():
        found = [c for c in report.clusters if c.kind == kind]
        if not found:
            continue
        out += [f"### {title}", ""]
        for cluster in found[:LIST_LIMIT]:
            out.append(f"- **{_escape(cluster.label[:120])}**: {len(cluster.documents)} documents")
            for member in cluster.members:
                line = f":{member.line}" if member.line else ""
                out.append(f"    - `{member.path}{line}`: {_escape(member.text[:120])}")
        out.append("")
    return out


def _design(report: Report) -> list[str]:
    out = ["## Design docs", ""]
    out += _table(
        ["status", "documents"],
        [[status, str(count)] for status, count in report.status_counts],
        {1},
    )
    out.append("")
    rows = []
    for doc in report.design_docs:
        design = doc.design
        assert design is not None
        sections = (
            f"{design.required_sections - len(design.missing_sections)}/{design.required_sections}"
            if design.required_sections
            else "no template"
        )
        rows.append(
            [
                f"`{doc.path}`",
                design.status or "unknown",
                sections,
                design.status_changed.isoformat() if design.status_changed else "unknown",
            ]
        )
    out += _table(["document", "status", "required sections", "status changed"], rows, set())
    out.append("")
    if report.stale:
        out += [f"### No status change in {report.stale_days} days", ""]
        out += [
            f"- `{stale.path}`: {stale.status} since {stale.since.isoformat()} ({stale.days} days)"
            for stale in report.stale
        ]
        out.append("")
    return out
