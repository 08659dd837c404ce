"""Style-guide rules as a checker: run compiled Vale-format rules over a document.

One :class:`StyleChecker` runs every rule of the guides that apply. With a ``.vale.ini``, the
styles, rule levels, ``MinAlertLevel``, ``BlockIgnores`` and ``TokenIgnores`` are taken per file
from the sections whose globs match it.
"""

from __future__ import annotations

import bisect
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import regex

from writer.checks.base import CheckContext
from writer.checks.budget import budget, rule_budget
from writer.checks.style.contexts import (
    DATE,
    FIGURE,
    YEAR_SCALE,
    dated_document,
    in_sentence_with,
    role_places,
    timeline_places,
)
from writer.checks.style.guides import StyleGuide
from writer.checks.style.kinds.base import (
    SENTENCE_TAGS,
    Alert,
    Unit,
    ValeRule,
    block_tags,
    format_message,
    heading_tags,
)
from writer.checks.style.sentences import style_sentences
from writer.model.document import BlockKind, Document, Piece, ProseBlock
from writer.model.findings import Edit, Finding, Fix, Severity
from writer.model.quoted import inside as inside_quoted
from writer.model.quoted import quoted_spans
from writer.model.rules import RuleMeta
from writer.settings.config import Config, Limits
from writer.templates.spec import KINDS

if TYPE_CHECKING:
    from writer.settings.vale_ini import ValeIni
    from writer.templates.spec import TemplateSpec

_REGEX_CHARS = frozenset("\\^$*+?()[]{}|")


_DELIMITER_ROW = regex.compile(r"^\s*\|?\s*:?-+:?\s*(?:\|\s*:?-+:?\s*)*\|?\s*$")
_IMAGE = regex.compile(r"!\[([^\]\n]*)\]\(")
_HEADER_TAGS = frozenset({"text", "table", "table.header", "summary"})


_CODE_SPAN = regex.compile(r"(`+)([^`][\s\S]*?)\1(?!`)")


def with_code_placeholders(document: Document, block: ProseBlock) -> ProseBlock:
    """The block's text with each inline code span as ``*`` of the same length, as Vale reads
    it: ``the `x` the`` is not a repeated word, and a heading's length counts its code."""
    pieces = block.pieces
    text = document.text
    if not pieces or text.find("`", pieces[0].source, pieces[-1].source + 1) == -1:
        first_line_start = document.index.offset(block.line)
        if not pieces or text.find("`", first_line_start, pieces[0].source) == -1:
            return block
    parts: list[str] = []
    new_pieces: list[Piece] = []
    plain = 0

    def codes(start: int, end: int) -> None:
        nonlocal plain
        for match in _CODE_SPAN.finditer(text, start, end):
            content_start, content_end = match.span(2)
            length = content_end - content_start
            new_pieces.append(Piece(plain, content_start, length))
            parts.append("*" * length)
            plain += length

    cell = block.kind is BlockKind.TABLE_CELL  # other cells share the line
    line_start = document.index.offset(block.line)
    if not cell:
        codes(line_start, pieces[0].source)
    for index, piece in enumerate(pieces):
        new_pieces.append(Piece(plain, piece.source, piece.length))
        parts.append(block.text[piece.plain : piece.plain + piece.length])
        plain += piece.length
        if index + 1 < len(pieces):
            codes(piece.source + piece.length, pieces[index + 1].source)
    last = pieces[-1]
    end_of_line = document.index.line_span(document.position(last.source + last.length)[0])[1]
    if not cell:
        codes(last.source + last.length, end_of_line)
    if plain == len(block.text):
        return block
    return ProseBlock(
        block.kind, "".join(parts), tuple(new_pieces), block.line, block.section, block.depth
    )


_DISPLAY_MATH = regex.compile(r"\$\$[\s\S]+?\$\$")


