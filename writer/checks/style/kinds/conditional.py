"""``extends: conditional``: a match of ``first`` needs a matching ``second`` (acronyms)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from writer.checks.budget import budget
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

KEYS = frozenset({"first", "second", "exceptions", "ignorecase", "vocab", "in"})


def _has_capture_group(pattern: str) -> bool:
    return pattern.count("(") > pattern.count("(?") + pattern.count(r"\(")


class Conditional(ValeRule):
    def __init__(self, spec: RuleSpec, env: RuleEnv) -> None:
        super().__init__(spec, env)
        first, second = spec.get("first"), spec.get("second")
        if not first or not second:
            raise spec.error("a conditional rule needs 'first' and 'second'", "extends")
        prefix = "(?i)" if spec.flag("ignorecase") else ""
        self.first = compile_pattern(spec, prefix + str(first), "first")
        self.second = compile_pattern(spec, prefix + str(second), "second")
        self.second_has_group = _has_capture_group(str(second))
        accepted = env.accepted if spec.flag("vocab", True) else ()
        self.exceptions = ExceptionTest(
            exceptions_pattern(spec, spec.strings("exceptions"), accepted)
        )
        self.phrases = phrase_pattern(accepted)

    def alerts(self, unit: Unit, state: dict[Any, Any]) -> Iterator[Alert]:
        text = unit.text
        defined: set[str] = state.setdefault(("conditional", self.spec.id), set())
        if not self.second_has_group:
            if self.second.search(text, timeout=budget()) is not None:
                return
        else:
            for match in iter_matches(self.second, text):
                defined.update(group for group in match.groups() if group)
        for match in iter_matches(self.first, text):
            observed = match.group()
            if not observed or observed in defined:
                continue
            if self.exceptions.covers(observed):
                continue
            if within_phrase(self.phrases, text, match.start(), match.end()):
                continue
            yield Alert(match.start(), match.end(), format_message(self.message, observed))
