"""Claims a design doc makes about itself, held against what it says elsewhere.

A claim is an answer of "No", "None" or "N/A" to a question about how the change can fail,
roll back or change behaviour ("How can a rollout or rollback fail? No."), a section that says
there is nothing to say ("Upgrade / Downgrade Strategy: N/A", "Unresolved questions: None"), or
a statement of safety ("fully backward compatible", "conversion without loss", "we are not
changing the default behavior", "there is no risk"). Each kind of claim has the kind of passage
that contradicts it: a sentence saying how the change fails, what a downgrade leaves behind,
what breaks for existing users, what is lost or removed, or a question left open. Sentences in
the summary, motivation, goals and alternatives are not taken as evidence: they describe the
problem today, or other designs.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from writer.checks import sections
from writer.checks.base import CheckContext
from writer.checks.design.rules import CLAIM_CONTRADICTED, FAILURE_MODES
from writer.model.document import BlockKind, Document, ProseBlock
from writer.model.findings import Finding
from writer.model.rules import RuleMeta


@dataclass(frozen=True)
class Claim:
    start: int  # offsets of the claim in Document.text
    end: int
    line: int
    quote: str  # the claim as a reader sees it
    topic: str  # failure | rollback | compat | loss | behavior | risk | open
    section: int  # the document section the claim is in (not searched for evidence)


@dataclass(frozen=True)
class Evidence:
    line: int
    quote: str


# -- what a claim looks like ----------------------------------------------------------------------

_NONE_ANSWER = re.compile(
    r"(?i)^\W*(?:no|none|n/?a|not applicable|nothing|no impact|not that we know of|"
    r"none (?:so far|yet|at this time|known|identified|foreseen)|no known (?:failure modes?|"
    r"issues|risks|problems)|no failure modes?(?:\s+\w+){0,5})\s*(?:[.,;:!)\u2014-]|$)"
)
# "N/A, see the risks section": the answer is elsewhere, and says so.
_POINTS_ELSEWHERE = re.compile(r"(?i)\bsee\b|\brefer\s+to\b|\bdescribed\s+(?:in|above|below)\b")
MAX_ANSWER_WORDS = 16  # "No, we are not changing the default behavior." is still an answer
_QUESTION_TOPICS: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"(?i)\bfailure modes?\b"), "failure"),
    (
        re.compile(r"(?i)\b(?:rollout|roll-?out|rollback|roll back|upgrade|downgrade)\b.*\bfail"),
        "rollback",
    ),
    (
        re.compile(r"(?i)\bfail\w*\b.*\b(?:rollout|rollback|roll back|upgrade|downgrade)\b"),
        "rollback",
    ),
    (re.compile(r"(?i)\bchange\s+(?:any\s+)?default\s+behaviou?r\b"), "behavior"),
)
_HEADING_TOPICS: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"(?i)^\W*upgrade\s*/?\s*(?:and\s+|&\s+)?downgrade\b"), "rollback"),
    (re.compile(r"(?i)\bfailure modes?\b"), "failure"),
    (re.compile(r"(?i)^\W*(?:unresolved|open|outstanding)\s+(?:questions|issues)\b"), "open"),
)
_STATEMENTS: tuple[tuple[re.Pattern[str], str], ...] = (
    (
        re.compile(
            r"(?i)(?<!must\s)(?<!should\s)(?<!\bto\s)\b(?:is|are|remains?|will\s+(?:be|remain|stay)|"
            r"stays?)\s+(?:(?:full|fully|complete|completely|100%|total)\s+)?"
            r"backwards?[- ]compatib\w*|^\W*(?:maintain\w*|preserv\w*|keep\w*|retain\w*)\s+"
            r"(?:(?:full|complete|100%|total)\s+)?backwards?[- ]compatib\w*|"
            r"\bnon-breaking\b|\bno\s+breaking\s+changes?\b|"
            r"\b(?:is|are|remains?|will\s+be)\s+(?:fully|100%)\s+compatible\b"
        ),
        "compat",
    ),
    (re.compile(r"(?i)\bwithout\s+(?:any\s+)?(?:data\s+)?loss\b|\blossless(?:ly)?\b"), "loss"),
    (
        re.compile(
            r"(?i)\b(?:not|no)\s+(?:\w+\s+){0,2}?chang\w*\s+(?:to\s+)?(?:the\s+|any\s+)?"
            r"default\s+behaviou?r\b|\bno\s+(?:default\s+)?behaviou?r\s+changes?\b"
        ),
        "behavior",
    ),
    (
        re.compile(
            r"(?i)\bthere\s+(?:is|are)\s+no\s+risks?\b|\bno\s+risks?\s+(?:is|are)\s+"
            r"(?:foreseen|expected|anticipated|known)\b|\bno\s+known\s+risks\b"
        ),
        "risk",
    ),
)
# "not backward compatible", "if it were backward compatible": not a claim of safety.
_NEGATED_CLAIM = re.compile(
    r"(?i)\b(?:not|isn't|aren't|wasn't|no longer|if|whether|unless)\s+"
    r"(?:\w+\s+){0,3}$"
)

# -- what contradicts it -----------------------------------------------------------------------

_FAILS = (
    r"fail\w*|break(?!\s+(?:down|up|out|into))\w*|broke(?:n)?|stuck|crash\w*|lose|loses|lost|loss|problematic|"
    r"unable|corrupt\w*|leak\w*|hang(?:s|ing)?|panic\w*|outage|downtime|regress\w*|"
    r"incompatib\w*|silently|no\s+data|stale\s+data|stop\w*\s+(?:working|firing)|"
    r"no\s+longer\s+(?:work|be\s+ingested|ingest)\w*|forever|"
    r"(?:manually|explicitly)\s+(?:remove|delete|patch)\w*|"
    r"must\s+be\s+(?:explicitly\s+|manually\s+)?(?:patched|removed|deleted|cleaned)"
)
_FAIL = re.compile(rf"(?i)\b(?:{_FAILS})\b")
_NEGATED_FAIL = re.compile(
    rf"(?i)(?:\b(?:not|never|no|without|nor|cannot|unlikely\s+to|prevent\w*|avoid\w*|"
    rf"guard\w*\s+against)|"
    rf"n't|\bwont)\s+"
    rf"(?:\w+\s+){{0,5}}?(?:{_FAILS})\b"
)
_MAYBE = re.compile(
    r"(?i)\b(?:may|might|can|could|will|would|must|should)\b|\bif\b|\bwhen\b|\botherwise\b|"
    r"\bunless\b|\bbefore\b|\bafter\b|\bonce\b"
)
_ROLLBACK_WORDS = re.compile(
    r"(?i)\b(?:downgrad\w*|roll(?:ed|ing|s)?[ -]?back|rollbacks?|disabl\w*|revert\w*)\b"
)
_COMPAT_BREAKS = re.compile(
    r"(?i)\b(?:break(?!\s+(?:down|up|out|into))\w*|no\s+longer\s+(?:work|support|accept|be\s+ingested|"
    r"ingest)\w*|stop\w*\s+(?:working|firing)|show\s+no\s+data|silent(?:ly)?\s+fail\w*|"
    r"silent\s+failures?|(?:must|have\s+to|need\s+to|will\s+need\s+to)\s+(?:be\s+)?"
    r"(?:migrat|rewrit|adjust)\w*)\b"
)
_LOSES = re.compile(r"(?i)\b(?:loss|lose|loses|lost|dropp(?:ed|s|ing))\b")
_USER_FACING = r"(?:flags?|fields?|options?|support|commands?)"
# A removal the design makes ("the flags are removed", "we would remove all flags"), not an
# instruction ("Remove the field and check the errors").
_REMOVES = re.compile(
    rf"(?i)\b{_USER_FACING}\s+(?:are|is|will\s+be|get|gets)\s+removed\b|"
    rf"\bremoval\s+of\s+(?:the\s+)?(?:[\w-]+\s+){{0,2}}?{_USER_FACING}\b|"
    r"\bno\s+longer\s+(?:be\s+)?(?:available|supported|accepted)\b|"
    r"\bcannot\s+be\s+restored\b|\b(?:no|not\s+be\s+a)\s+way\s+to\s+restore\b"
)
_OPEN = re.compile(
    r"\(\?\)|\bTBD\b|\bUNRESOLVED\b|(?i:\bto\s+be\s+(?:decided|determined)\b|\bnot\s+yet\s+"
    r"(?:decided|determined|settled)\b|\bopen\s+question\b|\bwill\s+be\s+determined\b|"
    r"\bremains?\s+(?:open|undecided)\b|\bleft\s+open\b|\bis\s+not\s+part\s+of\s+this\s+"
    r"(?:rfc|kep|proposal)\b|\bhas\s+not\s+been\s+decided\b|\byet\s+to\s+be\s+decided\b)"
)
# Roles whose sentences describe the problem today or other designs, not this one.
_NOT_EVIDENCE = ("summary", "motivation", "goals", "non-goals", "alternatives")
_ASIDE_TITLES = re.compile(
    r"(?i)\b(?:prior\s+art|future\s+(?:possibilities|work)|references?(?!-)|background|"
    r"alternatives?|table\s+of\s+contents|implementation\s+history|motivation|current|"
    r"today|status\s+quo|existing)\b"
)
# Where a document says how *this* change can fail: its risks, caveats, upgrade and rollback
# notes, the production readiness answers. Failure and compatibility claims are held against
# these sections only; a removal or an open question may be stated anywhere.
_FAILURE_PLACES = re.compile(
    r"(?i)risk|drawback|caveat|notes?\b|constraint|limitation|upgrade|downgrade|skew|rollback|"
    r"roll\s*back|rollout|roll-?out|failure|migrat|compatib|mitigation|trade-?off|"
    r"known\s+issues|consequence"
)
# A sentence about watching for failures (a metric, an event, a log, a test) says how a
# failure is seen, not that the change fails.
_OBSERVING = re.compile(
    r"(?i)\b(?:metrics?|events?|logs?|logged|alerts?|tests?|tested|fixtures?|dashboards?\s+"
    r"(?:show|will\s+show)|monitor\w*|observ\w*|emitted|counter)\b|"
    # a check failing by design ("if the authorization check fails, the update fails")
    r"\b(?:checks?|validations?|verifications?|probes?)\s+(?:\w+\s+)?fails?\b|"
    # "breaking changes" named, not a failure described; a "failure policy" is a setting
    r"\bbreaking\s+(?:\w+\s+)?changes?\b|\bfailure\s*polic\w*|"
    # guidance to the author, not a statement about the design
    r"\bbe\s+(?:extremely\s+|very\s+)?careful\b|\bthink\s+about\b|\bplease\b"
)
# What a rollback leaves behind may be requests the server now rejects.
_REJECTED = re.compile(r"(?i)\b(?:will|would|may|might|could)\s+(?:\w+\s+)?be\s+rejected\b")
_ANYWHERE = ("behavior", "open")


class ClaimChecker:
    """Claims the document contradicts: design.claim-contradicted, and design.failure-modes
    for a failure-modes answer of 'none' where the document describes failures."""

    rules = (CLAIM_CONTRADICTED, FAILURE_MODES)

    def check(self, context: CheckContext) -> Iterator[Finding]:
        document = context.document
        excluded = _excluded_lines(context)
        # An open question may be left in the motivation too; other designs still do not count.
        elsewhere = _excluded_lines(context, roles=("alternatives",), titles=_OTHER_DESIGNS)
        sentences = list(_sentences(document))
        for claim in find_claims(document, excluded - _goal_lines(context)):
            rule: RuleMeta = FAILURE_MODES if claim.topic == "failure" else CLAIM_CONTRADICTED
            if not context.wants(rule):
                continue
            skip = elsewhere if claim.topic == "open" else excluded
            found = find_evidence(document, claim, [row for row in sentences if row[0] not in skip])
            if found is None:
                continue
            yield context.finding(
                rule,
                claim.start,
                claim.end,
                f"'{_clip(claim.quote)}' here, but line {found.line} says "
                f"'{_clip(found.quote, 90)}': {_ADVICE[claim.topic]}",
            )


_ADVICE = {
    "failure": "list that failure mode and what the design does about it",
    "rollback": "say how a rollout or rollback can fail and what it leaves behind",
    "compat": "say what breaks for existing users and how they migrate, or reconcile the two",
    "loss": "say what is lost and when, or reconcile the two",
    "behavior": "say which behaviour changes and for whom",
    "risk": "list that risk with its mitigation",
    "open": "list the open question here, or settle it",
}


def find_claims(
    document: Document, aside: set[int] | frozenset[int] = frozenset()
) -> Iterator[Claim]:
    """Claims of 'none', 'N/A', 'no risk', 'backward compatible' and the like; statements on
    the ``aside`` lines (motivation, alternatives) are not taken as claims."""
    blocks = document.blocks
    for position, block in enumerate(blocks):
        if block.kind is BlockKind.HEADING:
            topic = _topic(block.text, _HEADING_TOPICS) or (
                _topic(block.text, _QUESTION_TOPICS) if block.text.rstrip().endswith("?") else None
            )
            if topic is None:
                continue
            answer = _next_answer(blocks, position)
            if answer is not None and _is_none_answer(answer.text):
                yield _claim_of(document, answer, answer.text, topic)
            continue
        question, rest = _split_question(block.text)
        if question:
            topic = _topic(question, _QUESTION_TOPICS)
            if topic is not None:
                if rest.strip():
                    if _is_none_answer(rest):
                        yield _claim_of(document, block, rest.strip(), topic)
                else:
                    answer = _next_answer(blocks, position)
                    if answer is not None and _is_none_answer(answer.text):
                        yield _claim_of(document, answer, answer.text, topic)
                continue
        if block.line in aside:
            continue  # the motivation and alternatives describe today's problem, other designs
        for pattern, topic in _STATEMENTS:
            for found in pattern.finditer(block.text):
                if _NEGATED_CLAIM.search(block.text[: found.start()]):
                    continue
                start, end = block.source_span(found.start(), found.end())
                line, _ = document.position(start)
                yield Claim(
                    start,
                    end,
                    line,
                    _sentence_around(block.text, found.start()),
                    topic,
                    block.section,
                )
                break


def find_evidence(
    document: Document, claim: Claim, sentences: Sequence[tuple[int, int, str, str]]
) -> Evidence | None:
    """The first sentence outside the claim's own section that contradicts it."""
    for line, section, text, quote in sentences:
        if section == claim.section or _within(document, section, claim.section):
            continue
        if claim.topic not in _ANYWHERE and not _in_failure_place(document, section):
            continue
        if _contradicts(claim.topic, text):
            return Evidence(line, quote)
    return None


