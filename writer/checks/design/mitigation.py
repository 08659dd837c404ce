"""Risks without a real mitigation, and rollback signals without a threshold.

The risks section is read risk by risk: a list item with what is nested under it, a subsection,
or the section as a whole. A risk with no answer at all (nothing that mitigates, limits, argues
or explains it) is reported; so is one whose answer is only documentation, a bug to open, a
hope ("it seems unlikely"), testing promised for later, talking to someone, or a question, with
no mechanism, number or condition anywhere in it. Where the document names its mitigation
("Mitigation: clear documentation."), that sentence is what is judged. Drawbacks are read the
same way for vague answers (a drawback needs no mitigation, but a hope is not one).

The answer to "What specific metrics should inform a rollback?" is reported when it names no
threshold or condition ("a significant increase in memory").
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence

from writer.checks import sections
from writer.checks.base import CheckContext
from writer.checks.design.analysis import says_what_remains
from writer.checks.design.rules import MITIGATION
from writer.checks.design.status import progress
from writer.model.document import BlockKind, Document, ProseBlock
from writer.model.findings import Finding
from writer.templates.roles import Region

# Anything that answers a risk: a mechanism, an argument, a plan.
_ANSWER = re.compile(
    r"""(?ix)\b(?:mitigat\w*|address\w*|prevent\w*|avoid\w*|handl\w*|guard\w*|protect\w*|
    feature\s+gates?|gated|flags?|validat\w*|limit\w*|caps?|capped|throttl\w*|timeouts?|retr(?:y|ies)|
    fall\s*backs?|roll(?:ed)?\s*back|rollbacks?|disabl\w*|reject\w*|opt-?in|opt-?out|alert\w*|
    monitor\w*|metrics?|warn\w*|events?|encrypt\w*|rbac|ttl|tests?|tested|testing|document\w*|
    because|since|unlikely|low|acceptable|only|not\s+affect\w*|no\s+impact|already|instead|
    require\w*|ensur\w*|enforc\w*|mak\w*\s+sure|recommend\w*|workarounds?|by\s+\w+ing|fix\w*|
    alternatives?|instead|users?\s+can|allows?\s+users?)\b"""
)
# An answer that does not limit anything.
_VAGUE = re.compile(
    r"""(?ix)(?:\b(?:clear|good|better|proper|more)\s+documentation\b|^\W*documentation\W*$|
    ^\W*document\s+(?:it|this|the\s+\w+)\W*$|\brelease\s+notes?\b|
    \b(?:open|file|raise)\s+(?:a\s+)?(?:bug|issue|ticket)\b|
    \b(?:seems?|is|are)\s+(?:quite\s+)?unlikely\b|\bwe\s+(?:don't|do\s+not)\s+expect\b|
    \bshould\s+(?:be\s+)?fine\b|\bhopefully\b|
    \bengage\s+with\b|\bwork\s+with\s+(?:upstream|the\s+community)\b|\breach\s+out\b|
    \bkeep\s+an\s+eye\b|\bconduct\s+(?:\w+\s+){0,3}?(?:testing|tests|benchmarks?)\b|
    \bbenchmark\w*\s+to\s+verify\b|\ba\s+possible\s+mitigation\b|\bcould\s+(?:consider|look\s+into)\b)"""
)
# What makes an answer concrete: a figure, code, a mechanism or a condition.
_CONCRETE = re.compile(
    r"""(?ix)\d|`[^`]+`|\bfeature\s+gates?\b|\bvalidation\b|\breject\w*|\btimeouts?\b|\bretr(?:y|ies)\b|
    \bfall\s*backs?\b|\bdisabl\w+|\brollbacks?\b|\broll\s+back\b|\bthreshold|\bexceed\w*|\babove\b|
    \bbelow\b|\bmore\s+than\b|\bless\s+than\b|\brbac\b|\bencrypt\w*|\bttl\b|\bopt-?in\b|
    \bevents?\b|\bwarnings?\b|\bcap(?:ped|s)?\b|\bquotas?\b|\bwebhooks?\b|\badmission\b"""
)
_MITIGATION_LABEL = re.compile(r"(?i)^\W*mitigations?\W*[:\-\u2013\u2014]\s*(?P<rest>.*)$", re.S)
_PROBLEM = re.compile(
    r"(?i)\b(?:issues?|risks?|problems?|concerns?|may|might|could|can|must|lose|loss|fail\w*|"
    r"break\w*|not\s+namespaced)\b"
)
_SENTENCE = re.compile(r"(?<=[.!?])\s+(?=\S)")
_ROLLBACK_QUESTION = re.compile(
    r"(?i)metrics?\s+should\s+inform\s+a\s+roll-?back|rollback\s+signals?"
)
# Words that size a change without a number: "a significant increase", "errors are high".
_UNSIZED = re.compile(
    r"(?i)\b(?:significant(?:ly)?|large|huge|sudden|unusual|unexpected(?:ly)?|excessive|"
    r"abnormal|noticeable|too\s+(?:high|low|many)|high|higher|spikes?|compare|see\s+if)\b"
)
_THRESHOLD = re.compile(
    r"(?i)\d|\bexceed\w*|\babove\b|\bbelow\b|\bmore\s+than\b|\bless\s+than\b|\bover\b|[<>≥≤]|"
    r"\bany\s+(?:increase|errors?|failures?)\b|\bnon-?zero\b|\bspikes?\s+to\b"
)


class MitigationChecker:
    rules = (MITIGATION,)

    def check(self, context: CheckContext) -> Iterator[Finding]:
        document = context.document
        risks = sections.find(document, context.template, "risks", context.matcher)
        if risks is not None:
            units = _units(document, risks)
            shipped = progress(context).done
            for unit in units:
                found = list(_judge(context, unit, require_answer=True))
                if not found:
                    found = list(_unanswered_issues(context, unit))
                if not found:
                    found = list(_gate_only(context, unit))
                if not found and shipped:
                    found = list(_hedged(context, unit))
                yield from found
            if not _mitigations_apart(document, risks):
                yield from _unanswered_list(context, risks, units)
                own = sections.blocks(document, risks, own_only=True)
                if own and own[0].kind is BlockKind.PARAGRAPH:
                    # "There are several issues here:" opening the section, then its list
                    yield from _unanswered_issues(context, own)
        drawbacks = sections.find(document, context.template, "drawbacks", context.matcher)
        if drawbacks is not None and (risks is None or drawbacks.line != risks.line):
            for unit in _units(document, drawbacks):
                yield from _judge(context, unit, require_answer=False)
        yield from _rollback_signals(context)


def _units(document: Document, region: Region) -> list[list[ProseBlock]]:
    """The risks of a region: its top-level list items with what is nested under them, else
    its subsections, else the region as a whole."""
    own = sections.blocks(document, region, own_only=True)
    listed = [b for b in own if b.kind is BlockKind.LIST_ITEM]
    if listed:
        top = min(block.depth for block in listed)
        units: list[list[ProseBlock]] = []
        for block in own:
            if block.kind is BlockKind.LIST_ITEM and block.depth == top:
                units.append([block])
            elif units and (block.kind is BlockKind.LIST_ITEM or block.line > units[-1][-1].line):
                units[-1].append(block)
        return units
    children = sections.children(document, region)
    if children and not any("mitigat" in child.title.lower() for child in children):
        return [
            [b for b in document.blocks_in(child) if b.kind is not BlockKind.HEADING]
            for child in children
        ]
    every = sections.blocks(document, region)
    return [every] if every else []


def _judge(
    context: CheckContext,
    unit: Sequence[ProseBlock],
    *,
    require_answer: bool,
) -> Iterator[Finding]:
    document = context.document
    if not unit:
        return
    labelled = [(b, _MITIGATION_LABEL.match(b.text)) for b in unit]
    named = [(b, m) for b, m in labelled if m is not None]
    if named:
        block, found = named[0]
        rest = found.group("rest").strip() if found else ""
        first = _SENTENCE.split(rest)[0] if rest else ""
        if first and _VAGUE.search(first) and not _CONCRETE.search(first):
            yield context.finding(
                MITIGATION,
                *_line_span(document, block),
                f"the mitigation is only '{_clip(first)}': name what limits the risk (a "
                "mechanism, a number, a condition to act on)",
            )
        return
    statements = [
        sentence
        for block in unit
        for sentence in _SENTENCE.split(_source(document, block))
        if not sentence.rstrip(" )*_").endswith("?")
    ]
    questions = [
        b for b in unit[1:] if b.text.rstrip(" )*_").endswith("?") and b.depth > unit[0].depth
    ]
    text = " ".join(statements)
    if not require_answer and not _RISKY.search(" ".join(b.text for b in unit)):
        return  # a drawback that names no risk needs no mitigation
    if not _CONCRETE.search(text):
        for block in unit:
            vague = _VAGUE.search(_source(document, block))
            if vague is not None:
                found = vague
                start = _line_start(document, block) + found.start()
                said = _clip(_sentence_at(_source(document, block), found.start()))
                yield context.finding(
                    MITIGATION,
                    *document.index.line_span(document.position(start)[0]),
                    f"this risk is answered only by '{said}': name what limits it (a "
                    "mechanism, a number, a condition to act on)",
                )
                return
        if questions and len(unit) > 1:
            yield context.finding(
                MITIGATION,
                *_line_span(document, questions[0]),
                f"this risk is answered only by a question ('{_clip(questions[0].text)}'): "
                "decide, and name what limits it",
            )
            return


# A risk listed in a line or two with nothing under it; longer prose usually argues its case.
MAX_BARE_RISK_WORDS = 30
_RISKY = re.compile(r"(?i)\b(?:risks?|danger\w*|concerns?|diverg\w*|could\s+(?:break|fail))\b")


# "There are several issues here:" introducing a list of problems.
_ISSUES_INTRO = re.compile(
    r"(?i)\b(?:issues?|risks?|problems?|concerns?|caveats?|limitations?|pitfalls?|challenges?)\b"
    r"[^.:]{0,40}:\s*$"
)


_SETTLED = re.compile(r"(?i)\b(?:fixed|resolved|closed|solved|addressed|known\s+workarounds?)\b")


def _unanswered_issues(context: CheckContext, unit: Sequence[ProseBlock]) -> Iterator[Finding]:
    """A risk that lists its problems ("There are several issues here:" and a list) and
    answers none of them: nothing in the list or after it mitigates, limits or argues."""
    document = context.document
    for position, intro in enumerate(unit):
        if intro.kind is BlockKind.HEADING or not _ISSUES_INTRO.search(intro.text):
            continue
        if _ANSWER.search(intro.text) or _SETTLED.search(intro.text):
            return  # "To mitigate this risk:", "Fixed issues:": the list is the answer
        rest = unit[position + 1 :]
        listed = [b for b in rest if b.kind is BlockKind.LIST_ITEM]
        if len(listed) < 2 or rest[0].kind is not BlockKind.LIST_ITEM:
            return
        if any(_ANSWER.search(_source(document, block)) for block in rest):
            return
        if not all(3 <= len(block.text.split()) <= MAX_BARE_RISK_WORDS for block in listed):
            return
        yield context.finding(
            MITIGATION,
            *_line_span(document, intro),
            f"these {len(listed)} issues have no mitigation: say what limits each one, or why "
            "it is acceptable",
        )
        return


# A risk to upgrades, downgrades or rollbacks, answered by the feature gate alone.
_ROLLBACK_RISK = re.compile(
    r"(?i)\b(?:upgrades?|downgrad\w*|roll(?:ing|ed)?[ -]?backs?|roll\s+back)\b[^.]{0,80}?"
    r"\b(?:break\w*|fail\w*|incompatib\w*|corrupt\w*)|\b(?:break\w*|fail\w*)\b[^.]{0,60}?"
    r"\b(?:upgrades?|downgrad\w*|roll(?:ing|ed)?[ -]?backs?|roll\s+back)\b"
)
_GATE = re.compile(r"(?i)\bfeature[ -]?(?:gates?|flags?|toggles?)\b|\bgated\b")


def _gate_only(context: CheckContext, unit: Sequence[ProseBlock]) -> Iterator[Finding]:
    """A risk that upgrades or rollbacks break, answered only by the feature gate: turning a
    gate off does not undo what was written while it was on, and the answer does not say what
    becomes of it."""
    document = context.document
    text = " ".join(_source(document, block) for block in unit)
    risk = _ROLLBACK_RISK.search(text)
    if risk is None or _GATE.search(text) is None:
        return
    answer = text[risk.end() :]
    if _GATE.search(answer) is None or says_what_remains(answer):
        return
    if len(text.split()) > 2 * MAX_BARE_RISK_WORDS + 20:
        return  # a longer risk argues its case in ways a pattern does not read
    block = next(b for b in unit if _GATE.search(_source(document, b))) if unit else unit[0]
    yield context.finding(
        MITIGATION,
        *_line_span(document, block),
        "the feature gate is the only answer to a risk for upgrades or rollbacks: turning it off "
        "does not undo what was written while it was on; say what becomes of it",
    )


# A mitigation named only as a possibility: "A possible mitigation is to ...", "could be
# mitigated by ...".
_HEDGED = re.compile(
    r"(?i)\b(?:an?|one|another)\s+possible\s+mitigation\b|\b(?:could|might|may)\s+(?:\w+\s+)?"
    r"be\s+mitigated\b|\b(?:could|might|may)\s+mitigate\b|\bmitigation\s+(?:could|might|may)\s+be\b"
)


def _hedged(context: CheckContext, unit: Sequence[ProseBlock]) -> Iterator[Finding]:
    """In a design that says it shipped, a mitigation still named only as a possibility."""
    document = context.document
    for block in unit:
        source = _source(document, block)
        found = _HEDGED.search(source)
        if found is None:
            continue
        state = progress(context)
        said = _clip(_sentence_at(source, found.start()))
        start = _line_start(document, block) + found.start()
        yield context.finding(
            MITIGATION,
            *document.index.line_span(document.position(start)[0]),
            f"the design says it shipped {state.describe()} but this mitigation is only "
            f"possible ('{said}'): say whether it was done",
        )
        return


def _line_start(document: Document, block: ProseBlock) -> int:
    return document.index.line_span(block.line)[0]


def _sentence_at(text: str, offset: int) -> str:
    starts = [m.end() for m in _SENTENCE.finditer(text) if m.end() <= offset]
    start = starts[-1] if starts else 0
    following = _SENTENCE.search(text, offset)
    end = following.start() if following is not None else len(text)
    return text[start:end]


def _unanswered_list(
    context: CheckContext, region: Region, units: Sequence[Sequence[ProseBlock]]
) -> Iterator[Finding]:
    """A risks section that is only a list of one-line risks, none of them answered."""
    document = context.document
    if "risk" not in region.title.lower():
        return  # a failure-modes list says what happens in each case; that is its answer
    own = sections.blocks(document, region)
    if not own or any(block.kind is not BlockKind.LIST_ITEM for block in own):
        return
    if not units or any(len(unit) != 1 for unit in units):
        return
    for unit in units:
        text = _source(document, unit[0])
        words = len(unit[0].text.split())
        if not 3 <= words <= MAX_BARE_RISK_WORDS or _ANSWER.search(text):
            return
    if not any(_PROBLEM.search(unit[0].text) for unit in units):
        return
    count = len(units)
    yield context.finding(
        MITIGATION,
        *_line_span(document, units[0][0]),
        f"{'this risk has' if count == 1 else f'these {count} risks have'} no mitigation: say "
        "what limits each one or why it is acceptable",
    )


def _mitigations_apart(document: Document, region: Region) -> bool:
    """The risks are answered in a part of their own: a 'Mitigation:' label in the section, or
    a 'Mitigations' heading after it."""
    body = "\n".join(block.text for block in sections.blocks(document, region))
    if re.search(r"(?i)\bmitigat\w*\s*:", body):
        return True
    following = [s for s in document.headings if s.line > region.end_line][:1]
    return bool(following and "mitigat" in following[0].title.lower())


def _rollback_signals(context: CheckContext) -> Iterator[Finding]:
    """An answer to "What specific metrics should inform a rollback?" with no threshold."""
    document = context.document
    blocks = document.blocks
    for position, block in enumerate(blocks):
        question = block.text if block.kind is BlockKind.HEADING else block.text.split("?")[0]
        if not _ROLLBACK_QUESTION.search(question):
            continue
        answer: list[ProseBlock] = []
        for following in blocks[position + 1 :]:
            if following.kind is BlockKind.HEADING or following.text.rstrip(" *_").endswith("?"):
                break
            answer.append(following)
        if block.kind is not BlockKind.HEADING and "?" in block.text:
            rest = block.text.split("?", 1)[1].strip()
            if rest:
                answer.insert(0, block)
        if not answer:
            continue
        text = " ".join(_source(document, b) for b in answer)
        words = len(text.split())
        if words < 4 or _THRESHOLD.search(text) or re.match(r"(?i)^\W*(?:n/?a|none|no)\b", text):
            continue
        if _UNSIZED.search(text) is None:
            continue  # names what to watch; how much is a matter of judgement
        yield context.finding(
            MITIGATION,
            *_line_span(document, answer[0]),
            "the rollback signals name no threshold: say at what value of each metric to roll "
            "back ('error rate above 1% for 10 minutes')",
        )


def _source(document: Document, block: ProseBlock) -> str:
    """The block as written, code spans kept, from the start of its first line."""
    _, end = block.source_span(0, len(block.text))
    line_start, _ = document.index.line_span(block.line)
    return document.text[line_start:end]


def _line_span(document: Document, block: ProseBlock) -> tuple[int, int]:
    start, end = block.source_span(0, len(block.text))
    return start, min(end, document.index.line_span(block.line)[1])


def _clip(text: str, limit: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 3].rstrip() + "..."
