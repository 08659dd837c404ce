"""Quotations are found in time linear in the text, exactly where the pattern that defines
them would find them."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from writer.model.quoted import _QUOTATION, _quotations

PIECES = ['"', "“", "”", " ", "\n", "\t", "\u2028", "a", "_", "é", "bc", " d ", '"a b c d"', "x\ny"]


@settings(max_examples=4000, deadline=None)
@given(st.lists(st.sampled_from(PIECES), max_size=40))
def test_the_same_spans_as_the_pattern(parts: list[str]) -> None:
    text = "".join(parts)
    assert _quotations(text) == [match.span() for match in _QUOTATION.finditer(text)]


def test_real_quotations() -> None:
    text = 'He said "we will roll back now" and “then we wait for it”. "Short one" "a b"'
    spans = [text[start:end] for start, end in _quotations(text)]
    assert spans == ['"we will roll back now"', "“then we wait for it”"]


def test_a_long_line_with_an_unclosed_quote_is_read_once() -> None:
    # The pattern backtracks through every placing of its three spaces on such a line.
    text = '"' + "word " * 20_000 + "\n"
    assert _quotations(text) == []
