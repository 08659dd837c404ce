"""Postmortem edits a front makes for the author (the drafting screen, the language server): a
timeline row at its place in time, an action item in the document's own format. Each returns an
:class:`Insertion`.

A timeline row is written like the rows around it (a table row or a list item, with a date or
without, a zone on the row or none, bold or bracketed times) and goes where its time belongs, not
at the end. An action item follows the section: a row of its table (by column name), a checklist
item, or a plain list item, as the items already there are written.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from writer.checks.postmortem.timeline import Row, parse_timeline, place_rows
from writer.model.lines import cell_bounds
from writer.templates.textops import Insertion, table_header, uses_dates

_TABLE_RULE = re.compile(r"^\s*\|?\s*:?-{2,}:?\s*(\|\s*:?-{2,}:?\s*)*\|?\s*$")
_LIST_ITEM = re.compile(r"^(\s*)([-*+]|\d+[.)])(\s+)(\[[ xX]\]\s+)?")
_TWELVE_HOUR = re.compile(r"\b(a\.?m\.?|p\.?m\.?)\b", re.IGNORECASE)
_DATE_ONLY = re.compile(r"^\W*\d{4}-\d{2}-\d{2}\W*$")
_TIME_ONLY = re.compile(r"^\W*\d{1,2}:\d{2}(:\d{2})?\s*(?:[AaPp]\.?[Mm]\.?)?\W*$")


def parse_clock(text: str) -> dt.time | None:
    """``14:02``, ``9:05``, ``2:05 PM``: a time of day, or None."""
    match = re.fullmatch(r"\s*(\d{1,2}):(\d{2})(?::(\d{2}))?\s*([AaPp])?\.?\s*[Mm]?\.?\s*", text)
    if match is None:
        return None
    hour, minute, second = int(match.group(1)), int(match.group(2)), int(match.group(3) or 0)
    half = (match.group(4) or "").lower()
    if half:
        if not 1 <= hour <= 12:
            return None
        hour = hour % 12 + (12 if half == "p" else 0)
    if hour > 23 or minute > 59 or second > 59:
        return None
    return dt.time(hour, minute, second)


def parse_day(text: str) -> dt.date | None:
    """``2026-03-14``: a date, or None (a date that does not exist is None too)."""
    match = re.fullmatch(r"\s*(\d{4})-(\d{1,2})-(\d{1,2})\s*", text)
    if match is None:
        return None
    try:
        return dt.date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
    except ValueError:
        return None


# -- the timeline -------------------------------------------------------------------------------


def _line_bounds(text: str, offset: int) -> tuple[int, int]:
    start = text.rfind("\n", 0, offset) + 1
    end = text.find("\n", offset)
    return start, (len(text) if end < 0 else end)


def _clock(when: dt.datetime, like: str) -> str:
    if _TWELVE_HOUR.search(like):
        return when.strftime("%I:%M %p").lstrip("0")
    return when.strftime("%H:%M:%S" if re.search(r"\d:\d{2}:\d{2}", like) else "%H:%M")


def _stamp_like(model: Row, stamp_text: str, when: dt.datetime, zone: str, with_date: bool) -> str:
    """The new time written as ``model``'s stamp was (``stamp_text``, its text)."""
    core = stamp_text.strip()
    trailing = stamp_text[len(stamp_text.rstrip()) :]
    clock = _clock(when, core)
    if with_date:
        separator = "T" if re.search(r"\d{4}-\d{2}-\d{2}T", core) else " "
        stamp = when.strftime("%Y-%m-%d") + separator + clock
    else:
        stamp = clock
    if model.zone:
        written = model.zone_text or ""
        stamp += "Z" if written == "Z" and core.endswith("Z") else f" {zone or written}"
    return stamp + trailing


