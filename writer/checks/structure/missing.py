"""Where a template's missing sections belong in the document, and what to tell the author.

A missing section belongs before the next template section the document has (in the
template's order), or, when none follows, at the end of the previous one's text. Sections
that belong at one place under one parent are reported together, once: "add '## Drawbacks'
and '## Alternatives' sections at the end of '## Implementation History'"."""

from __future__ import annotations

from collections.abc import Collection, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass

from writer.model.document import Document
from writer.templates.matching import SectionMatch
from writer.templates.roles import DESIGN_ROLES, role_of
from writer.templates.spec import SectionSpec, TemplateSpec

# Statuses of a proposal that will not be revised: its missing sections are not asked for.
CLOSED_STATUSES = frozenset(
    {
        "withdrawn",
        "rejected",
        "declined",
        "removed",
        "superseded",
        "obsolete",
        "replaced",
        "abandoned",
        "deprecated",
        "postponed",
    }
)


def closed(status: str | None) -> bool:
    """Whether a stated status says the proposal is closed ('withdrawn', 'Superseded by 12')."""
    if not status:
        return False
    words = status.strip().strip("\"'`*").lower().split()
    return bool(words) and words[0].rstrip(".,:;") in CLOSED_STATUSES


@dataclass(frozen=True)
class Place:
    """Where missing sections go: before a present section, after one, or at the top."""

    line: int  # the line a finding is reported on
    before: SectionMatch | None
    after: SectionMatch | None


@dataclass(frozen=True)
class Gap:
    """Missing sections that belong at one place, with the finding's line and message."""

    line: int
    sections: tuple[SectionSpec, ...]
    message: str


def gaps(
    document: Document,
    spec: TemplateSpec,
    missing: Sequence[SectionSpec],
    present: Mapping[str, SectionMatch],
    top_line: int,
) -> Iterator[Gap]:
    """The missing sections grouped by the place they belong (and the section they belong
    under), in template order.

    ``present`` holds the sections found in the template's order; ``top_line`` is where a
    section goes when the document has none of the template's sections around it."""
    groups: dict[tuple[int, int, str | None], tuple[Place, list[SectionSpec]]] = {}
    for section in missing:
        place = _place(document, spec, section, present, top_line)
        key = (
            place.before.section.index if place.before else -1,
            place.after.section.index if place.after else -1,
            section.parent,
        )
        groups.setdefault(key, (place, []))[1].append(section)
    for place, sections in groups.values():
        yield Gap(place.line, tuple(sections), _message(spec, sections, place, present))


def written_otherwise(
    document: Document,
    spec: TemplateSpec,
    section: SectionSpec,
    present: Mapping[str, SectionMatch],
    matched: Collection[int],
) -> bool:
    """Whether a missing part of the design itself (a proposal, a design, a guide-level or
    reference-level explanation) is written under the document's own headings: headings at its
    level that stand for no template section, where it belongs (after the template section
    before it and before the one after it). A roadmap's 'The goals' and 'Yearly calendar', or
    a single 'Explanation', hold the design the template splits in two."""
    if role_of(section.title, DESIGN_ROLES) != "proposal":
        return False
    position = spec.position(section.id)
    before = next(
        (present[s.id] for s in reversed(spec.sections[:position]) if s.id in present), None
    )
    after = next((present[s.id] for s in spec.sections[position + 1 :] if s.id in present), None)
    anchor = before or after
    if anchor is None:
        return False
    level = section.level + anchor.section.level - anchor.spec.level
    first = before.section.line if before is not None else 0
    last = after.section.line if after is not None else document.index.line_count + 1
    return any(
        first < heading.line < last and heading.level == level and heading.index not in matched
        for heading in document.headings
    )


def _place(
    document: Document,
    spec: TemplateSpec,
    section: SectionSpec,
    present: Mapping[str, SectionMatch],
    top_line: int,
) -> Place:
    position = spec.position(section.id)
    after = next((present[s.id] for s in spec.sections[position + 1 :] if s.id in present), None)
    parent = present.get(section.parent) if section.parent is not None else None
    if after is not None and (parent is None or after.section.line <= parent.section.end_line + 1):
        return Place(after.section.line, after, None)
    before = next(
        (present[s.id] for s in reversed(spec.sections[:position]) if s.id in present), None
    )
    if parent is not None and (before is None or before.section.line <= parent.section.end_line):
        # A subsection goes inside its parent: when the next template section the document has
        # comes after sections of the document's own, at the end of the parent's text.
        return Place(_last_text_line(document, parent), None, parent)
    if before is not None:
        return Place(_last_text_line(document, before), None, before)
    return Place(top_line, None, None)


