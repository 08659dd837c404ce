"""A test plan that names no test.

A test plan is read part by part: its own text, and each of its subsections (a KEP's unit,
integration and e2e tests) on its own. A part names a test when it points at one: a test file
or function (``quota_test.go``, ``TestQuota``), a test name (``[sig-apps] Quota ...``), a job
(``ci-kubernetes-e2e-...``), a link to a test grid, a pull request or test code, or a coverage
figure. A part that names none and only promises ("Add e2e tests", "Tests will be added", "We
should ensure we cover all features"), or says tests exist without naming them, is reported;
so is a threshold left as a question mark ("latency below ? ms"). A part that says plainly that
no test of that kind is needed ("No integration tests are planned") is an answer, not a gap.

While a design is being written, promising tests is normal: a part is reported then only when
its promise says nothing about what will be tested ("Add e2e tests"). Once the design says it
has shipped (status implemented, stage stable), a test plan that still only promises tests is
out of date, and is reported whatever it promises.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from writer.checks import sections
from writer.checks.base import CheckContext
from writer.checks.design.rules import TEST_PLAN
from writer.checks.design.status import progress
from writer.model.document import BlockKind, Document, ProseBlock, Section
from writer.model.findings import Finding

# What names a test.
_NAMED = re.compile(
    r"""(?x)
    `[^`\n]*(?:test|spec|e2e|_test\.|\.go|\.py|\.rs|/)[^`\n]*`   # code naming a test or a path
    | \b\w+_test\.\w+\b | \bTest[A-Z]\w+ | \btest_\w+\(?           # test files and functions
    | \b(?:test|tests|e2e|e2e_node|integration)/[\w./-]+              # paths to test code
    | \[(?:sig-[\w-]+|It|Feature:[\w-]+|Serial|Conformance|NodeConformance)\]   # e2e test names
    | \b(?:ci|pull|periodic|presubmit|postsubmit)-[\w-]+           # CI jobs
    | testgrid | prow\. | k8s-triage | /pull/\d+ | /blob/[^\s)#]*(?:_test|/tests?/)  # links
    | \b\d{1,3}(?:\.\d+)?\s*%                                       # coverage figures
    | \b(?:tests?|suites?|cases?)\s+(?:named|called)\b
    """
)
# What only promises, or only says tests exist.
_PROMISE = re.compile(
    r"""(?ix)
    \b(?:will|shall|should|would)\s+(?:be\s+)?(?:add|added|implement\w*|writ\w*|extend\w*|
        cover\w*|ensure\w*|create\w*|test\w*|introduc\w*|develop\w*)\b
    | \bto\s+be\s+(?:added|implemented|written|extended|tested|created|introduced)\b
    | ^\W*(?:add|write|create|implement|introduce|extend|develop)\s+(?:\w+\s+){0,3}?tests?\b
    | \b(?:tbd|tbc|to\s+be\s+(?:added|written|determined|decided))\b
    | \bif\s+(?:\w+\s+){0,6}?(?:are|is)\s+implemented\b
    | \bplan(?:s|ned)?\s+to\b
    | \bthere\s+(?:are|is)\s+(?:currently\s+|already\s+)?(?:\w+\s+){0,3}tests?\b
    | \btested\s+(?:with|by|using)\s+(?:unit|e2e|integration)
    """
)
# "No integration tests are planned": a plain answer.
_NONE_NEEDED = re.compile(
    r"(?i)^\W*(?:n/?a|none|not\s+applicable|no\s+(?:\w+\s+){0,3}?tests?\b|"
    r"(?:\w+\s+){0,4}(?:not|no)\s+(?:needed|required|necessary|planned)\b|"
    r"there\s+(?:are|is)\s+no\s+(?:\w+\s+){0,3}?tests?\b|"
    r"(?:\w+\s+){0,3}(?:have|has)\s+not\s+identified\s+any\b)"
)
# "Covered by the integration tests": this kind of test is left to another, on purpose.
_DEFERRED = re.compile(
    r"(?i)\b(?:tested|covered|exercised|verified|tests?)\s+(?:\w+\s+){0,4}?(?:with|by|in|via|"
    r"through)\s+(?:the\s+|our\s+)?(?:existing\s+)?(?:unit|integration|e2e|end-to-end|node)\b|"
    r"\bmostly\s+in\s+(?:unit|integration|e2e)\b|\bsolely\b|\bcontinue\s+to\s+pass\b"
)
_THRESHOLD_UNKNOWN = re.compile(
    r"[<>=≤≥]\s*\?|\?\s*(?:ms|s|%|seconds?|minutes?|qps|rps|requests)\b", re.IGNORECASE
)
_CHECKBOX = re.compile(r"^\s*\[[ xX]\]")


class TestPlanChecker:
    rules = (TEST_PLAN,)

    def check(self, context: CheckContext) -> Iterator[Finding]:
        document = context.document
        region = sections.find(document, context.template, "test-plan", context.matcher)
        if region is None:
            return
        state = progress(context)
        parts: list[tuple[str, list[ProseBlock]]] = [
            (region.title, sections.blocks(document, region, own_only=True))
        ]
        for child in sections.children(document, region):
            parts.extend(_leaf_parts(document, child))
        all_blocks = [b for _, part in parts for b in part]
        for title, blocks in parts:
            if "prerequisite" in title.lower():
                continue  # updates to existing tests, not the plan for this change
            blocks = [b for b in blocks if not _CHECKBOX.match(b.text) and b.text.strip()]
            if not blocks:
                continue  # an empty part is structure.empty-section's
            text = "\n".join(_source(document, block) for block in blocks)
            unknown = _THRESHOLD_UNKNOWN.search(text)
            if unknown is not None:
                block = next(b for b in blocks if _THRESHOLD_UNKNOWN.search(_source(document, b)))
                yield context.finding(
                    TEST_PLAN,
                    *_first_line(document, block),
                    f"a threshold in '{title}' is a question mark: give the number the test "
                    "must meet",
                )
                continue
            if _NONE_NEEDED.match(" ".join(text.split())):
                continue
            if _NAMED.search(text):
                evidence = blocks if title != region.title else all_blocks
                stale = _stale_promise(document, blocks, evidence) if state.shipped else None
                if stale is not None:
                    quote = _quote(stale.text)
                    yield context.finding(
                        TEST_PLAN,
                        *_first_line(document, stale),
                        f"the design says it shipped {state.describe()} but '{title}' still "
                        f"says tests will be written ('{quote}'): name the tests that exist "
                        "(test function, job or link), or say what was not done",
                    )
                continue
            if _DEFERRED.search(text) and not (
                state.done and any(_FUTURE.search(block.text) for block in blocks)
            ):
                continue  # left to another kind of test, unless a shipped plan still promises
            if _PROMISE.search(text) is None:
                continue
            quote = _quote(blocks[0].text)
            if state.done:
                yield context.finding(
                    TEST_PLAN,
                    *_first_line(document, blocks[0]),
                    f"the design says it shipped {state.describe()} but '{title}' still only "
                    f"promises tests ('{quote}'): name the tests that exist (file, function, "
                    "job or link)",
                )
            elif _vacuous(blocks):
                yield context.finding(
                    TEST_PLAN,
                    *_first_line(document, blocks[0]),
                    f"'{title}' names no test and not what it will check ('{quote}'): name "
                    "each test, or the behaviour each one verifies",
                )


# What shows a test exists, not only where one would go: a test function or name, a job, a
# test grid or a pull request. A file path or a package's coverage does not.
_EXISTS = re.compile(
    r"""(?x)
    \bTest[A-Z]\w+ | \btest_\w+\( | `test_\w+`
    | \[(?:sig-[\w-]+|It|Feature:[\w-]+|Serial|Conformance|NodeConformance)\]
    | \b(?:ci|pull|periodic|presubmit|postsubmit)-[\w-]+
    | testgrid | prow\. | k8s-triage | /pull/\d+
    | \b(?:tests?|suites?|cases?)\s+(?:named|called)\b
    | \b(?:were|was|have|has)\s+(?:\w+\s+)?(?:been\s+)?
        (?:added|implemented|written|extended|created)\b
    """
)
# Still in the future tense: the test is yet to be written.
_FUTURE = re.compile(
    r"""(?ix)
    \b(?:tests?|e2e|cases?|coverage)\b\s+(?:\w+\s+){0,3}?(?:will|shall)\s+be\s+
        (?:added|implemented|written|extended|created|introduced|developed)\b
    | \b(?:tests?|e2e|cases?)\b\s+(?:\w+\s+){0,3}?to\s+be\s+(?:added|implemented|written|created)\b
    | \b(?:will|shall)\s+be\s+added\s+(?:\w+\s+){0,2}?tests?\b
    | \b(?:we|i)\s+(?:will|plan\s+to|intend\s+to)\s+(?:add|write|implement|extend|create)\s+
        (?:\w+\s+){0,3}?(?:tests?|e2e|cases?|coverage)\b
    | ^\W*(?:add|write|create|implement|introduce|extend)\s+(?:\w+\s+){0,3}?tests?\b
    """
)


def _stale_promise(
    document: Document, blocks: list[ProseBlock], evidence: list[ProseBlock]
) -> ProseBlock | None:
    """In a shipped design, the first block of a part of a test plan that names where tests
    will go (a file, a package) but still says they will be written, when nothing in the part
    (for the plan's own text, nothing in the whole plan) shows one exists."""
    if any(_EXISTS.search(_source(document, block)) for block in evidence):
        return None
    return next((block for block in blocks if _FUTURE.search(block.text)), None)


def _quote(text: str) -> str:
    quote = " ".join(text.split())
    return quote if len(quote) <= 60 else quote[:57].rstrip() + "..."


_SCENARIO = re.compile(
    r"(?i)\b(?:that|whether|when|where|if|so\s+that)\b|"
    r"\bto\s+(?:validate|verify|check|ensure|confirm|exercise|cover)\s+(?:\S+\s+){2,}"
)
MAX_VACUOUS_WORDS = 30


def _vacuous(blocks: list[ProseBlock]) -> bool:
    """Promises that say nothing about what will be checked: few words, no 'that' clause, no
    list of scenarios."""
    words = sum(len(block.text.split()) for block in blocks)
    items = [b for b in blocks if b.kind is BlockKind.LIST_ITEM and len(b.text.split()) >= 8]
    text = " ".join(block.text for block in blocks)
    return words <= MAX_VACUOUS_WORDS and len(items) < 2 and _SCENARIO.search(text) is None


def _leaf_parts(document: Document, section: Section) -> Iterator[tuple[str, list[ProseBlock]]]:
    """A subsection's own text, then each of its subsections' (recursively)."""
    own = [
        block
        for block in document.blocks_in(section, own_only=True)
        if block.kind is not BlockKind.HEADING
    ]
    yield section.title, own
    for index in section.children:
        yield from _leaf_parts(document, document.sections[index])


def _source(document: Document, block: ProseBlock) -> str:
    _, end = block.source_span(0, len(block.text))
    start, _ = document.index.line_span(block.line)
    return document.text[start : max(end, start)]


def _first_line(document: Document, block: ProseBlock) -> tuple[int, int]:
    start, end = block.source_span(0, len(block.text))
    line_end = document.index.line_span(block.line)[1]
    return start, min(end, line_end)
