"""Dates as documents write them: due dates of action items, incident dates, quarters.

Pure functions over text. A date without a year is not guessed: it is returned as unreadable,
so that the report can say it could not judge it.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re

from writer.checks.postmortem.stamps import MONTHS as _MONTHS

_MONTH = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
    r"sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
_ISO = re.compile(r"(?<!\d)(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?!\d)")
_DAY_MONTH_YEAR = re.compile(rf"(?i)\b(\d{{1,2}})(?:st|nd|rd|th)?\s+({_MONTH}),?\s+(\d{{4}})\b")
_MONTH_DAY_YEAR = re.compile(rf"(?i)\b({_MONTH})\s+(\d{{1,2}})(?:st|nd|rd|th)?,?\s+(\d{{4}})\b")
_MONTH_YEAR = re.compile(rf"(?i)\b(?:end\s+of\s+)?({_MONTH})\s+(\d{{4}})\b")
_QUARTER = re.compile(
    r"(?i)\b(?:(?:end\s+of\s+)?q([1-4])\s*(?:'|fy\s*)?((?:19|20)?\d{2})|((?:19|20)\d{2})\s*-?\s*q([1-4]))\b"
)
_HALF = re.compile(r"(?i)\bh([12])\s*'?((?:19|20)?\d{2})\b")
# Words that introduce a due date, and the date words nobody can place without a calendar.
_DUE_WORDS = re.compile(
    r"(?i)\b(?:due|by|before|until|deadline|eta|target)\b\s*:?\s*(?:the\s+)?(?:end\s+of\s+)?"
    r"(?P<what>[\w'./ -]{1,30})"
)


def _year(text: str) -> int:
    year = int(text)
    return year + 2000 if year < 100 else year


def _date(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def _month(name: str) -> int:
    return _MONTHS[name.lower().rstrip(".")]


def _month_end(year: int, month: int) -> dt.date:
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def due_date(text: str) -> tuple[dt.date | None, str | None]:
    """The due date an item gives, and the words it was read from.

    ``2025-03-01``, ``1 March 2025``, ``March 1, 2025``: that day. ``March 2025``: the month's
    last day. ``Q3 2025``/``2025-Q3``: the quarter's last day; ``H1 2025`` the half's. A due
    date that gives no year or names no day ("next sprint") is returned as (None, its words).
    """
    found = _ISO.search(text)
    if found:
        day = _date(int(found.group(1)), int(found.group(2)), int(found.group(3)))
        if day is not None:
            return day, found.group()
    for pattern, order in ((_DAY_MONTH_YEAR, "dmy"), (_MONTH_DAY_YEAR, "mdy")):
        found = pattern.search(text)
        if found:
            if order == "dmy":
                day_s, month_s, year_s = found.groups()
            else:
                month_s, day_s, year_s = found.groups()
            day = _date(int(year_s), _MONTHS[month_s.lower().rstrip(".")], int(day_s))
            if day is not None:
                return day, found.group()
    found = _QUARTER.search(text)
    if found:
        quarter = int(found.group(1) or found.group(4))
        year = _year(found.group(2) or found.group(3))
        return _month_end(year, quarter * 3), found.group()
    found = _HALF.search(text)
    if found:
        return _month_end(_year(found.group(2)), 6 * int(found.group(1))), found.group()
    found = _MONTH_YEAR.search(text)
    if found:
        month = _MONTHS[found.group(1).lower().rstrip(".")]
        return _month_end(int(found.group(2)), month), found.group()
    found = _DUE_WORDS.search(text)
    if found:
        return None, found.group().strip()
    return None, None


def first_date(text: str) -> tuple[dt.date, str] | None:
    """The first full date (with its year) in ``text``, and the words it was read from."""
    candidates = []
    for pattern, order in ((_ISO, "ymd"), (_DAY_MONTH_YEAR, "dmy"), (_MONTH_DAY_YEAR, "mdy")):
        found = pattern.search(text)
        if found is None:
            continue
        if order == "ymd":
            day = _date(int(found.group(1)), int(found.group(2)), int(found.group(3)))
        elif order == "dmy":
            day = _date(int(found.group(3)), _month(found.group(2)), int(found.group(1)))
        else:
            day = _date(int(found.group(3)), _month(found.group(1)), int(found.group(2)))
        if day is not None:
            candidates.append((found.start(), day, found.group()))
    if not candidates:
        return None
    _, day, words = min(candidates, key=lambda c: c[0])
    return day, words


_COMPACT = re.compile(r"(?<!\d)((?:19|20)\d{2})(\d{2})(\d{2})(?!\d)")


def file_name_date(name: str) -> tuple[dt.date, str] | None:
    """A date a file name starts with or holds: ``2021-06-03--database-full``, ``20210602-aks``."""
    found = first_date(name)
    if found is not None:
        return found
    compact = _COMPACT.search(name)
    if compact:
        day = _date(int(compact.group(1)), int(compact.group(2)), int(compact.group(3)))
        if day is not None:
            return day, compact.group()
    return None


def quarter(day: dt.date) -> str:
    return f"{day.year}-Q{(day.month - 1) // 3 + 1}"
