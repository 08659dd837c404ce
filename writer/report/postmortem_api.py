"""The one place the report reads a postmortem through the postmortem checks' own readers: the
timeline (rows, milestones, durations) and the action items. Everything else in the report
works on the values of :mod:`writer.report.model`, so a change in those readers is met here.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TYPE_CHECKING

from writer.checks import sections
from writer.checks.postmortem.action_items import ItemPatterns, parse_item_lines
from writer.checks.postmortem.checkers import document_timeline
from writer.checks.postmortem.timeline import Milestones, Moment, milestones, resolve
from writer.model.document import Document
from writer.model.lines import Line
from writer.report.dates import due_date
from writer.report.model import (
    METRIC_MILESTONES,
    METRICS,
    ActionItem,
    Duration,
    IncidentReading,
    Milestone,
    Row,
)

if TYPE_CHECKING:
    from writer.templates.matching import TemplateMatcher
    from writer.templates.spec import TemplateSpec

ROW_CHARS = 160

# The reader's milestone names, and the report's.
_NAMES = (
    ("start", "impact_start"),
    ("detection", "detected"),
    ("mitigation", "mitigated"),
    ("resolution", "resolved"),
)
_FOUND = {
    "impact_start": "the first row worded as impact or what triggered it",
    "detected": "the first row after the start worded as detection (alert, page, report)",
    "mitigated": "the first row after the detection worded as mitigation (rollback, restart)",
    "resolved": "the last row worded as resolution (resolved, back to normal, closed)",
}
_OPENS_WITH_DETECTION = "the timeline opens with the detection: when the impact began is not in it"
_NO_START = (
    "no row before the detection is worded as the impact or what triggered it: when the "
    "impact began is not known"
)
_MISSING = {
    "impact_start": "no row is worded as the start of impact or its trigger",
    "detected": "no row after the start is worded as detection (alert, page, report)",
    "mitigated": "no row is worded as mitigation or resolution",
    "resolved": "no row is worded as resolution (resolved, back to normal, closed)",
}
# A row that tells of the failure itself, so that it can be the start of impact and its
# detection at once ("14:02 alert: checkout returns 500s").
_FAILURE = re.compile(
    r"(?i)\b(?:impact|outage|began|begins|start(?:ed|s)?|fail\w*|errors?|down|degrad\w*|"
    r"unavailab\w*|crash\w*|broke\w*|5\d\d|timeouts?|timed out|halt\w*|stopped)\b"
)
# A time written as a guess: "~14:00", "around 14:00", "approx. 14:00", "14:?? ".
_ROUGH = re.compile(r"(?i)~\s*\d|\b(?:about|around|approx\w*\.?|roughly|circa|ca\.)\s+\d|\?\?")


def cut(text: str, limit: int = ROW_CHARS) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _row(document: Document, moment: Moment) -> Row:
    entry = moment.entry
    return Row(entry.line, cut(document.line_text(entry.line).strip(" |")), entry.label)


def read_incident(
    document: Document, template: TemplateSpec | None, matcher: TemplateMatcher | None
) -> IncidentReading:
    """The timeline's milestones and durations, each with its rows or the reason it is unknown."""
    found = document_timeline(document, template, matcher)
    if found is None:
        return _unknown(None, 0, None, "the document has no timeline")
    region, timeline = found
    zone = timeline.zone.zone if timeline.zone is not None else None
    if not timeline.known:
        return _unknown(region.line, 0, zone, "the timeline has no row with a date or time")
    moments, _order = resolve(timeline)
    marks = milestones(moments)
    no_start: str | None = None
    if (
        marks.start is not None
        and marks.start is marks.detection
        and not _FAILURE.search(marks.start.entry.text)
    ):
        # The start of impact was read at the detection's row ("Alerted by a user that ..."):
        # when the impact began is not in the timeline, so no duration is counted from it.
        no_start = _OPENS_WITH_DETECTION if marks.start is moments[0] else _NO_START
        marks = Milestones(None, marks.detection, marks.mitigation, marks.resolution)
    rows = {name: getattr(marks, theirs) for theirs, name in _NAMES}
    mitigation_is_resolution = marks.mitigation is not None and marks.mitigation is marks.resolution
    found_milestones = []
    for name in ("impact_start", "detected", "mitigated", "resolved"):
        moment = rows[name]
        if moment is None:
            why = no_start or _MISSING[name]
            found_milestones.append(Milestone(name, None, why))
            continue
        reason = _FOUND[name]
        if name == "mitigated" and mitigation_is_resolution:
            reason = "no row is worded as mitigation: the resolution's row stands for it"
        found_milestones.append(Milestone(name, _row(document, moment), reason))
    durations = tuple(_duration(document, marks, metric, no_start) for metric in METRICS)
    # The incident's date: the start of impact's, else the first row that gives a full date.
    start = marks.start
    if start is None or start.entry.date is None or not start.entry.year_known:
        start = next((m for m in moments if m.entry.date is not None and m.entry.year_known), None)
    start_date = start.entry.date if start is not None else None
    return IncidentReading(
        timeline_line=region.line,
        rows=len(timeline.known),
        zone=zone,
        milestones=tuple(found_milestones),
        durations=durations,
        start_date=start_date,
        start_date_row=_row(document, start) if start_date is not None and start else None,
    )


