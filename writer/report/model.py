"""The report's values: what each document says, and what the documents say together.

Every figure keeps the rows it came from (:class:`Row`: a line of a document and its words), so
a reader can check it against the document, and says when it is approximate or unknown, and why.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from writer.model.findings import FileError

# The three durations a postmortem review asks for, in the order the report shows them.
METRICS = ("time_to_detect", "time_to_mitigate", "time_to_resolve")
METRIC_LABELS = {
    "time_to_detect": "TTD",
    "time_to_mitigate": "TTM",
    "time_to_resolve": "TTR",
}
# The milestones each duration runs between (from the start of impact).
METRIC_MILESTONES = {
    "time_to_detect": "detected",
    "time_to_mitigate": "mitigated",
    "time_to_resolve": "resolved",
}
MILESTONES = ("impact_start", "detected", "mitigated", "resolved")


@dataclass(frozen=True)
class Row:
    """One line of a document that a figure was read from."""

    line: int
    text: str  # the line's words as written (cut to a readable length)
    at: str | None = None  # for a timeline row: the moment it was placed at ("2024-03-13 10:01")


@dataclass(frozen=True)
class Milestone:
    """The start of impact, the detection, the mitigation or the resolution: its row, or None
    with the reason it is unknown."""

    name: str
    row: Row | None
    reason: str


@dataclass(frozen=True)
class Duration:
    """Minutes from the start of impact to a milestone, or None with the reason."""

    name: str  # one of METRICS
    minutes: float | None
    since: Row | None  # the start-of-impact row
    until: Row | None  # the milestone's row
    approximate: tuple[str, ...] = ()  # why the figure is only approximate (empty: as written)
    unknown: str | None = None  # why there is no figure

    @property
    def known(self) -> bool:
        return self.minutes is not None


@dataclass(frozen=True)
class IncidentReading:
    """What a postmortem's timeline says: its rows, milestones and durations."""

    timeline_line: int | None  # the timeline's heading or label; None: no timeline found
    rows: int  # timeline rows read with a date or time
    zone: str | None  # the time zone stated for the timeline
    milestones: tuple[Milestone, ...]
    durations: tuple[Duration, ...]
    # The date of the start of impact (else of the first row) when the row gives its year.
    start_date: dt.date | None
    start_date_row: Row | None
    # Dates the document gives for the incident in its metadata ("**Date**: ...", "| Date |
    # ... |", an "Incident date" section), as the timeline's reader found them.
    metadata_dates: tuple[Dated, ...] = ()

    def duration(self, name: str) -> Duration:
        return next(d for d in self.durations if d.name == name)

    def milestone(self, name: str) -> Milestone:
        return next(m for m in self.milestones if m.name == name)


@dataclass(frozen=True)
class ActionItem:
    """One action item: who owns it, where it is tracked, when it is due, whether it is done."""

    line: int
    text: str
    owner: str | None
    tracking: tuple[str, ...]  # "ticket", "link", "due": what the item gives to track it
    due: dt.date | None  # the due date read from the item, when it gives one
    due_text: str | None  # the words the due date was read from (or that could not be read)
    done: bool


@dataclass(frozen=True)
class Phrase:
    """A phrase recurrence is looked for in: a contributing factor, a service, a tag, an item."""

    kind: str  # "factor", "service", "tag" or "action"
    text: str
    line: int | None  # None for a front matter value without a line of its own


@dataclass(frozen=True)
class Dated:
    """A date and where it was read."""

    value: dt.date
    source: str  # "front matter", "metadata", "timeline", "file name", "title"
    row: Row | None


@dataclass(frozen=True)
class Severity:
    """A severity as the document gives it, normalised for grouping (``SEV-1``, ``P2``)."""

    label: str  # normalised: SEV-1, P2, critical, high, ...
    written: str  # as written
    row: Row | None
    rank: int  # for ordering, lower is more severe (unknown ranks last)


@dataclass(frozen=True)
class StatedFigure:
    """A duration the document states in words ('Time to detection: 4 minutes')."""

    label: str
    minutes: float
    row: Row


@dataclass(frozen=True)
class PostmortemFigures:
    date: Dated | None
    date_unknown: str | None  # why there is no date
    severity: Severity | None
    incident: IncidentReading
    action_items: tuple[ActionItem, ...]
    action_section_line: int | None  # None: the document has no action items section
    phrases: tuple[Phrase, ...]  # factors, services and tags, for recurrence
    stated: tuple[StatedFigure, ...]

    @property
    def open_items(self) -> tuple[ActionItem, ...]:
        return tuple(item for item in self.action_items if not item.done)

    @property
    def done_items(self) -> tuple[ActionItem, ...]:
        return tuple(item for item in self.action_items if item.done)