def without_display_math(block: ProseBlock) -> ProseBlock | None:
    """The block with ``$$ ... $$`` display math blanked (same length, so offsets hold), or
    None when nothing but math is left. Inline ``$x$`` and prices such as ``$5`` stay text."""
    if "$$" not in block.text:
        return block
    text = _DISPLAY_MATH.sub(lambda m: regex.sub(r"[^\n]", " ", m.group()), block.text)
    if not text.strip():
        return None
    return ProseBlock(block.kind, text, block.pieces, block.line, block.section, block.depth)


def document_units(
    document: Document, sentences: bool = True, nouns: set[str] | None = None
) -> list[Unit]:
    """The raw file, every prose block, each sentence of every paragraph (unless
    ``sentences`` is false: no rule wants them), image alt texts. ``nouns`` collects the
    capitalized words the sentences use mid-sentence (see :func:`proper_nouns`)."""
    units = [Unit(document.text, frozenset({"raw"}), None, 0)]
    sections = document.sections
    line_count = document.index.line_count
    for original in document.blocks:
        unmathed = without_display_math(original)
        if unmathed is None:
            continue
        block = with_code_placeholders(document, unmathed)
        if block.kind is BlockKind.HEADING:
            tags = heading_tags(sections[block.section].level)
        elif (
            block.kind is BlockKind.TABLE_CELL
            and block.line < line_count
            and (_DELIMITER_ROW.match(document.line_text(block.line + 1)))
        ):
            tags = _HEADER_TAGS
        else:
            tags = block_tags(block)
        units.append(Unit(block.text, tags, block, 0))
        if block.kind is BlockKind.PARAGRAPH and (sentences or nouns is not None):
            for sentence in style_sentences(document, block):
                if nouns is not None:
                    nouns.update(match.group() for match in _CAPITALIZED.finditer(sentence.text))
                if sentences:
                    units.append(Unit(sentence.text, SENTENCE_TAGS, block, sentence.start))
    units.extend(front_matter_units(document))
    units.extend(html_table_units(document))
    if "![" in document.text:
        for match in _IMAGE.finditer(document.text):
            line = document.position(match.start())[0]
            if line in document.code_lines or not match.group(1).strip():
                continue
            units.append(Unit(match.group(1), _ALT_TAGS, None, match.start(1)))
    return units


_ALT_TAGS = frozenset({"text", "alt"})
_HTML_TABLE = regex.compile(r"<table\b[^>]*>.*?</table\s*>", regex.IGNORECASE | regex.DOTALL)
_HTML_CELL = regex.compile(
    r"<(caption|td|th)\b[^>]*>([^<]*)</\1\s*>", regex.IGNORECASE | regex.DOTALL
)
_HTML_CELL_TAGS = {
    "caption": frozenset({"text", "table", "table.caption"}),
    "td": frozenset({"text", "table", "table.cell"}),
    "th": frozenset({"text", "table", "table.header"}),
}


def html_table_units(document: Document) -> Iterator[Unit]:
    """The caption and cells of a raw HTML ``<table>`` in the markdown, as Vale lints them once
    the markdown is HTML (``table.caption``, ``table.cell``, ``table.header``). Only cells that
    hold text alone are read; a table inside a code block is code."""
    text = document.text
    if "<table" not in text.lower():
        return
    for table in _HTML_TABLE.finditer(text):
        if document.position(table.start())[0] not in document.html_lines:
            continue  # not an HTML block: code, or prose that mentions a table tag
        for cell in _HTML_CELL.finditer(text, table.start(), table.end()):
            if document.position(cell.start())[0] not in document.html_lines:
                continue  # a blank line ended the HTML block: markdown reads the rest
            body = cell.group(2)
            stripped = body.strip()
            if not stripped:
                continue
            start = cell.start(2) + len(body) - len(body.lstrip())
            yield Unit(stripped, _HTML_CELL_TAGS[cell.group(1).lower()], None, start)


CODE_TAGS = frozenset({"code"})


