"""The writer TUI application and the factories the commands and tests use: :func:`make_app`
(drafting) and :func:`make_review_app` (``writer review``)."""

from __future__ import annotations

import gc
import logging
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from textual.app import App, SystemCommand
from textual.binding import Binding, BindingType
from textual.screen import Screen

from writer.api import Linter
from writer.model.findings import Finding
from writer.tui.keys import settle
from writer.tui.screens.draft import DraftScreen
from writer.tui.screens.help import HelpScreen
from writer.tui.screens.picker import TemplatePicker
from writer.tui.screens.review import ReviewScreen
from writer.tui.state.draft import AppOptions, Draft, new_draft
from writer.tui.state.session import Session
from writer.tui.state.storage import state_home
from writer.tui.state.templating import TemplateInfo, available_templates

if TYPE_CHECKING:
    from writer.report.build import ReportOptions

log = logging.getLogger("writer.tui")


@dataclass(frozen=True)
class ReviewStart:
    """What ``writer review`` opens: the document's session, its text and its findings."""

    session: Session
    text: str
    findings: tuple[Finding, ...]


@dataclass(frozen=True)
class ReportStart:
    """What ``writer report --tui`` opens: the linter, the paths and the report's options."""

    linter: Linter
    paths: tuple[str, ...]
    options: ReportOptions


def linter_for(options: AppOptions, template: TemplateInfo | None) -> Linter:
    """A linter for the draft's template when it is known, else one that detects it."""
    lint = replace(options.lint, resident=True)
    if template is not None and lint.template is None:
        lint = replace(lint, template=template.source or template.name)
    return Linter(lint)


