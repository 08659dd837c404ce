"""End to end in a real terminal: the installed ``writer`` command under tmux.

Drives it as a user would (send-keys) and reads the screen (capture-pane): create a
postmortem, type, save, quit; reopen it, type, kill the process, and recover the text.
Skips when tmux or the console script is missing.
"""

from __future__ import annotations

import os
import shlex
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from writer.templates import load_template

WRITER = Path(sys.executable).with_name("writer")


class Terminal:
    """One tmux server (its own socket) running one command in a 100x30 window."""

    def __init__(self, socket: str) -> None:
        self.socket = socket
        self.session = "main"
        self.started = 0

    def tmux(self, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            ["tmux", "-L", self.socket, *args], capture_output=True, text=True, check=check
        )

    def start(self, command: str, env: dict[str, str]) -> None:
        """Run ``command`` in a new session (a fresh name each time, so no clash with the last)."""
        exports = " ".join(f"{key}={shlex.quote(value)}" for key, value in env.items())
        self.started += 1
        self.session = f"run{self.started}"
        size = ("-x", "100", "-y", "30")
        # Without COLUMNS and LINES (pytest may set them), the app asks the terminal its size.
        shell = f"exec env -u COLUMNS -u LINES {exports} TERM=xterm-256color {command}"
        for attempt in range(5):
            result = self.tmux("new-session", "-d", "-s", self.session, *size, shell, check=False)
            if result.returncode == 0:
                break
            time.sleep(0.5 * (attempt + 1))
        else:
            raise AssertionError(f"tmux could not start {command!r}: {result.stderr.strip()}")
        self.tmux("resize-window", "-t", self.session, *size, check=False)

    def screen(self) -> str:
        result = self.tmux("capture-pane", "-p", "-t", self.session, check=False)
        return result.stdout

    def keys(self, *keys: str, literal: bool = False) -> None:
        self.tmux("send-keys", "-t", self.session, *(["-l"] if literal else []), *keys)

    def running(self) -> bool:
        return self.tmux("has-session", "-t", self.session, check=False).returncode == 0

    def pid(self) -> int:
        return int(self.tmux("display-message", "-p", "-t", self.session, "#{pane_pid}").stdout)

    def wait(self, condition: Callable[[], bool], what: str, timeout: float = 60.0) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if condition():
                return
            time.sleep(0.1)
        raise AssertionError(f"timed out waiting for {what}; screen:\n{self.screen()}")

    def wait_for_text(self, text: str, timeout: float = 60.0) -> None:
        self.wait(lambda: text in self.screen(), repr(text), timeout)


@pytest.fixture
def terminal() -> Iterator[Terminal]:
    if shutil.which("tmux") is None:
        pytest.skip("tmux is not installed")
    if not WRITER.exists():
        pytest.skip(f"{WRITER} is missing: install writer into this environment")
    term = Terminal(f"writer-test-{os.getpid()}")
    try:
        yield term
    finally:
        term.tmux("kill-server", check=False)


def test_draft_save_quit_then_kill_and_recover(terminal: Terminal, tmp_path: Path) -> None:
    out = tmp_path / "checkout.md"
    env = {"XDG_STATE_HOME": str(tmp_path / "state"), "NO_COLOR": "1"}
    terminal.start(f"{WRITER} new postmortem -o {shlex.quote(str(out))}", env)
    terminal.wait_for_text("Summary")
    terminal.wait_for_text("Action items")  # the outline shows every section
    terminal.keys("Checkout failed for some users.", literal=True)
    terminal.wait_for_text("Checkout failed")
    terminal.keys("C-s")
    terminal.wait(out.exists, "the file to be saved")
    terminal.keys("C-q")
    terminal.wait(lambda: not terminal.running(), "writer to quit without asking")
    text = out.read_text(encoding="utf-8")
    for section in load_template("postmortem").sections:
        assert f"{'#' * section.level} {section.title}\n" in text
    assert "## Summary\n\nCheckout failed for some users.\n" in text

    # Reopen, type, let autosave run, then kill the process: nothing typed is lost.
    terminal.start(f"{WRITER} edit --autosave-seconds 0.5 {shlex.quote(str(out))}", env)
    terminal.wait_for_text("Summary")
    terminal.keys("Unsaved words.", literal=True)
    terminal.wait_for_text("Unsaved words")
    recovery = tmp_path / "state" / "writer" / "recovery"
    terminal.wait(lambda: any(recovery.glob("checkout-*.md")), "the recovery file")
    os.kill(terminal.pid(), signal.SIGKILL)
    terminal.wait(lambda: not terminal.running(), "the killed session to end")
    assert "Unsaved words." not in out.read_text(encoding="utf-8")

    terminal.start(f"{WRITER} edit {shlex.quote(str(out))}", env)
    terminal.wait_for_text("Recover unsaved changes?")
    terminal.keys("r")
    terminal.wait_for_text("Restored")
    terminal.keys("C-s")
    terminal.wait(lambda: "Unsaved words." in out.read_text(encoding="utf-8"), "the save")
    terminal.keys("C-q")
    terminal.wait(lambda: not terminal.running(), "writer to quit")


