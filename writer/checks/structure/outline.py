"""Heading levels that break a document's outline: a level skipped, a first heading below
level 2, a heading at the title's level among the title's sections, every section at the
title's level, and day or time headings at the level of the timeline they belong to.

Each slip names the heading and, when one edit mends it, the level it should have."""

from __future__ import annotations

import itertools
import re
from collections.abc import Collection, Iterator, Sequence
from dataclasses import dataclass

from writer.model.document import Document, Section
from writer.templates.roles import POSTMORTEM_ROLES, ROLES_BY_KIND, role_of

# A heading that is a time or a date: a timeline written as headings ("14:49", "2021-06-30
# 06:17", "May 12", "1:38 PM").
TIMESTAMP_HEADING = re.compile(
    r"^\W*(?:\d{4}-\d{2}-\d{2}|\d{1,2}:\d{2}|\d{1,2}(?:st|nd|rd|th)?\s+[A-Z][a-z]{2,8}|"
    r"[A-Z][a-z]{2,8}\.?\s+\d{1,2}(?:st|nd|rd|th)?\b|\[?\d{1,2}[-/]\d{1,2}[\]\s])"
)


@dataclass(frozen=True)
class LevelSlip:
    """A heading whose level breaks the outline."""

    section: int  # index of the heading's section in Document.sections
    wanted: int | None  # the level that mends it with one edit, or None
    message: str


def level_slips(
    document: Document, allowed: Collection[int] = (), *, first_heading: bool = True
) -> Iterator[LevelSlip]:
    """Every heading whose level breaks the outline, in document order.

    ``allowed`` holds the sections whose jump the document's template makes itself;
    ``first_heading`` whether a first heading below level 2 is reported.
    """
    headings = document.headings
    if not headings:
        return
    slips = {
        slip.section: slip
        for slip in _skips(headings, allowed)
        if first_heading or slip.section != headings[0].index
    }
    for slip in (
        *_title_level_sections(document, headings),
        *_flat_sections(headings),
        *_timestamps_beside_timeline(headings),
    ):
        slips.setdefault(slip.section, slip)
    for index in sorted(slips):
        yield slips[index]


def _skips(headings: Sequence[Section], allowed: Collection[int]) -> Iterator[LevelSlip]:
    """A heading more than one level below the heading before it; the first heading when it
    is below level 2 (nothing above it, front matter and HTML titles included, holds level 1
    or 2)."""
    previous = 0
    for section in headings:
        if section.index not in allowed and not TIMESTAMP_HEADING.match(section.title):
            if not previous and section.level > 2:
                yield LevelSlip(
                    section.index,
                    None,
                    f"the document's first heading is level {section.level}, with no level-1 "
                    "or level-2 heading above it: start the sections at level 2 (level 1 for "
                    "the title) so no level is skipped",
                )
            elif previous and section.level > previous + 1:
                yield LevelSlip(
                    section.index,
                    previous + 1,
                    f"heading level {section.level} follows level {previous}: use level "
                    f"{previous + 1} so no level is skipped",
                )
        previous = section.level


def _title_level_sections(document: Document, headings: Sequence[Section]) -> Iterator[LevelSlip]:
    """A level-1 heading after a level-1 title whose sections are level 2: the heading leaves
    the title's outline. One with level-2 sections of its own starts a part and is left."""
    title = headings[0]
    if title.level != 1:
        return
    sections = [c for c in title.children if document.sections[c].level == 2]
    if len(sections) < 2:
        return
    for section in headings[1:]:
        if section.level != 1:
            continue
        if any(document.sections[c].level == 2 for c in section.children):
            continue
        yield LevelSlip(
            section.index,
            2,
            f"'{section.title}' is level 1 like the title '{title.title}', while the other "
            "sections are level 2: make it level 2 so it stays under the title",
        )


def _flat_sections(headings: Sequence[Section]) -> Iterator[LevelSlip]:
    """A level-1 title with nothing under it, followed only by level-1 sections: the title
    and its sections share a level. Reported once, at the first section."""
    title = headings[0]
    if title.level != 1 or title.has_content or title.children:
        return
    rest = headings[1:]
    if len(rest) < 2 or any(section.level != 1 for section in rest):
        return
    if any(role_of(title.title, roles) for roles in ROLES_BY_KIND.values()):
        return  # "# Summary" with nothing under it is an empty section, not a title
    first = rest[0]
    yield LevelSlip(
        first.index,
        None,
        f"'{first.title}' and every other section are level 1 like the title "
        f"'{title.title}': make the sections level 2 so they sit under the title",
    )


def _timestamps_beside_timeline(headings: Sequence[Section]) -> Iterator[LevelSlip]:
    """A date or time heading right after a timeline heading of the same level: it ends the
    timeline section instead of opening its first entry."""
    for before, section in itertools.pairwise(headings):
        if (
            section.level == before.level
            and TIMESTAMP_HEADING.match(section.title)
            and not TIMESTAMP_HEADING.match(before.title)
            and role_of(before.title, POSTMORTEM_ROLES) == "timeline"
        ):
            yield LevelSlip(
                section.index,
                None,  # its own entries sit one level below it: one edit does not mend it
                f"'{section.title}' is at the level of '{before.title}' (level "
                f"{before.level}), so it ends the timeline section instead of opening its "
                "first entry: move the date headings, and the headings under them, one level "
                "down",
            )
