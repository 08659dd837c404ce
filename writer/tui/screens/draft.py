"""The draft screen: outline, the editor pane (guidance, editor, status line), the findings.

It puts the parts together; the parts own their behaviour. Its commands come in groups of their
own: the writing commands (:mod:`.draft_commands`) and those that keep the file
(:mod:`.draft_files`), over the state they share (:mod:`.draft_parts`). The check runner checks
the text off the screen's thread after a pause, the keeper writes the document and its recovery
file in the background, the editor marks the findings and keeps them in place while typing. The
screen is given its linter and options; it never reaches into the app for them, and nothing on
its thread waits for a check or for the disk.
"""

from __future__ import annotations

import logging
import time
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.widgets import TextArea

from writer.model.findings import Finding
from writer.templates.outline import Outline
from writer.tui.keys import focus_now, settle
from writer.tui.messages import (
    CheckDone,
    CheckFailed,
    FindingChosen,
    SectionChanged,
    SectionChosen,
)
from writer.tui.screens.draft_commands import WritingCommands
from writer.tui.screens.draft_files import FileCommands
from writer.tui.state import navigation
from writer.tui.state.templating import (
    section_heading,
)
from writer.tui.widgets.checker import CheckRunner
from writer.tui.widgets.findings import FindingsPanel
from writer.tui.widgets.lines import Bar, KeyHints
from writer.tui.widgets.outline import METADATA_ID, OutlinePanel
from writer.tui.widgets.pane import EditorPane

log = logging.getLogger("writer.tui")

HINTS = (
    ("ctrl+s", "save", "screen.save"),
    ("alt+↓", "next section", "screen.next_section"),
    ("f8", "next finding", "screen.next_finding"),
    ("ctrl+f", "fix", "screen.apply_fix"),
    ("f6", "review", "screen.review"),
    ("f4", "panels", "screen.toggle_side"),
    ("ctrl+p", "commands", "app.command_palette"),
)
FIXED_HINTS = (("f1", "help", "app.help"), ("ctrl+q", "quit", "app.quit"))


