"""Design-doc checks that read like a reviewer: measurable goals, real non-goals, weighed
alternatives, failure modes, a way back, open questions in an approved doc, and the arithmetic of
back-of-the-envelope estimates.

Settings come from the ``[design]`` config table (:mod:`writer.checks.design.settings`).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from writer.checks import sections
from writer.checks.base import CheckContext, Checker
from writer.checks.design.analysis import (
    is_approved,
    is_deliberate_none,
    mentions_rollback,
    negated_requirement,
)
from writer.checks.design.estimates import find_estimates, format_number
from writer.checks.design.goals import goal_problem
from writer.checks.design.rules import (
    ESTIMATE_ARITHMETIC,
    FAILURE_MODES,
    GOAL_UNMEASURABLE,
    NON_GOAL_NEGATED,
    OPEN_QUESTIONS,
    ROLLBACK,
)
from writer.checks.design.settings import settings_of
from writer.model.document import BlockKind, Document, ProseBlock
from writer.model.findings import Finding
from writer.templates.roles import Region


def _items(document: Document, section: Region) -> list[ProseBlock]:
    """The section's top-level list items, else its paragraphs (own body only)."""
    blocks = sections.blocks(document, section, own_only=True)
    listed = [b for b in blocks if b.kind is BlockKind.LIST_ITEM]
    if listed:
        top = min(b.depth for b in listed)
        return [b for b in listed if b.depth == top]
    return [b for b in blocks if b.kind is BlockKind.PARAGRAPH]


def _span(block: ProseBlock) -> tuple[int, int]:
    first_line_end = block.text.find("\n")
    return block.source_span(0, first_line_end if first_line_end != -1 else len(block.text))


_BULLET = re.compile(r"^[ \t>]*(?:[-*+][ \t]+|\d{1,3}[.)][ \t]+)?")


def _source(document: Document, block: ProseBlock) -> str:
    """A block as written (code spans kept), from its first line to its end, without its
    bullet or number."""
    _, end = block.source_span(0, len(block.text))
    start, _ = document.index.line_span(block.line)
    text = document.text[start:end]
    lead = _BULLET.match(text)
    return text[lead.end() :] if lead is not None else text