# Loaded into the writer process through PYTHONPATH (Python imports ``sitecustomize`` at start):
# once the test writes a path fragment into the "armed" file, the next write of a file whose
# temporary matches it stops after its bytes are written and before they are flushed and
# renamed into place, and says so. The test then kills the process at exactly that moment.
PAUSE_IN_AUTOSAVE = """
import os, time
_fsync = os.fsync
_marker = os.environ["WRITER_TEST_PAUSED"]
def fsync(fd):
    try:
        name = os.readlink(f"/proc/self/fd/{fd}")
    except OSError:
        name = ""
    try:
        fragment = open(_marker + ".armed").read()
    except OSError:
        fragment = ""
    if fragment and fragment in name and name.endswith(".tmp"):
        open(_marker, "w").close()
        time.sleep(3600)
    return _fsync(fd)
os.fsync = fsync
"""


SAVED = "# Incident\n\n## Summary\n\nSaved text.\n"


def _edit_with_pauses(terminal: Terminal, tmp_path: Path) -> tuple[Path, Path, dict[str, str]]:
    """``writer edit`` on a saved document with the pausing shim loaded: (document, the file
    that says a write is paused, the environment to start writer with again)."""
    if not Path("/proc/self/fd").is_dir():
        pytest.skip("needs /proc to tell which file is being written")
    shim = tmp_path / "shim"
    shim.mkdir()
    (shim / "sitecustomize.py").write_text(PAUSE_IN_AUTOSAVE, encoding="utf-8")
    paused = tmp_path / "paused"
    out = tmp_path / "incident.md"
    out.write_text(SAVED, encoding="utf-8")
    env = {
        "XDG_STATE_HOME": str(tmp_path / "state"),
        "NO_COLOR": "1",
        "PYTHONPATH": str(shim),
        "WRITER_TEST_PAUSED": str(paused),
    }
    terminal.start(f"{WRITER} edit --autosave-seconds 0.3 {shlex.quote(str(out))}", env)
    terminal.wait_for_text("Summary")
    return out, paused, env


def test_killed_mid_autosave_the_document_and_recovery_stay_whole(
    terminal: Terminal, tmp_path: Path
) -> None:
    out, paused, env = _edit_with_pauses(terminal, tmp_path)
    saved = SAVED
    terminal.keys("First words.", literal=True)
    recovery_dir = tmp_path / "state" / "writer" / "recovery"

    def recovered() -> str:
        files = list(recovery_dir.glob("incident-*.md"))
        return files[0].read_text(encoding="utf-8") if files else ""

    terminal.wait(lambda: "First words." in recovered(), "the first autosave")
    Path(f"{paused}.armed").write_text("/recovery/.incident-", encoding="utf-8")
    terminal.keys(" Second words.", literal=True)
    terminal.wait(paused.exists, "the second autosave to be mid-write", timeout=30)
    assert list(recovery_dir.glob(".incident-*.md.*.tmp"))  # the half-done replacement
    os.kill(terminal.pid(), signal.SIGKILL)
    terminal.wait(lambda: not terminal.running(), "the killed session to end")

    assert out.read_text(encoding="utf-8") == saved  # the document was never touched
    kept = recovered()  # the last whole autosave, valid UTF-8, nothing half-written
    assert "First words." in kept and "Second words." not in kept
    assert kept.startswith("# Incident\n\n## Summary\n\n")

    del env["PYTHONPATH"]
    terminal.start(f"{WRITER} edit {shlex.quote(str(out))}", env)
    terminal.wait_for_text("Recover unsaved changes?")
    assert not list(recovery_dir.glob(".*.tmp"))  # the unfinished temporary was cleared
    terminal.keys("r")
    terminal.wait_for_text("Restored")
    terminal.keys("C-s")
    terminal.wait(lambda: "First words." in out.read_text(encoding="utf-8"), "the save")
    terminal.keys("C-q")
    terminal.wait(lambda: not terminal.running(), "writer to quit")
    assert not list(recovery_dir.iterdir())


