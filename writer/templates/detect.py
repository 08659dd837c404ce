"""What kind of document this is: a postmortem (or incident report), a design doc (enhancement,
RFC, proposal), an architecture decision record, or none of these.

The decision weighs every piece of evidence a reader would: the file's name and folder
(``postmortems/``, ``incidents/``, ``rfcs/``, ``adr/``), the title, front matter keys, the
sections present under any of their usual names or marks (:mod:`writer.templates.roles`), and a
run of timestamped rows. Each piece is kept as a line of evidence, so the report can say why.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from writer.model.document import Document
from writer.templates.roles import Region, find_regions

if TYPE_CHECKING:
    from writer.templates.matching import TemplateMatcher

KINDS = ("postmortem", "design", "adr")
THRESHOLD = 3.0  # the least score a kind needs
FULL = 8.0  # a score at which the decision is certain

# How much each role says about the kind, when present under any name or mark.
ROLE_WEIGHTS: dict[str, dict[str, float]] = {
    "postmortem": {
        "timeline": 2.0,
        "impact": 1.5,
        "contributing-factors": 1.5,
        "action-items": 1.0,
        "detection": 1.0,
        "response": 1.0,
        "lessons-learned": 1.0,
    },
    "design": {
        "goals": 1.5,
        "non-goals": 1.5,
        "alternatives": 1.5,
        "motivation": 1.0,
        "proposal": 1.0,
        "drawbacks": 1.0,
        "test-plan": 1.0,
        "rollout": 1.0,
        "graduation": 1.5,
        "open-questions": 1.0,
        "risks": 1.0,
    },
    "adr": {
        "status": 1.0,
        "context": 1.5,
        "decision": 2.0,
        "consequences": 2.0,
        "considered-options": 1.0,
    },
}
ROLE_CAP = 6.0  # roles alone never outweigh everything else

_PATH_WORDS = {
    "postmortem": re.compile(
        r"post[-_ ]?mortems?|incidents?|outages?|(?:^|[-_ ])rca(?:$|[-_ ])|retrospectives?|"
        r"incident[-_ ]reports?"
    ),
    "adr": re.compile(
        r"^(?:adrs?|decisions|architecture[-_ ]decisions?|decision[-_ ]records?)$|^adr[-_ ]?\d"
    ),
    "design": re.compile(
        r"^(?:rfcs?|keps?|enhancements?|proposals?|designs?|design[-_ ]docs?|specs?|"
        r"proposals[-_ ]accepted|accepted)$|(?:^|[-_ ])(?:rfc|proposal|design)(?:$|[-_ ])"
    ),
}
# The document names itself a postmortem ("Post-mortem for v0.0.23", "Incident report:
# ...", "2016-05-04-...-post-mortem"), unless it is about postmortems ("Writing postmortems",
# "Postmortem process", "Incident report template").
_GENRE = re.compile(
    r"(?i)(?:^|[\W_])(?:post[-_ ]?mortem|incident[-_ ]report|after[-_ ]action[-_ ]report|"
    r"root[-_ ]cause[-_ ]analysis|post[-_ ]incident[-_ ]review|rca)(?:$|[\W_])"
)
_ABOUT_GENRE = re.compile(
    r"(?i)post[-_ ]?mortems|reports\b|reviews\b|\b(?:process|guide\w*|polic\w+|template|"
    r"how[-_ ]to|writing|culture|handbook|playbook|checklist|index|readme)\b"
)
_TITLE_WORDS = {
    "postmortem": re.compile(
        r"(?i)\bpost[- ]?mortem\b|\bincident\b|\boutage\b|\broot cause analysis\b|\brca\b|"
        r"\bdowntime\b|\bdisruption\b|\bsecurity (?:incident|advisory)\b"
    ),
    "adr": re.compile(r"(?i)\badr\b|\barchitecture decision\b|\bdecision record\b"),
    "design": re.compile(
        r"(?i)\brfc\b|\bproposal\b|\bdesign doc(?:ument)?\b|\bkep\b|\benhancement\b|"
        r"\bdesign:"
    ),
}
_FRONT_KEYS = {
    "postmortem": frozenset(
        {"severity", "sev", "incident", "incident_date", "incident-date", "impact", "outage"}
    ),
    "design": frozenset(
        {
            "kep-number",
            "reviewers",
            "approvers",
            "creation-date",
            "owning-sig",
            "participating-sigs",
            "feature-name",
            "start-date",
        }
    ),
    "adr": frozenset({"deciders", "decision-makers", "consulted"}),
}
_POSTMORTEM_TAGS = re.compile(r"(?i)post[- ]?mortem|incident|outage")
# Rust-style RFC header: "- Feature Name: ...", "- Start Date: ..." at the top.
_RFC_HEADER = re.compile(r"(?im)^\s*[-*]\s+(?:feature name|start date|rfc pr)\s*:")
# A clock time on a line that starts a list item or a table row, or a heading that is a time.
# Leading blanks stop at the line's end: masked code is whole lines of spaces, and a pattern
# free to run over them from every line start takes time quadratic in the block's size.
_STAMPED_ROW = re.compile(
    # a time with a colon, or four digits with a zone ("1625 UTC"): not an issue number (#1147)
    # or a year (2023)
    r"(?m)^[^\S\n]*(?:[-*+]|\d{1,3}[.)]|\||#{2,6})\s.*?(?:\b(?:[01]?\d|2[0-3]):[0-5]\d\b"
    r"|(?<![#\w])(?:[01]\d|2[0-3])[0-5]\d\s?(?:UTC|GMT|Z)\b)"
    r"|^[^\S\n]*(?:\*\*|\[)?(?:\d{4}-\d{2}-\d{2}[ T])?(?:[01]?\d|2[0-3]):[0-5]\d\b"
)


# A log entry that opens with a four-digit time: "1738: Cloudinary posted ...",
# "[1758](link): ..." (the link's target masked), "~1940: ...".
LOG_ENTRY = re.compile(
    r"(?m)^[^\S\n]*~?(?:\[((?:[01]\d|2[0-3])[0-5]\d)(?=[\]\s])|((?:[01]\d|2[0-3])[0-5]\d):\s)"
)


def stamped_lines(text: str) -> list[int]:
    """The offsets of the lines of ``text`` (masked) that open a timeline's row or a log's entry:
    a time in a list item, a table row or a heading, a line that starts with a time, a log of
    four-digit times (when at least three lines are, and one of them cannot be a year: a list
    of "2017: ...", "2019: ..." lines is a history, not a log)."""
    starts = [match.start() for match in _STAMPED_ROW.finditer(text)]
    entries = list(LOG_ENTRY.finditer(text))
    values = [int(linked or plain) for linked, plain in (m.groups() for m in entries)]
    if len(values) >= 3 and not all(1990 <= value <= 2039 for value in values):
        starts = sorted({*starts, *(match.start() for match in entries)})
    return starts


@dataclass(frozen=True)
class KindDecision:
    """The kind decided (or None), how sure (0-1), and the evidence, one line each."""

    kind: str | None
    confidence: float
    evidence: tuple[str, ...]
    regions: tuple[tuple[str, Region], ...] = ()  # the decided kind's roles found

    def region(self, role: str) -> Region | None:
        for name, region in self.regions:
            if name == role:
                return region
        return None


def classify(
    document: Document,
    path: Path | None = None,
    matcher: TemplateMatcher | None = None,
    hints: tuple[tuple[str, str], ...] = (),
) -> KindDecision:
    """Decide the document's kind from all the evidence; ``hints`` are (kind, why) pairs the
    caller found, such as a template's marker file beside the document."""
    scores = dict.fromkeys(KINDS, 0.0)
    evidence: dict[str, list[str]] = {kind: [] for kind in KINDS}

    def add(kind: str, weight: float, why: str) -> None:
        scores[kind] += weight
        evidence[kind].append(why)

    for kind, why in hints:
        if kind in scores:
            add(kind, 3.0, why)
    title = _title(document)
    if path is not None:
        parts = [part.lower() for part in (*path.parent.parts[-4:], path.stem)]
        for kind, pattern in _PATH_WORDS.items():
            hit = next((part for part in parts if pattern.search(part)), None)
            if hit is not None:
                add(kind, 3.0, f"file name or folder '{hit}'")
        if _GENRE.search(path.stem) and not _ABOUT_GENRE.search(f"{path.stem} {title}"):
            add("postmortem", 2.0, f"the file name calls it one ('{path.stem}')")
    if title:
        for kind, pattern in _TITLE_WORDS.items():
            found = pattern.search(title)
            if found is not None:
                add(kind, 3.0 if kind != "design" else 2.0, f"title says '{found.group()}'")
        if _GENRE.search(title) and not _ABOUT_GENRE.search(title):
            add("postmortem", 2.0, "the title names the document a postmortem")
    front = document.front_matter.data if document.front_matter is not None else None
    if front:
        keys = {str(key).lower() for key in front}
        for kind, wanted in _FRONT_KEYS.items():
            hits = sorted(keys & wanted)
            if hits:
                add(kind, 2.0, f"front matter keys {', '.join(hits)}")
        tags = " ".join(str(front.get(key, "")) for key in ("tags", "categories", "type", "kind"))
        if _POSTMORTEM_TAGS.search(tags):
            add("postmortem", 2.0, "front matter tags it as an incident")
    head = document.text[:2000]
    if _RFC_HEADER.search(head):
        add("design", 3.0, "an RFC header ('Feature Name:', 'Start Date:')")
    regions: dict[str, dict[str, Region]] = {}
    for kind in KINDS:
        kind_regions = matcher.regions(document, kind) if matcher else find_regions(document, kind)
        regions[kind] = kind_regions
        weights = ROLE_WEIGHTS[kind]
        named = [
            (role, region)
            for role, region in kind_regions.items()
            if role in weights and region.form != "untitled"
        ]
        if named:
            total = min(ROLE_CAP, sum(weights[role] for role, _ in named))
            listing = ", ".join(f"{role} ('{region.title}')" for role, region in named[:6])
            add(kind, total, f"sections {listing}")
    rows = len(stamped_lines(document.masked_text))
    if rows >= 3:
        add("postmortem", 2.0, f"{rows} timestamped lines")
    best = max(KINDS, key=lambda kind: (scores[kind], -KINDS.index(kind)))
    # An ADR is a design doc with its own layout: prefer it only on its own evidence.
    if best == "design" and scores["adr"] >= THRESHOLD and scores["adr"] >= scores["design"] - 1:
        best = "adr"
    top = scores[best]
    if top < THRESHOLD:
        notes = tuple(line for kind in KINDS for line in evidence[kind])
        return KindDecision(None, 0.0, notes or ("no postmortem or design-doc evidence",))
    runner_up = max(scores[kind] for kind in KINDS if kind != best)
    confidence = min(1.0, top / FULL) * (1.0 if top - runner_up >= 2 else 0.8)
    return KindDecision(
        best,
        round(confidence, 2),
        tuple(evidence[best]),
        tuple(sorted(regions[best].items())),
    )


def _title(document: Document) -> str:
    front = document.front_matter.data if document.front_matter is not None else None
    if front and isinstance(front.get("title"), str):
        return str(front["title"])
    for section in document.headings:
        if section.level == 1:
            return section.title
        break
    return document.headings[0].title if document.headings else ""
