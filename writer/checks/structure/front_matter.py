"""Front matter a reviewer sends back: a placeholder for a value (``approvers: TBD``), a required
key left empty, a key given twice, a status the document's own checklist contradicts, and a
milestone its history never reaches.

Read from the document's YAML front matter and from the metadata file its template names beside
it (a KEP's ``kep.yaml``); a finding about that file is placed on the document's first line and
names the file's line.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from writer.checks.base import CheckContext
from writer.model.document import BlockKind, Document, ProseBlock
from writer.model.findings import Finding, Severity
from writer.model.rules import RuleMeta
from writer.templates.metadata import Entry, Metadata, Stated, front_matter, stated, status_line

FRONT_MATTER = RuleMeta(
    id="structure.front-matter",
    severity=Severity.WARNING,
    summary="Front matter with a placeholder, an empty required key, a key given twice, or a "
    "status the document contradicts.",
    explanation=(
        "Front matter is read by people and by tools: `approvers: TBD` means nobody approved, a "
        "key given twice keeps only one of its values, and 'status: implemented' above a "
        "release checklist whose required items are unticked tells two stories. Reported: "
        "placeholders (`TBD`, `TODO`, `<name>`, `YYYY-MM-DD`, a list of choices such as "
        "'provisional|implementable'), required keys left empty, keys given twice, a status "
        "that says done or approved while required or approval items of the document's "
        "checklist are unticked, and a latest milestone the implementation history never "
        "mentions. The metadata file a template names beside the document (a KEP's kep.yaml) "
        "is read the same way."
    ),
    good="---\nstatus: implementable\napprovers:\n  - '@oscar'\n---\n\n# KEP-1: Quotas",
    bad="---\nstatus: implementable\napprovers:\n  - TBD\n---\n\n# KEP-1: Quotas",
    source="built-in",
)

_PLACEHOLDER = re.compile(
    r"(?i)^\s*(?:tbd|tba|tbc|todo|fixme|xxx+|\?+|<[^<>\n]{1,60}>|yyyy-mm-dd|nnnn|v?0\.0|"
    r"your name|name here|fill (?:me|this) in.*)\s*$"
)
# A template's list of choices left in: "provisional|implementable|implemented".
_CHOICES = re.compile(r"^\s*[\w-]+(?:\s*\|\s*[\w-]+){2,}\s*$")
DONE = ("implemented", "complete", "completed", "done", "final", "released", "shipped")
APPROVED = (*DONE, "implementable", "approved", "accepted", "signed off", "signed-off")
_REQUIRED_ITEM = re.compile(r"\(R\)|\((?:required|must)\)", re.IGNORECASE)
_APPROVAL_ITEM = re.compile(r"(?i)\bapprov\w*|\bsign(?:ed)?[- ]?off\b")
_CHECKBOX = re.compile(r"^\s*\[([ xX])\]\s*")
_VERSION = re.compile(r"^v?(\d+)\.(\d+)(?:\.\d+)?$")


@dataclass(frozen=True)
class _Problem:
    line: int  # the document's line to report on
    message: str


class FrontMatterChecker:
    rules = (FRONT_MATTER,)

    def check(self, context: CheckContext) -> Iterator[Finding]:
        from writer.templates.metadata import sidecar_metadata
        from writer.templates.sidecar import read_sidecar

        document = context.document
        sources: list[Metadata] = []
        required: dict[str, tuple[str, ...]] = {}
        own = front_matter(document)
        if own is not None and own.error is None:
            sources.append(own)
            if context.template is not None and context.certainty != "configured":
                # With a configured template, structure.missing-metadata reports these.
                required[own.where] = tuple(
                    field.key for field in context.template.metadata if field.required
                )
        sidecar = read_sidecar(context.template, context.path)
        if sidecar is not None:
            metadata = sidecar_metadata(sidecar)
            if metadata.error is None:
                sources.append(metadata)
                required[metadata.where] = sidecar.required
        status = stated(tuple(sources), "status") or status_line(document)
        problems: list[_Problem] = []
        for source in sources:
            problems.extend(_source_problems(document, source, required.get(source.where, ())))
            problems.extend(_placeholders(document, source, status))
        if status is not None:
            problems.extend(_checklist(document, status))
        problems.extend(_history(document, tuple(sources), status))
        for problem in problems:
            start, end = document.index.line_span(problem.line)
            yield context.finding(FRONT_MATTER, start, end, problem.message)


def _anchor(document: Document, source: Metadata, line: int) -> tuple[int, str]:
    """The document's line for a problem at ``line`` of ``source``, and how to name the place."""
    if source.in_document:
        return line, f"{source.where}, line {line}"
    return _first_line(document), f"{source.where} line {line}"


def _first_line(document: Document) -> int:
    front = document.front_matter
    first = front.end_line + 1 if front is not None else 1
    for section in document.headings:
        return section.line
    return min(first, document.index.line_count)


def _source_problems(
    document: Document, source: Metadata, required: tuple[str, ...]
) -> Iterator[_Problem]:
    for duplicate in source.duplicates:
        line, place = _anchor(document, source, duplicate.line)
        yield _Problem(
            line,
            f"'{duplicate.key}' is given twice ({place}; first on line {duplicate.first_line}): "
            "only one of the values is kept; merge them",
        )
    present = source.top_keys()
    for key in required:
        entry = source.value(key)
        if entry is None:
            if source.in_document:
                continue  # a missing key is structure.missing-metadata's
            line, _ = _anchor(document, source, 1)
            yield _Problem(line, f"{source.where} has no '{key}': fill it in")
            continue
        values = [
            e for e in source.entries if e.path and e.path[0].lower() == key.lower() and e.value
        ]
        if not values and key.lower() in present:
            line, place = _anchor(document, source, entry.line)
            yield _Problem(line, f"'{key}' is empty ({place}): fill it in")


