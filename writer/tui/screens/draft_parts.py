"""The draft screen's shared parts: its state, its widgets, and the few text operations every
group of its commands uses. :class:`DraftScreen` puts the groups together."""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable

from rich.text import Text
from textual.screen import Screen

from writer.api import Linter
from writer.templates import textops
from writer.templates.outline import Entry
from writer.tui.keys import focus_now
from writer.tui.messages import (
    Kept,
)
from writer.tui.state import navigation
from writer.tui.state.checking import DraftCheck
from writer.tui.state.draft import AppOptions, Draft
from writer.tui.state.keeper import Keeper
from writer.tui.state.templating import (
    TemplateInfo,
)
from writer.tui.widgets.checker import CheckRunner
from writer.tui.widgets.editor import DraftEditor
from writer.tui.widgets.findings import FindingsPanel
from writer.tui.widgets.lines import Bar
from writer.tui.widgets.outline import OutlinePanel
from writer.tui.widgets.pane import EditorPane

log = logging.getLogger("writer.tui")


class DraftParts(Screen[None]):
    """What every part of the draft screen shares."""

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

    def _text_now(self) -> tuple[str, int]:
        return self.editor.text, self.generation

    def _check_now(self) -> None:
        self.runner.schedule(self._text_now, 0.0)

    @property
    def fresh(self) -> bool:
        return self.check is not None and self.check.generation == self.generation

    def when_fresh(self, then: Callable[[DraftCheck], None]) -> None:
        """Run ``then`` with a check of the text as it is now: at once when the last check is
        current, else when the check it starts has finished (the screen does not wait)."""
        if self.check is not None and self.fresh:
            then(self.check)
            return
        self._when_fresh = then
        self.notify("Checking the latest text first…", timeout=2)
        self._check_now()

    def _kept(self, event: object) -> None:
        """From the keeper's threads: hand the event to the screen's thread."""
        self.post_message(Kept(event))

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

    def _insert(self, insertion: textops.Insertion) -> None:
        editor = self.editor
        location = editor.offset_location(insertion.offset)
        editor.insert(insertion.text, location)
        editor.move_cursor(editor.offset_location(insertion.offset + insertion.cursor), center=True)
        focus_now(editor)

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