def inline_code_units(document: Document) -> Iterator[Unit]:
    """The text of each inline code span in the prose, Vale's ``code`` scope: only a rule that
    names ``code`` in its scope reads them (a date written as code is still a date to the
    reader). Spans in fenced or indented code, HTML blocks and comments are not prose."""
    text = document.text
    if "`" not in text:
        return
    comments = [(comment.start, comment.end) for comment in document.comments]
    for match in _CODE_SPAN.finditer(text):
        start, end = match.span(2)
        first, last = document.position(start)[0], document.position(end)[0]
        if first in document.code_lines or last in document.code_lines or first != last:
            continue
        if any(begin <= start < finish for begin, finish in comments):
            continue
        yield Unit(match.group(2), CODE_TAGS, None, start)


_FRONT_MATTER_LINE = regex.compile(r"""^([A-Za-z_][\w-]*):[ \t]+(["']?)(.*?)\2[ \t]*$""")


def front_matter_units(document: Document) -> Iterator[Unit]:
    """Top-level string values of YAML front matter, as Vale lints them (``title`` has the
    scope ``text.frontmatter.title``)."""
    front = document.front_matter
    if front is None or not front.data:
        return
    line = front.start_line + 1
    while line < front.end_line:
        found = _FRONT_MATTER_LINE.match(document.line_text(line))
        line += 1
        if found is None or not isinstance(front.data.get(found.group(1)), str):
            continue
        key = found.group(1)
        tags = frozenset({"text", "text.frontmatter", f"text.frontmatter.{key}"})
        value = found.group(3)
        if value[:1] in ("|", ">"):
            # a block scalar: each indented line that follows is part of the value
            while line < front.end_line and document.line_text(line)[:1] in (" ", "\t"):
                row = document.line_text(line)
                body = row.strip()
                if body:
                    start = document.index.offset(line) + len(row) - len(row.lstrip())
                    yield Unit(body, tags, None, start)
                line += 1
            continue
        if not value or value[:1] in "[{&*!":
            continue
        yield Unit(value, tags, None, document.index.offset(line - 1) + found.start(3))


@dataclass(frozen=True)
class ActiveRule:
    rule: ValeRule
    style: str
    safe: bool
    once: bool = False  # report each distinct message once per document
    skip_in_page_links: bool = False  # no findings in the text of a link to "#heading"
    skip_quoted: bool = False  # no findings in quoted or pasted text
    skip_contexts: frozenset[str] = frozenset()  # places where matches are left alone
    only_in_sections: frozenset[str] = frozenset()  # roles of the only sections it reports in
    quote_unit: bool = False  # the finding covers the unit; its message quotes the opening
    line_breaks_as_spaces: bool = False  # a paragraph's line breaks read as spaces


_CAPITALIZED = regex.compile(r"(?<=\S\s+)[A-Z][a-z]+[A-Za-z]*")


# The name inline code starts with: `kubectl`, `crates.io`, `spec.nodeName`, `kubeadm init`.
_CODE_NAME = regex.compile(r"(?<!`)`([A-Za-z_](?:[\w.-]*\w)?)[` ]")


def proper_nouns(
    units: Sequence[Unit], document: Document | None = None, found: set[str] | None = None
) -> frozenset[str]:
    """Capitalized words the prose uses mid-sentence (names of products, teams, places), and
    names the document writes as inline code (commands, fields), which keep their case.
    ``found``: those of the sentences already collected by :func:`document_units`."""
    if found is None:
        found = set()
        for unit in units:
            if "sentence" in unit.tags:
                found.update(match.group() for match in _CAPITALIZED.finditer(unit.text))
    if document is not None and "`" in document.text:
        for match in _CODE_NAME.finditer(document.text):
            name = match.group(1)
            # `Proposal` in code says nothing about "Proxy Proposal" as a heading: only names
            # that are not one capitalized word (kubectl, PVLabeler, corev1.Container).
            if not (name[0].isupper() and name[1:].islower()):
                found.add(name)
    return frozenset(found)


# Starts with the bracket, so the search skips ahead to each "[" instead of trying every position.
_IN_PAGE_LINK = regex.compile(r"\[([^\[\]\n]+)\]\(#[^()\s]*\)")


