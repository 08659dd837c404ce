"""The reviewer's column: the findings (of the section or the whole document) above the
document's figures. Choosing a finding posts :class:`~writer.tui.messages.FindingChosen`."""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual import events
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.geometry import Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip

from writer.model.findings import Finding, Severity
from writer.tui.messages import FindingChosen
from writer.tui.widgets.lines import Packed

MARKS = {
    Severity.ERROR: ("✗", "red"),
    Severity.WARNING: ("▲", "yellow"),
    Severity.SUGGESTION: ("·", "cyan"),
}


def finding_prompt(finding: Finding) -> Text:
    mark, style = MARKS[finding.severity]
    text = Text()
    text.append(mark, style=style)
    text.append(f" {finding.line}:{finding.column} ", style="dim")
    text.append(finding.message)
    text.append(f" {finding.rule}", style="dim italic")
    return text


def figure_items(rows: Sequence[tuple[str, str]]) -> list[str]:
    return [
        f"{value} {label}" if label in ("words", "sections") else f"{label} {value}"
        for label, value in rows
    ]


class Figures(Packed):
    """The document's figures, as many to a line as fit; a value is never cut."""

    def show(self, rows: Sequence[tuple[str, str]]) -> None:
        self.set_items(figure_items(rows))


WRAP_LIMIT = 200  # findings; a longer list shows each on one line


class FindingsList(ScrollView, can_focus=True):
    """The findings, each wrapped to the panel's width; only the rows in view are drawn, so a
    long list costs little to replace after every check. Enter (or a click) chooses one."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("up", "move(-1)", "previous", show=False),
        Binding("down", "move(1)", "next", show=False),
        Binding("home", "move_to(0)", "first", show=False),
        Binding("end", "move_to(-1)", "last", show=False),
        Binding("pageup", "page(-1)", "page up", show=False),
        Binding("pagedown", "page(1)", "page down", show=False),
        Binding("enter", "choose", "go there", show=False),
    ]
    COMPONENT_CLASSES: ClassVar[set[str]] = {"findings-list--highlight", "findings-list--empty"}
    DEFAULT_CSS = """
    FindingsList > .findings-list--highlight { background: $block-cursor-blurred-background; }
    FindingsList:focus > .findings-list--highlight {
        background: $block-cursor-background; color: $block-cursor-foreground;
    }
    FindingsList > .findings-list--empty { color: $success; text-style: dim; }
    """

    class Chosen(Message):
        def __init__(self, index: int) -> None:
            super().__init__()
            self.index = index

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.prompts: tuple[Text, ...] = ()
        self.highlighted: int | None = None
        self._width = 0
        self._rows: list[tuple[int, Text]] = []  # (finding index, one wrapped line)
        self._first_row: list[int] = []  # each finding's first row
        self._wrapped: dict[tuple[str, int], list[Text]] = {}

    def set_prompts(self, prompts: Sequence[Text]) -> None:
        self.prompts = tuple(prompts)
        if self.highlighted is not None:
            self.highlighted = min(self.highlighted, len(self.prompts) - 1) if prompts else None
        self._layout(self.scrollable_content_region.width)
        self.refresh()

    def _layout(self, width: int) -> None:
        self._width = width
        rows: list[tuple[int, Text]] = []
        firsts: list[int] = []
        if len(self.prompts) > WRAP_LIMIT:  # a long list: one line each (the status line and
            self._rows = [(i, p) for i, p in enumerate(self.prompts)]  # the text say the rest)
            self._first_row = list(range(len(self.prompts)))
            self._wrapped = {}
            self.virtual_size = Size(width, max(1, len(self._rows)))
            return
        cache: dict[tuple[str, int], list[Text]] = {}
        for index, prompt in enumerate(self.prompts):
            key = (prompt.markup, width)
            lines = self._wrapped.get(key)
            if lines is None:
                lines = list(prompt.wrap(self.app.console, max(4, width))) if width else [prompt]
            cache[key] = lines
            firsts.append(len(rows))
            rows += [(index, line) for line in lines]
        self._wrapped = cache
        self._rows, self._first_row = rows, firsts
        self.virtual_size = Size(width, max(1, len(rows)))

    def on_resize(self) -> None:
        width = self.scrollable_content_region.width
        if width != self._width:
            self._layout(width)

    def render_line(self, y: int) -> Strip:
        row = round(self.scroll_offset.y) + y
        width = self.scrollable_content_region.width
        if not self.prompts:
            if y == 0:
                style = self.get_component_rich_style("findings-list--empty")
                return self._strip(Text("nothing to report", style=style), width)
            return Strip.blank(width, self.rich_style)
        if row >= len(self._rows):
            return Strip.blank(width, self.rich_style)
        index, line = self._rows[row]
        text = line.copy()
        text.pad_right(max(0, width - text.cell_len))
        if index == self.highlighted:
            text.stylize(self.get_component_rich_style("findings-list--highlight"))
        return self._strip(text, width)

    def _strip(self, text: Text, width: int) -> Strip:
        segments = [
            Segment(segment.text, segment.style or Style())
            for segment in text.render(self.app.console)
        ]
        return Strip(segments).crop(0, width).apply_style(self.rich_style)

    def _show(self, index: int) -> None:
        self.highlighted = index
        first = self._first_row[index]
        last = self._first_row[index + 1] if index + 1 < len(self._first_row) else len(self._rows)
        height = self.scrollable_content_region.height
        if first < self.scroll_offset.y:
            self.scroll_to(y=first, animate=False)
        elif last > self.scroll_offset.y + height:
            self.scroll_to(y=max(0, last - height), animate=False)
        self.refresh()

    def action_move(self, step: int) -> None:
        if not self.prompts:
            return
        current = self.highlighted if self.highlighted is not None else (-1 if step > 0 else 0)
        self._show(max(0, min(len(self.prompts) - 1, current + step)))

    def action_move_to(self, index: int) -> None:
        if self.prompts:
            self._show(index % len(self.prompts))

    def action_page(self, step: int) -> None:
        self.action_move(step * max(1, self.scrollable_content_region.height // 3))

    def action_choose(self) -> None:
        if self.highlighted is not None:
            self.post_message(self.Chosen(self.highlighted))

    def on_click(self, event: events.Click) -> None:
        row = round(self.scroll_offset.y) + event.y
        if 0 <= row < len(self._rows):
            self._show(self._rows[row][0])
            self.action_choose()


class FindingsPanel(Vertical):
    """The findings list above the document's figures."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(FindingsList(id="findings-list"), Figures(id="figures"), id=id)
        self.findings: tuple[Finding, ...] = ()
        self.border_title = "Findings"

    @property
    def list(self) -> FindingsList:
        return self.query_one(FindingsList)

    def show(self, findings: Sequence[Finding], title: str, total: int) -> None:
        findings = tuple(findings)
        self.findings = findings
        self.list.set_prompts([finding_prompt(f) for f in findings])
        self.border_title = f"Findings · {title} ({len(findings)})"
        self.border_subtitle = f"all {total} · f3" if total != len(findings) else ""

    def selected(self) -> Finding | None:
        index = self.list.highlighted
        if index is None or not self.findings or index >= len(self.findings):
            return None
        return self.findings[index]

    def show_figures(self, rows: Sequence[tuple[str, str]]) -> None:
        self.query_one(Figures).show(rows)

    def on_findings_list_chosen(self, event: FindingsList.Chosen) -> None:
        event.stop()
        finding = self.selected()
        if finding is not None:
            self.post_message(FindingChosen(finding))
