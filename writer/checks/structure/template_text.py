"""The template's own text left in a document: its guidance, its examples, its unfilled fields.

The template's text comes from the template the document is checked against (each section's
guidance and skeleton) and from the template file the team copies, when it is found in the
document's repository (:mod:`writer.templates.sources`), guidance in HTML comments included.
Each paragraph, list item and table cell of the document is compared, with rapidfuzz, with the
template's text under the same section (or the section above it); one finding covers a run of
such blocks. What a template asks authors to keep is left alone: its questions (answered below
them), a ticked option, and the items of a checklist.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from writer.checks.base import CheckContext
from writer.model.document import BlockKind, Document, ProseBlock, Section
from writer.model.findings import Finding, Severity
from writer.model.headings import normalise
from writer.model.rules import RuleMeta

if TYPE_CHECKING:
    from writer.templates.spec import TemplateSpec

TEMPLATE_TEXT = RuleMeta(
    id="structure.template-text",
    severity=Severity.WARNING,
    summary="The template's own guidance, example or empty field left in the document.",
    explanation=(
        "Text copied from the template ('Describe the mechanism:', 'This section must be "
        "completed when targeting beta', 'Gather feedback from developers and surveys') tells "
        "the reader nothing about this design, and hides what is still missing. Each paragraph, "
        "list item and table cell is compared with the template's text under the same section: "
        "the guidance and skeleton of the template the document is checked against, and the "
        "template file the team copies when it is found in the repository (a file named like "
        "'0000-template.md' or 'TEMPLATE.md' in the document's folder or a folder above it, or "
        "one the template names under 'sources:'), its HTML comments included. Write this "
        "document's own answer, or delete the template's text. The template's questions, a "
        "ticked option and a checklist's items are left alone."
    ),
    good="## Test plan\n\nUnit tests in `pkg/quota/limit_test.go` cover the new limit.",
    bad="## Test plan\n\nDescribe how the change will be tested and what coverage is expected.",
    source="built-in",
)

THRESHOLD = 90.0  # rapidfuzz ratio (0-100) at or above which a block is the template's text
# Shorter template lines ("All times in UTC.") may stay as they are; an empty field ("Metric
# name:") of two words or more is compared.
MIN_WORDS = 6
MIN_FIELD_WORDS = 2
_CHECKBOX = re.compile(r"^\s*\[([ xX])\]\s*")
_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)|\[([^\]]*)\]\[[^\]]*\]")
_MARKUP = re.compile(r"[*_`~]+|<br\s*/?>|\\(?=[^\w\s])")
_SPACES = re.compile(r"\s+")
_TRAILING = re.compile(r"[\s.,;:!]+$")
# A table of contents entry: a list item that is one link to a heading.
_TOC_ENTRY = re.compile(r"^\s*(?:[-*+]\s+)?\[[^\]]*\]\(#[^)]*\)\s*$")


@dataclass(frozen=True)
class Unit:
    """One piece of the template's text: a paragraph, list item or table cell."""

    text: str  # normalised, for comparing
    shown: str  # as written, for the message
    sections: tuple[str, ...]  # normalised titles of its section and those above it
    origin: str  # the template file's name, or "template <id>"
    field: bool = False  # a label waiting for a value ("Metric name:")


@dataclass(frozen=True)
class Hit:
    block: ProseBlock
    unit: Unit
    score: float


def normalised(text: str, *, keep_end: bool = False) -> str:
    """Text as the comparison reads it: links by their text, no emphasis or code marks, one
    space between words, lower case, no checkbox and (unless ``keep_end``) no trailing
    punctuation."""
    text = _LINK.sub(lambda m: m.group(1) or m.group(2) or "", text)
    text = _CHECKBOX.sub("", text)
    text = _MARKUP.sub("", text)
    text = _SPACES.sub(" ", text).strip().lower()
    return text if keep_end else _TRAILING.sub("", text)


def is_question(text: str) -> bool:
    return text.rstrip(" *_)").endswith("?")


# An instruction to the author ("Describe them, providing:"), not a label for a value.
_INSTRUCTION = re.compile(
    r"(?i)^\W*(?:describe|list|explain|fill|provide|include|give|add|write|pick|choose|think|"
    r"consider|focus|summari[sz]e|outline|discuss|state|mention|link|document|replace|delete)\b"
)


