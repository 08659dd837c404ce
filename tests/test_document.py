"""The document model: sections, prose blocks, masking and exact positions."""

from __future__ import annotations

import pytest

from writer.model.document import BlockKind, parse, split_sentences


def block_texts(text: str) -> list[tuple[str, str]]:
    return [(block.kind.value, block.text) for block in parse(text).blocks]


def position_of(text: str, needle: str, occurrence: int = 0) -> tuple[int, int]:
    """Where ``needle`` sits in prose, found through the block maps, as (line, column)."""
    document = parse(text)
    seen = 0
    for block in document.blocks:
        start = block.text.find(needle)
        while start != -1:
            if seen == occurrence:
                return document.position(block.source_offset(start))
            seen += 1
            start = block.text.find(needle, start + 1)
    raise AssertionError(f"{needle!r} not in prose")


def test_atx_and_setext_headings_make_a_section_tree() -> None:
    text = "Title\n=====\n\nIntro.\n\nPart\n----\n\nBody.\n\n### Deep\n\nMore.\n\n# Next\n"
    document = parse(text)
    titles = [(s.title, s.level, s.line, s.parent) for s in document.sections[1:]]
    assert titles == [("Title", 1, 1, 0), ("Part", 2, 6, 1), ("Deep", 3, 11, 2), ("Next", 1, 15, 0)]
    assert document.sections[1].setext and not document.sections[4].setext
    assert document.sections[1].end_line == 14
    assert document.sections[2].body_start_line == 8


def test_heading_title_drops_closing_hashes_and_markup() -> None:
    document = parse("## *Risks* and `code` ##\n")
    assert document.sections[1].title == "Risks and"
    assert document.sections[1].raw_title == "*Risks* and `code`"


def test_nested_list_items_are_separate_blocks() -> None:
    text = "- one\n  continued\n  - two\n    - three\n"
    assert block_texts(text) == [
        ("list_item", "one\ncontinued"),
        ("list_item", "two"),
        ("list_item", "three"),
    ]
    assert position_of(text, "three") == (4, 7)
    assert position_of(text, "continued") == (2, 3)


def test_table_cells_are_blocks_with_exact_columns() -> None:
    text = "| Time | Event |\n|---|---|\n| 14:02 | Page fired 😀 x |\n"
    kinds = block_texts(text)
    assert kinds == [
        ("table_cell", "Time"),
        ("table_cell", "Event"),
        ("table_cell", "14:02"),
        ("table_cell", "Page fired 😀 x"),
    ]
    assert position_of(text, "x") == (3, 24)


def test_blockquote_paragraph_positions() -> None:
    text = "> first line\n> second *line*\n"
    assert block_texts(text) == [("blockquote", "first line\nsecond line")]
    assert position_of(text, "line", 1) == (2, 11)


def test_crlf_and_lone_cr_become_lf_and_positions_count_lines() -> None:
    document = parse("# A\r\n\r\nOne two.\r\nThree four.\r\n")
    assert document.newline == "\r\n"
    assert "\r" not in document.text
    assert position_of("# A\r\n\r\nOne two.\r\nThree four.\r\n", "four") == (4, 7)
    assert parse("a\rb\r").newline == "\r"


def test_bom_is_removed_and_columns_do_not_count_it() -> None:
    text = "\ufeff# Title\n\nA word.\n"
    document = parse(text)
    assert document.had_bom and document.sections[1].title == "Title"
    assert position_of(text, "word") == (3, 3)


def test_tabs_count_one_column() -> None:
    assert position_of("a\tb\tneedle\n", "needle") == (1, 5)


def test_cjk_and_emoji_are_one_column_each() -> None:
    text = "数据库 😀😀 needle\n"
    assert position_of(text, "needle") == (1, 8)


