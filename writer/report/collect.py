"""The report's reading of each document, done while the document is checked: a checker with
no rules of its own that leaves the document's figures in the result's ``stats``, in the same
process (or worker) and with the same parse, template and section matches as the checks."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING

from writer.checks.base import CheckContext, Checker
from writer.model.findings import FileResult, Finding
from writer.model.rules import RuleMeta
from writer.report.extract import DESIGN_KINDS, POSTMORTEM_KINDS, read_figures
from writer.report.model import Figures

if TYPE_CHECKING:
    from writer.settings.config import Config
    from writer.settings.options import LintOptions
    from writer.templates.resolved import ResolvedTemplate

STATS_KEY = "report"


class FiguresChecker:
    """Reads the report's figures; reports no findings."""

    rules: tuple[RuleMeta, ...] = ()

    def check(self, context: CheckContext) -> Iterator[Finding]:
        figures = read_figures(context.document, context.template, context.matcher, context.kind)
        if figures is not None:
            context.stats[STATS_KEY] = figures
        return iter(())


def figures_provider(
    config: Config, options: LintOptions, template: ResolvedTemplate
) -> Sequence[Checker]:
    """The figures checker, for the kinds of document the report reads."""
    if template.kind in (*POSTMORTEM_KINDS, *DESIGN_KINDS):
        return [FiguresChecker()]
    return []


def figures_of(result: FileResult) -> Figures | None:
    figures = result.stats_dict.get(STATS_KEY)
    return figures if isinstance(figures, Figures) else None