def _table_row_like(
    line: str, model: Row, line_start: int, stamp: str, when: dt.datetime, event: str
) -> tuple[str, int]:
    """A table row shaped like ``line``: the stamp's cells get the new time (a date cell the
    date, a time cell the time), the event cell the event, the rest stay empty."""
    bounds = cell_bounds(line)
    stamp_start, stamp_end = model.start - line_start, model.end - line_start
    cells: list[str] = []
    event_index: int | None = None
    for start, end in bounds:
        raw = line[start:end]
        if start < stamp_end and stamp_start < max(end, start + 1):
            if _DATE_ONLY.match(raw):
                cells.append(when.strftime("%Y-%m-%d"))
            elif _TIME_ONLY.match(raw):
                cells.append(_clock(when, raw))
            else:
                cells.append(stamp.strip())
        elif event_index is None and model.text and model.text.split(" ")[0] in raw:
            event_index = len(cells)
            cells.append(event)
        else:
            cells.append("")
    if event_index is None:
        event_index = next((i for i, c in enumerate(cells) if not c), len(cells))
        if event_index == len(cells):
            cells.append(event)
        else:
            cells[event_index] = event
    row = "| " + " | ".join(cells) + " |"
    cursor = len("| " + " | ".join(cells[: event_index + 1]))
    return row, cursor


def _list_item_like(
    line: str, model: Row, line_start: int, stamp: str, event: str
) -> tuple[str, int]:
    """A list item or line shaped like ``line``, with the new stamp and event."""
    stamp_start, stamp_end = model.start - line_start, model.end - line_start
    head, rest = line[:stamp_start], line[stamp_end:]
    found = rest.rfind(model.text) if model.text else -1
    if found >= 0:
        middle, tail = rest[:found], rest[found + len(model.text) :]
    else:
        middle, tail = rest, ""
        if middle and not middle.endswith(" "):
            middle += " "
    new = head + stamp + middle + event + tail
    return new, len(head + stamp + middle + event)


@dataclass(frozen=True)
class TimelineFormat:
    """How a timeline is written, for the form's defaults."""

    dates: bool  # rows carry their dates
    rows: int  # how many timed rows there are


def timeline_format(section_text: str, skeleton: str = "") -> TimelineFormat:
    timeline = parse_timeline(section_text)
    known = timeline.known
    if not known:
        return TimelineFormat(uses_dates(skeleton), 0)
    dated = any(e.date is not None and not _inherited(e) for e in known)
    return TimelineFormat(dated, len(known))


def timeline_row_at(
    section_text: str,
    section_start: int,
    when: dt.datetime,
    event: str,
    zone_label: str,
    skeleton: str = "",
) -> Insertion:
    """A timeline row for ``when`` (a local time in the document's zone) and ``event``, in the
    section's own format and at its place in time.

    ``section_text`` is the section's own text (heading included), which starts at
    ``section_start`` in the document.
    """
    timeline = parse_timeline(section_text)
    entries = [e for e in timeline.known if e.time is not None]
    if not entries:
        return _first_row(section_text, section_start, when, event, zone_label, skeleton)
    position = _place(section_text, entries, when, zone_label, timeline.zone is not None)
    before: Row | None = None  # the new row goes before this entry's line
    if position == 0:
        before = entries[0]
    elif position < len(entries):
        following, after = entries[position], entries[position - 1]
        if _inherited(following) and following.date == when.date() != after.date:
            before = following  # the first row under its date's heading
    model = before if before is not None else entries[position - 1]
    context_date = model.date
    with_date = model.date is not None and (not _inherited(model) or context_date != when.date())
    line_start, line_end = _line_bounds(section_text, model.start)
    line = section_text[line_start:line_end]
    stamp = _stamp_like(model, section_text[model.start : model.end], when, zone_label, with_date)
    if line.lstrip().startswith("|"):
        new, cursor = _table_row_like(line, model, line_start, stamp, when, event)
    else:
        new, cursor = _list_item_like(line, model, line_start, stamp, event)
    if before is not None:
        return Insertion(section_start + line_start, new + "\n", cursor)
    return Insertion(section_start + line_end, "\n" + new, 1 + cursor)


def _inherited(row: Row) -> bool:
    """Whether the row's date came from a heading or a row above, not the row itself."""
    return row.date is not None and row.date_from != "row"


