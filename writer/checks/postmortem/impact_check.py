"""Where a postmortem states its impact, and whether it is measured there.

The impact is read from the impact section (a heading, a bold label or a bullet field) when
there is one. Otherwise it is read from the summary (or the untitled opening text), but only
when the summary says what the incident did ("users could not log in", "the service was
down"): a summary that only tells the cause leaves the impact to the structure checks.
"""

from __future__ import annotations

from writer.checks import sections
from writer.checks.base import CheckContext
from writer.checks.postmortem.impact import quantified, states_impact, vague_words
from writer.model.document import BlockKind, Document, ProseBlock
from writer.templates.roles import Region

_ASK = "how many users, requests or builds, what share or error rate, for how long"


def _short(text: str, limit: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 3] + "..."


def _opening_blocks(document: Document) -> list[ProseBlock]:
    """The prose before a document's first heading (front matter and code left out)."""
    first = min((section.line for section in document.headings), default=None)
    return [
        block
        for block in document.blocks
        if block.kind is not BlockKind.HEADING and (first is None or block.line < first)
    ]


def _statement(
    document: Document, blocks: list[ProseBlock], *, need_cue: bool
) -> tuple[int, int, str] | None:
    """The first sentence that states the impact (its span and text); without ``need_cue``,
    the first sentence with a vague stand-in, else the first sentence."""
    first: tuple[int, int, str] | None = None
    for block in blocks:
        for sentence in block.sentences:
            if not sentence.text.strip():
                continue
            start, end = block.source_span(sentence.start, sentence.end)
            found = (start, end, sentence.text)
            if first is None:
                first = found
            if states_impact(sentence.text) or (not need_cue and vague_words(sentence.text)):
                return found
    return None if need_cue else first


def unquantified_impact(context: CheckContext) -> tuple[int, int, str] | None:
    """The span and message of an impact that gives no figure, or None."""
    document = context.document
    region: Region | None = sections.find(document, context.template, "impact", context.matcher)
    if region is not None:
        blocks = [
            block
            for block in sections.blocks(document, region)
            if block.text.strip().rstrip(":").lower() != region.title.strip().lower()
        ]
        text = "\n\n".join(block.text for block in blocks)
        if not text.strip() or quantified(text):
            return None  # an empty section is the structure checks' business
        where = f"the impact ('{_short(region.title, 30)}')"
        found = _statement(document, blocks, need_cue=False)
    else:
        summary = sections.find(document, context.template, "summary", context.matcher)
        if summary is not None:
            blocks = sections.blocks(document, summary)
            title = _short(summary.title, 30)
            where = f"the summary ('{title}'), the only place the impact is told,"
            if summary.form == "untitled":
                where = "the opening text, the only place the impact is told,"
        else:
            blocks = _opening_blocks(document)
            where = "the opening text, the only place the impact is told,"
        text = "\n\n".join(block.text for block in blocks)
        if not text.strip() or quantified(text):
            return None
        found = _statement(document, blocks, need_cue=True)
    if found is None:
        return None
    start, end, sentence = found
    vague = vague_words(sentence)
    said = f"'{vague}'" if vague else f"'{_short(sentence)}'"
    line = document.position(start)[0]
    end = min(end, document.index.line_span(line)[1])
    message = (
        f"{where} gives no figure: {said} (line {line}) says what happened, not how much; "
        f"give {_ASK}"
    )
    return start, end, message
