"""``--format html``: one self-contained page. Styles and charts (inline SVG) are in the file; it
has no script and its content security policy forbids fetching anything, so it reads the same
offline and never calls out."""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

from writer.report.dates import quarter
from writer.report.model import (
    METRIC_LABELS,
    METRICS,
    Duration,
    ItemRef,
    Report,
    Row,
    group_name,
    where,
)
from writer.report.render import svg
from writer.report.render.common import buckets, cell, headline, human, short, spread_summary

POLICY = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; form-action 'none'"

STYLE = """
body{font:15px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif;color:#111827;margin:0;
background:#f9fafb}
main{max-width:1100px;margin:0 auto;padding:24px}
h1{font-size:26px;margin:0 0 4px}h2{margin-top:36px;border-bottom:1px solid #d1d5db}
.lead{color:#4b5563;margin:0 0 20px}
.charts{display:flex;flex-wrap:wrap;gap:16px}
figure{margin:0;background:#fff;border:1px solid #e5e7eb;border-radius:6px;padding:8px}
figcaption{font-size:13px;color:#4b5563;max-width:620px}
svg.chart{display:block;max-width:100%;height:auto}
.chart-title{font-size:14px;font-weight:600;fill:#111827}
.tick{font-size:11px;fill:#374151}.value{font-size:11px;fill:#111827;font-weight:600}
table{border-collapse:collapse;width:100%;background:#fff;font-size:13px}
th,td{border:1px solid #e5e7eb;padding:4px 6px;text-align:left;vertical-align:top}
th{background:#f3f4f6}td.num{text-align:right;font-variant-numeric:tabular-nums}
code{font-size:12px}details{margin:2px 0}summary{cursor:pointer}
.muted{color:#6b7280}.approx{color:#92400e}
"""


def render(report: Report) -> str:
    body = [
        "<main>",
        "<h1>What our postmortems say</h1>",
        f'<p class="lead">{escape(headline(report))}</p>',
    ]
    if report.postmortems:
        body += _charts(report)
        body += _spreads(report)
        body += _documents(report)
        body += _items(report)
        body += _recurrence(report)
    if report.design_docs:
        body += _design(report)
    if not report.documents:
        body.append("<p>No postmortems or design docs found.</p>")
    if report.errors:
        body.append("<h2>Not read</h2><ul>")
        body += [
            f"<li><code>{escape(where(e))}</code>: {escape(e.message)}</li>" for e in report.errors
        ]
        body.append("</ul>")
    body.append("</main>")
    return "\n".join(
        [
            "<!DOCTYPE html>",
            '<html lang="en"><head><meta charset="utf-8">',
            f'<meta http-equiv="Content-Security-Policy" content="{POLICY}">',
            '<meta name="viewport" content="width=device-width, initial-scale=1">',
            "<title>writer report</title>",
            f"<style>{STYLE}</style></head><body>",
            *body,
            "</body></html>",
            "",
        ]
    )


def _figure(chart: str, caption: str) -> str:
    return f"<figure>{chart}<figcaption>{escape(caption)}</figcaption></figure>"


