"""Review mode without a screen: each decision kept apart, so the result is always the original
text plus exactly the changes chosen."""

from __future__ import annotations

import os

from hypothesis import given, settings
from hypothesis import strategies as st

from writer.api import Linter, LintOptions
from writer.model.findings import Edit, Finding, Fix, Severity
from writer.templates.textops import apply_edits
from writer.tui.state.review import Decision, Review, replay

TEXT = (
    "# Notes\n\n## Plan\n\nRestart the the pod.\n\nThen then check it it twice.\n\nAnd and done.\n"
)


def _findings(text: str = TEXT) -> tuple[Finding, ...]:
    linter = Linter(LintOptions(select=("prose",), grammar="off"))
    return linter.lint_text(text, "notes.md").findings


def test_apply_skip_apply_leaves_the_first_and_third_fixes() -> None:
    review = replay(TEXT, _findings(), "asa")
    assert review.text() == TEXT.replace("the the", "the").replace("it it", "it")
    assert review.counts()[Decision.APPLY] == 2 and review.counts()[Decision.SKIP] == 1


def test_undo_takes_the_last_choice_back() -> None:
    review = replay(TEXT, _findings(), "aau")
    assert review.text() == TEXT.replace("the the", "the")
    assert review.current is not None and review.current.line == 7  # back on "Then then"


def test_ignoring_writes_one_comment_per_line_and_silences_the_rule_there() -> None:
    review = replay(TEXT, _findings(), "ii")
    text = review.text()
    assert "<!-- writer-disable-next-line prose.repeated-word -->\nRestart the the pod." in text
    # The second ignore was on line 7, whose other finding ("it it") the comment also silences.
    assert text.count("writer-disable-next-line") == 2
    assert review.current is not None and review.current.line == 9
    assert [f.line for f in _findings(text)] == [11]  # only "And and" is left, two lines down


def test_an_edit_by_hand_replaces_the_lines_and_takes_earlier_changes_in() -> None:
    review = Review(TEXT, _findings())
    review.apply()  # "the the" -> "the"
    review.skip()  # "Then then" (line 7)
    assert review.current is not None and review.current.line == 7
    assert review.editable_text() == "Then then check it it twice."
    review.edit("Then check it twice.")
    assert review.text() == TEXT.replace("the the", "the").replace(
        "Then then check it it twice.", "Then check it twice."
    )
    assert review.current is not None and review.current.line == 9  # "it it" was in the edit


def test_a_spelling_finding_can_go_into_the_vocabulary_and_its_twins_with_it() -> None:
    text = "Kubernetez runs it. Kubernetez again.\n"
    findings = [
        Finding(
            "style.Vale.Spelling",
            Severity.ERROR,
            "Did you really mean 'Kubernetez'?",
            1,
            1,
            1,
            10,
            0,
            10,
        ),
        Finding("grammar.harper.SpellCheck", Severity.WARNING, "spelling", 1, 21, 1, 30, 20, 30),
    ]
    review = Review(text, findings)
    assert review.word_of() == "Kubernetez"
    assert review.accept_word() is None
    assert review.done  # the second finding is the same word
    assert review.words() == ("Kubernetez",) and review.text() == text
    review.undo()
    assert review.words() == ()
    not_spelling = Review(TEXT, _findings())
    assert "spelling" in (not_spelling.accept_word() or "")


def test_a_fix_over_text_an_earlier_fix_rewrote_is_passed_over() -> None:
    text = "one two three\n"
    first = Finding(
        "prose.a", Severity.WARNING, "a", 1, 1, 1, 7, 0, 7, Fix("a", (Edit(0, 7, "ONE TWO"),))
    )
    second = Finding(
        "prose.b", Severity.WARNING, "b", 1, 5, 1, 13, 4, 13, Fix("b", (Edit(4, 13, "2 3"),))
    )
    review = Review(text, [first, second])
    review.apply()
    assert review.done and review.text() == "ONE TWO three\n"


def test_a_hundred_findings_step_through() -> None:
    text = "".join(f"Line {n} has has a slip.\n\n" for n in range(100))
    findings = _findings(text)
    assert len(findings) == 100
    review = Review(text, findings)
    steps = 0
    while not review.done:
        if steps % 2:
            review.skip()
        else:
            review.apply()
        steps += 1
    assert steps == 100
    assert review.text().count("has has") == 50


# -- the property: the original plus exactly the accepted fixes -----------------------------------

WORDS = st.sampled_from(["alpha", "beta", "gamma", "delta", "the", "a"])


@st.composite
def reviews(draw: st.DrawFn) -> tuple[str, list[Finding], str]:
    words = draw(st.lists(WORDS, min_size=1, max_size=30))
    text = " ".join(words) + "\n"
    findings = []
    offset = 0
    for index, word in enumerate(words):
        start, end = offset, offset + len(word)
        offset = end + 1
        if draw(st.booleans()):
            replacement = draw(st.sampled_from(["", "X", word.upper(), word + word]))
            span_end = min(len(text) - 1, end + draw(st.integers(0, 8)))  # may overlap the next
            findings.append(
                Finding(
                    f"prose.r{index}",
                    Severity.WARNING,
                    "m",
                    1,
                    start + 1,
                    1,
                    span_end,
                    start,
                    span_end,
                    Fix("f", (Edit(start, span_end, replacement),)),
                )
            )
    keys = draw(st.text(alphabet="asu", max_size=40))
    return text, findings, keys


@settings(max_examples=int(os.environ.get("WRITER_FUZZ_EXAMPLES", "200")), deadline=None)
@given(reviews())
def test_the_result_is_the_original_plus_exactly_the_accepted_fixes(
    case: tuple[str, list[Finding], str],
) -> None:
    text, findings, keys = case
    review = replay(text, findings, keys)
    accepted = [
        edit
        for choice in review.choices
        if choice.decision is Decision.APPLY
        for edit in (
            review.findings[choice.index].fix.edits if review.findings[choice.index].fix else ()
        )
    ]
    assert review.text() == apply_edits(text, accepted)
    for choice in review.choices:  # nothing else was changed
        assert choice.decision in (Decision.APPLY, Decision.SKIP)
