"""Dates and clock times as postmortems write them: pure functions over strings.

Dates: ISO (``2021-12-01``), with the month in words either side of the day (``July 11, 2025``,
``31st July 2018``, ``20. January``, ``the 15th of February``), US numeric with a year
(``08-09-2019``), and a bracketed month-day before a time (``[05-12 14:49]``), each with an
optional weekday. Times: 24-hour (``14:05``, ``14:05:31``), 12-hour (``2:57 pm``, ``11:39AM``,
``8 PM``, and ``17:14pm`` read as 24-hour), four digits where a time is expected (``1625`` after a
date or alone in a table cell, ``at 1915 UTC``), ranges (``13:30-13:45``, ``17:15 - 23:00``,
``8-9 PM``), approximate (``~13:30``, ``ca. 14:00``, ``around 14:00``, ``21:30 (approx)``), unsure
(``2X:XX``) and placeholders (``HH:MM``, ``X``, ``???``, a part of the day in brackets: ``[The
morning]``). A row may also be an offset from the row before (``+10 minutes``, ``[+1.5 hrs]``).
Zones after a time are read with :mod:`writer.checks.postmortem.zones`.

Two maintained date parsers were measured on the 495 dated, timed row stamps of the shared
postmortems (``bench/date_parsing.py``): python-dateutil reads all but one the same way at about
60 microseconds a stamp after 50-70 ms of import, dateparser all but 17 at about 5,000
microseconds after 150 ms of import and an 8-second first pass; both need the stamp cut out
first and fill unwritten parts (the year) silently. These patterns read a stamp in about 20
microseconds, zone included, and say which parts were written, so they are used instead.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Iterator
from dataclasses import dataclass

from writer.checks.postmortem.zones import ZONE, Zone, city_zone, lookup

MONTHS: dict[str, int] = {
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
WEEKDAYS: dict[str, int] = {
    name: number
    for number, names in enumerate(
        [
            ("mon", "monday"),
            ("tue", "tues", "tuesday"),
            ("wed", "wednesday"),
            ("thu", "thur", "thurs", "thursday"),
            ("fri", "friday"),
            ("sat", "saturday"),
            ("sun", "sunday"),
        ]
    )
    for name in names
}
# Capitalised as English writes them (so "we may" is not a date), or all in capitals.
_MONTH = r"(?:(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]{0,6}|[A-Z]{3,9})\.?"
_WEEKDAY = r"(?:(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun)[a-z]{0,6}|[A-Z]{3,9})\.?"
_YEAR = r"(?:19|20)\d{2}(?!\d|:\d)"
_ORDINAL = r"(?:st|nd|rd|th)?"
_DATE = rf"""
    (?:(?P<wd>{_WEEKDAY}),?\s+(?:the\s+)?)?
    (?:
        (?P<iy>(?:19|20)\d{{2}})(?P<isep>[-/.])(?P<im>\d{{1,2}})(?P=isep)(?P<id>\d{{1,2}})(?![\d])
      | (?P<bm>{_MONTH})\s+(?P<bd>\d{{1,2}}){_ORDINAL}(?![\d:])(?:,?\s+(?P<by>{_YEAR}))?
      | (?:the\s+)?(?P<ad>\d{{1,2}}){_ORDINAL}\.?\s+(?:of\s+)?(?P<am>{_MONTH})
        (?:,?\s+(?P<ay>{_YEAR}))?
      | (?P<um>\d{{1,2}})(?P<usep>[-/])(?P<ud>\d{{1,2}})(?P=usep)(?P<uy>(?:19|20)\d{{2}})(?![\d])
    )
    """
_APPROX_BEFORE = (
    r"(?:~|\\~|≈|(?i:ca\.|c\.|circa|approx\.|approximately|approx|around|about|roughly|"
    r"sometime\s+around|at\s+around|at\s+about|at\s+roughly))"
)
_APPROX_AFTER = (
    r"(?:\s*\(\s*(?i:approx(?:\.|imately)?|est(?:\.|imated)?|roughly|about|around|ish|"
    r"guess)\s*\)|(?i:ish)\b)"
)
_CLOCK = r"""
    (?P<h>[01]?\d|2[0-4]):(?P<m>[0-5]\d)(?::(?P<s>[0-5]\d)(?:[.,]\d{1,6})?)?
    (?:\s?(?P<ap>[AaPp]\.?\s?[Mm]\.?)(?![A-Za-z]))?
  | (?P<hh>1[0-2]|0?[1-9])\s?(?P<ap2>[AaPp]\.?[Mm]\.?)(?![A-Za-z])
