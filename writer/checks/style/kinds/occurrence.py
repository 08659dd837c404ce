"""``extends: occurrence``: flag a unit where ``token`` appears more than ``max`` or fewer
than ``min`` times."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

from writer.checks.budget import budget
from writer.checks.style.kinds.base import (
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
    # Set from the guide's manifest (``quote_unit``): ``%d`` in the message is the count and
    # ``%s`` is left for the checker, which fills it with the unit's opening words.
    quote_unit = False

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
        """Count each unit's matches with one ``findall`` (no Python step per match); only a
        unit past the limit is searched again for the match its finding points at."""
        if self.pattern.search("", timeout=budget()) is not None:
            # A pattern that can match nothing would be counted wrongly by findall.
            for unit in units:
                if self.wants(unit.tags):
                    for alert in self.alerts(unit, state):
                        yield unit, alert
            return
        for unit in units:
            if not self.wants(unit.tags):
                continue
            count = len(self.pattern.findall(unit.text, timeout=budget()))
            if not ((self.max > 0 and count > self.max) or (self.min > 0 and count < self.min)):
                continue
            # The first match outside inline code (shown as asterisks), as Vale reports it.
            first = next(
                (m for m in iter_matches(self.pattern, unit.text) if m.group().strip("*")), None
            )
            if first is None:
                yield unit, Alert(0, 0, format_message(self.message, str(count)))
            elif self.quote_unit:
                yield (
                    unit,
                    Alert(first.start(), first.end(), self.message.replace("%d", str(count))),
                )
            elif "%d" in self.message:
                yield (
                    unit,
                    Alert(first.start(), first.end(), format_message(self.message, str(count))),
                )
            else:
                yield (
                    unit,
                    Alert(first.start(), first.end(), format_message(self.message, first.group())),
                )

    def alerts(self, unit: Unit, state: dict[Any, Any]) -> Iterator[Alert]:
        found = [m for m in iter_matches(self.pattern, unit.text) if m.end() > m.start()]
        count = len(found)
        if (self.max > 0 and count > self.max) or (self.min > 0 and count < self.min):
            if not found:
                yield Alert(0, 0, format_message(self.message, str(count)))
                return
            first = found[0]
            if self.quote_unit:
                yield Alert(first.start(), first.end(), self.message.replace("%d", str(count)))
                return
            sub = str(count) if "%d" in self.message else first.group()
            yield Alert(first.start(), first.end(), format_message(self.message, sub))