def test_code_front_matter_comments_urls_and_link_targets_are_masked() -> None:
    text = (
        "---\ntitle: TODO in front matter\n---\n"
        "Text `inline TODO` and https://example.com/TODO and [link TODO](http://x.io/TODO).\n\n"
        "```\nTODO in a fence\n```\n\n"
        "    TODO indented code\n\n"
        "<!-- TODO in a\nmulti-line comment -->\n\n"
        "<div>TODO html</div>\n"
    )
    document = parse(text)
    prose = " ".join(block.text for block in document.blocks)
    assert prose.count("TODO") == 1  # only the link text is prose
    assert "link TODO" in prose
    assert document.front_matter is not None
    assert document.front_matter.data == {"title": "TODO in front matter"}
    comment = document.comments[0]
    assert (comment.line, comment.end_line, comment.own_line) == (12, 13, True)
    assert comment.body == "TODO in a\nmulti-line comment"
    masked = document.masked_text
    assert len(masked) == len(document.text)
    assert "TODO in a fence" not in masked and "front matter" not in masked


def test_inline_markup_is_dropped_from_prose() -> None:
    assert block_texts("the **the** _x_ snake_case \\* ~~gone~~\n") == [
        ("paragraph", "the the x snake_case * gone")
    ]


def test_invalid_front_matter_is_reported_not_raised() -> None:
    document = parse("---\nkey: [unclosed\n---\n# T\n")
    assert document.front_matter is not None
    assert document.front_matter.error is not None
    assert document.sections[1].title == "T"


def test_empty_and_whitespace_documents() -> None:
    assert parse("").sections[0].level == 0
    assert parse("\n\n   \n").blocks == ()


def test_sections_know_whether_they_have_content() -> None:
    document = parse("# A\n\n<!-- only a comment -->\n\n# B\n\n```\ncode\n```\n\n# C\n")
    assert [s.has_content for s in document.sections[1:]] == [False, True, False]


def test_words_and_sentences() -> None:
    sentences = [
        s.text for s in split_sentences("We use e.g. Redis. It failed! Why? Dr. Who came.")
    ]
    assert sentences == ["We use e.g. Redis.", "It failed!", "Why?", "Dr. Who came."]
    # A sentence may start with a command or a slip in lower case, after a whole word.
    lower = [s.text for s in split_sentences("It must differ. kube-proxy then runs. x. y. etc. z")]
    assert lower == ["It must differ.", "kube-proxy then runs.", "x. y. etc. z"]
    block = parse("Don't re-run the v1.2 job.\n").blocks[0]
    assert [word.text for word in block.words] == ["Don't", "re-run", "the", "v1.2", "job"]


@pytest.mark.parametrize(
    "text",
    [
        "- a\n\n  b\n",
        "> - quoted list\n>   more\n",
        "1. one\n2. two\n",
        "Term\n\n| a |\n|---|\n",
        "<details>\n\ntext\n\n</details>\n",
    ],
)
def test_every_block_maps_back_to_its_source(text: str) -> None:
    document = parse(text)
    for block in document.blocks:
        for piece in block.pieces:
            chunk = block.text[piece.plain : piece.plain + piece.length]
            source = document.text[piece.source : piece.source + piece.length]
            assert chunk == source or chunk == "\n"
    assert all(block.kind in BlockKind for block in document.blocks)


def test_inline_html_follows_commonmark_and_placeholders_stay_prose() -> None:
    text = 'Title: <what broke, when> and <span class="x" data-y=1>kept</span><br/> x < y > z.'
    document = parse(text)
    masked = [document.text[start:end] for start, end in document.masked_spans]
    assert masked == ['<span class="x" data-y=1>', "</span><br/>"]  # adjacent spans merge
    assert "<what broke, when>" in document.blocks[0].text


def test_front_matter_with_unencodable_text_is_an_error_not_a_crash() -> None:
    # Found by fuzzing: a lone surrogate (text handed to the API, never read from a file).
    document = parse("---\n\ud800\n\n\n---\n# Title\n")
    assert document.front_matter is not None
    assert document.front_matter.error == (
        "front matter is not valid YAML: it cannot be read as text"
    )
