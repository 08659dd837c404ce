"""Timeline parsing: turn a postmortem's timeline into dated entries, in source order.

Pure functions over text: no document model, no rules. A timeline may be a table
(``| Time | Event |``), a list (``- 14:51 - paged``, ``* [13:26] ...``, ``- **14:51** ...``), plain
lines, or date subheadings (``### 2021-12-01``, ``2019-08-13:``) followed by times. Timestamps may
be ISO (``2021-12-01T10:00:00Z``), ``2021-12-01 10:00 UTC``, 24-hour or 12-hour (``11:20 AM``),
and the timezone may be stated anywhere ("All times UTC", "All times in CET",
"All times US/Pacific", "Date and Time in CET") or on each row.

Every entry keeps its 1-based line and the offsets of its timestamp so that checks can report
findings on the exact row.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from writer.model.lines import Line, lines_of, split_row

# -- timezones ---------------------------------------------------------------------------------

# Fixed offsets (hours) of the zone abbreviations timelines use. Daylight-saving names carry their
# summer offset; a bare region name (PT, ET) is read as its standard offset.
ZONE_OFFSETS: dict[str, float] = {
    "UTC": 0,
    "GMT": 0,
    "Z": 0,
    "WET": 0,
    "WEST": 1,
    "BST": 1,
    "CET": 1,
    "CEST": 2,
    "MET": 1,
    "MEST": 2,
    "EET": 2,
    "EEST": 3,
    "MSK": 3,
    "IST": 5.5,
    "SGT": 8,
    "HKT": 8,
    "CST": -6,
    "CDT": -5,
    "JST": 9,
    "KST": 9,
    "AEST": 10,
    "AEDT": 11,
    "NZST": 12,
    "NZDT": 13,
    "PST": -8,
    "PDT": -7,
    "PT": -8,
    "MST": -7,
    "MDT": -6,
    "MT": -7,
    "EST": -5,
    "EDT": -4,
    "ET": -5,
    "CT": -6,
    "AKST": -9,
    "AKDT": -8,
    "HST": -10,
}

_ZONE_ABBR = "|".join(
    sorted((re.escape(z) for z in ZONE_OFFSETS if z != "Z"), key=len, reverse=True)
)
_IANA = r"(?:[A-Z][A-Za-z]+/[A-Z][A-Za-z_]+(?:/[A-Z][A-Za-z_]+)?)"
_OFFSET = r"(?:(?:UTC|GMT)\s?[+-]\s?\d{1,2}(?::?\d{2})?|[+-]\d{2}:?\d{2})"
# Zones written out: "Pacific Time", "Central European Summer Time".
ZONE_NAMES: dict[str, float] = {
    "Pacific Time": -8,
    "Pacific Standard Time": -8,
    "Pacific Daylight Time": -7,
    "Eastern Time": -5,
    "Eastern Standard Time": -5,
    "Eastern Daylight Time": -4,
    "Central Time": -6,
    "Mountain Time": -7,
    "Central European Time": 1,
    "Central European Summer Time": 2,
    "Coordinated Universal Time": 0,
    "Greenwich Mean Time": 0,
    "British Summer Time": 1,
    "India Standard Time": 5.5,
    "Japan Standard Time": 9,
}
_ZONE_NAME = "|".join(sorted((re.escape(z) for z in ZONE_NAMES), key=len, reverse=True))
ZONE = rf"(?:{_OFFSET}|{_IANA}|{_ZONE_NAME}|(?:{_ZONE_ABBR}))"

# The patterns below are compiled when first used, not at import: the zone alternation alone
# takes milliseconds to compile, and documents without a timeline never need it.


class _ZonePatterns:
    """Compiled when first needed, once: see :func:`_zones`."""

    def __init__(self) -> None:
        # "All times UTC", "All times are in CET", "Times in US/Pacific", "Timezone: UTC",
        # "Date and Time in CET", "Time (UTC)". Each way of saying it leads up to one shared zone
        # group (the alternation is tried in the same order as if each carried its own); the
        # "Time (UTC)" way marks itself with the empty group ``paren`` to require its ``)``.
        statement = rf"""(?ix)
            (?:
                \b(?:all\s+)?(?:dates\s+and\s+)?times?\s+(?:are\s+|shown\s+|given\s+|listed\s+)?
                (?:in\s+|as\s+)?(?:the\s+)?
              | \btime\s*zone\s*(?:is\s+|:\s*)?
              | \b(?:date\s+and\s+)?time\s*\(\s*(?P<paren>)
              | \b(?:date\s+and\s+)?time\s+in\s+
              | \b(?:times?|timestamps?|time\s*zone|timeline|clock)\b[^.\n|]{{0,40}}?(?<![\w/])
            )
            (?-i:(?P<zone>{ZONE}))(?(paren)\s*\))
            (?![\w/])
            """
        # a zone name standing on its own
        self.anywhere = re.compile(rf"(?<![\w/])({ZONE})(?![\w/])")
        # "All times UTC" and the like
        self.statement = re.compile(statement)
        # a zone right after a timestamp
        self.after = re.compile(rf"\s*\(?\s*(Z|{ZONE})\s*\)?(?![\w/])")


@functools.cache
def _zones() -> _ZonePatterns:
    return _ZonePatterns()


def zone_offset(zone: str, on: dt.date | None = None) -> dt.timedelta | None:
    """The UTC offset of a zone name, abbreviation or ``+02:00`` style offset; None if unknown."""
    name = zone.strip().strip("()")
    if name in ZONE_OFFSETS:
        return dt.timedelta(hours=ZONE_OFFSETS[name])
    if name in ZONE_NAMES:
        return dt.timedelta(hours=ZONE_NAMES[name])
    found = re.fullmatch(r"(?:UTC|GMT)?\s?([+-])\s?(\d{1,2}):?(\d{2})?", name)
    if found:
        sign = 1 if found.group(1) == "+" else -1
        return sign * dt.timedelta(hours=int(found.group(2)), minutes=int(found.group(3) or 0))
    if "/" in name:
        try:
            from zoneinfo import ZoneInfo

            info = ZoneInfo(name)
        except (ImportError, ValueError, KeyError, OSError):
            return None
        moment = dt.datetime.combine(on or dt.date(2000, 1, 15), dt.time(12))
        return info.utcoffset(moment)
    return None


# -- timestamps --------------------------------------------------------------------------------

_MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("jan", "january"),
            ("feb", "february"),
            ("mar", "march"),
            ("apr", "april"),
            ("may",),
            ("jun", "june"),
            ("jul", "july"),
            ("aug", "august"),
            ("sep", "sept", "september"),
            ("oct", "october"),
            ("nov", "november"),
            ("dec", "december"),
        ],
        start=1,
    )
    for name in names
}
_MONTH = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
    r"sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
_WEEKDAY = r"(?:(?:mon|tues?|wed(?:nes)?|thu(?:rs?)?|fri|sat(?:ur)?|sun)(?:day)?\.?,?\s+)"
_ORDINAL = r"(?:st|nd|rd|th)?"

_DATE = rf"""(?ix)
    {_WEEKDAY}?
    (?:
        (?P<iy>\d{{4}})[-/.](?P<im>\d{{1,2}})[-/.](?P<id>\d{{1,2}})(?!\d)
      | (?P<ad>\d{{1,2}}){_ORDINAL}\.?\s+(?:of\s+)?(?P<am>{_MONTH}),?(?:\s+(?P<ay>\d{{4}}))?
      | (?P<bm>{_MONTH})\s+(?P<bd>\d{{1,2}}){_ORDINAL}(?!\d)(?:,?\s+(?P<by>\d{{4}}))?
    )
    """
_TIME = r"""(?ix)
    (?<![\d:.])
    (?P<h>\d{1,2})(?::(?P<m>\d{2})(?::(?P<s>\d{2})(?:[.,]\d+)?)?)?
    (?:\s*(?P<ampm>[ap]\.?\s?m\.?)(?![a-z]))?
    (?![\d:])
    """
# Template placeholders and unknown parts: "HH:mm", "--:--", "14:??", "20xx-MM-DD", "[???]".
_PLACEHOLDER_TIME = (
    r"(?:\b(?:hh|HH|xx|XX):(?:mm|MM|xx|XX|ss)\b|--:--|\?\?:\?\?|\b\d{1,2}:\?\?|\?{3,})"
)
_PLACEHOLDER_DATE = (
    r"(?:\b(?:20xx|19xx|yyyy|YYYY|20XX)[-/](?:MM|mm|\d{1,2}|\?\?)[-/](?:DD|dd|\d{1,2}|\?\?)"
    r"|\b\d{4}(?:/\d{2})?[-/](?:\d{1,2}|\?\?|MM)[-/](?:\?\?|DD|dd))"
)
_TEMPLATE_PLACEHOLDER = r"\b(?:HH|hh|xx|XX):(?:mm|MM|xx|XX)\b|\b(?:20xx|yyyy|YYYY)\b"


class _StampPatterns:
    """Compiled when first needed, once: see :func:`_stamps`."""

    def __init__(self) -> None:
        self.date = re.compile(_DATE)
        self.time = re.compile(_TIME)
        self.placeholder_time = re.compile(_PLACEHOLDER_TIME)
        self.placeholder_date = re.compile(_PLACEHOLDER_DATE)
        self.template_placeholder = re.compile(_TEMPLATE_PLACEHOLDER)
        # list markers, brackets and emphasis before a timestamp
        self.lead = re.compile(r"[\s*_\[(`~>]*")
        # between a date and a time
        self.sep = re.compile(r"(?:\s*(?:T|,|\s|at|@)\s*)")


@functools.cache
def _stamps() -> _StampPatterns:
    return _StampPatterns()


@dataclass(frozen=True)
class Stamp:
    """A timestamp found at ``start:end`` of a line (offsets within the line)."""

    start: int
    end: int
    date: dt.date | None
    time: dt.time | None
    zone: str | None = None
    placeholder: bool = False  # a time or date not filled in ("HH:mm", "??")
    template_placeholder: bool = False  # the template's own marker ("HH:mm", "20xx")
    year_known: bool = True


def _make_date(year: int | None, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year or 2000, month, day)
    except ValueError:
        return None


def parse_date(text: str, *, at_start: bool = True) -> tuple[dt.date, int, int, bool] | None:
    """A date at the start of ``text`` (or anywhere): (date, start, end, year_known)."""
    pattern = _stamps().date
    match = pattern.match(text) if at_start else pattern.search(text)
    if match is None:
        return None
    groups = match.groupdict()
    if groups["iy"]:
        date = _make_date(int(groups["iy"]), int(groups["im"]), int(groups["id"]))
        year_known = True
    elif groups["am"]:
        month = _MONTHS[groups["am"].lower().rstrip(".")]
        year_known = bool(groups["ay"])
        date = _make_date(int(groups["ay"]) if groups["ay"] else None, month, int(groups["ad"]))
    else:
        month = _MONTHS[groups["bm"].lower().rstrip(".")]
        year_known = bool(groups["by"])
        date = _make_date(int(groups["by"]) if groups["by"] else None, month, int(groups["bd"]))
    if date is None:
        return None
    return date, match.start(), match.end(), year_known


def parse_time(text: str) -> tuple[dt.time, int, int] | None:
    """A clock time at the start of ``text``: 24-hour ``14:51``/``14:51:03`` or ``2:05 PM``."""
    match = _stamps().time.match(text)
    if match is None:
        return None
    hour = int(match.group("h"))
    minute = int(match.group("m") or 0)
    second = int(match.group("s") or 0)
    ampm = match.group("ampm")
    if match.group("m") is None and ampm is None:
        return None  # a bare number is not a time
    if ampm:
        if not 1 <= hour <= 12:
            return None
        pm = ampm.lower().startswith("p")
        hour = hour % 12 + (12 if pm else 0)
    if hour > 24 or minute > 59 or second > 59:
        return None
    if hour == 24:
        if minute or second:
            return None
        hour = 0
    return dt.time(hour, minute, second), match.start(), match.end()


def find_stamp(text: str) -> Stamp | None:
    """A timestamp at the start of ``text`` (after list markers, brackets and emphasis)."""
    patterns = _stamps()
    lead = patterns.lead.match(text)
    pos = lead.end() if lead else 0
    rest = text[pos:]
    placeholder_date = patterns.placeholder_date.match(rest)
    date_found = parse_date(rest)
    date: dt.date | None = None
    year_known = True
    end = pos
    placeholder = False
    template_placeholder = False
    if placeholder_date is not None and (
        date_found is None or placeholder_date.end() > date_found[2]
    ):
        placeholder = True
        template_placeholder = bool(patterns.template_placeholder.search(placeholder_date.group()))
        end = pos + placeholder_date.end()
    elif date_found is not None:
        date, _, date_end, year_known = date_found
        end = pos + date_end
    time: dt.time | None = None
    after = text[end:]
    sep = patterns.sep.match(after) if end > pos else None
    candidate = after[sep.end() :] if sep else after
    offset = end + (sep.end() if sep else 0)
    if end == pos:
        candidate, offset = rest, pos
    time_found = parse_time(candidate)
    placeholder_time = patterns.placeholder_time.match(candidate)
    if time_found is not None and (
        placeholder_time is None or placeholder_time.end() <= time_found[2]
    ):
        time = time_found[0]
        end = offset + time_found[2]
    elif placeholder_time is not None:
        placeholder = True
        if patterns.template_placeholder.search(placeholder_time.group()):
            template_placeholder = True
        end = offset + placeholder_time.end()
    if end == pos:
        return None
    if date is None and time is None and not placeholder:
        return None
    zone = None
    if time is not None or placeholder:
        zone_match = _zones().after.match(text, end)
        if zone_match is not None:
            zone = zone_match.group(1)
            end = zone_match.end()
    # "2021-12-01" alone followed by a digit is part of something else (a version, an id).
    if end < len(text) and (text[end].isalnum() and not text[end - 1].isspace()):
        return None
    return Stamp(pos, end, date, time, zone, placeholder, template_placeholder, year_known)


# -- timelines ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class TimelineEntry:
    """One row of a timeline: when (as written), what, and where."""

    line: int
    start: int  # offset of the timestamp (or of the row) in the parsed text
    end: int
    text: str  # the event, without the timestamp
    date: dt.date | None
    time: dt.time | None
    zone: str | None = None  # written on the row
    date_inherited: bool = False  # the date came from a subheading or an earlier row
    placeholder: bool = False
    template_placeholder: bool = False
    year_known: bool = True

    @property
    def known(self) -> bool:
        return not self.placeholder and (self.date is not None or self.time is not None)

    @property
    def label(self) -> str:
        """The timestamp as a reader would say it."""
        parts = []
        if self.date is not None and not self.date_inherited:
            parts.append(self.date.isoformat() if self.year_known else self.date.strftime("%m-%d"))
        if self.time is not None:
            parts.append(self.time.strftime("%H:%M"))
        if self.zone:
            parts.append(self.zone)
        return " ".join(parts) or "unknown time"


@dataclass(frozen=True)
class ZoneStatement:
    zone: str
    line: int
    start: int
    end: int


@dataclass(frozen=True)
class Timeline:
    entries: tuple[TimelineEntry, ...]
    zone: ZoneStatement | None = None

    @property
    def known(self) -> tuple[TimelineEntry, ...]:
        return tuple(entry for entry in self.entries if entry.known)

    @property
    def has_zone(self) -> bool:
        return self.zone is not None or (
            bool(self.known)
            and all(entry.zone for entry in self.known if entry.time is not None)
            and any(entry.time is not None for entry in self.known)
        )


class _LinePatterns:
    """Compiled when first needed, once: see :func:`_lines`."""

    def __init__(self) -> None:
        self.table_separator = re.compile(r"^\s*\|?\s*:?-{1,}:?\s*(?:\|\s*:?-{1,}:?\s*)*\|?\s*$")
        self.bullet = re.compile(r"^(?P<indent>\s*)(?:[-*+]|\d{1,3}[.)])(?:\s+|$)")
        self.heading = re.compile(r"^\s{0,3}#{1,6}\s+")
        self.time_header = re.compile(r"(?i)\b(time|date|when|timestamp|hour|utc|day)\b")
        self.event_header = re.compile(
            r"(?i)\b(event|events|what|description|details?|action|activity|note|notes|summary|"
            r"happened)\b"
        )
        # between a timestamp and its event
        self.entry_sep = re.compile(r"^[\s\]\)*_`~]*(?:[-–—:|,.]+\s*|\s+)?[\s*_]*")
        self.day_marker = re.compile(
            r"(?i)^(?:day\s+\d{1,3}|(?:mon|tues|wednes|thurs|fri|satur|sun)day|the next day|"
            r"next day|(?:the )?following day)$"
        )


@functools.cache
def _lines() -> _LinePatterns:
    return _LinePatterns()


def find_zone_statement(lines: Sequence[Line]) -> ZoneStatement | None:
    """The first "All times UTC"-style statement in the lines."""
    for line in lines:
        match = _zones().statement.search(line.text)
        if match is not None:
            return ZoneStatement(
                match.group("zone"),
                line.number,
                line.offset + match.start("zone"),
                line.offset + match.end("zone"),
            )
    return None


def _day_marker(text: str) -> bool:
    """A line that only names a new day: ``### Day 2``, ``**Tuesday**``, ``Next day:``."""
    patterns = _lines()
    body = (
        patterns.heading.sub("", text).strip().strip("*_").strip().rstrip(":").strip().strip("*_")
    )
    return patterns.day_marker.match(body) is not None


