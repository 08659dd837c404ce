"""The outline: the metadata entry, then one row per section with its status mark, and the
legend of the marks under it. Choosing a row posts :class:`~writer.tui.messages.SectionChosen`."""

from __future__ import annotations

from rich.text import Text
from textual.containers import Vertical
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from writer.templates.outline import Entry, Outline, Status
from writer.tui.messages import SectionChosen
from writer.tui.widgets.lines import Packed

METADATA_ID = "metadata"
LEGEND = ("✓ done", "▲ findings", "○ empty", "✗ missing", "+ not in template")

_STYLES = {
    Status.FINE: "green",
    Status.FINDINGS: "yellow",
    Status.EMPTY: "dim",
    Status.MISSING: "red",
}


def _signature(outline: Outline) -> tuple[tuple[object, ...], ...]:
    return tuple((e.key, e.title, e.status, e.level, e.in_template) for e in outline.entries)


class OutlineList(OptionList):
    """The rows of the outline."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.outline = Outline(())
        self._shown = Outline(())
        self.current: str | None = None

    def show(self, outline: Outline, current: str | None = None) -> None:
        shown = _signature(outline)
        self.outline = outline
        if shown == _signature(self._shown) and current == self.current:
            return  # the same rows (only offsets moved): nothing to redraw
        self._shown = outline
        highlighted = self.highlighted
        self.current = current
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

    def mark_current(self, key: str | None) -> None:
        """Embolden the section the cursor is in (without moving the highlight)."""
        if key == self.current:
            return
        previous, self.current = self.current, key
        for index, entry in enumerate(self.outline.entries):
            if entry.key in (previous, key):
                self.replace_option_prompt_at_index(
                    index + 1, self._prompt(entry, entry.key == key)
                )


class OutlinePanel(Vertical):
    """The outline and its legend."""

    def __init__(self, *, id: str | None = None) -> None:
        legend = Packed(LEGEND, separator="  ", id="outline-legend")
        super().__init__(OutlineList(id="outline-list"), legend, id=id)
        self.border_title = "Outline"

    @property
    def list(self) -> OutlineList:
        return self.query_one(OutlineList)

    @property
    def outline(self) -> Outline:
        return self.list.outline

    def show(self, outline: Outline, current: str | None = None) -> None:
        self.list.show(outline, current)

    def entry(self, key: str | None) -> Entry | None:
        if key is None:
            return None
        index = self.outline.index_of(key)
        return None if index is None else self.outline.entries[index]

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option_id is not None:
            self.post_message(SectionChosen(event.option_id))
