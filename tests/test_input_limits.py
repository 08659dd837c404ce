"""Every input within bounds, every error from its real source, once, in the right words.

Configs nested too deeply, configs that are not files, numbers that are not numbers; inputs
that are devices or another encoding; lists and quotes nested deeper than CommonMark's usual
limit; a report that cannot be written; one check that runs too long.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Iterator, Sequence
from pathlib import Path

import pytest

from tests.conftest import run_cli
from writer.api import Linter, LintOptions
from writer.checks.base import CheckContext, Checker
from writer.checks.providers import default_providers
from writer.model.findings import Finding, Severity
from writer.model.rules import RuleMeta

DOC = "# Plan\n\nWe use the the tool.\n"


@pytest.fixture
def doc(tmp_path: Path) -> Path:
    path = tmp_path / "doc.md"
    path.write_text(DOC, encoding="utf-8")
    return path


# -- configs -------------------------------------------------------------------------------------


def test_a_deeply_nested_toml_config_is_one_clear_error(doc: Path) -> None:
    (doc.parent / ".writer.toml").write_text("x = " + "[" * 3_000 + "]" * 3_000 + "\n")
    result = run_cli(["lint", str(doc)])
    assert result.code == 2
    assert "nested too deeply" in result.out
    assert "internal error" not in result.out + result.err


@pytest.mark.parametrize("kind", ["folder", "fifo"])
def test_a_config_that_is_not_a_file_is_an_error(doc: Path, kind: str) -> None:
    config = doc.parent / ".writer.toml"
    if kind == "folder":
        config.mkdir()
    else:
        os.mkfifo(config)
    result = run_cli(["lint", str(doc)])  # it used to be skipped in silence
    assert result.code == 2
    assert "not a regular file" in result.out
    explicit = run_cli(["lint", "--config", str(config), str(doc)])  # and never blocks
    assert explicit.code == 2


@pytest.mark.parametrize(
    ("table", "key", "value"),
    [
        ("grammar", "timeout", "nan"),
        ("grammar", "timeout", "inf"),
        ("grammar", "timeout", "-1"),
        ("tui", "autosave_seconds", "-inf"),
        ("tui", "autosave_seconds", "nan"),
        ("structure", "detect_threshold", "-0.5"),
        ("postmortem", "coverage_threshold", "nan"),
        ("design", "estimate_tolerance", "inf"),
        ("readability", "max_grade", "nan"),
        ("limits", "rule_timeout", "nan"),
        ("limits", "check_timeout", "-1"),
        ("grammar", "cache_size_mb", "-5"),
    ],
)
def test_numbers_out_of_range_are_config_errors(
    doc: Path, table: str, key: str, value: str
) -> None:
    (doc.parent / ".writer.toml").write_text(f"[{table}]\n{key} = {value}\n")
    result = run_cli(["lint", str(doc)])
    assert result.code == 2
    assert f".writer.toml:2: {table}.{key} = " in result.out


def test_autosave_seconds_on_the_command_line_are_checked() -> None:
    for value in ("nan", "inf", "-1", "0"):
        result = run_cli(["edit", "--autosave-seconds", value, "x.md"])
        assert result.code == 2 and "--autosave-seconds" in result.err


def test_a_bad_vocabulary_pattern_is_blamed_on_the_config(doc: Path) -> None:
    (doc.parent / ".writer.toml").write_text('[vocabulary]\naccept = ["(Kubernetes"]\n')
    result = run_cli(["lint", str(doc)])
    assert result.code == 2
    assert ".writer.toml:2: vocabulary.accept: '(Kubernetes'" in result.out
    assert "styleguides" not in result.out  # not a bundled rule file's fault


def test_a_bad_strict_since_option_is_blamed_on_the_option(tmp_path: Path) -> None:
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    (tmp_path / ".writer.toml").write_text('fail_on = "warning"\n')
    (tmp_path / "doc.md").write_text(DOC, encoding="utf-8")
    result = run_cli(["lint", "--strict-since", "no-such-ref", str(tmp_path)])
    assert result.code == 2
    assert "error: --strict-since: 'no-such-ref' is neither" in result.out
    assert ".writer.toml" not in result.out


def test_an_error_shared_by_many_files_is_printed_once(tmp_path: Path) -> None:
    (tmp_path / ".writer.toml").write_text('fail_on = "loud"\n')
    for number in range(150):
        (tmp_path / f"doc{number}.md").write_text(DOC, encoding="utf-8")
    for fmt in ("text", "json"):
        result = run_cli(["lint", "--format", fmt, "--jobs", "1", str(tmp_path)])
        assert result.code == 2
        # once in the report (and once more on stderr beside a machine format)
        assert (result.out + result.err).count("'loud'") == (1 if fmt == "text" else 2)
        assert "(150 files not checked)" in result.out
    text = run_cli(["lint", "--jobs", "1", str(tmp_path)])
    assert "150 files could not be checked." in text.out


# -- inputs ------------------------------------------------------------------------------------


def test_templates_import_refuses_a_device_at_once() -> None:
    started = time.monotonic()
    result = run_cli(["templates", "import", "/dev/zero"])
    assert result.code == 2
    assert "not a regular file" in result.err
    assert time.monotonic() - started < 10  # it used to read until 19.7 GB


def test_templates_import_applies_the_size_limit(tmp_path: Path) -> None:
    (tmp_path / ".writer.toml").write_text("[limits]\nmax_file_mb = 0.01\n")
    big = tmp_path / "template.md"
    big.write_text("# T\n\n## Section\n\n" + "text " * 5_000, encoding="utf-8")
    result = run_cli(["templates", "import", str(big)])
    assert result.code == 2 and "limit for one document" in result.err


@pytest.mark.parametrize("codec", ["utf-16", "utf-16-le", "utf-32"])
def test_utf16_is_named_not_called_binary(tmp_path: Path, codec: str) -> None:
    path = tmp_path / "doc.md"
    path.write_bytes(DOC.encode(codec))
    result = run_cli(["lint", str(path)])
    assert result.code == 2
    assert "UTF-16" in result.out or "UTF-32" in result.out
    assert "binary" not in result.out


@pytest.mark.parametrize("kind", ["folder", "fifo"])
def test_edit_says_what_a_path_is_instead_of_no_such_file(tmp_path: Path, kind: str) -> None:
    path = tmp_path / "doc.md"
    if kind == "folder":
        path.mkdir()
    else:
        os.mkfifo(path)
    result = run_cli(["edit", str(path)])
    assert result.code == 2
    assert "no such file" not in result.err
    assert ("directory" if kind == "folder" else "not a regular file") in result.err


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="/dev/full is Linux's full disk")
def test_a_full_disk_for_the_report_is_a_clear_error(doc: Path) -> None:
    result = run_cli(["lint", "-o", "/dev/full", str(doc)])
    assert result.code == 2
    assert "cannot write the report to /dev/full: no space left on device" in result.err
    done = subprocess.run(
        f"{sys.executable} -m writer lint {doc} > /dev/full",
        shell=True,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 2
    assert "cannot write the report to standard output: no space left" in done.stderr
    assert "internal error" not in done.stderr and "Traceback" not in done.stderr


# -- nesting -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "body",
    [
        pytest.param("".join("  " * i + f"- item {i}\n" for i in range(10)), id="10 lists"),
        pytest.param(">" * 20 + " quoted\n", id="20 quotes"),
    ],
)
def test_deeply_nested_text_is_checked(tmp_path: Path, body: str) -> None:
    path = tmp_path / "doc.md"
    deep = body.rstrip("\n") + " where the the words repeat\n"
    path.write_text(f"# Plan\n\n## Deep\n\n{deep}\n## After\n\nThe the end.\n", encoding="utf-8")
    result = run_cli(["lint", "--select", "prose.repeated-word,structure", str(path)])
    assert result.out.count("prose.repeated-word") == 2, result.out  # the deep text and after
    assert "'Deep'" not in result.out  # not called empty


def test_nesting_past_what_is_followed_is_a_notice(tmp_path: Path) -> None:
    path = tmp_path / "doc.md"
    path.write_text("# Plan\n\n" + ">" * 500 + " deep\n", encoding="utf-8")
    result = run_cli(["lint", str(path)])
    assert "nest deeper than writer follows (line 3)" in result.out


# -- time ------------------------------------------------------------------------------------------

SLOW = RuleMeta("test.slow", Severity.WARNING, "a check that never ends")
FAST = RuleMeta("test.fast", Severity.WARNING, "a check that finds at once")


class _Slow:
    rules = (SLOW,)

    def check(self, context: CheckContext) -> Iterator[Finding]:
        yield context.finding(SLOW, 0, 1, "found before it hung")
        while True:  # a loop no test thought of
            time.sleep(0.01)


class _Fast:
    rules = (FAST,)

    def check(self, context: CheckContext) -> Iterator[Finding]:
        yield context.finding(FAST, 0, 1, "found")


def _providers() -> list[object]:
    def extra(config: object, options: object, template: object) -> Sequence[Checker]:
        return (_Slow(), _Fast())

    return [*default_providers(), extra]


def test_a_check_that_runs_too_long_is_one_notice_and_the_rest_still_run(tmp_path: Path) -> None:
    (tmp_path / ".writer.toml").write_text("[limits]\ncheck_timeout = 0.5\n")
    path = tmp_path / "doc.md"
    path.write_text(DOC, encoding="utf-8")
    linter = Linter(LintOptions(jobs=1), providers=_providers())  # type: ignore[arg-type]
    started = time.monotonic()
    result = linter.lint_text(DOC, str(path))
    assert time.monotonic() - started < 10
    rules = {finding.rule for finding in result.findings}
    assert {"test.slow", "test.fast", "prose.repeated-word"} <= rules
    assert [n for n in result.notices if "test.slow stopped after 0.5 s" in n]


def test_a_front_matter_past_its_limit_is_ignored_with_a_notice(tmp_path: Path) -> None:
    path = tmp_path / "doc.md"
    keys = "".join(f"key{n}: value {n}\n" for n in range(20_000))  # about 300 KB
    path.write_text(f"---\n{keys}---\n# Plan\n\nThe the end.\n", encoding="utf-8")
    result = run_cli(["lint", str(path)])
    assert result.code == 1  # the body is still checked
    assert "front matter is longer than 256,000 characters; front matter ignored" in result.out
