"""The draft screen's commands that keep the document on disk: save (in the background), save
under a name, overwrite or reload a file changed on disk, quit, autosave and recovery."""

from __future__ import annotations

import datetime as dt
import logging
import time
from collections.abc import Callable
from pathlib import Path

from writer.tui.keys import focus_now, settle
from writer.tui.messages import (
    Kept,
)
from writer.tui.screens.dialogs import Choice, FileNamePrompt
from writer.tui.screens.draft_parts import DraftParts
from writer.tui.state.keeper import AutosaveFailed, DiskChanged, Saved, SaveFailed
from writer.tui.state.storage import SaveError

log = logging.getLogger("writer.tui")


class FileCommands(DraftParts):
    """Saving, autosaving, recovery and quitting."""

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
        if self.saving:  # ctrl+q right after ctrl+s: quit once the save has landed
            self._after_save = self.request_quit
            return
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
