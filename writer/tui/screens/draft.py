"""The draft screen: outline, the editor pane (guidance, editor, status line), the findings.

It puts the parts together and carries the author's commands out; the parts own their
behaviour. The check runner checks the text off the screen's thread after a pause, the keeper
writes the document and its recovery file in the background, the editor marks the findings and
keeps them in place while typing. The screen is given its linter and options; it never reaches
into the app for them, and nothing on its thread waits for a check or for the disk.
"""

from __future__ import annotations

import datetime as dt
import logging
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any, ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.screen import Screen
from textual.widgets import TextArea
from textual.worker import Worker

from writer.api import Linter
from writer.errors import WriterError
from writer.model.findings import Finding
from writer.tui.keys import focus_now, settle
from writer.tui.messages import (
    CheckDone,
    CheckFailed,
    FindingChosen,
    Kept,
    SectionChanged,
    SectionChosen,
)
from writer.tui.screens.dialogs import Choice, FileNamePrompt
from writer.tui.screens.forms import ActionItemForm, MetadataForm, TimelineForm
from writer.tui.screens.review import ReviewOutcome, ReviewScreen
from writer.tui.state import navigation, textops
from writer.tui.state.checking import DraftCheck
from writer.tui.state.draft import AppOptions, Draft
from writer.tui.state.keeper import AutosaveFailed, DiskChanged, Keeper, Saved, SaveFailed
from writer.tui.state.outline import Entry, Outline
from writer.tui.state.postmortem import add_action_item, item_format, timeline_row_at
from writer.tui.state.review import is_spelling
from writer.tui.state.session import metadata_span, read_metadata, with_metadata
from writer.tui.state.storage import SaveError
from writer.tui.state.templating import (
    DEFAULT_METADATA,
    TemplateInfo,
    document_title,
    section_heading,
)
from writer.tui.widgets.checker import CheckRunner
from writer.tui.widgets.editor import DraftEditor
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


