"""``extends: repetition``: flag a token repeated back to back (``the the``)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from writer.checks.style.kinds.base import (
    Alert,
    ExceptionTest,
    RuleEnv,
    RuleSpec,
    Unit,
    ValeRule,
    compile_pattern,
    exceptions_pattern,
    format_message,
    iter_matches,
    phrase_pattern,
    within_phrase,
)
from writer.model.document import split_sentences

KEYS = frozenset({"tokens", "max", "ignorecase", "alpha", "exceptions", "vocab"})


class Repetition(ValeRule):
    def __init__(self, spec: RuleSpec, env: RuleEnv) -> None:
        super().__init__(spec, env)
        source = "(" + "|".join(spec.strings("tokens")) + ")"
        self.ignorecase = spec.flag("ignorecase")
        if self.ignorecase:
            source = "(?i)" + source
        self.pattern = compile_pattern(spec, source, "tokens")
        self.max = int(spec.number("max", 0))
        self.alpha = spec.flag("alpha")
        accepted = env.accepted if spec.flag("vocab", True) else ()
        self.exceptions = ExceptionTest(
            exceptions_pattern(spec, spec.strings("exceptions"), accepted)
        )
        self.phrases = phrase_pattern(accepted)

    def alerts(self, unit: Unit, state: dict[Any, Any]) -> Iterator[Alert]:
        text = unit.text
        previous = ""
        previous_start = 0
        count = 0
        for match in iter_matches(self.pattern, text):
            current = match.group().strip()
            if self.ignorecase:
                hit = current != "" and current.casefold() == previous.casefold()
            else:
                hit = current != "" and current == previous
            if hit and self.alpha:
                hit = all(ch.isalpha() for ch in current)
            if hit:
                count += 1
            if hit and count > self.max:
                span = text[previous_start : match.end()]
                if len(list(split_sentences(span))) == 1 and not (
                    self.exceptions.covers(span)
                    or within_phrase(self.phrases, text, previous_start, match.end())
                ):
                    yield Alert(previous_start, match.end(), format_message(self.message, current))
                    count = 0
            previous_start = match.start()
            previous = current
