"""The one place the report reads a postmortem through the postmortem checks' own readers: the
incident (:func:`writer.checks.postmortem.incident.read_incident`: timeline rows, milestones,
durations) and the action items, read as the action-item checks read them. Everything else in
the report works on the values of :mod:`writer.report.model`, so a change in those readers is met
here.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from typing import TYPE_CHECKING

from writer.checks import sections
from writer.checks.base import CheckContext
from writer.checks.postmortem.action_items import ActionItem as ParsedItem
from writer.checks.postmortem.checkers import document_action_items
from writer.checks.postmortem.incident import Incident
from writer.checks.postmortem.incident import read_incident as read_timeline
from writer.checks.postmortem.milestones import Milestone as FoundMilestone
from writer.checks.postmortem.timeline import Row as TimelineRow
from writer.model.document import Document
from writer.model.lines import Line, split_row
from writer.report.dates import due_date
from writer.report.model import (
    METRIC_MILESTONES,
    METRICS,
    MILESTONES,
    ActionItem,
    Dated,
    Duration,
    IncidentReading,
    Milestone,
    Row,
)
from writer.settings.config import Config

if TYPE_CHECKING:
    from writer.templates.matching import TemplateMatcher
    from writer.templates.spec import TemplateSpec

ROW_CHARS = 160


def cut(text: str, limit: int = ROW_CHARS) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _row(document: Document, row: TimelineRow) -> Row:
    """A timeline row as the report shows it: its line, its words and the wall-clock moment it
    was placed at (with the zone when the row writes its own)."""
    at = None
    if row.local is not None:
        at = row.local.strftime("%Y-%m-%d %H:%M") if row.precise else row.local.date().isoformat()
        if not row.year_known:
            at = at[5:]
        if row.zone_text and row.precise:
            at = f"{at} {row.zone_text}"
    return Row(row.line, cut(document.line_text(row.line).strip(" |")), at)


def read_incident(
    document: Document, template: TemplateSpec | None, matcher: TemplateMatcher | None
) -> IncidentReading:
    """The timeline's milestones and durations, each with its rows or the reason it is unknown."""
    incident = read_timeline(document, template, matcher)
    if incident.region is None and not incident.rows:
        return _unknown(document, incident, "the document has no timeline")
    if not incident.known:
        return _unknown(document, incident, "the timeline has no row with a date or time")
    marks = incident.milestones
    milestones = []
    for name in MILESTONES:
        found = marks.get(name)
        if found.known and found.row is not None:
            milestones.append(Milestone(name, _row(document, found.row), found.reason))
        else:
            milestones.append(Milestone(name, None, _why_unknown(found)))
    durations = tuple(_duration(document, incident, metric) for metric in METRICS)
    start_date, start_row = _date(document, incident)
    return IncidentReading(
        timeline_line=incident.region.line if incident.region is not None else None,
        rows=len(incident.known),
        zone=incident.zone.zone.text if incident.zone is not None else None,
        milestones=tuple(milestones),
        durations=durations,
        start_date=start_date,
        start_date_row=start_row,
        metadata_dates=_metadata_dates(document, incident),
    )


def _why_unknown(found: FoundMilestone) -> str:
    if found.row is not None and found.row.local is None:
        return f"its row (line {found.row.line}) could not be placed in time"
    return found.reason


def _unknown(document: Document, incident: Incident, why: str) -> IncidentReading:
    return IncidentReading(
        timeline_line=incident.region.line if incident.region is not None else None,
        rows=len(incident.known),
        zone=incident.zone.zone.text if incident.zone is not None else None,
        milestones=tuple(Milestone(name, None, why) for name in MILESTONES),
        durations=tuple(Duration(metric, None, None, None, (), why) for metric in METRICS),
        start_date=None,
        start_date_row=None,
        metadata_dates=_metadata_dates(document, incident),
    )


def _metadata_dates(document: Document, incident: Incident) -> tuple[Dated, ...]:
    return tuple(
        Dated(
            found.date,
            "metadata",
            Row(found.line, cut(document.line_text(found.line).strip())) if found.line else None,
        )
        for found in incident.dates
        if found.source in ("metadata", "incident dates") and found.year_known
    )


