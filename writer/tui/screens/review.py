"""Review mode: the findings one at a time, the text around each, the fix as a diff, a key for
each decision. ``writer review FILE`` writes the file once, atomically, when the author quits;
from the drafting screen (f6) the decisions go back into the editor as one undoable change.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass
from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Static, TextArea
from textual.worker import Worker

from writer.api import LintOptions
from writer.model.findings import Finding
from writer.tui.keys import focus_now, settle
from writer.tui.messages import Kept
from writer.tui.screens.dialogs import Choice
from writer.tui.state.keeper import AutosaveFailed, Keeper
from writer.tui.state.review import Decision, Review, is_spelling
from writer.tui.state.session import Session
from writer.tui.widgets.findings import MARKS
from writer.tui.widgets.lines import Bar, KeyHints

log = logging.getLogger("writer.tui")

HINTS = (
    ("a", "apply", "screen.apply"),
    ("s", "skip", "screen.skip"),
    ("i", "ignore here", "screen.ignore"),
    ("v", "add word", "screen.add_word"),
    ("e", "edit", "screen.edit"),
    ("u", "undo", "screen.undo"),
)
EDIT_HINTS = (("ctrl+s", "keep this edit", "screen.keep_edit"),)


@dataclass(frozen=True)
class ReviewOutcome:
    """What a review decided: the new text, the words to accept, a one-line summary."""

    text: str
    words: tuple[str, ...]
    summary: str


def summary(review: Review) -> str:
    counts = review.counts()
    parts = [
        (counts[Decision.APPLY], "fix applied", "fixes applied"),
        (counts[Decision.IGNORE], "ignored here", "ignored here"),
        (counts[Decision.EDIT], "edited by hand", "edited by hand"),
        (len(review.words()), "word added", "words added"),
        (counts[Decision.SKIP], "skipped", "skipped"),
    ]
    said = [f"{n} {one if n == 1 else many}" for n, one, many in parts if n]
    return ", ".join(said) if said else "nothing changed"


def context_text(review: Review) -> Text:
    """The lines around the current finding, numbered, with its span highlighted."""
    context = review.context()
    text = Text()
    width = len(str(context.first_line + len(context.lines)))
    for index, line in enumerate(context.lines):
        number = context.first_line + index
        row = Text(f"{number:>{width}} │ ", style="dim")
        body = Text(line)
        for span_line, start, end in context.spans:
            if span_line == index:
                body.stylize("reverse", start, min(end, len(line)) if line else 0)
        row.append_text(body)
        if index:
            text.append("\n")
        text.append_text(row)
    return text


def fix_text(review: Review, finding: Finding) -> Text:
    """The fix as a diff of the lines it changes, or why there is none to apply."""
    text = Text()
    problem = review.fix_problem()
    if problem is not None:
        text.append(problem, style="dim")
        if is_spelling(finding):
            text.append(" · v adds the word to the vocabulary", style="dim")
        return text
    context = review.context()
    assert finding.fix is not None
    text.append(f"Fix: {finding.fix.description}\n", style="bold")
    for line in context.before:
        text.append(f"- {line}\n", style="red")
    for line in context.after:
        text.append(f"+ {line}\n", style="green")
    text.rstrip()
    return text


class ReviewScreen(Screen["ReviewOutcome | None"]):
    """Step through the findings of one text."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("a", "apply", "apply"),
        Binding("s", "skip", "skip"),
        Binding("i", "ignore", "ignore here"),
        Binding("v", "add_word", "add word"),
        Binding("e", "edit", "edit"),
        Binding("u", "undo", "undo"),
        Binding("q", "finish", "save and quit"),
        Binding("ctrl+s", "keep_edit", "keep this edit", priority=True),
        Binding("escape", "cancel_edit", "cancel", show=False),
    ]

    def __init__(
        self,
        text: str,
        findings: Sequence[Finding],
        name: str,
        *,
        standalone: bool,
        session: Session | None = None,
        lint: LintOptions | None = None,
    ) -> None:
        super().__init__()
        self.lint = lint or LintOptions()  # whose config takes the words
        self.review = Review(text, findings)
        self.name_shown = name
        self.standalone = standalone
        self.session = session
        self.keeper = Keeper(session, self._report) if session is not None else None
        self.editing = False
        self.finishing = False
        self._message = ""
        self._autosaves = 0

    def _report(self, event: object) -> None:
        """From the keeper's thread: hand the event to the screen's thread."""
        self.post_message(Kept(event))

    def on_kept(self, message: Kept) -> None:
        if isinstance(message.event, AutosaveFailed):
            self.notify(
                f"Your choices could not be kept in the recovery file: {message.event.error}",
                severity="warning",
                timeout=8,
            )

    def compose(self) -> ComposeResult:
        yield Bar(id="review-title")
        with VerticalScroll(id="review-body"):
            yield Static("", id="review-finding")
            yield Static("", id="review-context")
            yield Static("", id="review-fix")
        yield TextArea("", id="review-edit", soft_wrap=True)
        yield Bar(id="review-status")
        quit_hint = ("q", "save and quit" if self.standalone else "done", "screen.finish")
        yield KeyHints(HINTS, (quit_hint,), id="review-hints")

    def on_mount(self) -> None:
        self.query_one("#review-edit").display = False
        self.show()

    # -- showing the current finding ------------------------------------------------------------
    def show(self) -> None:
        review = self.review
        number, total = review.position()
        counts = review.counts()
        title = f" writer review · {self.name_shown} · "
        title += "all findings seen" if review.done else f"finding {number} of {total}"
        title += f" · {counts[Decision.APPLY]} applied · {counts[Decision.SKIP]} skipped"
        self.query_one("#review-title", Bar).say(title)
        finding = review.current
        head = self.query_one("#review-finding", Static)
        context = self.query_one("#review-context", Static)
        fix = self.query_one("#review-fix", Static)
        if finding is None:
            done = "q saves and quits" if self.standalone else "q goes back to the editor"
            head.update(Text(f"Done: {summary(review)}. {done}; u undoes the last choice."))
            context.update("")
            fix.update("")
        else:
            mark, style = MARKS[finding.severity]
            line = Text()
            line.append(mark, style=style)
            line.append(f" {finding.rule}", style="bold")
            line.append(f"  {finding.message}")
            head.update(line)
            context.update(context_text(review))
            fix.update(fix_text(review, finding))
        self.query_one("#review-status", Bar).say(Text(" " + self._message, style="dim"))

    def say(self, message: str) -> None:
        self._message = message
        self.show()

    def _changed(self) -> None:
        """A decision was made or taken back: keep the text in the recovery file."""
        if self.keeper is not None:
            self._autosaves += 1
            self.keeper.autosave(self.review.text(), self._autosaves)

    # -- decisions ------------------------------------------------------------------------------
    def action_apply(self) -> None:
        finding = self.review.current
        problem = self.review.apply()
        if problem is not None:
            self.say(problem)
            return
        assert finding is not None and finding.fix is not None
        self.say(f"applied: {finding.fix.description}")
        self._changed()

    def action_skip(self) -> None:
        if self.review.current is not None:
            self.review.skip()
            self.say("skipped")

    def action_ignore(self) -> None:
        finding = self.review.current
        if finding is not None:
            self.review.ignore()
            self.say(f"{finding.rule} ignored on line {finding.line}")
            self._changed()

    def action_add_word(self) -> None:
        word = self.review.word_of()
        problem = self.review.accept_word()
        if problem is not None:
            self.say(problem)
            return
        self.say(f"'{word}' goes into the vocabulary when you quit")

    def action_undo(self) -> None:
        choice = self.review.undo()
        if choice is None:
            self.say("nothing to undo")
            return
        self.say(f"undid: {choice.decision.value}")
        self._changed()

    # -- editing by hand ------------------------------------------------------------------------
    def action_edit(self) -> None:
        if self.review.current is None:
            return
        area = self.query_one("#review-edit", TextArea)
        area.load_text(self.review.editable_text())
        area.display = True
        self.editing = True
        focus_now(area)
        self.say("editing these lines: ctrl+s keeps the edit, escape cancels")
        self.query_one("#review-hints", KeyHints).set_hints(EDIT_HINTS)

    async def action_keep_edit(self) -> None:
        if not self.editing:
            return
        area = self.query_one("#review-edit", TextArea)
        await settle(area)
        self.review.edit(area.text)
        self._close_edit()
        self.say("edited by hand")
        self._changed()

    def action_cancel_edit(self) -> None:
        if self.editing:
            self._close_edit()
            self.say("edit cancelled")

    def _close_edit(self) -> None:
        self.editing = False
        area = self.query_one("#review-edit", TextArea)
        area.display = False
        self.query_one("#review-hints", KeyHints).set_hints(HINTS)
        self.set_focus(None)

    # -- finishing ------------------------------------------------------------------------------
    def outcome(self) -> ReviewOutcome:
        return ReviewOutcome(self.review.text(), self.review.words(), summary(self.review))

    def action_finish(self) -> None:
        if self.editing or self.finishing:
            return
        if not self.standalone:
            self.dismiss(self.outcome())
            return
        if not self.review.changed:
            if self.keeper is not None:
                self.keeper.discard_recovery(1 << 30)
            self.app.exit(0, message=f"writer review: {self.name_shown}: nothing changed")
            return
        self.finishing = True
        self.say("saving…")
        self.run_worker(self._write, thread=True, exit_on_error=False, group="finish")

    def _write(self) -> str:
        """Write the file once (atomically), then add the words: the end of a review."""
        assert self.session is not None and self.session.path is not None
        outcome = self.outcome()
        if outcome.text != self.review.original:
            self.session.write(outcome.text, self.session.path)
        if outcome.words:
            from writer.api import Linter
            from writer.settings.vocabulary import add_words

            config = Linter(self.lint).config_for(self.session.path)
            add_words(config, list(outcome.words), self.session.path.parent)
        return outcome.summary

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        worker = event.worker
        if worker.group != "finish" or not worker.is_finished:
            return
        self.finishing = False
        if worker.error is not None:
            self.say(f"Not saved: {worker.error}; q tries again")
            self.notify(f"Not saved: {worker.error}", severity="error", timeout=10)
            return
        if self.keeper is not None:
            self.keeper.discard_recovery(1 << 30)
            self.keeper.wait(5.0)
        self.app.exit(0, message=f"writer review: {self.name_shown}: {worker.result}")

    def request_quit(self) -> None:
        """ctrl+q: leave; asks first when decisions would be lost."""
        if not self.standalone:
            self.dismiss(None)
            return
        if not self.review.changed:
            self.app.exit(0)
            return

        def answer(choice: str | None) -> None:
            if choice == "save":
                self.action_finish()
            elif choice == "discard":
                if self.keeper is not None:
                    self.keeper.discard_recovery(1 << 30)
                self.app.exit(0)

        self.app.push_screen(
            Choice(
                "Unsaved review",
                f"Save the changes to {self.name_shown} before quitting?",
                [("save", "Save"), ("discard", "Discard them"), ("cancel", "Cancel")],
            ),
            answer,
        )
