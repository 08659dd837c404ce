"""Design docs over time: when each one's status last changed (git history), and which have sat
in an open status for longer than the team allows."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path

from writer.report.model import DocumentReport, StaleDoc

# Statuses that say the work is settled: a document resting in one of these is not stale.
SETTLED = (
    "accepted",
    "approved",
    "implemented",
    "final",
    "done",
    "rejected",
    "declined",
    "withdrawn",
    "superseded",
    "deprecated",
    "obsolete",
    "replaced",
    "abandoned",
    "completed",
    "shipped",
)


def is_settled(status: str) -> bool:
    lowered = status.strip().lower()
    return any(lowered == word or lowered.startswith(word + " ") for word in SETTLED)


def status_dates(documents: Sequence[DocumentReport]) -> dict[str, tuple[dt.date | None, str]]:
    """Per document path: the day its status line last changed in git, and how that is known."""
    from writer.infra.line_history import last_changes

    files: dict[Path, str] = {}
    for doc in documents:
        if doc.design is None:
            continue
        where = doc.design.status_file or doc.path
        files[Path(where).resolve()] = doc.path
    changes = last_changes(files)
    return {files[path]: found for path, found in changes.items() if path in files}


def stale_documents(
    documents: Sequence[DocumentReport], as_of: dt.date, stale_days: int
) -> tuple[StaleDoc, ...]:
    """Design docs in an open status (draft, proposed, in review ...) whose status has not
    changed for ``stale_days`` or more, the oldest first."""
    found = []
    for doc in documents:
        design = doc.design
        if design is None or not design.status or design.status_changed is None:
            continue
        if is_settled(design.status):
            continue
        days = (as_of - design.status_changed).days
        if days >= stale_days:
            found.append(StaleDoc(doc.path, design.status, design.status_changed, days))
    return tuple(sorted(found, key=lambda s: (-s.days, s.path)))
