"""``writer report --tui``: the report's tables and charts on a screen, each document one enter
away. The report is built in a worker thread, which posts its progress; the screen never waits
for it."""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Label, Markdown, Sparkline, Static, TabbedContent
from textual.worker import get_current_worker

from writer.api import Linter
from writer.report.build import ReportOptions, build_report
from writer.report.model import (
    METRIC_LABELS,
    METRICS,
    DocumentReport,
    Report,
    group_name,
)
from writer.report.render.common import bar, buckets, cell, headline, human, short, spread_summary
from writer.tui.messages import ReportProgress, ReportReady


def short_path(path: str, width: int = 56) -> str:
    """A path cut from the left to ``width`` characters, so the figures stay in view."""
    return path if len(path) <= width else "…" + path[-(width - 1) :]


class ReportCancelled(Exception):
    """The screen closed while the report was being built."""


class ReportScreen(Screen[None]):
    """Tabs: postmortems, figures and charts, action items, recurrence, design docs."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("q", "app.quit", "quit"),
        Binding("enter", "open_document", "open document", show=True),
    ]

    def __init__(self, linter: Linter, paths: Sequence[str], options: ReportOptions) -> None:
        super().__init__()
        self.linter = linter
        self.paths = list(paths)
        self.options = options
        self.report: Report | None = None
        self.read = 0
        # The document each table row stands for, per table.
        self.row_paths: dict[str, list[str]] = {}

    def compose(self) -> ComposeResult:
        yield Static("writer report · reading documents…", id="report-head")
        with TabbedContent(
            "Postmortems", "Figures", "Action items", "Recurrence", "Design docs", id="report-tabs"
        ):
            yield DataTable(id="postmortems", cursor_type="row", zebra_stripes=True)
            with VerticalScroll(id="figures"):
                yield Static(id="spreads")
                yield Static(id="distribution")
                yield Label("Median time to resolve by quarter of the incident", id="trend-label")
                yield Sparkline([], id="trend")
                yield Static(id="trend-range", classes="muted")
                yield DataTable(id="quarters", cursor_type="row")
            yield DataTable(id="items", cursor_type="row", zebra_stripes=True)
            yield DataTable(id="recurrence", cursor_type="row", zebra_stripes=True)
            yield DataTable(id="design", cursor_type="row", zebra_stripes=True)
        yield Footer()

    def on_mount(self) -> None:
        self.build()

    @work(thread=True, exclusive=True, group="report")
    def build(self) -> None:
        worker = get_current_worker()

        def progress(path: str) -> None:
            if worker.is_cancelled:
                raise ReportCancelled
            self.post_message(ReportProgress(path))

        try:
            report = build_report(self.linter, self.paths, self.options, progress)
        except ReportCancelled:
            return
        self.post_message(ReportReady(report))

    def on_report_progress(self, message: ReportProgress) -> None:
        self.read += 1
        self.query_one("#report-head", Static).update(
            f"writer report · reading documents… {self.read} read ({message.path})"
        )

    def on_report_ready(self, message: ReportReady) -> None:
        self.report = report = message.report
        self.query_one("#report-head", Static).update(f"writer report · {headline(report)}")
        self._postmortems(report)
        self._figures(report)
        self._items(report)
        self._recurrence(report)
        self._design(report)
        self.query_one("#postmortems", DataTable).focus()

    # -- tables ----------------------------------------------------------------------------------
    def _postmortems(self, report: Report) -> None:
        table = self.query_one("#postmortems", DataTable)
        table.add_columns("document", "date", "sev", "TTD", "TTM", "TTR", "open", "done")
        paths = []
        for doc in report.postmortems:
            figures = doc.postmortem
            assert figures is not None
            table.add_row(
                short_path(doc.path),
                figures.date.value.isoformat() if figures.date else "?",
                figures.severity.label if figures.severity else "?",
                *(cell(figures.incident.duration(m)) for m in METRICS),
                str(len(figures.open_items)),
                str(len(figures.done_items)),
            )
            paths.append(doc.path)
        self.row_paths["postmortems"] = paths

    def _figures(self, report: Report) -> None:
        lines = ["Time to detect, mitigate and resolve (from the start of impact)"]
        lines += [f"  {METRIC_LABELS[m]}: {spread_summary(report.spread(m))}" for m in METRICS]
        self.query_one("#spreads", Static).update("\n".join(lines))
        resolve = report.spread("time_to_resolve")
        distribution = ["", "Time to resolve, spread"]
        if resolve is not None and resolve.samples:
            counts = buckets(resolve.samples)
            most = max(count for _, count in counts)
            distribution += [
                f"  {label:>7} {count:>3} {bar(count, most, 40)}" for label, count in counts
            ]
        else:
            distribution.append("  no postmortem gives a time to resolve")
        self.query_one("#distribution", Static).update("\n".join(distribution))
        quarters = [
            s
            for s in report.groups("time_to_resolve", "quarter")
            if s.samples and group_name(s) != "unknown"
        ]
        values = [s.median or 0.0 for s in quarters]
        self.query_one("#trend", Sparkline).data = values
        if quarters:
            span = f"  {group_name(quarters[0])} … {group_name(quarters[-1])}: "
            span += f"{len(quarters)} quarters with a figure, highest {human(max(values))}"
        else:
            span = "  no dated postmortem gives a time to resolve"
        self.query_one("#trend-range", Static).update(span)
        table = self.query_one("#quarters", DataTable)
        table.add_columns("quarter", "documents", "TTD", "TTM", "TTR")
        for group in report.groups("time_to_resolve", "quarter"):
            row = [group_name(group), str(group.count + len(group.unknown))]
            for metric in METRICS:
                found = report.spread(metric, group.group)
                row.append(short(found.median) if found is not None and found.samples else "?")
            table.add_row(*row)

    def _items(self, report: Report) -> None:
        table = self.query_one("#items", DataTable)
        table.add_columns("", "due", "owner", "item", "document")
        paths = []
        for title, refs in (("overdue", report.overdue), ("no owner", report.no_owner)):
            for ref in refs:
                table.add_row(
                    title,
                    ref.item.due.isoformat() if ref.item.due else "",
                    ref.item.owner or "",
                    ref.item.text[:80],
                    f"{ref.path}:{ref.item.line}",
                )
                paths.append(ref.path)
        self.row_paths["items"] = paths

    def _recurrence(self, report: Report) -> None:
        table = self.query_one("#recurrence", DataTable)
        table.add_columns("kind", "documents", "what comes back", "first document")
        paths = []
        for cluster in report.clusters:
            table.add_row(
                cluster.kind, str(len(cluster.documents)), cluster.label[:80], cluster.documents[0]
            )
            paths.append(cluster.documents[0])
        self.row_paths["recurrence"] = paths

    def _design(self, report: Report) -> None:
        table = self.query_one("#design", DataTable)
        table.add_columns("document", "status", "template", "sections", "status changed")
        paths = []
        for doc in report.design_docs:
            design = doc.design
            assert design is not None
            sections = (
                f"{design.required_sections - len(design.missing_sections)}/"
                f"{design.required_sections}"
                if design.required_sections
                else "no template"
            )
            changed = (
                design.status_changed.isoformat()
                if design.status_changed
                else design.status_history
            )
            table.add_row(
                short_path(doc.path), design.status or "?", doc.template or "-", sections, changed
            )
            paths.append(doc.path)
        self.row_paths["design"] = paths

    # -- navigation ------------------------------------------------------------------------------
    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        self._open(event.data_table)

    def action_open_document(self) -> None:
        focused = self.focused
        if isinstance(focused, DataTable):
            self._open(focused)

    def _open(self, table: DataTable[object]) -> None:
        paths = self.row_paths.get(table.id or "")
        if not paths or self.report is None or not 0 <= table.cursor_row < len(paths):
            return
        path = paths[table.cursor_row]
        doc = next((d for d in self.report.documents if d.path == path), None)
        if doc is not None:
            self.app.push_screen(DocumentScreen(doc))


class DocumentScreen(Screen[None]):
    """One document's figures and the lines each was read from."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape,q,backspace", "back", "back")]

    def __init__(self, doc: DocumentReport) -> None:
        super().__init__()
        self.doc = doc

    def compose(self) -> ComposeResult:
        yield Static(f"writer report · {self.doc.path}", id="report-head")
        with VerticalScroll(id="document"):
            yield Markdown(document_markdown(self.doc))
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#document").focus()

    def action_back(self) -> None:
        self.app.pop_screen()


