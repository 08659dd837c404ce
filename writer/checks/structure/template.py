"""Template conformance: the document against the template it follows.

Runs only when a template applies (``CheckContext.template``). Every rule's level can be set per
template: in the spec (``levels:``), in the config for all templates (``[structure.levels]``) or
for one (``[structure.templates.<id>.levels]``); ``[rules]`` still has the last word.
"""

from __future__ import annotations

import dataclasses
import re
from collections import Counter
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

from writer.checks.base import CheckContext
from writer.checks.structure.missing import Gap, closed, gaps, written_otherwise
from writer.model.document import BlockKind, Document, Section
from writer.model.findings import Edit, Finding, Fix, Severity
from writer.model.headings import normalise
from writer.model.rules import RuleMeta
from writer.templates.matching import (
    TemplateMatch,
    TemplateMatcher,
    Tier,
    match_template,
)
from writer.templates.presence import present_in_any_form
from writer.templates.spec import MetadataField, SectionSpec, TemplateSpec

MISSING_SECTION = RuleMeta(
    id="structure.missing-section",
    severity=Severity.ERROR,
    summary="A section the template requires, or a postmortem's impact, is missing.",
    explanation=(
        "Reviewers expect every required part of the document. A section counts as present "
        "under any of its names, with a qualifier ('Timeline (UTC)'), at another level or "
        "place, in a heading for two sections ('Goals/Non-Goals'), as a question cut short, "
        "or marked by a bold label or a bullet field. What is missing in every form is "
        "reported by name where it belongs: on the heading of the template section it comes "
        "before, or at the end of the previous one's text when none follows; sections that "
        "belong at one place under one parent are reported together, and a missing section's "
        "subsections are not reported again. A missing part of the design itself (a proposal, "
        "a guide-level or reference-level explanation) is not reported when the document has "
        "its own headings at that level where it belongs ('Explanation', 'The goals'), and a "
        "proposal whose status says it is closed (withdrawn, rejected, superseded) is not "
        "asked for anything. Without a certain template, a postmortem is still asked for its "
        "impact when no section, label or field holds it and its summary never says what the "
        "incident did to users (a warning). It is an error when the document certainly "
        "follows the template (named in the config, the front matter or --template, or proved "
        "by its markers such as a KEP's kep.yaml), a warning when the template was recognised "
        "from headings alone. "
        "Add the section; if it truly does not apply, keep the heading and say why."
    ),
    good="## Summary\n\n...\n\n## Impact\n\n...\n\n## Timeline\n\n...",
    bad="## Summary\n\n...\n\n## Timeline\n\n...   (no 'Impact')",
    source="built-in",
)
RENAMED_SECTION = RuleMeta(
    id="structure.renamed-section",
    severity=Severity.SUGGESTION,
    summary="A heading stands for a template section under another name.",
    explanation=(
        "The heading was matched to a template section through an alias or by similarity "
        "('Alternatives Considered' for 'Alternatives'). Using the template's title helps "
        "readers who know the template and tools that look for it."
    ),
    good="## Alternatives",
    bad="## Other options we looked at",
    fixable=True,
    default_enabled=False,
    source="built-in",
)
SECTION_ORDER = RuleMeta(
    id="structure.section-order",
    severity=Severity.WARNING,
    summary="A template section appears out of the template's order.",
    explanation=(
        "Readers of a template's documents know where to look for each part. Reported only "
        "when the document certainly follows the template (named in the config or proved by "
        "its markers): teams often order a recognised template their own way on purpose. Move "
        "the section to where the template puts it."
    ),
    good="## Summary\n\n## Impact\n\n## Timeline",
    bad="## Timeline\n\n## Summary\n\n## Impact",
    default_enabled=False,
    source="built-in",
)
HEADING_LEVEL = RuleMeta(
    id="structure.heading-level",
    severity=Severity.SUGGESTION,
    summary="A template section's heading is at another level than the template's.",
    explanation=(
        "Levels are compared relative to the document: if all sections are one level deeper "
        "than the template, that is fine. A section nested differently from its siblings "
        "changes the outline; use the level the template gives it."
    ),
    good="## Design Details\n\n### Test Plan",
    bad="## Design Details\n\n## Test Plan",
    fixable=True,
    default_enabled=False,
    source="built-in",
)
MISSING_METADATA = RuleMeta(
    id="structure.missing-metadata",
    severity=Severity.WARNING,
    summary="A metadata field the template requires (status, authors, ...) is missing.",
    explanation=(
        "Give each required field in the front matter (`status: draft`) or as a bold label near "
        "the top (`**Status:** draft`); a list item (`- Status: draft`), a table row or a "
        "heading with that name also counts, and a date in the title counts as the date. An "
        "empty value counts as missing. Reported once for all missing fields, and only for a "
        "template the config, the front matter or --template names: documents recognised by "
        "their headings follow their team's own conventions for metadata, except that a "
        "recognised decision record (ADR) still needs its status, or a reader cannot tell a "
        "proposal from a decision."
    ),
    good="---\nstatus: draft\nauthors: Ada\n---",
    bad="# Checkout outage\n\n(no status, authors or date)",
    source="built-in",
)
SECTION_TOO_SHORT = RuleMeta(
    id="structure.section-too-short",
    severity=Severity.SUGGESTION,
    summary="A template section has fewer words than the template asks for.",
    explanation=(
        "The template sets a minimum length for sections that cannot be useful in a line "
        "(a summary, contributing factors, alternatives). Say more, following the section's "
        "guidance (`writer templates show NAME`)."
    ),
    good="## Summary\n\nOn 31 January checkout failed for 40 minutes for 12% of users ...",
    bad="## Summary\n\nCheckout broke.",
    default_enabled=False,
    source="built-in",
)

