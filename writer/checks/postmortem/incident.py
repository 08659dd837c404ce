"""A postmortem's incident as its document tells it: the timeline rows placed in time, the zone,
the milestones and the figures. Importable without any front (no Textual), for the checks and
for reports:

    >>> from writer.model.document import parse
    >>> from writer.checks.postmortem.incident import read_incident
    >>> incident = read_incident(parse(open("pm.md").read(), "pm.md"))
    >>> incident.milestones.detected.row.line, incident.durations()["time_to_detect"]

The timeline is found by its role (:mod:`writer.checks.sections`): a heading in any of its usual
names, a bold label or a bullet field. A timeline whose date headings sit at its own level
(``## Timeline`` then ``## May 12``) is read on through them, a "Follow-up timeline" after it is
read as rows after the resolution, and chat logs and appendices are left out. A document with
no timeline rows is read from its prose ("At 15:23 UTC we received a report ...").
"""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import itertools
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import PurePath
from typing import TYPE_CHECKING

from writer.checks import sections
from writer.checks.postmortem.milestones import Milestones, find_milestones, minutes_between
from writer.checks.postmortem.stamps import DateMatch, find_clocks, find_dates
from writer.checks.postmortem.timeline import (
    GapProblem,
    MisspeltZone,
    OrderProblem,
    ReadContext,
    Row,
    ZoneStatement,
    clean_line,
    date_line,
    misspelt_zones,
    place_rows,
    read_rows,
    zone_statements,
)
from writer.checks.postmortem.zones import Zone
from writer.model.document import BlockKind, Document, ProseBlock
from writer.model.lines import Line
from writer.templates.detect import stamped_lines
from writer.templates.roles import POSTMORTEM_ROLES, Region, role_of

if TYPE_CHECKING:
    from writer.templates.matching import TemplateMatcher
    from writer.templates.spec import TemplateSpec


@dataclass(frozen=True)
class DocumentDate:
    """A date the document gives for itself or its incident, and where."""

    date: dt.date
    source: str  # "title", "file name", "front matter", "metadata", "summary", "incident dates"
    line: int | None  # None for the file name
    start: int = -1  # offsets of the date in the document's text
    end: int = -1
    year_known: bool = True
    weekday: int | None = None
    weekday_text: str | None = None


@dataclass(frozen=True)
class Incident:
    """What a postmortem says happened when: see the module's description."""

    region: Region | None  # the timeline's section (or label), None when there is none
    rows: tuple[Row, ...]  # every row read, placed in time where it could be
    zone: ZoneStatement | None  # "All times UTC", "Timeline (times in BST)", "Time (UTC)"
    zone_statements: tuple[ZoneStatement, ...]
    misspelt: tuple[MisspeltZone, ...]
    order: tuple[OrderProblem, ...]
    gaps: tuple[GapProblem, ...]
    milestones: Milestones
    dates: tuple[DocumentDate, ...]  # the dates the title, file name and metadata give
    default_date: dt.date | None
    from_prose: bool = False  # the rows were read from prose: there is no timeline to read
    excluded: tuple[int, ...] = field(default=())  # lines left out (chat logs, appendices)
    # Where this incident is told, when the document holds several (an incident log): the lines
    # of the section around the timeline that holds no other timeline. None: the whole document.
    scope: tuple[int, int] | None = None

    @property
    def known(self) -> tuple[Row, ...]:
        return tuple(row for row in self.rows if row.known)

    @property
    def timed(self) -> tuple[Row, ...]:
        return tuple(row for row in self.rows if row.time is not None and not row.placeholder)

    def has_zone(self) -> bool:
        timed = self.timed
        if self.zone is not None:
            return True
        if self.from_prose:
            return any(row.zone for row in timed)
        return bool(timed) and all(row.zone for row in timed)

    def span(self) -> tuple[Row, Row] | None:
        """The first and last placed rows."""
        placed = [row for row in self.rows if row.local is not None]
        return (placed[0], placed[-1]) if placed else None

    def durations(self) -> dict[str, float | None]:
        """Minutes to detect, mitigate and resolve, from the start of impact (None: unknown)."""
        marks = self.milestones
        return {
            "time_to_detect": marks.minutes("detected"),
            "time_to_mitigate": marks.minutes("mitigated"),
            "time_to_resolve": marks.minutes("resolved"),
        }