class DraftScreen(WritingCommands, FileCommands):
    """Write one document against its template."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "save", "save", priority=True),
        Binding("alt+down", "next_section", "next", key_display="alt+↓", priority=True),
        Binding("alt+up", "previous_section", "previous", key_display="alt+↑", priority=True),
        Binding("f8", "next_finding", "next finding", priority=True),
        Binding("shift+f8", "previous_finding", "previous finding", priority=True),
        Binding("ctrl+o", "focus_outline", "outline", priority=True),
        Binding("ctrl+l", "focus_findings", "findings", priority=True),
        Binding("ctrl+f", "apply_fix", "fix", priority=True),
        Binding("ctrl+g", "ignore_here", "ignore", priority=True),
        Binding("ctrl+t", "timeline_row", "timeline", priority=True),
        Binding("ctrl+n", "action_item", "action item", priority=True),
        Binding("f2", "metadata", "metadata", priority=True),
        Binding("f3", "toggle_scope", "all/section"),
        Binding("f4", "toggle_side", "panels"),
        Binding("f5", "toggle_guidance", "guidance"),
        Binding("f6", "review", "review", priority=True),
        Binding("f7", "add_word", "add word", priority=True),
        Binding("ctrl+r", "toggle_preview", "preview"),
    ]

    def compose(self) -> ComposeResult:
        yield Bar(id="title-bar")
        with Horizontal(id="body"):
            yield OutlinePanel(id="outline")
            yield EditorPane(self.draft.text, id="center")
            yield FindingsPanel(id="findings")
        yield KeyHints(HINTS, FIXED_HINTS, id="hints")
        yield CheckRunner(
            self.linter,
            self.options.check_delay,
            self.options.check_process_above,
            id="checker",
        )

    def on_mount(self) -> None:
        runner = self.runner
        runner.path = self.session.path
        runner.template = self.template
        editor = self.editor
        row = min(self.draft.cursor_row, editor.document.line_count - 1)
        editor.move_cursor((row, len(editor.document.get_line(row))))
        focus_now(editor)

        def show_cursor() -> None:
            # The first scroll was worked out before the panes had their size: from the top,
            # with the editor as it is drawn, the same view every time.
            editor.scroll_to(y=0, animate=False, immediate=True)
            editor.scroll_cursor_visible()

        self.call_after_refresh(show_cursor)
        self._show_outline(self._template_outline())
        self._update_title()
        self.set_interval(0.5, self._tick)
        self.set_interval(2.0, self._watch_disk)
        self._check_now()
        if self.draft.notice:
            self.notify(self.draft.notice, timeout=6)
        self.call_after_refresh(self._offer_recovery)

    def on_unmount(self) -> None:
        self.keeper.wait(10.0)

    def on_text_area_changed(self, event: TextArea.Changed) -> None:
        self.generation += 1
        now = time.monotonic()
        self._last_change = now
        if self._first_unsaved is None:
            self._first_unsaved = now
        self.runner.schedule(self._text_now)
        if not self._dirty:
            self._dirty = True
            self._update_title()
        if self.pane.preview:
            self.pane.refresh_preview()

    def on_check_done(self, message: CheckDone) -> None:
        check = message.check
        self.last_check_seconds = check.seconds
        if check.generation != self.generation:
            return  # the text changed since; a newer check is on its way
        if self.template is None and check.template is not None:
            self.template = check.template
            self.runner.template = check.template
            self._update_title()
        self.check = check
        self._show_outline(check.outline)
        self.pane.show_findings(check.findings)
        self._show_findings()
        self.findings_view.show_figures(check.figures())
        self._show_notices(check.result.run_notices + check.result.notices)
        waiting, self._when_fresh = self._when_fresh, None
        if waiting is not None:
            waiting(check)

    def _show_notices(self, notices: tuple[str, ...]) -> None:
        """Say each notice (a grammar backend that could not run, broken front matter, a
        rule that ran out of time) once per session, not on every re-check."""
        for notice in notices:
            if notice not in self._shown_notices:
                self._shown_notices.add(notice)
                log.info("notice: %s", notice)
                self.notify(notice, title="writer", severity="warning", timeout=8)

    def on_check_failed(self, message: CheckFailed) -> None:
        self.notify(f"Checking failed: {message.error}", severity="error", timeout=8)

    def _template_outline(self) -> Outline:
        """Until the first check: the template's sections, matched to headings by title."""
        from writer.templates.outline import build_outline

        if self.template is None:
            return Outline(())
        from writer.model.document import parse

        head = "\n".join(
            line for line in self.editor.document.lines if line.startswith("#") and len(line) < 300
        )
        return build_outline(parse(head), self.template.sections, ())

    def _show_outline(self, outline: Outline) -> None:
        self.outline_view.show(outline, self.current_key)
        self.pane.set_outline(outline)

    def _show_findings(self) -> None:
        if self.check is None:
            return
        findings = self.check.findings
        entry = self.outline_view.entry(self.current_key)
        if self.scope_all or entry is None:
            shown, title = findings, "document"
        else:
            shown = tuple(f for f in findings if f in entry.findings)
            title = entry.title
        self.findings_view.show(shown, title, len(findings))

    def on_section_changed(self, message: SectionChanged) -> None:
        if message.key != self.current_key:
            self.current_key = message.key
            self.outline_view.list.mark_current(message.key)
            self._show_findings()

    def _go_to(self, placed: navigation.Placed) -> None:
        editor = self.editor
        lines = editor.document.lines
        headings = navigation.heading_rows(lines)
        target = navigation.section_target(lines, placed.heading, headings)
        if target.room:
            editor.insert("\n\n", (placed.heading.row + 1, 0))
        editor.move_cursor((target.row, target.column), center=True)
        focus_now(editor)
        self.pane.follow_cursor(force=True)

    def _placed(self) -> list[navigation.Placed]:
        headings = navigation.heading_rows(self.editor.document.lines)
        return navigation.placed_sections(self.outline_view.outline, headings)

    async def _step_section(self, direction: int) -> None:
        self._leave_preview()
        await settle(self.editor)
        placed = self._placed()
        if not placed:
            self.notify("This document has no sections yet")
            return
        target = navigation.step(placed, self.editor.cursor_location[0], direction)
        if target is not None:
            self._go_to(target)

    async def action_next_section(self) -> None:
        await self._step_section(1)

    async def action_previous_section(self) -> None:
        await self._step_section(-1)

    async def _jump(self, direction: int) -> None:
        self._leave_preview()
        await settle(self.editor)
        if not self.pane.jump(direction):
            self.notify("No findings in the text")
        focus_now(self.editor)

    async def action_next_finding(self) -> None:
        await self._jump(1)

    async def action_previous_finding(self) -> None:
        await self._jump(-1)

    async def action_focus_outline(self) -> None:
        self._leave_preview()
        await settle(self.focused)
        self._show_side("outline")
        focus_now(self.outline_view.list)

    async def action_focus_findings(self) -> None:
        self._leave_preview()
        await settle(self.focused)
        self._show_side("findings")
        focus_now(self.findings_view.list)

    def _show_side(self, which: str) -> None:
        """Show the side panels (under 100 columns: the one asked for, as a tab)."""
        self.remove_class("-side-hidden")
        self.set_class(which == "outline", "-tab-outline")

    def action_toggle_side(self) -> None:
        hidden = not self.has_class("-side-hidden")
        self.set_class(hidden, "-side-hidden")
        if hidden and self.focused is not self.editor:
            focus_now(self.editor)

    def action_toggle_guidance(self) -> None:
        self.pane.guidance.toggle()

    def action_toggle_scope(self) -> None:
        self.scope_all = not self.scope_all
        self._show_findings()

    def on_section_chosen(self, message: SectionChosen) -> None:
        if message.key == METADATA_ID:
            self.action_metadata()
            return
        outline = self.outline_view.outline
        index = outline.index_of(message.key)
        if index is None:
            return
        entry = outline.entries[index]
        if entry.section is None:
            self._add_missing(outline, index)
            return
        placed = next((p for p in self._placed() if p.entry.key == entry.key), None)
        if placed is not None:
            self._go_to(placed)

    def _add_missing(self, outline: Outline, index: int) -> None:
        """Insert a missing template section after the present section before it."""
        entry = outline.entries[index]
        spec = next(
            (s for s in (self.template.sections if self.template else ()) if s.id == entry.key),
            None,
        )
        heading = section_heading(spec) if spec is not None else "## " + entry.title
        insertion = navigation.missing_section(self.editor.text, outline, index, heading)
        self._insert(insertion)
        self.notify(f"Added the section '{entry.title}'")

    def on_finding_chosen(self, message: FindingChosen) -> None:
        self.go_to_finding(message.finding)

    def go_to_finding(self, finding: Finding) -> None:
        """Move the cursor to ``finding``'s span (selected)."""
        from textual.widgets.text_area import Selection

        self._leave_preview()
        editor = self.editor
        last = editor.document.line_count - 1
        start = (min(finding.line - 1, last), max(0, finding.column - 1))
        end = (min(finding.end_line - 1, last), max(0, finding.end_column))
        editor.selection = Selection(start, max(start, end))
        editor.scroll_cursor_visible(center=True)
        focus_now(editor)