MAX_FIELD_WORDS = 7


def _is_field(text: str) -> bool:
    """A label waiting for a value ("Metric name:"): a few words ending in a colon, not an
    instruction ("Describe them, providing:")."""
    stripped = text.rstrip()
    return (
        stripped.endswith(":")
        and len(stripped.split()) <= MAX_FIELD_WORDS
        and _INSTRUCTION.match(stripped) is None
    )


# -- the template's text -----------------------------------------------------------------------


def document_units(template: Document, origin: str) -> list[Unit]:
    """Every piece of a template file's text, visible or in comments, with its section."""
    from writer.model.document import parse

    units: list[Unit] = []
    for block in template.blocks:
        if block.kind is BlockKind.HEADING:
            continue
        section = template.sections[block.section]
        chain = _chain(template, section)
        if _in_checklist(template, section) or _header_cell(template, block):
            continue
        cell = block.kind is BlockKind.TABLE_CELL
        units.extend(_unit(_block_source(template, block), chain, origin, cell=cell))
    for comment in template.comments:
        section = template.section_at(comment.start)
        chain = _chain(template, section)
        if _in_checklist(template, section):
            continue
        inner = parse(comment.body)
        for block in inner.blocks:
            inner_section = inner.sections[block.section]
            # A heading inside a comment ("#### Alpha" in an example) starts a nested section.
            nested = tuple(normalise(s.title) for s in _ancestry(inner, inner_section) if s.title)
            units.extend(_unit(_block_source(inner, block), (*nested, *chain), origin))
    return units


def spec_units(spec: TemplateSpec) -> list[Unit]:
    """Each section's guidance and skeleton, under the section's names."""
    units: list[Unit] = []
    origin = f"template '{spec.id}'"
    for section in spec.sections:
        chain = tuple(dict.fromkeys(normalise(name) for name in section.names))
        if section.guidance:
            units.extend(_unit(section.guidance, chain, origin))
        for part in re.split(r"\n\s*\n|\n(?=\s*[-*+|])", section.skeleton):
            stripped = part.strip()
            if stripped.startswith("|"):
                for row in stripped.splitlines()[2:]:  # the header row and its rule left out
                    for cell in row.strip().strip("|").split("|"):
                        units.extend(_unit(cell, chain, origin, cell=True))
            elif stripped:
                units.extend(_unit(re.sub(r"^\s*[-*+]\s+", "", stripped), chain, origin))
    return units


def kept_by_design(source: str) -> bool:
    """Template text authors keep on purpose: a question answered below it (one question; a
    run of them is guidance), an option or a statement to tick (its box, ticked or not), a
    table of contents entry."""
    prompt = is_question(source) and len(_SENTENCE.split(source.strip())) == 1
    return prompt or bool(_CHECKBOX.match(source)) or bool(_TOC_ENTRY.match(source))


def _unit(text: str, chain: tuple[str, ...], origin: str, *, cell: bool = False) -> Iterator[Unit]:
    shown = " ".join(text.split())
    if not shown or kept_by_design(shown):
        return
    field = _is_field(shown)
    key = normalised(shown)
    words = len(key.split())
    instruction = shown.rstrip().endswith(":") and _INSTRUCTION.match(shown) is not None
    short = field or cell or instruction
    if words < (MIN_FIELD_WORDS if short else MIN_WORDS):
        return
    yield Unit(key, shown, chain, origin, field)


_LEAD = re.compile(r"^[ \t>]*(?:[-*+][ \t]+|\d{1,3}[.)][ \t]+)?")


def _block_source(document: Document, block: ProseBlock) -> str:
    """The block as written (links and marks kept), without its bullet or quote marker."""
    _, end = block.source_span(0, len(block.text))
    line_start, line_end = document.index.line_span(block.line)
    end = max(end, min(line_end, len(document.text)))
    if block.kind is BlockKind.TABLE_CELL:
        start, cell_end = block.source_span(0, len(block.text))
        return document.text[start:cell_end]
    text = document.text[line_start:end]
    return text[_LEAD.match(text).end() :]  # type: ignore[union-attr]


def _ancestry(document: Document, section: Section) -> Iterator[Section]:
    current: Section | None = section
    while current is not None:
        yield current
        current = document.sections[current.parent] if current.parent is not None else None


