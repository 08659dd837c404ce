"""``--format text``: tables and small terminal charts, for reading in a terminal."""

from __future__ import annotations

from collections.abc import Sequence

from writer.report.model import (
    METRIC_LABELS,
    METRICS,
    DocumentReport,
    ItemRef,
    Report,
    group_name,
    where,
)
from writer.report.render.common import buckets, cell, headline, short, spread_summary

LIST_LIMIT = 25  # items shown per list; the JSON holds them all


def table(headers: Sequence[str], rows: Sequence[Sequence[str]], right: set[int]) -> list[str]:
    widths = [len(h) for h in headers]
    for found in rows:
        for index, value in enumerate(found):
            widths[index] = max(widths[index], len(value))

    def line(values: Sequence[str]) -> str:
        cells = [
            value.rjust(widths[i]) if i in right else value.ljust(widths[i])
            for i, value in enumerate(values)
        ]
        return "  " + "  ".join(cells).rstrip()

    return [line(headers), "  " + "  ".join("-" * w for w in widths), *(line(r) for r in rows)]


def _name(path: str, width: int = 48) -> str:
    return path if len(path) <= width else "…" + path[-(width - 1) :]


def render(report: Report, charts: bool = True) -> str:
    out = [f"writer report · {headline(report)}", ""]
    postmortems = report.postmortems
    if postmortems:
        out += _postmortem_table(postmortems)
        out += _durations(report, charts)
        out += _action_items(report)
        out += _recurrence(report)
    if report.design_docs:
        out += _design(report)
    if not report.documents:
        out += ["No postmortems or design docs found.", ""]
    if report.errors:
        out.append("Could not be read:")
        out += [f"  {where(error)}: {error.message}" for error in report.errors]
        out.append("")
    if report.notices:
        out += [f"note: {notice}" for notice in report.notices]
        out.append("")
    return "\n".join(out).rstrip() + "\n"


def _postmortem_table(postmortems: Sequence[DocumentReport]) -> list[str]:
    rows = []
    for doc in postmortems:
        figures = doc.postmortem
        assert figures is not None
        incident = figures.incident
        rows.append(
            [
                _name(doc.path),
                figures.date.value.isoformat() if figures.date else "?",
                figures.severity.label if figures.severity else "?",
                *(cell(incident.duration(metric)) for metric in METRICS),
                f"{len(figures.open_items)}/{len(figures.done_items)}",
                " ".join(f"{family} {count}" for family, count in doc.findings[:3]),
            ]
        )
    return [
        f"Postmortems ({len(postmortems)})",
        *table(
            ["document", "date", "sev", "TTD", "TTM", "TTR", "open/done", "findings"],
            rows,
            {3, 4, 5, 6},
        ),
        "  ~ approximate (dates without times, or times written as approximate); ? unknown.",
        "  The rows each figure was read from: --format json.",
        "",
    ]


def _durations(report: Report, charts: bool) -> list[str]:
    out = ["Time to detect, mitigate and resolve (from the start of impact)"]
    for metric in METRICS:
        out.append(f"  {METRIC_LABELS[metric]}: {spread_summary(report.spread(metric))}")
    out.append("")
    for kind, title in (("quarter", "By quarter"), ("severity", "By severity")):
        groups = report.groups("time_to_resolve", kind)
        if not groups:
            continue
        rows = []
        for resolve in groups:
            name = group_name(resolve)
            line = [name, str(resolve.count + len(resolve.unknown))]
            for metric in METRICS:
                found = report.spread(metric, resolve.group)
                if found is None or not found.samples:
                    line.append("?")
                else:
                    line.append(f"{short(found.median)} (n={found.count})")
            rows.append(line)
        out += [f"  {title} (medians; n = documents with the figure)"]
        out += table([kind, "docs", "TTD", "TTM", "TTR"], rows, {1})
        out.append("")
    resolve_all = report.spread("time_to_resolve")
    if charts and resolve_all is not None and resolve_all.samples:
        from writer.report.render import termcharts

        out.append(
            termcharts.histogram(
                f"Time to resolve: {resolve_all.count} postmortems with the figure",
                buckets(resolve_all.samples),
            )
        )
        out.append("")
        quarters = [
            group_name(s)
            for s in report.groups("time_to_resolve", "quarter")
            if group_name(s) != "unknown"
        ]
        if len(quarters) >= 2:
            series = []
            for metric in METRICS:
                values = []
                for name in quarters:
                    found = report.spread(metric, f"quarter:{name}")
                    values.append(found.median if found is not None else None)
                series.append((METRIC_LABELS[metric], values))
            out.append(termcharts.trend("Medians by quarter of the incident", quarters, series))
            out.append("")
    return out


