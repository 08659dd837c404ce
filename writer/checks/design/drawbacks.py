"""Drawbacks that were not weighed: "None" for a change the document itself shows has costs, a
claim that there are no downsides, or a single one-line drawback beside a list of risks."""

from __future__ import annotations

import re
from collections.abc import Iterator

from writer.checks import sections
from writer.checks.base import CheckContext
from writer.checks.design.claims import failure_evidence
from writer.checks.design.rules import DRAWBACKS
from writer.model.document import BlockKind
from writer.model.findings import Finding

# "None.", "N/A", "There are no drawbacks": nothing weighed.
_NONE = re.compile(
    r"(?i)^\W*(?:none|n/?a|not\s+applicable|nothing|no\s+(?:known\s+)?(?:drawbacks?|downsides?|"
    r"cons)|there\s+are\s+no\s+(?:known\s+)?(?:drawbacks?|downsides?))\b"
)
# "unlikely to lead to any issues", "no meaningful downsides": the same, argued.
_ARGUED_NONE = re.compile(
    r"(?i)\b(?:unlikely\s+to\s+(?:lead\s+to|cause)\s+any\s+(?:issues?|problems?)|"
    r"(?:no|not\s+any|don't\s+appear\s+to\s+be\s+any)\s+(?:meaningful\s+|real\s+|significant\s+)?"
    r"(?:drawbacks?|downsides?)|no\s+(?:known\s+)?drawbacks?)\b"
)
MAX_THIN_WORDS = 15  # a drawback this short, alone, beside a list of risks, was not weighed
MIN_RISKS = 2


class DrawbacksChecker:
    rules = (DRAWBACKS,)

    def check(self, context: CheckContext) -> Iterator[Finding]:
        document = context.document
        region = sections.find(document, context.template, "drawbacks", context.matcher)
        if region is None or "alternative" in region.title.lower():
            return
        blocks = sections.blocks(document, region)
        if not blocks:
            return  # an empty section is structure.empty-section's
        text = " ".join(" ".join(block.text.split()) for block in blocks)
        first = blocks[0]
        start, end = first.source_span(0, len(first.text))
        end = min(end, document.index.line_span(first.line)[1])
        if _NONE.match(text) or _ARGUED_NONE.search(text):
            found = failure_evidence(context, region.section.index if region.section else -1)
            if found is not None:
                yield context.finding(
                    DRAWBACKS,
                    start,
                    end,
                    f"'{region.title}' says there are none, but line {found.line} says "
                    f"'{_clip(found.quote, 80)}': list that cost, and who pays it",
                )
            elif _ARGUED_NONE.search(text):
                yield context.finding(
                    DRAWBACKS,
                    start,
                    end,
                    f"'{region.title}' argues there are no downsides: every change has some "
                    "(code to maintain, behaviour that surprises someone, a migration); list them",
                )
            return
        risks = sections.find(document, context.template, "risks", context.matcher)
        if risks is None or risks.line == region.line:
            return
        risk_items = [
            block
            for block in sections.blocks(document, risks)
            if block.kind is BlockKind.LIST_ITEM and block.depth <= 1
        ]
        if (
            len(blocks) == 1
            and len(text.split()) <= MAX_THIN_WORDS
            and len(risk_items) >= MIN_RISKS
        ):
            yield context.finding(
                DRAWBACKS,
                start,
                end,
                f"one short drawback, while '{risks.title}' lists {len(risk_items)} risks: weigh "
                "the costs of the change here too",
            )


def _clip(text: str, limit: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 3].rstrip() + "..."
