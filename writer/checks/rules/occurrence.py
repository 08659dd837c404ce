"""``extends: occurrence``: flag a unit where ``token`` appears more than ``max`` or fewer
than ``min`` times."""

from __future__ import annotations

import bisect
from collections.abc import Iterator, Sequence
from typing import Any

import regex

from writer.checks.rules.base import (
    Alert,
    RuleEnv,
    RuleSpec,
    Unit,
    ValeRule,
    batches,
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

    def document(
        self, units: Sequence[Unit], state: dict[Any, Any]
    ) -> Iterator[tuple[Unit, Alert]]:
        """Count matches of every unit in one pass over each batch of same-scope units."""
        for batch in batches(units, state):
            if not self.wants(batch.tags):
                continue
            if batch.raw is not None:
                for alert in self.alerts(batch.raw, state):
                    yield batch.raw, alert
                continue
            counts = [0] * len(batch.members)
            firsts: list[regex.Match[str] | None] = [None] * len(batch.members)
            starts = batch.starts
            for match in iter_matches(self.pattern, batch.joined.text):
                if match.end() == match.start():
                    continue
                index = bisect.bisect_right(starts, match.start()) - 1
                if match.end() > starts[index] + len(batch.members[index].text):
                    continue
                counts[index] += 1
                if firsts[index] is None and match.group().strip("*"):
                    firsts[index] = match  # the first match outside inline code, as Vale
            for index, unit in enumerate(batch.members):
                count = counts[index]
                if not ((self.max > 0 and count > self.max) or (self.min > 0 and count < self.min)):
                    continue
                if "%d" in self.message:
                    message = format_message(self.message, str(count))
                    first = firsts[index]
                    span = (first.start(), first.end()) if first is not None else (0, 0)
                    offset = starts[index] if first is not None else 0
                    yield unit, Alert(span[0] - offset, span[1] - offset, message)
                    continue
                first = firsts[index]
                if first is None:
                    yield unit, Alert(0, 0, format_message(self.message, str(count)))
                else:
                    offset = starts[index]
                    yield (
                        unit,
                        Alert(
                            first.start() - offset,
                            first.end() - offset,
                            format_message(self.message, first.group()),
                        ),
                    )

    def alerts(self, unit: Unit, state: dict[Any, Any]) -> Iterator[Alert]:
        found = [m for m in iter_matches(self.pattern, unit.text) if m.end() > m.start()]
        count = len(found)
        if (self.max > 0 and count > self.max) or (self.min > 0 and count < self.min):
            if not found:
                yield Alert(0, 0, format_message(self.message, str(count)))
                return
            first = found[0]
            sub = str(count) if "%d" in self.message else first.group()
            yield Alert(first.start(), first.end(), format_message(self.message, sub))
