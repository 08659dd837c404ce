"""Writes that fail lose nothing: ``writer fix``, ``writer init`` and the TUI's saves.

The failures are real, not mocked: a read-only file; a folder its user may not write (run as an
unprivileged user, because root ignores permission bits); a disk that fills up mid-write (a
process whose file-size limit, RLIMIT_FSIZE, is hit part way through the temporary file, and,
where this machine lets the test mount one, a real 64 KiB tmpfs). Each time the original file
is byte-for-byte intact, no temporary file is left behind, and one line says what happened.
"""

from __future__ import annotations

import contextlib
import os
import resource
import shutil
import signal
import stat
import subprocess
import sys
import tempfile
from collections.abc import Iterator, Sequence
from pathlib import Path

import pytest

from tests.conftest import run_cli
from tests.tui_support import options, settle, sync
from writer.tui.app import make_app
from writer.tui.state.draft import edit_draft
from writer.tui.state.session import Session
from writer.tui.state.storage import Recovery, SaveError

# "the the" is fixed by writer fix; the padding makes the new file larger than the size limit.
PADDING = "".join(f"Paragraph {n} says what the rollout changes and why.\n\n" for n in range(200))
DIRTY = "# Plan\n\nThe the rollout starts now.\n\n" + PADDING
FSIZE_LIMIT = 4096  # bytes a limited process may write to any one file


def _limited_file_size() -> None:
    """In the child: writes past FSIZE_LIMIT fail with EFBIG instead of killing the process."""
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    resource.setrlimit(resource.RLIMIT_FSIZE, (FSIZE_LIMIT, FSIZE_LIMIT))


def _writer(
    argv: list[str], cwd: Path, *, prefix: Sequence[str] = (), limit_file_size: bool = False
) -> subprocess.CompletedProcess[str]:
    """``writer ARGV`` in a child process (behind ``prefix``, with the file-size limit)."""
    env = {
        **os.environ,
        "PYTHONDONTWRITEBYTECODE": "1",
        "XDG_CACHE_HOME": str(cwd / ".cache"),
        "XDG_STATE_HOME": str(cwd / ".state"),
        "HOME": str(cwd),
    }
    return subprocess.run(
        [*prefix, sys.executable, "-m", "writer", *argv],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        preexec_fn=_limited_file_size if limit_file_size else None,
    )


def _only(directory: Path, *names: str) -> None:
    assert sorted(p.name for p in directory.iterdir() if not p.name.startswith(".cache")) == sorted(
        names
    )


# -- a read-only file ---------------------------------------------------------------------------


def test_fix_refuses_a_read_only_file_and_checks_the_others(tmp_path: Path) -> None:
    locked = tmp_path / "locked.md"
    locked.write_text(DIRTY, encoding="utf-8")
    locked.chmod(0o444)
    other = tmp_path / "other.md"
    other.write_text(DIRTY, encoding="utf-8")
    result = run_cli(["fix", str(locked), str(other)])
    assert result.code == 2
    assert f"writer: {locked}: cannot write: the file is read-only" in result.err
    assert "Traceback" not in result.err
    assert locked.read_text(encoding="utf-8") == DIRTY
    assert stat.S_IMODE(locked.stat().st_mode) == 0o444
    assert other.read_text(encoding="utf-8").startswith("# Plan\n\nThe rollout starts now.")
    _only(tmp_path, "locked.md", "other.md")


def test_init_refuses_a_read_only_hook_file(tmp_path: Path) -> None:
    hooks = tmp_path / ".pre-commit-config.yaml"
    original = "repos:\n  - repo: local\n    hooks: []\n"
    hooks.write_text(original, encoding="utf-8")
    hooks.chmod(0o444)
    result = run_cli(["init", str(tmp_path)])
    assert result.code == 2
    assert ".pre-commit-config.yaml: cannot write: the file is read-only" in result.err
    assert hooks.read_text(encoding="utf-8") == original
    assert not list(tmp_path.glob(".*.tmp"))


def test_a_tui_session_cannot_save_over_a_read_only_file(tmp_path: Path) -> None:
    path = tmp_path / "pm.md"
    path.write_text("# Postmortem\n", encoding="utf-8")
    path.chmod(0o444)
    session, text = Session.open(path, tmp_path / "recovery")
    with pytest.raises(SaveError, match=r"pm\.md: cannot save: the file is read-only"):
        session.save(text + "\nMore.\n")
    assert path.read_text(encoding="utf-8") == "# Postmortem\n"
    assert session.is_dirty(text + "\nMore.\n")  # still unsaved, so quitting still asks