def in_page_links(document: Document, state: dict[Any, Any]) -> list[tuple[int, int]]:
    """Source spans of the text of links to a heading of the document (``[Design](#design)``,
    as in a table of contents), sorted; found once per document."""
    spans: list[tuple[int, int]] | None = state.get("in_page_links")
    if spans is None:
        text = document.text
        spans = state["in_page_links"] = (
            [m.span(1) for m in _IN_PAGE_LINK.finditer(text)] if "](#" in text else []
        )
    return spans


def template_titles(template: TemplateSpec | None, plain: bool = False) -> frozenset[str]:
    """Section titles and aliases the document's template prescribes: case-folded, or with
    ``plain`` as written without "(Optional)" markers and numbering."""
    from writer.model.headings import plain_title

    titles: set[str] = set()
    for section in template.sections if template is not None else ():
        for name in section.names:
            if name:
                titles.add(plain_title(name) if plain else name.strip().casefold())
    return frozenset(titles)


class StyleChecker:
    """Runs the rules of some style guides (all of them, or per file from a ``.vale.ini``)."""

    def __init__(
        self,
        guides: Sequence[StyleGuide],
        vale: ValeIni | None = None,
        notices: Sequence[str] = (),
    ) -> None:
        self.guides = tuple(guides)
        self.vale = vale
        self._notices = list(notices)
        for guide in guides:
            self._notices.extend(guide.notices)
        self._rules: list[ActiveRule] = []
        metas: dict[str, RuleMeta] = {}
        for guide in guides:
            for rule in guide.rules:
                if rule.meta.id in metas:
                    continue
                metas[rule.meta.id] = rule.meta
                safe = rule.spec.name in guide.manifest.safe_fixes
                once = rule.spec.name in guide.manifest.once_per_document
                links = rule.spec.name in guide.manifest.skip_in_page_links
                manifest = guide.manifest
                self._rules.append(
                    ActiveRule(
                        rule,
                        guide.name,
                        safe,
                        once,
                        links,
                        manifest.skip_quoted,
                        manifest.skip_contexts.get(rule.spec.name, frozenset()),
                        manifest.only_in_sections.get(rule.spec.name, frozenset()),
                        rule.spec.name in manifest.quote_unit,
                        manifest.line_breaks_as_spaces,
                    )
                )
        self.rules: tuple[RuleMeta, ...] = tuple(metas.values())
        self._any_titles = any(
            getattr(active.rule, "headings_of_any_template", False) for active in self._rules
        )
        self._titles_by_paths: dict[tuple[str, ...], frozenset[str]] = {}
        self._titles_by_spec: dict[int, tuple[Any, tuple[frozenset[str], frozenset[str]]]] = {}
        self._by_style: dict[str, list[ActiveRule]] = {}
        for active in self._rules:
            self._by_style.setdefault(active.style, []).append(active)

    def _selected(
        self, path: str | None, wants: Callable[[RuleMeta], bool]
    ) -> tuple[list[tuple[ActiveRule, Severity]], Any]:
        if self.vale is None:
            return [(a, a.rule.meta.severity) for a in self._rules if wants(a.rule.meta)], None
        settings = self.vale.for_file(path or "-")
        chosen: list[tuple[ActiveRule, Severity]] = []
        seen: set[str] = set()
        wanted: list[tuple[str, str | None]] = [(style, None) for style in settings.styles]
        wanted += [(style, rule) for style, rule in settings.enabled_extra()]
        for style, only in wanted:
            for active in self._by_style.get(style, []):
                name = active.rule.spec.name
                if only is not None and name != only:
                    continue
                if active.rule.meta.id in seen:
                    continue
                level = settings.level(style, name, active.rule.meta.severity)
                if level is None or level < self.vale.min_level:
                    continue
                seen.add(active.rule.meta.id)
                chosen.append((active, level))
        return chosen, settings

    def _template_titles(
        self, template: TemplateSpec | None
    ) -> tuple[frozenset[str], frozenset[str]]:
        """The template's section titles case-folded, and as written (found once per spec)."""
        if template is None:
            return frozenset(), frozenset()
        known = self._titles_by_spec.get(id(template))
        if known is None or known[0] is not template:
            titles = (template_titles(template), template_titles(template, plain=True))
            if len(self._titles_by_spec) >= 64:
                self._titles_by_spec.clear()
            known = self._titles_by_spec[id(template)] = (template, titles)
        return known[1]

    def _available_titles(self, config: Config) -> frozenset[str]:
        """Section titles, as written, of every template the config makes available (found
        once per set of template folders)."""
        paths = tuple(str(path) for path in config.template_paths)
        titles = self._titles_by_paths.get(paths)
        if titles is None:
            from writer.templates import TemplateError, available_templates

            try:
                specs = available_templates(paths)
            except TemplateError:
                specs = []  # a broken spec is reported by template resolution
            titles = frozenset().union(*(template_titles(spec, plain=True) for spec in specs))
            self._titles_by_paths[paths] = titles
        return titles

    def check(self, context: CheckContext) -> Iterator[Finding]:
        document = context.document
        if self._notices:
            context.notices.extend(self._notices)
            self._notices = []
        chosen, settings = self._selected(document.path, context.wants)
        if not chosen:
            return
        ignored = _ignored_spans(document, settings, context)
        # Sentence units only when a rule reads sentences (a million short paragraphs would
        # otherwise make a million units nobody looks at).
        wants_sentences = any(
            active.rule.reads_sentences or active.rule.wants(SENTENCE_TAGS) for active, _ in chosen
        )
        nouns: set[str] = set()
        units = document_units(document, sentences=wants_sentences, nouns=nouns)
        if any(active.rule.wants(CODE_TAGS) for active, _ in chosen):
            units.extend(inline_code_units(document))
        if self.vale is not None:
            ignored.extend(_inline_scope_spans(document, self.vale.ignored_scopes))
        if self.vale is not None and (self.vale.skipped_scopes or self.vale.ignored_classes):
            skipped = frozenset(self.vale.skipped_scopes)
            units = [u for u in units if not (u.tags & skipped)]
            if SENTENCE_TAGS & skipped:
                nouns.clear()  # as if its sentence units had been made and then skipped
            for name in self.vale.ignored_classes:
                pattern = regex.compile(
                    rf"<(\w+)[^>]*\bclass=\"[^\"]*\b{regex.escape(name)}\b[^\"]*\"[^>]*>[\s\S]*?</\1>"
                )
                ignored.extend(m.span() for m in pattern.finditer(document.text))
        ignored.sort()
        titles, headings = self._template_titles(context.template)
        state: dict[Any, Any] = {
            "quoted": quoted_spans(document) if any(a.skip_quoted for a, _ in chosen) else [],
            "template_titles": titles,
            "template_headings": headings,
            "proper_nouns": proper_nouns(units, document, nouns),
        }
        if self._any_titles and context.template is None:
            state["any_template_headings"] = self._available_titles(context.config)
        limits = context.config.limits
        seconds = limits.rule_seconds(len(document.text))
        for active, level in chosen:
            found: list[Finding] = []
            try:
                with rule_budget(seconds):
                    dropped = self._run_rule(
                        context, active, level, units, state, ignored, found, limits
                    )
            except TimeoutError:
                context.volatile = True
                context.notices.append(_timeout_notice(active.rule, seconds))
                dropped = 0
            if dropped:
                context.notices.append(_dropped_notice(active.rule.meta.id, dropped, len(found)))
            yield from found

    def _run_rule(
        self,
        context: CheckContext,
        active: ActiveRule,
        level: Severity,
        units: Sequence[Unit],
        state: dict[Any, Any],
        ignored: list[tuple[int, int]],
        found: list[Finding],
        limits: Limits,
    ) -> int:
        """Put one rule's findings in ``found``; return how many were over the cap."""
        document = context.document
        rule = active.rule
        cap = limits.max_findings_per_rule
        dropped = 0
        messages: set[str] = set()
        links = in_page_links(document, state) if active.skip_in_page_links else []
        quoted: list[tuple[int, int]] = state["quoted"] if active.skip_quoted else []
        places = _Places(context, active, state)
        if active.line_breaks_as_spaces:
            units = _joined(units, state)
        for unit, alert in rule.document(units, state):
            if links and _inside(links, unit.source_span(alert.start, alert.end)[0]):
                continue
            if active.once:
                if alert.message in messages:
                    continue
                messages.add(alert.message)
            start, end = unit.source_span(alert.start, alert.end)
            if ignored and _inside(ignored, start):
                continue
            if quoted and inside_quoted(quoted, start):
                continue
            if places.narrowed and not places.reports(unit, alert, start):
                continue
            if active.quote_unit and unit.text.strip():
                start, end, alert = _whole_unit(document, unit, alert)
            if cap and len(found) >= cap:
                dropped += 1  # counted, not built: a finding costs far more than a match
                continue
            if self.vale is not None and unit.block is not None and end > start:
                matched = unit.text[alert.start : alert.end]
                if document.text[start:end].replace("\n", " ") != matched.replace("\n", " "):
                    # Vale finds a match by its text in the line; when markup splits it
                    # (``use _use_``), Vale reports the start of the line.
                    start = document.index.offset(document.position(start)[0])
            fix = _fix(document, start, end, alert, active.safe)
            found.append(
                context.finding(rule.meta, start, end, alert.message, fix=fix, severity=level)
            )
            if rule.limit and len(found) >= rule.limit:
                break
        return dropped


