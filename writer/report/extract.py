"""One document's figures: its kind and findings from the lint, and for a postmortem its date,
severity, timeline, action items and the phrases recurrence is looked for in; for a design doc
its status and how well it follows its template.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from writer.checks import sections
from writer.model.document import BlockKind, Document
from writer.model.findings import FileResult
from writer.report.dates import file_name_date, first_date
from writer.report.model import (
    Dated,
    DesignFigures,
    DocumentReport,
    Figures,
    Phrase,
    PostmortemFigures,
    Row,
    Severity,
    StatedFigure,
)
from writer.report.postmortem_api import cut, read_action_items, read_incident

if TYPE_CHECKING:
    from writer.templates.matching import TemplateMatcher
    from writer.templates.spec import TemplateSpec

POSTMORTEM_KINDS = ("postmortem",)
DESIGN_KINDS = ("design", "adr")

_FAMILY_ORDER = ("structure", "prose", "style", "postmortem", "design", "grammar")


def read_figures(
    document: Document,
    template: TemplateSpec | None,
    matcher: TemplateMatcher | None,
    kind: str | None,
) -> Figures | None:
    """What the report reads from one document of a kind it reports on (None for others)."""
    if matcher is None:
        from writer.templates.matching import TemplateMatcher

        matcher = TemplateMatcher()
    if kind in POSTMORTEM_KINDS:
        return Figures(title_of(document), postmortem_figures(document, template, matcher), None)
    if kind in DESIGN_KINDS:
        return Figures(title_of(document), None, design_figures(document, template, matcher))
    return None


def document_report(result: FileResult, figures: Figures) -> DocumentReport:
    """A linted document's figures with its findings counted by family and severity."""
    families = Counter(finding.rule.split(".", 1)[0] for finding in result.findings)
    severities = Counter(finding.severity.label for finding in result.findings)
    design = figures.design
    if design is not None:
        structure = sum(1 for f in result.findings if f.rule.startswith("structure."))
        design = replace(design, structure_findings=structure)
    return DocumentReport(
        path=result.path,
        kind=result.kind,
        template=result.template,
        title=figures.title,
        findings=tuple(
            sorted(
                families.items(),
                key=lambda kv: (-kv[1], _rank(kv[0], _FAMILY_ORDER), kv[0]),
            )
        ),
        severities=tuple(
            (label, severities[label])
            for label in ("error", "warning", "suggestion")
            if severities[label]
        ),
        postmortem=figures.postmortem,
        design=design,
        notices=result.notices,
    )


def _rank(value: str, order: tuple[str, ...]) -> int:
    return order.index(value) if value in order else len(order)


def title_of(document: Document) -> str:
    front = _front(document)
    title = front.get("title")
    if isinstance(title, str) and title.strip():
        return cut(title, 120)
    for section in document.headings:
        if section.level == 1:
            return cut(section.title, 120)
    headings = document.headings
    if headings:
        return cut(headings[0].title, 120)
    return Path(document.path or "-").stem


def _front(document: Document) -> Mapping[str, Any]:
    front = document.front_matter
    if front is None or not isinstance(front.data, dict):
        return {}
    return {str(key).lower(): value for key, value in front.data.items()}


def _line_row(document: Document, number: int) -> Row:
    return Row(number, cut(document.line_text(number).strip()))


def _front_line(document: Document, key: str) -> int | None:
    front = document.front_matter
    if front is None:
        return None
    for number in range(front.start_line, front.end_line + 1):
        if document.line_text(number).lower().lstrip().startswith(key):
            return number
    return None


# -- postmortems ---------------------------------------------------------------------------------


def postmortem_figures(
    document: Document, template: TemplateSpec | None, matcher: TemplateMatcher
) -> PostmortemFigures:
    incident = read_incident(document, template, matcher)
    action_line, items = read_action_items(document, template, matcher)
    date, date_unknown = incident_date(
        document, incident.start_date, incident.start_date_row, incident.metadata_dates
    )
    phrases = [
        *contributing_factors(document, template, matcher),
        *labelled_values(document),
        *(Phrase("action", item.text, item.line) for item in items),
    ]
    return PostmortemFigures(
        date=date,
        date_unknown=date_unknown,
        severity=severity_of(document),
        incident=incident,
        action_items=items,
        action_section_line=action_line,
        phrases=tuple(phrases),
        stated=tuple(stated_figures(document)),
    )


_INCIDENT_DATE_KEYS = ("incident_date", "incident-date", "incident date", "incident")
_DATE_KEYS = ("date", "created", "creation-date", "published")


