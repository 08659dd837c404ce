"""``prose.repeated-word``: the same word twice in a row, with a safe fix."""

from __future__ import annotations

import re
from collections.abc import Iterator

from writer.checks.base import CheckContext
from writer.model.findings import Edit, Finding, Fix, Severity
from writer.model.rules import RuleMeta

REPEATED_WORD = RuleMeta(
    id="prose.repeated-word",
    severity=Severity.WARNING,
    summary="The same word twice in a row.",
    explanation=(
        "A doubled word ('the the') is almost always a slip made while editing. Delete one. "
        "'had had' and 'that that' are left alone because they can be correct, and so are "
        "words doubled for emphasis ('please please', 'very very', 'no no')."
    ),
    good="Restart the pod.",
    bad="Restart the the pod.",
    fixable=True,
    source="built-in",
)

_REPEATED = re.compile(r"(?<![\w'’-])([^\W\d_]+)(\s+)(\1)(?![\w'’-])", re.IGNORECASE)
# Correct twice ("had had", "that that"), or doubled for emphasis ("please please").
_ALLOWED_REPEATS = frozenset(
    {"had", "that", "please", "very", "really", "so", "no", "yes", "much", "many", "far", "bye"}
)


class RepeatedWordChecker:
    rules = (REPEATED_WORD,)

    def check(self, context: CheckContext) -> Iterator[Finding]:
        document = context.document
        for block in document.blocks:
            for match in _REPEATED.finditer(block.text):
                word = match.group(1)
                if word.lower() in _ALLOWED_REPEATS:
                    continue
                first_start, _ = block.source_span(match.start(1), match.end(1))
                second_start, second_end = block.source_span(match.start(3), match.end(3))
                gap_start = block.source_offset(match.end(1))
                gap = document.text[gap_start:second_start]
                if gap.strip(" \t\n>*_"):
                    continue  # code, a link or other markup between them: not a doubled word
                fix = None
                if gap.isspace() and "\n" not in gap:
                    fix = Fix(
                        f"delete the second '{word}'",
                        (Edit(gap_start, second_end, ""),),
                        safe=True,
                    )
                yield context.finding(
                    REPEATED_WORD,
                    first_start,
                    second_end,
                    f"'{word}' is repeated: delete one",
                    fix=fix,
                )
