"""The draft screen's writing commands: fixes, suppressions, the vocabulary, review mode, the
postmortem helpers and the metadata form."""

from __future__ import annotations

import datetime as dt
import logging
from pathlib import Path
from typing import Any

from textual.worker import Worker

from writer.api import Linter
from writer.checks.postmortem.edits import add_action_item, item_format, timeline_row_at
from writer.errors import WriterError
from writer.model.findings import Finding
from writer.templates import textops
from writer.tui.keys import focus_now, settle
from writer.tui.screens.draft_parts import DraftParts
from writer.tui.screens.forms import ActionItemForm, MetadataForm, TimelineForm
from writer.tui.screens.review import ReviewOutcome, ReviewScreen
from writer.tui.state import navigation
from writer.tui.state.checking import DraftCheck
from writer.tui.state.review import is_spelling
from writer.tui.state.session import metadata_span, read_metadata, with_metadata
from writer.tui.state.templating import (
    DEFAULT_METADATA,
    document_title,
)

log = logging.getLogger("writer.tui")


class WritingCommands(DraftParts):
    """What the author asks of the text beyond typing it."""

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
