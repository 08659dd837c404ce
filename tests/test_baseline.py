"""``writer lint --baseline``: recorded findings are not reported, new ones are, in every
format; the file is sorted and stable; fixed findings leave it; stale entries are reported."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from tests.conftest import run_cli
from writer.engine.baseline import Baseline, fingerprint
from writer.model.document import parse
from writer.model.findings import Finding, Severity

OLD = """# Checkout outage

## Summary

Latency rose after the the change.

## Impact

Errors rose for some users.

## Details

We saw the the queue grow and the the retries pile up.
"""
OLD_RULES = ("prose.repeated-word", "postmortem.impact-unquantified")

BLAME = "The on-call engineer forgot to check the alerts.\n\n"


def _docs(tmp_path: Path) -> Path:
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "outage.md").write_text(OLD, encoding="utf-8")
    (docs / "plan.md").write_text(
        "# Plan\n\nLatency rose after the the change.\n", encoding="utf-8"
    )
    return docs


def _entries(path: Path) -> list[dict[str, object]]:
    data = json.loads(path.read_text(encoding="utf-8"))
    assert data["version"] == 1
    entries: list[dict[str, object]] = data["findings"]
    return entries


def test_an_unchanged_repository_reports_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    _docs(tmp_path)
    assert run_cli(["lint", "docs"]).code == 1
    written = run_cli(["lint", "--baseline", "base.json", "--update-baseline", "docs"])
    assert written.code == 0, written.err
    assert "baseline base.json written" in written.err
    entries = _entries(tmp_path / "base.json")
    keys = [(e["path"], e["rule"], e["fingerprint"]) for e in entries]
    assert keys == sorted(keys) and len(set(keys)) == len(keys)
    assert {e["path"] for e in entries} == {"docs/outage.md", "docs/plan.md"}
    again = run_cli(["lint", "--baseline", "base.json", "docs"])
    assert again.code == 0 and "No problems found" in again.out, again.out


def test_a_repeated_match_is_one_entry_with_a_count(tmp_path: Path) -> None:
    _docs(tmp_path)
    base = tmp_path / "base.json"
    run_cli(["lint", "--baseline", str(base), "--update-baseline", str(tmp_path / "docs")])
    repeated = [e for e in _entries(base) if e["rule"] == "prose.repeated-word"]
    counts = sorted((str(e["path"]), int(str(e["count"]))) for e in repeated)
    # 'the the queue ... the the retries' is one line: one entry counting two
    assert counts == [("docs/outage.md", 1), ("docs/outage.md", 2), ("docs/plan.md", 1)]


@pytest.mark.parametrize("fmt", ["text", "line", "json", "sarif", "github"])
def test_only_a_new_finding_is_reported_after_lines_move(
    fmt: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    _docs(tmp_path)
    run_cli(["lint", "--baseline", "base.json", "--update-baseline", "docs"])
    edited = OLD.replace("## Summary\n\n", "## Summary\n\n" + BLAME)
    (tmp_path / "docs" / "outage.md").write_text(edited, encoding="utf-8")
    done = run_cli(["lint", "--baseline", "base.json", "--format", fmt, "docs"])
    assert done.code == 1, done.err
    if fmt == "json":
        (outage,) = [f for f in json.loads(done.out)["files"] if f["findings"]]
        assert {f["line"] for f in outage["findings"]} == {5}
        reported = {f["rule"] for f in outage["findings"]}
    elif fmt == "sarif":
        results = json.loads(done.out)["runs"][0]["results"]
        assert {r["locations"][0]["physicalLocation"]["region"]["startLine"] for r in results} == {
            5
        }
        reported = {r["ruleId"] for r in results}
    else:
        assert not any(rule in done.out for rule in OLD_RULES), done.out
        reported = {"blame"} if "blame" in done.out.lower() else set()
    assert reported and all("blame" in rule.lower() for rule in reported), done.out


def test_fixed_findings_leave_the_baseline_and_check_reports_stale_entries(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    docs = _docs(tmp_path)
    run_cli(["lint", "--baseline", "base.json", "--update-baseline", "docs"])
    before = _entries(tmp_path / "base.json")
    (docs / "outage.md").write_text(OLD.replace("after the the", "after the"), encoding="utf-8")
    plain = run_cli(["lint", "--baseline", "base.json", "docs"])
    assert plain.code == 0
    checked = run_cli(["lint", "--baseline", "base.json", "--check-baseline", "docs"])
    assert checked.code == 1
    assert "prose.repeated-word" in checked.out and "--update-baseline drops it" in checked.out
    as_json = run_cli(
        ["lint", "--baseline", "base.json", "--check-baseline", "--format", "json", "docs"]
    )
    assert as_json.code == 1
    assert any("prose.repeated-word" in n for n in json.loads(as_json.out)["notices"])
    run_cli(["lint", "--baseline", "base.json", "--update-baseline", "docs"])
    after = _entries(tmp_path / "base.json")
    assert len(after) == len(before) - 1
    gone = [e for e in before if e not in after]
    assert [(e["path"], e["rule"], e["count"]) for e in gone] == [
        ("docs/outage.md", "prose.repeated-word", 1)
    ]
    assert run_cli(["lint", "--baseline", "base.json", "--check-baseline", "docs"]).code == 0


def test_updating_part_of_a_repository_keeps_the_other_files_entries(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    _docs(tmp_path)
    run_cli(["lint", "--baseline", "base.json", "--update-baseline", "docs"])
    before = _entries(tmp_path / "base.json")
    run_cli(["lint", "--baseline", "base.json", "--update-baseline", "docs/plan.md"])
    assert _entries(tmp_path / "base.json") == before
    (tmp_path / "docs" / "plan.md").unlink()
    run_cli(["lint", "--baseline", "base.json", "--update-baseline", "docs"])
    assert {e["path"] for e in _entries(tmp_path / "base.json")} == {"docs/outage.md"}


def test_the_config_names_the_baseline(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    _docs(tmp_path)
    (tmp_path / ".writer.toml").write_text('baseline = "writer-baseline.json"\n', encoding="utf-8")
    assert run_cli(["lint", "--update-baseline", "docs"]).code == 0
    assert (tmp_path / "writer-baseline.json").is_file()
    assert run_cli(["lint", "docs"]).code == 0
    monkeypatch.chdir(tmp_path / "docs")  # paths are relative to the baseline, not the cwd
    assert run_cli(["lint", "outage.md"]).code == 0


def test_without_a_baseline_update_is_a_usage_error(tmp_path: Path) -> None:
    done = run_cli(["lint", "--update-baseline", str(tmp_path)])
    assert done.code == 2 and "need a baseline" in done.err


def test_a_broken_baseline_is_one_clear_line(tmp_path: Path) -> None:
    _docs(tmp_path)
    base = tmp_path / "base.json"
    base.write_text("{not json", encoding="utf-8")
    done = run_cli(["lint", "--baseline", str(base), str(tmp_path / "docs")])
    assert done.code == 2
    assert done.err.count("\n") == 1 and "--update-baseline" in done.err


def test_with_changed_since_only_changed_files_are_checked_and_kept(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    _docs(tmp_path)
    git = ["git", "-c", "user.name=t", "-c", "user.email=t@example.com"]
    subprocess.run(["git", "init", "-q"], check=True)
    subprocess.run([*git, "add", "."], check=True)
    subprocess.run([*git, "commit", "-qm", "docs"], check=True)
    run_cli(["lint", "--baseline", "base.json", "--update-baseline", "docs"])
    before = _entries(tmp_path / "base.json")
    edited = OLD.replace("## Summary\n\n", "## Summary\n\n" + BLAME)
    (tmp_path / "docs" / "outage.md").write_text(edited, encoding="utf-8")
    done = run_cli(
        ["lint", "--baseline", "base.json", "--changed-since", "HEAD", "--format", "line", "docs"]
    )
    assert done.code == 1
    assert all(line.startswith("docs/outage.md:5:") for line in done.out.splitlines())
    run_cli(["lint", "--baseline", "base.json", "--update-baseline", "--changed-since", "HEAD"])
    after = _entries(tmp_path / "base.json")
    assert [e for e in after if e["path"] == "docs/plan.md"] == [
        e for e in before if e["path"] == "docs/plan.md"
    ]


def test_a_fingerprint_survives_moves_and_changes_with_its_line() -> None:
    text = "# T\n\nWe utilize a queue.\n"
    moved = "# T\n\nNew line.\n\nMore.\n\nWe utilize a queue.\n"
    changed = "# T\n\nWe utilize a big queue.\n"

    def print_of(source: str) -> str:
        start = source.index("utilize")
        document = parse(source)
        line, column = document.position(start)
        finding = Finding("r", Severity.WARNING, "m", line, column, line, column + 6, start)
        finding = Finding(
            "r", Severity.WARNING, "m", line, column, line, column + 6, start, start + 7
        )
        return fingerprint(finding, document.text)

    assert print_of(text) == print_of(moved)
    assert print_of(text) != print_of(changed)


def test_a_missing_baseline_file_is_empty(tmp_path: Path) -> None:
    baseline = Baseline.load(tmp_path / "none.json")
    assert not baseline.counts


def test_the_baseline_is_never_written_through_a_link_out_of_the_project(tmp_path: Path) -> None:
    import subprocess

    tree = tmp_path / "tree"
    outside = tmp_path / "outside"
    tree.mkdir()
    outside.mkdir()
    subprocess.run(["git", "init", "-q", str(tree)], check=True)
    (tree / "doc.md").write_text("# Plan\n\nThe the plan.\n", encoding="utf-8")
    (tree / "baseline.json").symlink_to(outside / "secret.json")
    result = run_cli(
        ["lint", "--grammar", "off", "--baseline", str(tree / "baseline.json"),
         "--update-baseline", str(tree)]
    )  # fmt: skip
    assert result.code == 2
    assert "symbolic link" in result.err and "outside the project" in result.err
    assert not (outside / "secret.json").exists()