def _in_failure_place(document: Document, section: int) -> bool:
    current: int | None = section
    while current is not None:
        if _FAILURE_PLACES.search(document.sections[current].title):
            return True
        current = document.sections[current].parent
    return False


# A metadata field left unset: "Approver: TBD", "Reviewers - TBD".
_FIELD_UNSET = re.compile(r"^\W*[\w()/ -]{1,30}?\s*(?::|\s-)\s*\W*TBD\W*$")

_NEGATION = re.compile(
    r"(?i)\b(?:not|never|no|without|nor|cannot|wont|prevent\w*|avoid\w*)\b|n't\b"
)


def _affirmed(pattern: re.Pattern[str], text: str) -> bool:
    """``pattern`` is found, and not just after a negation ("does not remove any field")."""
    for found in pattern.finditer(text):
        before = text[max(0, found.start() - 40) : found.start()]
        if not _NEGATION.search(" ".join(before.split()[-4:])):
            return True
    return False


def _contradicts(topic: str, text: str) -> bool:
    if topic == "open":
        # "Approver: TBD" is a field of the document's metadata, not a question of the design
        return _OPEN.search(text) is not None and not _FIELD_UNSET.match(text)
    if "?" in text:
        return False  # a question asks (and an answer run into it is too short to quote)
    if topic == "compat":
        return _affirmed(_COMPAT_BREAKS, text)
    if topic == "loss":
        return _affirmed(_LOSES, text)
    if topic == "behavior":
        # "roll back by removing the flag" is a way back, not a removal the design makes
        return _affirmed(_REMOVES, text) and _ROLLBACK_WORDS.search(text) is None
    fails = _FAIL.search(text) is not None and _MAYBE.search(text) is not None
    if topic == "rollback" and _REJECTED.search(text):
        fails = True
    if not fails or _NEGATED_FAIL.search(text) or _OBSERVING.search(text):
        return False
    if topic == "rollback":
        return _ROLLBACK_WORDS.search(text) is not None
    return True  # failure, risk


