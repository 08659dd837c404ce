"""The outline: the metadata entry, then one row per section with its status mark."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from writer.templates.outline import Entry, Outline, Status

METADATA_ID = "metadata"

_STYLES = {
    Status.FINE: "green",
    Status.FINDINGS: "yellow",
    Status.EMPTY: "dim",
    Status.MISSING: "red",
}


class OutlineView(OptionList):
    """The template's sections; choosing one moves the editor there."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.border_title = "Outline"
        self.outline = Outline(())

    def show(self, outline: Outline, current: str | None = None) -> None:
        highlighted = self.highlighted
        self.outline = outline
        options = [Option(Text("≡ Metadata", style="bold"), id=METADATA_ID)]
        for entry in outline.entries:
            options.append(Option(self._prompt(entry, entry.key == current), id=entry.key))
        self.set_options(options)
        if highlighted is not None and highlighted < len(options):
            self.highlighted = highlighted

    def _prompt(self, entry: Entry, current: bool) -> Text:
        indent = "  " * max(0, entry.level - 2)
        text = Text(indent, no_wrap=True, overflow="ellipsis")
        text.append(entry.status.mark, style=_STYLES[entry.status])
        text.append(" ")
        text.append(entry.title, style="bold" if current else "")
        if not entry.in_template:
            text.append(" +", style="dim")
        return text

    def entry(self, key: str | None) -> Entry | None:
        if key is None:
            return None
        index = self.outline.index_of(key)
        return None if index is None else self.outline.entries[index]

    def mark_current(self, key: str | None) -> None:
        """Embolden the section the cursor is in (without moving the highlight)."""
        if key is None:
            return
        for index, entry in enumerate(self.outline.entries):
            option = self.get_option_at_index(index + 1)
            prompt = self._prompt(entry, entry.key == key)
            if option.prompt != prompt:
                self.replace_option_prompt_at_index(index + 1, prompt)
