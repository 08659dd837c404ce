"""``writer fix``: safe fixes only, exact edits, idempotent, atomic writes, --diff and --check."""

from __future__ import annotations

import errno
import os
import shutil
import stat
import subprocess
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.conftest import CORPORA, need_shared, run_cli
from writer.api import Linter
from writer.engine.fix import SourceMap, apply_fixes, choose_edits, fix_text, safe_fixes
from writer.model.document import Document, parse
from writer.model.findings import Edit, FileResult, Finding, Fix, Severity

LINTER = Linter()


def lint(text: str) -> tuple[Document, FileResult]:
    document = parse(text, "doc.md")
    return document, LINTER.lint_document(document, LINTER.config_for(None))


def fixed(text: str) -> str:
    return fix_text(text, lint).fixed


def _finding(start: int, end: int, fix: Fix, rule: str = "prose.x") -> Finding:
    return Finding(rule, Severity.WARNING, "m", 1, 1, 1, 1, start=start, end=end, fix=fix)


# -- the fixing itself ------------------------------------------------------------------------


def test_repeated_words_are_fixed_and_nothing_else_changes() -> None:
    text = "# Title\n\nThe the rollout starts now. Go go `the the` now now.\n"
    assert fixed(text) == "# Title\n\nThe rollout starts now. Go `the the` now.\n"


def test_code_front_matter_and_comments_are_never_touched() -> None:
    text = (
        "---\ntitle: the the\n---\n\n# Plan\n\n<!-- the the -->\n\n```\nthe the\n```\n\n"
        "    the the indented\n\nSee [the the](https://x.test/the the) now.\n"
    )
    assert fixed(text) == text.replace("See [the the]", "See [the]")


def test_crlf_bom_and_mixed_newlines_are_preserved() -> None:
    text = "\ufeff# Title\r\n\r\nThe the plan.\nAnd and more.\r\n"
    assert fixed(text) == "\ufeff# Title\r\n\r\nThe plan.\nAnd more.\r\n"
    lone_cr = "# Title\r\rThe the plan.\r"
    assert fixed(lone_cr) == "# Title\r\rThe plan.\r"


def test_source_map_maps_normalised_offsets_to_the_original() -> None:
    raw = "\ufeffab\r\ncd\r\nef"
    source = SourceMap(raw)
    normalised = "ab\ncd\nef"
    for offset, char in enumerate(normalised):
        mapped = raw[source.raw_offset(offset)]
        assert mapped == char or (char == "\n" and mapped == "\r")
    assert source.raw_offset(len(normalised)) == len(raw)


def test_unsafe_and_out_of_span_edits_are_refused() -> None:
    document = parse("Some words in a sentence here.\n")
    unsafe = _finding(0, 4, Fix("x", (Edit(0, 4, "Many"),), safe=False))
    outside = _finding(0, 4, Fix("x", (Edit(5, 10, "WORDS"),), safe=True))
    inside = _finding(0, 10, Fix("x", (Edit(5, 10, "terms"),), safe=True))
    assert safe_fixes([unsafe, outside, inside], document) == [(inside, inside.fix)]


def test_edits_inside_code_are_refused() -> None:
    document = parse("Use `the the` here.\n")
    code = _finding(0, 19, Fix("x", (Edit(5, 9, ""),), safe=True))
    insert_in_code = _finding(0, 19, Fix("x", (Edit(6, 6, "y"),), safe=True))
    assert safe_fixes([code, insert_in_code], document) == []


def test_edits_across_inline_markup_are_refused() -> None:
    text = "Do it in order **to** win and in order to lose.\n"
    document = parse(text)
    crossing_start = text.index("in order **")
    crossing = _finding(
        crossing_start,
        crossing_start + 13,
        Fix("x", (Edit(crossing_start, crossing_start + 13, "to"),), safe=True),
    )
    plain_start = text.index("in order to lose")
    plain = _finding(
        plain_start,
        plain_start + 11,
        Fix("x", (Edit(plain_start, plain_start + 11, "to"),), safe=True),
    )
    inside_bold = text.index("to**")
    bold = _finding(
        inside_bold,
        inside_bold + 2,
        Fix("x", (Edit(inside_bold, inside_bold + 2, "for"),), safe=True),
    )
    assert safe_fixes([crossing, plain, bold], document) == [(plain, plain.fix), (bold, bold.fix)]


def test_overlapping_fixes_apply_the_first_and_wait_for_the_next_pass() -> None:
    first = _finding(0, 10, Fix("a", (Edit(0, 4, "AAAA"),), safe=True), "a.rule")
    second = _finding(0, 10, Fix("b", (Edit(2, 6, "BBBB"),), safe=True), "b.rule")
    third = _finding(0, 10, Fix("c", (Edit(6, 8, "CC"),), safe=True), "c.rule")
    same_insert = _finding(0, 10, Fix("d", (Edit(8, 8, "!"),), safe=True), "d.rule")
    other_insert = _finding(0, 10, Fix("e", (Edit(8, 8, "?"),), safe=True), "e.rule")
    pairs = [(f, f.fix) for f in (second, first, third, same_insert, other_insert) if f.fix]
    chosen = choose_edits(pairs)
    assert [finding.rule for finding, _ in chosen] == ["a.rule", "c.rule", "d.rule"]
    document = parse("0123456789")
    assert apply_fixes("0123456789", document, chosen) == "AAAA45CC!89"


