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


def _pasted(document_text: str) -> str:
    from writer.model.document import parse
    from writer.model.quoted import quoted_spans

    document = parse(document_text)
    return "".join(document.text[s:e] for s, e in quoted_spans(document))


def test_a_section_titled_as_a_record_of_talk_is_pasted_text() -> None:
    for title in ("Slack log", "Ops team chat transcript", "Appendix B: Internal email", "Logs"):
        text = f"# Outage\n\nThe author wrote this.\n\n## {title}\n\nsomeone: we restart it now\n"
        pasted = _pasted(text)
        assert "we restart it now" in pasted, title
        assert "The author wrote this" not in pasted, title


def test_a_heading_that_only_mentions_logs_or_email_titles_the_authors_prose() -> None:
    for title in (
        "KEP-1234: Container Log Rotation",
        "Email/password login",
        "Audit log",
        "Change log",
        "Selecting the most important logs",
    ):
        text = f"# {title}\n\nThe rotation restarts ths runtime.\n\n## Design\n\nIt rotates.\n"
        assert _pasted(text) == "", title
