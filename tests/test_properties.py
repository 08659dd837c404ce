"""Property tests: no input crashes the parser or the engine, and positions stay in the text."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from writer.api import Linter
from writer.model.document import parse

MARKDOWN_BITS = st.sampled_from(
    [
        "# ",
        "## ",
        "###### ",
        "Title\n===\n",
        "- ",
        "  - ",
        "1. ",
        "> ",
        "```\n",
        "~~~",
        "    ",
        "| a | b |\n|---|---|\n",
        "| x |",
        "<!-- ",
        "-->",
        "<div>",
        "</div>",
        "`",
        "``",
        "*",
        "_",
        "**",
        "[",
        "](",
        ")",
        "![",
        "http://x.y/",
        "\\",
        "TODO",
        "the the ",
        "---\n",
        "\r\n",
        "\r",
        "\n",
        "\n\n",
        "\t",
        "😀",
        "数据",
        "\u200f",
        "e\u0301",
        "\x00",
        "\x1b",
        "word ",
        ". ",
    ]
)
MARKDOWN = st.lists(st.one_of(MARKDOWN_BITS, st.text(max_size=8)), max_size=40).map("".join)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(MARKDOWN)
def test_parser_never_raises_and_maps_stay_inside(text: str) -> None:
    document = parse(text)
    length = len(document.text)
    for block in document.blocks:
        for piece in block.pieces:
            assert 0 <= piece.source <= piece.source + piece.length <= length
        if block.text:
            assert 0 <= block.source_offset(len(block.text) - 1) < max(length, 1)
    for section in document.sections:
        assert 1 <= section.line <= max(section.end_line, 1)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(MARKDOWN)
def test_engine_never_raises_and_findings_are_in_the_document(text: str) -> None:
    result = Linter().lint_text(text)
    document = parse(text)
    lines = document.index.line_count
    for finding in result.findings:
        assert 1 <= finding.line <= finding.end_line <= lines
        assert finding.column >= 1
        assert 0 <= finding.start <= finding.end <= len(document.text)
    assert not any("internal error" in notice for notice in result.notices)