def _chain(document: Document, section: Section) -> tuple[str, ...]:
    return tuple(normalise(s.title) for s in _ancestry(document, section) if s.title)


def _in_checklist(document: Document, section: Section) -> bool:
    return any("checklist" in s.title.lower() for s in _ancestry(document, section))


# -- comparing ---------------------------------------------------------------------------------


class UnitIndex:
    """The template's text by section title, and all of it for blocks under no shared title."""

    def __init__(self, units: Iterable[Unit]) -> None:
        self.by_title: dict[str, list[Unit]] = {}
        self.every: list[Unit] = []
        # Per pool (a list above, by identity) and least word count: its units' statements.
        self._statements: dict[tuple[int, int], _Statements] = {}
        seen: set[tuple[str, tuple[str, ...]]] = set()
        for unit in units:
            if (unit.text, unit.sections) in seen:
                continue
            seen.add((unit.text, unit.sections))
            self.every.append(unit)
            for title in dict.fromkeys(unit.sections):
                self.by_title.setdefault(title, []).append(unit)

    def candidates(self, chain: Sequence[str]) -> list[Unit] | None:
        """The units under the nearest section title the template shares, or None."""
        for title in chain:
            found = self.by_title.get(title)
            if found:
                return found
        return None

    def statements(self, pool: list[Unit], least_words: int) -> _Statements:
        """The whole text and each sentence of the pool's units (not fields) of at least
        ``least_words`` words, made once per pool."""
        key = (id(pool), least_words)
        found = self._statements.get(key)
        if found is None:
            texts: list[str] = []
            owners: list[Unit] = []
            for unit in pool:
                if unit.field:
                    continue
                for part in [unit.text, *_SENTENCE.split(unit.text)]:
                    part = _TRAILING.sub("", part)
                    if len(part.split()) >= least_words:
                        texts.append(part)
                        owners.append(unit)
            found = self._statements[key] = _Statements(tuple(texts), tuple(owners))
        return found


@dataclass(frozen=True)
class _Statements:
    texts: tuple[str, ...]
    units: tuple[Unit, ...]


def best_matches(
    document: Document, index: UnitIndex, threshold: float = THRESHOLD
) -> Iterator[Hit]:
    """Each block of ``document`` whose text is the template's, with the best unit: the whole
    block, or one of its sentences (a question kept with the template's guidance after it)."""
    from rapidfuzz import fuzz

    blocks = document.blocks
    for position, block in enumerate(blocks):
        if block.kind is BlockKind.HEADING or not block.pieces:
            continue
        section = document.sections[block.section]
        if _in_checklist(document, section):
            continue
        if _quoted(document, block) or _header_cell(document, block):
            continue  # quoted on purpose; a table's column names
        source = _block_source(document, block)
        if kept_by_design(source):
            continue
        text = normalised(source)
        if not text:
            continue
        candidates = index.candidates(_chain(document, section))
        pool = candidates if candidates is not None else index.every
        field = _is_field(source) and _empty_field(blocks, position)
        best: tuple[float, Unit] | None = None
        for unit in pool:
            if unit.field and not field:
                continue  # "Metric name: foo" fills the field in
            score = fuzz.ratio(text, unit.text, score_cutoff=threshold)
            if score and (best is None or score > best[0]) and not _filled_in(text, unit.text):
                best = (score, unit)
        if best is None and len(text.split()) > MIN_SENTENCE_WORDS:
            best = _best_sentence(normalised(source, keep_end=True), pool, index, threshold)
        if best is not None:
            yield Hit(block, best[1], best[0])


MIN_SENTENCE_WORDS = 6  # a sentence compared on its own has at least this many words
_SENTENCE = re.compile(r"(?<=[.!?])\s+(?=\S)")
_DIGITS = re.compile(r"\d+")