def _unknown(line: int | None, rows: int, zone: str | None, why: str) -> IncidentReading:
    return IncidentReading(
        timeline_line=line,
        rows=rows,
        zone=zone,
        milestones=tuple(Milestone(name, None, why) for _, name in _NAMES),
        durations=tuple(Duration(metric, None, None, None, (), why) for metric in METRICS),
        start_date=None,
        start_date_row=None,
    )


def _duration(
    document: Document, marks: Milestones, metric: str, no_start: str | None = None
) -> Duration:
    theirs = {name: reader for reader, name in _NAMES}[METRIC_MILESTONES[metric]]
    start: Moment | None = marks.start
    end: Moment | None = getattr(marks, theirs)
    since = _row(document, start) if start is not None else None
    until = _row(document, end) if end is not None else None
    if start is None:
        why = no_start or _MISSING["impact_start"]
        return Duration(metric, None, since, until, (), why)
    if end is None:
        return Duration(metric, None, since, until, (), _MISSING[METRIC_MILESTONES[metric]])
    minutes = marks.minutes(theirs)
    if minutes is None:
        if start.precise != end.precise:
            why = "one of its rows gives a time and the other only a date"
        else:
            why = "the milestone's row is earlier than the start of impact"
        return Duration(metric, None, since, until, (), why)
    approximate = []
    if not (start.precise and end.precise):
        approximate.append("the rows give dates without times: counted in whole days")
    for moment in (start, end):
        if _ROUGH.search(document.line_text(moment.entry.line)):
            approximate.append(f"line {moment.entry.line} gives its time as approximate")
    return Duration(metric, minutes, since, until, tuple(dict.fromkeys(approximate)), None)


# -- action items --------------------------------------------------------------------------------

_DUE_HEADER = re.compile(r"(?i)\b(due|deadline|eta|target|when|date|by when|milestone)\b")
_SEPARATOR = re.compile(r"^\s*\|?\s*:?-{1,}:?\s*(?:\|\s*:?-{1,}:?\s*)*\|?\s*$")


def read_action_items(
    document: Document, template: TemplateSpec | None, matcher: TemplateMatcher | None
) -> tuple[int | None, tuple[ActionItem, ...]]:
    """The action items section's line (None: there is none) and its items."""
    region = sections.find(document, template, "action-items", matcher)
    if region is None:
        return None, ()
    lines = sections.raw_lines(document, region)
    parsed = parse_item_lines(lines, ItemPatterns())
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
    return region.line, tuple(items)


def _due_words(lines: Sequence[Line], number: int) -> str | None:
    """The due-date cell of a table row, when the table has a due-date column."""
    from writer.model.lines import split_row

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