def _date(document: Document, incident: Incident) -> tuple[dt.date | None, Row | None]:
    """The incident's date from its timeline: the start of impact's, else the first row's that
    gives a full date (its own or a heading's)."""
    start = incident.milestones.get("impact_start").row
    candidates = [start] if start is not None else []
    candidates += [row for row in incident.rows if row.local is not None]
    for row in candidates:
        if row.local is not None and row.year_known and row.date is not None:
            return row.local.date(), _row(document, row)
    return None, None


def _duration(document: Document, incident: Incident, metric: str) -> Duration:
    marks = incident.milestones
    start = marks.get("impact_start")
    end = marks.get(METRIC_MILESTONES[metric])
    since = _row(document, start.row) if start.known and start.row is not None else None
    until = _row(document, end.row) if end.known and end.row is not None else None
    if since is None:
        return Duration(metric, None, since, until, (), _why_unknown(start))
    if until is None:
        return Duration(metric, None, since, until, (), _why_unknown(end))
    minutes = marks.minutes(METRIC_MILESTONES[metric])
    if minutes is None:
        assert start.row is not None and end.row is not None
        if start.row.precise != end.row.precise:
            why = "one of its rows gives a time and the other only a date"
        else:
            why = "the milestone's row is earlier than the start of impact"
        return Duration(metric, None, since, until, (), why)
    approximate = []
    for found in (start, end):
        row = found.row
        assert row is not None
        if not row.precise:
            approximate.append("the rows give dates without times: counted in whole days")
        if row.approximate:
            approximate.append(f"line {row.line} gives its time as approximate")
        if row.offset is not None and row.time is None:
            approximate.append(f"line {row.line} gives its time as an offset from another row")
    return Duration(metric, minutes, since, until, tuple(dict.fromkeys(approximate)), None)


# -- action items --------------------------------------------------------------------------------

_DUE_HEADER = re.compile(r"(?i)\b(due|deadline|eta|target|when|date|by when|milestone)\b")
_SEPARATOR = re.compile(r"^\s*\|?\s*:?-{1,}:?\s*(?:\|\s*:?-{1,}:?\s*)*\|?\s*$")


def read_action_items(
    document: Document, template: TemplateSpec | None, matcher: TemplateMatcher | None
) -> tuple[int | None, tuple[ActionItem, ...]]:
    """The action items section's line (None: there is none) and its items, as the action-item
    checks read them (descriptions that are not something to do left out)."""
    region = sections.find(document, template, "action-items", matcher)
    context = CheckContext(document=document, config=Config(), template=template, matcher=matcher)
    parsed = [item for item in document_action_items(context) if not item.statement]
    lines = [Line(number, 0, document.line_text(number)) for number in _table_lines(parsed)]
    items = []
    for item in parsed:
        due_words = _due_words(lines, item.line) if item.in_table else None
        source = due_words if due_words else item.text
        due, due_text = due_date(source) if "due" in item.tracking or due_words else (None, None)
        items.append(
            ActionItem(
                line=item.line,
                text=cut(item.text, 240),
                owner=item.owner,
                tracking=item.tracking,
                due=due,
                due_text=due_text,
                done=item.done,
            )
        )
    return (region.line if region is not None else None), tuple(items)


def _table_lines(items: Sequence[ParsedItem]) -> list[int]:
    """The lines from the first table row's header to the last item (where due cells are)."""
    lines = [item.line for item in items if item.in_table]
    if not lines:
        return []
    return list(range(max(1, min(lines) - 2), max(lines) + 1))


def _due_words(lines: Sequence[Line], number: int) -> str | None:
    """The due-date cell of a table row, when the table has a due-date column."""
    by_number = {line.number: index for index, line in enumerate(lines)}
    index = by_number.get(number)
    if index is None:
        return None
    header = None
    for back in range(index - 1, 0, -1):
        if _SEPARATOR.match(lines[back].text):
            header = lines[back - 1].text
            break
        if "|" not in lines[back].text:
            return None
    if header is None:
        return None
    columns = [i for i, (_, cell) in enumerate(split_row(header)) if _DUE_HEADER.search(cell)]
    cells = split_row(lines[index].text)
    words = " ".join(cells[i][1] for i in columns if i < len(cells)).strip()
    return words or None