STRUCTURE_RULES = (
    MISSING_SECTION,
    RENAMED_SECTION,
    SECTION_ORDER,
    HEADING_LEVEL,
    MISSING_METADATA,
    SECTION_TOO_SHORT,
)


def template_severity(
    context: CheckContext, rule: RuleMeta, default: Severity | None = None
) -> Severity | None:
    """The level of a structure rule for the document's template (None when turned off);
    ``default`` when nothing sets one (the rule's own level when None)."""
    spec: TemplateSpec | None = context.template
    structure: Mapping[str, Any] = context.config.structure
    level: str | None = None
    if spec is not None:
        per_template = structure.get("templates", {}).get(spec.id, {})
        level = per_template.get("levels", {}).get(rule.id)
    if level is None:
        level = structure.get("levels", {}).get(rule.id)
    if level is None and spec is not None:
        level = spec.level_for(rule.id)
    if level is None:
        return default or rule.severity
    if level.lower() == "off":
        return None
    return Severity.parse(level)


def heading_span(document: Document, section: Section) -> tuple[int, int]:
    return document.index.line_span(section.line)


def _title_span(document: Document, section: Section) -> tuple[int, int] | None:
    """Offsets of the heading's title text on its line (ATX headings only)."""
    if section.setext:
        return None
    start, end = heading_span(document, section)
    line = document.text[start:end]
    found = line.find(section.raw_title) if section.raw_title else -1
    if found < 0:
        return None
    return start + found, start + found + len(section.raw_title)


def _not_yet_in_template(
    document: Document, spec: TemplateSpec, path: Path | None, absent: set[str]
) -> set[str]:
    """The absent sections the template added after the document was written (``since:``)."""
    dated = [s for s in spec.sections if s.id in absent and s.since is not None]
    if not dated:
        return set()
    from writer.templates.written import written_on

    written = written_on(document, spec, path)
    if written is None:
        return set()
    return {s.id for s in dated if s.since is not None and written < s.since}


