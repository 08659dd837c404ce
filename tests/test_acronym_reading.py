"""The house Acronyms rule's reading of a document, and inline code as a scope."""

from __future__ import annotations

import pytest

from writer.api import Linter, LintOptions
from writer.checks.style.acronyms import spells_out
from writer.checks.style.checker import inline_code_units
from writer.model.document import parse


@pytest.mark.parametrize(
    ("acronym", "words", "expected"),
    [
        ("SLO", "service level objective", True),
        ("ITHC", "IT Health Check", True),
        ("DTL", "data-transport-layer", True),
        ("PVC", "PersistentVolumeClaim", True),
        ("S&O", "Sales & Operations", True),
        ("AP", "the cheqd application node", False),
        ("ABC", "Apple Banana", False),
    ],
)
def test_words_spell_out_an_acronym_by_their_initials(
    acronym: str, words: str, expected: bool
) -> None:
    assert spells_out(acronym, words) is expected


def _acronyms(text: str) -> list[str]:
    linter = Linter(LintOptions(jobs=1, grammar="off", select=("style.house.Acronyms",)))
    return [f.message.split("'")[1] for f in linter.lint_text(text, "doc.md").findings]


def test_an_acronym_is_reported_once_at_its_first_use() -> None:
    assert _acronyms("The WER hub failed.\n\nThe WER hub failed again.\n") == ["WER"]


def test_a_definition_after_the_first_use_counts() -> None:
    text = "The WER hub failed.\n\n## Glossary\n\n- WER: Workshop Education Resources\n"
    assert _acronyms(text) == []


def test_an_acronym_linked_on_its_first_use_is_not_reported() -> None:
    assert _acronyms("The [OVM contracts](https://example.com/ovm) were removed.\n") == []


def test_inline_code_is_its_own_scope_outside_code_blocks_and_comments() -> None:
    text = "Run `a` now.\n\n```\n`b`\n```\n\n<!-- `c` -->\n"
    assert [unit.text for unit in inline_code_units(parse(text))] == ["a"]
