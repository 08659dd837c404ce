"""Templates grow: a section the template added after a document was written is not missing
from it, and a subsection written the older way, as a bold question inside its parent, is there."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import run_cli
from writer.api import Linter, LintOptions

SPEC = (
    "id: grown\nsections:\n  - title: Summary\n  - title: Risks\n"
    "  - title: Prior art\n    since: 2020-06-01\n"
    "  - title: Monitoring\n  - title: Is it working?\n    level: 3\n"
)
BODY = (
    "## Summary\n\nText here.\n\n## Risks\n\nSome.\n\n## Monitoring\n\n"
    "- **Is it working?**\n\n  The dashboard says so.\n"
)


def _missing(tmp_path: Path, header: str) -> list[str]:
    spec = tmp_path / "grown.yaml"
    spec.write_text(SPEC)
    document = tmp_path / "doc.md"
    document.write_text(header + "# Doc\n\n" + BODY)
    result = Linter(LintOptions(template=str(spec), grammar="off")).lint_paths([str(document)])
    return [f.message for f in result.results[0].findings if f.rule == "structure.missing-section"]


@pytest.mark.parametrize(
    "header",
    [
        "---\ndate: 2019-03-02\n---\n",
        "---\ncreation-date: '2019-03-02'\n---\n",
        "- Start Date: 2019-03-02\n\n",
        "**Created:** 2019-03-02\n\n",
    ],
)
def test_a_section_added_after_the_document_was_written_is_not_asked_for(
    tmp_path: Path, header: str
) -> None:
    assert _missing(tmp_path, header) == []


@pytest.mark.parametrize("header", ["---\ndate: 2021-03-02\n---\n", ""])
def test_a_newer_or_undated_document_is_asked_for_it(tmp_path: Path, header: str) -> None:
    (message,) = _missing(tmp_path, header)
    assert "'Prior art' is missing" in message


def test_a_subsection_asked_as_a_bold_item_inside_its_parent_is_present(tmp_path: Path) -> None:
    assert not [m for m in _missing(tmp_path, "") if "Is it working" in m]
    spec = tmp_path / "grown.yaml"
    document = tmp_path / "doc.md"
    document.write_text("# Doc\n\n" + BODY.replace("- **Is it working?**", "Nothing yet."))
    result = Linter(LintOptions(template=str(spec), grammar="off")).lint_paths([str(document)])
    messages = [f.message for f in result.results[0].findings]
    assert any("lacks" in m and "'Is it working?'" in m for m in messages), messages


def test_the_metadata_file_beside_a_kep_dates_it(tmp_path: Path) -> None:
    """A KEP written before its template's test plan had subsections is not asked for them."""
    folder = tmp_path / "keps" / "sig-x" / "1234-thing"
    folder.mkdir(parents=True)
    body = (
        "# KEP-1234: Thing\n\n## Summary\n\nA thing.\n\n## Design Details\n\n"
        "### Test Plan\n\nUnit tests in pkg/thing cover the change.\n"
    )
    (folder / "README.md").write_text(body)

    def subsections(created: str) -> bool:
        (folder / "kep.yaml").write_text(
            f"title: Thing\nkep-number: 1234\ncreation-date: {created}\n"
        )
        result = Linter(LintOptions(template="kep", grammar="off")).lint_paths([str(folder)])
        return any(
            "'Test Plan' lacks" in f.message and "Unit tests" in f.message
            for r in result.results
            for f in r.findings
        )

    assert not subsections("2019-05-01")
    assert subsections("2023-05-01")


def test_a_since_that_is_not_a_date_is_a_clear_error(tmp_path: Path) -> None:
    spec = tmp_path / "bad.yaml"
    spec.write_text("id: bad\nsections:\n  - title: Summary\n    since: last spring\n")
    document = tmp_path / "doc.md"
    document.write_text("# Doc\n\n## Summary\n\nText.\n")
    result = run_cli(["lint", "--template", str(spec), str(document)])
    assert result.code == 2
    assert "since: 'last spring' is not a date: write it as YYYY-MM-DD" in result.out + result.err