def _without_closing_aside(body: str) -> str:
    """``body`` without a parenthesised aside that ends it (and the blanks before it), found
    without a pattern that would read the line again from each of its ``(``."""
    stripped = body.rstrip()
    if not stripped.endswith(")"):
        return body
    opening = stripped.find("(", stripped.rfind(")", 0, len(stripped) - 1) + 1)
    if opening == -1 or opening == len(stripped) - 1:
        return body
    return stripped[:opening].rstrip()


def _date_heading(text: str) -> tuple[dt.date, bool] | None:
    """A line that is only a date: ``### 2021-12-01``, ``2019-08-13:``, ``**Dec 1, 2021**``."""
    heading = _lines().heading
    body = heading.sub("", text).strip().strip("*_").strip().rstrip(":").strip().strip("*_")
    body = _without_closing_aside(body)  # "2015-10-21 (all times UTC)"
    body = body.rstrip(":").strip().strip("*_").strip()
    if not body:
        return None
    found = parse_date(body)
    if found is None or found[2] != len(body):
        return None
    return found[0], found[3]


def parse_lines(lines: Sequence[Line], zone: ZoneStatement | None = None) -> Timeline:
    """Parse timeline entries from lines (tables, lists, plain lines, date subheadings)."""
    patterns = _lines()
    entries: list[TimelineEntry] = []
    current_date: dt.date | None = None
    current_year_known = True
    table_columns: tuple[list[int], int | None] | None = None  # (time columns, event column)
    in_table = False
    last_list_indent: int | None = None
    for index, line in enumerate(lines):
        text = line.text
        stripped = text.strip()
        if not stripped:
            in_table = False
            continue
        if "|" in stripped and (
            index + 1 < len(lines) and patterns.table_separator.match(lines[index + 1].text)
        ):
            header = split_row(text)
            time_cols = [
                i for i, (_, cell) in enumerate(header) if patterns.time_header.search(cell)
            ]
            event_cols = [
                i for i, (_, cell) in enumerate(header) if patterns.event_header.search(cell)
            ]
            event_col = next((i for i in event_cols if i not in time_cols), None)
            table_columns = (time_cols, event_col)
            in_table = True
            zone_here = _zones().anywhere.search(" ".join(cell for _, cell in header))
            if zone is None and zone_here is not None and time_cols:
                zone = find_zone_statement([line]) or ZoneStatement(
                    zone_here.group(1),
                    line.number,
                    line.offset + zone_here.start(1),
                    line.offset + zone_here.end(1),
                )
            continue
        if in_table and patterns.table_separator.match(text):
            continue
        if in_table and "|" in stripped:
            entry = _table_entry(line, table_columns, current_date, current_year_known)
            if entry is not None:
                if entry.date is not None and not entry.date_inherited:
                    current_date, current_year_known = entry.date, entry.year_known
                entries.append(entry)
            continue
        in_table = False
        heading_date = _date_heading(text)
        if heading_date is not None:
            current_date, current_year_known = heading_date
            last_list_indent = None
            continue
        if _day_marker(text):
            # A new day without a date: times after it are a day later than those before.
            current_date = (current_date or dt.date(2000, 1, 1)) + dt.timedelta(days=1)
            current_year_known = False
            last_list_indent = None
            continue
        bullet = patterns.bullet.match(text)
        body_start = bullet.end() if bullet else len(text) - len(text.lstrip())
        body = text[body_start:]
        if patterns.heading.match(text):
            continue
        stamp = find_stamp(body)
        if stamp is not None:
            date = stamp.date
            inherited = False
            year_known = stamp.year_known
            if date is None and current_date is not None and not stamp.placeholder:
                date, inherited, year_known = current_date, True, current_year_known
            elif date is not None:
                if not stamp.year_known and current_date is not None:
                    date = date.replace(year=current_date.year)
                    year_known = current_year_known
                current_date, current_year_known = date, year_known
            rest = body[stamp.end :]
            sep = patterns.entry_sep.match(rest)
            event = rest[sep.end() if sep else 0 :].strip()
            entries.append(
                TimelineEntry(
                    line=line.number,
                    start=line.offset + body_start + stamp.start,
                    end=line.offset + body_start + stamp.end,
                    text=event,
                    date=date,
                    time=stamp.time,
                    zone=stamp.zone,
                    date_inherited=inherited,
                    placeholder=stamp.placeholder,
                    template_placeholder=stamp.template_placeholder,
                    year_known=year_known,
                )
            )
            last_list_indent = len(bullet.group("indent")) if bullet else None
            continue
        indent = len(text) - len(text.lstrip())
        if (
            bullet is not None
            and current_date is not None
            and (last_list_indent is None or len(bullet.group("indent")) <= last_list_indent)
        ):
            # A bullet without a time under a date subheading: an entry on that date.
            entries.append(
                TimelineEntry(
                    line=line.number,
                    start=line.offset + body_start,
                    end=line.offset + len(text.rstrip()),
                    text=body.strip(),
                    date=current_date,
                    time=None,
                    date_inherited=True,
                    year_known=current_year_known,
                )
            )
            last_list_indent = len(bullet.group("indent"))
            continue
        if entries and entries[-1].line < line.number and (indent > 0 or bullet is not None):
            # A continuation line (or sub-bullet) of the previous entry.
            previous = entries[-1]
            entries[-1] = _with_text(previous, previous.text + " " + stripped)
    return Timeline(tuple(entries), zone)