# A line that asks or names a subsection inside its parent instead of as a heading:
# "- **How can someone using this feature know that it is working?**", "**Unit tests:**",
# "Unit tests:" alone on its line.
_INLINE_TITLE = re.compile(
    r"^[ \t]*(?:[-*+][ \t]+|\d+[.)][ \t]+)?(?:\*\*|__)(?P<title>[^*_\n]{3,300}?)(?:\*\*|__)"
    # or a plain label alone on its line, before the list it heads: "Unit tests:"
    r"|^[ \t]*(?P<label>[^\W\d_][^:\n]{2,80}):[ \t]*$"
)


def _asked_inside(document: Document, parent: Section, child: SectionSpec) -> bool:
    """Whether ``child`` is there in its parent's text as a bold line or item, or a label
    line, the older way many templates wrote their questions, rather than as a heading of its
    own."""
    from rapidfuzz import fuzz

    wanted = [normalise(name) for name in child.names]
    for line in document.section_text(parent).split("\n"):
        found = _INLINE_TITLE.match(line)
        if found is None:
            continue
        title = normalise((found["title"] or found["label"]).rstrip(":"))
        if any(fuzz.ratio(title, name) >= 90 for name in wanted):
            return True
    return False


def _status(context: CheckContext) -> str | None:
    """The status the document states: in its front matter, the metadata file its template
    names beside it (a KEP's kep.yaml), or a 'Status:' line near its top."""
    from writer.templates.metadata import front_matter, sidecar_metadata, stated, status_line
    from writer.templates.sidecar import read_sidecar

    sources = []
    own = front_matter(context.document)
    if own is not None and own.error is None:
        sources.append(own)
    sidecar = read_sidecar(context.template, context.path)
    if sidecar is not None:
        metadata = sidecar_metadata(sidecar)
        if metadata.error is None:
            sources.append(metadata)
    found = stated(tuple(sources), "status") or status_line(context.document)
    return found.value if found is not None else None


def _missing_roles(context: CheckContext) -> Iterator[Finding]:
    """Without a template the document certainly follows: a postmortem's impact, missing in
    every form (:mod:`writer.checks.structure.role_sections`)."""
    if not context.wants(MISSING_SECTION) or context.kind != "postmortem":
        return
    severity = template_severity(context, MISSING_SECTION, Severity.WARNING)
    if severity is None:
        return
    from writer.checks.structure.role_sections import missing_impact

    absent = missing_impact(context)
    if absent is not None:
        start, end = context.document.index.line_span(absent.line)
        yield context.finding(MISSING_SECTION, start, end, absent.message, severity=severity)


