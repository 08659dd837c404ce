"""The checker interface, the context a check reads, and the rule registry.

A *rule* is an id with metadata (family, default severity, summary, explanation, examples).
A *checker* is the code that reports findings for one or more rules. Style guides, templates and
built-in checks all become checkers; the engine runs them over a parsed document.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from writer.model.findings import Certainty, Finding, Fix, Severity
from writer.model.rules import RuleMeta

if TYPE_CHECKING:
    from writer.model.document import Document
    from writer.settings.config import Config
    from writer.templates.matching import TemplateMatcher
    from writer.templates.spec import TemplateSpec


@dataclass
class CheckContext:
    """What a checker may read while checking one document, and where it puts side results."""

    document: Document
    config: Config
    template: TemplateSpec | None = None
    options: Mapping[str, Any] = field(default_factory=dict)
    stats: dict[str, Any] = field(default_factory=dict)
    notices: list[str] = field(default_factory=list)
    summary: list[str] = field(default_factory=list)
    # Notices about the whole run (shown once, however many files repeat them), and whether the
    # run could not do what was asked (exit code 2), such as grammar that was required but failed.
    run_notices: list[str] = field(default_factory=list)
    fatal: bool = False
    # Whether the result depends on more than the document and the settings (a rule stopped
    # by its time budget, a grammar backend that could not run): such a result is not cached.
    volatile: bool = False
    # Which grammar backend checked the document ("harper", "off", or why none did).
    grammar: str | None = None
    # Template matches made for this document (by template detection or another check) are
    # reused through it; None matches afresh each time.
    matcher: TemplateMatcher | None = None
    # The kind of document (postmortem, design, adr), with or without a template, and how
    # the template was chosen.
    kind: str | None = None
    certainty: Certainty = "configured"
    # How sure the decision of the kind is (0-1): 1.0 when the config or front matter states it.
    confidence: float = 1.0
    # Whether a rule is selected in this run; checkers that run many rules skip the others.
    wants: Callable[[RuleMeta], bool] = field(default=lambda rule: True, repr=False)
    # The file the document was read from (None for standard input or unsaved text): checks
    # that read what sits beside it (a KEP's kep.yaml, the template the team copies) use it.
    path: Path | None = None

    def finding(
        self,
        rule: RuleMeta,
        start: int,
        end: int,
        message: str,
        *,
        fix: Fix | None = None,
        severity: Severity | None = None,
    ) -> Finding:
        """A finding for ``Document.text[start:end]`` with exact line and column."""
        return make_finding(self.document, rule, start, end, message, fix=fix, severity=severity)


def make_finding(
    document: Document,
    rule: RuleMeta,
    start: int,
    end: int,
    message: str,
    *,
    fix: Fix | None = None,
    severity: Severity | None = None,
) -> Finding:
    length = len(document.text)
    start = max(0, min(start, length))
    end = max(start, min(end, length))
    line, column = document.position(start)
    if end > start:
        end_line, end_column = document.position(end - 1)
    else:
        end_line, end_column = line, column - 1 if column > 1 else column
    section = document.section_at(start).title or None
    return Finding(
        rule=rule.id,
        severity=severity or rule.severity,
        message=message,
        line=line,
        column=column,
        end_line=end_line,
        end_column=end_column,
        start=start,
        end=end,
        fix=fix,
        section=section,
    )


class Checker(Protocol):
    """Reports findings for the rules it declares.

    A checker may also have ``start(context)``, called for every checker before any ``check``
    runs on the document, to begin slow work early (the grammar check loads its backend in a
    thread while the other checks run).
    """

    @property
    def rules(self) -> tuple[RuleMeta, ...]: ...

    def check(self, context: CheckContext) -> Iterable[Finding]: ...


class RuleRegistry:
    """The rules and checkers one run uses. Built explicitly; there is no global registry."""

    def __init__(self, checkers: Iterable[Checker] = ()) -> None:
        self._rules: dict[str, RuleMeta] = {}
        self._checkers: list[Checker] = []
        for checker in checkers:
            self.add(checker)

    def add(self, checker: Checker) -> None:
        for rule in checker.rules:
            existing = self._rules.get(rule.id)
            if existing is not None and existing != rule:
                raise ValueError(f"rule id {rule.id} is defined twice")
            self._rules[rule.id] = rule
        self._checkers.append(checker)

    def extend(self, checkers: Iterable[Checker]) -> None:
        for checker in checkers:
            self.add(checker)

    @property
    def checkers(self) -> tuple[Checker, ...]:
        return tuple(self._checkers)

    def rules(self) -> list[RuleMeta]:
        return sorted(self._rules.values(), key=lambda rule: rule.id)

    def get(self, rule_id: str) -> RuleMeta | None:
        return self._rules.get(rule_id)

    def __contains__(self, rule_id: object) -> bool:
        return rule_id in self._rules

    def __iter__(self) -> Iterator[RuleMeta]:
        return iter(self.rules())