def incident_date(
    document: Document,
    timeline_date: Any,
    timeline_row: Row | None,
    metadata: Sequence[Dated] = (),
) -> tuple[Dated | None, str | None]:
    """When the incident happened, and where that was read; or None and why not.

    An incident date in the front matter first, then the start of impact in the timeline, then
    a 'Date:' field or 'Incident date' section (as the timeline's reader finds them), then a
    date in the front matter (often when the page was published), then the file name, then the
    title.
    """
    front = _front(document)
    for key in _INCIDENT_DATE_KEYS:
        found = _as_date(front.get(key))
        if found is not None:
            line = _front_line(document, key)
            return Dated(found, "front matter", _line_row(document, line) if line else None), None
    if timeline_date is not None:
        return Dated(timeline_date, "timeline", timeline_row), None
    if metadata:
        return metadata[0], None
    for key in _DATE_KEYS:
        found = _as_date(front.get(key))
        if found is not None:
            line = _front_line(document, key)
            return Dated(found, "front matter", _line_row(document, line) if line else None), None
    name = Path(document.path or "").name
    named = file_name_date(name)
    if named is not None:
        return Dated(named[0], "file name", None), None
    for section in document.headings[:1]:
        titled = first_date(section.title)
        if titled is not None:
            return Dated(titled[0], "title", _line_row(document, section.line)), None
    return None, "no date with a year in the timeline, the metadata, the file name or the title"


def _as_date(value: Any) -> Any:
    import datetime as dt

    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        found = first_date(value)
        return found[0] if found else None
    return None


_SEVERITY_KEYS = ("severity", "sev", "incident_severity", "incident-severity", "priority")
_SEVERITY_LINE = re.compile(
    r"(?i)^\W*(?:incident\s+)?(?:severity(?:\s+level)?|sev|priority)\W*[:|=]\s*(?P<value>.*)$"
)
_SEVERITY_VALUE = re.compile(
    r"(?i)\b(?:sev(?:erity)?[\s-]?(?P<sev>[0-5])|p(?P<p>[0-5])|"
    r"(?P<word>critical|blocker|major|high|medium|moderate|minor|low))\b"
)
_WORD_RANK = {
    "critical": 1,
    "blocker": 1,
    "major": 2,
    "high": 2,
    "medium": 3,
    "moderate": 3,
    "minor": 4,
    "low": 4,
}


def severity_of(document: Document) -> Severity | None:
    """The incident's severity from the front matter or a 'Severity:' field (the most severe
    when a field lists several); None when the document gives none."""
    front = _front(document)
    for key in _SEVERITY_KEYS:
        value = front.get(key)
        if isinstance(value, (str, int)) and str(value).strip():
            line = _front_line(document, key)
            found = _normalise_severity(str(value) if not isinstance(value, int) else f"sev{value}")
            if found is not None:
                label, rank = found
                row = _line_row(document, line) if line else None
                return Severity(label, str(value), row, rank)
    lines = document.index.line_count
    for number in range(1, lines + 1):
        if number in document.code_lines:
            continue
        text = document.line_text(number)
        found_line = _SEVERITY_LINE.match(text.replace("*", "").replace("&#x20;", " "))
        if found_line is None:
            continue
        values = [(number, found_line.group("value"))]
        if not found_line.group("value").strip():
            # The values on the bullets below: "* Severity:" then "  * SEV-1 – full halt".
            values = [
                (n, document.line_text(n)) for n in range(number + 1, min(number + 8, lines + 1))
            ]
        best: tuple[str, int, int, str] | None = None
        for where, words in values:
            normal = _normalise_severity(words)
            if normal is not None and (best is None or normal[1] < best[1]):
                best = (normal[0], normal[1], where, words.strip(" *-"))
        if best is not None:
            return Severity(best[0], cut(best[3], 80), _line_row(document, best[2]), best[1])
    return None


def _normalise_severity(text: str) -> tuple[str, int] | None:
    found = _SEVERITY_VALUE.search(text)
    if found is None:
        return None
    if found.group("sev") is not None:
        return f"SEV-{found.group('sev')}", int(found.group("sev"))
    if found.group("p") is not None:
        return f"P{found.group('p')}", int(found.group("p"))
    word = found.group("word").lower()
    return word, _WORD_RANK[word]


_STATED = re.compile(
    r"(?i)^\W*(?P<label>(?:mean\s+)?time\s+to\s+(?:detect(?:ion)?|mitigat(?:e|ion)|"
    r"recover(?:y)?|resol(?:ve|ution)|repair|restor(?:e|ation))|mttd|mttr|mttm)\W*[:|=]\s*"
    r"(?P<num>\d+(?:[.,]\d+)?)\s*(?P<unit>minutes?|mins?|m\b|hours?|hrs?|h\b|days?|d\b|"
    r"seconds?|secs?|s\b)"
)


