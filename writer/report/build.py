"""Build the report: lint the documents (kind, template and findings come from the lint
pipeline), read each one's figures, then put them together."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace

from writer.api import Linter, LintOptions
from writer.model.findings import FileError, FileResult
from writer.report import stats
from writer.report.collect import figures_of, figures_provider
from writer.report.extract import document_report
from writer.report.model import DocumentReport, Report
from writer.report.recurrence import DEFAULT_SIMILARITY, clusters


@dataclass(frozen=True)
class ReportOptions:
    as_of: dt.date  # "today" for overdue items and stale design docs
    stale_days: int = 180
    similarity: float = DEFAULT_SIMILARITY  # recurrence: how alike two phrases must be (0-100)
    history: bool = True  # read git history for the design docs' status


Progress = Callable[[str], None]


def build_report(
    linter: Linter,
    paths: Sequence[str],
    options: ReportOptions,
    progress: Progress | None = None,
) -> Report:
    documents: list[DocumentReport] = []
    errors: list[FileError] = []
    for outcome in linter.stream_paths(paths):
        if isinstance(outcome, FileError):
            errors.append(outcome)
            continue
        if progress is not None:
            progress(outcome.path)
        report = read_document(outcome)
        if report is not None:
            documents.append(report)
    documents = _with_history(documents, options)
    postmortems = [doc for doc in documents if doc.postmortem is not None]
    from writer.report.design import stale_documents

    return Report(
        as_of=options.as_of,
        stale_days=options.stale_days,
        documents=tuple(documents),
        spreads=stats.spreads(postmortems),
        overdue=stats.overdue(postmortems, options.as_of),
        no_owner=stats.without_owner(postmortems),
        undated_due=stats.unreadable_due(postmortems),
        clusters=clusters(postmortems, options.similarity),
        status_counts=stats.status_counts(documents),
        stale=stale_documents(documents, options.as_of, options.stale_days),
        errors=tuple(errors),
        notices=tuple(linter.run_notices),
    )


def report_linter(options: LintOptions) -> Linter:
    """A linter whose results also carry the report's figures of each document."""
    from writer.checks.providers import default_providers

    return Linter(options, providers=[*default_providers(), figures_provider])


def read_document(result: FileResult) -> DocumentReport | None:
    """One linted file's report; None for a file that is neither a postmortem nor a design doc."""
    figures = figures_of(result)
    if figures is None:
        return None
    return document_report(result, figures)


def _with_history(documents: list[DocumentReport], options: ReportOptions) -> list[DocumentReport]:
    """The design docs with the date their status last changed, read from git."""
    with_status = [doc for doc in documents if doc.design is not None and doc.design.status]
    if not with_status or not options.history:
        return documents
    from writer.report.design import status_dates

    dates = status_dates(with_status)
    out = []
    for doc in documents:
        known = dates.get(doc.path)
        if known is not None and doc.design is not None:
            changed, how = known
            design = replace(doc.design, status_changed=changed, status_history=how)
            doc = replace(doc, design=design)
        out.append(doc)
    return out
