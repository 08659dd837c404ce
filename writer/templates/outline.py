"""The outline: a template's sections mapped onto a document, with a status for each.

A template section is matched to the document's heading with the same title or one of its
aliases (case, punctuation and numbering ignored). Sections the document has but the template
does not are listed too, where they stand. Without a template, the outline is the headings.
The drafting screen shows it beside the editor; the language server gives it as the document's
symbols.
"""

from __future__ import annotations

import enum
import logging
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from writer.model.document import Document, Section
from writer.model.findings import Finding, Severity
from writer.model.headings import normalise

if TYPE_CHECKING:
    from writer.templates.matching import TemplateMatcher

log = logging.getLogger(__name__)


class Status(str, enum.Enum):
    MISSING = "missing"  # the template asks for it; the document has no such heading
    EMPTY = "empty"  # the heading is there with nothing under it
    FINDINGS = "findings"  # it has findings at warning or error
    FINE = "fine"

    @property
    def mark(self) -> str:
        return {"missing": "✗", "empty": "○", "findings": "▲", "fine": "✓"}[self.value]


@dataclass(frozen=True)
class Entry:
    """One outline row: a template section, a heading of the document, or both."""

    key: str
    title: str
    level: int
    status: Status
    guidance: str = ""
    skeleton: str = ""
    required: bool = False
    section: int | None = None  # index into Document.sections
    line: int = 0  # the heading's line (1-based), 0 when missing
    start: int = 0  # offsets of the section in Document.text (subsections included)
    end: int = 0
    body_line: int = 0  # first line after the heading
    findings: tuple[Finding, ...] = ()
    in_template: bool = True

    @property
    def label(self) -> str:
        return f"{self.status.mark} {self.title}"


@dataclass(frozen=True)
class Outline:
    entries: tuple[Entry, ...]

    def entry_at(self, offset: int) -> int | None:
        """The index of the innermost present entry whose section holds ``offset``."""
        best: int | None = None
        for index, entry in enumerate(self.entries):
            if entry.section is None or not entry.start <= offset < max(entry.end, entry.start + 1):
                continue
            if best is None or self.entries[best].level <= entry.level:
                best = index
        return best

    def insertion_offset(self, index: int, end_of_text: int) -> int:
        """Where the missing entry at ``index`` belongs: just after the present entry before it
        (its subsections included), else just before the first present entry after it, else
        at the end of the text."""
        before = [e for e in self.entries[:index] if e.section is not None]
        if before:
            return before[-1].end
        after = [e for e in self.entries[index + 1 :] if e.section is not None]
        return after[0].start if after else end_of_text

    def index_of(self, key: str) -> int | None:
        for index, entry in enumerate(self.entries):
            if entry.key == key:
                return index
        return None


def _attr(spec: object, name: str, default: object) -> object:
    value = getattr(spec, name, default)
    return default if value is None else value


def _names(spec: object) -> list[str]:
    names = [str(_attr(spec, "title", ""))]
    aliases = _attr(spec, "aliases", ())
    if isinstance(aliases, Iterable) and not isinstance(aliases, str):
        names += [str(alias) for alias in aliases]
    return [normalise(name) for name in names if name]


def _status(document: Document, section: Section, findings: Sequence[Finding]) -> Status:
    """Empty before anything else (a new draft is a column of ○, not of warnings about empty
    sections), then findings at warning or error, else fine."""
    has_body = section.has_content or any(
        document.sections[child].has_content for child in document.descendants(section)
    )
    if not has_body:
        return Status.EMPTY
    if any(f.severity >= Severity.WARNING for f in findings):
        return Status.FINDINGS
    return Status.FINE


def _findings_in(findings: Sequence[Finding], start: int, end: int) -> tuple[Finding, ...]:
    return tuple(f for f in findings if start <= f.start < end or (f.start == end == start))


def build_outline(
    document: Document,
    template_sections: Sequence[object],
    findings: Sequence[Finding],
    matches: Mapping[str, Section | None] | None = None,
) -> Outline:
    """Map ``template_sections`` (objects with ``title``, ``aliases``, ``guidance``, ...) onto
    ``document`` and give each a status from ``findings``.

    ``matches`` (section id to the document's section, as the template matcher found them)
    takes precedence over matching by title here.
    """
    headings = [s for s in document.sections if s.index != 0]
    if not template_sections:
        return Outline(tuple(_heading_entry(document, s, findings, False) for s in headings))
    top = min(int(str(_attr(spec, "level", 2))) for spec in template_sections)
    by_name: dict[str, Section] = {}
    for section in headings:
        by_name.setdefault(normalise(section.title), section)
    matched: dict[int, Entry] = {}
    spec_position: dict[str, int] = {}
    missing: list[tuple[int, Entry]] = []  # (position among template sections, entry)
    for position, spec in enumerate(template_sections):
        key = str(_attr(spec, "id", "") or _attr(spec, "title", f"section-{position}"))
        if matches is not None and key in matches:
            found = matches[key]
        else:
            found = next((by_name[name] for name in _names(spec) if name in by_name), None)
        title = str(_attr(spec, "title", key))
        guidance = str(_attr(spec, "guidance", "")).strip()
        skeleton = str(_attr(spec, "skeleton", "")).strip()
        required = bool(_attr(spec, "required", False))
        level = int(str(_attr(spec, "level", top)))
        spec_position[key] = position
        if found is None or found.index in matched:
            missing.append(
                (
                    position,
                    Entry(key, title, level, Status.MISSING, guidance, skeleton, required),
                )
            )
            continue
        own = _findings_in(findings, found.start, found.end)
        matched[found.index] = Entry(
            key,
            found.title or title,
            level,
            _status(document, found, own),
            guidance,
            skeleton,
            required,
            found.index,
            found.line,
            found.start,
            found.end,
            found.body_start_line,
            own,
        )
    # Document order for what is there; a missing section goes after its template predecessor.
    entries: list[Entry] = []
    placed_positions: list[int] = []
    for section in headings:
        if section.index in matched:
            entry = matched[section.index]
            entries.append(entry)
            placed_positions.append(spec_position.get(entry.key, -1))
        elif section.level == top and section.title:
            entries.append(_heading_entry(document, section, findings, False))
            placed_positions.append(placed_positions[-1] if placed_positions else -1)
    for position, entry in missing:
        insert_at = len(entries)
        for index, placed in enumerate(placed_positions):
            if placed > position:
                insert_at = index
                break
        entries.insert(insert_at, entry)
        placed_positions.insert(insert_at, position)
    return Outline(tuple(entries))


def outline_for(
    document: Document,
    template: Any,
    findings: Sequence[Finding],
    matcher: TemplateMatcher | None = None,
) -> Outline:
    """The outline of ``document`` against ``template`` (a spec, or None for the headings);
    ``matcher`` (the linter's) reuses the match made while linting the document."""
    if template is None:
        return build_outline(document, (), findings)
    sections = tuple(getattr(template, "sections", ()) or ())
    try:
        from writer.templates.matching import match_sections

        matches = match_sections(document, template, matcher)
    except Exception:  # the outline falls back to matching titles itself
        log.exception("matching sections failed")
        matches = None
    return build_outline(document, sections, findings, matches)


def _heading_entry(
    document: Document, section: Section, findings: Sequence[Finding], in_template: bool
) -> Entry:
    own = _findings_in(findings, section.start, section.end)
    return Entry(
        f"heading-{section.line}",
        section.title or "(untitled)",
        section.level,
        _status(document, section, own),
        section=section.index,
        line=section.line,
        start=section.start,
        end=section.end,
        body_line=section.body_start_line,
        findings=own,
        in_template=in_template,
    )