# -- reading the document ----------------------------------------------------------------------


def _topic(text: str, table: tuple[tuple[re.Pattern[str], str], ...]) -> str | None:
    for pattern, topic in table:
        if pattern.search(text):
            return topic
    return None


def _is_none_answer(text: str) -> bool:
    """'No', 'None', 'N/A' with at most a short reason; not one that goes on to describe a
    failure ("N/A. This feature fails only if the API server is down.")."""
    stripped = " ".join(text.split())
    return (
        bool(_NONE_ANSWER.match(stripped))
        and len(stripped.split()) <= MAX_ANSWER_WORDS
        and not _POINTS_ELSEWHERE.search(stripped)
        and _FAIL.search(re.sub(r"(?i)\bfailure\s+modes?\b", "", stripped)) is None
    )


def _split_question(text: str) -> tuple[str, str]:
    """A block that opens with a question ("What are other known failure modes? N/A"): the
    question and what follows it in the same block."""
    mark = text.find("?")
    if mark == -1 or mark > 300:
        return "", ""
    return text[: mark + 1], text[mark + 1 :]


def _next_answer(blocks: Sequence[ProseBlock], position: int) -> ProseBlock | None:
    """The block after a question or heading, when it is in the same section."""
    if position + 1 >= len(blocks):
        return None
    question = blocks[position]
    following = blocks[position + 1]
    if following.kind is BlockKind.HEADING:
        return None
    if question.kind is not BlockKind.HEADING and following.section != question.section:
        return None
    return following


