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