def _place(
    section_text: str,
    entries: Sequence[Row],
    when: dt.datetime,
    zone_label: str,
    zone_stated: bool,
) -> int:
    """How many of ``entries`` come at or before ``when``: the timeline is read again with the
    new time added at its end, so midnight, dates under headings and zones count as for the
    checks."""
    dated = any(e.date is not None for e in entries)
    stamp = when.strftime("%Y-%m-%d %H:%M" if dated else "%H:%M")
    zoned = not zone_stated and any(e.zone for e in entries)
    base = section_text.rstrip("\n")
    probe = f"{base}\n\n- {stamp}{' ' + zone_label if zoned else ''} new entry\n"
    timeline = parse_timeline(probe)
    zone = timeline.zone.zone if timeline.zone is not None else None
    placed, _order, _gaps = place_rows(timeline.rows, zone)
    new = next((row for row in placed if row.start > len(base) and row.local), None)
    if new is None or new.local is None:
        return len(entries)
    times = {row.start: row.local for row in placed if row is not new}
    count = 0
    for index, entry in enumerate(entries):
        at = times.get(entry.start)
        if at is not None and at <= new.local:
            count = index + 1
    return count


def _first_row(
    section_text: str,
    section_start: int,
    when: dt.datetime,
    event: str,
    zone_label: str,
    skeleton: str,
) -> Insertion:
    """The first row of an empty timeline: the template's table when it shows one (with the
    zone stated above it, as the template asks), else a list item."""
    body = section_text.split("\n", 1)[1] if "\n" in section_text else ""
    lead = section_text.rstrip()
    offset = section_start + len(lead)
    with_date = uses_dates(body) or uses_dates(skeleton)
    stamp = when.strftime("%Y-%m-%d %H:%M" if with_date else "%H:%M")
    header = table_header(body) or table_header(skeleton)
    if header and not _has_table(body):
        columns = max(2, len(header))
        cells = [stamp, event] + [""] * (columns - 2)
        row = "| " + " | ".join(cells) + " |"
        lines = [
            f"All times in {zone_label}.",
            "",
            "| " + " | ".join(header) + " |",
            "|" + "|".join("------" for _ in header) + "|",
        ]
        text = "\n".join(lines) + "\n" + row
        cursor = len(text) - len(row) + len(f"| {stamp} | {event}")
        separator = "\n\n"
        return Insertion(offset, separator + text, len(separator) + cursor)
    if _has_table(body):
        cells = [stamp, event] + [""] * max(0, len(header) - 2)
        row = "| " + " | ".join(cells) + " |"
        return Insertion(offset, "\n" + row, 1 + len(f"| {stamp} | {event}"))
    item = f"- {stamp} {zone_label}: {event}"
    separator = "\n" if _last_is_list(lead) else "\n\n"
    return Insertion(offset, separator + item, len(separator) + len(item))


def _has_table(text: str) -> bool:
    return any(_TABLE_RULE.match(line) and "|" in line for line in text.split("\n"))


def _last_is_list(text: str) -> bool:
    return bool(_LIST_ITEM.match(text.rsplit("\n", 1)[-1]))


# -- action items -------------------------------------------------------------------------------

FIELDS = ("item", "type", "priority", "owner", "ticket", "due")
_ALIASES = {
    "item": "item",
    "action": "item",
    "action item": "item",
    "description": "item",
    "what": "item",
    "task": "item",
    "type": "type",
    "kind": "type",
    "category": "type",
    "priority": "priority",
    "pri": "priority",
    "owner": "owner",
    "owners": "owner",
    "assignee": "owner",
    "who": "owner",
    "ticket": "ticket",
    "issue": "ticket",
    "tracking": "ticket",
    "bug": "ticket",
    "link": "ticket",
    "jira": "ticket",
    "due": "due",
    "due date": "due",
    "deadline": "due",
    "when": "due",
}


def field_for(column: str) -> str:
    """The form field a table column holds (its own name when writer does not know it)."""
    name = re.sub(r"[^a-z ]", "", column.strip().lower()).strip()
    return _ALIASES.get(name, column.strip())