"""
# not a year that opens a date (2021-06-04, 2021/06/04)
_HHMM = r"(?P<hm>(?:[01]\d|2[0-3])[0-5]\d)(?!\d|:\d|[-/.]\d)"
# A time not filled in: the template's marker (HH:mm, 20xx) or an unknown (X, ???, 14:??, a part
# of the day in the time's brackets: "[The morning]").
_PLACEHOLDER = r"""
    (?P<tpl>[Hh]{2}:[Mm]{2}(?::[Ss]{2})?)
  | (?P<unsure>[0-2][Xx?]:[0-5Xx?][0-9Xx?]|[0-2]?\d:[Xx?]{2}|[0-2]?\d:[0-5][Xx?])
  | (?P<unknown>[Xx?]{1,2}:[0-5Xx?][0-9Xx?]|--:--|\?{2,}|(?i:TBD|TBC|unknown)
      |X{1,2}(?=\s*(?::|\||\]|$))
      |(?i:(?:the\s+)?(?:early\s+|late\s+|mid-?)?(?:morning|afternoon|evening|night|midday|noon|
          lunchtime|overnight))(?=\s*\]))
"""
_OFFSET = r"""
    (?:T\s?)?\+\s?(?P<on>\d+(?:\.\d+)?)\s?
    (?P<ou>(?i:business\s+days?|days?|d|hours?|hrs?|h|minutes?|mins?|m))(?![A-Za-z])
    (?:\s+(?i:later|after))?
