"""Where a style rule's match stands, for the rules a guide's manifest narrows to some places.

A guide's ``writer.yaml`` may say that a rule is not worth reading in some places
(``skip_contexts``) or is worth reading only in the sections of some roles
(``only_in_sections``):

- ``dated-sentence``: the sentence carries an explicit date ("On Monday 3 February 2020",
  "2024-03-05", "March 20th"), so a relative word in it is anchored; in front matter, the
  front matter's own date anchors every entry;
- ``measured-sentence``: the sentence gives a figure ("under 1024", "3 people", "40%"), so an
  intensifier in it qualifies a number the reader has;
- ``timeline``: the postmortem's timeline, and rows elsewhere that begin with a date or a clock
  time, where each row is anchored by its own time;
- ``dated-document``: the document states its own year (in its front matter's dates, its title
  or its file name), so a phrase reckoned from the writing at the scale of a year ("this year",
  "last year", "at the time of writing") is anchored; finer ones ("last week") still need dates;
- ``other-kind``: a document taken for no kind writer reviews (not a postmortem, design doc
  or decision record: meeting notes, a README), whose own date or occasion anchors what it says;
- a role (``impact``, ``summary``, ...): the section, bold label or bullet field that plays it,
  found as the reviewer checks find it (:mod:`writer.checks.sections`).

The answers are worked out once per document and kept in the checker's per-document state.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from writer.model.document import BlockKind, Document, ProseBlock
from writer.templates.roles import ROLES_BY_KIND

if TYPE_CHECKING:
    from writer.checks.base import CheckContext

SKIP_CONTEXTS = frozenset(
    {"dated-sentence", "measured-sentence", "timeline", "other-kind", "dated-document"}
)
# A role, or a role in one kind of document only ("postmortem.summary").
ROLES = frozenset(
    {role for roles in ROLES_BY_KIND.values() for role in roles}
    | {f"{kind}.{role}" for kind, roles in ROLES_BY_KIND.items() for role in roles}
)

_MONTH = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
    r"sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)"
)
_DAY = r"(?:[012]?\d|3[01])(?:st|nd|rd|th)?"
# A calendar date: 2024-03-05, 2024/03/05, 05/03/2024, "March 20th", "20. January",
# "5 March 2024", "March 2024", "Oct 15".
DATE = re.compile(
    rf"(?i)\b(?:\d{{4}}[-/.]\d{{1,2}}[-/.]\d{{1,2}}|\d{{1,2}}/\d{{1,2}}/\d{{2,4}}"
    rf"|{_MONTH}\.?\s+{_DAY}\b|{_DAY}\.?\s+(?:of\s+)?{_MONTH}\b|{_MONTH}\.?,?\s+(?:19|20)\d\d)\b"
)
# A figure standing on its own (not part of a name such as CVE-2019-15225, v1.2 or sha256).
FIGURE = re.compile(r"(?<![\w.-])\d[\d,.]*(?:%|[a-zA-Z]{1,3}\b)?(?![\w-])")
# A row that starts with its own time or date, in a list, a table or a paragraph line:
# "- 14:02 ...", "| 2022-10-31 17:45 | ...", "[07:33] ...", "**10:15** ...", "2024-03-05: ...".
_ROW_START = re.compile(
    rf"(?i)^[ \t>]*(?:[-*+][ \t]+|\d{{1,3}}[.)][ \t]+|\|[ \t]*)?(?:\*\*|__|`|\[|~)*[ \t]*"
    rf"(?:\d{{4}}-\d{{1,2}}-\d{{1,2}}|\d{{1,2}}:\d{{2}}\b|{_MONTH}\.?\s+{_DAY}\b|"
    rf"{_DAY}\s+{_MONTH}\b|(?:mon|tue|wed|thu|fri|sat|sun)\w*,?\s+(?:{_MONTH}|{_DAY}))"
)


@dataclass(frozen=True)
class Places:
    """Line ranges of a document, sorted and merged, with a lookup by line."""

    ranges: tuple[tuple[int, int], ...] = ()

    def holds(self, line: int) -> bool:
        index = bisect.bisect_right(self.ranges, (line, 1 << 62)) - 1
        return index >= 0 and self.ranges[index][0] <= line <= self.ranges[index][1]


def merged(ranges: Iterable[tuple[int, int]]) -> Places:
    out: list[tuple[int, int]] = []
    for first, last in sorted(ranges):
        if out and first <= out[-1][1] + 1:
            out[-1] = (out[-1][0], max(last, out[-1][1]))
        else:
            out.append((first, last))
    return Places(tuple(out))


def role_places(context: CheckContext, roles: Iterable[str], state: dict[Any, Any]) -> Places:
    """The lines of the sections (or labelled parts) that play any of ``roles``; a role named
    with its kind ("postmortem.summary") counts only in a document of that kind."""
    key = ("roles", tuple(sorted(roles)))
    known: Places | None = state.get(key)
    if known is None:
        from writer.checks import sections

        found = []
        for name in sorted(set(roles)):
            kind, _, role = name.rpartition(".")
            if kind and kind != context.kind:
                continue
            region = sections.find(
                context.document, context.template, role, context.matcher, context.kind
            )
            if region is not None:
                found.append((region.line, region.end_line))
        known = state[key] = merged(found)
    return known


def timeline_places(context: CheckContext, state: dict[Any, Any]) -> Places:
    """The timeline's lines, every line that begins with its own date or time, and the
    sections under a heading that is a date or a time ("## May 12", "### 20:15")."""
    known: Places | None = state.get("timeline")
    if known is None:
        document = context.document
        found = list(role_places(context, ("timeline",), state).ranges)
        for section in document.headings:
            title = section.title.strip()
            if section.level < 2 or len(title) > _ROW_TITLE:
                continue  # the document's title, or a heading that only begins with a date
            if _ROW_START.match(title) or DATE.match(title):
                found.append((section.line, section.end_line))
        for number, line in enumerate(document.text.split("\n"), start=1):
            if number not in document.code_lines and _ROW_START.match(line):
                found.append((number, number))
        known = state["timeline"] = merged(found)
    return known


# A phrase reckoned from the writing, at the scale of a year: a document's own year anchors it.
# "Later this year" promises work and still wants a date.
YEAR_SCALE = re.compile(
    r"(?i)(?:(?<!\blater )this|last|next|past) year|(?:at|as of) the time of (?:this )?writing"
    r"|as of (?:this )?writing"
)
_YEAR = re.compile(r"(?<!\d)(?:19|20)\d\d(?!\d)")
_DATE_KEY = re.compile(r"(?i)date|created|published|updated|when|year")
# A date label line near the top: "Date: 2025-10-16", "**Last updated:** 3 March 2024" (not a
# list item: "* Date: May 28 2025, 11:30 - ..." in a list is the incident's, not the writing's).
_DATE_LABEL = re.compile(
    r"(?im)^(?:\*\*|__)?(?:date|created|published|(?:last\s+)?updated)\b[*_:|\s-]{1,8}[^\n]{0,40}"
)
_TOP_CHARS = 1500


def dated_document(document: Document, state: dict[Any, Any]) -> bool:
    """Does the document state the year it was written: a date in its front matter, a year in
    its title or its file name, a date label near the top ("Date: 2025-10-16")?"""
    known: bool | None = state.get("dated-document")
    if known is None:
        places = [document.path.replace("\\", "/").rsplit("/", 1)[-1] if document.path else ""]
        titles = [section.title for section in document.headings if section.level == 1][:1]
        places += titles
        front = document.front_matter
        if front is not None and isinstance(front.data, dict):
            places += [str(v) for k, v in front.data.items() if _DATE_KEY.search(str(k))]
        top = document.text[:_TOP_CHARS]
        places += [found.group() for found in _DATE_LABEL.finditer(top)]
        known = state["dated-document"] = any(_YEAR.search(place) for place in places)
    return known


# The longest heading read as a timeline row's time ("2021-06-29 18:36 UTC", "Tuesday, May 12").
_ROW_TITLE = 30
# Characters after a sentence read with it: "On Monday 20. January" splits after "20.".
_READ_ON = 24


def sentence_at(block: ProseBlock, offset: int) -> str:
    """The text of the block's sentence that holds plain-text ``offset``, and the first few
    characters after it."""
    if block.kind is BlockKind.HEADING:
        return block.text
    for sentence in block.sentences:
        if sentence.start <= offset < sentence.end:
            return block.text[sentence.start : sentence.end + _READ_ON]
    return block.text


def in_sentence_with(
    pattern: re.Pattern[str], document: Document, block: ProseBlock | None, offset: int, line: int
) -> bool:
    """Whether the sentence around a match holds ``pattern`` (a date, a figure). In front
    matter, the whole front matter stands for the sentence (a post's ``description`` is dated
    by its ``date``); elsewhere outside a block (the raw file), the line does."""
    front = document.front_matter
    if block is not None:
        text = sentence_at(block, offset)
    elif front is not None and front.start_line <= line <= front.end_line:
        text = front.raw  # a front matter entry is read with the record it belongs to
    else:
        text = document.line_text(line)
    return pattern.search(text) is not None


def row_starts(line: str) -> bool:
    """Whether a line begins with its own date or time, as a timeline row does."""
    return _ROW_START.match(line) is not None