def _best_sentence(
    text: str, pool: list[Unit], index: UnitIndex, threshold: float
) -> tuple[float, Unit] | None:
    """The best unit for one of the block's statements (not its questions)."""
    from rapidfuzz import fuzz, process

    best: tuple[float, Unit] | None = None
    for raw in _SENTENCE.split(text):
        sentence = _TRAILING.sub("", raw)
        instruction = raw.rstrip().endswith(":") and _INSTRUCTION.match(raw) is not None
        if sentence.endswith("?"):
            continue
        least = MIN_FIELD_WORDS + 1 if instruction else MIN_SENTENCE_WORDS
        if len(sentence.split()) < least:
            continue
        statements = index.statements(pool, least)
        # Every statement scoring above the threshold, best first (the first of equals).
        for _text, score, position in process.extract(
            sentence, statements.texts, scorer=fuzz.ratio, score_cutoff=threshold, limit=None
        ):
            if _filled_in(sentence, statements.texts[position]):
                continue
            if best is None or score > best[0]:
                best = (score, statements.units[position])
            break
    return best


_TABLE_RULE = re.compile(r"^\s*\|?\s*:?-{2,}")


def _header_cell(document: Document, block: ProseBlock) -> bool:
    """A cell of a table's header row (the row above the ``|---|`` line)."""
    if block.kind is not BlockKind.TABLE_CELL or block.line >= document.index.line_count:
        return False
    return _TABLE_RULE.match(document.line_text(block.line + 1)) is not None


def _quoted(document: Document, block: ProseBlock) -> bool:
    return document.line_text(block.line).lstrip().startswith(">")


def _empty_field(blocks: Sequence[ProseBlock], position: int) -> bool:
    """A list item or table cell ending in a colon, with nothing nested under it."""
    block = blocks[position]
    if block.kind is BlockKind.TABLE_CELL:
        return True
    if block.kind is not BlockKind.LIST_ITEM:
        return False
    following = blocks[position + 1] if position + 1 < len(blocks) else None
    return (
        following is None
        or following.kind is not BlockKind.LIST_ITEM
        or (following.depth <= block.depth)
    )


def _filled_in(text: str, template: str) -> bool:
    """The author put figures (a date, a version, a count) into the template's words."""
    return bool(set(_DIGITS.findall(text)) - set(_DIGITS.findall(template)))


# -- the check ---------------------------------------------------------------------------------


def template_hits(context: CheckContext) -> list[Hit]:
    """The blocks of the document that are the template's text: the template checked against,
    and the template file the team copies when the repository has it."""
    from writer.templates.sources import find_sources

    document = context.document
    units: list[Unit] = []
    if context.template is not None:
        units.extend(spec_units(context.template))
    for source in find_sources(document, context.path, context.template):
        name = source.path.name
        if name.lower() in ("readme.md", "index.md", "template.md"):
            name = f"{source.path.parent.name}/{name}"  # NNNN-kep-template/README.md
        units.extend(document_units(source.document, name))
    if not units:
        return []
    return list(best_matches(document, UnitIndex(units)))


class TemplateTextChecker:
    rules = (TEMPLATE_TEXT,)

    def check(self, context: CheckContext) -> Iterator[Finding]:
        document = context.document
        hits = template_hits(context)
        for run in _runs(document, hits):
            first, last = run[0], run[-1]
            start, _ = first.block.source_span(0, len(first.block.text))
            _, end = first.block.source_span(0, len(first.block.text))
            where = document.sections[first.block.section].title or "the top"
            lines = (
                f"line {first.block.line}"
                if first.block.line == last.block.line
                else f"lines {first.block.line}-{last.block.line}"
            )
            quoted = first.unit.shown if len(first.unit.shown) <= 70 else first.unit.shown[:67]
            quoted = quoted.rstrip() + ("..." if len(first.unit.shown) > 70 else "")
            yield context.finding(
                TEMPLATE_TEXT,
                start,
                end,
                f"the template's own text left in '{where}' ({lines}): '{quoted}' comes from "
                f"{first.unit.origin}; write this document's answer or delete it",
            )


def _runs(document: Document, hits: list[Hit]) -> Iterator[list[Hit]]:
    """Hits next to each other (no other prose between them, same section, all list items or
    none) as one run."""
    flagged = {id(hit.block): hit for hit in hits}
    run: list[Hit] = []
    for block in document.blocks:
        hit = flagged.get(id(block))
        if hit is not None:
            if run and (
                run[-1].block.section != block.section
                or (run[-1].block.kind is BlockKind.LIST_ITEM)
                != (block.kind is BlockKind.LIST_ITEM)
            ):
                yield run
                run = []
            run.append(hit)
        elif block.kind is not BlockKind.HEADING and run:
            yield run
            run = []
    if run:
        yield run