class StructureChecker:
    """Missing, renamed, reordered, re-levelled and too-short sections; missing metadata."""

    rules = STRUCTURE_RULES

    def check(self, context: CheckContext) -> Iterator[Finding]:
        spec: TemplateSpec | None = context.template
        if spec is None or context.certainty not in ("configured", "evidence"):
            yield from _missing_roles(context)
        if spec is None or not isinstance(spec, TemplateSpec):
            return
        document = context.document
        matched = match_template(document, spec, matcher=context.matcher)
        required = len(spec.required_sections)
        present = matched.required_present
        context.stats["template_sections_required"] = required
        context.stats["template_sections_present"] = present
        context.stats["conformance"] = round(present / required, 3) if required else 1.0
        context.summary.append(f"{spec.id}: {present}/{required} required sections present")
        certain = context.certainty in ("configured", "evidence")
        defaults = {MISSING_SECTION.id: Severity.ERROR if certain else Severity.WARNING}
        levels = {
            rule.id: template_severity(context, rule, defaults.get(rule.id))
            for rule in STRUCTURE_RULES
        }
        severity = levels[MISSING_SECTION.id]
        if severity is not None:
            for gap in self._missing(context, spec, matched):
                start, end = document.index.line_span(gap.line)
                finding = context.finding(
                    MISSING_SECTION, start, end, gap.message, severity=severity
                )
                # The sections' titles, for editors that offer to insert them.
                titles = tuple(("section", section.title) for section in gap.sections)
                yield dataclasses.replace(finding, data=titles)
        checks = (
            (RENAMED_SECTION, self._renamed),
            (SECTION_ORDER, self._order),
            (HEADING_LEVEL, self._levels),
            (MISSING_METADATA, self._metadata),
            (SECTION_TOO_SHORT, self._too_short),
        )
        for rule, method in checks:
            severity = levels[rule.id]
            if severity is None:
                continue
            for start, end, message, fix in method(context, spec, matched):
                yield context.finding(rule, start, end, message, fix=fix, severity=severity)

    # -- rules ---------------------------------------------------------------------------------
    def _missing(
        self, context: CheckContext, spec: TemplateSpec, matched: TemplateMatch
    ) -> Iterator[Gap]:
        if context.certainty not in ("configured", "evidence"):
            return  # a template recognised by its headings: its sections are not demanded
        document = context.document
        if closed(_status(context)):
            return  # a withdrawn or superseded proposal will not be revised
        present = {m.spec.id: m for m in matched.matches if m.in_order}
        everywhere = {m.spec.id: m for m in matched.matches}
        elsewhere = present_in_any_form(document, spec, matched, context.kind, context.matcher)
        absent = {
            section.id
            for section in spec.sections
            if section.id not in everywhere and section.id not in elsewhere
        }
        absent -= _not_yet_in_template(document, spec, context.path, absent)
        by_id = {section.id: section for section in spec.sections}
        matched_headings = {m.section.index for m in matched.matches}
        reported = []
        for missing in matched.missing:
            if missing.id not in absent or _ancestor_absent(missing, by_id, absent):
                continue
            parent = everywhere.get(missing.parent) if missing.parent is not None else None
            if parent is not None and _asked_inside(document, parent.section, missing):
                continue
            if written_otherwise(document, spec, missing, present, matched_headings):
                continue
            reported.append(missing)
        yield from gaps(document, spec, reported, present, _first_content_line(document))

    def _renamed(
        self, context: CheckContext, spec: TemplateSpec, matched: TemplateMatch
    ) -> Iterator[tuple[int, int, str, Fix | None]]:
        document = context.document
        for match in matched.matches:
            if match.tier < Tier.ALIAS:
                continue
            section = match.section
            start, end = heading_span(document, section)
            span = _title_span(document, section)
            fix = None
            if span is not None:
                fix = Fix(
                    f"rename the heading to '{match.spec.title}'",
                    (Edit(span[0], span[1], match.spec.title),),
                    safe=False,
                )
            how = "an alias" if match.tier is Tier.ALIAS else f"{match.score:.0f}% similar"
            yield (
                start,
                end,
                f"'{section.title}' stands for the template's '{match.spec.title}' ({how}): "
                f"rename it to '{match.spec.title}'",
                fix,
            )

    def _order(
        self, context: CheckContext, spec: TemplateSpec, matched: TemplateMatch
    ) -> Iterator[tuple[int, int, str, Fix | None]]:
        if context.certainty not in ("configured", "evidence"):
            return
        document = context.document
        in_order = {m.spec.id: m for m in matched.matches if m.in_order}
        for match in matched.matches:
            if match.in_order:
                continue
            position = spec.position(match.spec.id)
            before = next(
                (in_order[s.id] for s in reversed(spec.sections[:position]) if s.id in in_order),
                None,
            )
            after = next(
                (in_order[s.id] for s in spec.sections[position + 1 :] if s.id in in_order),
                None,
            )
            if before is not None:
                where = f"move it after '{before.section.title}'"
            elif after is not None:
                where = f"move it before '{after.section.title}'"
            else:
                where = "move it to where the template puts it"
            start, end = heading_span(document, match.section)
            yield (
                start,
                end,
                f"section '{match.section.title}' is out of the template's order: {where}",
                None,
            )

    def _levels(
        self, context: CheckContext, spec: TemplateSpec, matched: TemplateMatch
    ) -> Iterator[tuple[int, int, str, Fix | None]]:
        document = context.document
        ordered = [m for m in matched.matches if m.in_order]
        if not ordered:
            return
        shifts = Counter(m.section.level - m.spec.level for m in ordered)
        shift = max(shifts.items(), key=lambda item: (item[1], -abs(item[0])))[0]
        for match in ordered:
            expected = match.spec.level + shift
            if match.section.level == expected or not 1 <= expected <= 6:
                continue
            start, end = heading_span(document, match.section)
            fix = None
            if not match.section.setext and document.text.startswith(
                "#" * match.section.level, start
            ):
                fix = Fix(
                    f"make it a level-{expected} heading",
                    (Edit(start, start + match.section.level, "#" * expected),),
                    safe=False,
                )
            yield (
                start,
                end,
                f"'{match.section.title}' is a level-{match.section.level} heading; the template "
                f"puts it at level {expected} here: use {'#' * expected}",
                fix,
            )

    def _metadata(
        self, context: CheckContext, spec: TemplateSpec, matched: TemplateMatch
    ) -> Iterator[tuple[int, int, str, Fix | None]]:
        document = context.document
        fields = spec.metadata
        if context.certainty != "configured":
            # A recognised decision record still needs its status: without it a reader cannot
            # tell a proposal from a decision. Other fields follow the team's conventions.
            if spec.kind != "adr" or context.certainty == "none":
                return
            fields = tuple(field for field in spec.metadata if field.key == "status")
        missing = [
            field for field in fields if field.required and not has_metadata(document, field)
        ]
        if not missing:
            return
        start, end = document.index.line_span(_first_content_line(document))
        one = len(missing) == 1
        names = _join([f"'{field.label}'" for field in missing])
        keys = _join([f"'{field.key}:'" for field in missing])
        yield (
            start,
            end,
            f"metadata {'field' if one else 'fields'} {names} {'is' if one else 'are'} missing: "
            f"add {keys} to the front matter, or a '**{missing[0].label}:**' line"
            f"{'' if one else ' for each'} near the top",
            None,
        )

    def _too_short(
        self, context: CheckContext, spec: TemplateSpec, matched: TemplateMatch
    ) -> Iterator[tuple[int, int, str, Fix | None]]:
        document = context.document
        configured = context.config.structure.get("min_words")
        for match in matched.matches:
            minimum = match.spec.min_words
            if minimum and configured is not None:
                minimum = int(configured)
            if not minimum:
                continue
            words = section_words(document, match.section)
            if words == 0 or words >= minimum:
                continue  # an empty section is reported by structure.empty-section
            start, end = heading_span(document, match.section)
            hint = _first_sentence(match.spec.guidance)
            yield (
                start,
                end,
                f"section '{match.section.title}' has {words} word{'s' if words != 1 else ''}; "
                f"write at least {minimum}" + (f": {hint}" if hint else ""),
                None,
            )