def _joined(units: Sequence[Unit], state: dict[Any, Any]) -> Sequence[Unit]:
    """``units`` with the line breaks inside each one read as spaces (same length, so every
    offset still holds); made once per document."""
    joined: Sequence[Unit] | None = state.get("joined_units")
    if joined is None:
        joined = [
            Unit(unit.text.replace("\n", " "), unit.tags, unit.block, unit.offset)
            if unit.block is not None and "\n" in unit.text.rstrip("\n")
            else unit  # the raw file (a rule that reads the whole document) keeps its lines
            for unit in units
        ]
        state["joined_units"] = joined
    return joined


class _Places:
    """Whether a rule's match stands where its guide lets it report (``skip_contexts``,
    ``only_in_sections``); the places are found once per document, when first asked for."""

    def __init__(self, context: CheckContext, active: ActiveRule, state: dict[Any, Any]) -> None:
        self.context = context
        self.active = active
        self.state = state
        self.narrowed = bool(active.skip_contexts or active.only_in_sections)

    def reports(self, unit: Unit, alert: Alert, start: int) -> bool:
        document = self.context.document
        line = document.position(start)[0]
        active = self.active
        roles = active.only_in_sections
        if roles and not role_places(self.context, roles, self.state).holds(line):
            return False
        skip = active.skip_contexts
        if "other-kind" in skip and self.context.kind not in KINDS:
            return False
        if "timeline" in skip and timeline_places(self.context, self.state).holds(line):
            return False
        offset = unit.offset + alert.start
        if (
            "dated-document" in skip
            and YEAR_SCALE.fullmatch(unit.text[alert.start : alert.end])
            and dated_document(document, self.state)
        ):
            return False
        for name, pattern in (("dated-sentence", DATE), ("measured-sentence", FIGURE)):
            if name in skip and in_sentence_with(pattern, document, unit.block, offset, line):
                return False
        return True


