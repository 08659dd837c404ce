"""The draft screen: outline, guidance above the editor, and the reviewer's findings.

Checks run in an exclusive thread worker after the author pauses typing; a newer edit cancels
the older run, and results for stale text are dropped. The event loop never waits for them.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Footer, Markdown, OptionList, Static, TextArea
from textual.widgets.text_area import Selection
from textual.worker import get_current_worker

from writer.model.document import parse
from writer.model.findings import Finding
from writer.model.headings import normalise
from writer.templates import textops
from writer.templates.outline import Entry, Outline, Status
from writer.tui.messages import AutosaveFailed, CheckDone, CheckFailed
from writer.tui.screens.dialogs import Choice, FileNamePrompt
from writer.tui.screens.forms import ActionItemForm, MetadataForm
from writer.tui.state.checking import DraftCheck, check_draft, outline_for
from writer.tui.state.draft import Draft
from writer.tui.state.session import metadata_span, read_metadata, with_metadata
from writer.tui.state.storage import SaveError
from writer.tui.state.templating import (
    DEFAULT_METADATA,
    TemplateInfo,
    document_title,
    load_info,
    section_heading,
)
from writer.tui.widgets.editor import DraftEditor
from writer.tui.widgets.findings import FindingsView
from writer.tui.widgets.outline import METADATA_ID, OutlineView

if TYPE_CHECKING:
    from writer.tui.app import WriterApp

log = logging.getLogger("writer.tui")

_HEADING = re.compile(r"^ {0,3}(#{1,6})[ \t]+(.*?)[ \t#]*$")
_FENCE = re.compile(r"^ {0,3}(```|~~~)")


def heading_rows(lines: list[str]) -> list[tuple[int, int, str]]:
    """(row, level, title) of every ATX heading outside fenced code."""
    rows: list[tuple[int, int, str]] = []
    fence: str | None = None
    for row, line in enumerate(lines):
        fence_match = _FENCE.match(line)
        if fence_match:
            marker = fence_match.group(1)
            if fence is None:
                fence = marker
            elif marker == fence:
                fence = None
            continue
        if fence is None:
            match = _HEADING.match(line)
            if match:
                rows.append((row, len(match.group(1)), match.group(2)))
    return rows


class DraftScreen(Screen[None]):
    """Write one document against its template."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "save", "save", priority=True),
        Binding("alt+down", "next_section", "next", key_display="alt+↓"),
        Binding("alt+up", "previous_section", "previous", key_display="alt+↑"),
        Binding("f2", "metadata", "metadata"),
        Binding("ctrl+r", "toggle_preview", "preview"),
        Binding("ctrl+f", "apply_fix", "fix"),
        Binding("ctrl+g", "ignore_here", "ignore", show=False),
        Binding("ctrl+t", "timeline_row", "timeline", show=False),
        Binding("ctrl+n", "action_item", "action item", show=False),
        Binding("ctrl+o", "focus_outline", "outline", show=False),
        Binding("ctrl+l", "focus_findings", "findings", show=False),
        Binding("f3", "toggle_scope", "all/section", show=False),
        Binding("f1", "app.help", "help"),
    ]

    def __init__(self, draft: Draft) -> None:
        super().__init__()
        self.draft = draft
        self.session = draft.session
        self.template: TemplateInfo | None = draft.template
        self.generation = 0
        self.check: DraftCheck | None = None
        self.current_key: str | None = None
        self.scope_all = draft.mode == "edit"
        self.preview = False
        self._check_timer: Timer | None = None
        self._last_change = 0.0
        self._first_unsaved: float | None = None
        self._autosaved_generation = 0
        self._disk_warned = False
        self._shown_notices: set[str] = set()

    @property
    def writer_app(self) -> WriterApp:
        return self.app  # type: ignore[return-value]  # a DraftScreen is only ever in a WriterApp

    # -- layout ------------------------------------------------------------------------------
    def compose(self) -> ComposeResult:
        yield Static("", id="title-bar")
        with Horizontal(id="body"):
            yield OutlineView(id="outline")
            with Vertical(id="center"):
                yield Static("", id="guidance")
                yield DraftEditor(self.draft.text, id="editor")
                with VerticalScroll(id="preview"):
                    yield Markdown("", id="preview-markdown")
            yield FindingsView(id="findings")
        yield Footer()

    @property
    def editor(self) -> DraftEditor:
        return self.query_one("#editor", DraftEditor)

    @property
    def outline_view(self) -> OutlineView:
        return self.query_one("#outline", OutlineView)

    @property
    def findings_view(self) -> FindingsView:
        return self.query_one("#findings", FindingsView)

    def on_mount(self) -> None:
        self.query_one("#preview").display = False
        editor = self.editor
        row = min(self.draft.cursor_row, editor.document.line_count - 1)
        editor.move_cursor((row, len(editor.document.get_line(row))))
        editor.focus()
        self._show_outline(self._quick_outline())
        self._update_current()
        self._update_title()
        self.set_interval(0.5, self._tick)
        self.set_interval(2.0, self._watch_disk)
        self._start_check(0.0)
        if self.draft.notice:
            self.notify(self.draft.notice, timeout=6)
        self.call_after_refresh(self._offer_recovery)

    # -- text changes, checks and autosave ------------------------------------------------------
    def on_text_area_changed(self, event: TextArea.Changed) -> None:
        self.generation += 1
        now = time.monotonic()
        self._last_change = now
        if self._first_unsaved is None:
            self._first_unsaved = now
        self._start_check(self.writer_app.options.check_delay)
        self._update_title()
        if self.preview:
            self._refresh_preview()

    def _start_check(self, delay: float) -> None:
        if self._check_timer is not None:
            self._check_timer.stop()
        if delay <= 0:
            self._run_check_now()
        else:
            self._check_timer = self.set_timer(delay, self._run_check_now)

    def _run_check_now(self) -> None:
        self._check_timer = None
        self.run_check(self.editor.text, self.generation)

    @work(thread=True, exclusive=True, group="check", exit_on_error=False)
    def run_check(self, text: str, generation: int) -> None:
        worker = get_current_worker()
        spec = self.template.spec if self.template is not None else None
        try:
            check = check_draft(self.writer_app.linter, text, self.session.path, spec, generation)
        except Exception as exc:
            log.exception("check failed")
            self.post_message(CheckFailed(generation, f"{type(exc).__name__}: {exc}"))
            return
        if not worker.is_cancelled:
            self.post_message(CheckDone(check))

    def on_check_done(self, message: CheckDone) -> None:
        check = message.check
        if check.generation != self.generation:
            return  # the text changed since; a newer check is on its way
        self.check = check
        if self.template is None and check.result.template:
            self._adopt_template(check.result.template)
            if self.template is not None:
                outline = outline_for(
                    check.document,
                    self.template.spec,
                    check.findings,
                    self.writer_app.linter.matcher,
                )
                self.check = DraftCheck(
                    check.generation, check.document, check.result, outline, check.seconds
                )
        self._show_outline(self.check.outline)
        self._show_findings()
        self.findings_view.show_figures(self.check.figures())
        self._update_current()
        self.writer_app.last_check_seconds = check.seconds
        self._show_notices(check.result.run_notices + check.result.notices)

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

    def on_autosave_failed(self, message: AutosaveFailed) -> None:
        self.notify(f"Autosave failed: {message.error}", severity="error", timeout=8)

    def _adopt_template(self, name: str) -> None:
        try:
            self.template = load_info(name)
        except Exception as exc:
            log.warning("template %s not loadable: %s", name, exc)
            return
        self._update_title()

    def _tick(self) -> None:
        """Autosave at most ``autosave_delay`` after the last keystroke (and every 5 s)."""
        if self.generation == self._autosaved_generation or self._first_unsaved is None:
            return
        now = time.monotonic()
        delay = self.writer_app.options.autosave_delay
        if now - self._last_change >= delay or now - self._first_unsaved >= 5.0:
            self._autosaved_generation = self.generation
            self._first_unsaved = None
            self.autosave(self.editor.text)

    @work(thread=True, exclusive=True, group="autosave", exit_on_error=False)
    def autosave(self, text: str) -> None:
        try:
            self.session.autosave(text)
        except (OSError, SaveError) as exc:
            log.error("autosave failed: %s", exc)
            self.post_message(AutosaveFailed(str(exc)))

    def _watch_disk(self) -> None:
        if self._disk_warned or not self.session.changed_on_disk():
            return
        self._disk_warned = True
        self.notify(
            f"{self.session.path} changed on disk; saving will ask before overwriting it",
            severity="warning",
            timeout=8,
        )

    # -- display --------------------------------------------------------------------------------
    def _quick_outline(self) -> Outline:
        spec = self.template.spec if self.template is not None else None
        return outline_for(parse(self.editor.text), spec, ())

    def _show_outline(self, outline: Outline) -> None:
        self.outline_view.show(outline, self.current_key)

    def _current_outline(self) -> Outline:
        if self.check is not None and self.check.generation == self.generation:
            return self.check.outline
        return self._quick_outline()

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
        dirty = self.session.is_dirty(self.editor.text)
        state = "modified" if dirty else "saved"
        if not dirty and not self.session.disk.exists:
            state = "new"
        elif not dirty and self.writer_app.saved_at is not None:
            state = f"saved {self.writer_app.saved_at:%H:%M}"
        self.query_one("#title-bar", Static).update(Text(f" writer · {kind} · {name}  ({state})"))
        self.sub_title = state

    def on_text_area_selection_changed(self, event: TextArea.SelectionChanged) -> None:
        self._update_current()

    def _section_at_cursor(self) -> tuple[int, str] | None:
        """(level, title) of the nearest heading at or above the cursor."""
        document = self.editor.document
        row = self.editor.cursor_location[0]
        while row >= 0:
            match = _HEADING.match(document.get_line(row))
            if match:
                return len(match.group(1)), match.group(2)
            row -= 1
        return None

    def _entry_for(self, level_title: tuple[int, str] | None) -> Entry | None:
        if level_title is None:
            return None
        outline = self.outline_view.outline
        wanted = normalise(level_title[1])
        for entry in outline.entries:
            if entry.section is not None and normalise(entry.title) == wanted:
                return entry
        # A subsection: use the closest template-level heading above it.
        document = self.editor.document
        row = self.editor.cursor_location[0]
        for heading_row, _level, title in reversed(
            heading_rows([document.get_line(r) for r in range(row + 1)])
        ):
            del heading_row
            for entry in outline.entries:
                if entry.section is not None and normalise(entry.title) == normalise(title):
                    return entry
        return None

    def _update_current(self) -> None:
        entry = self._entry_for(self._section_at_cursor())
        key = entry.key if entry is not None else None
        guidance = self.query_one("#guidance", Static)
        if entry is None:
            guidance.update("")
            guidance.display = False
        else:
            text = entry.guidance or entry.skeleton
            heading = f"[b]{_escape(entry.title)}[/b]" + (
                "" if entry.required or not entry.in_template else " [dim](optional)[/dim]"
            )
            guidance.update(heading + ("\n" + _escape(text) if text else ""))
            guidance.display = True
        if key != self.current_key:
            self.current_key = key
            self.outline_view.mark_current(key)
            self._show_findings()

    def _refresh_preview(self) -> None:
        self.query_one("#preview-markdown", Markdown).update(self.editor.text)

    # -- navigation ----------------------------------------------------------------------------
    def _go_to_entry(self, entry: Entry) -> None:
        editor = self.editor
        lines = editor.text.split("\n")
        rows = heading_rows(lines)
        start = entry.line - 1
        if start < 0 or start >= len(lines):
            return
        end = len(lines)
        for row, level, _title in rows:
            if row > start and level <= entry.level:
                end = row
                break
        own_end = next((row for row, _l, _t in rows if start < row < end), end)
        body = [r for r in range(start + 1, own_end) if lines[r].strip()]
        if body:
            target = (body[-1], len(lines[body[-1]]))
        elif own_end - start >= 4:
            target = (start + 2, 0)
        else:
            # Make room: a blank line on each side of where the author will type.
            editor.insert("\n\n", (start + 1, 0))
            target = (start + 2, 0)
        editor.move_cursor(target, center=True)
        editor.focus()
        self._update_current()

    def _step_section(self, step: int) -> None:
        outline = self._current_outline()
        present = [e for e in outline.entries if e.section is not None]
        if not present:
            self.notify("This document has no sections yet")
            return
        row = self.editor.cursor_location[0] + 1
        current = 0
        for index, entry in enumerate(present):
            if entry.line <= row:
                current = index
        if step < 0 and present[current].line > row:
            current = 0
        target = max(0, min(len(present) - 1, current + step))
        self._go_to_entry(present[target])

    def action_next_section(self) -> None:
        self._step_section(1)

    def action_previous_section(self) -> None:
        self._step_section(-1)

    def action_focus_outline(self) -> None:
        self._leave_preview()
        self.outline_view.focus()

    def action_focus_findings(self) -> None:
        self._leave_preview()
        self.findings_view.list.focus()

    def action_toggle_scope(self) -> None:
        self.scope_all = not self.scope_all
        self._show_findings()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option_list.id == "outline":
            self._outline_chosen(event.option_id)
        elif event.option_list.id == "findings-list":
            finding = self.findings_view.selected()
            if finding is not None:
                self.go_to_finding(finding)

    def _outline_chosen(self, key: str | None) -> None:
        if key == METADATA_ID:
            self.action_metadata()
            return
        outline = self._current_outline()
        index = outline.index_of(key or "")
        if index is None:
            return
        entry = outline.entries[index]
        if entry.status is Status.MISSING:
            self._add_missing(outline, index)
            return
        self._go_to_entry(entry)

    def _add_missing(self, outline: Outline, index: int) -> None:
        """Insert a missing template section after the present section before it."""
        entry = outline.entries[index]
        spec = next(
            (s for s in (self.template.sections if self.template else ()) if _key(s) == entry.key),
            None,
        )
        heading = section_heading(spec) if spec is not None else "## " + entry.title
        before = [e for e in outline.entries[:index] if e.section is not None]
        text = self.editor.text
        offset = before[-1].end if before else len(text)
        after_ = [e for e in outline.entries[index + 1 :] if e.section is not None]
        if not before and after_:
            offset = after_[0].start
        prefix = (
            ""
            if offset == 0 or text[:offset].endswith("\n\n")
            else ("\n" if text[:offset].endswith("\n") else "\n\n")
        )
        insertion = f"{prefix}{heading}\n\n\n\n"
        location = self.editor.offset_location(offset)
        self.editor.insert(insertion, location)
        row = location[0] + insertion.count("\n", 0, len(prefix)) + 2
        self.editor.move_cursor((row, 0), center=True)
        self.editor.focus()
        self.notify(f"Added the section '{entry.title}'")

    def go_to_finding(self, finding: Finding) -> None:
        """Move the cursor to ``finding`` and select its span."""
        self._leave_preview()
        editor = self.editor
        last = editor.document.line_count - 1
        start = (min(finding.line - 1, last), max(0, finding.column - 1))
        end = (min(finding.end_line - 1, last), max(0, finding.end_column))
        if end < start:
            end = start
        editor.selection = Selection(start, end)
        editor.scroll_cursor_visible(center=True)
        editor.focus()

    # -- fixes and suppressions -----------------------------------------------------------------
    def _finding_in_context(self) -> Finding | None:
        """The finding chosen in the list (when it has focus) or the one at the cursor."""
        if self.check is None:
            return None
        if self.findings_view.list.has_focus:
            return self.findings_view.selected()
        row, column = self.editor.cursor_location
        line, col = row + 1, column + 1
        candidates = [
            f
            for f in self.check.findings
            if (f.line, f.column) <= (line, col) <= (f.end_line, f.end_column + 1)
        ]
        if candidates:
            return candidates[0]
        on_line = [f for f in self.check.findings if f.line == line]
        return on_line[0] if on_line else None

    def _fresh_check(self) -> DraftCheck:
        """The findings for the text as it is now (checked here if the last check is stale)."""
        if self.check is not None and self.check.generation == self.generation:
            return self.check
        spec = self.template.spec if self.template is not None else None
        check = check_draft(
            self.writer_app.linter, self.editor.text, self.session.path, spec, self.generation
        )
        self.post_message(CheckDone(check))
        return check

    def action_apply_fix(self) -> None:
        chosen = self._finding_in_context()
        if chosen is None:
            self.notify("No finding here: move to one, or choose it in the findings (ctrl+l)")
            return
        check = self._fresh_check()
        finding = _same_finding(chosen, check.findings)
        if finding is None:
            self.notify("That finding is gone already")
            return
        if finding.fix is None:
            self.notify(f"{finding.rule} has no automatic fix; edit the text instead")
            return
        editor = self.editor
        for edit in sorted(finding.fix.edits, key=lambda e: e.start, reverse=True):
            start = editor.offset_location(edit.start)
            end = editor.offset_location(edit.end)
            editor.replace(edit.replacement, start, end)
        self.notify(f"Fixed: {finding.fix.description}")
        editor.focus()

    def action_ignore_here(self) -> None:
        chosen = self._finding_in_context()
        if chosen is None:
            self.notify("No finding here to ignore")
            return
        insertion = textops.suppression(self.editor.text, chosen.line, chosen.rule)
        self._insert(insertion)
        self.notify(f"{chosen.rule} ignored on line {chosen.line}")

    def _insert(self, insertion: textops.Insertion) -> None:
        editor = self.editor
        location = editor.offset_location(insertion.offset)
        editor.insert(insertion.text, location)
        editor.move_cursor(editor.offset_location(insertion.offset + insertion.cursor), center=True)
        editor.focus()

    # -- postmortem helpers ---------------------------------------------------------------------
    def _section_named(self, *words: str) -> Entry | None:
        outline = self._current_outline()
        for entry in outline.entries:
            name = normalise(entry.title) + " " + entry.key.lower()
            if entry.section is not None and any(word in name for word in words):
                return entry
        return None

    def action_timeline_row(self) -> None:
        entry = self._section_named("timeline")
        if entry is None:
            self.notify("This document has no Timeline section", severity="warning")
            return
        text = self.editor.text
        own_end = _own_end(text, entry)
        section_text = text[entry.start : own_end]
        zone, label = textops.document_zone(parse(text), section_text)
        now = self.writer_app.options.clock().astimezone(zone)
        spec = next(
            (s for s in (self.template.sections if self.template else ()) if s.id == entry.key),
            None,
        )
        skeleton = spec.skeleton if spec is not None else ""
        self._insert(textops.timeline_row(section_text, own_end, now, label, skeleton))

    def action_action_item(self) -> None:
        entry = self._section_named("action")
        if entry is None:
            self.notify("This document has no Action items section", severity="warning")
            return

        def add(item: textops.ActionItem | None) -> None:
            if item is None:
                return
            current = self._section_named("action")
            if current is None:
                return
            text = self.editor.text
            own_end = _own_end(text, current)
            section_text = text[current.start : own_end]
            cells = item.cells(textops.table_header(section_text))
            self._insert(textops.append_row(section_text, own_end, cells, item.list_item()))

        self.app.push_screen(ActionItemForm(), add)

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
            self.editor.focus()
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
                self._replace_prefix(old, new)

        self.app.push_screen(MetadataForm(names, values), apply)

    def _replace_prefix(self, old: str, new: str) -> None:
        """Replace only the part of the text that changed (the front matter), keeping undo."""
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
        editor.move_cursor((max(0, cursor[0] + shift), cursor[1]))

    def action_toggle_preview(self) -> None:
        self.preview = not self.preview
        self.query_one("#preview").display = self.preview
        self.editor.display = not self.preview
        if self.preview:
            self._refresh_preview()
            self.query_one("#preview").focus()
        else:
            self.editor.focus()

    def _leave_preview(self) -> None:
        if self.preview:
            self.action_toggle_preview()

    # -- saving and quitting ----------------------------------------------------------------------
    def action_save(self, then: Callable[[], None] | None = None) -> None:
        if self.session.path is None:
            suggestion = self.draft.suggested_name

            def chosen(name: str | None) -> None:
                if name:
                    self._save_to(Path(name).expanduser(), then)

            self.app.push_screen(FileNamePrompt(suggestion), chosen)
            return
        if self.session.changed_on_disk():

            def answer(choice: str | None) -> None:
                if choice == "overwrite":
                    self._save_to(self.session.path, then)
                elif choice == "reload":
                    self._reload()

            self.app.push_screen(
                Choice(
                    "Changed on disk",
                    f"{self.session.path} was changed by another program since it was opened.",
                    [("overwrite", "Overwrite it"), ("reload", "Reload it"), ("cancel", "Cancel")],
                ),
                answer,
            )
            return
        self._save_to(self.session.path, then)

    def _save_to(self, path: Path | None, then: Callable[[], None] | None = None) -> None:
        text = self.editor.text
        try:
            target = self.session.save(text, path)
        except (SaveError, OSError) as exc:
            log.error("save failed: %s", exc)
            self.notify(f"Not saved: {exc}", severity="error", timeout=10)
            self.autosave(text)  # the recovery file holds the text until a save succeeds
            return
        self._disk_warned = False
        self._autosaved_generation = self.generation
        self._first_unsaved = None
        self.writer_app.saved_at = dt.datetime.now()
        self._update_title()
        self.notify(f"Saved {target}", timeout=2)
        self._start_check(0.0)  # re-check on save
        if then is not None:
            then()

    def _reload(self) -> None:
        try:
            text = self.session.reload()
        except SaveError as exc:
            self.notify(str(exc), severity="error")
            return
        self.editor.load_text(text)
        self._disk_warned = False
        self._update_title()

    def request_quit(self) -> None:
        if not self.session.is_dirty(self.editor.text):
            self.session.recovery.discard()
            self.app.exit()
            return

        def answer(choice: str | None) -> None:
            if choice == "save":
                self.action_save(then=self.request_quit)
            elif choice == "discard":
                self.session.recovery.discard()
                self.app.exit()
            else:
                self.editor.focus()

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
                self._replace_prefix(self.editor.text, text)
                self.notify("Restored the unsaved changes; ctrl+s saves them")
            elif choice == "discard":
                self.session.recovery.discard()
            self.editor.focus()

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


def _escape(text: str) -> str:
    return text.replace("[", r"\[")


def _key(spec: object) -> str:
    return str(getattr(spec, "id", "") or getattr(spec, "title", ""))


def _own_end(text: str, entry: Entry) -> int:
    """Where the section's own body ends (before its first subsection)."""
    lines_before = text.count("\n", 0, entry.start)
    lines = text[entry.start : entry.end].split("\n")
    offset = entry.start
    for index, line in enumerate(lines):
        if index > 0 and _HEADING.match(line):
            return offset
        offset += len(line) + 1
    del lines_before
    return min(entry.end, len(text))


def _same_finding(wanted: Finding, findings: tuple[Finding, ...]) -> Finding | None:
    for finding in findings:
        if finding.rule == wanted.rule and (finding.line, finding.column) == (
            wanted.line,
            wanted.column,
        ):
            return finding
    same_rule = [f for f in findings if f.rule == wanted.rule and f.line == wanted.line]
    return same_rule[0] if same_rule else None
