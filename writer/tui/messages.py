"""Messages the lint worker posts back to the draft screen (from its thread)."""

from __future__ import annotations

from textual.message import Message

from writer.tui.state.checking import DraftCheck


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


class AutosaveFailed(Message):
    """The recovery file could not be written."""

    def __init__(self, error: str) -> None:
        super().__init__()
        self.error = error