# Markup dropped from a quoted opening: link targets, brackets, emphasis, angle-bracket links.
_LINK_TARGET = regex.compile(
    r"\]\([^)\s]*\)|\]\[[^\]\n]*\]|[\[\]]|\*+|(?<!\w)_+|_+(?!\w)|<(?=[a-z]+:[^>\s]+>)"
    r"|(?<=<[a-z]+:[^<>\s]+)>"
)
_OPENING_WORDS = 8


def _whole_unit(document: Document, unit: Unit, alert: Alert) -> tuple[int, int, Alert]:
    """The source span of the whole unit, and the alert with ``%s`` in its message filled with
    the unit's opening words as written (inline code as code, links as their text)."""
    text = unit.text
    first = len(text) - len(text.lstrip())
    start, end = unit.source_span(first, len(text.rstrip()))
    words = _LINK_TARGET.sub("", document.text[start:end]).lstrip(":;,. ").split()
    opening = " ".join(words[:_OPENING_WORDS]) + (" …" if len(words) > _OPENING_WORDS else "")
    return start, end, Alert(0, 0, format_message(alert.message, opening), alert.replacements)


def _timeout_notice(rule: ValeRule, seconds: float) -> str:
    return (
        f"{rule.meta.id} ({rule.spec.path}) was stopped after {seconds:.3g} s of pattern matching "
        "on this document, so its findings here are incomplete: simplify its patterns (nested "
        "repeats such as (a+)+ or (a|a)+ backtrack without end) or raise limits.rule_timeout"
    )


