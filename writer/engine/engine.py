"""The engine: run checkers over one parsed document and turn their output into a result.

Selection (``select``/``ignore`` by id or dotted prefix), severity overrides, suppression
comments and deterministic ordering all happen here, once, for every kind of check.
"""

from __future__ import annotations

import dataclasses
import logging
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from writer.checks.base import CheckContext, Checker
from writer.engine.suppressions import Suppression, apply_suppressions, parse_suppressions
from writer.infra.deadline import Overrun, deadline
from writer.model.document import Document
from writer.model.findings import Certainty, FileResult, Finding, Severity, sort_findings
from writer.model.rules import RuleMeta
from writer.settings.config import Config
from writer.settings.selectors import best_match

if TYPE_CHECKING:
    from writer.templates.matching import TemplateMatcher
    from writer.templates.spec import TemplateSpec

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Selection:
    """Which rules run and at what severity, from the config and the command line."""

    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    extend_select: tuple[str, ...] = ()
    overrides: tuple[tuple[str, str], ...] = ()  # (selector, level or "off")
    min_level: Severity = Severity.SUGGESTION

    @classmethod
    def from_config(
        cls,
        config: Config,
        select: Sequence[str] = (),
        ignore: Sequence[str] = (),
    ) -> Selection:
        """Command-line ``select`` replaces the config's; ``ignore`` adds to it."""
        return cls(
            select=tuple(select) or config.select,
            ignore=(*config.ignore, *config.extend_ignore, *ignore),
            extend_select=config.extend_select,
            overrides=config.rules,
            min_level=config.min_level,
        )

    def enabled(self, rule_id: str, default_enabled: bool = True) -> bool:
        """Whether a rule (or a finding's dynamic id, such as a grammar rule) is selected."""
        chosen = best_match(rule_id, (*self.select, *self.extend_select))
        if self.select:
            if not chosen:
                return False
        elif not default_enabled and not chosen and not self._levelled(rule_id):
            return False
        ignored = best_match(rule_id, self.ignore)
        if ignored and ignored >= chosen:
            return False
        return self.override(rule_id) != "off"

    def _levelled(self, rule_id: str) -> bool:
        """Whether ``[rules]`` gives this very rule a level: that turns a rule on that is off
        by default (a prefix only sets the level of the rules that run)."""
        return any(
            selector == rule_id and level.lower() != "off" for selector, level in self.overrides
        )

    def override(self, rule_id: str) -> str | None:
        """The configured level for a rule id (the most specific entry wins), or None."""
        best: tuple[int, str] | None = None
        for selector, level in self.overrides:
            score = best_match(rule_id, (selector,))
            if score and (best is None or score >= best[0]):
                best = (score, level.lower())
        return best[1] if best else None

    def severity(self, rule_id: str, default: Severity) -> Severity:
        level = self.override(rule_id)
        if level is None or level == "off":
            return default
        return Severity.parse(level)


