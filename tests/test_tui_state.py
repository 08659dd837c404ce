"""The drafting screen's state without a screen: marks, ordered writes, saving and opening
safely, navigation, and the check that runs in a process of its own."""

from __future__ import annotations

import os
import threading
import time
from pathlib import Path

import pytest

from writer.api import Linter, LintOptions
from writer.model.findings import Finding, Severity
from writer.templates import load_template
from writer.templates.outline import Status
from writer.tui.state import navigation
from writer.tui.state.check_process import CheckProcess
from writer.tui.state.checking import check_and_detect, outline_for
from writer.tui.state.keeper import AutosaveFailed, Keeper, Saved, SaveFailed
from writer.tui.state.marks import END_OF_LINE, Marks
from writer.tui.state.serial import Job, Serial
from writer.tui.state.session import Session, read_metadata, with_metadata
from writer.tui.state.storage import SaveError, load, write_refusal
from writer.tui.state.templating import info_from_spec, load_info, new_document

# -- marks --------------------------------------------------------------------------------------


def _finding(
    line: int,
    column: int,
    end_column: int,
    severity: Severity = Severity.WARNING,
    end_line: int | None = None,
) -> Finding:
    return Finding("prose.x", severity, "message", line, column, end_line or line, end_column)


def test_marks_are_found_by_position_and_the_gutter_shows_the_worst() -> None:
    marks = Marks([_finding(2, 5, 8), _finding(2, 7, 10, Severity.ERROR), _finding(4, 1, 3)])
    assert marks.at((1, 4)) == 0  # 0-based row 1 = line 2, column 5
    assert marks.at((1, 7)) == 1  # overlapping: the error wins
    assert marks.at((1, 8)) == 1  # just after the last character still counts
    assert marks.at((0, 0)) is None
    assert marks.gutter(1) is Severity.ERROR and marks.gutter(3) is Severity.WARNING
    assert marks.gutter(2) is None


def test_next_and_previous_finding_wrap_round() -> None:
    marks = Marks([_finding(2, 5, 8), _finding(4, 1, 3)])
    assert marks.next_after((0, 0)) == (1, 4)
    assert marks.next_after((1, 4)) == (3, 0)
    assert marks.next_after((3, 0)) == (1, 4)  # round to the first
    assert marks.previous_before((1, 4)) == (3, 0)  # round to the last
    assert Marks().next_after((0, 0)) is None


def test_marks_move_with_the_edits_made_since_the_check() -> None:
    marks = Marks([_finding(2, 5, 8), _finding(2, 12, 14), _finding(5, 1, 4)])
    # Typing "abc" at row 1, column 2 (before both marks on that row): they slide along.
    marks.edited((1, 2), (1, 2), (1, 5))
    assert [(m.start, m.end) for m in marks.on_row(1)] == [(7, 11), (14, 17)]
    # A new line typed at the top: every mark below moves down a row.
    marks.edited((0, 0), (0, 0), (1, 0))
    assert sorted(marks.rows()) == [2, 5]
    # Typing inside the first mark's word drops it until the next check; the other slides.
    marks.edited((2, 8), (2, 8), (2, 9))
    assert [(m.start, m.end) for m in marks.on_row(2)] == [(15, 18)]
    # Deleting from the middle of row 2 to the start of row 5 joins them.
    marks.edited((2, 2), (5, 0), (2, 2))
    assert sorted(marks.rows()) == [2]
    assert [(m.start, m.end) for m in marks.on_row(2)] == [(2, 6)]


def test_a_long_span_is_marked_on_its_first_row_only() -> None:
    marks = Marks([_finding(3, 2, 4, end_line=20)])
    assert list(marks.rows()) == [2]
    assert marks.on_row(2)[0].end == END_OF_LINE


# -- one job at a time, the newest wins ---------------------------------------------------------


def test_serial_runs_one_job_at_a_time_and_the_newest_waiting_job_wins() -> None:
    serial = Serial("test")
    started = threading.Event()
    release = threading.Event()
    ran: list[int] = []
    running = []

    def job(number: int) -> Job:
        def work() -> None:
            running.append(number)
            assert len(running) == 1, "two jobs ran at once"
            started.set()
            if number == 1:
                release.wait(5)
            ran.append(number)
            running.remove(number)

        return Job(number, work)

    serial.submit(job(1))
    assert started.wait(5)
    serial.submit(job(2))  # waits behind 1...
    serial.submit(job(3))  # ...and is replaced by 3
    assert not serial.submit(job(2))  # older than the one waiting: refused
    release.set()
    assert serial.wait(5)
    assert ran == [1, 3]
    assert not serial.submit(job(2))  # older than one already run: dropped