def document_markdown(doc: DocumentReport) -> str:
    """One document's figures as markdown, each with the line it was read from."""
    out = [f"## {doc.title}", "", f"`{doc.path}` · {doc.kind or 'other'}"]
    out[-1] += f" · template {doc.template}" if doc.template else " · no template"
    findings = ", ".join(f"{family} {count}" for family, count in doc.findings) or "none"
    out += ["", f"Findings: {findings}", ""]
    figures = doc.postmortem
    if figures is not None:
        if figures.date is not None:
            where = f" (line {figures.date.row.line})" if figures.date.row else ""
            out.append(f"- **Date**: {figures.date.value} from the {figures.date.source}{where}")
        else:
            out.append(f"- **Date**: unknown: {figures.date_unknown}")
        severity = figures.severity
        out.append(
            f"- **Severity**: {severity.label} ('{severity.written}')"
            if severity
            else "- **Severity**: unknown"
        )
        for duration in figures.incident.durations:
            label = METRIC_LABELS[duration.name]
            if duration.minutes is None:
                out.append(f"- **{label}**: unknown: {duration.unknown}")
                continue
            note = f" ({'; '.join(duration.approximate)})" if duration.approximate else ""
            since = duration.since.line if duration.since else "?"
            until = duration.until.line if duration.until else "?"
            out.append(
                f"- **{label}**: {human(duration.minutes)}, line {since} to line {until}{note}"
            )
        for stated in figures.stated:
            out.append(
                f"- the document states **{stated.label}**: {human(stated.minutes)} "
                f"(line {stated.row.line})"
            )
        out += ["", "### Milestones", ""]
        for milestone in figures.incident.milestones:
            row = milestone.row
            where = f"line {row.line}: `{row.text}`" if row else "unknown"
            out.append(f"- {milestone.name.replace('_', ' ')}: {where} ({milestone.reason})")
        out += ["", f"### Action items ({len(figures.open_items)} open, "]
        out[-1] += f"{len(figures.done_items)} done)"
        out.append("")
        for item in figures.action_items:
            mark = "x" if item.done else " "
            owner = item.owner or "no owner"
            due = f", due {item.due}" if item.due else ""
            out.append(f"- [{mark}] line {item.line}: {item.text} ({owner}{due})")
    design = doc.design
    if design is not None:
        out.append(f"- **Status**: {design.status or 'unknown'}")
        changed = design.status_changed or design.status_history
        out.append(f"- **Status changed**: {changed}")
        if design.required_sections:
            present = design.required_sections - len(design.missing_sections)
            out.append(f"- **Required sections**: {present} of {design.required_sections}")
            for missing in design.missing_sections:
                out.append(f"    - missing: {missing}")
    return "\n".join(out) + "\n"