def _claim_of(document: Document, block: ProseBlock, quote: str, topic: str) -> Claim:
    start, end = block.source_span(0, len(block.text))
    line_end = document.index.line_span(block.line)[1]
    return Claim(
        start, min(end, line_end), block.line, " ".join(quote.split()), topic, block.section
    )


def _sentence_around(text: str, offset: int) -> str:
    start = max(text.rfind(". ", 0, offset), text.rfind("\n", 0, offset))
    end_candidates = [i for i in (text.find(". ", offset), text.find("\n", offset)) if i != -1]
    end = min(end_candidates) if end_candidates else len(text)
    return " ".join(text[start + 1 if start != -1 else 0 : end].split())


def _within(document: Document, section: int, ancestor: int) -> bool:
    current = document.sections[section].parent
    while current is not None:
        if current == ancestor:
            return True
        current = document.sections[current].parent
    return False


def failure_evidence(context: CheckContext, section: int) -> Evidence | None:
    """The first sentence saying how the change can fail (in its risks, caveats, upgrade or
    rollback notes), outside ``section`` and the parts that describe today's problem."""
    document = context.document
    excluded = _excluded_lines(context)
    claim = Claim(0, 0, 0, "", "risk", section)
    rows = [row for row in _sentences(document) if row[0] not in excluded]
    return find_evidence(document, claim, rows)