def _charts(report: Report) -> list[str]:
    out = ['<section class="charts">']
    missing = []
    resolve = report.spread("time_to_resolve")
    if resolve is not None and resolve.samples:
        out.append(
            _figure(
                svg.histogram(
                    "chart-ttr-distribution",
                    f"Time to resolve: {resolve.count} postmortems",
                    buckets(resolve.samples),
                ),
                f"{spread_summary(resolve)}. Postmortems without the figure are not drawn.",
            )
        )
    else:
        missing.append("no postmortem gives a time to resolve")
    spreads = [
        (METRIC_LABELS[m], [s.minutes for s in found.samples])
        for m in METRICS
        if (found := report.spread(m)) is not None and found.samples
    ]
    if spreads:
        out.append(
            _figure(
                svg.boxes("chart-spread", "Spread of each figure (log scale)", spreads),
                "Boxes run from the 25th to the 75th percentile, the dark line is the median, "
                "the whiskers the least and the most.",
            )
        )
    quarters = [
        group_name(s)
        for s in report.groups("time_to_resolve", "quarter")
        if group_name(s) != "unknown"
    ]
    series = []
    for metric in METRICS:
        values = []
        for name in quarters:
            found = report.spread(metric, f"quarter:{name}")
            values.append(found.median if found is not None and found.samples else None)
        series.append((METRIC_LABELS[metric], values))
    if quarters and any(v is not None for _, vs in series for v in vs):
        out.append(
            _figure(
                svg.trend("chart-trend", "Medians by quarter (log scale)", quarters, series),
                "Each point is the median of the postmortems of that quarter that give the "
                "figure; the tables below give how many.",
            )
        )
    else:
        missing.append("no dated postmortem gives a duration, so there is no trend")
    severities = [
        (group_name(s), [sample.minutes for sample in s.samples])
        for s in report.groups("time_to_resolve", "severity")
        if s.samples and group_name(s) != "unknown"
    ]
    if severities:
        out.append(
            _figure(
                svg.boxes("chart-severity", "Time to resolve by severity (log scale)", severities),
                "Only postmortems that give both a severity and a time to resolve.",
            )
        )
    else:
        missing.append("no postmortem gives both a severity and a time to resolve")
    by_quarter: dict[str, list[int]] = {}
    for doc in report.postmortems:
        figures = doc.postmortem
        assert figures is not None
        name = quarter(figures.date.value) if figures.date else "unknown"
        counts = by_quarter.setdefault(name, [0, 0])
        counts[0] += len(figures.open_items)
        counts[1] += len(figures.done_items)
    bars = [
        (name, counts[0], counts[1])
        for name, counts in sorted(by_quarter.items(), key=lambda kv: (kv[0] == "unknown", kv[0]))
        if counts[0] or counts[1]
    ]
    if bars:
        out.append(
            _figure(
                svg.horizontal_bars(
                    "chart-action-items",
                    "Action items by quarter of the incident",
                    bars[-8:],
                    ("open", "done"),
                ),
                "The last eight quarters with action items; the tables below list them all.",
            )
        )
    out.append("</section>")
    if missing:
        out.append(f'<p class="muted">Not drawn: {escape("; ".join(missing))}.</p>')
    return out


def _row(found: Row | None) -> str:
    if found is None:
        return '<span class="muted">none</span>'
    return f"line {found.line}: <code>{escape(found.text)}</code>"


def _duration_cell(duration: Duration) -> str:
    text = escape(cell(duration))
    if duration.minutes is None:
        title = f"unknown: {duration.unknown}"
    else:
        title = (
            f"{human(duration.minutes)}; from line {duration.since.line if duration.since else '?'}"
        )
        title += f" to line {duration.until.line if duration.until else '?'}"
        if duration.approximate:
            title += " (" + "; ".join(duration.approximate) + ")"
    klass = "num approx" if duration.approximate else "num"
    return f'<td class="{klass}" title="{escape(title)}">{text}</td>'


def _spreads(report: Report) -> list[str]:
    out = ["<h2>Time to detect, mitigate and resolve</h2><ul>"]
    for metric in METRICS:
        out.append(
            f"<li><b>{METRIC_LABELS[metric]}</b>: {escape(spread_summary(report.spread(metric)))}"
            "</li>"
        )
    out.append("</ul>")
    for kind, title in (("quarter", "By quarter"), ("severity", "By severity")):
        groups = report.groups("time_to_resolve", kind)
        if not groups:
            continue
        out.append(f"<h3>{title}</h3><table><tr><th>{kind}</th><th>documents</th>")
        out += [f"<th>{METRIC_LABELS[m]} median</th>" for m in METRICS]
        out.append("</tr>")
        for resolve in groups:
            cells = [
                f"<td>{escape(group_name(resolve))}</td>",
                f'<td class="num">{resolve.count + len(resolve.unknown)}</td>',
            ]
            for metric in METRICS:
                found = report.spread(metric, resolve.group)
                value = (
                    f"{short(found.median)} (n={found.count})"
                    if found is not None and found.samples
                    else "?"
                )
                cells.append(f'<td class="num">{escape(value)}</td>')
            out.append("<tr>" + "".join(cells) + "</tr>")
        out.append("</table>")
    return out


def _documents(report: Report) -> list[str]:
    out = [
        "<h2>Postmortems</h2>",
        '<p class="muted">~ marks an approximate figure, ? an unknown one; open a row for the '
        "lines each figure was read from.</p>",
        "<table><tr><th>document</th><th>date</th><th>severity</th><th>TTD</th><th>TTM</th>"
        "<th>TTR</th><th>open</th><th>done</th><th>findings</th></tr>",
    ]
    for doc in report.postmortems:
        figures = doc.postmortem
        assert figures is not None
        incident = figures.incident
        details = [
            f"<li>{escape(m.name.replace('_', ' '))}: {_row(m.row)} "
            f'<span class="muted">({escape(m.reason)})</span></li>'
            for m in incident.milestones
        ]
        if figures.date is not None:
            details.append(
                f"<li>date from the {escape(figures.date.source)}: {_row(figures.date.row)}</li>"
            )
        for stated in figures.stated:
            details.append(
                f"<li>the document states {escape(stated.label)}: {escape(human(stated.minutes))}"
                f" ({_row(stated.row)})</li>"
            )
        findings = ", ".join(f"{family} {count}" for family, count in doc.findings)
        out.append(
            "<tr><td><details><summary><code>"
            + escape(doc.path)
            + "</code></summary><ul>"
            + "".join(details)
            + "</ul></details></td>"
            + f"<td>{escape(figures.date.value.isoformat()) if figures.date else '?'}</td>"
            + f"<td>{escape(figures.severity.label) if figures.severity else '?'}</td>"
            + "".join(_duration_cell(incident.duration(m)) for m in METRICS)
            + f'<td class="num">{len(figures.open_items)}</td>'
            + f'<td class="num">{len(figures.done_items)}</td>'
            + f"<td>{escape(findings)}</td></tr>"
        )
    out.append("</table>")
    return out