def test_replacement_newlines_follow_the_document() -> None:
    raw = "ab\r\ncd\r\n"
    document = parse(raw)
    fix = Fix("x", (Edit(1, 1, "\n"),), safe=True)
    assert apply_fixes(raw, document, [(_finding(0, 2, fix), fix)]) == "a\r\nb\r\ncd\r\n"


# -- idempotence --------------------------------------------------------------------------------

_WORDS = st.sampled_from(
    ["the", "The", "go", "Go", "now", "plan", "had", "that", "a", "A", "it's", "co-op", "ÉTÉ"]
)
_INLINE = st.one_of(
    _WORDS,
    st.builds(lambda w: f"`{w} {w}`", _WORDS),
    st.builds(lambda w: f"**{w}**", _WORDS),
    st.builds(lambda w: f"[{w} {w}](https://x.test/{w})", _WORDS),
    st.sampled_from([".", ",", "!", " ", "  ", "\t", "<!-- the the -->", "\\*"]),
)
_LINE = st.lists(_INLINE, min_size=0, max_size=12).map(" ".join)
_BLOCK = st.one_of(
    _LINE,
    _LINE.map(lambda line: "# " + line),
    _LINE.map(lambda line: "- " + line),
    _LINE.map(lambda line: "> " + line),
    _LINE.map(lambda line: f"```\n{line}\n```"),
    _LINE.map(lambda line: "    " + line),
    _LINE.map(lambda line: f"| {line} | {line} |\n|---|---|\n| {line} | x |"),
)


@st.composite
def documents(draw: st.DrawFn) -> str:
    blocks = draw(st.lists(_BLOCK, min_size=1, max_size=8))
    separator = draw(st.sampled_from(["\n\n", "\n"]))
    text = separator.join(blocks)
    if draw(st.booleans()):
        text = "---\ntitle: the the\n---\n" + text
    newline = draw(st.sampled_from(["\n", "\r\n", "\r"]))
    text = text.replace("\n", newline)
    if draw(st.booleans()):
        text = "\ufeff" + text
    return text


def _masked_texts(text: str) -> list[str]:
    document = parse(text)
    return [document.text[start:end] for start, end in document.masked_spans]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(documents())
def test_fixing_twice_equals_fixing_once(text: str) -> None:
    once = fix_text(text, lint)
    assert once.stable
    assert fixed(once.fixed) == once.fixed
    # Code, front matter, comments and URLs are the same, in the same order.
    assert _masked_texts(once.fixed) == _masked_texts(text)
    assert once.fixed.startswith("\ufeff") == text.startswith("\ufeff")
    assert once.fixed.count("\r\n") == text.count("\r\n")
    assert once.fixed.count("\n") == text.count("\n")