# -- finding the timeline ----------------------------------------------------------------------

_EXCLUDED_TITLE = re.compile(
    r"(?i)\b(?:chat|slack|irc|zulip|discord|teams)\b.*\blogs?\b|\btranscripts?\b|\bappendi\w*\b|"
    r"\braw logs?\b|\bchat history\b"
)
_AFTER_TITLE = re.compile(
    r"(?i)\bfollow[- ]?up\b|\bpost[- ]?(?:resolution|incident)\b|\baftermath\b"
)


def timeline_regions(
    document: Document,
    template: TemplateSpec | None = None,
    matcher: TemplateMatcher | None = None,
) -> tuple[Region | None, list[tuple[int, int, bool]], list[int]]:
    """The timeline's region and the line ranges to read: (first, last, after resolution), and
    the lines left out (chat logs, appendices)."""
    region = sections.find(document, template, "timeline", matcher) or _untitled_timeline(document)
    if region is None:
        return None, [], []
    ranges: list[tuple[int, int, bool]] = []
    excluded: list[int] = []
    last = region.end_line
    if region.section is not None:
        section = region.section
        for child in sections.children(document, region):
            for index in (child.index, *document.descendants(child)):
                sub = document.sections[index]
                if _EXCLUDED_TITLE.search(sub.title):
                    excluded.extend(range(sub.line, sub.end_line + 1))
        # date headings at the timeline's own level ("## Timeline" then "## May 12")
        following = [s for s in document.sections if s.line > section.line and s.level > 0]
        for sub in following:
            if sub.line <= section.end_line:
                continue
            if sub.level > section.level:
                continue
            title = sub.title
            if date_line("# " + title) is not None or re.match(r"(?i)^day\s+\d", title):
                last = max(last, sub.end_line)
                continue
            role = role_of(title, POSTMORTEM_ROLES)
            if role == "timeline" or (_AFTER_TITLE.search(title) and "timeline" in title.lower()):
                ranges.append((sub.line + 1, sub.end_line, True))
                continue
            break
    ranges.insert(0, (region.body_start_line, last, False))
    return region, ranges, excluded


_LOG_ROWS = 3  # the least lines that make a log


def _untitled_timeline(document: Document) -> Region | None:
    """A section whose own lines are a log, though its heading does not say timeline ("How was
    it fixed" holding "### 28 Feb 2017" and "1738: ..." lines): the outermost such section
    below the title, or None."""
    starts = [document.index.position(start)[0] for start in stamped_lines(document.masked_text)]
    if len(starts) < _LOG_ROWS:
        return None
    title = document.headings[0] if document.headings else None
    for section in document.headings:
        if section is title and section.level == 1:
            continue
        inside = sum(1 for line in starts if section.line < line <= section.end_line)
        if inside >= _LOG_ROWS:
            return sections.of_section("timeline", section)
    return None


def _raw_lines(
    document: Document,
    first: int,
    last: int,
    skip: Sequence[int] = (),
    *,
    keep_code: bool = False,
) -> list[Line]:
    """Lines as written (inline code and link text kept, link targets blanked), with code
    blocks (but for their text when ``keep_code``: a timeline pasted as a code block),
    comments and skipped lines blanked."""
    source = document.text
    comments = [(c.start, c.end) for c in document.comments]
    skipped = set(skip)
    out = []
    count = document.index.line_count
    for number in range(max(1, first), min(last, count) + 1):
        start, end = document.index.line_span(number)
        text = source[start:end]
        if number in skipped or (
            number in document.code_lines and (not keep_code or _FENCE.match(text))
        ):
            text = " " * len(text)
        elif any(c_start < end and c_end > start for c_start, c_end in comments):
            chars = list(text)
            for c_start, c_end in comments:
                if c_end <= start or c_start >= end:
                    continue
                for index in range(max(c_start, start), min(c_end, end)):
                    chars[index - start] = " "
            text = "".join(chars)
        out.append(Line(number, start, clean_line(text)))
    return out