class WriterApp(App[int]):
    """Draft, edit and review design docs and postmortems against their templates."""

    CSS_PATH = "writer.tcss"
    TITLE = "writer"
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (100, "-medium"), (140, "-wide")]  # noqa: RUF012
    VERTICAL_BREAKPOINTS = [(0, "-short"), (30, "-tall")]  # noqa: RUF012
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+q", "quit", "quit", priority=True),
        Binding("f1", "help", "help", show=False),
        Binding("tab", "focus_next_field", "next field", show=False, priority=True),
        Binding("shift+tab", "focus_previous_field", "previous field", show=False, priority=True),
    ]

    def __init__(
        self,
        draft: Draft | None,
        options: AppOptions,
        review: ReviewStart | None = None,
        report: ReportStart | None = None,
    ) -> None:
        super().__init__()
        self.draft = draft
        self.options = options
        self.review = review
        self.report = report
        self.requested_path: Path | None = None  # -o FILE when the picker chooses the template

    def on_mount(self) -> None:
        theme = self.options.theme
        if theme is not None:
            if theme not in self.available_themes:
                known = ", ".join(sorted(self.available_themes))
                self.exit(
                    2, message=f"writer: tui.theme = {theme!r} is not a theme: use one of {known}"
                )
                return
            self.theme = theme
        if self.report is not None:
            from writer.tui.screens.report import ReportScreen

            self.push_screen(
                ReportScreen(self.report.linter, self.report.paths, self.report.options)
            )
            return
        if self.review is not None:
            path = self.review.session.path
            self.push_screen(
                ReviewScreen(
                    self.review.text,
                    self.review.findings,
                    path.name if path else "document",
                    standalone=True,
                    session=self.review.session,
                    lint=self.options.lint,
                )
            )
            return
        if self.draft is not None:
            self._open(self.draft)
            return
        try:
            templates = available_templates()
        except Exception as exc:
            log.exception("no templates")
            self.exit(2, message=f"writer: cannot list templates: {exc}")
            return
        self.push_screen(TemplatePicker(templates), self._picked)

    def _open(self, draft: Draft) -> None:
        linter = linter_for(self.options, draft.template)
        self.push_screen(DraftScreen(draft, linter, self.options))
        # What is loaded now (the document's lines, the rules) lives as long as the screen:
        # the collector need not walk it again and again while the author types.
        self.call_after_refresh(gc.freeze)

    def _picked(self, info: TemplateInfo | None) -> None:
        if info is None:
            self.exit(0)
            return
        self.draft = new_draft(info, self.requested_path, self.options)
        self._open(self.draft)

    @property
    def draft_screen(self) -> DraftScreen | None:
        for screen in reversed(self.screen_stack):
            if isinstance(screen, DraftScreen):
                return screen
        return None

    # -- keys ------------------------------------------------------------------------------------
    async def action_focus_next_field(self) -> None:
        """Tab: the keys typed before go to the field they were typed in, those after to the
        next one."""
        await settle(self.focused)
        self.screen.focus_next()

    async def action_focus_previous_field(self) -> None:
        await settle(self.focused)
        self.screen.focus_previous()

    async def action_quit(self) -> None:
        for screen in reversed(self.screen_stack):
            if isinstance(screen, (DraftScreen, ReviewScreen)):
                break
        else:
            self.exit(0)
            return
        if isinstance(screen, DraftScreen) and isinstance(self.screen, ReviewScreen):
            screen = self.screen  # a review opened from the editor: leave the review first
        while self.screen is not screen and len(self.screen_stack) > 1:
            self.pop_screen()  # close dialogs first, then ask about unsaved changes
        screen.request_quit()

    def action_help(self) -> None:
        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen())

    def get_system_commands(self, screen: Screen[object]) -> Iterable[SystemCommand]:
        yield from super().get_system_commands(screen)
        draft = self.draft_screen
        if draft is None:
            return
        entries: list[tuple[str, str, Callable[[], object]]] = [
            ("Save", "Write the document to disk (ctrl+s)", draft.action_save),
            ("Next section", "Move to the next section (alt+down)", draft.action_next_section),
            (
                "Previous section",
                "Move to the previous section (alt+up)",
                draft.action_previous_section,
            ),
            (
                "Next finding",
                "Move to the next finding in the text (f8)",
                draft.action_next_finding,
            ),
            (
                "Previous finding",
                "Move to the previous finding in the text (shift+f8)",
                draft.action_previous_finding,
            ),
            ("Edit metadata", "Title, authors, status, date (f2)", draft.action_metadata),
            ("Toggle preview", "Preview the whole document (ctrl+r)", draft.action_toggle_preview),
            ("Apply fix", "Fix the finding at the cursor (ctrl+f)", draft.action_apply_fix),
            ("Ignore here", "Suppress the finding here (ctrl+g)", draft.action_ignore_here),
            (
                "Review findings",
                "Step through the findings one at a time (f6)",
                draft.action_review,
            ),
            (
                "Add word to vocabulary",
                "Accept the word of the spelling finding at the cursor (f7)",
                draft.action_add_word,
            ),
            (
                "Findings: section or document",
                "Show the current section's findings or all of them (f3)",
                draft.action_toggle_scope,
            ),
            ("Show or hide the panels", "Outline and findings (f4)", draft.action_toggle_side),
            (
                "More or less guidance",
                "The section's guidance in full (f5)",
                draft.action_toggle_guidance,
            ),
            ("Writer help", "Keys and marks (f1)", self.action_help),
        ]
        if draft.template is not None and draft.template.is_postmortem:
            entries += [
                (
                    "Insert timeline row",
                    "A row at a time you type, in order (ctrl+t)",
                    draft.action_timeline_row,
                ),
                ("Add action item", "Through a small form (ctrl+n)", draft.action_action_item),
            ]
        for title, help_text, callback in entries:
            yield SystemCommand(title, help_text, callback)

    # -- errors: a notification and a log entry, never a traceback on screen -------------------
    def _fatal_error(self) -> None:
        log.exception("internal error")
        screen = self.draft_screen
        if screen is not None:
            try:
                screen.session.recovery.write(screen.editor.text)
            except Exception:
                log.exception("could not write the recovery file")
        self.exit(
            2,
            message=(
                "writer: internal error; your text is in the recovery file and the details "
                f"are in {log_path()}"
            ),
        )


def log_path() -> Path:
    return state_home() / "writer.log"


def configure_logging() -> None:
    """Send the TUI's log to ``$XDG_STATE_HOME/writer/writer.log`` (never to the screen)."""
    logger = logging.getLogger("writer")
    if any(getattr(h, "_writer_tui", False) for h in logger.handlers):
        return
    path = log_path()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handler: logging.Handler = logging.FileHandler(path, encoding="utf-8")
    except OSError:
        handler = logging.NullHandler()
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    handler._writer_tui = True  # type: ignore[attr-defined]
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)


def make_app(draft: Draft | None, options: AppOptions | None = None) -> WriterApp:
    """The app for ``draft`` (None: start with the template picker)."""
    return WriterApp(draft, options or AppOptions())


def make_review_app(
    session: Session, text: str, findings: Sequence[Finding], options: AppOptions | None = None
) -> WriterApp:
    """The app for ``writer review``: the findings of ``text`` one at a time."""
    return WriterApp(None, options or AppOptions(), ReviewStart(session, text, tuple(findings)))


def make_report_app(linter: Linter, paths: Sequence[str], options: ReportOptions) -> WriterApp:
    """The app for ``writer report --tui``: the report's tables and charts, each document one
    enter away."""
    return WriterApp(None, AppOptions(), report=ReportStart(linter, tuple(paths), options))