def _refs(title: str, refs: Sequence[ItemRef], show_due: bool) -> list[str]:
    if not refs:
        return []
    out = [f"  {title} ({len(refs)})"]
    for ref in refs[:LIST_LIMIT]:
        item = ref.item
        due = f"due {item.due.isoformat()} · " if show_due and item.due else ""
        owner = f"{item.owner} · " if item.owner else ""
        out.append(f"    {ref.path}:{item.line}  {due}{owner}{item.text[:90]}")
    if len(refs) > LIST_LIMIT:
        out.append(f"    … and {len(refs) - LIST_LIMIT} more (--format json lists them all)")
    return out


def _action_items(report: Report) -> list[str]:
    items = [
        item for doc in report.postmortems if doc.postmortem for item in doc.postmortem.action_items
    ]
    done = sum(1 for item in items if item.done)
    out = [f"Action items: {len(items) - done} open, {done} done"]
    out += _refs(
        f"Open past their due date (as of {report.as_of.isoformat()})", report.overdue, True
    )
    out += _refs("Open with no owner", report.no_owner, False)
    if report.undated_due:
        out.append(
            f"  {len(report.undated_due)} open item(s) give a due date that could not be read "
            "(no year, or words such as 'next sprint'): not judged overdue"
        )
    out.append("")
    return out


def _recurrence(report: Report) -> list[str]:
    names = {
        "factor": "Contributing factors",
        "action": "Action items",
        "service": "Services",
        "tag": "Tags",
    }
    out = ["Recurrence: what comes back in two or more postmortems"]
    if not report.clusters:
        out += ["  nothing repeats across documents", ""]
        return out
    for kind, title in names.items():
        found = [c for c in report.clusters if c.kind == kind]
        if not found:
            continue
        out.append(f"  {title}")
        for cluster in found[:LIST_LIMIT]:
            out.append(f"    {len(cluster.documents)} documents: {cluster.label[:90]}")
            for member in cluster.members[:6]:
                line = f":{member.line}" if member.line else ""
                out.append(f"      {member.path}{line}  {member.text[:70]}")
            if len(cluster.members) > 6:
                out.append(f"      … and {len(cluster.members) - 6} more")
    out.append("")
    return out


def _design(report: Report) -> list[str]:
    docs = report.design_docs
    out = [f"Design docs ({len(docs)})"]
    counts = ", ".join(f"{status} {count}" for status, count in report.status_counts)
    out.append(f"  status: {counts}")
    rows = []
    for doc in docs:
        design = doc.design
        assert design is not None
        if design.required_sections:
            present = design.required_sections - len(design.missing_sections)
            conformance = f"{present}/{design.required_sections}"
        else:
            conformance = "no template"
        changed = design.status_changed.isoformat() if design.status_changed else "?"
        rows.append(
            [
                _name(doc.path),
                design.status or "?",
                doc.template or "-",
                conformance,
                str(design.structure_findings),
                changed,
            ]
        )
    out += table(
        ["document", "status", "template", "sections", "structure", "status changed"],
        rows,
        {4},
    )
    if report.stale:
        out.append(
            f"  Open for {report.stale_days} days or more without a status change "
            f"({len(report.stale)})"
        )
        for stale in report.stale[:LIST_LIMIT]:
            out.append(
                f"    {stale.path}  {stale.status} since {stale.since.isoformat()} "
                f"({stale.days} days)"
            )
    out.append("")
    return out