_FENCE = re.compile(r"^\s{0,3}(?:`{3,}|~{3,})")


# -- the document's own dates ------------------------------------------------------------------

_FILE_DATE = re.compile(r"(?<!\d)((?:19|20)\d{2})[-_.]?([01]\d)[-_.]?([0-3]\d)(?!\d)")
_EVENTS_ON = re.compile(
    r"(?i)\b(?:all\s+)?(?:events?|times?|entries|rows)\s+(?:\w+\s+){0,2}?(?:happened|occurred|are|were|is)\s+on\s+"
)
_METADATA_KEYS = re.compile(
    r"(?i)^\W*(?:incident\s+)?(?:date|dates|date\(s\)|day|incident\s+date\(s\)|when|"
    r"date\s+of\s+(?:the\s+)?incident)\W*$"
)
_TWENTY_FOUR = re.compile(r"(?i)\b24[- ]?h(?:ou)?r?\b|\b24-hour clock\b")


def document_dates(document: Document) -> list[DocumentDate]:
    """The dates a document gives for itself: its title, file name, front matter, metadata
    fields (``**Date**:``, ``| Date | ... |``, an "Incident date(s)" section) and the opening
    "On <date>" of its summary."""
    found: list[DocumentDate] = []
    titles = [s for s in document.headings if s.level == 1]
    if titles:
        title = titles[0]
        start, end = document.index.line_span(title.line)
        for match in find_dates(document.text[start:end]):
            found.append(_at(match, "title", title.line, start))
    data = document.front_matter.data if document.front_matter else None
    if isinstance(data, dict):
        for key in ("title",):
            value = data.get(key)
            if isinstance(value, str):
                for match in find_dates(value):
                    found.append(
                        DocumentDate(
                            match.date,
                            "title",
                            document.front_matter.start_line if document.front_matter else None,
                            year_known=match.year_known,
                        )
                    )
        for key in ("date", "incident_date", "incident-date"):
            value = data.get(key)
            if isinstance(value, dt.datetime):
                value = value.date()
            if isinstance(value, dt.date):
                found.append(DocumentDate(value, "front matter", None))
            elif isinstance(value, str):
                for match in find_dates(value):
                    found.append(
                        DocumentDate(match.date, "front matter", None, year_known=match.year_known)
                    )
                    break
    if document.path:
        name = PurePath(document.path).name
        named = _FILE_DATE.search(name)
        if named is not None:
            with contextlib.suppress(ValueError):
                found.append(
                    DocumentDate(
                        dt.date(int(named.group(1)), int(named.group(2)), int(named.group(3))),
                        "file name",
                        None,
                    )
                )
    found.extend(_metadata_dates(document))
    return found


def _at(match: DateMatch, source: str, line: int, base: int) -> DocumentDate:
    return DocumentDate(
        match.date,
        source,
        line,
        base + match.start,
        base + match.end,
        match.year_known,
        match.weekday,
        match.weekday_text,
    )