def section_words(document: Document, section: Section) -> int:
    return sum(
        block.word_count
        for block in document.blocks_in(section)
        if block.kind is not BlockKind.HEADING
    )


def _first_sentence(text: str) -> str:
    found = re.match(r"(.+?[.!?])(?:\s|$)", text)
    sentence = found.group(1) if found else text
    return sentence[:1].lower() + sentence[1:] if sentence else ""


def _first_content_line(document: Document) -> int:
    """The first line after any front matter: where document-level findings go."""
    if document.front_matter is not None:
        return min(document.front_matter.end_line + 1, document.index.line_count)
    for section in document.headings:
        return section.line
    return 1


def _join(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def _ancestor_absent(
    section: SectionSpec, by_id: Mapping[str, SectionSpec], absent: set[str]
) -> bool:
    parent = section.parent
    while parent is not None:
        if parent in absent:
            return True
        parent = by_id[parent].parent if parent in by_id else None
    return False


_TITLE_DATE = re.compile(
    r"\b\d{4}-\d{2}-\d{2}\b|\b\d{1,2}(?:st|nd|rd|th)?\s+(?:jan|feb|mar|apr|may|jun|jul|aug|sep|"
    r"oct|nov|dec)[a-z]*\.?\s+\d{4}\b|\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*"
    r"\.?\s+\d{1,2}(?:st|nd|rd|th)?,?\s+\d{4}\b",
    re.IGNORECASE,
)


def has_metadata(document: Document, field: MetadataField) -> bool:
    """Whether the document gives ``field``: front matter, bold label, list item, table, heading,
    or (for a date) a date in the title."""
    front = document.front_matter.data if document.front_matter is not None else None
    names = {name.lower() for name in field.names}
    if front:
        for key, value in front.items():
            if key.lower().replace("_", " ") in names or key.lower() in names:
                return value not in (None, "", [], {})
    pattern = _label_pattern(field)
    text = document.masked_text
    for found in pattern.finditer(text):
        if found.group("value").strip(" \t*_|:"):
            return True
    normalised = {normalise(name) for name in field.names}
    if any(normalise(section.title) in normalised for section in document.headings):
        return True
    if "date" in normalised or field.key.lower() == "date":
        title = next((section.title for section in document.headings), "")
        return _TITLE_DATE.search(title) is not None
    return False


def _label_pattern(field: MetadataField) -> re.Pattern[str]:
    names = "|".join(re.escape(name) for name in sorted(field.names, key=len, reverse=True))
    # No two adjacent quantifiers read the same characters, so a long run of blanks (a long
    # front matter value, masked) is read once, not once per way of splitting it.
    return re.compile(
        r"^[ \t>]*(?:[-*+][ \t]+)?(?:\|[ \t]*)?(?:(?:\*\*|__)[ \t]*)?(?:" + names + r")[ \t]*"
        r"(?:(?:\*\*|__)[ \t]*:|:[ \t]*(?:\*\*|__)|:|(?:(?:\*\*|__)[ \t]*)?\|)"
        r"(?P<value>[^\n]*)$",
        re.IGNORECASE | re.MULTILINE,
    )


# -- template text left in place (used by structure.placeholder) -------------------------------

# Date and time placeholders templates use in timeline rows: "20xx-MM-DD HH:mm", "YYYY-MM-DD".
_DATE_PLACEHOLDER = re.compile(r"\b(?:YYYY|20[xX]{2})-MM-DD\b|\bHH:[mM]{2}\b")
MIN_SAMPLE_WORDS = 6  # shorter template lines ("All times in UTC.") may stay as they are
_ANGLE = re.compile(r"<[^<>\n]{1,60}>")
_SPACES = re.compile(r"\s+")


def _squash(text: str) -> str:
    return _SPACES.sub(" ", text.strip().lower())


def template_leftovers(
    document: Document, spec: TemplateSpec, matcher: TemplateMatcher | None = None
) -> Iterator[tuple[int, int, str, str | None]]:
    """Template text still in the document: (start, end, section title, placeholder or None).

    A paragraph (nearly) equal to a section's guidance or skeleton, or one of the skeleton's
    ``<placeholders>`` left in the section.
    """
    from rapidfuzz import fuzz

    matched = match_template(document, spec, matcher=matcher)
    placeholders = {
        token for section in spec.sections for token in _ANGLE.findall(section.skeleton)
    }
    for match in matched.matches:
        samples = _samples(match.spec)
        cells = _sample_cells(match.spec)
        flagged: list[tuple[int, int]] = []
        for block in document.blocks_in(match.section, own_only=True):
            if block.kind is BlockKind.HEADING or not block.pieces:
                continue
            if block.kind is BlockKind.TABLE_CELL:
                text = _squash(block.text)
                found_token = _DATE_PLACEHOLDER.search(block.text)
                if found_token is not None:
                    start, end = block.source_span(found_token.start(), found_token.end())
                    flagged.append(block.source_span(0, len(block.text)))
                    yield start, end, match.section.title, found_token.group()
                elif cells and any(fuzz.ratio(text, cell, score_cutoff=90) for cell in cells):
                    start, end = block.source_span(0, len(block.text))
                    flagged.append((start, end))
                    yield start, end, match.section.title, None
                continue
            _, end = block.source_span(0, len(block.text))
            line_start, line_end = document.index.line_span(block.line)
            line = document.text[line_start:line_end]
            start = line_start + len(line) - len(line.lstrip(" \t>-*+|"))
            source = _squash(document.text[start:end].lstrip(" \t>-*+|"))
            if len(source) < 12:
                continue
            if any(fuzz.ratio(source, sample, score_cutoff=88) for sample in samples):
                flagged.append((start, end))
                yield start, end, match.section.title, None
        if not placeholders:
            continue
        body_start = document.index.offset(match.section.body_start_line)
        body_end = document.index.line_span(match.section.body_end_line)[1]
        for found in _ANGLE.finditer(document.text, body_start, body_end):
            if found.group() not in placeholders:
                continue
            line_number, _ = document.position(found.start())
            if line_number in document.code_lines:
                continue
            if any(s <= found.start() < e for s, e in flagged):
                continue
            yield found.start(), found.end(), match.section.title, found.group()


def title_leftovers(document: Document, spec: TemplateSpec) -> Iterator[tuple[int, int, str]]:
    """``<placeholders>`` of the template's title pattern left in the document's first heading."""
    tokens = set(_ANGLE.findall(spec.title_pattern))
    title = next((section for section in document.sections if section.level == 1), None)
    if not tokens or title is None:
        return
    start, end = document.index.line_span(title.line)
    for found in _ANGLE.finditer(document.text, start, end):
        if found.group() in tokens:
            yield found.start(), found.end(), found.group()


def _sample_cells(section: SectionSpec) -> list[str]:
    """Body cells of the skeleton's tables (header rows and one-word cells left out)."""
    cells: list[str] = []
    previous_was_table = False
    for line in section.skeleton.splitlines():
        stripped = line.strip()
        is_row = stripped.startswith("|")
        is_header = is_row and not previous_was_table
        previous_was_table = is_row
        if not is_row or is_header or set(stripped) <= set("|-: "):
            continue
        for cell in stripped.strip("|").split("|"):
            squashed = _squash(cell)
            if len(squashed.split()) >= 2 and not _ANGLE.fullmatch(cell.strip()):
                cells.append(squashed)
    return cells


def _samples(section: SectionSpec) -> list[str]:
    samples = []
    if section.guidance:
        samples.append(_squash(section.guidance))
    for paragraph in re.split(r"\n\s*\n|\n(?=\s*[-*|])", section.skeleton):
        squashed = _squash(paragraph.lstrip("-* "))
        if len(squashed.split()) >= MIN_SAMPLE_WORDS and not squashed.startswith("|"):
            samples.append(squashed)
    return samples


def guidance_by_heading(
    document: Document, spec: TemplateSpec, matcher: TemplateMatcher | None = None
) -> dict[int, str]:
    """For each document section standing for a template section: its guidance, first sentence."""
    matched = match_template(document, spec, matcher=matcher)
    result = {}
    for match in matched.matches:
        hint = _first_sentence(match.spec.guidance)
        if hint:
            result[match.section.index] = "the template asks for " + hint.rstrip(".") + ";"
    return result


def template_level_jumps(
    document: Document, spec: TemplateSpec, matcher: TemplateMatcher | None = None
) -> set[int]:
    """Document sections whose template itself skips a level above them: deeper than the
    template section they sit under plus one (the KEP's ##### tests and ###### questions), so
    a jump stays allowed when the template sections between them are left out."""
    matched = match_template(document, spec, matcher=matcher)
    jumps = set()
    for match in matched.matches:
        position = spec.position(match.spec.id)
        parent_level = next(
            (
                spec.sections[index].level
                for index in range(position - 1, -1, -1)
                if spec.sections[index].level < match.spec.level
            ),
            None,
        )
        if parent_level is not None and match.spec.level > parent_level + 1:
            jumps.add(match.section.index)
    return jumps


def structure_checkers() -> list[StructureChecker]:
    return [StructureChecker()]
