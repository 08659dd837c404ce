"""What the drafting screen opens and how it behaves: the draft (a session, its text, its template)
and the app's options. No Textual here: tests build drafts without a screen."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from writer.api import LintOptions
from writer.tui.state.session import Session
from writer.tui.state.templating import TemplateInfo, new_document


def _now() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc)


@dataclass(frozen=True)
class AppOptions:
    """How the app behaves; tests shorten the delays and fix the clock."""

    lint: LintOptions = field(default_factory=LintOptions)
    check_delay: float = 0.4  # seconds of pause before re-checking
    autosave_delay: float = 2.0  # seconds of pause before writing the recovery file (<= 5)
    theme: str | None = None  # a Textual theme name ([tui] theme in the config)
    recovery_dir: Path | None = None
    clock: Callable[[], dt.datetime] = _now
    max_file_bytes: int = 0  # documents above this are not opened (0: no limit)
    # Documents longer than this (characters) are checked in a worker process, so a check
    # that takes seconds never competes with typing (0: always in a thread).
    check_process_above: int = 20_000


@dataclass
class Draft:
    """What the draft screen opens: a session, its text, the template, where the cursor starts."""

    session: Session
    text: str
    template: TemplateInfo | None
    mode: Literal["new", "edit"]
    cursor_row: int = 0
    notice: str = ""
    suggested_name: str = "draft.md"


def new_draft(
    info: TemplateInfo, path: Path | None, options: AppOptions, today: dt.date | None = None
) -> Draft:
    """A new document from ``info``; when ``path`` exists already it is opened instead."""
    if path is not None and path.exists():
        return edit_draft(
            path,
            options,
            info,
            notice=f"{path} exists: opened it for editing (nothing was overwritten)",
        )
    text, row = new_document(info, today or options.clock().date())
    session = Session.new(path, info.name, options.recovery_dir)
    session.saved_text = text  # an untouched new draft has nothing to lose
    suggested = f"{info.name}-{(today or options.clock().date()).isoformat()}.md"
    return Draft(session, text, info, "new", row, suggested_name=suggested)


def edit_draft(
    path: Path, options: AppOptions, template: TemplateInfo | None = None, notice: str = ""
) -> Draft:
    """An existing document; its template is detected by the first check when not given."""
    session, text = Session.open(path, options.recovery_dir, options.max_file_bytes)
    return Draft(session, text, template, "edit", first_body_row(text), notice, path.name)


def first_body_row(text: str) -> int:
    """The row to start editing at: the end of the first section's first line of text."""
    lines = text.split("\n")
    start = next((i for i, line in enumerate(lines) if line.startswith("##")), None)
    if start is None:
        start = next((i for i, line in enumerate(lines) if line.startswith("#")), 0)
    for row in range(start + 1, len(lines)):
        if lines[row].startswith("#"):
            break
        if lines[row].strip():
            return row
    return min(start + 1, len(lines) - 1)