@dataclass
class Engine:
    """Runs a fixed set of checkers with a fixed selection."""

    checkers: Sequence[Checker]
    selection: Selection = field(default_factory=Selection)

    def __post_init__(self) -> None:
        self._active: list[Checker] = []
        self._declared: dict[str, RuleMeta] = {}
        self._decisions: dict[str, bool] = {}
        for checker in self.checkers:
            # Checkers without rules only gather figures; those that also gather figures run
            # whether their rules are selected or not.
            wanted = not checker.rules or getattr(checker, "figures", False)
            for rule in checker.rules:
                self._declared[rule.id] = rule
                if self.selection.enabled(rule.id, rule.default_enabled) or any(
                    best_match(rule.id, (selector,)) == 0 and selector.startswith(rule.id + ".")
                    for selector in self.selection.select
                ):
                    wanted = True
            if wanted:
                self._active.append(checker)

    def wants(self, rule: RuleMeta) -> bool:
        """Whether the selection keeps ``rule`` (checkers use it to skip work)."""
        decision = self._decisions.get(rule.id)
        if decision is None:
            decision = self._decisions[rule.id] = self.selection.enabled(
                rule.id, rule.default_enabled
            )
        return decision

    def rule_for(self, rule_id: str) -> RuleMeta | None:
        """The declared rule for an id, or for its nearest declared dotted prefix."""
        rule = self._declared.get(rule_id)
        while rule is None and "." in rule_id:
            rule_id = rule_id.rsplit(".", 1)[0]
            rule = self._declared.get(rule_id)
        return rule

    def _keep(self, finding: Finding) -> Finding | None:
        decision = self._decisions.get(finding.rule)
        if decision is None:
            rule = self.rule_for(finding.rule)
            decision = rule is not None and self.selection.enabled(
                finding.rule, rule.default_enabled
            )
            self._decisions[finding.rule] = decision
        if not decision:
            return None
        level = self.selection.severity(finding.rule, finding.severity)
        if level != finding.severity:
            finding = finding.with_severity(level)
        if finding.severity < self.selection.min_level:
            return None
        return finding

    def run(
        self,
        document: Document,
        config: Config,
        *,
        template: TemplateSpec | None = None,
        template_name: str | None = None,
        options: dict[str, Any] | None = None,
        notices: Iterable[str] = (),
        matcher: TemplateMatcher | None = None,
        kind: str | None = None,
        certainty: Certainty = "configured",
        path: Path | None = None,
        confidence: float = 1.0,
    ) -> FileResult:
        context = CheckContext(
            document=document,
            config=config,
            template=template,
            options=options or {},
            matcher=matcher,
            kind=kind,
            certainty=certainty,
            confidence=confidence,
            wants=self.wants,
            path=path,
        )
        context.notices.extend(notices)
        for checker in self._active:
            # A checker may get ready before the others run (a grammar backend starts loading
            # in a thread meanwhile); ``check`` still does the work and reports.
            start = getattr(checker, "start", None)
            if start is not None:
                try:
                    start(context)
                except Exception:  # ``check`` runs anyway and reports what went wrong
                    log.exception("starting a check failed on %s", document.path)
        findings: list[Finding] = []
        suppressions = parse_suppressions(document)
        cap = config.limits.max_findings_per_rule
        kept = _Capped(cap)
        seconds = config.limits.check_seconds(len(document.text))
        for checker in self._active:
            # A check's findings join the others only once it has finished, so a check that
            # fails part way adds none; each is capped as it comes, so memory stays bounded.
            produced = _Capped(cap)
            try:
                # A check with a time limit of its own (grammar's network timeout) keeps it.
                with deadline(0 if getattr(checker, "bounded", False) else seconds):
                    for finding in checker.check(context):
                        chosen = self._keep(finding)
                        if chosen is not None and not _suppressed(chosen, suppressions):
                            produced.add(chosen)
            except Overrun:  # what it found until then is kept, and the next check runs
                names = ", ".join(rule.id for rule in checker.rules) or type(checker).__name__
                context.notices.append(
                    f"{names} stopped after {seconds:g} s on this document, so its findings "
                    "here are incomplete (raise limits.check_timeout, and please report this)"
                )
            except Exception as exc:  # one broken check never stops the others
                names = ", ".join(rule.id for rule in checker.rules) or type(checker).__name__
                context.volatile = True
                log.exception("check %s failed on %s", names, document.path)
                context.notices.append(
                    f"internal error in {names}: {type(exc).__name__}: {exc} "
                    "(the other checks ran; please report this)"
                )
                continue
            kept.merge(produced)
        findings = kept.findings(context.notices)
        findings = _without_repeats(findings, self._declared)
        findings = _outside_placeholders(document, _one_word_once(_same_words_once(findings)))
        findings = [_place_fix(document, finding) for finding in findings]
        return FileResult(
            path=document.path or "-",
            findings=tuple(sort_findings(findings)),
            template=template_name,
            stats=tuple(context.stats.items()),
            notices=tuple(context.notices),
            summary="; ".join(context.summary) or None,
            run_notices=tuple(dict.fromkeys(context.run_notices)),
            fatal=context.fatal,
            text=document.text,
            volatile=context.volatile,
            grammar=context.grammar,
        )


def _without_repeats(findings: list[Finding], declared: dict[str, RuleMeta]) -> list[Finding]:
    """Findings without those a rule leaves to another (``RuleMeta.yields_to``) on one line."""
    yielding = {rule_id: rule.yields_to for rule_id, rule in declared.items() if rule.yields_to}
    if not yielding:
        return findings
    lines = {(finding.rule, finding.line) for finding in findings}
    return [
        finding
        for finding in findings
        if not any((other, finding.line) in lines for other in yielding.get(finding.rule, ()))
    ]


def _one_word_once(findings: list[Finding]) -> list[Finding]:
    """A grammar finding on exactly the span of a style rule's finding (a misspelt product name
    that the house terminology also reports) is left to the style rule, which knows the name."""
    styled = {
        (f.line, f.column, f.end_line, f.end_column)
        for f in findings
        if f.rule.startswith("style.")
    }
    if not styled:
        return findings
    # A style finding that covers every place a word is written (one Terminology finding,
    # with an edit for each) covers them all.
    edited = {
        (edit.start, edit.end)
        for f in findings
        if f.rule.startswith("style.") and f.fix is not None and len(f.fix.edits) > 1
        for edit in f.fix.edits
    }
    return [
        f
        for f in findings
        if not (
            f.rule.startswith("grammar.")
            and (
                (f.line, f.column, f.end_line, f.end_column) in styled or (f.start, f.end) in edited
            )
        )
    ]