def _ref_table(refs: Sequence[ItemRef], show_due: bool) -> list[str]:
    head = "<th>due</th>" if show_due else ""
    out = [f"<table><tr>{head}<th>owner</th><th>item</th><th>document</th></tr>"]
    for ref in refs:
        due = ref.item.due.isoformat() if ref.item.due else ""
        out.append(
            "<tr>"
            + (f"<td>{escape(due)}</td>" if show_due else "")
            + f"<td>{escape(ref.item.owner or 'none')}</td><td>{escape(ref.item.text)}</td>"
            + f"<td><code>{escape(ref.path)}:{ref.item.line}</code></td></tr>"
        )
    out.append("</table>")
    return out


def _items(report: Report) -> list[str]:
    items = [i for d in report.postmortems if d.postmortem for i in d.postmortem.action_items]
    done = sum(1 for item in items if item.done)
    out = ["<h2>Action items</h2>", f"<p>{len(items) - done} open, {done} done.</p>"]
    if report.overdue:
        out.append(f"<h3>Open past their due date (as of {report.as_of.isoformat()})</h3>")
        out += _ref_table(report.overdue, True)
    if report.no_owner:
        out.append(f"<h3>Open with no owner ({len(report.no_owner)})</h3>")
        out += _ref_table(report.no_owner, False)
    if report.undated_due:
        out.append(
            f'<p class="muted">{len(report.undated_due)} open item(s) give a due date that could '
            "not be read (no year, or words such as 'next sprint'): not judged overdue.</p>"
        )
    return out


def _recurrence(report: Report) -> list[str]:
    out = ["<h2>What comes back</h2>"]
    if not report.clusters:
        return [*out, "<p>Nothing repeats across postmortems.</p>"]
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
        out.append(f"<h3>{title}</h3><ul>")
        for cluster in found:
            members = "".join(
                f"<li><code>{escape(m.path)}{':' + str(m.line) if m.line else ''}</code>: "
                f"{escape(m.text)}</li>"
                for m in cluster.members
            )
            out.append(
                f"<li><details><summary><b>{escape(cluster.label)}</b>: "
                f"{len(cluster.documents)} documents</summary><ul>{members}</ul></details></li>"
            )
        out.append("</ul>")
    return out


def _design(report: Report) -> list[str]:
    out = ["<h2>Design docs</h2>"]
    if report.status_counts:
        out.append('<section class="charts">')
        out.append(
            _figure(
                svg.horizontal_bars(
                    "chart-design-status",
                    "Design docs by status",
                    [(status, count, 0) for status, count in report.status_counts[:8]],
                ),
                "Statuses as the documents write them, in lower case.",
            )
        )
        out.append("</section>")
    out.append(
        "<table><tr><th>document</th><th>status</th><th>template</th><th>required sections"
        "</th><th>structure findings</th><th>status changed</th></tr>"
    )
    for doc in report.design_docs:
        design = doc.design
        assert design is not None
        sections = (
            f"{design.required_sections - len(design.missing_sections)}/{design.required_sections}"
            if design.required_sections
            else "no template"
        )
        changed = (
            design.status_changed.isoformat() if design.status_changed else design.status_history
        )
        out.append(
            f"<tr><td><code>{escape(doc.path)}</code></td><td>{escape(design.status or '?')}</td>"
            f"<td>{escape(doc.template or '-')}</td><td>{escape(sections)}</td>"
            f'<td class="num">{design.structure_findings}</td><td>{escape(changed)}</td></tr>'
        )
    out.append("</table>")
    if report.stale:
        out.append(f"<h3>No status change in {report.stale_days} days or more</h3><ul>")
        out += [
            f"<li><code>{escape(s.path)}</code>: {escape(s.status)} since {s.since.isoformat()} "
            f"({s.days} days)</li>"
            for s in report.stale
        ]
        out.append("</ul>")
    return out