@dataclass(frozen=True)
class ActionItem:
    """A new action item: the known fields, and values for other columns of the table."""

    item: str
    type: str = ""
    priority: str = ""
    owner: str = ""
    ticket: str = ""
    due: str = ""
    other: Mapping[str, str] = field(default_factory=dict)

    def value(self, name: str) -> str:
        if name in FIELDS:
            return str(getattr(self, name))
        return self.other.get(name, "")

    def cells(self, header: Sequence[str]) -> list[str]:
        """Cells in the order of the table's header (by column name), or the default order."""
        if header:
            return [self.value(field_for(column)) for column in header]
        return [self.value(name) for name in FIELDS]

    def details(self) -> str:
        parts = [
            self.type,
            self.priority,
            f"owner: {self.owner}" if self.owner else "",
            self.ticket,
            f"due {self.due}" if self.due else "",
        ]
        shown = [part for part in parts if part]
        return f" ({', '.join(shown)})" if shown else ""


@dataclass(frozen=True)
class ItemFormat:
    """How a section writes its action items."""

    kind: str  # "table", "checklist" or "list"
    header: tuple[str, ...] = ()  # the table's columns
    bullet: str = "-"  # the list marker ("-", "*", "1.")
    indent: str = ""

    @property
    def fields(self) -> tuple[str, ...]:
        """The form's fields: the table's columns, or the usual ones."""
        if self.kind == "table" and self.header:
            return tuple(dict.fromkeys(field_for(c) for c in self.header if c.strip()))
        return FIELDS


def item_format(section_text: str, skeleton: str = "") -> ItemFormat:
    """The format of the section's action items (its skeleton's when it has none yet)."""
    body = section_text.split("\n", 1)[1] if "\n" in section_text else ""
    for text in (body, skeleton):
        header = table_header(text) if _has_table(text) else []
        if header:
            return ItemFormat("table", tuple(header))
        items = [m for line in text.split("\n") if (m := _LIST_ITEM.match(line))]
        if items:
            last = items[-1]
            kind = "checklist" if last.group(4) else "list"
            return ItemFormat(kind, (), last.group(2), last.group(1))
    return ItemFormat("checklist")


def _next_bullet(bullet: str) -> str:
    number = re.match(r"(\d+)([.)])", bullet)
    return f"{int(number.group(1)) + 1}{number.group(2)}" if number else bullet


def add_action_item(
    section_text: str, section_start: int, item: ActionItem, skeleton: str = ""
) -> Insertion:
    """The item written as the section writes its items, after the last one."""
    form = item_format(section_text, skeleton)
    body = section_text.split("\n", 1)[1] if "\n" in section_text else ""
    lines = section_text.split("\n")
    if form.kind == "table" and _has_table(body):
        last_row = max(i for i, line in enumerate(lines) if line.lstrip().startswith("|"))
        offset = section_start + sum(len(line) + 1 for line in lines[: last_row + 1]) - 1
        cells = item.cells(form.header)
        row = "| " + " | ".join(cells) + " |"
        return Insertion(offset, "\n" + row, 1 + len(row))
    lead = section_text.rstrip()
    offset = section_start + len(lead)
    if form.kind == "table":  # an empty section whose template shows a table
        header = list(form.header)
        row = "| " + " | ".join(item.cells(header)) + " |"
        table = "\n".join(
            ["| " + " | ".join(header) + " |", "|" + "|".join("---" for _ in header) + "|", row]
        )
        return Insertion(offset, "\n\n" + table, 2 + len(table))
    box = "[ ] " if form.kind == "checklist" else ""
    last_item = next((m for line in reversed(lines) if (m := _LIST_ITEM.match(line))), None)
    bullet = _next_bullet(form.bullet) if last_item is not None else form.bullet
    text = f"{form.indent}{bullet} {box}{item.item}{item.details()}"
    separator = "\n" if last_item is not None and _last_is_list(lead) else "\n\n"
    return Insertion(offset, separator + text, len(separator) + len(text))


def check_due(text: str, today: dt.date | None = None) -> str | None:
    """Why ``text`` is not a due date, or None (empty is fine: the item has none)."""
    if not text.strip():
        return None
    if parse_day(text) is None:
        return f"due date {text.strip()!r}: write it as YYYY-MM-DD, e.g. 2026-04-01"
    return None
