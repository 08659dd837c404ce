"""Time zones as postmortems write them, and the offset that applied on a given date.

A zone is written as an abbreviation (``UTC``, ``PDT``, ``CET/CEST``), a name ("Pacific Time",
"Central European Summer Time"), an IANA key (``US/Pacific``, ``Europe/Copenhagen``) or an offset
(``UTC+1``, ``+02:00``). Each maps to a region whose rules the standard library's
:mod:`zoneinfo` knows, or to a fixed offset. An abbreviation that names standard or summer time
(``PST`` or ``PDT``) can be wrong for the date it is used on: :func:`wrong_on` says which name
applied instead. Clock times are read as the region's wall clock on that date, whatever the
abbreviation claims, because that is what people mean when they write "14:00 PST" in July.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from dataclasses import dataclass

# Abbreviation -> (IANA region or None, fixed offset in hours or None, summer time?).
# ``summer`` is True for a summer-time name, False for a standard-time name, None for a name
# that covers both (PT, CET/CEST, US/Pacific).
_ABBREVIATIONS: dict[str, tuple[str | None, float | None, bool | None]] = {
    "UTC": (None, 0, None),
    "UT": (None, 0, None),
    "GMT": (None, 0, None),
    "Z": (None, 0, None),
    "WET": ("Europe/Lisbon", None, False),
    "WEST": ("Europe/Lisbon", None, True),
    "BST": ("Europe/London", None, True),
    "CET": ("Europe/Paris", None, False),
    "CEST": ("Europe/Paris", None, True),
    "MET": ("Europe/Paris", None, False),
    "MEST": ("Europe/Paris", None, True),
    "EET": ("Europe/Helsinki", None, False),
    "EEST": ("Europe/Helsinki", None, True),
    "MSK": (None, 3, None),
    "IST": (None, 5.5, None),
    "ICT": (None, 7, None),
    "WIB": (None, 7, None),
    "SGT": (None, 8, None),
    "HKT": (None, 8, None),
    "PHT": (None, 8, None),
    "AWST": (None, 8, None),
    "JST": (None, 9, None),
    "KST": (None, 9, None),
    "ACST": ("Australia/Adelaide", None, False),
    "ACDT": ("Australia/Adelaide", None, True),
    "AEST": ("Australia/Sydney", None, False),
    "AEDT": ("Australia/Sydney", None, True),
    "NZST": ("Pacific/Auckland", None, False),
    "NZDT": ("Pacific/Auckland", None, True),
    "BRT": (None, -3, None),
    "ART": (None, -3, None),
    "SAST": (None, 2, None),
    "EST": ("America/New_York", None, False),
    "EDT": ("America/New_York", None, True),
    "ET": ("America/New_York", None, None),
    "CST": ("America/Chicago", None, False),
    "CDT": ("America/Chicago", None, True),
    "CT": ("America/Chicago", None, None),
    "MST": (None, -7, None),  # Arizona keeps MST all year, so MST is never wrong
    "MDT": ("America/Denver", None, True),
    "MT": ("America/Denver", None, None),
    "PST": ("America/Los_Angeles", None, False),
    "PDT": ("America/Los_Angeles", None, True),
    "PT": ("America/Los_Angeles", None, None),
    "AKST": ("America/Anchorage", None, False),
    "AKDT": ("America/Anchorage", None, True),
    "HST": (None, -10, None),
}
# The name that applies in each region for (standard, summer) time.
_NAMES_BY_REGION: dict[str, tuple[str, str]] = {
    "Europe/Lisbon": ("WET", "WEST"),
    "Europe/London": ("GMT", "BST"),
    "Europe/Paris": ("CET", "CEST"),
    "Europe/Helsinki": ("EET", "EEST"),
    "Australia/Adelaide": ("ACST", "ACDT"),
    "Australia/Sydney": ("AEST", "AEDT"),
    "Pacific/Auckland": ("NZST", "NZDT"),
    "America/New_York": ("EST", "EDT"),
    "America/Chicago": ("CST", "CDT"),
    "America/Denver": ("MST", "MDT"),
    "America/Los_Angeles": ("PST", "PDT"),
    "America/Anchorage": ("AKST", "AKDT"),
}
# Zones written out in words.
_NAMES: dict[str, tuple[str | None, float | None, bool | None]] = {
    "pacific time": ("America/Los_Angeles", None, None),
    "pacific standard time": ("America/Los_Angeles", None, False),
    "pacific daylight time": ("America/Los_Angeles", None, True),
    "eastern time": ("America/New_York", None, None),
    "eastern standard time": ("America/New_York", None, False),
    "eastern daylight time": ("America/New_York", None, True),
    "central time": ("America/Chicago", None, None),
    "central standard time": ("America/Chicago", None, False),
    "central daylight time": ("America/Chicago", None, True),
    "mountain time": ("America/Denver", None, None),
    # "7:09 AM Eastern", "10am Pacific": the US zones by their bare names
    "pacific": ("America/Los_Angeles", None, None),
    "eastern": ("America/New_York", None, None),
    "central": ("America/Chicago", None, None),
    "mountain": ("America/Denver", None, None),
    "central european time": ("Europe/Paris", None, None),
    "central european summer time": ("Europe/Paris", None, True),
    "eastern european time": ("Europe/Helsinki", None, None),
    "eastern european summer time": ("Europe/Helsinki", None, True),
    "british summer time": ("Europe/London", None, True),
    "uk time": ("Europe/London", None, None),
    "london time": ("Europe/London", None, None),
    "coordinated universal time": (None, 0, None),
    "greenwich mean time": (None, 0, None),
    "india standard time": (None, 5.5, None),
    "japan standard time": (None, 9, None),
    "singapore time": (None, 8, None),
}

_ABBREVIATION_PATTERN = "|".join(
    sorted((re.escape(name) for name in _ABBREVIATIONS if name != "Z"), key=len, reverse=True)
)
_NAME_PATTERN = "|".join(
    sorted((re.escape(name).replace(r"\ ", r"\s+") for name in _NAMES), key=len, reverse=True)
)
_IANA = r"(?:[A-Z][A-Za-z]+/[A-Z][A-Za-z_]+(?:/[A-Z][A-Za-z_]+)?)"
_OFFSET = r"(?:(?:UTC|GMT)\s?[+-−]\s?\d{1,2}(?::?\d{2})?|[+-]\d{2}:?\d{2}(?!\d))"
# A zone as written, longest forms first; "CET/CEST" and "PST/PDT" pairs count as one zone.
ZONE = (
    rf"(?:{_OFFSET}|{_IANA}|(?i:{_NAME_PATTERN})"
    rf"|(?:{_ABBREVIATION_PATTERN})(?:\s?/\s?(?:{_ABBREVIATION_PATTERN}))?)"
)


@dataclass(frozen=True)
class Zone:
    """A zone as a document writes it, and what it stands for."""

    text: str  # as written: "PDT", "US/Pacific", "UTC+1", "CET/CEST"
    region: str | None = None  # the IANA key whose rules apply
    fixed: dt.timedelta | None = None  # a fixed offset, when no region's rules apply
    summer: bool | None = None  # the name says summer time (True) or standard time (False)

    @property
    def key(self) -> str:
        """One spelling per zone, to tell whether two mentions name the same zone."""
        if self.fixed is not None:
            return f"fixed{self.fixed.total_seconds():+.0f}"
        return self.region or self.text

    def offset_on(self, day: dt.date | None) -> dt.timedelta | None:
        """The UTC offset of the wall clock in this zone on ``day`` (the region's rules), or
        the fixed offset; for a region without a date, the standard offset."""
        if self.fixed is not None:
            return self.fixed
        if self.region is None:
            return None
        info = _zoneinfo(self.region)
        if info is None:
            return None
        moment = dt.datetime.combine(day or dt.date(2001, 1, 15), dt.time(12))
        return info.utcoffset(moment)


@functools.cache
def _zoneinfo(key: str) -> dt.tzinfo | None:
    try:
        from zoneinfo import ZoneInfo
    except ImportError:  # pragma: no cover - zoneinfo is in every supported Python
        return None
    try:
        return ZoneInfo(key)
    except (ValueError, KeyError, OSError):
        return None


def _entry(text: str, region: str | None, hours: float | None, summer: bool | None) -> Zone:
    fixed = dt.timedelta(hours=hours) if hours is not None else None
    return Zone(text, region, fixed, summer)


@functools.lru_cache(maxsize=256)
def lookup(text: str) -> Zone | None:
    """The zone ``text`` names (an abbreviation, a name, an IANA key or an offset), or None."""
    name = text.strip().strip("()").strip()
    if not name:
        return None
    if name in _ABBREVIATIONS:
        return _entry(name, *_ABBREVIATIONS[name])
    pair = re.fullmatch(r"([A-Z]{2,5})\s?/\s?([A-Z]{2,5})", name)
    if pair and pair.group(1) in _ABBREVIATIONS and pair.group(2) in _ABBREVIATIONS:
        first = _ABBREVIATIONS[pair.group(1)]
        second = _ABBREVIATIONS[pair.group(2)]
        if first[0] is not None and first[0] == second[0]:
            return Zone(name, first[0], None, None)
        return _entry(name, *first)
    words = " ".join(name.lower().split())
    if words in _NAMES:
        return _entry(name, *_NAMES[words])
    offset = re.fullmatch(r"(?:UTC|GMT)?\s?([+-−])\s?(\d{1,2})(?::?(\d{2}))?", name)
    if offset:
        sign = -1 if offset.group(1) in "-−" else 1
        hours = int(offset.group(2))
        minutes = int(offset.group(3) or 0)
        if hours > 14 or minutes > 59:
            return None
        return Zone(name, None, sign * dt.timedelta(hours=hours, minutes=minutes), None)
    if "/" in name and _zoneinfo(name) is not None:
        return Zone(name, name, None, None)
    return None


def city_zone(name: str) -> Zone | None:
    """The zone a city of the IANA database names ("16:37 Denver", "09:00 New York"), or None."""
    key = "_".join(name.split()).lower()
    region = _cities().get(key)
    return Zone(name, region, None, None) if region is not None else None


@functools.cache
def _cities() -> dict[str, str]:
    """Each IANA zone's city, lower case with underscores, to its key (the first key wins)."""
    try:
        from zoneinfo import available_timezones
    except ImportError:  # pragma: no cover - zoneinfo is in every supported Python
        return {}
    found: dict[str, str] = {}
    for key in sorted(available_timezones()):
        area, _, city = key.rpartition("/")
        # the cities of the continents' zones; not the stations, islands and counties whose
        # names are also words and people's names (Casey, Resolute, Easter, Center)
        if area in ("Africa", "America", "Asia", "Australia", "Europe", "Pacific"):
            found.setdefault(city.lower(), key)
    return found


def wrong_on(zone: Zone, day: dt.date) -> str | None:
    """The name that applied on ``day`` when ``zone`` names the other half of the year
    (``PDT`` for a ``PST`` written on a July date), else None."""
    if zone.summer is None or zone.region is None:
        return None
    info = _zoneinfo(zone.region)
    names = _NAMES_BY_REGION.get(zone.region)
    if info is None or names is None:
        return None
    moment = dt.datetime.combine(day, dt.time(12))
    summer = bool(info.dst(moment))
    if summer == zone.summer:
        return None
    return names[1] if summer else names[0]


def describe_offset(offset: dt.timedelta) -> str:
    """``UTC-7``, ``UTC+5:30``, ``UTC``."""
    minutes = round(offset.total_seconds() / 60)
    if minutes == 0:
        return "UTC"
    sign = "+" if minutes > 0 else "-"
    hours, rest = divmod(abs(minutes), 60)
    return f"UTC{sign}{hours}" + (f":{rest:02d}" if rest else "")


def near_miss(token: str) -> str | None:
    """The zone abbreviation a misspelt ``token`` was meant to be (``PTS`` -> ``PST``), or None
    when ``token`` is a zone or too far from every zone."""
    if token in _ABBREVIATIONS or not re.fullmatch(r"[A-Z]{3,5}", token):
        return None
    from rapidfuzz.distance import OSA

    best: tuple[int, str] | None = None
    for name in _ABBREVIATIONS:
        if len(name) < 3 or abs(len(name) - len(token)) > 1:
            continue
        distance = OSA.distance(token, name)
        if distance == 1 and (best is None or name < best[1]):
            best = (distance, name)
    return best[1] if best else None
