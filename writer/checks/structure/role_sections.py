"""A postmortem's impact, missing in every form, when no certain template asks for it.

With a template the document certainly follows, the template's sections are demanded
(:mod:`writer.checks.structure.template`). Without one, a postmortem is still asked for the part
every postmortem layout has: what the incident did to its users. The impact is there when the
document has a section, bold label or bullet field for it; when its summary (or its opening
text) says what the incident did ("users could not log in", "the service was down", "all
services returned 503"); or when the report says nothing was found to be affected ("no
evidence that any ... was downloaded"). Only documents taken for a postmortem with reasonable
certainty are read, and neither stubs nor templates.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import PurePath

from writer.checks import sections
from writer.checks.base import CheckContext
from writer.model.document import BlockKind, Document, ProseBlock
from writer.templates.roles import Region

MIN_CONFIDENCE = 0.6  # the kind decision's confidence a document needs to be read
MIN_WORDS = 80  # fewer words of prose than this: a stub, not a postmortem to review
_TEMPLATE_NAME = re.compile(r"(?i)(?:^|[\W_])(?:templates?|readme|index)(?:$|[\W_])")
# A security report's impact stated as none found, anywhere in the text: "we have no evidence
# that any of these crates were downloaded", "no indicators of malicious activity were found".
# A symptom the summary names without the usual words for impact: "all services return status
# 503", "no ingress traffic", "metrics missing", "nodes went NotReady", "alerts were triggered".
_SYMPTOM = re.compile(
    r"(?i)\b(?:return(?:s|ed|ing)?\s+(?:status\s+)?[45]\d\d|missing|halt(?:s|ed)?|unresponsive|"
    r"not\s+(?:being\s+)?(?:shipped|received|routed|delivered|served|processed|responding)|"
    r"no\s+(?:\w+\s+)?(?:traffic|metrics|logs)|notready|crashloopbackoff|"
    r"alerts?\s+(?:were\s+|was\s+)?(?:being\s+)?(?:triggered|fired|firing))\b"
)
# The impact as a plain field of a list or a line of its own: "- Impact: ...", "Impact: ...".
_IMPACT_FIELD = re.compile(
    r"(?im)^[^\S\n]*(?:[-*+][^\S\n]+)?(?:(?:user|customer|business)[^\S\n]+)?impact[^\S\n]*:"
    r"[^\S\n]*[^\s|]"
)
_NONE_FOUND = re.compile(
    r"(?i)\bno\s+evidence\s+that\b|\bno\s+(?:indicators?|indications?|signs?|evidence)\s+of\s+"
    r"(?:any\s+)?(?:malicious|compromise|exploitation|abuse|misuse|unauthori[sz]ed|tampering)"
)


@dataclass(frozen=True)
class MissingRole:
    """Where a missing section belongs, and the message."""

    line: int
    message: str


def missing_impact(context: CheckContext) -> MissingRole | None:
    """The place and message when a postmortem states its impact nowhere."""
    document = context.document
    if context.kind != "postmortem" or not _readable(context):
        return None
    if sections.find(document, context.template, "impact", context.matcher) is not None:
        return None
    if _IMPACT_FIELD.search(document.masked_text):
        return None  # "- Impact: Sends TXIDs to the daemon" in a list of quick facts
    summary = sections.find(document, context.template, "summary", context.matcher)
    blocks = sections.blocks(document, summary) if summary is not None else _opening(document)
    if any(
        sections.tells_impact(s.text) or _SYMPTOM.search(s.text)
        for block in blocks
        for s in block.sentences
    ):
        return None
    if any(_NONE_FOUND.search(block.text) for block in _body(document)):
        return None
    line, where, level = _after_summary(document, summary)
    return MissingRole(
        line,
        "no impact section, and the summary does not say what the incident did to users: "
        f"add a '{'#' * level} Impact' section {where}: who was affected, how many, and for "
        "how long",
    )


def _readable(context: CheckContext) -> bool:
    if context.certainty not in ("configured", "evidence") and context.confidence < MIN_CONFIDENCE:
        return False
    document = context.document
    name = PurePath(document.path).stem if document.path else ""
    if _TEMPLATE_NAME.search(name):
        return False
    words = sum(len(block.text.split()) for block in _body(document))
    return words >= MIN_WORDS


def _body(document: Document) -> list[ProseBlock]:
    return [block for block in document.blocks if block.kind is not BlockKind.HEADING]


def _opening(document: Document) -> list[ProseBlock]:
    """The opening text: the prose before the first heading, or when there is none, the prose
    under the first heading (the title, whatever its level) up to the next."""
    headings = document.headings
    first = headings[0].line if headings else None
    before = [b for b in _body(document) if first is None or b.line < first]
    if before or len(headings) < 1:
        return before
    second = headings[1].line if len(headings) > 1 else None
    return [b for b in _body(document) if second is None or b.line < second]


def _after_summary(document: Document, summary: Region | None) -> tuple[int, str, int]:
    """Where the impact goes: before the heading after the summary (and the title), and the
    level of that heading."""
    headings = document.headings
    after = summary.end_line if summary is not None else 0
    if headings and headings[0].level == 1:
        after = max(after, headings[0].line)
    following = next((h for h in headings if h.line > after), None)
    if following is not None:
        written = f"'{'#' * following.level} {following.title}'"
        return following.line, f"before {written}", following.level
    return max(after, 1), "after the summary", 2