def test_killed_mid_save_the_old_document_and_the_recovery_remain(
    terminal: Terminal, tmp_path: Path
) -> None:
    out, paused, env = _edit_with_pauses(terminal, tmp_path)
    saved = SAVED
    terminal.keys("Typed words.", literal=True)
    recovery_dir = tmp_path / "state" / "writer" / "recovery"
    terminal.wait(
        lambda: any("Typed words." in p.read_text("utf-8") for p in recovery_dir.glob("*.md")),
        "the autosave",
    )
    Path(f"{paused}.armed").write_text(f"{tmp_path}/.incident.md.", encoding="utf-8")
    terminal.keys("C-s")
    terminal.wait(paused.exists, "the save to be mid-write", timeout=30)
    os.kill(terminal.pid(), signal.SIGKILL)
    terminal.wait(lambda: not terminal.running(), "the killed session to end")
    assert out.read_text(encoding="utf-8") == saved  # the old document, whole
    [recovery] = recovery_dir.glob("incident-*.md")
    assert "Typed words." in recovery.read_text(encoding="utf-8")  # and the typed text
    assert [p.name for p in tmp_path.glob(".incident.md.*.tmp")]  # the unfinished save

    del env["PYTHONPATH"]
    terminal.start(f"{WRITER} edit {shlex.quote(str(out))}", env)
    terminal.wait_for_text("Recover unsaved changes?")
    assert not list(tmp_path.glob(".incident.md.*.tmp"))  # cleared when the file is opened
    terminal.keys("r")
    terminal.wait_for_text("Restored")
    terminal.keys("C-s")
    terminal.wait(lambda: "Typed words." in out.read_text(encoding="utf-8"), "the save")
    terminal.keys("C-q")
    terminal.wait(lambda: not terminal.running(), "writer to quit")


THREE_FIXES = "# Notes\n\n## Plan\n\nRestart the the pod.\n\nThen then check it.\n\nAnd and done.\n"


def test_review_a_s_a_q_leaves_exactly_the_first_and_third_fixes(
    terminal: Terminal, tmp_path: Path
) -> None:
    out = tmp_path / "notes.md"
    out.write_text(THREE_FIXES, encoding="utf-8")
    env = {"XDG_STATE_HOME": str(tmp_path / "state"), "NO_COLOR": "1"}
    terminal.start(f"{WRITER} review --select prose {shlex.quote(str(out))}", env)
    terminal.wait_for_text("finding 1 of 3")
    terminal.wait_for_text("+ Restart the pod.")  # the fix, as a diff
    terminal.keys("a", "s", "a", "q")  # one burst, as a quick reviewer types it
    terminal.wait(lambda: not terminal.running(), "writer to save and quit")
    assert out.read_text(encoding="utf-8") == (
        "# Notes\n\n## Plan\n\nRestart the pod.\n\nThen then check it.\n\nAnd done.\n"
    )
    assert not list(tmp_path.glob(".notes.md.*"))  # written once, atomically: no leftovers


def test_review_killed_midway_leaves_the_file_whole_and_the_choices_recoverable(
    terminal: Terminal, tmp_path: Path
) -> None:
    out = tmp_path / "notes.md"
    out.write_text(THREE_FIXES, encoding="utf-8")
    env = {"XDG_STATE_HOME": str(tmp_path / "state"), "NO_COLOR": "1"}
    terminal.start(f"{WRITER} review --select prose {shlex.quote(str(out))}", env)
    terminal.wait_for_text("finding 1 of 3")
    terminal.keys("a")
    terminal.wait_for_text("finding 2 of 3")
    recovery = tmp_path / "state" / "writer" / "recovery"
    terminal.wait(lambda: any(recovery.glob("notes-*.md")), "the review's recovery file")
    os.kill(terminal.pid(), signal.SIGKILL)
    terminal.wait(lambda: not terminal.running(), "the killed session to end")
    assert out.read_text(encoding="utf-8") == THREE_FIXES  # untouched

    terminal.start(f"{WRITER} edit {shlex.quote(str(out))}", env)
    terminal.wait_for_text("Recover unsaved changes?")
    terminal.keys("r")
    terminal.wait_for_text("Restored")
    terminal.keys("C-s")
    terminal.wait(lambda: "Restart the pod." in out.read_text(encoding="utf-8"), "the save")
    terminal.keys("C-q")
    terminal.wait(lambda: not terminal.running(), "writer to quit")
