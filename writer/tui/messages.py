"""Messages the draft screen's parts post: checks finishing, writes finishing, choices made in
the side panels. The check runner and the keeper post from their threads, which Textual allows.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.message import Message

from writer.model.findings import Finding
from writer.tui.state.checking import DraftCheck

if TYPE_CHECKING:
    from writer.report.model import Report


class CheckDone(Message):
    """A re-check finished; ``check.generation`` says which edit of the text it saw."""

    def __init__(self, check: DraftCheck) -> None:
        super().__init__()
        self.check = check


class CheckFailed(Message):
    """A re-check raised; the screen shows a notification and keeps the old findings."""

    def __init__(self, generation: int, error: str) -> None:
        super().__init__()
        self.generation = generation
        self.error = error


class Kept(Message):
    """A save, an autosave or a look at the disk finished (an event of
    :mod:`writer.tui.state.keeper`)."""

    def __init__(self, event: object) -> None:
        super().__init__()
        self.event = event


class SectionChosen(Message):
    """The author chose a section in the outline (``key``: its outline key)."""

    def __init__(self, key: str) -> None:
        super().__init__()
        self.key = key


class FindingChosen(Message):
    """The author chose a finding in the findings panel."""

    def __init__(self, finding: Finding) -> None:
        super().__init__()
        self.finding = finding


class SectionChanged(Message):
    """The cursor moved into another section (``key`` None: before the first)."""

    def __init__(self, key: str | None) -> None:
        super().__init__()
        self.key = key


class ReportProgress(Message):
    """``writer report --tui``: one more document read (``path``)."""

    def __init__(self, path: str) -> None:
        super().__init__()
        self.path = path


class ReportReady(Message):
    """``writer report --tui``: the report is built."""

    def __init__(self, report: Report) -> None:
        super().__init__()
        self.report = report
