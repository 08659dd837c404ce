"""The writer TUI application and :func:`make_app`, the factory the commands and tests use."""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable, Iterable
from dataclasses import replace
from pathlib import Path
from typing import ClassVar

from textual.app import App, SystemCommand
from textual.binding import Binding, BindingType
from textual.screen import Screen

from writer.api import Linter
from writer.tui.screens.draft import DraftScreen
from writer.tui.screens.help import HelpScreen
from writer.tui.screens.picker import TemplatePicker
from writer.tui.state.draft import AppOptions, Draft, new_draft
from writer.tui.state.storage import state_home
from writer.tui.state.templating import TemplateInfo, available_templates

log = logging.getLogger("writer.tui")


class WriterApp(App[int]):
    """Draft and edit design docs and postmortems against their templates."""

    CSS_PATH = "writer.tcss"
    TITLE = "writer"
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (100, "-wide")]  # noqa: RUF012
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+q", "quit", "quit", priority=True),
        Binding("f1", "help", "help", show=False),
    ]

    def __init__(self, draft: Draft | None, options: AppOptions) -> None:
        super().__init__()
        self.draft = draft
        self.options = options
        self.linter = self._linter_for(draft.template if draft is not None else None)
        self.saved_at: dt.datetime | None = None
        self.last_check_seconds: float | None = None
        self.requested_path: Path | None = None  # -o FILE when the picker chooses the template

    def _linter_for(self, template: TemplateInfo | None) -> Linter:
        """Check against the draft's template when it is known, else detect it."""
        lint = self.options.lint
        if template is not None and lint.template is None:
            lint = replace(lint, template=template.source or template.name)
        return Linter(lint)

    def on_mount(self) -> None:
        if self.draft is not None:
            self.push_screen(DraftScreen(self.draft))
            return
        try:
            templates = available_templates()
        except Exception as exc:
            log.exception("no templates")
            self.exit(2, message=f"writer: cannot list templates: {exc}")
            return
        self.push_screen(TemplatePicker(templates), self._picked)

    def _picked(self, info: TemplateInfo | None) -> None:
        if info is None:
            self.exit(0)
            return
        self.draft = new_draft(info, self.requested_path, self.options)
        self.linter = self._linter_for(self.draft.template)
        self.push_screen(DraftScreen(self.draft))

    @property
    def draft_screen(self) -> DraftScreen | None:
        for screen in reversed(self.screen_stack):
            if isinstance(screen, DraftScreen):
                return screen
        return None

    async def action_quit(self) -> None:
        screen = self.draft_screen
        if screen is None:
            self.exit(0)
            return
        if self.screen is not screen:
            # A dialog is open: close it first, then ask about unsaved changes.
            while self.screen is not screen and len(self.screen_stack) > 1:
                self.pop_screen()
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
            ("Edit metadata", "Title, authors, status, severity, date (f2)", draft.action_metadata),
            ("Toggle preview", "Preview the whole document (ctrl+r)", draft.action_toggle_preview),
            ("Apply fix", "Fix the finding at the cursor (ctrl+f)", draft.action_apply_fix),
            ("Ignore here", "Suppress the finding here (ctrl+g)", draft.action_ignore_here),
            (
                "Findings: section or document",
                "Show the current section's findings or all of them (f3)",
                draft.action_toggle_scope,
            ),
            ("Writer help", "Keys and marks (f1)", self.action_help),
        ]
        if draft.template is not None and draft.template.is_postmortem:
            entries += [
                (
                    "Insert timeline row",
                    "A row stamped with the current time (ctrl+t)",
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