def _with_text(entry: TimelineEntry, text: str) -> TimelineEntry:
    from dataclasses import replace

    return replace(entry, text=text)


def _table_entry(
    line: Line,
    columns: tuple[list[int], int | None] | None,
    current_date: dt.date | None,
    current_year_known: bool,
) -> TimelineEntry | None:
    cells = split_row(line.text)
    if not cells:
        return None
    time_cols, event_col = columns if columns is not None else ([], None)
    candidates = [i for i in time_cols if i < len(cells)] or [0]
    date: dt.date | None = None
    time: dt.time | None = None
    zone: str | None = None
    placeholder = template_placeholder = False
    year_known = True
    first: tuple[int, int] | None = None
    for column in candidates:
        cell_offset, cell = cells[column]
        stamp = find_stamp(cell)
        if stamp is None:
            continue
        if first is None:
            first = (cell_offset + stamp.start, cell_offset + stamp.end)
        else:
            first = (first[0], cell_offset + stamp.end)
        date = date or stamp.date
        time = time or stamp.time
        zone = zone or stamp.zone
        placeholder = placeholder or stamp.placeholder
        template_placeholder = template_placeholder or stamp.template_placeholder
        year_known = year_known and stamp.year_known
    if first is None:
        return None
    inherited = False
    if date is None and current_date is not None and not placeholder:
        date, inherited, year_known = current_date, True, current_year_known
    event_cells = (
        [cells[event_col][1]]
        if event_col is not None and event_col < len(cells)
        else [cell for i, (_, cell) in enumerate(cells) if i not in candidates]
    )
    return TimelineEntry(
        line=line.number,
        start=line.offset + first[0],
        end=line.offset + first[1],
        text=" ".join(event_cells).strip(),
        date=date,
        time=time,
        zone=zone,
        date_inherited=inherited,
        placeholder=placeholder,
        template_placeholder=template_placeholder,
        year_known=year_known,
    )