def _last_text_line(document: Document, match: SectionMatch) -> int:
    """The last line of a section's text (its subsections included): not blank, and not in an
    HTML comment on lines of its own (a template's guidance, a section commented out)."""
    section = match.section
    hidden = {
        line
        for comment in document.comments
        if comment.own_line
        for line in range(comment.line, comment.end_line + 1)
    }
    line = section.end_line
    while line > section.line and (line in hidden or not document.line_text(line).strip()):
        line -= 1
    return line


def _message(
    spec: TemplateSpec,
    sections: Sequence[SectionSpec],
    place: Place,
    present: Mapping[str, SectionMatch],
) -> str:
    parents = {section.parent for section in sections}
    parent_id = next(iter(parents)) if len(parents) == 1 else None
    # Levels as the document writes them: from the parent when it is there, else the place.
    anchor = present.get(parent_id) if parent_id is not None else None
    anchor = anchor or place.before or place.after
    shift = anchor.section.level - anchor.spec.level if anchor is not None else 0
    one = len(sections) == 1
    if place.before is not None:
        where = f"before {_written(place.before)}"
    elif place.after is not None:
        where = f"at the end of {_written(place.after)}"
    else:
        where = "near the top"
    add = _additions(sections, shift)
    if parent_id is not None and parent_id in present:
        parent = present[parent_id].section.title
        noun = "subsection" if one else "subsections"
        return (
            f"'{_short(parent)}' lacks the {spec.title}'s {noun} {_names(sections)}: add "
            f"{add} {where}, or say why {'it does' if one else 'they do'} not apply"
        )
    noun = "section" if one else "sections"
    verb = "is" if one else "are"
    return f"required {noun} {_names(sections, spec)} {verb} missing: add {add} {where}"


def _additions(sections: Sequence[SectionSpec], shift: int) -> str:
    """What to add: "a '## Impact' section", "'## Drawbacks' and '## Alternatives' sections";
    long titles (the questions of a questionnaire) already named are given by level only:
    "it as a level-6 heading"."""
    levels = [min(6, max(1, section.level + shift)) for section in sections]
    if any(len(section.title) > _LONG for section in sections):
        if len(set(levels)) == 1:
            pronoun = "it" if len(sections) == 1 else "them"
            noun = "a level-{} heading" if len(sections) == 1 else "level-{} headings"
            return f"{pronoun} as {noun.format(levels[0])}"
        return "them"
    headings = [
        f"'{'#' * level} {section.title}'" for section, level in zip(sections, levels, strict=True)
    ]
    if len(headings) == 1:
        return f"a {headings[0]} section"
    if len(headings) > 4:
        return f"{_join([*headings[:4], f'{len(headings) - 4} more'])} sections"
    return f"{_join(headings)} sections"


_LONG = 40  # a title longer than this is written out once in a message, not twice


def _short(title: str) -> str:
    return title if len(title) <= 2 * _LONG else title[: 2 * _LONG - 3].rstrip() + "..."


def _written(match: SectionMatch) -> str:
    """A present section's heading as written: "'## Timeline'"."""
    return f"'{'#' * match.section.level} {_short(match.section.title)}'"


def _names(sections: Sequence[SectionSpec], spec: TemplateSpec | None = None) -> str:
    """The sections' titles, each with how many subsections it brings when ``spec`` is given:
    "'Contributing factors' and 'Lessons learned' (with its 3 subsections)"."""
    names = []
    for section in sections:
        below = len(_descendants(section, spec)) if spec is not None else 0
        more = f" (with its {below} subsection{'s' if below != 1 else ''})" if below else ""
        names.append(f"'{section.title}'{more}")
    if len(names) > 4:
        names = [*names[:4], f"{len(sections) - 4} more"]
    return _join(names)


def _join(items: Iterable[str]) -> str:
    listed = list(items)
    return listed[0] if len(listed) == 1 else ", ".join(listed[:-1]) + " and " + listed[-1]


def _descendants(section: SectionSpec, spec: TemplateSpec) -> list[SectionSpec]:
    out = []
    ids = {section.id}
    for other in spec.sections:
        if other.parent in ids:
            ids.add(other.id)
            out.append(other)
    return out