# -- saves and autosaves in order -------------------------------------------------------------


class SlowSession(Session):
    """A session whose first write is slow, as a write to a busy disk is."""

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.first = threading.Event()
        self.writes: list[str] = []

    def write(self, text: str, target: Path, *, force: bool = False) -> object:  # type: ignore[override]
        self.writes.append(text)
        if len(self.writes) == 1:
            self.first.set()
            time.sleep(0.3)
        return super().write(text, target, force=force)


def test_two_saves_never_overlap_and_the_newest_text_is_what_stays(tmp_path: Path) -> None:
    path = tmp_path / "doc.md"
    path.write_text("# Doc\n", encoding="utf-8")
    loaded = load(path)
    session = SlowSession(
        path, Session.open(path, tmp_path / "rec")[0].recovery, loaded.text, disk=loaded.state
    )
    events: list[object] = []
    keeper = Keeper(session, events.append)
    keeper.save("# Doc\n\nolder\n", 1)
    assert session.first.wait(5)  # the older save is writing, slowly
    keeper.save("# Doc\n\nnewer\n", 2)
    assert keeper.wait(5)
    assert path.read_text(encoding="utf-8") == "# Doc\n\nnewer\n"
    assert [type(e) for e in events] == [Saved, Saved]
    assert [e.generation for e in events if isinstance(e, Saved)] == [1, 2]
    # A save of older text submitted after a newer one finished is dropped.
    assert not keeper.save("# Doc\n\nstale\n", 1)
    assert path.read_text(encoding="utf-8") == "# Doc\n\nnewer\n"


def test_the_recovery_file_keeps_the_newest_text(tmp_path: Path) -> None:
    path = tmp_path / "doc.md"
    path.write_text("# Doc\n", encoding="utf-8")
    session, _text = Session.open(path, tmp_path / "rec")
    keeper = Keeper(session, lambda event: None)
    keeper.autosave("# Doc\n\nfirst\n", 1)
    keeper.autosave("# Doc\n\nsecond\n", 2)
    keeper.autosave("# Doc\n\nfirst\n", 1)  # late: dropped
    assert keeper.wait(5)
    assert session.recovery.read() == "# Doc\n\nsecond\n"
    # A save of generation 1 finishing now must not remove the newer unsaved text.
    keeper.discard_recovery(1)
    assert keeper.wait(5)
    assert session.recovery.read() == "# Doc\n\nsecond\n"
    keeper.discard_recovery(2)
    assert keeper.wait(5)
    assert not session.recovery.exists()


def test_a_save_changed_on_disk_asks_and_a_failed_autosave_says_why(tmp_path: Path) -> None:
    path = tmp_path / "doc.md"
    path.write_text("# Doc\n", encoding="utf-8")
    session, _text = Session.open(path, tmp_path / "rec")
    events: list[object] = []
    keeper = Keeper(session, events.append)
    path.write_text("# Someone else\n", encoding="utf-8")
    keeper.save("# Mine\n", 1)
    assert keeper.wait(5)
    assert isinstance(events[-1], SaveFailed) and events[-1].changed
    assert path.read_text(encoding="utf-8") == "# Someone else\n"
    keeper.save("# Mine\n", 2, force=True)
    assert keeper.wait(5)
    assert path.read_text(encoding="utf-8") == "# Mine\n"
    blocked = tmp_path / "blocked"
    blocked.write_text("a file where the recovery folder should be", encoding="utf-8")
    session.recovery = type(session.recovery)(blocked / "doc.md")
    keeper.autosave("# Mine, more\n", 3)
    assert keeper.wait(5)
    assert isinstance(events[-1], AutosaveFailed)


# -- opening and writing safely ----------------------------------------------------------------