def stated_figures(document: Document) -> Iterator[StatedFigure]:
    """Durations the document states in a field ('Time to detection: 4 minutes')."""
    for number in range(1, document.index.line_count + 1):
        if number in document.code_lines:
            continue
        found = _STATED.match(document.line_text(number).replace("*", ""))
        if found is None:
            continue
        value = float(found.group("num").replace(",", "."))
        unit = found.group("unit").lower()
        if unit.startswith("h"):
            value *= 60
        elif unit.startswith("d"):
            value *= 24 * 60
        elif unit.startswith("s"):
            value /= 60
        yield StatedFigure(found.group("label").strip(), value, _line_row(document, number))


def contributing_factors(
    document: Document, template: TemplateSpec | None, matcher: TemplateMatcher
) -> Iterator[Phrase]:
    """The contributing factors: the section's top-level list items, else its sentences."""
    region = sections.find(document, template, "contributing-factors", matcher)
    if region is None:
        return
    blocks = sections.blocks(document, region)
    listed = [block for block in blocks if block.kind is BlockKind.LIST_ITEM]
    if listed:
        top = min(block.depth for block in listed)
        for block in listed:
            if block.depth == top and len(block.text.split()) >= 2:
                yield Phrase("factor", cut(block.text, 240), block.line)
        return
    count = 0
    for block in blocks:
        if block.kind is not BlockKind.PARAGRAPH:
            continue
        for sentence in block.sentences:
            if len(sentence.text.split()) >= 4 and count < 30:
                count += 1
                yield Phrase("factor", cut(sentence.text, 240), block.line)


_SERVICE_KEYS = (
    "services",
    "service",
    "affected_services",
    "affected-services",
    "systems",
    "components",
)
_TAG_KEYS = ("tags", "categories", "category", "labels")
_FIELD = re.compile(
    r"(?i)^\s*(?:[-*+]\s+)?(?P<key>services?|affected services|components?|systems?|tags|"
    r"categor(?:y|ies)|labels)\s*[:|]\s*(?P<value>[^|]+?)\s*\|?\s*$"
)
_SPLIT = re.compile(r"\s*(?:,|;|/|\band\b)\s*")


def labelled_values(document: Document) -> Iterator[Phrase]:
    """Affected services and tags: front matter lists, or fields such as 'Category: Kubernetes'."""
    front = _front(document)
    found = False
    for keys, kind in ((_SERVICE_KEYS, "service"), (_TAG_KEYS, "tag")):
        for key in keys:
            value = front.get(key)
            values = value if isinstance(value, list) else [value] if value else []
            line = _front_line(document, key)
            for item in values:
                for part in _SPLIT.split(str(item)):
                    if part.strip():
                        found = True
                        yield Phrase(kind, cut(part.strip(), 80), line)
    if found:
        return
    for number in range(1, document.index.line_count + 1):
        if number in document.code_lines:
            continue
        match = _FIELD.match(document.line_text(number).replace("*", ""))
        if match is None:
            continue
        key = match.group("key").lower()
        kind = "tag" if key.startswith(("tag", "categor", "label")) else "service"
        for part in _SPLIT.split(match.group("value")):
            part = part.strip(" .`")
            if part and len(part) <= 60 and not re.fullmatch(r"(?i)x+|y+|z+|tbd|n/?a|-+", part):
                yield Phrase(kind, part, number)


# -- design docs ---------------------------------------------------------------------------------


def design_figures(
    document: Document,
    template: TemplateSpec | None,
    matcher: TemplateMatcher,
) -> DesignFigures:
    from writer.checks.design.checkers import document_status

    status = document_status(document)
    status_file = None
    row = None
    value: str | None = None
    if status is not None:
        value, line = status
        row = _line_row(document, line)
    else:
        beside = _status_beside(document.path)
        if beside is not None:
            value, status_file, line = beside
            row = Row(line, f"status: {value}")
    required = missing = None
    if template is not None:
        matched = matcher.match(document, template)
        required = len(template.required_sections)
        missing = tuple(section.title for section in matched.missing)
    return DesignFigures(
        status=cut(value, 40) if value else None,
        status_row=row,
        status_file=status_file,
        required_sections=required,
        missing_sections=missing or (),
        structure_findings=0,
        status_changed=None,
        status_history="no status" if value is None else "not read",
    )


def _status_beside(path: str | None) -> tuple[str, str, int] | None:
    """The status in a metadata file beside the document (a KEP's kep.yaml)."""
    if not path:
        return None
    beside = Path(path).parent / "kep.yaml"
    try:
        lines = beside.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        return None
    for number, line in enumerate(lines, start=1):
        found = re.match(r"^status\s*:\s*['\"]?([\w -]+?)['\"]?\s*$", line)
        if found:
            return found.group(1), str(beside), number
    return None