def _metadata_dates(document: Document) -> Iterator[DocumentDate]:
    """``**Date**: 30th January 2023``, ``| Date | 2022-04-20 |``, ``## Incident date(s)``."""
    text = document.masked_text
    lines = text.split("\n")
    for number, line in enumerate(lines[:80], start=1):
        key = value = None
        if line.count("|") >= 2:
            parts = [part.strip() for part in line.strip().strip("|").split("|")]
            if len(parts) >= 2:
                key, value = parts[0], parts[1]
        colon = line.find(":", 0, 60)
        if key is None and colon > 0:
            key = re.sub(r"^\s*(?:[-*+]\s+)?", "", line[:colon]).strip().strip("*_").strip()
            value = line[colon + 1 :].strip().strip("*_").strip()
        if key is None or value is None or not _METADATA_KEYS.match(key.strip("*_ ")):
            continue
        if not value:
            continue
        base = document.index.line_span(number)[0] + line.index(value)
        for match in find_dates(value):
            yield _at(match, "metadata", number, base)
            break
    for section in document.headings:
        if re.match(r"(?i)^incident\s+dates?(?:\(s\))?$", section.title.strip()):
            for number in range(
                section.body_start_line, min(section.body_end_line, section.body_start_line + 3) + 1
            ):
                start, end = document.index.line_span(number)
                for match in find_dates(text[start:end]):
                    yield _at(match, "incident dates", number, start)
                    break


def _summary_date(document: Document, matcher: TemplateMatcher | None) -> DocumentDate | None:
    """The date of an opening "On <date>, ..." in the summary (or the untitled opening)."""
    region = sections.find(document, None, "summary", matcher)
    blocks = sections.blocks(document, region) if region is not None else []
    if not blocks:
        blocks = [b for b in document.blocks if b.kind is BlockKind.PARAGRAPH][:1]
    for block in blocks[:2]:
        match = re.match(r"\s*On\s+(?:the\s+)?", block.text)
        if match is None:
            continue
        for found in find_dates(block.text[match.end() : match.end() + 60]):
            if found.start > 12:
                break
            start, end = block.source_span(match.end() + found.start, match.end() + found.end)
            return DocumentDate(
                found.date,
                "summary",
                document.position(start)[0],
                start,
                end,
                found.year_known,
                found.weekday,
                found.weekday_text,
            )
    return None


def _context(
    document: Document,
    lines: Sequence[Line],
    dates: Sequence[DocumentDate],
    summary: DocumentDate | None,
) -> ReadContext:
    year = None
    for candidate in [summary, *dates]:
        if candidate is not None and candidate.year_known:
            year = candidate.date.year
            break
    if year is None and document.front_matter is not None:
        raw = document.front_matter.raw
        match = re.search(r"(?<!\d)((?:19|20)\d{2})[/-]\d{2}", raw)
        if match:
            year = int(match.group(1))
    default: dt.date | None = None
    source = ""
    for line in lines[:12]:
        match = _EVENTS_ON.search(line.text)
        if match:
            found = next(iter(find_dates(line.text[match.end() :])), None)
            if found is not None:
                default, source = found.date, "statement"
                break
    if default is None:
        order = ("summary", "title", "incident dates", "file name")
        pool = [summary] if summary is not None else []
        pool += [d for d in dates if d.source in order]
        pool.sort(key=lambda d: order.index(d.source))
        for candidate in pool:
            day = candidate.date
            if not candidate.year_known:
                if year is None:
                    continue
                try:
                    day = day.replace(year=year)
                except ValueError:
                    continue
            default, source = day, candidate.source
            break
    twenty_four = any(_TWENTY_FOUR.search(line.text) for line in lines[:12])
    return ReadContext(default, source, year, twenty_four)


# -- prose timelines ---------------------------------------------------------------------------

_CLOCK_HINT = re.compile(
    r"\d:\d\d|\d\s?[AaPp]\.?[Mm]\b|\d{4}\s?(?:UTC|GMT|Z\b)|[01]\d[0-5]\d\s+and"
)
_CLAUSE_BREAK = re.compile(r",\s+(?:and|but|while|so|then)\b|;\s|\s[-–—]\s|\.\s")


