"""Readability figures per section and for the document, and a finding past the set grade.

``stats`` gets ``reading_grade`` (Flesch-Kincaid grade of the whole document) and
``section_grades`` (each section with enough prose). ``[readability] section_max_grade`` and
``max_grade`` in the config set when ``prose.reading-grade`` reports a section or the document.
"""

from __future__ import annotations

from collections.abc import Iterator

from writer.checks.base import CheckContext
from writer.checks.textstats import TextFigures
from writer.model.document import BlockKind, Document
from writer.model.findings import Finding, Severity
from writer.model.rules import RuleMeta

MIN_WORDS = 80  # fewer words than this make a grade meaningless
DEFAULT_SECTION_MAX = 16.0

READING_GRADE = RuleMeta(
    id="prose.reading-grade",
    severity=Severity.SUGGESTION,
    summary="A section reads above the configured school grade (Flesch-Kincaid).",
    explanation=(
        "The Flesch-Kincaid grade estimates the years of schooling a reader needs: longer "
        "sentences and longer words raise it. Design docs and postmortems are read in a hurry; "
        "split long sentences and prefer short words. Sections with fewer than 80 words are "
        "not graded. Set the limit with [readability] section_max_grade (default 16) and "
        "max_grade (the whole document) in the config."
    ),
    good="The cache holds one entry per user. It expires after ten minutes.",
    bad=(
        "Notwithstanding the considerable architectural heterogeneity characterizing "
        "contemporary distributed infrastructure, ..."
    ),
    default_enabled=False,
    source="built-in",
)


def _section_figures(document: Document) -> list[TextFigures]:
    """Readability counts of each section's own prose (headings and table cells left out)."""
    sentences: list[list[str]] = [[] for _ in document.sections]
    for block in document.blocks:
        if block.kind is BlockKind.HEADING or block.kind is BlockKind.TABLE_CELL:
            continue
        sentences[block.section].extend(sentence.text for sentence in block.sentences)
    return [TextFigures.of(texts) for texts in sentences]


class ReadabilityChecker:
    """The reading grades every document gets as figures; past the limit, a finding when
    ``prose.reading-grade`` is selected."""

    rules = (READING_GRADE,)
    figures = True  # runs for its figures even when its rule is not selected

    def check(self, context: CheckContext) -> Iterator[Finding]:
        document = context.document
        figures_by_section = _section_figures(document)
        whole = sum(figures_by_section[1:], figures_by_section[0])
        grades = whole.grades()
        if grades:
            context.stats["reading_grade"] = round(grades["Flesch-Kincaid"], 1)
            context.stats["reading_ease"] = round(grades["Flesch reading ease"], 1)
        config = context.config
        limit = config.section_max_grade or DEFAULT_SECTION_MAX
        per_section: dict[str, float] = {}
        for section, figures in zip(document.sections, figures_by_section, strict=True):
            if figures.words < MIN_WORDS:
                continue
            grade = figures.grades()["Flesch-Kincaid"]
            name = section.title or "(before the first heading)"
            per_section[name] = round(grade, 1)
            if grade > limit and context.wants(READING_GRADE):
                start, end = document.index.line_span(section.line) if section.level else (0, 0)
                yield context.finding(
                    READING_GRADE,
                    start,
                    end,
                    f"Section '{name}' reads at grade {grade:.1f} (limit {limit:g}): split long "
                    "sentences and use shorter words.",
                )
        if per_section:
            context.stats["section_grades"] = per_section
        if config.max_grade is not None and grades and grades["Flesch-Kincaid"] > config.max_grade:
            yield context.finding(
                READING_GRADE,
                0,
                0,
                f"The document reads at grade {grades['Flesch-Kincaid']:.1f} (limit "
                f"{config.max_grade:g}): split long sentences and use shorter words.",
            )