def _clip(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[: limit - 3].rstrip() + "..."


def document_title(document: Document) -> str:
    """The front matter's title, else the first heading."""
    front = document.front_matter.data if document.front_matter is not None else None
    if front and isinstance(front.get("title"), str):
        return str(front["title"])
    return next((section.title for section in document.headings), "")


def _title_span(document: Document) -> tuple[int, int]:
    for section in document.headings:
        return sections.heading_span(document, section)
    return document.index.line_span(1)


class GoalsChecker:
    rules = (GOAL_UNMEASURABLE, NON_GOAL_NEGATED)

    def check(self, context: CheckContext) -> Iterator[Finding]:
        document = context.document
        goals = sections.find(document, context.template, "goals", context.matcher)
        if goals is not None and context.wants(GOAL_UNMEASURABLE):
            title = document_title(document)
            judged = [
                (block, goal_problem(block.text, title, _source(document, block)))
                for block in _items(document, goals)
                # "The goals are:" introducing a list is not a goal
                if not (block.kind is BlockKind.PARAGRAPH and block.text.rstrip().endswith(":"))
            ]
            # A goal that is the title again says nothing more only when no other goal does.
            alone = all(problem is not None for _, problem in judged)
            for block, problem in judged:
                if problem == "restated" and not alone:
                    continue
                if problem in ("circular", "restated"):
                    yield context.finding(
                        GOAL_UNMEASURABLE,
                        *_span(block),
                        f"this goal restates the title ('{_clip(title)}'): say what will be "
                        "true once it ships, and how a reviewer would check it",
                    )
                elif problem is not None:
                    yield context.finding(
                        GOAL_UNMEASURABLE,
                        *_span(block),
                        "this goal promises an improvement or a quality with nothing to check "
                        "it by: name the outcome (a number, a condition, a behaviour that will "
                        "or will not exist)",
                    )
        non_goals = sections.find(document, context.template, "non-goals", context.matcher)
        if non_goals is not None:
            for block in _items(document, non_goals):
                found = negated_requirement(block.text)
                if found is not None:
                    start, end = block.source_span(found.start(), found.end())
                    yield context.finding(
                        NON_GOAL_NEGATED,
                        start,
                        end,
                        f"'{found.group()}' is a requirement said backwards, not a non-goal: "
                        "state it as a goal, or name what is out of scope",
                    )


class SectionPresenceChecker:
    """Failure modes and rollback: a design must say what can go wrong and how to go back."""

    rules = (FAILURE_MODES, ROLLBACK)

    def check(self, context: CheckContext) -> Iterator[Finding]:
        document = context.document
        failure = sections.find(document, context.template, "failure-modes", context.matcher)
        if failure is None:
            yield context.finding(
                FAILURE_MODES,
                *_title_span(document),
                "no failure-modes section: say what happens when a dependency fails, a node "
                "dies or the input is bad",
            )
        elif not sections.text(document, failure).strip():
            yield context.finding(
                FAILURE_MODES,
                *sections.heading_span(document, failure),
                f"section '{failure.title}' is empty: list the failure modes and what the "
                "design does in each",
            )
        rollout = sections.find(document, context.template, "rollout", context.matcher)
        if rollout is not None:
            text = sections.text(document, rollout)
            if not mentions_rollback(rollout.title + "\n" + text):
                yield context.finding(
                    ROLLBACK,
                    *sections.heading_span(document, rollout),
                    f"'{rollout.title}' never says how to roll back: name the flag, revert or "
                    "downgrade path and what state it leaves",
                )
        elif not any(mentions_rollback(block.text) for block in document.blocks):
            yield context.finding(
                ROLLBACK,
                *_title_span(document),
                "the design never says how to roll back: add a rollout section with the flag, "
                "revert or downgrade path",
            )


_STATUS_LINE = re.compile(r"(?im)^\W*status\W*[:|]\s*\**\s*([A-Za-z][\w -]*)")


def document_status(document: Document, key: str = "status") -> tuple[str, int] | None:
    """The document's status and its line: front matter, else a 'Status:' line or table row in
    the lines before the second heading."""
    front = document.front_matter
    if front is not None and front.data:
        for name, value in front.data.items():
            if name.lower() == key.lower() and isinstance(value, str):
                for number in range(front.start_line, front.end_line + 1):
                    if document.line_text(number).lower().lstrip().startswith(key.lower()):
                        return value, number
                return value, front.start_line
    headings = document.headings
    last = headings[1].line - 1 if len(headings) > 1 else min(document.index.line_count, 40)
    for number in range(1, last + 1):
        if number in document.code_lines:
            continue
        found = _STATUS_LINE.match(document.line_text(number))
        if found is not None:
            return found.group(1).strip(), number
    return None


class OpenQuestionsChecker:
    rules = (OPEN_QUESTIONS,)

    def check(self, context: CheckContext) -> Iterator[Finding]:
        document = context.document
        settings = settings_of(context)
        status = document_status(document, settings.status_key)
        if status is None or not is_approved(status[0], settings.approved_statuses):
            return
        section = sections.find(document, context.template, "open-questions", context.matcher)
        if section is None:
            return
        text = sections.text(document, section)
        if not text.strip() or is_deliberate_none(text):
            return
        questions = _items(document, section)
        for block in questions:
            if is_deliberate_none(block.text) or re.search(
                r"(?i)\b(resolved|answered|decided)\b", block.text
            ):
                continue
            yield context.finding(
                OPEN_QUESTIONS,
                *_span(block),
                f"the document is '{status[0]}' (line {status[1]}) but this question is still "
                "open: answer it in the design, or change the status",
            )


# Text worth reading for an estimate states a result and holds a number.
_RESULT_SIGN = re.compile(r"=|≈|→|->|which is|gives|comes to")
_DIGIT = re.compile(r"\d")


class EstimateChecker:
    rules = (ESTIMATE_ARITHMETIC,)

    def check(self, context: CheckContext) -> Iterator[Finding]:
        document = context.document
        tolerance = settings_of(context).estimate_tolerance
        for base, source in _estimate_texts(document):
            if _RESULT_SIGN.search(source) is None or _DIGIT.search(source) is None:
                continue
            for estimate in find_estimates(source, tolerance):
                if estimate.error is None or estimate.computed is None:
                    continue
                if estimate.error <= tolerance:
                    continue
                computed = format_number(estimate.computed)
                unit = f" {estimate.unit}" if estimate.unit else ""
                yield context.finding(
                    ESTIMATE_ARITHMETIC,
                    base + estimate.result_start,
                    base + estimate.result_end,
                    f"{estimate.expression} is about {computed}{unit}, not {estimate.stated}: fix "
                    "the result or the inputs",
                )


_FENCE = re.compile(r"^\s{0,3}(`{3,}|~{3,})\s*([\w+-]*)")
# Fenced blocks read for estimates: no language, or plain text. Program code is not read.
_PLAIN_FENCES = frozenset({"", "text", "txt", "plain", "plaintext", "math", "none"})


def _estimate_texts(document: Document) -> Iterator[tuple[int, str]]:
    """(offset, source text) of every prose block and of every plain-text fenced code line."""
    for block in document.blocks:
        if block.kind is BlockKind.HEADING:
            continue
        # The source, not the plain text: "3 * 500 GB" must keep its "*".
        base, stop = block.source_span(0, len(block.text))
        yield base, document.text[base:stop]
    fence: str | None = None
    plain = False
    for number in sorted(document.code_lines):
        start, end = document.index.line_span(number)
        line = document.text[start:end]
        opening = _FENCE.match(line)
        if fence is None:
            if opening is not None:
                fence, plain = opening.group(1), opening.group(2).lower() in _PLAIN_FENCES
            continue
        if line.strip().startswith(fence[0] * len(fence)) and not line.strip().strip(fence[0]):
            fence = None
            continue
        if plain:
            yield start, line


def design_checkers(*, presence: bool = True) -> list[Checker]:
    """The design-doc checkers; ``presence`` adds the failure-modes and rollback sections'
    presence checks (for templates that have those sections)."""
    from writer.checks.design.alternatives import AlternativesChecker
    from writer.checks.design.claims import ClaimChecker
    from writer.checks.design.drawbacks import DrawbacksChecker
    from writer.checks.design.mitigation import MitigationChecker
    from writer.checks.design.rollback import RollbackChecker
    from writer.checks.design.test_plan import TestPlanChecker

    checkers: list[Checker] = [
        GoalsChecker(),
        AlternativesChecker(),
        OpenQuestionsChecker(),
        EstimateChecker(),
        ClaimChecker(),
        TestPlanChecker(),
        MitigationChecker(),
        DrawbacksChecker(),
        RollbackChecker(presence=presence),
    ]
    if presence:
        checkers.insert(2, SectionPresenceChecker())
    return checkers