def prose_rows(document: Document, blocks: Sequence[ProseBlock], context: ReadContext) -> list[Row]:
    """Rows read from sentences with clock times: "At 15:23 UTC we received a report".

    Each time gets the clause around it (up to the next time, cut at a clause break), the date
    written in its sentence (or the block, or the document's), and its zone."""
    rows: list[Row] = []
    current = context.default_date
    current_from = context.default_from
    for block in blocks:
        if block.kind is BlockKind.HEADING:
            continue
        text = block.text
        if _CLOCK_HINT.search(text) is None:
            continue
        clocks = [c for c in find_clocks(text) if c.clock.time is not None]
        dates = list(find_dates(text))
        begin = 0
        for index, found in enumerate(clocks):
            cut = text.rfind(". ", begin, found.start)
            sentence_start = cut + 2 if cut >= 0 else begin
            stop = clocks[index + 1].start if index + 1 < len(clocks) else len(text)
            sentence_end = text.find(". ", found.end, stop)
            stop = sentence_end + 1 if sentence_end >= 0 else stop
            if index + 1 < len(clocks) and sentence_end < 0:
                breaks = [m.start() for m in _CLAUSE_BREAK.finditer(text, found.end, stop)]
                if breaks:
                    stop = breaks[0]
            begin = stop
            for date in dates:
                if date.end <= found.start and date.start >= sentence_start - 80:
                    current, current_from = _dated(date, context, current), "row"
            for date in dates:  # "until 02:50 UTC on June 18th, 2020": the date after the time
                if date.start >= found.end and _DATE_AFTER.fullmatch(text[found.end : date.start]):
                    current, current_from = _dated(date, context, current), "row"
                    break
            clause = text[sentence_start:stop].strip()
            if _WRITING.search(clause):
                continue  # "As of writing (June 23rd, 01:30 UTC)": when it was written, no event
            start, end = block.source_span(found.start, found.end)
            zone_start = zone_end = -1
            if found.zone_start >= 0 and found.zone_text:
                zone_start, zone_end = block.source_span(
                    found.zone_start, found.zone_start + len(found.zone_text)
                )
            rows.append(
                Row(
                    line=document.position(start)[0],
                    start=start,
                    end=end,
                    text=clause,
                    form="prose",
                    date=current,
                    date_from=current_from if current is not None else "",
                    year_known=current is None or current.year != 2000,
                    clock=found.clock,
                    zone=found.zone,
                    zone_text=found.zone_text,
                    zone_start=zone_start,
                    zone_end=zone_end,
                )
            )
    return rows


_DATE_AFTER = re.compile(r"(?i)[\s,]*(?:on\s+(?:the\s+)?)?")
_WRITING = re.compile(r"(?i)\b(?:as\s+of|at\s+the\s+time\s+of)\s+(?:this\s+)?writing\b")


def _dated(found: DateMatch, context: ReadContext, current: dt.date | None = None) -> dt.date:
    """The date a sentence gives; without a year, the document's year, else the year of the
    date the story is at ("June 17th, 2020 ... On June 18th")."""
    year = context.year or (current.year if current is not None and current.year != 2000 else None)
    if found.year_known or year is None:
        return found.date
    try:
        return found.date.replace(year=year)
    except ValueError:
        return found.date


_PROSE_ROLES = ("summary", "impact", "detection", "response", "timeline")


# -- reading -----------------------------------------------------------------------------------


def incident_scope(document: Document, region: Region | None) -> tuple[int, int] | None:
    """The lines that tell the incident of ``region``'s timeline when the document has more
    than one timeline (an incident log, one section an incident): the widest section around
    it that holds no other timeline. None when the document tells one incident."""
    if region is None:
        return None
    marks = {found.line for found in sections.named_regions(document, "timeline", POSTMORTEM_ROLES)}
    others = [line for line in marks if not region.line <= line <= region.end_line]
    if not others:
        return None
    best: tuple[int, int] | None = None
    for section in document.headings:
        if not section.line <= region.line <= section.end_line:
            continue
        if any(section.line <= line <= section.end_line for line in others):
            continue
        if best is None or section.end_line - section.line > best[1] - best[0]:
            best = (section.line, section.end_line)
    return best or (region.line, region.end_line)


