"""The text grammar backends see: masked parts become one neutral word, and every piece of it
maps back to the block's plain text exactly."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from writer.checks.grammar.text import PLACEHOLDER, grammar_text
from writer.model.document import parse


def _texts(markdown: str) -> list[str]:
    document = parse(markdown)
    return [grammar_text(document, block).text for block in document.blocks]


def test_code_urls_and_images_become_one_word() -> None:
    assert _texts("Run `make test` now and see https://example.com/x today.\n") == [
        "Run X now and see X today."
    ]
    assert _texts("Look at ![a diagram](d.png) here.\n") == ["Look at X here."]
    assert _texts("Mail <ops@example.com> now.\n") == ["Mail X now."]


def test_markup_links_and_comments_leave_no_word_and_no_double_space() -> None:
    assert _texts("Read the [guide](https://example.com) first.\n") == ["Read the guide first."]
    assert _texts("A plain sentence <!-- a note --> ends here.\n") == [
        "A plain sentence ends here."
    ]
    assert _texts("It ends here <!-- a note -->.\n") == ["It ends here."]
    assert _texts("Some **bold** and *soft* words.\n") == ["Some bold and soft words."]


def test_spans_map_back_to_the_block() -> None:
    document = parse("Run `make` now, then recieve it.\n")
    block = document.blocks[0]
    text = grammar_text(document, block)
    start = text.text.index("recieve")
    plain = text.to_plain(start, start + len("recieve"))
    assert plain is not None
    assert block.text[plain[0] : plain[1]] == "recieve"
    hole = text.text.index(PLACEHOLDER)
    assert text.near_hole(hole, hole + 1, touching=False)
    assert text.near_hole(0, 3, touching=True)  # "Run" is one space from the stand-in
    assert not text.near_hole(0, 3, touching=False)


def test_a_line_break_between_a_word_and_masked_code_still_touches_it() -> None:
    document = parse("Having a\n`Never` in scope.\n")
    text = grammar_text(document, document.blocks[0])
    assert text.text == "Having a\nX in scope."
    article = text.text.index("a\n")
    assert text.near_hole(article, article + 1, touching=True)


_PIECES = st.sampled_from(
    [
        "word ",
        "the ",
        "`code` ",
        "https://example.com/a ",
        "<!-- note --> ",
        "**bold** ",
        "[link](http://x.y) ",
        "😀 ",
        "漢字 ",
        "𠀋 ",
        ". ",
        ", ",
        "\n",
        "_em_ ",
        "<b>tag</b> ",
        "![img](a.png) ",
    ]
)


@settings(max_examples=300, deadline=None)
@given(st.lists(_PIECES, min_size=1, max_size=30))
def test_every_segment_is_the_block_text_it_came_from(pieces: list[str]) -> None:
    document = parse("".join(pieces) + "\n")
    for block in document.blocks:
        text = grammar_text(document, block)
        for segment in text.segments:
            got = text.text[segment.start : segment.start + segment.length]
            assert got == block.text[segment.plain : segment.plain + segment.length]
        for start in range(len(text.text)):
            for end in range(start + 1, min(len(text.text), start + 6) + 1):
                plain = text.to_plain(start, end)
                if plain is not None:
                    assert 0 <= plain[0] < plain[1] <= len(block.text)
