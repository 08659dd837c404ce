"""``writer new`` and ``writer edit`` on the command line: one clear line for every bad input."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import run_cli


def test_new_unknown_template_names_the_known_ones() -> None:
    result = run_cli(["new", "postmortme"])
    assert result.code == 2
    assert "no template named 'postmortme'" in result.err and "postmortem" in result.err
    assert "Traceback" not in result.err


def test_new_needs_a_terminal() -> None:
    result = run_cli(["new", "postmortem"])  # pytest's stdin is not a terminal
    assert result.code == 2
    assert result.err.strip() == (
        "writer: the drafting screen needs a terminal (stdin and stdout must be a tty)"
    )


def test_new_output_in_a_missing_directory(tmp_path: Path) -> None:
    result = run_cli(["new", "postmortem", "-o", str(tmp_path / "nope" / "pm.md")])
    assert result.code == 2
    assert "is not a directory" in result.err


def test_edit_missing_file(tmp_path: Path) -> None:
    result = run_cli(["edit", str(tmp_path / "gone.md")])
    assert result.code == 2
    assert "no such file" in result.err


def test_edit_binary_file(tmp_path: Path) -> None:
    path = tmp_path / "blob.md"
    path.write_bytes(b"\x00\x01binary")
    result = run_cli(["edit", str(path)])
    assert result.code == 2
    assert "binary file" in result.err and result.err.count("\n") == 1


def test_help_lists_new_and_edit() -> None:
    result = run_cli(["--help"])
    assert "new" in result.out and "edit" in result.out


def test_edit_refuses_a_document_above_the_size_limit_before_reading_it(tmp_path: Path) -> None:
    (tmp_path / ".writer.toml").write_text("[limits]\nmax_file_mb = 1\n", encoding="utf-8")
    path = tmp_path / "big.md"
    with path.open("wb") as stream:
        stream.truncate(52_000_000)  # sparse: 52 MB that cost nothing to make or to refuse
    result = run_cli(["edit", str(path)])
    assert result.code == 2
    assert result.err.count("\n") == 1
    assert "52 MB, above the 1 MB limit" in result.err and "limits.max_file_mb" in result.err


def test_edit_and_review_refuse_a_link_out_of_the_project(tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.md").write_text("# Secret\n\nThe the end.\n", encoding="utf-8")
    tree = tmp_path / "tree"
    tree.mkdir()
    (tree / "x.md").symlink_to("../outside/secret.md")
    for command in (["edit"], ["review"], ["new", "postmortem", "-o"]):
        result = run_cli([*command, str(tree / "x.md")])
        assert result.code == 2, command
        assert result.err.count("\n") == 1 and "outside the project" in result.err, result.err
    assert (outside / "secret.md").read_text(encoding="utf-8") == "# Secret\n\nThe the end.\n"


def test_edit_a_directory_says_so(tmp_path: Path) -> None:
    result = run_cli(["edit", str(tmp_path)])
    assert result.code == 2 and "is a directory" in result.err


def test_review_with_nothing_to_review_says_so(tmp_path: Path) -> None:
    path = tmp_path / "clean.md"
    path.write_text("# Clean\n\nAll good here.\n", encoding="utf-8")
    result = run_cli(["review", "--select", "prose.repeated-word", str(path)])
    assert result.code == 0
    assert "nothing to review" in result.out


def test_review_needs_a_terminal_when_there_are_findings(tmp_path: Path) -> None:
    path = tmp_path / "notes.md"
    path.write_text("# Notes\n\nThe the end.\n", encoding="utf-8")
    result = run_cli(["review", "--select", "prose", str(path)])
    assert result.code == 2 and "needs a terminal" in result.err


def test_help_lists_review() -> None:
    result = run_cli(["--help"])
    assert "review" in result.out