def parse_timeline(text: str, first_line: int = 1, offset: int = 0) -> Timeline:
    """Parse the text of a timeline section (offsets and lines relative to the arguments)."""
    lines = lines_of(text, first_line, offset)
    return parse_lines(lines, find_zone_statement(lines))


# -- ordering and moments ----------------------------------------------------------------------

# Times without dates that go backwards are read as crossing midnight when the jump forward
# through midnight is shorter than this.
ROLLOVER_WINDOW = dt.timedelta(hours=12)


@dataclass(frozen=True)
class Moment:
    """An entry placed on one clock: UTC when zones are known, else the stated local time."""

    entry: TimelineEntry
    at: dt.datetime
    precise: bool  # False when only the date is known


@dataclass(frozen=True)
class OrderProblem:
    entry: TimelineEntry
    previous: TimelineEntry


def resolve(timeline: Timeline) -> tuple[list[Moment], list[OrderProblem]]:
    """Place each known entry in time (rolling dateless times over midnight) and find the rows
    that are earlier than the row before them."""
    default_zone = timeline.zone.zone if timeline.zone else None
    moments: list[Moment] = []
    problems: list[OrderProblem] = []
    base = dt.date(2000, 1, 1)
    shift = dt.timedelta(0)  # days added to inherited or missing dates after midnight rollovers
    last_explicit: dt.date | None = None
    previous: Moment | None = None
    for entry in timeline.entries:
        if not entry.known:
            continue
        if entry.date is not None and not entry.date_inherited:
            if entry.date != last_explicit:
                shift = dt.timedelta(0)
            last_explicit = entry.date
        day = (entry.date or base) + (
            shift if entry.date_inherited or entry.date is None else dt.timedelta(0)
        )
        zone = entry.zone or default_zone
        offset = zone_offset(zone, day) if zone else None
        clock = entry.time or dt.time(0)
        at = dt.datetime.combine(day, clock) - (offset or dt.timedelta(0))
        moment = Moment(entry, at, entry.time is not None)
        if previous is not None:
            if moment.precise and previous.precise:
                if at < previous.at:
                    dateless = entry.date is None or entry.date_inherited
                    if dateless and at + dt.timedelta(days=1) - previous.at <= ROLLOVER_WINDOW:
                        shift += dt.timedelta(days=1)
                        at += dt.timedelta(days=1)
                        moment = Moment(entry, at, True)
                    else:
                        problems.append(OrderProblem(entry, previous.entry))
            elif _local_date(moment) < _local_date(previous):
                problems.append(OrderProblem(entry, previous.entry))
        moments.append(moment)
        previous = moment
    return moments, problems