def _placeholders(
    document: Document, source: Metadata, status: Stated | None
) -> Iterator[_Problem]:
    done = status is not None and _is(status.value, DONE)
    for entry in source.entries:
        if entry.value is None or not _is_placeholder(entry):
            continue
        if not done and any("milestone" in part.lower() for part in entry.path[:-1]):
            continue  # a future milestone may well be undecided
        line, place = _anchor(document, source, entry.value_line)
        name = ".".join(part for part in entry.path if not part.isdigit())
        yield _Problem(
            line,
            f"'{name}: {entry.value}' ({place}) is a placeholder: give the real value",
        )


def _is_placeholder(entry: Entry) -> bool:
    value = entry.value or ""
    return bool(_PLACEHOLDER.match(value) or _CHOICES.match(value))


def _is(value: str, words: tuple[str, ...]) -> bool:
    lowered = value.strip().strip("'\"").lower()
    return any(lowered == word or lowered.startswith(word + " ") for word in words)


# -- the status against the document's checklist ------------------------------------------------


def _checklist(document: Document, status: Stated) -> Iterator[_Problem]:
    done = _is(status.value, DONE)
    approved = _is(status.value, APPROVED)
    if not approved:
        return
    items = _checklist_items(document)
    unticked = []
    for block in items:
        found = _CHECKBOX.match(block.text)
        if found is None or found.group(1) != " ":
            continue
        text = block.text[found.end() :]
        if (done and _REQUIRED_ITEM.search(text)) or _APPROVAL_ITEM.search(text):
            unticked.append(block)
    if not unticked:
        return
    first = unticked[0]
    listed = "; ".join(
        f"'{_short(document.line_text(block.line))}' (line {block.line})" for block in unticked[:4]
    )
    more = f" and {len(unticked) - 4} more" if len(unticked) > 4 else ""
    said = status.place() if not status.in_document else f"{status.where}, {status.place()}"
    yield _Problem(
        first.line,
        f"the status is '{status.value}' ({said}) but the checklist leaves unticked: "
        f"{listed}{more}; tick what is done or correct the status",
    )


def _checklist_items(document: Document) -> list[ProseBlock]:
    """Top-level checkbox items under a heading that names a checklist."""
    found = [
        block
        for block in document.blocks
        if block.kind is BlockKind.LIST_ITEM
        and _CHECKBOX.match(block.text)
        and "checklist" in document.sections[block.section].title.lower()
    ]
    if not found:
        return []
    top = min(block.depth for block in found)
    return [block for block in found if block.depth == top]


_ITEM_LEAD = re.compile(r"^\s*[-*+]\s+\[[ xX]\]\s*(?:\(R\)\s*)?")


def _short(line: str) -> str:
    """A checklist line as a reader names it: no bullet, box or (R), links by their text."""
    text = _ITEM_LEAD.sub("", line)
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)|\[([^\]]*)\]\[[^\]]*\]", r"\1\2", text)
    text = " ".join(text.replace("`", "").split())
    return text if len(text) <= 60 else text[:57].rstrip() + "..."


# -- the latest milestone against the history -----------------------------------------------------


_STAGE_WORDS = {
    "alpha": r"\balpha\b",
    "beta": r"\bbeta\b",
    "stable": r"\bstable\b|\bGA\b|general availability",
}
_YEAR = re.compile(r"\b(?:19|20)\d\d\b")
_ANY_VERSION = re.compile(r"(?<![\d.])v?1\.\d{1,2}(?![\d.])")


def _history(
    document: Document, sources: tuple[Metadata, ...], status: Stated | None
) -> Iterator[_Problem]:
    """The latest milestone (``latest-milestone: v1.23``) against the implementation history:
    a history that lists releases must name that one; a history of dates must record the
    current stage after the document was created."""
    latest = stated(sources, "latest-milestone")
    version = _VERSION.match(latest.value) if latest is not None else None
    if latest is None or version is None or version.group(1, 2) == ("0", "0"):
        return
    history = next(
        (
            section
            for section in document.headings
            if "history" in section.title.lower() and "version" not in section.title.lower()
        ),
        None,
    )
    if history is None:
        return
    major, minor = version.groups()
    text = document.section_text(history)
    if re.search(rf"(?<![\d.]){major}\.{minor}(?![\d.])", text):
        return
    stage = stated(sources, "stage")
    if (
        _ANY_VERSION.search(text) is None
        and stage is not None
        and _stage_recorded(text, stage.value, stated(sources, "creation-date"))
    ):
        return  # a history of dates that records the current stage
    where = latest.place() if not latest.in_document else f"{latest.where}, {latest.place()}"
    yield _Problem(
        history.line,
        f"the latest milestone is {latest.value} ({where}) but '{history.title}' never mentions "
        f"{major}.{minor}: bring the history up to date",
    )


def _stage_recorded(text: str, stage: str, created: Stated | None) -> bool:
    """Whether a line of the history names ``stage`` with a year no earlier than the
    document's creation (so an old 'graduated to stable' of another version does not count)."""
    pattern = _STAGE_WORDS.get(stage.strip().strip("'\"").lower())
    if pattern is None:
        return False
    since = _YEAR.search(created.value) if created is not None else None
    for line in text.splitlines():
        if not re.search(pattern, line, re.IGNORECASE):
            continue
        years = [int(year) for year in _YEAR.findall(line)]
        if since is None or any(year >= int(since.group()) for year in years):
            return True
    return False
