"""One re-check of the draft: parse once, lint, and map findings onto the outline.

The TUI's check runner calls :func:`check_and_detect` in a thread or in a worker process
(:mod:`writer.tui.state.check_process`); ``bench/tui_refresh.py`` calls :func:`check_draft` to
measure the refresh after a pause. Nothing here imports Textual.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from writer.api import Linter
from writer.errors import WriterError
from writer.model.document import Document, parse
from writer.model.findings import FileResult, Finding, Severity
from writer.templates.outline import Outline, outline_for
from writer.tui.state.templating import TemplateInfo, load_info

if TYPE_CHECKING:
    pass

log = logging.getLogger("writer.tui")


@dataclass(frozen=True)
class DraftCheck:
    """What one re-check found: the findings, the figures, each outline entry's status.

    It holds no parsed document and no copy of the text, so a check made in another process
    comes back small; ``text`` is filled in by whoever sent the text (it is the text checked).
    """

    generation: int
    result: FileResult
    outline: Outline
    seconds: float
    rows: tuple[tuple[str, str], ...] = ()  # the figures, as (label, value)
    template: TemplateInfo | None = None  # detected by this check (the draft had none)
    text: str = field(default="", repr=False, compare=False)

    @property
    def findings(self) -> tuple[Finding, ...]:
        return self.result.findings

    def figures(self) -> list[tuple[str, str]]:
        """The document's figures, as (label, value) rows for the side panel."""
        return list(self.rows)


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
    check, _document = _check(linter, text, path, template, generation)
    return replace(check, text=text)


def _check(
    linter: Linter, text: str, path: Path | None, template: Any, generation: int
) -> tuple[DraftCheck, Document]:
    started = time.perf_counter()
    document = parse(text, str(path) if path else "-")
    config = linter.config_for(path)
    result = replace(linter.lint_document(document, config, path), text=None)
    outline = outline_for(document, template, result.findings, linter.matcher)
    rows = tuple(figures(result, document))
    return DraftCheck(generation, result, outline, time.perf_counter() - started, rows), document


def check_and_detect(
    linter: Linter,
    text: str,
    path: Path | None,
    template: TemplateInfo | None,
    generation: int = 0,
) -> DraftCheck:
    """:func:`check_draft` against ``template``; without one, the template the check detected
    is loaded and the outline drawn against it (all of it in the caller's thread). The result
    carries no text (see :class:`DraftCheck`)."""
    check, document = _check(linter, text, path, template.spec if template else None, generation)
    if template is not None or not check.result.template:
        return check
    try:
        detected = load_info(check.result.template)
    except WriterError as exc:
        log.warning("template %s not loadable: %s", check.result.template, exc)
        return check
    outline = outline_for(document, detected.spec, check.findings, linter.matcher)
    return replace(check, outline=outline, template=detected)


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
