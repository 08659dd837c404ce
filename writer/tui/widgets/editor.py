"""The editor: a markdown ``TextArea``, highlighted when the markdown grammar is installed."""

from __future__ import annotations

from textual.widgets import TextArea


def _markdown_language(area: TextArea) -> str | None:
    return "markdown" if "markdown" in area.available_languages else None


class DraftEditor(TextArea):
    """The draft's text. Soft-wrapped; tab indents only with a selection, else moves focus."""

    def __init__(self, text: str = "", *, id: str | None = None) -> None:
        super().__init__(text, id=id, soft_wrap=True, show_line_numbers=False)
        self.language = _markdown_language(self)
        self.border_title = "Draft"

    def offset_location(self, offset: int) -> tuple[int, int]:
        """The (row, column) of a character offset into :attr:`text`."""
        text = self.text
        offset = max(0, min(offset, len(text)))
        row = text.count("\n", 0, offset)
        line_start = text.rfind("\n", 0, offset) + 1
        return row, offset - line_start