def read_incident(
    document: Document,
    template: TemplateSpec | None = None,
    matcher: TemplateMatcher | None = None,
) -> Incident:
    """Read the incident a postmortem describes: see :class:`Incident`.

    ``matcher`` (the linter's :class:`~writer.templates.matching.TemplateMatcher`) reuses the
    sections already found for the document."""
    if matcher is None:
        from writer.templates.matching import TemplateMatcher

        matcher = TemplateMatcher()
    region, ranges, excluded = timeline_regions(document, template, matcher)
    lines: list[Line] = []
    after_lines: set[int] = set()
    for first, last, after in ranges:
        chunk = _raw_lines(document, first, last, excluded)
        lines.extend(chunk)
        if after:
            after_lines.update(line.number for line in chunk)
    dates = document_dates(document)
    summary = _summary_date(document, matcher)
    all_dates = [*dates, *([summary] if summary is not None else [])]
    context = _context(document, lines, dates, summary)
    # the zone: in the timeline (its heading too), else anywhere in the document
    heading_lines = _raw_lines(document, region.line, region.line) if region is not None else []
    statements = list(zone_statements([*heading_lines, *_paragraphs(lines)]))
    statements += [s for s in _table_zones(lines) if all(s.line != t.line for t in statements)]
    whole = _document_lines(document)
    if not statements:
        statements = list(zone_statements(_paragraphs(whole)))
    misspelt = tuple(misspelt_zones([*heading_lines, *lines])) if region else ()
    zone = statements[0] if statements else None
    rows = read_rows(lines, context)
    if not any(row.known for row in rows) and region is not None:
        coded = _code_timeline(document, region, ranges, excluded)
        if coded is not None:
            from_code = read_rows(coded, context)
            code_lines = [line for line in coded if line.number in document.code_lines]
            known = {row.line for row in from_code if row.known}
            # the timeline pasted as a code block: most of its lines are rows (not a log)
            if len(known) >= 3 and len(known) >= 0.6 * len(
                [c for c in code_lines if c.text.strip()]
            ):
                lines, rows = coded, from_code
    if after_lines:
        rows = [row if row.line not in after_lines else _after(row) for row in rows]
    from_prose = False
    if not any(row.known for row in rows):
        blocks: list[ProseBlock] = []
        if region is not None:
            blocks = sections.blocks(document, region)
        if not any(_CLOCK_HINT.search(b.text) for b in blocks):
            blocks = _prose_blocks(document, matcher)
        prose = prose_rows(document, blocks, context)
        if len([row for row in prose if row.time is not None]) >= 2:
            rows, from_prose = prose, True
    zone_for_rows = zone.zone if zone is not None else None
    if from_prose and zone_for_rows is None:
        zones = [row.zone for row in rows if row.zone is not None]
        if zones and all(z.key == zones[0].key for z in zones):
            zone_for_rows = zones[0]
    newest_first = _newest_first(rows)
    if newest_first:
        rows = rows[::-1]  # a log of updates, newest on top (a status page): read it oldest first
    placed, order, gaps = place_rows(rows, zone_for_rows, twenty_four_hour=context.twenty_four_hour)
    if newest_first:
        order = []  # the order is the log's own: no row is out of it
    placed_at = {(row.line, row.start): row for row in placed}
    final = tuple(placed_at.get((row.line, row.start), row) for row in rows)
    return Incident(
        scope=incident_scope(document, region),
        region=region,
        rows=final,
        zone=zone,
        zone_statements=tuple(statements),
        misspelt=misspelt,
        order=tuple(order),
        gaps=tuple(gaps),
        milestones=find_milestones(placed),
        dates=tuple(all_dates),
        default_date=context.default_date,
        from_prose=from_prose,
        excluded=tuple(excluded),
    )


