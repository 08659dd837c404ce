"""Positions as a language client counts them, open documents kept in step with incremental
changes, and the one edit that turns a text into its fixed version."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from tests.lsp_client import apply_edits
from writer.lsp.convert import whole_text_edit
from writer.lsp.documents import Documents, Range, Snapshot, TextChange, apply_change
from writer.lsp.positions import UTF8, UTF16, UTF32, LineMap

EMOJI_LINE = "Deploy 😀 broke 日本 checkout"


def test_a_character_after_an_emoji_counts_two_utf16_units() -> None:
    lines = LineMap("# T\n" + EMOJI_LINE + "\n")
    broke = 4 + EMOJI_LINE.index("broke")  # code points from the start of the text
    assert lines.position(broke) == (1, EMOJI_LINE.index("broke") + 1)
    assert lines.offset(1, EMOJI_LINE.index("broke") + 1) == broke


def test_each_encoding_counts_its_own_units() -> None:
    text = EMOJI_LINE
    after_cjk = text.index(" checkout")
    assert LineMap(text, UTF16).position(after_cjk) == (0, after_cjk + 1)  # the emoji: 2
    assert LineMap(text, UTF32).position(after_cjk) == (0, after_cjk)
    utf8 = len(text[:after_cjk].encode("utf-8"))  # emoji 4 bytes, each CJK character 3
    assert LineMap(text, UTF8).position(after_cjk) == (0, utf8)
    for encoding in (UTF8, UTF16, UTF32):
        lines = LineMap(text, encoding)
        assert lines.offset(*lines.position(after_cjk)) == after_cjk


def test_only_the_protocols_line_breaks_end_lines() -> None:
    text = "a\r\nb\rc\nd\u2028e\x0cf\x85g"
    lines = LineMap(text)
    assert lines.line_count == 4
    assert [lines.line_text(n) for n in range(4)] == ["a", "b", "c", "d\u2028e\x0cf\x85g"]
    assert lines.position(text.index("\n")) == (0, 1)  # inside "\r\n": the end of line 0


def test_positions_past_a_line_or_inside_a_surrogate_pair_are_clamped() -> None:
    lines = LineMap("ab😀c\nxy")
    assert lines.offset(0, 99) == 4  # the end of the line, before its break
    assert lines.offset(0, 3) == 2  # half of the emoji: its start
    assert lines.offset(9, 0) == len("ab😀c\nxy")
    assert lines.offset(-1, 5) == 0


def test_a_byte_order_mark_the_parser_dropped_still_counts_on_the_first_line() -> None:
    lines = LineMap("abc\ndef", UTF16, lead="\ufeff")
    assert lines.position(1) == (0, 2)
    assert lines.position(5) == (1, 1)
    assert lines.offset(0, 2) == 1


def test_incremental_changes_apply_in_order_in_the_clients_units() -> None:
    documents = Documents()
    documents.open(Snapshot("file:///d.md", 1, "x 😀 y\nsecond\n", None))
    changes = [
        TextChange("Z", Range(0, 5, 0, 6)),  # the "y" after the emoji (UTF-16 column 5)
        TextChange("!", Range(1, 6, 1, 6)),  # then an insertion in the changed text
    ]
    updated = documents.change("file:///d.md", 2, changes)
    assert updated is not None and updated.text == "x 😀 Z\nsecond!\n"
    assert updated.version == 2
    assert documents.change("file:///gone.md", 3, changes) is None


def test_a_change_without_a_range_replaces_the_whole_text() -> None:
    assert apply_change("old", TextChange("new")) == "new"


def test_markdown_is_known_by_language_or_suffix() -> None:
    from pathlib import Path

    assert Snapshot("u", 1, "", None, "markdown").is_markdown
    assert Snapshot("u", 1, "", Path("a/b.md"), "plaintext").is_markdown
    assert not Snapshot("u", 1, "", Path("a/b.toml"), "toml").is_markdown


TEXT = st.text(alphabet=st.sampled_from(list("ab \n\r😀日\u2028é|#")), max_size=40)


@settings(max_examples=300, deadline=None)
@given(TEXT, st.data())
def test_every_offset_outside_a_line_break_survives_a_round_trip(
    text: str, data: st.DataObject
) -> None:
    for encoding in (UTF8, UTF16, UTF32):
        lines = LineMap(text, encoding)
        offset = data.draw(st.integers(0, len(text)))
        if 0 < offset < len(text) and text[offset - 1] == "\r" and text[offset] == "\n":
            continue  # inside "\r\n": no position names it
        assert lines.offset(*lines.position(offset)) == offset


@settings(max_examples=300, deadline=None)
@given(TEXT, TEXT)
def test_one_edit_turns_a_text_into_another(before: str, after: str) -> None:
    edit = whole_text_edit(before, after, UTF16)
    if before == after:
        assert edit is None
        return
    assert edit is not None
    unstructured = {
        "range": {
            "start": {"line": edit.range.start.line, "character": edit.range.start.character},
            "end": {"line": edit.range.end.line, "character": edit.range.end.character},
        },
        "newText": edit.new_text,
    }
    assert apply_edits(before, [unstructured]) == after


@settings(max_examples=200, deadline=None)
@given(TEXT, st.data())
def test_a_range_change_matches_editing_the_utf16_text(text: str, data: st.DataObject) -> None:
    """The server's text after a change equals the client's, computed independently."""
    lines = LineMap(text)
    start = data.draw(st.integers(0, len(text)))
    end = data.draw(st.integers(start, len(text)))
    for offset in (start, end):
        if 0 < offset < len(text) and text[offset - 1] == "\r" and text[offset] == "\n":
            return
    new = data.draw(TEXT)
    (sl, sc), (el, ec) = lines.position(start), lines.position(end)
    changed = apply_change(text, TextChange(new, Range(sl, sc, el, ec)))
    assert changed == text[:start] + new + text[end:]