@dataclass(frozen=True)
class DesignFigures:
    status: str | None  # as written
    status_row: Row | None
    status_file: str | None  # where the status was read when not the document (kep.yaml)
    required_sections: int | None  # None: checked against no template
    missing_sections: tuple[str, ...]
    structure_findings: int
    status_changed: dt.date | None  # the last commit that changed the status line
    status_history: str  # "git", "not committed", "no repository", "no status"


@dataclass(frozen=True)
class Figures:
    """What the report reads from one document while it is checked."""

    title: str
    postmortem: PostmortemFigures | None
    design: DesignFigures | None


@dataclass(frozen=True)
class DocumentReport:
    """One document's figures."""

    path: str
    kind: str | None
    template: str | None
    title: str
    findings: tuple[tuple[str, int], ...]  # (family, count), most first
    severities: tuple[tuple[str, int], ...]  # (error|warning|suggestion, count)
    postmortem: PostmortemFigures | None = None
    design: DesignFigures | None = None
    notices: tuple[str, ...] = ()


# -- across documents ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Sample:
    """One document's value in a spread."""

    path: str
    minutes: float
    approximate: bool


@dataclass(frozen=True)
class Spread:
    """Median and quartiles of one duration over a group of documents."""

    metric: str
    group: str  # "all", a quarter ("2024-Q1") or a severity ("SEV-1"); "unknown" when missing
    samples: tuple[Sample, ...]  # sorted by minutes
    unknown: tuple[str, ...]  # documents of the group without this figure

    @property
    def count(self) -> int:
        return len(self.samples)

    def quantile(self, fraction: float) -> float | None:
        """Linear interpolation between the closest ranks (as numpy's default)."""
        values = [sample.minutes for sample in self.samples]
        if not values:
            return None
        position = (len(values) - 1) * fraction
        low = int(position)
        high = min(low + 1, len(values) - 1)
        return values[low] + (values[high] - values[low]) * (position - low)

    @property
    def median(self) -> float | None:
        return self.quantile(0.5)

    @property
    def approximate(self) -> int:
        return sum(1 for sample in self.samples if sample.approximate)


@dataclass(frozen=True)
class ItemRef:
    """An action item with the document it is in."""

    path: str
    item: ActionItem


@dataclass(frozen=True)
class Member:
    path: str
    text: str
    line: int | None


@dataclass(frozen=True)
class Cluster:
    """Phrases of one kind that say nearly the same thing in two or more documents."""

    kind: str
    label: str  # the member closest to all the others
    members: tuple[Member, ...]
    score: float  # the lowest similarity between two members (0-100)

    @property
    def documents(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(member.path for member in self.members))


@dataclass(frozen=True)
class StaleDoc:
    path: str
    status: str
    since: dt.date
    days: int


@dataclass(frozen=True)
class Report:
    """Everything ``writer report`` shows."""

    as_of: dt.date
    stale_days: int
    documents: tuple[DocumentReport, ...]
    spreads: tuple[Spread, ...]  # per metric: "all", then quarters, then severities
    overdue: tuple[ItemRef, ...]
    no_owner: tuple[ItemRef, ...]
    undated_due: tuple[ItemRef, ...]  # open items whose due date could not be read
    clusters: tuple[Cluster, ...]
    status_counts: tuple[tuple[str, int], ...]
    stale: tuple[StaleDoc, ...]
    errors: tuple[FileError, ...]  # files that could not be read, and why
    notices: tuple[str, ...]

    @property
    def postmortems(self) -> tuple[DocumentReport, ...]:
        return tuple(doc for doc in self.documents if doc.postmortem is not None)

    @property
    def design_docs(self) -> tuple[DocumentReport, ...]:
        return tuple(doc for doc in self.documents if doc.design is not None)

    def spread(self, metric: str, group: str = "all") -> Spread | None:
        return next(
            (s for s in self.spreads if s.metric == metric and s.group == group),
            None,
        )

    def groups(self, metric: str, kind: str) -> tuple[Spread, ...]:
        """The spreads of one metric by ``kind``: "quarter" or "severity"."""
        return tuple(s for s in self.spreads if s.metric == metric and group_kind(s) == kind)


def where(error: FileError) -> str:
    """``path`` or ``path:line`` of a file that could not be read."""
    return f"{error.path}:{error.line}" if error.line else error.path


def group_kind(spread: Spread) -> str:
    """ "all", "quarter" or "severity"."""
    return spread.group.split(":", 1)[0]


def group_name(spread: Spread) -> str:
    """The group without its kind: "2024-Q1", "SEV-1", "all"."""
    return spread.group.split(":", 1)[-1]