@pytest.mark.corpus
def test_fix_is_idempotent_over_real_documents() -> None:
    root = need_shared(CORPORA)
    paths = sorted(root.rglob("*.md"))[:: max(1, len(list(root.rglob("*.md"))) // 150)]
    assert paths
    changed = 0
    for path in paths:
        text = path.read_bytes().decode("utf-8", errors="replace")
        once = fix_text(text, lint)
        assert once.stable, path
        assert fixed(once.fixed) == once.fixed, path
        assert _masked_texts(once.fixed) == _masked_texts(text), path
        changed += once.changed
    assert 0 < changed < len(paths)  # real slips are fixed; most documents stay as they are


# -- the command --------------------------------------------------------------------------------

DIRTY = "# Plan\n\nThe the rollout starts now.\n\n```\nthe the\n```\n"
CLEAN = "# Plan\n\nThe rollout starts now.\n\n```\nthe the\n```\n"


def test_fix_writes_atomically_and_keeps_permissions(tmp_path: Path) -> None:
    path = tmp_path / "plan.md"
    path.write_text(DIRTY, encoding="utf-8")
    os.chmod(path, 0o640)
    inode = path.stat().st_ino
    result = run_cli(["fix", "--grammar", "off", str(path)])  # no grammar cache in tmp_path
    assert result.code == 0, result.err
    assert path.read_text(encoding="utf-8") == CLEAN
    assert stat.S_IMODE(path.stat().st_mode) == 0o640
    assert path.stat().st_ino != inode  # replaced by rename, not rewritten in place
    assert f"{path}: fixed 1 problem (prose.repeated-word)" in result.out
    assert "Fixed 1 problem in 1 of 1 file." in result.out
    assert [p.name for p in tmp_path.iterdir()] == ["plan.md"]  # no temporary left behind
    again = run_cli(["fix", "--grammar", "off", str(path)])
    assert again.code == 0 and "Nothing to fix in 1 file." in again.out


def test_fix_follows_symlinks(tmp_path: Path) -> None:
    real = tmp_path / "real.md"
    real.write_text(DIRTY, encoding="utf-8")
    link = tmp_path / "link.md"
    link.symlink_to(real)
    assert run_cli(["fix", str(link)]).code == 0
    assert link.is_symlink() and real.read_text(encoding="utf-8") == CLEAN


def test_diff_prints_a_unified_diff_and_writes_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "docs" / "plan.md"
    path.parent.mkdir()
    path.write_text(DIRTY, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    result = run_cli(["fix", "--diff", "docs/plan.md"])
    assert result.code == 0
    assert path.read_text(encoding="utf-8") == DIRTY
    assert result.out.splitlines()[:2] == ["--- a/docs/plan.md", "+++ b/docs/plan.md"]
    assert "-The the rollout starts now.\n+The rollout starts now.\n" in result.out
    assert "would fix 1 problem" in result.err
    # The diff is a patch git applies as it is.
    if shutil.which("git"):
        (tmp_path / "fix.patch").write_text(result.out, encoding="utf-8")
        subprocess.run(["git", "apply", "fix.patch"], cwd=tmp_path, check=True)
        assert path.read_text(encoding="utf-8") == CLEAN
    # An absolute path outside the working directory is shown as it is.
    other = tmp_path / "other.md"
    other.write_text(DIRTY, encoding="utf-8")
    monkeypatch.chdir(tmp_path / "docs")
    outside = run_cli(["fix", "--diff", str(other)])
    assert outside.out.splitlines()[:2] == [f"--- {other}", f"+++ {other}"]


def test_check_exits_1_when_something_would_change(tmp_path: Path) -> None:
    dirty = tmp_path / "dirty.md"
    dirty.write_text(DIRTY, encoding="utf-8")
    clean = tmp_path / "clean.md"
    clean.write_text(CLEAN, encoding="utf-8")
    result = run_cli(["fix", "--check", str(tmp_path)])
    assert result.code == 1
    assert dirty.read_text(encoding="utf-8") == DIRTY
    assert "Would fix 1 problem in 1 of 2 files." in result.out
    assert run_cli(["fix", "--check", str(clean)]).code == 0


def test_selection_options_limit_the_fixes(tmp_path: Path) -> None:
    path = tmp_path / "plan.md"
    path.write_text(DIRTY, encoding="utf-8")
    assert run_cli(["fix", "--ignore", "prose", str(path)]).code == 0
    assert path.read_text(encoding="utf-8") == DIRTY
    (tmp_path / ".writer.toml").write_text('[rules]\n"prose.repeated-word" = "off"\n')
    assert run_cli(["fix", str(path)]).code == 0
    assert path.read_text(encoding="utf-8") == DIRTY


def test_suppressed_findings_are_not_fixed(tmp_path: Path) -> None:
    path = tmp_path / "plan.md"
    text = "<!-- writer-disable-next-line prose.repeated-word -->\nThe the plan.\n"
    path.write_text(text, encoding="utf-8")
    assert run_cli(["fix", str(path)]).code == 0
    assert path.read_text(encoding="utf-8") == text


def test_stdin_prints_the_fixed_text() -> None:
    result = run_cli(["fix", "-"], stdin=DIRTY)
    assert result.code == 0 and result.out == CLEAN
    check = run_cli(["fix", "--check", "-"], stdin=DIRTY)
    assert check.code == 1 and check.out == ""


def test_unreadable_files_are_reported_and_the_others_fixed(tmp_path: Path) -> None:
    good = tmp_path / "good.md"
    good.write_text(DIRTY, encoding="utf-8")
    binary = tmp_path / "binary.md"
    binary.write_bytes(b"\x00\x01the the")
    result = run_cli(["fix", str(binary), str(good), str(tmp_path / "missing.md")])
    assert result.code == 2
    assert good.read_text(encoding="utf-8") == CLEAN
    assert f"writer: {binary}: binary file" in result.err
    assert "missing.md: no such file or directory" in result.err
    assert "Traceback" not in result.err


def test_a_failed_write_is_a_clear_error_and_leaves_the_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "plan.md"
    path.write_text(DIRTY, encoding="utf-8")

    def full_disk(source: str, destination: object) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr("writer.infra.atomic.os.replace", full_disk)
    result = run_cli(["fix", "--grammar", "off", str(path)])
    assert result.code == 2
    assert f"writer: {path}: cannot write: no space left on device" in result.err
    assert path.read_text(encoding="utf-8") == DIRTY
    assert [p.name for p in tmp_path.iterdir()] == ["plan.md"]
