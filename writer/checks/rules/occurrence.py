"""``extends: occurrence``: flag a unit where ``token`` appears more than ``max`` or fewer
than ``min`` times."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from writer.checks.rules.base import (
    Alert,
    RuleEnv,
    RuleSpec,
    Unit,
    ValeRule,
    compile_pattern,
    format_message,
    iter_matches,
)

KEYS = frozenset({"token", "max", "min", "ignorecase"})


class Occurrence(ValeRule):
    def __init__(self, spec: RuleSpec, env: RuleEnv) -> None:
        super().__init__(spec, env)
        token = str(spec.get("token", ""))
        if not token:
            raise spec.error("an occurrence rule needs a 'token' pattern", "extends")
        source = f"(?:{token})"
        if spec.flag("ignorecase"):
            source = "(?i)" + source
        self.pattern = compile_pattern(spec, source, "token")
        self.max = int(spec.number("max", 0))
        self.min = int(spec.number("min", 0))

    def alerts(self, unit: Unit, state: dict[Any, Any]) -> Iterator[Alert]:
        found = [m for m in iter_matches(self.pattern, unit.text) if m.end() > m.start()]
        count = len(found)
        if (self.max > 0 and count > self.max) or (self.min > 0 and count < self.min):
            if not found:
                yield Alert(0, 0, format_message(self.message, str(count)))
                return
            first = found[0]
            yield Alert(first.start(), first.end(), format_message(self.message, first.group()))
