"""Keeping the draft on disk without the screen ever waiting: saves, autosaves, and changes other
programs make to the file.

There is one writer of the document and one of its recovery file (each a :class:`Serial`), so two
writes of the same file never overlap and the newest text always wins: a save or an autosave
waiting to run is replaced by a newer one, and one older than a write already done is dropped.
Outcomes are reported as plain values through ``report`` (called from the writer's thread; the
screen turns them into messages). Nothing here imports Textual.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from writer.tui.state.serial import Job, Serial
from writer.tui.state.session import ChangedOnDisk, Session
from writer.tui.state.storage import DiskState, Recovery, SaveError, changed_on_disk

log = logging.getLogger("writer.tui")


@dataclass(frozen=True)
class Saved:
    """``text`` (the draft at ``generation``) is now in ``path``."""

    text: str
    generation: int
    path: Path
    state: DiskState


@dataclass(frozen=True)
class SaveFailed:
    """A save that did not happen: ``changed`` when another program changed the file first."""

    generation: int
    path: Path
    error: str
    changed: bool = False


@dataclass(frozen=True)
class AutosaveFailed:
    error: str


@dataclass(frozen=True)
class DiskChanged:
    path: Path


Report = Callable[[object], None]


class Keeper:
    """Writes one session's document and recovery file in the background, in order."""

    def __init__(self, session: Session, report: Report) -> None:
        self.session = session
        self.report = report
        self.documents = Serial("save")
        self.recoveries = Serial("recovery")
        self._disk_lock = threading.Lock()
        self._disk = session.disk  # what the document writer last wrote (or read)
        self._watching = False

    # -- the document ------------------------------------------------------------------------
    def save(
        self, text: str, generation: int, target: Path | None = None, *, force: bool = False
    ) -> bool:
        """Write ``text`` to ``target`` (default: the document) in the background."""
        path = target or self.session.path
        if path is None:
            raise SaveError("no file name yet")
        session = self.session

        def work() -> None:
            try:
                with self._disk_lock:
                    if not force and path == session.path and changed_on_disk(path, self._disk):
                        raise ChangedOnDisk(f"{path} was changed by another program")
                    state = session.write(text, path, force=True)
                    self._disk = state
            except ChangedOnDisk as exc:
                self.report(SaveFailed(generation, path, str(exc), changed=True))
                return
            except (SaveError, OSError) as exc:
                log.error("save failed: %s", exc)
                self.report(SaveFailed(generation, path, str(exc)))
                return
            self.report(Saved(text, generation, path, state))

        return self.documents.submit(Job(generation, work, f"save {path.name}"))

    def saved(self, event: Saved) -> None:
        """Record a finished save (on the screen's thread): the session's saved text and name,
        and the recovery files it made obsolete (unless newer text was autosaved since)."""
        old = self.session.mark_saved(event.text, event.path, event.state)
        if old is not None:
            self.discard_recovery(event.generation, old)
        self.discard_recovery(event.generation)

    def reloaded(self) -> None:
        """The session read the file again: that is what is on disk now."""
        with self._disk_lock:
            self._disk = self.session.disk

    # -- the recovery file ---------------------------------------------------------------------
    def autosave(self, text: str, generation: int) -> bool:
        """Write ``text`` to the recovery file in the background (when it has unsaved work)."""
        recovery = self.session.recovery
        if not self.session.is_dirty(text):
            return self.discard_recovery(generation)

        def work() -> None:
            try:
                recovery.write(text)
            except (SaveError, OSError) as exc:
                log.error("autosave failed: %s", exc)
                self.report(AutosaveFailed(str(exc)))

        return self.recoveries.submit(Job(generation, work, "autosave"))

    def discard_recovery(self, generation: int, recovery: Recovery | None = None) -> bool:
        """Remove the recovery file, unless text newer than ``generation`` went into it."""
        target = recovery or self.session.recovery
        return self.recoveries.submit(Job(generation, target.discard, "discard recovery"))

    # -- the file on disk ------------------------------------------------------------------------
    def watch(self) -> None:
        """Look (in the background) whether another program changed the document."""
        path = self.session.path
        if path is None or self._watching:
            return
        self._watching = True

        def look() -> None:
            try:
                with self._disk_lock:
                    changed = changed_on_disk(path, self._disk)
                if changed:
                    self.report(DiskChanged(path))
            finally:
                self._watching = False

        threading.Thread(target=look, name="writer-disk", daemon=True).start()

    def wait(self, timeout: float | None = None) -> bool:
        """Block until every write has finished (on exit, and in tests)."""
        return self.documents.wait(timeout) and self.recoveries.wait(timeout)