def _local_date(moment: Moment) -> dt.date:
    if moment.precise:
        return moment.at.date()
    return moment.entry.date or moment.at.date()


# -- milestones --------------------------------------------------------------------------------


# Wording that sounds like each milestone.
_MILESTONE_WORDS = {
    "start": (
        r"(?i)\b(impact|outage|incident (?:start|began|begins)|start(?:ed|s)? (?:failing|returning|"
        r"erroring|to fail)|began|begins|errors?|fail(?:ed|ing|ure|s)?|down\b|degrad\w*|"
        r"unavailab\w*|crash\w*|broke|broken|spike\w*|5\d\d\b|timeouts?|timed out|latency|"
        r"deploy(?:ed|ment)?|rolled out|released|merged|pushed|trigger\w*|caus\w*|accident\w*|"
        r"not ?ready|unhealthy|unresponsive|stopped|exhaust\w*|ran out|oom)"
    ),
    "detection": (
        r"(?i)\b(detect\w*|alert\w*|warn(?:ing|ed|s)?|paged?|pages|pager|notic\w*|report\w*|discover\w*|observ\w*|"
        r"aware|identif\w*|spotted|found|raised|escalat\w*|on-?call|ticket (?:opened|filed)|"
        r"incident (?:declared|opened|created)|declared|investigat\w*|flagged|complain\w*|"
        r"first (?:sign|report))"
    ),
    "mitigation": (
        r"(?i)\b(mitigat\w*|roll(?:ed|ing)? ?back|rollback|revert\w*|workaround|restor\w*|"
        r"fail(?:ed)? ?over|disabl\w*|scal(?:ed|ing) (?:up|down|out)|downgrad\w*|drain\w*|"
        r"recover\w*|stabili[sz]\w*|patch\w*|hotfix\w*|fix(?:ed)? (?:deployed|applied|rolled)|"
        r"temporar\w*|redirect\w*|shifted traffic|killed|restart\w*|cordon\w*|terminat\w*|"
        r"(?:up|running|working|available|serving) again|back (?:up|online|to service))"
    ),
    "resolution": (
        r"(?i)\b(resolv\w*|resolution|fixed|fix (?:deployed|released|published|merged)|closed|"
        r"(?:all )?(?:systems|services) (?:verified )?(?:operational|healthy|normal)|"
        r"back to normal|returned to normal|recovered|fully (?:restored|recovered|operational)|"
        r"complet\w*|operational|healthy again|usual rate|all clear|ended|over\b|"
        r"incident closed|confirmed (?:resolution|fixed|resolved|working)|ends?\b)"
    ),
}
# Entries that name the milestone outright ("OUTAGE BEGINS", "Impact mitigated") win over
# entries that only sound like it.
_EXPLICIT_START = (
    r"(?i)\b(?:outage|impact|incident|degradation|disruption|downtime)\s+(?:begins|began|starts|"
    r"started)\b|\b(?:start|beginning|begin)\s+of\s+(?:the\s+)?(?:impact|outage|incident)\b|"
    r"\bimpact\s+start"
)