"""


class _Patterns:
    """Compiled when first needed, once: see :func:`patterns`."""

    def __init__(self) -> None:
        self.date = re.compile(_DATE, re.VERBOSE)
        self.clock = re.compile(rf"(?:{_CLOCK})", re.VERBOSE)
        self.clock_anywhere = re.compile(rf"(?<![\w:.$/#-])(?:{_CLOCK})(?![\d:])", re.VERBOSE)
        self.hhmm = re.compile(_HHMM)
        self.placeholder = re.compile(rf"(?:{_PLACEHOLDER})", re.VERBOSE)
        self.offset = re.compile(_OFFSET, re.VERBOSE)
        self.approx_before = re.compile(rf"{_APPROX_BEFORE}\s*")
        self.approx_after = re.compile(_APPROX_AFTER)
        self.approx_tail = re.compile(rf"{_APPROX_BEFORE}\s*$")
        self.template_date = re.compile(
            r"(?:20xx|19xx|yyyy|YYYY|20XX)[-/](?:MM|mm|\d{1,2}|\?\?)[-/](?:DD|dd|\d{1,2}|\?\?)"
            r"|\d{4}(?:/\d{2})?[-/](?:\d{1,2}|\?\?|MM)[-/](?:\?\?|DD|dd)"
        )
        # list markers, brackets, emphasis and escapes before a timestamp
        self.lead = re.compile(r"[\s*_\[(`>\\|]*")
        # between a date and its time
        self.date_time_sep = re.compile(r"(?:\s*,?\s*(?:T|at|@|-|–|,)?\s*)")
        self.zone_after = re.compile(rf"\s*\(?\s*(?P<zone>Z|{ZONE})\s*\)?(?![\w/])")
        self.range_sep = re.compile(r"\s*(?:-|–|—|to|until|till)\s*(?:~\s*)?")
        self.bracket_month_day = re.compile(
            r"\[(?P<mo>\d{2})-(?P<d>\d{2})\s+(?P<h>[01]\d|2[0-3]):(?P<m>[0-5]\d)\]"
        )


@functools.cache
def patterns() -> _Patterns:
    return _Patterns()


@dataclass(frozen=True)
class Clock:
    """A time of day as written."""

    time: dt.time | None  # None when unknown or a placeholder
    meridiem: str | None = None  # "am" or "pm" as written
    approximate: bool = False
    end: dt.time | None = None  # the end of a range ("13:30-13:45")
    placeholder: bool = False  # not filled in: X, ???, HH:MM
    template: bool = False  # the template's own marker (HH:mm)
    unsure: bool = False  # partly known (2X:XX)
    leading_zero: bool = False  # "07:00": a 24-hour clock


@dataclass(frozen=True)
class DateMatch:
    start: int
    end: int
    date: dt.date  # year 2000 stands in when the year is not written
    year_known: bool
    weekday: int | None = None  # the weekday written beside the date (Monday = 0)
    weekday_text: str | None = None
    numeric_us: bool = False  # written 08-09-2019: month first


@dataclass(frozen=True)
class Stamp:
    """A timestamp at ``start:end`` of a string (offsets within it)."""

    start: int
    end: int
    date: DateMatch | None = None
    clock: Clock | None = None
    zone: Zone | None = None
    zone_text: str | None = None
    zone_start: int = -1
    zone_end: int = -1
    offset: dt.timedelta | None = None  # "+10 minutes": after the row before
    template_date: bool = False  # 20xx-MM-DD

    @property
    def placeholder(self) -> bool:
        return self.template_date or (self.clock is not None and self.clock.placeholder)

    @property
    def template(self) -> bool:
        return self.template_date or (self.clock is not None and self.clock.template)

    @property
    def approximate(self) -> bool:
        return self.clock is not None and self.clock.approximate


def _valid_date(year: int | None, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year or 2000, month, day)
    except ValueError:
        return None


def _month(word: str) -> int | None:
    return MONTHS.get(word.lower().rstrip("."))


def _weekday(word: str | None) -> int | None:
    return WEEKDAYS.get(word.lower().rstrip(".")) if word else None


def _date_of(match: re.Match[str], base: int = 0) -> DateMatch | None:
    groups = match.groupdict()
    weekday_text = groups["wd"]
    weekday = _weekday(weekday_text)
    if weekday_text is not None and weekday is None:
        return None  # "Bug 12 ..." or "ADFS 3 ..." is no weekday
    numeric_us = False
    if groups["iy"]:
        date = _valid_date(int(groups["iy"]), int(groups["im"]), int(groups["id"]))
        year_known = True
    elif groups["bm"]:
        month = _month(groups["bm"])
        if month is None:
            return None
        year_known = bool(groups["by"])
        date = _valid_date(int(groups["by"]) if groups["by"] else None, month, int(groups["bd"]))
    elif groups["am"]:
        month = _month(groups["am"])
        if month is None:
            return None
        year_known = bool(groups["ay"])
        date = _valid_date(int(groups["ay"]) if groups["ay"] else None, month, int(groups["ad"]))
    else:
        first, second = int(groups["um"]), int(groups["ud"])
        month, day = (first, second) if first <= 12 else (second, first)
        date = _valid_date(int(groups["uy"]), month, day)
        year_known = True
        numeric_us = first <= 12
    if date is None:
        return None
    return DateMatch(
        base + match.start(),
        base + match.end(),
        date,
        year_known,
        weekday,
        weekday_text,
        numeric_us,
    )


def date_at(text: str, pos: int = 0) -> DateMatch | None:
    """A date starting at ``text[pos]``."""
    match = patterns().date.match(text, pos)
    return _date_of(match) if match else None


def find_dates(text: str) -> Iterator[DateMatch]:
    """Every date written in ``text`` (not inside a longer number)."""
    yield from _dates_in(text)


@functools.lru_cache(maxsize=4096)
def _dates_in(text: str) -> tuple[DateMatch, ...]:
    return tuple(_find_dates(text))


def _find_dates(text: str) -> Iterator[DateMatch]:
    pattern = patterns().date
    pos = 0
    while True:
        match = pattern.search(text, pos)
        if match is None:
            return
        before = text[match.start() - 1] if match.start() else " "
        found = _date_of(match) if not (before.isalnum() or before in "/.-:") else None
        if found is not None:
            yield found
            pos = match.end()
        else:
            pos = match.start() + 1


def _make_time(hour: int, minute: int, second: int, meridiem: str | None) -> dt.time | None:
    if meridiem is not None and 1 <= hour <= 12:
        hour = hour % 12 + (12 if meridiem == "pm" else 0)
    if hour == 24:
        if minute or second:
            return None
        hour = 0
    if hour > 23 or minute > 59 or second > 59:
        return None
    return dt.time(hour, minute, second)


def _meridiem(text: str | None) -> str | None:
    if not text:
        return None
    return "pm" if text.strip()[0] in "Pp" else "am"


def clock_at(text: str, pos: int = 0, *, hhmm: bool = False) -> tuple[Clock, int] | None:
    """A clock time (or a range, or a placeholder) starting at ``text[pos]``: (clock, end)."""
    compiled = patterns()
    approximate = False
    approx = compiled.approx_before.match(text, pos)
    if approx is not None:
        approximate = True
        pos = approx.end()
    found = _one_clock(text, pos, hhmm=hhmm)
    if found is None:
        holder = compiled.placeholder.match(text, pos)
        if holder is None:
            return None
        clock = Clock(
            None,
            approximate=approximate,
            placeholder=not holder.group("unsure"),
            template=bool(holder.group("tpl")),
            unsure=bool(holder.group("unsure")),
        )
        return clock, holder.end()
    clock, end = found
    # a range: "13:30-13:45", "17:15 - 23:00", "8-9 PM"
    range_sep = compiled.range_sep.match(text, end)
    if range_sep is not None:
        second = _one_clock(text, range_sep.end(), hhmm=hhmm)
        if second is not None and second[0].time is not None:
            other, other_end = second
            start_time = clock.time
            if clock.meridiem is None and other.meridiem is not None and start_time is not None:
                start_time = _make_time(start_time.hour, start_time.minute, 0, other.meridiem)
            clock = Clock(
                start_time,
                clock.meridiem or other.meridiem,
                clock.approximate,
                other.time,
                leading_zero=clock.leading_zero,
            )
            end = other_end
    after = compiled.approx_after.match(text, end)
    if after is not None:
        approximate = True
        end = after.end()
    if approximate and not clock.approximate:
        clock = Clock(clock.time, clock.meridiem, True, clock.end, leading_zero=clock.leading_zero)
    return clock, end


def _one_clock(text: str, pos: int, *, hhmm: bool) -> tuple[Clock, int] | None:
    compiled = patterns()
    match = compiled.clock.match(text, pos)
    if match is not None:
        if match.group("h") is not None:
            hour_text = match.group("h")
            meridiem = _meridiem(match.group("ap"))
            time = _make_time(
                int(hour_text), int(match.group("m")), int(match.group("s") or 0), meridiem
            )
            if time is None:
                return None
            return Clock(time, meridiem, leading_zero=len(hour_text) == 2), match.end()
        meridiem = _meridiem(match.group("ap2"))
        time = _make_time(int(match.group("hh")), 0, 0, meridiem)
        return (Clock(time, meridiem), match.end()) if time else None
    # "8-9 PM": an hour before a range whose end carries the meridiem
    bare = re.match(
        r"(1[0-2]|0?[1-9])(?=\s?(?:-|–|to)\s?(?:1[0-2]|0?[1-9])\s?[AaPp]\.?[Mm])", text[pos:]
    )
    if bare is not None:
        time = dt.time(int(bare.group(1)) % 24)
        return Clock(time), pos + bare.end()
    if hhmm:
        four = compiled.hhmm.match(text, pos)
        if four is not None:
            value = four.group("hm")
            return Clock(dt.time(int(value[:2]), int(value[2:])), leading_zero=True), four.end()
    return None


# A city right after a time, as zones are sometimes given ("16:37 Denver").
# Only before what ends a row's stamp (a dash, a colon, "time", the line's end), so that
# "14:00 Phoenix restarted" names a service, not a zone.
_CITY_AFTER = re.compile(
    r"[ \t]*\(?(?P<zone>[A-Z][a-z]+(?:[ _][A-Z][a-z]+)?)\)?"
    r"(?=[ \t]*(?:[-–—:|,;)\]]|time\b|$))",
    re.MULTILINE,
)


def zone_at(text: str, pos: int) -> tuple[Zone, str, int, int] | None:
    """A zone right after a time at ``text[pos]``: (zone, as written, start, end)."""
    match = patterns().zone_after.match(text, pos)
    if match is None:
        city = _CITY_AFTER.match(text, pos)
        zone = city_zone(city.group("zone")) if city is not None else None
        if city is None or zone is None:
            return None
        return zone, city.group("zone"), city.start("zone"), city.end()
    written = match.group("zone")
    zone = lookup("UTC" if written == "Z" else written)
    if zone is None:
        return None
    return zone, written, match.start("zone"), match.end()


def stamp_at(text: str, *, cell: bool = False) -> Stamp | None:
    """A timestamp at the start of ``text`` (after list markers, brackets and emphasis).

    ``cell`` allows a bare four-digit time (``0730``), as a table's time column holds.
    """
    compiled = patterns()
    lead = compiled.lead.match(text)
    pos = lead.end() if lead else 0
    start = pos
    offset = compiled.offset.match(text, pos)
    if offset is not None:
        value = float(offset.group("on"))
        unit = offset.group("ou").lower()
        if unit.startswith("business"):
            delta = dt.timedelta(days=value * 7 / 5)
        elif unit.startswith("d"):
            delta = dt.timedelta(days=value)
        elif unit.startswith("h"):
            delta = dt.timedelta(hours=value)
        else:
            delta = dt.timedelta(minutes=value)
        return Stamp(start, offset.end(), offset=delta)
    bracket = compiled.bracket_month_day.match(
        text, text.rfind("[", 0, pos + 1) if "[" in text[: pos + 1] else pos
    )
    if bracket is not None:
        day = _valid_date(None, int(bracket.group("mo")), int(bracket.group("d")))
        if day is not None:
            time = dt.time(int(bracket.group("h")), int(bracket.group("m")))
            return Stamp(
                start,
                bracket.end(),
                DateMatch(pos, bracket.end(), day, False),
                Clock(time, leading_zero=True),
            )
    approx = compiled.approx_before.match(text, pos)
    approximate = approx is not None
    after_approx = approx.end() if approx else pos
    template = compiled.template_date.match(text, after_approx)
    date: DateMatch | None = None if template else date_at(text, after_approx)
    end = after_approx
    if template is not None:
        end = template.end()
    elif date is not None:
        end = date.end
    clock: Clock | None = None
    if end > after_approx:
        sep = compiled.date_time_sep.match(text, end)
        where = sep.end() if sep else end
        found = clock_at(text, where, hhmm=True)
        if found is not None and found[0].time is None and not found[0].placeholder:
            found = found if found[0].unsure else None
        if found is not None:
            clock, end = found
    else:
        found = clock_at(text, after_approx, hhmm=cell)
        if found is not None:
            clock, end = found
    if clock is None and date is None and template is None:
        return None
    if approximate and clock is not None and not clock.approximate:
        clock = Clock(
            clock.time,
            clock.meridiem,
            True,
            clock.end,
            clock.placeholder,
            clock.template,
            clock.unsure,
            clock.leading_zero,
        )
    zone = None
    zone_text = None
    zone_start = zone_end = -1
    if clock is not None:
        found_zone = zone_at(text, end)
        if found_zone is not None:
            zone, zone_text, zone_start, end = found_zone
            zone_end = zone_start + len(zone_text)
    if clock is not None and clock.time is not None and clock.end is None:
        tail = compiled.approx_after.match(text, end)
        if tail is not None:
            clock = Clock(clock.time, clock.meridiem, True, None, leading_zero=clock.leading_zero)
            end = tail.end()
    # "2021-12-01" followed by a letter or digit is part of something else (a version, an id)
    if end < len(text) and text[end].isalnum() and not text[end - 1].isspace():
        return None
    return Stamp(
        start,
        end,
        date,
        clock,
        zone,
        zone_text,
        zone_start,
        zone_end,
        template_date=template is not None,
    )


@dataclass(frozen=True)
class ClockMatch:
    """A clock time written in prose."""

    start: int
    end: int
    clock: Clock
    zone: Zone | None = None
    zone_text: str | None = None
    zone_start: int = -1


_HHMM_CONTEXT = re.compile(
    r"(?i)(?:\b(?:at|by|from|until|till|to|and|between|since|of)\s+(?:the\s+hours\s+of\s+)?|~\s*)$"
)


def find_clocks(text: str) -> Iterator[ClockMatch]:
    """Clock times written in prose: ``14:05``, ``2:57 pm``, ``8 PM``, ``at 1915 UTC``, with
    their approximation, range and zone."""
    yield from _clocks_in(text)


@functools.lru_cache(maxsize=4096)
def _clocks_in(text: str) -> tuple[ClockMatch, ...]:
    return tuple(_find_clocks(text))


def _find_clocks(text: str) -> Iterator[ClockMatch]:
    compiled = patterns()
    pos = 0
    length = len(text)
    while pos < length:
        match = compiled.clock_anywhere.search(text, pos)
        four = None
        if "hours of" in text or "UTC" in text or "GMT" in text:
            four = _next_hhmm(text, pos)
        if match is None and four is None:
            return
        if four is not None and (match is None or four < match.start()):
            begin = four
        else:
            assert match is not None
            begin = match.start()
        head = text[max(0, begin - 24) : begin]
        approx = compiled.approx_tail.search(head)
        found = clock_at(text, begin, hhmm=begin == four)
        if found is None or found[0].time is None:
            pos = begin + 1
            continue
        clock, end = found
        if approx is not None and not clock.approximate:
            clock = Clock(
                clock.time, clock.meridiem, True, clock.end, leading_zero=clock.leading_zero
            )
        zone = zone_at(text, end)
        if begin == four and zone is None and not _HHMM_CONTEXT.search(head):
            pos = end
            continue
        if zone is not None:
            yield ClockMatch(begin, zone[3], clock, zone[0], zone[1], zone[2])
            pos = zone[3]
        else:
            yield ClockMatch(begin, end, clock)
            pos = end


_HHMM_ANYWHERE = re.compile(r"(?<![\w:.$/#,-])(?:[01]\d|2[0-3])[0-5]\d(?![\w:.,/]|-\d)")


def _next_hhmm(text: str, pos: int) -> int | None:
    """The next four-digit time written before a zone or after "at"/"between" (``1915 UTC``)."""
    while True:
        match = _HHMM_ANYWHERE.search(text, pos)
        if match is None:
            return None
        after = text[match.end() : match.end() + 8]
        head = text[max(0, match.start() - 24) : match.start()]
        if re.match(r"\s*(?:UTC|GMT|Z\b)", after) or (
            _HHMM_CONTEXT.search(head) and re.match(r"\s*(?:and|-|–|to|UTC|GMT)", after)
        ):
            return match.start()
        pos = match.end()
