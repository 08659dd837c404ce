"""``extends: consistency``: of each ``either`` pair, only one form may appear in a file."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

import regex

from writer.checks.style.kinds.base import (
    NONWORD_TEMPLATE,
    WORD_TEMPLATE,
    Alert,
    RuleEnv,
    RuleSpec,
    Unit,
    ValeRule,
    compile_pattern,
    format_message,
    iter_matches,
)

KEYS = frozenset({"either", "ignorecase", "nonword"})


class Consistency(ValeRule):
    def __init__(self, spec: RuleSpec, env: RuleEnv) -> None:
        super().__init__(spec, env)
        either = spec.get("either") or {}
        if not isinstance(either, dict):
            raise spec.error("'either' must be a mapping of 'form: other form'", "either")
        template = NONWORD_TEMPLATE if spec.flag("nonword") else WORD_TEMPLATE
        prefix = "(?i)" if spec.flag("ignorecase") else ""
        self.pairs: list[regex.Pattern[str]] = []
        for first, second in either.items():
            source = prefix + template % f"(?P<a>{first})|(?P<b>{second})"
            self.pairs.append(compile_pattern(spec, source, "either"))

    def document(
        self, units: Sequence[Unit], state: dict[Any, Any]
    ) -> Iterator[tuple[Unit, Alert]]:
        seen: list[set[str]] = [set() for _ in self.pairs]
        for unit in units:
            if not self.wants(unit.tags):
                continue
            for index, pattern in enumerate(self.pairs):
                last = None
                for match in iter_matches(pattern, unit.text):
                    seen[index].add("a" if match.group("a") is not None else "b")
                    last = match
                if last is not None and seen[index] == {"a", "b"}:
                    # Vale names the block's last match and points at its first occurrence.
                    where = unit.text.find(last.group())
                    start = where if where >= 0 else last.start()
                    message = format_message(self.message, last.group())
                    yield unit, Alert(start, start + len(last.group()), message)