# A reviewer check that also reports words a style guide's rule reports ("human error"): on
# exactly the same words, the style rule's finding is kept (it can be silenced with its guide).
_SAME_WORDS = {"postmortem.blame": "style.blameless."}


def _same_words_once(findings: list[Finding]) -> list[Finding]:
    spans = {
        (f.rule.rsplit(".", 1)[0] + ".", f.line, f.column, f.end_line, f.end_column)
        for f in findings
        if f.rule.startswith("style.")
    }
    if not spans:
        return findings
    return [
        f
        for f in findings
        if f.rule not in _SAME_WORDS
        or (_SAME_WORDS[f.rule], f.line, f.column, f.end_line, f.end_column) not in spans
    ]


def _outside_placeholders(document: Document, findings: list[Finding]) -> list[Finding]:
    """Style and grammar findings inside a placeholder that is reported as left in ('{{ write
    the summary }}', '[link to github issue]') are left out: the text is to be replaced, not
    polished. A finding that stands for several places (one Terminology finding for every
    'github') moves to its first place outside the placeholders."""
    slots = [(f.start, f.end) for f in findings if f.rule == "structure.placeholder"]
    if not slots:
        return findings

    def inside(start: int, end: int) -> bool:
        return any(low <= start and end <= high for low, high in slots)

    kept = []
    for f in findings:
        if not f.rule.startswith(("style.", "grammar.")) or not inside(f.start, f.end):
            kept.append(f)
            continue
        edits = f.fix.edits if f.fix is not None else ()
        outside = [edit for edit in edits if not inside(edit.start, edit.end)]
        if len(edits) > 1 and outside:
            line, column = document.position(outside[0].start)
            end_line, end_column = document.position(max(outside[0].start, outside[0].end - 1))
            kept.append(
                dataclasses.replace(
                    f,
                    start=outside[0].start,
                    end=outside[0].end,
                    line=line,
                    column=column,
                    end_line=end_line,
                    end_column=end_column,
                )
            )
    return kept


def _suppressed(finding: Finding, suppressions: tuple[Suppression, ...]) -> bool:
    return bool(suppressions) and not apply_suppressions((finding,), suppressions)


class _Capped:
    """Findings of one document, at most ``cap`` per rule (0: no cap), the first ones in
    document order, with a count of those left out.

    Each rule's findings are kept in a list that is sorted and cut back to ``cap`` whenever it
    doubles, so a rule that matches a million times holds at most twice the cap at once.
    """

    def __init__(self, cap: int) -> None:
        self.cap = cap
        self.by_rule: dict[str, list[Finding]] = {}
        self.dropped: dict[str, int] = {}

    def add(self, finding: Finding) -> None:
        found = self.by_rule.setdefault(finding.rule, [])
        found.append(finding)
        if self.cap and len(found) >= 2 * self.cap:
            self._trim(finding.rule)

    def _trim(self, rule: str) -> None:
        ordered = sort_findings(self.by_rule[rule])
        if len(ordered) > self.cap:
            self.dropped[rule] = self.dropped.get(rule, 0) + len(ordered) - self.cap
            del ordered[self.cap :]
        self.by_rule[rule] = ordered

    def merge(self, other: _Capped) -> None:
        for found in other.by_rule.values():
            for finding in found:
                self.add(finding)
        for rule, count in other.dropped.items():
            self.dropped[rule] = self.dropped.get(rule, 0) + count

    def findings(self, notices: list[str]) -> list[Finding]:
        """Every kept finding in document order; one notice per rule that had more."""
        if self.cap:
            for rule in list(self.by_rule):
                self._trim(rule)
        for rule in sorted(self.dropped):
            dropped = self.dropped[rule]
            cap = self.cap
            notices.append(
                f"{rule}: {dropped:,} more finding{'s' if dropped != 1 else ''} in this document "
                f"not shown (at most {cap:,} per rule; raise limits.max_findings_per_rule to "
                "see more)"
            )
        return sort_findings(f for found in self.by_rule.values() for f in found)


def _place_fix(document: Document, finding: Finding) -> Finding:
    """Give every edit of a finding's fix its line and column (end exclusive)."""
    fix = finding.fix
    if fix is None or all(edit.line for edit in fix.edits):
        return finding
    edits = []
    for edit in fix.edits:
        line, column = document.position(edit.start)
        end_line, end_column = document.position(edit.end)
        edits.append(
            dataclasses.replace(
                edit, line=line, column=column, end_line=end_line, end_column=end_column
            )
        )
    return dataclasses.replace(finding, fix=dataclasses.replace(fix, edits=tuple(edits)))