def _code_timeline(
    document: Document,
    region: Region,
    ranges: Sequence[tuple[int, int, bool]],
    excluded: Sequence[int],
) -> list[Line] | None:
    """The timeline's lines with its code blocks' text kept, when the timeline's own prose
    gives no time and a code block holds it; else None."""
    if not any(
        first <= line <= last for line in document.code_lines for first, last, _part in ranges
    ):
        return None
    if any(_CLOCK_HINT.search(block.text) for block in sections.blocks(document, region)):
        return None  # the prose tells the times; a code block beside it is a pasted log
    coded: list[Line] = []
    for first, last, _part in ranges:
        coded.extend(_raw_lines(document, first, last, excluded, keep_code=True))
    return coded


def _newest_first(rows: Sequence[Row]) -> bool:
    """Rows written newest first, as a status page logs its updates: at least three rows with
    a date and a time, every one earlier than the one above it."""
    stamped = [
        dt.datetime.combine(row.date, row.clock.time)
        for row in rows
        if row.date is not None
        and row.date_from == "row"
        and row.clock is not None
        and row.clock.time is not None
        and not row.placeholder
    ]
    if len(stamped) < 3:
        return False
    return all(later < earlier for earlier, later in itertools.pairwise(stamped))


def _paragraphs(lines: Sequence[Line]) -> list[Line]:
    """Consecutive non-blank lines joined into one (a space for each newline, so offsets stay
    the document's), for statements that wrap: "all times are in\nUTC"."""
    out: list[Line] = []
    current: Line | None = None
    for line in lines:
        if not line.text.strip():
            if current is not None:
                out.append(current)
            current = None
            continue
        if current is not None and line.offset == current.offset + len(current.text) + 1:
            current = Line(current.number, current.offset, current.text + " " + line.text)
        else:
            if current is not None:
                out.append(current)
            current = line
    if current is not None:
        out.append(current)
    return out


def _after(row: Row) -> Row:
    from dataclasses import replace

    return replace(row, after_resolution=True)


def _table_zones(lines: Sequence[Line]) -> Iterator[ZoneStatement]:
    from writer.checks.postmortem.timeline import _table_zone_statement

    found = _table_zone_statement(lines)
    if found is not None:
        yield found


@functools.lru_cache(maxsize=8)
def _cached_lines(text: str) -> tuple[Line, ...]:
    lines = []
    offset = 0
    for number, line in enumerate(text.split("\n"), start=1):
        lines.append(Line(number, offset, line))
        offset += len(line) + 1
    return tuple(lines)


def _document_lines(document: Document) -> tuple[Line, ...]:
    return _cached_lines(document.masked_text)


def _prose_blocks(document: Document, matcher: TemplateMatcher | None) -> list[ProseBlock]:
    blocks: list[ProseBlock] = []
    seen: set[int] = set()
    for role in _PROSE_ROLES:
        region = sections.find(document, None, role, matcher)
        if region is None:
            continue
        for block in sections.blocks(document, region):
            if id(block) not in seen:
                seen.add(id(block))
                blocks.append(block)
    first_section = next((s for s in document.headings if s.level > 1 or s.line > 1), None)
    titles = [s for s in document.headings if s.level == 1]
    if titles and first_section is titles[0]:
        first_section = next((s for s in document.headings if s.line > titles[0].line), None)
    limit = first_section.line if first_section else 10**9
    for block in document.blocks:
        if block.kind is not BlockKind.HEADING and block.line < limit and id(block) not in seen:
            seen.add(id(block))
            blocks.append(block)
    blocks.sort(key=lambda b: b.line)
    return blocks


def span_minutes(first: Row | None, last: Row | None) -> float | None:
    """Minutes between two rows (as ``milestones.minutes_between``)."""
    return minutes_between(first, last)


def zone_of(incident: Incident) -> Zone | None:
    return incident.zone.zone if incident.zone is not None else None