@sync
async def test_the_tui_keeps_typed_text_when_a_save_fails(tmp_path: Path) -> None:
    path = tmp_path / "pm.md"
    path.write_text("# Postmortem\n\n## Summary\n\nSaved.\n", encoding="utf-8")
    path.chmod(0o444)
    opts = options(tmp_path, autosave_delay=60.0)  # only the failed save writes the recovery
    app = make_app(edit_draft(path, opts), opts)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await settle(pilot, app)
        screen.editor.move_cursor((4, 6))
        await pilot.press(*" Typed.")
        await pilot.press("ctrl+s")
        recovery = screen.session.recovery.path
        for _ in range(100):
            await pilot.pause(0.05)
            if recovery.is_file():
                break
        messages = [str(n.message) for n in app._notifications]
        assert any("Not saved:" in m and "read-only" in m for m in messages), messages
        assert "Saved. Typed." in screen.editor.text
        assert "Saved. Typed." in recovery.read_text(encoding="utf-8")
    assert path.read_text(encoding="utf-8") == "# Postmortem\n\n## Summary\n\nSaved.\n"


@sync
async def test_quitting_while_a_save_is_on_its_way_waits_for_it_and_does_not_ask(
    tmp_path: Path,
) -> None:
    """ctrl+s then ctrl+q at once: the save lands, then writer quits without a dialog."""
    path = tmp_path / "pm.md"
    path.write_text("# Postmortem\n\n## Summary\n\nSaved.\n", encoding="utf-8")
    opts = options(tmp_path, autosave_delay=60.0)
    app = make_app(edit_draft(path, opts), opts)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await settle(pilot, app)
        screen.editor.move_cursor((4, 6))
        await pilot.press(*" Typed.")
        await screen.action_save()
        assert screen.saving
        screen.request_quit()  # before the save has reported back
        assert len(app.screen_stack) == 1 or app.screen is screen  # no dialog pushed
        for _ in range(200):
            await pilot.pause(0.05)
            if app._exit:
                break
        assert app._exit, "writer did not quit after the save"
    assert path.read_text(encoding="utf-8") == "# Postmortem\n\n## Summary\n\nSaved. Typed.\n"


# -- a folder the user may not write ------------------------------------------------------------

# Root ignores permission bits; without these capabilities it obeys them like anyone else.
DROP_OVERRIDES = ["setpriv", "--bounding-set=-dac_override,-dac_read_search,-fowner", "--"]


@pytest.fixture
def as_a_user() -> list[str]:
    """A command prefix under which permission bits apply (empty when not root)."""
    if os.geteuid() != 0:
        return []
    if shutil.which("setpriv") is None:
        pytest.skip("running as root and setpriv(1) is missing: permission bits cannot apply")
    probe = subprocess.run([*DROP_OVERRIDES, "true"], capture_output=True, text=True)
    if probe.returncode != 0:
        pytest.skip(f"cannot drop root's permission override here: {probe.stderr.strip()}")
    return DROP_OVERRIDES


