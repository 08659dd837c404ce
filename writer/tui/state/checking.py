"""One re-check of the draft: parse once, lint, and map findings onto the outline.

The TUI's lint worker calls :func:`check_draft` from a thread; ``bench/tui_refresh.py`` calls the
same function to measure the refresh after a pause. Nothing here imports Textual.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from writer.api import Linter
from writer.model.document import Document, parse
from writer.model.findings import FileResult, Finding, Severity
from writer.templates.outline import Outline, build_outline

if TYPE_CHECKING:
    from writer.templates.matching import TemplateMatcher

log = logging.getLogger("writer.tui")


@dataclass(frozen=True)
class DraftCheck:
    """What one re-check found: the findings, figures, and each outline entry's status."""

    generation: int
    document: Document
    result: FileResult
    outline: Outline
    seconds: float

    @property
    def findings(self) -> tuple[Finding, ...]:
        return self.result.findings

    def figures(self) -> list[tuple[str, str]]:
        """The document's figures, as (label, value) rows for the side panel."""
        return figures(self.result, self.document)


def check_draft(
    linter: Linter,
    text: str,
    path: Path | None,
    template: Any = None,
    generation: int = 0,
) -> DraftCheck:
    """Parse ``text`` once, lint it, and build the outline with a status per section.

    ``template`` is the draft's :class:`writer.templates.TemplateSpec` (None: outline the
    headings).
    """
    started = time.perf_counter()
    document = parse(text, str(path) if path else "-")
    config = linter.config_for(path)
    result = linter.lint_document(document, config, path)
    outline = outline_for(document, template, result.findings, linter.matcher)
    return DraftCheck(generation, document, result, outline, time.perf_counter() - started)


def outline_for(
    document: Document,
    template: Any,
    findings: Sequence[Finding],
    matcher: TemplateMatcher | None = None,
) -> Outline:
    """The outline of ``document`` against ``template`` (a spec, or None for the headings);
    ``matcher`` (the linter's) reuses the match made while linting the document."""
    if template is None:
        return build_outline(document, (), findings)
    sections = tuple(getattr(template, "sections", ()) or ())
    try:
        from writer.templates import match_sections

        matches = match_sections(document, template, matcher)
    except Exception:  # the outline falls back to matching titles itself
        log.exception("matching sections failed")
        matches = None
    return build_outline(document, sections, findings, matches)


_TIMES = (("time_to_detect", "TTD"), ("time_to_mitigate", "TTM"), ("time_to_resolve", "TTR"))


def _format_value(value: object) -> str:
    if isinstance(value, float):
        return f"{value:.1f}".rstrip("0").rstrip(".")
    return str(value)


def figures(result: FileResult, document: Document) -> list[tuple[str, str]]:
    """The figures an author cares about while writing: words, sections, grade, timings."""
    stats = result.stats_dict
    rows: list[tuple[str, str]] = [("words", str(stats.get("words", document.word_count)))]
    required = stats.get("template_sections_required")
    present = stats.get("template_sections_present")
    if isinstance(required, int) and isinstance(present, int) and required:
        rows.append(("sections", f"{present}/{required}"))
    for key, value in stats.items():
        if "grade" in key and isinstance(value, (int, float)):
            rows.append(("grade", _format_value(value)))
            break
    for key, label in _TIMES:
        value = stats.get(key)
        if value is not None and not isinstance(value, (dict, list, tuple)):
            rows.append((label, _format_value(value)))
    return rows


def count_by_severity(findings: Sequence[Finding]) -> dict[Severity, int]:
    counts = dict.fromkeys(Severity, 0)
    for finding in findings:
        counts[finding.severity] += 1
    return counts
