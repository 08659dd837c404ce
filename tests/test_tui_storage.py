"""Saving and recovery without a screen: atomic writes, permissions, recovery files."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from writer.tui.state.session import Session, with_metadata
from writer.tui.state.storage import Recovery, SaveError, atomic_write, changed_on_disk, disk_state


def test_atomic_write_keeps_mode_and_leaves_no_temporary(tmp_path: Path) -> None:
    path = tmp_path / "doc.md"
    path.write_text("old", encoding="utf-8")
    os.chmod(path, 0o600)
    atomic_write(path, b"new")
    assert path.read_bytes() == b"new"
    assert path.stat().st_mode & 0o777 == 0o600
    assert [p.name for p in tmp_path.iterdir()] == ["doc.md"]


def test_atomic_write_failure_keeps_the_original(tmp_path: Path) -> None:
    missing = tmp_path / "no-such-dir" / "doc.md"
    with pytest.raises(SaveError, match="cannot save"):
        atomic_write(missing, b"x")


def test_changed_on_disk_compares_content(tmp_path: Path) -> None:
    path = tmp_path / "doc.md"
    path.write_text("one", encoding="utf-8")
    state = disk_state(path)
    assert not changed_on_disk(path, state)
    os.utime(path, (1, 1))  # touched, same content
    assert not changed_on_disk(path, state)
    path.write_text("two", encoding="utf-8")
    assert changed_on_disk(path, state)


def test_recovery_is_offered_only_when_newer_and_different(tmp_path: Path) -> None:
    path = tmp_path / "doc.md"
    path.write_text("# Saved\n", encoding="utf-8")
    session, text = Session.open(path, tmp_path / "rec")
    assert session.recovery_offer() is None
    assert session.autosave(text + "more\n")
    os.utime(path, (1, 1))
    assert session.recovery_offer() == "# Saved\nmore\n"
    session.save(text + "more\n")
    assert not session.recovery.exists()


def test_recovery_for_a_draft_without_a_file(tmp_path: Path) -> None:
    recovery = Recovery.for_document(None, "postmortem", tmp_path)
    assert recovery.newer_than(None) is False  # nothing written yet
    recovery.write("draft")
    assert recovery.newer_than(None)
    assert recovery.path.stat().st_mode & 0o777 == 0o600


def test_with_metadata_creates_and_updates_front_matter() -> None:
    text = with_metadata("# T\n", {"status": "draft"})
    assert text == "---\nstatus: draft\n---\n\n# T\n"
    assert with_metadata(text, {"status": "final"}) == "---\nstatus: final\n---\n\n# T\n"