class _MilestonePatterns:
    """Compiled when first needed, once: see :func:`_milestones`."""

    def __init__(self) -> None:
        self.words = {kind: re.compile(pattern) for kind, pattern in _MILESTONE_WORDS.items()}
        self.explicit_start = re.compile(_EXPLICIT_START)
        self.explicit_mitigation = re.compile(r"(?i)\bmitigat\w*")


@functools.cache
def _milestones() -> _MilestonePatterns:
    return _MilestonePatterns()


@dataclass(frozen=True)
class Milestones:
    start: Moment | None
    detection: Moment | None
    mitigation: Moment | None
    resolution: Moment | None

    def missing(self) -> list[str]:
        names = []
        if self.start is None:
            names.append("the start of impact")
        if self.detection is None:
            names.append("the detection")
        if self.mitigation is None and self.resolution is None:
            names.append("the mitigation or resolution")
        return names

    def minutes(self, which: str) -> float | None:
        """Minutes from the start of impact to a milestone, when both have a time."""
        end = getattr(self, which)
        if self.start is None or end is None:
            return None
        if not (self.start.precise and end.precise):
            if self.start.precise or end.precise:
                return None
            delta_days = (_local_date(end) - _local_date(self.start)).days
            return float(delta_days * 24 * 60) if delta_days >= 0 else None
        delta = (end.at - self.start.at).total_seconds() / 60
        return delta if delta >= 0 else None


