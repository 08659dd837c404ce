"""Alternatives a reviewer can weigh: at least two of them (doing nothing counts), each with the
reason it lost.

The alternatives are read from the section that names them (a heading with "alternative" in
it wins over a bare "Rationale"): its subsections, else the items of its lists, else bold
labels, else its paragraphs, each paragraph that opens a new option ("We could...", "Another
approach...") starting one. What is not an option is left out: the chosen design's own
subsection, a list of the choice's pros and cons, an item that only introduces the ones below.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator

from writer.checks import sections
from writer.checks.base import CheckContext
from writer.checks.design.analysis import is_deliberate_none, says_why_it_lost
from writer.checks.design.rules import ALTERNATIVES
from writer.checks.design.settings import settings_of
from writer.model.document import BlockKind, Document, ProseBlock
from writer.model.findings import Finding, Severity
from writer.templates.roles import Region

_LABEL = re.compile(r"^\s*(?:\*\*|__)[^*_]{2,80}(?:\*\*|__)")
# A subsection about the design chosen, not an alternative to it.
_CHOSEN = re.compile(
    r"(?i)\b(?:chosen|proposed|selected|recommended|preferred|rationale|our\s+(?:approach|design)|"
    r"this\s+(?:design|proposal|rfc|kep)|prior\s+(?:work|art)|background)\b"
)
# A paragraph that introduces a list of the choice's merits, not of options.
_MERITS = re.compile(
    r"(?i)\b(?:disadvantages?|downsides?|drawbacks?|costs?|benefits?|advantages?|pros|cons|"
    r"trade-?offs?)\b[^.]*:\s*$"
)
# An item that only introduces the options below it.
_INTRODUCES = re.compile(
    r"(?i)\b(?:approaches|options|alternatives)\s+(?:below|that\s+follow)\b|"
    r"\bthe\s+following\s+(?:approaches|options|alternatives)\b"
)
# A paragraph that opens a new option.
_OPENS = re.compile(
    r"(?i)^\W*(?:we\s+could|one\s+(?:could|alternative|option)|another\s+(?:alternative|option|"
    r"approach|way)|an\s+alternative|alternatively|instead\s+of|the\s+(?:main|obvious|default)\s+"
    r"alternative|(?:a|the)\s+(?:simpler|different|more\s+\w+)\s+(?:alternative|approach|option)|"
    r"not\s+doing\s+(?:this|anything)|do\s+nothing|(?:it\s+)?would\s+(?:also\s+)?(?:be\s+)?"
    r"possible\s+to|we\s+(?:could|might)\s+also)\b"
)
# Headings under which a proposal may weigh the options it did not take.
_WEIGHING_TITLE = re.compile(
    r"(?i)\b(?:rationale|discussion|design\s+(?:decisions?|choices?|considerations?)|trade-?\s?offs?|"
    r"why\s+not\b|why\s+[\w.-]+\s*\?|considered\b)"
)
# Text that weighs another option: "we considered", "an alternative", "instead of", "rather than".
_WEIGHS_OPTIONS = re.compile(
    r"(?i)\b(?:we\s+(?:also\s+)?(?:considered|looked\s+at|evaluated|rejected)|alternatives?\b|"
    r"instead\s+of|another\s+(?:option|approach|way)|(?:was|were)\s+(?:considered|"
    r"rejected|reviewed|compared|evaluated|assessed)|could\s+(?:instead|also)\b)"
)
# Stronger than _WEIGHS_OPTIONS (where "alternative definitions" may be no option at all): a
# phrase that raises an option the proposal did not take.
_OTHER_OPTIONS = re.compile(
    r"(?i)\b(?:we\s+(?:also\s+)?(?:considered|looked\s+at|evaluated|rejected)|another\s+"
    r"(?:alternative|option|approach)|an\s+alternative\s+(?:option|approach|would|is|was)|"
    r"(?:was|were)\s+(?:considered|rejected)|we\s+(?:may|might|could)\s+(?:instead|also)|"
    r"(?:option|approach)\s+we\s+(?:did\s+not|didn['’]t)\s+take)\b"
)
# "We could allow X, but we shouldn't.": an option raised and turned down in one breath, with
# nothing after the refusal to say why.
_BARE_REFUSAL = re.compile(
    r"""(?ix)\b(?:we|one|you)\s+(?:could|can|might|may)\s+(?:also\s+)?[^.?!]{3,150}?,?\s+but\s+
    (?:we|one|you)\s+(?:shouldn['’]t|should\s+not|won['’]t|will\s+not|don['’]t|do\s+not|
    didn['’]t|did\s+not|chose\s+not\s+to|decided\s+not\s+to)
    (?:\s+(?:do\s+(?:so|that|it)|allow\s+(?:it|that)))?\s*[.!]\s*(?P<after>\S.*)?$"""
)
# A heading that names one of several numbered options: "Option 1: ...", "Approach B".
_NUMBERED_OPTION = re.compile(
    r"(?i)^\W*(?:option|approach|alternative|proposal)\s+(?:\d{1,2}|[a-e])\b"
)
_SENTENCES = re.compile(r"[^.!?]*(?:[.!?]+|$)\s*")
MAX_THIN_REASON_WORDS = 3  # "considered too complicated" names a verdict, not a reason


class AlternativesChecker:
    rules = (ALTERNATIVES,)

    def check(self, context: CheckContext) -> Iterator[Finding]:
        document = context.document
        settings = settings_of(context)
        region = _alternatives_region(context)
        if region is None:
            if sum(1 for s in document.headings if _NUMBERED_OPTION.match(s.title)) >= 2:
                return  # "Option 1: ...", "Option 2: ...": the options are the document's sections
            weighing = next((s for s in document.headings if _WEIGHING_TITLE.search(s.title)), None)
            if weighing is not None:
                yield context.finding(
                    ALTERNATIVES,
                    *document.index.line_span(weighing.line),
                    f"'{weighing.title}' argues for the design but weighs no alternative: "
                    "describe at least two (doing nothing counts) and why each lost",
                )
                return
            proposal = sections.find(document, context.template, "proposal", context.matcher)
            where = (
                sections.heading_span(document, proposal)
                if proposal is not None and proposal.form == "heading"
                else _title_span(document)
            )
            yield context.finding(
                ALTERNATIVES,
                *where,
                "no alternatives section: describe at least two alternatives (doing nothing "
                "counts) and why each lost"
                + (f", beside '{proposal.title}'" if proposal is not None else ""),
            )
            return
        text = sections.text(document, region)
        candidates = [] if is_deliberate_none(text) else list(_alternatives(document, region))
        where = sections.heading_span(document, region)
        if re.search(r"(?i)drawback|downside", region.title):
            # "Drawbacks and alternatives": only what opens an option is one.
            candidates = [c for c in candidates if _OPENS.match(c[2])]
            if candidates:
                where = (candidates[0][0], candidates[0][1])
        if len(candidates) < settings.min_alternatives and _weighed_beside(document, region):
            # The options are weighed elsewhere ("Trade-offs"); this section holds prior art.
            yield from _bare_refusals(context, region)
            return
        if len(candidates) < settings.min_alternatives:
            count = len(candidates)
            yield context.finding(
                ALTERNATIVES,
                *where,
                f"{count} alternative{'s' if count != 1 else ''} described: compare at least "
                f"{settings.min_alternatives}, doing nothing included, and say why each lost",
            )
        yield from _bare_refusals(context, region)
        for start, end, title, body in candidates:
            if _chosen_elsewhere(document, region, title):
                continue  # "Chosen option: ...": the option that won, not one that lost
            if not says_why_it_lost(body):
                body = _weighed_elsewhere(document, region, title) or body
            if not says_why_it_lost(body):
                yield context.finding(
                    ALTERNATIVES,
                    start,
                    end,
                    "this alternative does not say why it was not chosen: give the reason it lost",
                    severity=Severity.SUGGESTION,  # wording varies too much to be sure
                )
                continue
            reason = body[len(title) :].strip() if body.startswith(title) else ""
            if reason and len(reason.split()) <= MAX_THIN_REASON_WORDS and "\n" not in reason:
                yield context.finding(
                    ALTERNATIVES,
                    start,
                    end,
                    f"this alternative lost in {len(reason.split())} words ('{reason}'): say "
                    "why, measured against the goals",
                    severity=Severity.SUGGESTION,
                )


def _bare_refusals(context: CheckContext, region: Region) -> Iterator[Finding]:
    """Outside the alternatives, an option turned down with no reason ("we could allow X, but
    we shouldn't."): the refusal is the last word of its sentence, and the next sentence does
    not say why."""
    document = context.document
    for block in document.blocks:
        if block.kind not in (BlockKind.PARAGRAPH, BlockKind.LIST_ITEM):
            continue
        if region.line <= block.line <= region.end_line:
            continue
        text = block.text
        for split in _SENTENCES.finditer(text):
            found = _BARE_REFUSAL.search(split.group())
            if found is None or found.group("after"):
                continue
            rest = text[split.end() :]
            if says_why_it_lost(rest[:160]) and re.match(
                r"(?i)\W*(?:because|since|as|this|that|it|doing\s+so)\b", rest
            ):
                continue
            start, end = block.source_span(split.start() + found.start(), split.end())
            line_end = document.index.line_span(document.position(start)[0])[1]
            said = " ".join(document.text[start:end].split())
            yield context.finding(
                ALTERNATIVES,
                start,
                min(end, line_end),
                f"'{_clip(said)}' turns an option down with no reason: say why it lost, or "
                "move it to the alternatives with its reason",
                severity=Severity.SUGGESTION,
            )


def _weighed_beside(document: Document, region: Region) -> bool:
    """Whether another section ("Trade-offs", "Rationale") weighs options the proposal did not
    take, so that a thin alternatives section ("Prior art and alternatives") is not the only
    place they are."""
    for section in document.headings:
        if region.line <= section.line <= region.end_line:
            continue
        if (
            _WEIGHING_TITLE.search(section.title)
            and len(_OTHER_OPTIONS.findall(document.section_text(section))) >= 2
        ):
            return True
    return False


def _clip(text: str, limit: int = 70) -> str:
    return text if len(text) <= limit else text[: limit - 3].rstrip() + "..."


def _alternatives_region(context: CheckContext) -> Region | None:
    """The section of alternatives: a heading that says "alternative" first (so a bare
    "Rationale" heading is not taken for it), else the role's usual names."""
    document = context.document
    found = sections.find(document, context.template, "alternatives", context.matcher)
    if found is not None and re.search(r"(?i)alternative|option|approach", found.title):
        return found
    for section in document.headings:
        if re.search(r"(?i)\balternatives?\b", section.title):
            return sections.of_section("alternatives", section)
    if found is not None:
        return found
    # "Rationale", "Design decisions", "Trade-offs": where a proposal weighs the options it
    # did not take, when its text says so.
    for section in document.headings:
        if _WEIGHING_TITLE.search(section.title):
            region = sections.of_section("alternatives", section)
            if _WEIGHS_OPTIONS.search(sections.text(document, region)):
                return region
    return None


# A sentence that states the choice: "Chosen option: ...", "We decided to use ...".
_CHOICE = re.compile(
    r"(?i)\b(?:chosen\s+option|we\s+(?:chose|choose|picked|selected|decided|will\s+use|go\s+with)|"
    r"(?:was|is)\s+(?:chosen|selected|picked)|decision\s+outcome)\b"
)
_WEIGHING_PARENT = re.compile(
    r"(?i)\bpros\b|\bcons\b|trade-?\s?offs?|comparison|options|alternatives|evaluation"
)
_TITLE_MATCH = 88  # rapidfuzz ratio above which a heading or sentence names the option


def _chosen_elsewhere(document: Document, region: Region, title: str) -> bool:
    """Whether a sentence outside the options states this option as the one chosen."""
    from rapidfuzz import fuzz

    name = _option_name(title)
    if len(name) < 3:
        return False
    for block in document.blocks:
        if region.line <= block.line <= region.end_line or not _CHOICE.search(block.text):
            continue
        for found in _CHOICE.finditer(block.text):
            after = block.text[found.end() : found.end() + len(name) + 40]
            if fuzz.partial_ratio(name.lower(), after.lower()) >= _TITLE_MATCH:
                return True
    return False


def _weighed_elsewhere(document: Document, region: Region, title: str) -> str | None:
    """The text of a section elsewhere that is headed by this option's name ("Pros and Cons
    of the Options" then "### RabbitMQ"), or None."""
    from rapidfuzz import fuzz

    name = _option_name(title).lower()
    if len(name) < 3:
        return None
    for section in document.headings:
        if region.line <= section.line <= region.end_line:
            continue
        parent = document.sections[section.parent] if section.parent is not None else None
        if parent is None or not _WEIGHING_PARENT.search(parent.title):
            continue  # a part of the design with the option's name, not where options are weighed
        heading = _option_name(section.title).lower()
        if heading and fuzz.ratio(name, heading) >= _TITLE_MATCH:
            return section.title + "\n" + document.section_text(section)
    return None


def _option_name(title: str) -> str:
    """An option's name: its title without marks, quotes, what follows a colon or a closing
    remark in brackets."""
    name = re.sub(r"[`*_\"'“”]", "", title)
    name = re.sub(r"(?i)^\s*(?:option|alternative)\s+\w{1,2}\s*[-–—.:)]?\s*", "", name)
    name = name.split(":", 1)[0]
    name = re.sub(r"\s*\([^()]*\)\s*$", "", name) or name  # "Cloud Tasks (push based)"
    return " ".join(name.split())


def _alternatives(document: Document, region: Region) -> Iterator[tuple[int, int, str, str]]:
    """(start, end, title, body) of each alternative the region describes."""
    children = [c for c in sections.children(document, region) if not _CHOSEN.search(c.title)]
    if sections.children(document, region):
        for child in children:
            start, end = sections.heading_span(document, child)
            yield start, end, child.title, child.title + "\n" + document.section_text(child)
        if children:
            return
    blocks = sections.blocks(document, region, own_only=True)
    listed = _option_items(blocks)
    if listed:
        yield from listed
        return
    labelled = [b for b in blocks if _starts_with_label(document, b)]
    if len(labelled) >= 2:
        yield from _grouped(blocks, lambda b: b in labelled)
        return
    if any(_OPENS.match(b.text) for b in blocks):
        yield from _grouped(blocks, lambda b: bool(_OPENS.match(b.text)) or b is blocks[0])
        return
    if blocks:
        # Prose with no marks: each paragraph may weigh another option; judge on the whole.
        body = "\n".join(b.text for b in blocks)
        for block in blocks:
            yield (*_span(block), _first_line(block), body)


def _option_items(blocks: list[ProseBlock]) -> list[tuple[int, int, str, str]]:
    """The top-level items of the lists that list options (not merits), each with what is
    nested under it; an item that only introduces the ones below is left out."""
    out: list[tuple[int, int, str, str]] = []
    skipping = False
    top = min((b.depth for b in blocks if b.kind is BlockKind.LIST_ITEM), default=0)
    for block in blocks:
        if block.kind is not BlockKind.LIST_ITEM:
            skipping = bool(_MERITS.search(block.text.strip()))
            continue
        if skipping:
            continue
        if block.depth == top:
            if _INTRODUCES.search(block.text) and not says_why_it_lost(block.text):
                continue
            out.append((*_span(block), _first_line(block), block.text))
        elif out:
            start, end, title, body = out[-1]
            out[-1] = (start, end, title, body + "\n" + block.text)
    return out


def _grouped(
    blocks: list[ProseBlock], opens: Callable[[ProseBlock], bool]
) -> Iterator[tuple[int, int, str, str]]:
    """Blocks grouped into options, a new one at each block ``opens`` accepts."""
    current: list[ProseBlock] = []
    for block in blocks:
        if opens(block) and current:
            yield (*_span(current[0]), _first_line(current[0]), "\n".join(b.text for b in current))
            current = []
        current.append(block)
    if current:
        yield (*_span(current[0]), _first_line(current[0]), "\n".join(b.text for b in current))


def _first_line(block: ProseBlock) -> str:
    return block.text.split("\n", 1)[0]


def _span(block: ProseBlock) -> tuple[int, int]:
    first_line_end = block.text.find("\n")
    return block.source_span(0, first_line_end if first_line_end != -1 else len(block.text))


def _starts_with_label(document: Document, block: ProseBlock) -> bool:
    start, _ = document.index.line_span(block.line)
    return _LABEL.match(document.text[start : start + 200]) is not None


def _title_span(document: Document) -> tuple[int, int]:
    for section in document.headings:
        return sections.heading_span(document, section)
    return document.index.line_span(1)
