"""The table of checks: each provider turns a file's config (and its template) into checkers.

The engine runs every checker the providers return, in this order; a new kind of check adds its
provider to :func:`default_providers`. Families are imported only when a document needs them,
since their patterns take a while to compile and ``writer lint`` on one file pays for every
import.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from writer.checks.base import Checker
from writer.checks.grammar.provider import GrammarProvider
from writer.settings.config import Config
from writer.settings.options import LintOptions
from writer.templates.resolved import EVERY_TEMPLATE, ResolvedTemplate

if TYPE_CHECKING:
    from writer.templates.spec import TemplateSpec

# A provider turns a file's config (and template) into checkers.
Provider = Callable[[Config, LintOptions, ResolvedTemplate], Sequence[Checker]]


def structure_provider(
    config: Config, options: LintOptions, template: ResolvedTemplate
) -> Sequence[Checker]:
    """Structure checks for every document (placeholders, headings, empty sections), and the
    prose figures and doubled words every document gets."""
    from writer.checks.prose.repeated_word import RepeatedWordChecker
    from writer.checks.prose.stats import DocumentStats
    from writer.checks.structure.front_matter import FrontMatterChecker
    from writer.checks.structure.generic import (
        EmptySectionChecker,
        HeadingChecker,
        PlaceholderChecker,
    )
    from writer.checks.structure.template_text import TemplateTextChecker

    return [
        PlaceholderChecker(),
        TemplateTextChecker(),
        FrontMatterChecker(),
        RepeatedWordChecker(),
        HeadingChecker(),
        EmptySectionChecker(),
        DocumentStats(),
    ]


def template_provider(
    config: Config, options: LintOptions, template: ResolvedTemplate
) -> Sequence[Checker]:
    """The document against its template: missing, renamed, moved and short sections."""
    from writer.checks.structure.template import structure_checkers

    return structure_checkers()


def reviewer_provider(
    config: Config, options: LintOptions, template: ResolvedTemplate
) -> Sequence[Checker]:
    """Postmortem and design-doc checks, for documents of those kinds (with a template or not)."""
    if template.name == EVERY_TEMPLATE:
        return reviewer_checkers(EVERY_TEMPLATE)
    return reviewer_checkers(template.kind, template.spec)


def prose_provider(
    config: Config, options: LintOptions, template: ResolvedTemplate
) -> Sequence[Checker]:
    """Readability, whatever style guides (or ``.vale.ini``) the file uses."""
    from writer.checks.prose.readability import ReadabilityChecker

    return [ReadabilityChecker()]


def default_providers() -> list[Provider]:
    """Every source of checks, in order."""
    from writer.checks.style.provider import StyleProvider

    return [
        structure_provider,
        template_provider,
        reviewer_provider,
        prose_provider,
        StyleProvider(),
        GrammarProvider(),
    ]


def reviewer_checkers(kind: str | None, spec: TemplateSpec | None = None) -> list[Checker]:
    """The reviewer checks for a kind of document; every one of them when ``kind`` is ``*``.

    Design docs are asked for failure modes and a rollback only when their template has those
    sections (the design-doc template does; RFCs, KEPs and ADRs have no such section of their
    own). Each family is imported only when a document needs it: their patterns take a while to
    compile, and ``writer lint`` on one file pays for every import.
    """
    checkers: list[Checker] = []
    if kind in ("*", "postmortem"):
        from writer.checks.postmortem.checkers import postmortem_checkers

        checkers.extend(postmortem_checkers())
    if kind in ("*", "design", "adr"):
        from writer.checks.design.checkers import design_checkers

        presence = kind == "*" or (
            spec is not None
            and spec.section("failure-modes") is not None
            and spec.section("rollout") is not None
        )
        checkers.extend(design_checkers(presence=presence))
    return checkers