def milestones(moments: Sequence[Moment]) -> Milestones:
    """Recognise start, detection, mitigation and resolution from the entries' wording.

    Start of impact is the first entry worded as impact or its trigger (or the first entry when
    a later entry is recognised as detection); detection is the first detection-worded entry
    after it; resolution is the last resolution-worded entry; mitigation is the first
    mitigation-worded entry, else the resolution.
    """
    precise = [moment for moment in moments if moment.precise]
    if len(precise) >= 2 and 2 * len(precise) >= len(moments):
        moments = precise  # a dated line among timed entries is a subheading, not a milestone
    if not moments:
        return Milestones(None, None, None, None)

    patterns = _milestones()

    def first(kind: str, after: int = 0) -> int | None:
        pattern = patterns.words[kind]
        for index in range(after, len(moments)):
            if pattern.search(moments[index].entry.text):
                return index
        return None

    explicit = [i for i, m in enumerate(moments) if patterns.explicit_start.search(m.entry.text)]
    start = first("start")
    detection_anywhere = first("detection")
    if explicit:
        start = explicit[0]
    elif detection_anywhere is not None and (start is None or detection_anywhere < start):
        start = 0  # the timeline opens with (or before) the detection: impact starts there
    detection = first("detection", start or 0)
    resolution_index = None
    pattern = patterns.words["resolution"]
    for index in range(len(moments) - 1, (start or 0) - 1, -1):
        if pattern.search(moments[index].entry.text):
            resolution_index = index
            break
    after_detection = (detection if detection is not None else start) or 0
    mitigation = next(
        (
            i
            for i in range(after_detection, len(moments))
            if patterns.explicit_mitigation.search(moments[i].entry.text)
        ),
        None,
    )
    if mitigation is None:
        mitigation = first("mitigation", after_detection)
    if mitigation is not None and resolution_index is not None and mitigation > resolution_index:
        mitigation = None
    if mitigation is None:
        mitigation = resolution_index

    def pick(index: int | None) -> Moment | None:
        return moments[index] if index is not None else None

    return Milestones(pick(start), pick(detection), pick(mitigation), pick(resolution_index))


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


def iter_zones(text: str) -> Iterator[str]:
    """Zone names written in ``text``."""
    for match in _zones().anywhere.finditer(text):
        yield match.group(1)
