"""The editor pane: the current section's guidance, the editor, the preview, and a status line
that says what the finding under the cursor is.

The pane follows the cursor: when it enters another section it shows that section's guidance and
posts :class:`~writer.tui.messages.SectionChanged`. It does the work a key needs and no more, so
typing stays fast on long documents: the section is looked up only when the cursor changes rows
(or edits a heading), the status line only repaints when what it says changes.
"""

from __future__ import annotations

import re

from rich.text import Text
from textual.containers import Vertical, VerticalScroll
from textual.geometry import Size
from textual.widget import Widget
from textual.widgets import Markdown, TextArea

from writer.model.findings import Finding
from writer.model.headings import normalise
from writer.templates.outline import Entry, Outline
from writer.tui.messages import SectionChanged
from writer.tui.state.marks import Marks
from writer.tui.widgets.editor import DraftEditor
from writer.tui.widgets.findings import MARKS
from writer.tui.widgets.lines import Bar

HEADING = re.compile(r"^ {0,3}(#{1,6})[ \t]+(.*?)[ \t#]*$")
_FRONT_MATTER = re.compile(r"\A(?:\ufeff)?---[ \t]*\n.*?\n(?:---|\.\.\.)[ \t]*(?:\n|\Z)", re.S)


def without_front_matter(text: str) -> str:
    """The document as a reader sees it: the YAML front matter is metadata, not body text."""
    return _FRONT_MATTER.sub("", text, count=1)


class Guidance(Widget):
    """The section's guidance, cut to a few lines with an ellipsis until it is expanded."""

    DEFAULT_CSS = "Guidance { height: auto; }"

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.title = ""
        self.optional = False
        self.body = ""
        self.expanded = False

    def show(self, title: str, optional: bool, body: str) -> None:
        if (title, optional, body) != (self.title, self.optional, self.body):
            self.title, self.optional, self.body = title, optional, body
            self.display = bool(title)
            self.refresh(layout=True)

    def toggle(self) -> None:
        self.expanded = not self.expanded
        self.refresh(layout=True)

    @property
    def limit(self) -> int:
        return 2 if self.app.size.height < 30 else 3

    def lines(self, width: int) -> list[Text]:
        full = Text(self.title, style="bold")
        if self.optional:
            full.append(" (optional)", style="dim")
        if self.body:
            full.append("\n" + self.body)
        lines = list(full.wrap(self.app.console, max(8, width)))
        if self.expanded or len(lines) <= self.limit:
            if self.expanded and len(lines) > self.limit:
                lines.append(Text("f5 less", style="dim"))
            return lines
        kept = lines[: self.limit]
        hint = " … f5 more"
        last = kept[-1]
        last.truncate(max(0, width - len(hint)))
        last.rstrip()
        last.append(hint, style="dim")
        return kept

    @property
    def is_cut(self) -> bool:
        width = self.content_size.width or 60
        return not self.expanded and any(
            line.plain.endswith("f5 more") for line in self.lines(width)
        )

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return len(self.lines(width)) if self.title else 0

    def render(self) -> Text:
        return Text("\n").join(self.lines(self.content_size.width))


class EditorPane(Vertical):
    """Guidance, the editor (or the preview), and the status line."""

    def __init__(self, text: str, *, id: str | None = None) -> None:
        # The parts are given to the container (not composed by it), so they are there as
        # soon as the screen is: the screen's own mount handler uses them.
        super().__init__(
            Guidance(id="guidance"),
            DraftEditor(text, id="editor"),
            VerticalScroll(Markdown("", id="preview-markdown"), id="preview"),
            Bar(id="status"),
            id=id,
        )
        self.outline = Outline(())
        self._titles: dict[str, Entry] = {}
        self._row = -1
        self.section: str | None = None
        self.preview = False
        self.findings_total = 0

    def on_mount(self) -> None:
        self.query_one("#preview").display = False
        self._say_status()

    @property
    def editor(self) -> DraftEditor:
        return self.query_one(DraftEditor)

    @property
    def guidance(self) -> Guidance:
        return self.query_one(Guidance)

    # -- the outline and the section at the cursor -----------------------------------------------
    def set_outline(self, outline: Outline) -> None:
        self.outline = outline
        self._titles = {}
        for entry in outline.entries:
            if entry.section is not None:
                self._titles.setdefault(normalise(entry.title), entry)
        self._row = -1
        self.follow_cursor()

    def entry_at_cursor(self) -> Entry | None:
        """The outline entry of the section the cursor is in: the nearest heading above that
        the outline lists (a subsection counts as its section's)."""
        document = self.editor.document
        row = self.editor.cursor_location[0]
        while row >= 0:
            match = HEADING.match(document[row])
            if match:
                entry = self._titles.get(normalise(match.group(2)))
                if entry is not None:
                    return entry
            row -= 1
        return None

    def follow_cursor(self, force: bool = False) -> None:
        row = self.editor.cursor_location[0]
        line = self.editor.document[row] if row < self.editor.document.line_count else ""
        if not force and row == self._row and not line.startswith("#"):
            return
        self._row = row
        entry = self.entry_at_cursor()
        key = entry.key if entry is not None else None
        if entry is None:
            self.guidance.show("", False, "")
        else:
            body = entry.guidance or entry.skeleton
            self.guidance.show(entry.title, not entry.required and entry.in_template, body)
        if key != self.section:
            self.section = key
            self.post_message(SectionChanged(key))

    def on_text_area_selection_changed(self, event: TextArea.SelectionChanged) -> None:
        self.follow_cursor()

    # -- findings ----------------------------------------------------------------------------------
    def show_findings(self, findings: tuple[Finding, ...]) -> None:
        self.findings_total = len(findings)
        self.editor.show_marks(Marks(findings))
        self._say_status()

    def on_draft_editor_mark_under_cursor(self, event: DraftEditor.MarkUnderCursor) -> None:
        event.stop()
        self._say_status()

    def finding_under_cursor(self) -> Finding | None:
        index = self.editor.finding_under_cursor
        findings = self.editor.marks.findings
        return findings[index] if index is not None and index < len(findings) else None

    def _say_status(self) -> None:
        finding = self.finding_under_cursor()
        status = self.query_one("#status", Bar)
        if finding is None:
            total = self.findings_total
            text = Text(
                f" {total} finding{'s' if total != 1 else ''} · f8 next"
                if total
                else " no findings",
                style="dim",
            )
            status.say(text)
            return
        mark, style = MARKS[finding.severity]
        text = Text(" ")
        text.append(mark, style=style)
        text.append(f" {finding.message}")
        hints = [finding.rule]
        if finding.fix is not None:
            hints.append("ctrl+f fix")
        text.append("  " + " · ".join(hints), style="dim")
        status.say(text)

    def jump(self, step: int) -> bool:
        moved = self.editor.jump(step)
        if moved:
            self.editor.focus()
        return moved

    # -- preview -----------------------------------------------------------------------------------
    def toggle_preview(self) -> bool:
        self.preview = not self.preview
        preview = self.query_one("#preview")
        preview.display = self.preview
        self.editor.display = not self.preview
        if self.preview:
            self.refresh_preview()
        return self.preview

    def refresh_preview(self) -> None:
        text = without_front_matter(self.editor.text)
        self.query_one("#preview-markdown", Markdown).update(text)