def test_a_link_out_of_the_project_is_never_written_through(tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    secret = outside / "secret.md"
    secret.write_text("# Secret\n", encoding="utf-8")
    tree = tmp_path / "tree"
    tree.mkdir()
    (tree / ".git").mkdir()
    (tree / "docs").mkdir()
    inside = tree / "docs" / "real.md"
    inside.write_text("# Real\n", encoding="utf-8")
    (tree / "x.md").symlink_to(os.path.relpath(secret, tree))
    (tree / "y.md").symlink_to(os.path.relpath(inside, tree))
    refusal = write_refusal(tree / "x.md")
    assert refusal is not None and "outside the project" in refusal and str(tree) in refusal
    assert "\n" not in refusal
    assert write_refusal(tree / "y.md") is None  # a link inside the project is fine
    assert write_refusal(inside) is None
    with pytest.raises(SaveError, match="outside the project"):
        Session.open(tree / "x.md", tmp_path / "rec")
    session, text = Session.open(tree / "y.md", tmp_path / "rec")
    session.path = tree / "x.md"  # the file was replaced by a link while open
    with pytest.raises(SaveError, match="outside the project"):
        session.save(text + "more\n")
    assert secret.read_text(encoding="utf-8") == "# Secret\n"


def test_a_document_above_the_limit_is_refused_before_it_is_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "big.md"
    with path.open("wb") as stream:
        stream.truncate(3_000_000)  # sparse: three megabytes that cost nothing to make
    opened: list[Path] = []
    original = Path.open

    def watching(self: Path, *args: object, **kwargs: object) -> object:
        opened.append(self)
        return original(self, *args, **kwargs)  # type: ignore[call-overload]

    monkeypatch.setattr(Path, "open", watching)
    with pytest.raises(SaveError) as refused:
        load(path, 1_000_000)
    message = str(refused.value)
    assert "3 MB, above the 1 MB limit" in message and "limits.max_file_mb" in message
    assert path not in opened


def test_front_matter_is_read_from_the_head_only() -> None:
    text = "---\nstatus: draft\n---\n\n# T\n" + "Body text.\n" * 10
    assert read_metadata(text) == {"status": "draft"}
    assert with_metadata(text, {"status": "final"}).startswith("---\nstatus: final\n---\n\n# T\n")
    assert read_metadata("# No front matter\n") == {}


# -- templates, outline ------------------------------------------------------------------------


def test_a_design_doc_is_never_asked_for_a_severity() -> None:
    design = load_info("design-doc")
    assert "severity" not in design.metadata
    text, _row = new_document(design, __import__("datetime").date(2026, 3, 14))
    assert "severity" not in text
    assert "severity" in load_info("postmortem").metadata


def test_a_new_draft_outline_is_empty_sections_not_warnings() -> None:
    info = info_from_spec(load_template("postmortem"))
    text, _row = new_document(info, __import__("datetime").date(2026, 3, 14))
    linter = Linter(LintOptions(template="postmortem", grammar="off"))
    check = check_and_detect(linter, text, None, info)
    assert check.findings  # empty sections are reported...
    assert {e.status for e in check.outline.entries} == {Status.EMPTY}  # ...and shown as ○


# -- navigation --------------------------------------------------------------------------------


def test_headings_sections_and_where_a_missing_one_goes() -> None:
    text = "# T\n\n## Summary\n\nText.\n\n```\n## not a heading\n```\n\n## Action items\n\n- a\n"
    lines = text.split("\n")
    headings = navigation.heading_rows(lines)
    assert [(h.row, h.level, h.title) for h in headings] == [
        (0, 1, "T"),
        (2, 2, "Summary"),
        (10, 2, "Action items"),
    ]
    # The end of the section's own text: after its code block.
    assert navigation.section_target(lines, headings[1], headings) == navigation.Target(8, 3)
    spec = load_template("postmortem")
    from writer.model.document import parse

    outline = outline_for(parse(text), spec, ())
    index = [e.key for e in outline.entries].index("impact")
    insertion = navigation.missing_section(text, outline, index, "## Impact")
    added = text[: insertion.offset] + insertion.text + text[insertion.offset :]
    assert "Text.\n\n```\n## not a heading\n```\n\n## Impact\n\n\n\n## Action items" in added


# -- the check in a process of its own ------------------------------------------------------------


def test_a_check_in_the_worker_process_finds_what_a_check_in_a_thread_finds() -> None:
    text = "# Notes\n\n## Plan\n\nRestart the the pod.\n"
    options = LintOptions(select=("prose",), grammar="off")
    here = check_and_detect(Linter(options), text, None, None, 7)
    process = CheckProcess(options)
    try:
        there = process.check(text, None, None, 7)
        again = process.check(text.replace("the the", "the"), None, None, 8)
    finally:
        process.close()
    assert there.findings == here.findings and there.generation == 7
    assert there.text == text  # filled in on this side; the text did not travel back
    assert not again.findings


def test_the_worker_process_is_ready_only_once_it_has_checked_the_text_once() -> None:
    text = "# Notes\n\n## Plan\n\nRestart the the pod.\n"
    options = LintOptions(select=("prose",), grammar="off")
    process = CheckProcess(options)
    try:
        process.start_soon(text, None, None)
        assert not process.ready  # a new interpreter takes longer than this to answer
        for _ in range(1200):
            if process.ready or process.failed:
                break
            time.sleep(0.05)
        assert process.ready and not process.failed
        there = process.check(text, None, None, 3)
    finally:
        process.close()
    assert [finding.rule for finding in there.findings] == ["prose.repeated-word"]
    assert there.generation == 3