def _goal_lines(context: CheckContext) -> set[int]:
    """A goal may promise compatibility: it is a claim, though not evidence."""
    region = sections.find(context.document, context.template, "goals", context.matcher)
    return set(range(region.line, region.end_line + 1)) if region is not None else set()


_OTHER_DESIGNS = re.compile(
    r"(?i)\b(?:prior\s+art|future\s+(?:possibilities|work)|references?(?!-)|alternatives?|"
    r"table\s+of\s+contents|implementation\s+history)\b"
)


def _excluded_lines(
    context: CheckContext,
    roles: tuple[str, ...] = _NOT_EVIDENCE,
    titles: re.Pattern[str] = _ASIDE_TITLES,
) -> set[int]:
    """Lines whose sentences are not evidence: by default the summary, motivation, goals,
    non-goals, alternatives, prior art and history (they describe today's problem or other
    designs)."""
    document = context.document
    lines: set[int] = set()
    for role in roles:
        region = sections.find(document, context.template, role, context.matcher)
        if region is not None:
            lines.update(range(region.line, region.end_line + 1))
    for section in document.headings:
        if titles.search(section.title):
            lines.update(range(section.line, section.end_line + 1))
    return lines


def _sentences(document: Document) -> Iterator[tuple[int, int, str, str]]:
    """(line, section, text, quote) of every sentence of prose: the text as read, and as
    written for quoting (code kept, links by their text)."""
    for block in document.blocks:
        if block.kind is BlockKind.HEADING:
            continue
        for sentence in block.sentences:
            start, end = block.source_span(sentence.start, sentence.end)
            line, _ = document.position(start)
            yield line, block.section, sentence.text, _as_written(document.text[start:end])


_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")


def _as_written(source: str) -> str:
    return " ".join(_LINK.sub(r"\1", source).replace("**", "").split())


def _clip(text: str, limit: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 3].rstrip() + "..."
