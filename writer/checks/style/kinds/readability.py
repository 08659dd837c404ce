"""``extends: readability``: the mean of the named ``metrics`` above ``grade``."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

from writer.checks.style.kinds.base import Alert, RuleEnv, RuleSpec, Unit, ValeRule, format_message
from writer.checks.textstats import TextFigures

KEYS = frozenset({"metrics", "grade"})
METRICS = ("Gunning Fog", "Coleman-Liau", "Flesch-Kincaid", "SMOG", "Automated Readability")


class Readability(ValeRule):
    default_scope = "summary"
    reads_sentences = True

    def __init__(self, spec: RuleSpec, env: RuleEnv) -> None:
        super().__init__(spec, env)
        self.metrics = spec.strings("metrics") or list(METRICS)
        for name in self.metrics:
            if name not in METRICS:
                raise spec.error(
                    f"unknown metric {name!r}: use one of {', '.join(METRICS)}", "metrics"
                )
        self.grade = spec.number("grade", 8)

    def document(
        self, units: Sequence[Unit], state: dict[Any, Any]
    ) -> Iterator[tuple[Unit, Alert]]:
        figures = TextFigures.of(u.text for u in units if "sentence" in u.tags)
        grades = figures.grades()
        if not grades:
            return
        mean = sum(grades[name] for name in self.metrics) / len(self.metrics)
        if mean > self.grade:
            anchor = Unit("", frozenset(), None, 0)
            yield anchor, Alert(0, 0, format_message(self.message, f"{mean:.2f}"))