def _dropped_notice(rule_id: str, dropped: int, kept: int) -> str:
    return (
        f"{rule_id}: {dropped:,} more finding{'s' if dropped != 1 else ''} in this document "
        f"not shown (at most {kept:,} per rule; raise limits.max_findings_per_rule to see more)"
    )


def _fix(document: Document, start: int, end: int, alert: Alert, safe: bool) -> Fix | None:
    if not alert.replacements or end <= start:
        return None
    replacement = alert.replacements[0]
    if any(ch in _REGEX_CHARS for ch in replacement):
        return None
    observed = document.text[start:end]
    if observed[:1].isupper() and replacement[:1].islower():
        replacement = replacement[:1].upper() + replacement[1:]
    return Fix(
        f"replace '{observed}' with '{replacement}'",
        (Edit(start, end, replacement),),
        safe=safe and len(alert.replacements) == 1,
    )


def _ignored_spans(
    document: Document, settings: Any, context: CheckContext
) -> list[tuple[int, int]]:
    if settings is None or not (settings.block_ignores or settings.token_ignores):
        return []
    spans: list[tuple[int, int]] = []
    seconds = context.config.limits.rule_seconds(len(document.text))
    for source in (*settings.block_ignores, *settings.token_ignores):
        try:
            pattern = regex.compile(source, regex.MULTILINE)
        except regex.error:
            continue
        try:
            with rule_budget(seconds):
                matches = pattern.finditer(document.text, timeout=budget())
                spans.extend(m.span() for m in matches if m.end() > m.start())
        except TimeoutError:
            context.volatile = True
            context.notices.append(
                f"BlockIgnores/TokenIgnores pattern {source!r} was stopped after {seconds:.3g} s "
                "on this document, so text it would skip is checked: simplify the pattern or "
                "raise limits.rule_timeout"
            )
    spans.sort()
    return spans


# Inline markup by the HTML tag Vale names it with (``IgnoredScopes = strong, em``).
_INLINE_SCOPES = {
    "strong": regex.compile(r"(\*\*|__)(?=\S)[^\n]+?(?<=\S)\1"),
    "em": regex.compile(r"(?<![*\w])(\*|_)(?=[^\s*_])[^\n*_]+?(?<=\S)\1(?![*\w])"),
}
_INLINE_SCOPES["b"] = _INLINE_SCOPES["strong"]
_INLINE_SCOPES["i"] = _INLINE_SCOPES["em"]


def _inline_scope_spans(document: Document, scopes: Sequence[str]) -> list[tuple[int, int]]:
    """Source spans of bold or italic text when ``IgnoredScopes`` names ``strong`` or ``em``
    (code spans are never linted, so ``code`` and ``tt`` need nothing here)."""
    spans: list[tuple[int, int]] = []
    text = document.text
    for name in dict.fromkeys(scopes):
        pattern = _INLINE_SCOPES.get(name)
        if pattern is None or ("*" not in text and "_" not in text):
            continue
        for match in pattern.finditer(text):
            if not document.is_masked(match.start()):
                spans.append(match.span())
    return spans


def _inside(spans: list[tuple[int, int]], offset: int) -> bool:
    index = bisect.bisect_right(spans, (offset, len(spans) and 1 << 62)) - 1
    while index >= 0:
        start, end = spans[index]
        if start <= offset < end:
            return True
        if end <= offset and start < offset - 10_000:
            break
        index -= 1
    return False