class DraftScreen(Screen[None]):
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

    def __init__(self, draft: Draft, linter: Linter, options: AppOptions) -> None:
        super().__init__()
        self.draft = draft
        self.linter = linter
        self.options = options
        self.session = draft.session
        self.template: TemplateInfo | None = draft.template
        self.keeper = Keeper(self.session, self._kept)
        self.generation = 0
        self.check: DraftCheck | None = None
        self.current_key: str | None = None
        self.scope_all = draft.mode == "edit"
        self.saved_at: dt.datetime | None = None
        self.saving = False
        self.last_check_seconds: float | None = None
        self._dirty = False
        self._compared = -1  # the generation last compared with the saved text
        self._last_change = 0.0
        self._first_unsaved: float | None = None
        self._autosaved_generation = 0
        self._disk_warned = False
        self._shown_notices: set[str] = set()
        self._when_fresh: Callable[[DraftCheck], None] | None = None
        self._after_save: Callable[[], None] | None = None

    # -- layout ------------------------------------------------------------------------------
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

    @property
    def pane(self) -> EditorPane:
        return self.query_one(EditorPane)

    @property
    def editor(self) -> DraftEditor:
        return self.pane.editor

    @property
    def outline_view(self) -> OutlinePanel:
        return self.query_one(OutlinePanel)

    @property
    def findings_view(self) -> FindingsPanel:
        return self.query_one(FindingsPanel)

    @property
    def runner(self) -> CheckRunner:
        return self.query_one(CheckRunner)

    def on_mount(self) -> None:
        runner = self.runner
        runner.path = self.session.path
        runner.template = self.template
        editor = self.editor
        row = min(self.draft.cursor_row, editor.document.line_count - 1)
        editor.move_cursor((row, len(editor.document.get_line(row))))
        focus_now(editor)
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

    # -- text changes, checks and autosave ------------------------------------------------------
    def _text_now(self) -> tuple[str, int]:
        return self.editor.text, self.generation

    def _check_now(self) -> None:
        self.runner.schedule(self._text_now, 0.0)

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

    @property
    def fresh(self) -> bool:
        return self.check is not None and self.check.generation == self.generation

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

    def when_fresh(self, then: Callable[[DraftCheck], None]) -> None:
        """Run ``then`` with a check of the text as it is now: at once when the last check is
        current, else when the check it starts has finished (the screen does not wait)."""
        if self.check is not None and self.fresh:
            then(self.check)
            return
        self._when_fresh = then
        self.notify("Checking the latest text first…", timeout=2)
        self._check_now()

    def _tick(self) -> None:
        """Autosave at most ``autosave_delay`` after the last keystroke (and every 5 s)."""
        now = time.monotonic()
        idle = now - self._last_change >= 0.5
        if idle and self._dirty and self._compared != self.generation:
            self._compared = self.generation  # once per pause, not on every tick of typing
            if not self.session.is_dirty(self.editor.text):
                self._dirty = False  # undone back to what is saved
                self._update_title()
        if self.generation == self._autosaved_generation or self._first_unsaved is None:
            return
        if (
            now - self._last_change >= self.options.autosave_delay
            or now - self._first_unsaved >= 5.0
        ):
            self._autosaved_generation = self.generation
            self._first_unsaved = None
            self.keeper.autosave(self.editor.text, self.generation)

    def _watch_disk(self) -> None:
        if not self._disk_warned:
            self.keeper.watch()

    # -- what the keeper reports ------------------------------------------------------------------
    def _kept(self, event: object) -> None:
        """From the keeper's threads: hand the event to the screen's thread."""
        self.post_message(Kept(event))

    def on_kept(self, message: Kept) -> None:
        event = message.event
        if isinstance(event, Saved):
            self._saved(event)
        elif isinstance(event, SaveFailed):
            self._save_failed(event)
        elif isinstance(event, AutosaveFailed):
            self.notify(f"Autosave failed: {event.error}", severity="error", timeout=8)
        elif isinstance(event, DiskChanged) and not self._disk_warned:
            self._disk_warned = True
            self.notify(
                f"{event.path} changed on disk; saving will ask before overwriting it",
                severity="warning",
                timeout=8,
            )

    def _saved(self, event: Saved) -> None:
        self.saving = False
        self.keeper.saved(event)
        self.runner.path = event.path
        self._disk_warned = False
        if event.generation >= self._autosaved_generation:
            self._autosaved_generation = event.generation
            self._first_unsaved = None
        self._dirty = event.generation != self.generation
        self.saved_at = dt.datetime.now()
        self._update_title()
        self.notify(f"Saved {event.path}", timeout=2)
        then, self._after_save = self._after_save, None
        if then is not None:
            then()

    def _save_failed(self, event: SaveFailed) -> None:
        self.saving = False
        self._after_save = None
        self._update_title()
        if event.changed:
            self._ask_overwrite(event.path)
            return
        self.notify(f"Not saved: {event.error}", severity="error", timeout=10)
        # The recovery file holds the text until a save succeeds.
        self.keeper.autosave(self.editor.text, self.generation)

    # -- display --------------------------------------------------------------------------------
    def _template_outline(self) -> Outline:
        """Until the first check: the template's sections, matched to headings by title."""
        from writer.tui.state.outline import build_outline

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

    def _update_title(self) -> None:
        path = self.session.path
        name = path.name if path is not None else "(not saved yet)"
        kind = self.template.name if self.template is not None else "markdown"
        if self.saving:
            state = "saving…"
        elif self._dirty:
            state = "modified"
        elif not self.session.disk.exists:
            state = "new"
        elif self.saved_at is not None:
            state = f"saved {self.saved_at:%H:%M}"
        else:
            state = "saved"
        self.query_one("#title-bar", Bar).say(Text(f" writer · {kind} · {name}  ({state})"))
        self.sub_title = state

    def on_section_changed(self, message: SectionChanged) -> None:
        if message.key != self.current_key:
            self.current_key = message.key
            self.outline_view.list.mark_current(message.key)
            self._show_findings()

    # -- navigation ----------------------------------------------------------------------------
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

    # -- fixes, suppressions, vocabulary -----------------------------------------------------------
    def _chosen(self, check: DraftCheck) -> Finding | None:
        """The finding chosen in the list (when it has focus) or the one at the cursor."""
        if self.focused is self.findings_view.list:
            wanted = self.findings_view.selected()
            return navigation.same_finding(wanted, check.findings) if wanted else None
        row, column = self.editor.cursor_location
        return navigation.finding_at(check.findings, row, column)

    async def action_apply_fix(self) -> None:
        await settle(self.editor)

        def apply(check: DraftCheck) -> None:
            finding = self._chosen(check)
            if finding is None:
                self.notify("No finding here: move to one (f8), or choose it in the findings")
                return
            if finding.fix is None:
                self.notify(f"{finding.rule} has no automatic fix; edit the text instead")
                return
            editor = self.editor
            for edit in sorted(finding.fix.edits, key=lambda e: e.start, reverse=True):
                editor.replace(
                    edit.replacement,
                    editor.offset_location(edit.start),
                    editor.offset_location(edit.end),
                )
            self.notify(f"Fixed: {finding.fix.description}")
            focus_now(editor)

        self.when_fresh(apply)

    async def action_ignore_here(self) -> None:
        await settle(self.editor)

        def ignore(check: DraftCheck) -> None:
            finding = self._chosen(check)
            if finding is None:
                self.notify("No finding here to ignore")
                return
            self._insert(textops.suppression(self.editor.text, finding.line, finding.rule))
            self.notify(f"{finding.rule} ignored on line {finding.line}")

        self.when_fresh(ignore)

    async def action_add_word(self) -> None:
        await settle(self.editor)

        def add(check: DraftCheck) -> None:
            finding = self._chosen(check)
            if finding is None or not is_spelling(finding):
                self.notify("Put the cursor on a spelling finding to add its word")
                return
            word = check.text[finding.start : finding.end].strip(" .,;:!?\"'()[]")
            self.add_words([word])

        self.when_fresh(add)

    def add_words(self, words: list[str]) -> None:
        """Accept ``words`` in the project's vocabulary (in the background), then check again."""
        if not words:
            return
        config = self.linter.config_for(self.session.path)
        start = self.session.path.parent if self.session.path else Path.cwd()

        def work() -> str:
            from writer.settings.vocabulary import add_words

            change = add_words(config, words, start)
            return f"Added {', '.join(words)} to the vocabulary in {change.path.name}"

        worker = self.run_worker(work, thread=True, exit_on_error=False, group="vocabulary")
        worker.name = "vocabulary"

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        worker = event.worker
        if worker.name != "vocabulary" or not worker.is_finished:
            return
        if worker.error is not None:
            error = worker.error
            text = str(error) if isinstance(error, WriterError) else f"{type(error).__name__}"
            self.notify(f"Vocabulary not changed: {text}", severity="error", timeout=8)
            return
        self.notify(str(worker.result), timeout=4)
        self.linter = Linter(self.linter.options)  # read the config again
        self.runner.reset(self.linter)
        self._check_now()

    def _insert(self, insertion: textops.Insertion) -> None:
        editor = self.editor
        location = editor.offset_location(insertion.offset)
        editor.insert(insertion.text, location)
        editor.move_cursor(editor.offset_location(insertion.offset + insertion.cursor), center=True)
        focus_now(editor)

    # -- review ----------------------------------------------------------------------------------
    async def action_review(self) -> None:
        await settle(self.editor)

        def review(check: DraftCheck) -> None:
            if not check.findings:
                self.notify("Nothing to review: no findings")
                return
            screen = ReviewScreen(
                check.text,
                check.findings,
                self.session.path.name if self.session.path else "draft",
                standalone=False,
            )
            self.app.push_screen(screen, self._reviewed)

        self.when_fresh(review)

    def _reviewed(self, outcome: ReviewOutcome | None) -> None:
        focus_now(self.editor)
        if outcome is None:
            return
        if outcome.text != self.editor.text:
            self._replace_changed(self.editor.text, outcome.text)
        self.add_words(list(outcome.words))
        if outcome.summary:
            self.notify(outcome.summary, timeout=4)

    # -- postmortem helpers ---------------------------------------------------------------------
    def _section_named(self, *words: str) -> Entry | None:
        for entry in self.outline_view.outline.entries:
            name = entry.title.lower() + " " + entry.key.lower()
            if entry.section is not None and any(word in name for word in words):
                return entry
        return None

    def _section_text(self, entry: Entry) -> tuple[str, int] | None:
        """The section's own text now (heading included) and where it starts."""
        text = self.editor.text
        span = navigation.section_span(text, entry.title)
        if span is None:
            return None
        end = navigation.own_end(text, span[0], span[1])
        return text[span[0] : end], span[0]

    def _skeleton(self, entry: Entry) -> str:
        spec = next(
            (s for s in (self.template.sections if self.template else ()) if s.id == entry.key),
            None,
        )
        return spec.skeleton if spec is not None else ""

    async def action_timeline_row(self) -> None:
        await settle(self.editor)
        entry = self._section_named("timeline")
        if entry is None:
            self.notify("This document has no Timeline section", severity="warning")
            return
        found = self._section_text(entry)
        if found is None:
            return
        zone, label = textops.document_zone(read_metadata(self.editor.text), found[0])
        now = self.options.clock().astimezone(zone)

        def add(answer: tuple[dt.datetime, str] | None) -> None:
            focus_now(self.editor)
            if answer is None:
                return
            current = self._section_named("timeline")
            section = self._section_text(current) if current is not None else None
            if current is None or section is None:
                return
            when, event = answer
            self._insert(
                timeline_row_at(section[0], section[1], when, event, label, self._skeleton(current))
            )

        await self.app.push_screen(TimelineForm(now.replace(tzinfo=None), label), add)

    async def action_action_item(self) -> None:
        await settle(self.editor)
        entry = self._section_named("action")
        if entry is None:
            self.notify("This document has no Action items section", severity="warning")
            return
        found = self._section_text(entry)
        if found is None:
            return
        form = item_format(found[0], self._skeleton(entry))
        labels = list(form.header) if form.kind == "table" else []

        def add(item: Any) -> None:
            focus_now(self.editor)
            if item is None:
                return
            current = self._section_named("action")
            section = self._section_text(current) if current is not None else None
            if current is None or section is None:
                return
            self._insert(add_action_item(section[0], section[1], item, self._skeleton(current)))

        fields = form.fields
        shown_labels = labels if labels and len(labels) == len(fields) else []
        await self.app.push_screen(ActionItemForm(fields, shown_labels), add)

    # -- metadata, preview ----------------------------------------------------------------------
    def action_metadata(self) -> None:
        fields = self.template.metadata if self.template is not None else DEFAULT_METADATA
        text = self.editor.text
        values = read_metadata(text)
        values["title"] = document_title(text)[0]
        names = list(fields)
        for key in values:
            if key not in names:
                names.append(key)

        def apply(result: dict[str, Any] | None) -> None:
            focus_now(self.editor)
            if result is None:
                return
            old = self.editor.text
            title = str(result.pop("title", "") or "")
            new = with_metadata(old, result)
            current, span = document_title(new)
            if title and title != current:
                if span is not None:
                    new = new[: span[0]] + title + new[span[1] :]
                else:
                    meta = metadata_span(new)
                    at = meta[1] if meta is not None else 0
                    new = new[:at] + f"\n# {title}\n" + new[at:]
            if new != old:
                self._replace_changed(old, new)

        self.app.push_screen(MetadataForm(names, values), apply)

    def _replace_changed(self, old: str, new: str) -> None:
        """Replace only the part of the text that changed, as one undoable edit."""
        prefix = 0
        limit = min(len(old), len(new))
        while prefix < limit and old[prefix] == new[prefix]:
            prefix += 1
        suffix = 0
        while suffix < limit - prefix and old[len(old) - 1 - suffix] == new[len(new) - 1 - suffix]:
            suffix += 1
        editor = self.editor
        cursor = editor.cursor_location
        start = editor.offset_location(prefix)
        end = editor.offset_location(len(old) - suffix)
        editor.replace(new[prefix : len(new) - suffix], start, end, maintain_selection_offset=False)
        shift = new.count("\n") - old.count("\n")
        row = max(
            0,
            min(cursor[0] + (shift if start[0] < cursor[0] else 0), editor.document.line_count - 1),
        )
        editor.move_cursor((row, cursor[1]))

    def action_toggle_preview(self) -> None:
        if self.pane.toggle_preview():
            self.query_one("#preview").focus()
        else:
            focus_now(self.editor)

    def _leave_preview(self) -> None:
        if self.pane.preview:
            self.action_toggle_preview()

    # -- saving and quitting ----------------------------------------------------------------------
    async def action_save(self, then: Callable[[], None] | None = None) -> None:
        await settle(self.editor)  # keys typed before ctrl+s are part of this save
        self.save(then)

    def save(self, then: Callable[[], None] | None = None, *, force: bool = False) -> None:
        if self.session.path is None:
            suggestion = self.draft.suggested_name

            def chosen(name: str | None) -> None:
                if name:
                    self._save_to(Path(name).expanduser(), then, force=True)

            self.app.push_screen(FileNamePrompt(suggestion), chosen)
            return
        self._save_to(self.session.path, then, force=force)

    def _save_to(
        self, path: Path, then: Callable[[], None] | None = None, *, force: bool = False
    ) -> None:
        try:
            submitted = self.keeper.save(self.editor.text, self.generation, path, force=force)
        except SaveError as exc:
            self.notify(f"Not saved: {exc}", severity="error", timeout=10)
            return
        if submitted:
            self.saving = True
            self._after_save = then
            self._update_title()

    def _ask_overwrite(self, path: Path) -> None:
        def answer(choice: str | None) -> None:
            if choice == "overwrite":
                self.save(force=True)
            elif choice == "reload":
                self._reload()
            focus_now(self.editor)

        self.app.push_screen(
            Choice(
                "Changed on disk",
                f"{path} was changed by another program since it was opened.",
                [("overwrite", "Overwrite it"), ("reload", "Reload it"), ("cancel", "Cancel")],
            ),
            answer,
        )

    def _reload(self) -> None:
        try:
            text = self.session.reload()
        except SaveError as exc:
            self.notify(str(exc), severity="error")
            return
        self.keeper.reloaded()
        self.editor.load_text(text)
        self._dirty = False
        self._disk_warned = False
        self._update_title()

    def request_quit(self) -> None:
        if not self.session.is_dirty(self.editor.text):
            self.keeper.discard_recovery(self.generation)
            self.app.exit()
            return

        def answer(choice: str | None) -> None:
            if choice == "save":
                self.save(then=self.request_quit)
            elif choice == "discard":
                self.keeper.discard_recovery(self.generation + 1)
                self.app.exit()
            else:
                focus_now(self.editor)

        name = self.session.path.name if self.session.path else "this draft"
        self.app.push_screen(
            Choice(
                "Unsaved changes",
                f"Save the changes to {name} before quitting?",
                [("save", "Save"), ("discard", "Discard changes"), ("cancel", "Cancel")],
            ),
            answer,
        )

    def _offer_recovery(self) -> None:
        text = self.session.recovery_offer()
        if text is None:
            return
        try:
            stamp = dt.datetime.fromtimestamp(self.session.recovery.path.stat().st_mtime)
        except OSError:
            return
        name = self.session.path.name if self.session.path else "this draft"

        def answer(choice: str | None) -> None:
            if choice == "restore":
                self._replace_changed(self.editor.text, text)
                self.notify("Restored the unsaved changes; ctrl+s saves them")
            elif choice == "discard":
                self.keeper.discard_recovery(self.generation)
            focus_now(self.editor)

        self.app.push_screen(
            Choice(
                "Recover unsaved changes?",
                f"writer found changes to {name} that were not saved "
                f"(autosaved {stamp:%Y-%m-%d %H:%M:%S}).",
                [("restore", "Restore them"), ("discard", "Discard them")],
                cancel_key="keep",
            ),
            answer,
        )