def test_fix_in_a_folder_without_write_permission(as_a_user: list[str], tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    docs.mkdir()
    plan = docs / "plan.md"
    plan.write_text(DIRTY, encoding="utf-8")
    docs.chmod(0o555)  # the file is writable, its folder is not: no temporary can be made
    try:
        result = _writer(["fix", "docs/plan.md"], tmp_path, prefix=as_a_user)
    finally:
        docs.chmod(0o755)
    assert result.returncode == 2, result.stderr
    assert "writer: docs/plan.md: cannot write in docs: permission denied" in result.stderr
    assert "Traceback" not in result.stderr
    assert plan.read_text(encoding="utf-8") == DIRTY
    assert [p.name for p in docs.iterdir()] == ["plan.md"]


def test_init_in_a_folder_without_write_permission(as_a_user: list[str], tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    repo.mkdir()
    repo.chmod(0o555)
    try:
        result = _writer(["init", "repo"], tmp_path, prefix=as_a_user)
    finally:
        repo.chmod(0o755)
    assert result.returncode == 2, result.stderr
    assert "permission denied" in result.stderr
    assert "Traceback" not in result.stderr
    assert list(repo.iterdir()) == []


@sync
async def test_the_tui_reports_a_folder_it_cannot_save_in(tmp_path: Path) -> None:
    """A new draft saved into a folder that does not exist: nothing written, text kept."""
    opts = options(tmp_path, autosave_delay=60.0)
    path = tmp_path / "pm.md"
    path.write_text("# Postmortem\n", encoding="utf-8")
    app = make_app(edit_draft(path, opts), opts)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await settle(pilot, app)
        await pilot.press(*"Typed.")
        screen._save_to(tmp_path / "missing" / "pm.md")
        await pilot.pause(0.2)
        messages = [str(n.message) for n in app._notifications]
        assert any("cannot save in" in m and "no such file" in m for m in messages), messages
        assert "Typed." in screen.editor.text
        assert screen.session.path == path
    assert path.read_text(encoding="utf-8") == "# Postmortem\n"


# -- a disk that fills up mid-write -------------------------------------------------------------


def test_fix_on_a_full_disk_leaves_the_original(tmp_path: Path) -> None:
    plan = tmp_path / "plan.md"
    plan.write_text(DIRTY, encoding="utf-8")
    assert len(DIRTY.encode()) > FSIZE_LIMIT
    result = _writer(["fix", "plan.md"], tmp_path, limit_file_size=True)
    assert result.returncode == 2, result.stderr
    assert "writer: plan.md: cannot write: file too large" in result.stderr
    assert "Traceback" not in result.stderr
    assert plan.read_text(encoding="utf-8") == DIRTY
    _only(tmp_path, "plan.md")


def test_init_on_a_full_disk_leaves_the_original(tmp_path: Path) -> None:
    hooks = tmp_path / ".pre-commit-config.yaml"
    original = "# keep me\n" * 500 + "repos: []\n"
    hooks.write_text(original, encoding="utf-8")
    result = _writer(["init", "."], tmp_path, limit_file_size=True)
    assert result.returncode == 2, result.stderr
    assert ".pre-commit-config.yaml: cannot write: file too large" in result.stderr
    assert hooks.read_text(encoding="utf-8") == original
    assert not list(tmp_path.glob(".*.tmp"))


SESSION_SAVE = """
import sys
from pathlib import Path
from writer.tui.state.session import Session
from writer.tui.state.storage import SaveError
session, text = Session.open(Path(sys.argv[1]), Path(sys.argv[2]))
longer = text + "Another paragraph that makes the draft too big to write.\\n" * 200
try:
    session.save(longer)
except SaveError as exc:
    print(exc)
    session.autosave(longer[:1000])  # the recovery file is small enough to fit
    sys.exit(3)
"""


def test_a_tui_save_on_a_full_disk_keeps_the_file_and_the_recovery(tmp_path: Path) -> None:
    path = tmp_path / "pm.md"
    path.write_text("# Postmortem\n\nSaved.\n", encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-c", SESSION_SAVE, str(path), str(tmp_path / "recovery")],
        capture_output=True,
        text=True,
        timeout=60,
        preexec_fn=_limited_file_size,
    )
    assert result.returncode == 3, result.stderr
    assert f"{path}: cannot save: file too large" in result.stdout
    assert path.read_text(encoding="utf-8") == "# Postmortem\n\nSaved.\n"
    [recovery] = (tmp_path / "recovery").iterdir()
    assert recovery.read_text(encoding="utf-8").startswith("# Postmortem\n\nSaved.\n")
    assert stat.S_IMODE(recovery.stat().st_mode) == 0o600  # private from the first byte
    assert Recovery(recovery).read()  # complete, readable UTF-8
    _only(tmp_path, "pm.md", "recovery")


@pytest.fixture
def tiny_disk() -> Iterator[Path]:
    """A real 64 KiB tmpfs (needs root and a mount namespace that allows it; else skipped)."""
    if os.geteuid() != 0 or shutil.which("mount") is None:
        pytest.skip("mounting a small tmpfs needs root and mount(8)")
    point = Path(tempfile.mkdtemp(prefix="writer-full-"))
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", str(point)],
        capture_output=True,
        text=True,
    )
    if mounted.returncode != 0:
        point.rmdir()
        pytest.skip(f"cannot mount a tmpfs here: {mounted.stderr.strip()}")
    try:
        yield point
    finally:
        subprocess.run(["umount", str(point)], check=False)
        point.rmdir()


def test_fix_on_a_really_full_disk(tiny_disk: Path) -> None:
    plan = tiny_disk / "plan.md"
    plan.write_text(DIRTY, encoding="utf-8")
    filler = os.open(tiny_disk / "filler", os.O_WRONLY | os.O_CREAT)
    with contextlib.suppress(OSError):  # fill the disk to the last block
        while True:
            os.write(filler, b"x" * 1024)
    os.close(filler)
    result = run_cli(["fix", str(plan)])
    assert result.code == 2
    assert f"writer: {plan}: cannot write: no space left on device" in result.err
    assert plan.read_text(encoding="utf-8") == DIRTY
    _only(tiny_disk, "plan.md", "filler")


def test_only_our_own_unfinished_temporaries_are_cleared(tmp_path: Path) -> None:
    from writer.infra.atomic import discard_partial_writes

    doc = tmp_path / "plan.md"
    doc.write_text("x", encoding="utf-8")
    ours = tmp_path / ".plan.md.k2j_9xq1.tmp"
    ours.write_text("half", encoding="utf-8")
    keep = [".plan.md.tmp", ".plan.md.toolongname.tmp", ".other.md.k2j_9xq1.tmp", "plan.md.bak"]
    for name in keep:
        (tmp_path / name).write_text("someone else's", encoding="utf-8")
    assert discard_partial_writes(doc) == 1
    assert not ours.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([*keep, "plan.md"])
