"""Read a postmortem's timeline rows, in every form real timelines take, and place them in time.

Pure functions over lines of text. The forms read:

- tables, with the time in a "Time", "Date" or "When" column (or the first), a date column
  apart from a time column, a zone in the header ("Time (UTC)", "Date and Time in CET");
- lists and plain lines (``- 14:51 paged``, ``* [13:26] report``, ``- **14:51** ...``,
  ``- 2022-02-02 1625: ...``, ``[07:33] merged \\``, ``- `07:35` funded``);
- headings (``### 14:49`` or ``### 2021-06-03 9:00`` followed by prose) and bare time lines
  (``1:03`` on its own line, the event below it);
- date headings and date lines above the times (``## May 12``, ``### 2020-02-20``,
  ``2019-07-25:``, ``September 18, 2018:``, ``#### [2026-06-09]``, ``Timeline for September 17,
  2018: (all times UTC)``), day markers (``Day 2``, ``Next day``), rows that are offsets from the
  row before (``+10 minutes``, ``[+1.5 hrs]``), and a "Post-resolution" marker after which rows
  are follow-up; a bullet without a time under a date line, and the paragraph right under one
  (``#### [2026-06-29]`` then ``The bug gets merged.``), are events on that date.

Each row keeps its line and the offsets of its timestamp, so that checks report on the exact
row. :func:`place_rows` gives each row a full date and time with its zone: rows without a date
take it from the date heading above them, a statement ("all events happened on 2019-10-21"), the
row before, or the document (title, front matter, file name); a time earlier than the row before
on the same day is read as the next day when a marker says so or when the gap through midnight
is short, and is an order problem otherwise.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field, replace

from writer.checks.postmortem.stamps import Clock, Stamp, date_at, stamp_at
from writer.checks.postmortem.zones import ZONE, Zone, lookup, near_miss
from writer.model.lines import Line, lines_of, split_row
from writer.templates.detect import LOG_ENTRY

# A time going backwards on the same day is read as crossing midnight when the jump forward
# through midnight is at most this long.
ROLLOVER_WINDOW = dt.timedelta(hours=12)
# How far an approximate row may sit before the row above it without being out of order.
APPROXIMATE_SLACK = dt.timedelta(minutes=15)


# -- zone statements ---------------------------------------------------------------------------

_STATEMENT_LEAD = r"""
    (?:
        \b(?:all\s+)?(?:dates\s+and\s+)?times?\s+(?:are\s+(?:be\s+)?|shown\s+|given\s+|listed\s+|
            written\s+|stated\s+)?(?:in\s+|as\s+)?(?:the\s+)?
      | \btime\s*zone\s*(?:is\s+|:\s*)?
      | \b(?:date\s+and\s+)?time\s*\(\s*(?P<paren>)
      | \b(?:date\s+and\s+)?time\s+in\s+
      | \b(?:times?|timestamps?|time\s*zone|timeline|clock)\b[^.\n|]{0,40}?(?<![\w/])
    )
"""


_STATEMENT_HINT = re.compile(r"(?i)time|clock")


class _ZonePatterns:
    """Compiled when first needed, once: see :func:`_zones`."""

    def __init__(self) -> None:
        self.statement = re.compile(
            rf"(?ix){_STATEMENT_LEAD}(?-i:(?P<zone>{ZONE}))(?(paren)\s*\))(?![A-Za-z0-9/])"
        )
        # "All times in PTS": a statement whose zone is no zone
        self.misspelt = re.compile(
            r"(?ix)\b(?:all\s+)?times?\s+(?:are\s+)?(?:listed\s+|given\s+|shown\s+)?(?:in\s+)?"
            r"(?-i:(?P<token>[A-Z]{3,5}))\b"
        )
        self.anywhere = re.compile(rf"(?<![A-Za-z0-9/])({ZONE})(?![A-Za-z0-9/])")


@functools.cache
def _zones() -> _ZonePatterns:
    return _ZonePatterns()


@dataclass(frozen=True)
class ZoneStatement:
    """Where a document says which zone its times are in."""

    zone: Zone
    text: str
    line: int
    start: int  # offsets of the zone's name
    end: int


@dataclass(frozen=True)
class MisspeltZone:
    token: str
    meant: str
    line: int
    start: int
    end: int


def find_zone_statement(lines: Sequence[Line]) -> ZoneStatement | None:
    """The first "All times UTC"-style statement in the lines."""
    for found in zone_statements(lines):
        return found
    return None


def zone_statements(lines: Sequence[Line]) -> Iterator[ZoneStatement]:
    """Every "All times UTC"-style statement in the lines."""
    pattern = _zones().statement
    hint = _STATEMENT_HINT
    for line in lines:
        if not line.text or hint.search(line.text) is None:
            continue
        for match in pattern.finditer(line.text):
            zone = lookup(match.group("zone"))
            if zone is not None:
                yield ZoneStatement(
                    zone,
                    match.group("zone"),
                    line.number,
                    line.offset + match.start("zone"),
                    line.offset + match.end("zone"),
                )


def misspelt_zones(lines: Sequence[Line]) -> Iterator[MisspeltZone]:
    """Zone statements whose zone is a misspelling of one (``All times in PTS``)."""
    for line in lines:
        for match in _zones().misspelt.finditer(line.text):
            token = match.group("token")
            meant = near_miss(token)
            if meant is not None:
                yield MisspeltZone(
                    token,
                    meant,
                    line.number,
                    line.offset + match.start("token"),
                    line.offset + match.end("token"),
                )


def iter_zones(text: str) -> Iterator[str]:
    """Zone names written in ``text``."""
    for match in _zones().anywhere.finditer(text):
        yield match.group(1)


# -- rows --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Row:
    """One row of a timeline: when (as written and as placed), what, and where."""

    line: int
    start: int  # offsets of the timestamp (or of the row) in the document's text
    end: int
    text: str  # the event, without the timestamp
    form: str  # "table", "list", "heading", "line" or "prose"
    date: dt.date | None = None  # as written on the row or inherited (year 2000: not known)
    date_from: str = ""  # "row", "heading", "statement", "previous row", "title", ... or ""
    year_known: bool = True
    clock: Clock | None = None
    zone: Zone | None = None  # written on the row
    zone_text: str | None = None
    zone_start: int = -1
    zone_end: int = -1
    offset: dt.timedelta | None = None  # "+10 minutes": after the last row with a time
    label: str | None = None  # a bold label naming a milestone ("**Detection:**")
    after_resolution: bool = False  # below a "Post-resolution" or "Follow-up" marker
    day_marker: bool = False  # a "next day" marker stands between this row and the one before
    meridiem_hint: str | None = None  # "am"/"pm" from a heading above
    template_date: bool = False
    # Filled in by place_rows:
    local: dt.datetime | None = None  # the wall-clock time the row stands for
    at: dt.datetime | None = None  # the same moment in UTC, when the zone is known
    zone_used: Zone | None = None
    rolled: bool = False  # placed on the next day because the clock went past midnight
    corrected_date: dt.date | None = None  # the date read for a row whose date is an outlier

    @property
    def time(self) -> dt.time | None:
        return self.clock.time if self.clock else None

    @property
    def placeholder(self) -> bool:
        return self.template_date or (self.clock is not None and self.clock.placeholder)

    @property
    def template_placeholder(self) -> bool:
        return self.template_date or (self.clock is not None and self.clock.template)

    @property
    def approximate(self) -> bool:
        return self.clock is not None and (self.clock.approximate or self.clock.unsure)

    @property
    def known(self) -> bool:
        """The row says when: a date, a time or an offset."""
        if self.placeholder:
            return False
        return self.date is not None or self.time is not None or self.offset is not None

    @property
    def precise(self) -> bool:
        """Placed to the minute (not a date alone)."""
        return self.local is not None and (self.time is not None or self.offset is not None)

    @property
    def label_text(self) -> str:
        """The timestamp as a reader would say it."""
        parts = []
        day = self.corrected_date or (self.local.date() if self.local else self.date)
        if self.date is None and self.offset is None:
            day = None
        if day is not None and (self.date_from == "row" or self.rolled or self.time is None):
            parts.append(day.isoformat() if self.year_known else day.strftime("%m-%d"))
        if self.local is not None and (self.time is not None or self.offset is not None):
            parts.append(self.local.strftime("%H:%M"))
        elif self.time is not None:
            parts.append(self.time.strftime("%H:%M"))
        if self.zone_text:
            parts.append(self.zone_text)
        return " ".join(parts) or "unknown time"


@dataclass(frozen=True)
class ReadContext:
    """What the rest of the document says about the timeline's rows."""

    default_date: dt.date | None = None  # the incident's date, when rows carry none
    default_from: str = ""  # where it was read: "statement", "title", "file name", ...
    year: int | None = None  # the year for month-day rows
    twenty_four_hour: bool = False  # the document says "24-hour clock"


class _LinePatterns:
    """Compiled when first needed, once: see :func:`_lines`."""

    def __init__(self) -> None:
        self.table_separator = re.compile(r"^\s*\|?\s*:?-{1,}:?\s*(?:\|\s*:?-{1,}:?\s*)*\|?\s*$")
        self.bullet = re.compile(r"^(?P<indent>\s*)(?:[-*+]|\d{1,3}[.)])(?:\s+(?:\[[ xX]\]\s+)?|$)")
        self.heading = re.compile(r"^\s{0,3}(?P<marks>#{1,6})\s+")
        self.time_header = re.compile(r"(?i)\b(time|date|when|timestamp|hour|utc|day|clock)\b")
        self.date_header = re.compile(r"(?i)^\W*(date|day)\W*$")
        self.event_header = re.compile(
            r"(?i)\b(event|events|what|description|details?|action|activity|note|notes|summary|"
            r"happened|update|status)\b"
        )
        # between a timestamp and its event
        self.entry_sep = re.compile(r"^[\s\]\)*_`~\\]*(?:[-–—:|,.]+\s*|\s+)?[\s*_]*")
        self.day_marker = re.compile(
            r"(?i)^(?:day\s+\d{1,3}|(?:mon|tues|wednes|thurs|fri|satur|sun)day|the next day|"
            r"next day|(?:the )?following (?:day|morning)|next morning|the next morning)$"
        )
        self.next_day_words = re.compile(
            r"(?i)\b(?:next|following) (?:day|morning)\b|\bovernight\b|\(\+1 ?d(?:ay)?\)|"
            r"\bthe morning after\b|\btomorrow\b"
        )
        self.after_marker = re.compile(
            r"(?i)^\W*(?:post[- ]?resolution|after (?:the )?(?:incident|resolution)|"
            r"follow[- ]?up(?:s| timeline| events)?|aftermath|post[- ]incident)\W*$"
        )
        self.date_prefix = re.compile(r"(?i)^(?:timeline\s+(?:for|of)\s+|on\s+|date\s*:\s*)")
        self.label = re.compile(
            r"^\s*(?:\*\*|__)\s*(?P<label>impact(?: start(?:ed)?)?|start|trigger|detection|"
            r"detected|mitigation|mitigated|recovery|recovered|resolution|resolved)"
            r"\s*:?\s*(?:\*\*|__)\s*:?",
            re.IGNORECASE,
        )
        self.meridiem_hint = re.compile(
            r"(?i)\b(?:(?P<am>a\.?m\.?|morning)|(?P<pm>p\.?m\.?|afternoon|evening))\b"
        )
        self.link_target = re.compile(
            r"\]\([^)\s]*(?:\s+\"[^\"]*\")?\)|<https?://[^>\s]*>|https?://\S+"
        )


@functools.cache
def _lines() -> _LinePatterns:
    return _LinePatterns()


def clean_line(text: str) -> str:
    """A line with link targets and bare URLs blanked (same length), so that digits in them are
    not read as times."""
    if "http" not in text and "](" not in text:
        return text
    return _lines().link_target.sub(lambda match: " " * len(match.group()), text)


def _heading_text(text: str) -> tuple[int, str] | None:
    match = _lines().heading.match(text)
    if match is None:
        return None
    return len(match.group("marks")), text[match.end() :].rstrip().rstrip("#").rstrip()


def _strip_marks(text: str) -> str:
    return text.strip().strip("*_`").strip().rstrip(":").strip().strip("*_`").strip()


def date_line(text: str) -> tuple[dt.date, bool] | None:
    """A line that is only a date (with a weekday, a leading "Timeline for" or "On", a trailing
    colon or a parenthesis): ``### 2021-12-01``, ``2019-08-13:``, ``**Dec 1, 2021**``,
    ``#### [2026-06-09]``, ``Timeline for September 17, 2018: (all times UTC)``."""
    heading = _heading_text(text)
    body = heading[1] if heading else text
    body = re.sub(r"^\s*(?:[-*+]\s+)?", "", body)
    body = _strip_marks(body)
    body = re.sub(r"\s*\([^)]*\)\s*$", "", body)  # "2015-10-21 (all times UTC)"
    body = _strip_marks(body).strip("[]").strip()
    body = _lines().date_prefix.sub("", body)
    body = _strip_marks(body)
    if not body or len(body) > 40:
        return None
    found = date_at(body)
    if found is None:
        return None
    # a weekday may follow the date: "2025-07-26 Saturday", "26 July 2025, Saturday"
    if found.end != len(body) and not _TRAILING_WEEKDAY.fullmatch(body[found.end :]):
        return None
    return found.date, found.year_known


_TRAILING_WEEKDAY = re.compile(
    r"(?i)[\s,–—-]*(?:mon|tues?|wed(?:nes)?|thu(?:rs?)?|fri|sat(?:ur)?|sun)(?:day)?\.?\s*"
)


def _day_marker(text: str) -> bool:
    heading = _heading_text(text)
    body = _strip_marks(heading[1] if heading else text)
    return _lines().day_marker.match(body) is not None


@dataclass
class _State:
    date: dt.date | None = None
    date_from: str = ""
    year_known: bool = True
    after_resolution: bool = False
    day_marker: bool = False
    meridiem: str | None = None
    in_table: bool = False
    columns: tuple[list[int], int | None, int | None] = ([], None, None)
    table_zone: tuple[Zone, str, int, int] | None = None
    anchor_is_date: bool = False  # the last date came from a date line, not a timed row
    open_row: int | None = None  # a heading or bare-time row still taking its text
    under_date: bool = False  # a date line was read and nothing since: its paragraph is an event
    rows: list[Row] = field(default_factory=list)


_BREAK = re.compile(r"<br\s*/?>", re.IGNORECASE)


def _broken(line: Line) -> list[Line]:
    """A line outside a table split where HTML line breaks stand: rows written one after another
    in one paragraph ("... take effect.<br> 21:20 - Monitoring sends ...") are rows each."""
    text = line.text
    if "<" not in text or "|" in text or not _BREAK.search(text):
        return [line]
    pieces = []
    start = 0
    for match in _BREAK.finditer(text):
        pieces.append(Line(line.number, line.offset + start, text[start : match.start()]))
        start = match.end()
    pieces.append(Line(line.number, line.offset + start, text[start:]))
    return pieces


def read_rows(lines: Sequence[Line], context: ReadContext | None = None) -> list[Row]:
    """Timeline rows from lines (tables, lists, plain lines, headings, date lines)."""
    context = context or ReadContext()
    patterns = _lines()
    state = _State()
    if context.default_date is not None:
        state.date, state.date_from = context.default_date, context.default_from
        state.year_known = context.year is not None or context.default_from != ""
    cleaned = [
        piece
        for line in lines
        for piece in _broken(Line(line.number, line.offset, clean_line(line.text)))
    ]
    for index, line in enumerate(cleaned):
        text = line.text
        stripped = text.strip()
        if not stripped:
            state.in_table = False
            continue
        if "|" in stripped and (
            index + 1 < len(cleaned) and patterns.table_separator.match(cleaned[index + 1].text)
        ):
            _table_header(line, state)
            continue
        if state.in_table and patterns.table_separator.match(text):
            continue
        if state.in_table and "|" in stripped:
            row = _table_row(line, state, context)
            if row is not None:
                _add(state, row)
            continue
        state.in_table = False
        heading = _heading_text(text)
        if patterns.after_marker.match(_strip_marks(heading[1] if heading else stripped)):
            state.after_resolution = True
            state.open_row = None
            continue
        if re.fullmatch(r"\s*(?:-{3,}|\*{3,}|_{3,})\s*", text):
            state.open_row = None
            continue
        found_date = date_line(text)
        if found_date is not None:
            state.date, state.year_known = _with_year(found_date, context)
            state.date_from = "heading"
            state.anchor_is_date = True
            state.day_marker = False
            state.open_row = None
            state.under_date = True
            if heading is not None:
                state.meridiem = _meridiem_hint(heading[1])
            continue
        if _day_marker(text):
            state.date = (state.date or dt.date(2000, 1, 1)) + dt.timedelta(days=1)
            state.date_from = "day marker"
            state.day_marker = True
            state.anchor_is_date = True
            state.open_row = None
            continue
        if heading is not None:
            row = _stamped(
                line,
                heading[1],
                text.index(heading[1]) if heading[1] else 0,
                "heading",
                state,
                context,
            )
            if row is not None:
                _add(state, row)
                state.open_row = len(state.rows) - 1
                state.anchor_is_date = False
            else:
                state.open_row = None
                state.under_date = False
                hint = _meridiem_hint(heading[1])
                if hint:
                    state.meridiem = hint
            continue
        bullet = patterns.bullet.match(text)
        body_start = bullet.end() if bullet else len(text) - len(text.lstrip())
        body = text[body_start:]
        row = _stamped(line, body, body_start, "list" if bullet else "line", state, context)
        if row is not None:
            bare = not row.text
            _add(state, row)
            state.open_row = len(state.rows) - 1 if bare or row.form == "line" else None
            state.anchor_is_date = row.time is None and row.offset is None
            continue
        indent = len(text) - len(text.lstrip())
        last = state.rows[-1] if state.rows else None
        if state.under_date and bullet is None and indent == 0 and state.date is not None:
            # A paragraph without a time right under a date line ("#### [2026-06-29]" then
            # "The bug gets merged."): an event on that date, its next lines its text.
            _add(state, _dated_event(line, body_start, body, "line", state))
            state.open_row = len(state.rows) - 1
            continue
        if state.open_row is not None and state.rows:
            # the text of a heading row or a bare time line, or a sub-bullet of a row
            _extend(state, state.open_row, stripped)
            continue
        if (
            bullet is not None
            and state.date is not None
            and state.anchor_is_date
            and (last is None or indent <= _indent_of(last, lines) or last.time is None)
        ):
            # A bullet without a time under a date line: an event on that date.
            _add(state, _dated_event(line, body_start, body, "list", state))
            continue
        if last is not None and last.line < line.number and (indent > 0 or bullet is not None):
            _extend(state, len(state.rows) - 1, stripped)
    return state.rows


def _indent_of(row: Row, lines: Sequence[Line]) -> int:
    for line in lines:
        if line.number == row.line:
            return len(line.text) - len(line.text.lstrip())
    return 0


def _with_year(found: tuple[dt.date, bool], context: ReadContext) -> tuple[dt.date, bool]:
    day, year_known = found
    if not year_known and context.year is not None:
        try:
            return day.replace(year=context.year), True
        except ValueError:
            return day, False
    return day, year_known


def _meridiem_hint(text: str) -> str | None:
    match = _lines().meridiem_hint.search(text)
    if match is None:
        return None
    return "am" if match.group("am") else "pm"


def _add(state: _State, row: Row) -> None:
    if state.day_marker:
        row = replace(row, day_marker=True)
        state.day_marker = False
    state.under_date = False
    state.rows.append(row)


def _dated_event(line: Line, body_start: int, body: str, form: str, state: _State) -> Row:
    """A row with no time of its own, on the date of the date line above it."""
    return Row(
        line=line.number,
        start=line.offset + body_start,
        end=line.offset + len(line.text.rstrip()),
        text=_clean_text(body),
        form=form,
        date=state.date,
        date_from=state.date_from,
        year_known=state.year_known,
        after_resolution=state.after_resolution,
    )


def _extend(state: _State, index: int, more: str) -> None:
    row = state.rows[index]
    if len(row.text) > 600:
        return
    text = (row.text + " " + _clean_text(more)).strip()
    state.rows[index] = replace(row, text=text)


def _clean_text(text: str) -> str:
    return " ".join(text.replace("\\", " ").split()).strip(" *_")


def _stamped(
    line: Line, body: str, body_start: int, form: str, state: _State, context: ReadContext
) -> Row | None:
    """A row for a line whose body starts with a timestamp, or None."""
    stamp = stamp_at(body, cell=LOG_ENTRY.match(body) is not None)  # "1738: ..."
    if stamp is None:
        return None
    if (
        stamp.clock is None
        and stamp.date is None
        and stamp.offset is None
        and not stamp.template_date
    ):
        return None
    if form == "heading" and stamp.clock is None and stamp.offset is None:
        return None  # a heading with a date and words ("## May 12 deploy") is no row
    rest = body[stamp.end :]
    sep = _lines().entry_sep.match(rest)
    event = rest[sep.end() if sep else 0 :]
    label = _lines().label.match(event)
    label_text = None
    if label is not None:
        label_text = label.group("label").lower()
        event = event[label.end() :]
    return _row(line, body_start, stamp, _clean_text(event), form, state, context, label_text)


def _row(
    line: Line,
    body_start: int,
    stamp: Stamp,
    event: str,
    form: str,
    state: _State,
    context: ReadContext,
    label: str | None = None,
) -> Row:
    date: dt.date | None = None
    date_from = ""
    year_known = True
    if stamp.date is not None:
        date, year_known = _with_year((stamp.date.date, stamp.date.year_known), context)
        if not year_known and state.date is not None and state.year_known:
            with contextlib.suppress(ValueError):
                date, year_known = date.replace(year=state.date.year), True
        date_from = "row"
        state.date, state.date_from, state.year_known = date, "previous row", year_known
    elif state.date is not None and not stamp.placeholder:
        date, date_from, year_known = state.date, state.date_from, state.year_known
    base = line.offset + body_start
    return Row(
        line=line.number,
        start=base + stamp.start,
        end=base + stamp.end,
        text=event,
        form=form,
        date=date,
        date_from=date_from,
        year_known=year_known,
        clock=stamp.clock,
        zone=stamp.zone,
        zone_text=stamp.zone_text,
        zone_start=base + stamp.zone_start if stamp.zone_start >= 0 else -1,
        zone_end=base + stamp.zone_end if stamp.zone_end >= 0 else -1,
        offset=stamp.offset,
        label=label,
        after_resolution=state.after_resolution,
        meridiem_hint=state.meridiem,
        template_date=stamp.template_date,
    )


def _table_header(line: Line, state: _State) -> None:
    patterns = _lines()
    header = split_row(line.text)
    cells = [cell for _, cell in header]
    time_cols = [i for i, cell in enumerate(cells) if patterns.time_header.search(cell)]
    date_col = next((i for i in time_cols if patterns.date_header.match(cell_text(cells[i]))), None)
    event_cols = [i for i, cell in enumerate(cells) if patterns.event_header.search(cell)]
    event_col = next((i for i in event_cols if i not in time_cols), None)
    state.columns = (time_cols, event_col, date_col)
    state.in_table = True
    state.table_zone = None
    for column in time_cols:
        offset, cell = header[column]
        match = _zones().anywhere.search(cell)
        if match is not None:
            zone = lookup(match.group(1))
            if zone is not None:
                start = line.offset + offset + match.start(1)
                state.table_zone = (zone, match.group(1), start, start + len(match.group(1)))
                break


def cell_text(cell: str) -> str:
    return cell.strip().strip("*_`").strip()


def _table_row(line: Line, state: _State, context: ReadContext) -> Row | None:
    cells = split_row(line.text)
    if not cells:
        return None
    time_cols, event_col, _date_col = state.columns
    candidates = [i for i in time_cols if i < len(cells)] or [0]
    stamps: list[tuple[int, Stamp]] = []
    for column in candidates:
        cell_offset, cell = cells[column]
        stamp = stamp_at(cell, cell=True)
        if stamp is not None:
            stamps.append((cell_offset, stamp))
    if not stamps:
        return None
    first_offset, first = stamps[0]
    if len(stamps) > 1 and first.clock is None:
        # "| 2021-12-10 | 15:40 |": a date column and a time column
        second_offset, second = stamps[1]
        if second.clock is not None and second.date is None:
            merged = Stamp(
                first.start,
                second.end + (second_offset - first_offset),
                first.date,
                second.clock,
                second.zone,
                second.zone_text,
                second.zone_start + (second_offset - first_offset)
                if second.zone_start >= 0
                else -1,
                second.zone_end + (second_offset - first_offset) if second.zone_end >= 0 else -1,
            )
            first = merged
    event_cells = (
        [cells[event_col][1]]
        if event_col is not None and event_col < len(cells)
        else [cell for i, (_, cell) in enumerate(cells) if i not in candidates]
    )
    event = " ".join(event_cells)
    label = _lines().label.match(event)
    label_text = None
    if label is not None:
        label_text = label.group("label").lower()
        event = event[label.end() :]
    row = _row(line, first_offset, first, _clean_text(event), "table", state, context, label_text)
    if row.zone is None and state.table_zone is not None:
        pass  # the header's zone applies through the region's statement
    return row


def parse_timeline(text: str, first_line: int = 1, offset: int = 0) -> Timeline:
    """Read the text of a timeline section (offsets and lines relative to the arguments)."""
    lines = lines_of(text, first_line, offset)
    statement = find_zone_statement(lines) or _table_zone_statement(lines)
    return Timeline(tuple(read_rows(lines)), statement)


def _table_zone_statement(lines: Sequence[Line]) -> ZoneStatement | None:
    state = _State()
    patterns = _lines()
    for index, line in enumerate(lines):
        if (
            "|" in line.text
            and index + 1 < len(lines)
            and patterns.table_separator.match(lines[index + 1].text)
        ):
            _table_header(line, state)
            if state.table_zone is not None:
                zone, text, start, end = state.table_zone
                return ZoneStatement(zone, text, line.number, start, end)
    return None


@dataclass(frozen=True)
class Timeline:
    rows: tuple[Row, ...]
    zone: ZoneStatement | None = None

    @property
    def entries(self) -> tuple[Row, ...]:
        return self.rows

    @property
    def known(self) -> tuple[Row, ...]:
        return tuple(row for row in self.rows if row.known)

    @property
    def has_zone(self) -> bool:
        timed = [row for row in self.known if row.time is not None]
        return self.zone is not None or (bool(timed) and all(row.zone for row in timed))


# -- placing rows in time ----------------------------------------------------------------------


@dataclass(frozen=True)
class OrderProblem:
    """A row earlier than the row before it (or read as the next day without saying so)."""

    row: Row
    previous: Row
    kind: str  # "backwards", "rollover" (crossed midnight with no date) or "heading"


@dataclass(frozen=True)
class GapProblem:
    """A row whose date sits days away from the rows either side, which agree."""

    row: Row
    previous: Row
    following: Row


def place_rows(
    rows: Sequence[Row], zone: Zone | None, *, twenty_four_hour: bool = False
) -> tuple[list[Row], list[OrderProblem], list[GapProblem]]:
    """Give each known row its wall-clock time and, when the zone is known, its moment in UTC;
    find the rows out of order and the outlying dates."""
    known = [row for row in rows if row.known]
    gaps = _outlying_dates(known)
    outliers = {id(gap.row): gap for gap in gaps}
    twelve_hour = not twenty_four_hour and _twelve_hour_style(known)
    placed: list[Row] = []
    problems: list[OrderProblem] = []
    shift = dt.timedelta(0)  # days added to inherited dates after midnight
    last_base: tuple[dt.date | None, bool] | None = None
    previous: Row | None = None
    anchor: Row | None = None  # the last row with a clock time, for offsets
    for row in known:
        corrected = outliers[id(row)].previous.date if id(row) in outliers else None
        written = row.date_from == "row"
        base = (row.date, written)
        if written or base != last_base:
            shift = dt.timedelta(0)
        last_base = base
        if row.offset is not None:
            if anchor is None or anchor.local is None:
                placed.append(row)
                continue
            local = anchor.local + row.offset
            placed_row = replace(row, local=local, zone_used=anchor.zone_used)
            placed_row = _with_utc(placed_row, anchor.zone_used)
            placed.append(placed_row)
            previous = placed_row
            continue
        day = corrected or row.date or dt.date(2000, 1, 1)
        if not written:
            day = day + shift
        time = row.time
        if time is not None and (twelve_hour or row.meridiem_hint):
            time = _twelve_hour(row, time, previous, day)
        local = dt.datetime.combine(day, time or dt.time(0))
        problem_kind = None
        if previous is not None and previous.local is not None and row.time is not None:
            if previous.precise and local < previous.local - _slack(row, previous):
                if not written and not row.day_marker:
                    forward = local + dt.timedelta(days=1) - previous.local
                    if dt.timedelta(0) <= forward <= ROLLOVER_WINDOW or _says_next_day(row):
                        shift += dt.timedelta(days=1)
                        local += dt.timedelta(days=1)
                        if not _says_next_day(row):
                            problem_kind = "heading" if row.date_from == "heading" else "rollover"
                        row = replace(row, rolled=True)
                    else:
                        problem_kind = "backwards"
                else:
                    problem_kind = "backwards"
        elif (
            previous is not None
            and previous.local is not None
            and local.date() < previous.local.date()
            and not (row.time is None and previous.time is not None and not written)
        ):
            problem_kind = "backwards"
        zone_used = row.zone or zone
        placed_row = replace(row, local=local, zone_used=zone_used, corrected_date=corrected)
        placed_row = _with_utc(placed_row, zone_used)
        if problem_kind is not None and previous is not None and id(row) not in outliers:
            follows_outlier = any(gap.following is row for gap in gaps)
            if not follows_outlier:
                problems.append(OrderProblem(placed_row, previous, problem_kind))
        placed.append(placed_row)
        previous = placed_row
        if placed_row.time is not None:
            anchor = placed_row
    return placed, problems, gaps


def _with_utc(row: Row, zone: Zone | None) -> Row:
    if row.local is None or zone is None:
        return row
    offset = zone.offset_on(row.local.date())
    if offset is None:
        return row
    return replace(row, at=(row.local - offset).replace(tzinfo=dt.timezone.utc))


def _slack(row: Row, previous: Row) -> dt.timedelta:
    if row.approximate or previous.approximate:
        return APPROXIMATE_SLACK
    return dt.timedelta(0)


def _says_next_day(row: Row) -> bool:
    return bool(_lines().next_day_words.search(row.text))


def _twelve_hour_style(rows: Sequence[Row]) -> bool:
    """The timeline writes a 12-hour clock: some rows say AM or PM and none is past 12:59
    without saying so."""
    clocks = [row.clock for row in rows if row.clock is not None and row.clock.time is not None]
    if not any(clock.meridiem for clock in clocks):
        return False
    return not any(
        clock.meridiem is None and clock.time is not None and clock.time.hour >= 13
        for clock in clocks
    )


def _twelve_hour(row: Row, time: dt.time, previous: Row | None, day: dt.date) -> dt.time:
    """A 12-hour time without AM/PM, read as PM when a heading says so or when that keeps
    the rows in order."""
    clock = row.clock
    if clock is None or clock.meridiem is not None or not 1 <= time.hour <= 11:
        return time
    if row.meridiem_hint == "pm":
        return time.replace(hour=time.hour + 12)
    if row.meridiem_hint == "am":
        return time
    if previous is None or previous.local is None:
        return time
    here = dt.datetime.combine(day, time)
    later = here + dt.timedelta(hours=12)
    if here < previous.local <= later and later - previous.local < ROLLOVER_WINDOW:
        return time.replace(hour=time.hour + 12)
    return time


def _outlying_dates(rows: Sequence[Row]) -> list[GapProblem]:
    """Rows whose written date is two days or more from the rows either side, which are within a
    day of each other: ``2022-02-20`` between two ``2022-02-02`` rows."""
    dated = [
        row for row in rows if row.date is not None and row.date_from == "row" and row.year_known
    ]
    found = []
    for before, row, after in zip(dated, dated[1:], dated[2:], strict=False):
        assert before.date is not None and row.date is not None and after.date is not None
        if abs((after.date - before.date).days) > 1:
            continue
        if abs((row.date - before.date).days) >= 2 and abs((row.date - after.date).days) >= 2:
            found.append(GapProblem(row, before, after))
    return found


# -- figures -----------------------------------------------------------------------------------


def human_minutes(minutes: float) -> str:
    """``6 min``, ``2 h 5 min``, ``3 d 4 h``: durations as the text report shows them."""
    total = round(minutes)
    if total < 60:
        return f"{total} min"
    hours, mins = divmod(total, 60)
    if hours < 24:
        return f"{hours} h {mins} min" if mins else f"{hours} h"
    days, hours = divmod(hours, 24)
    return f"{days} d {hours} h" if hours else f"{days} d"
