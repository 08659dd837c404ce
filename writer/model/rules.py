"""Rule metadata: what a rule is for, as every layer reads it (checks declare it, the engine
selects by it, reporters and ``writer rules`` show it)."""

from __future__ import annotations

from dataclasses import dataclass

from writer.model.findings import Severity


@dataclass(frozen=True)
class RuleMeta:
    """What a rule is for, in words a user reads in ``writer rules ID``."""

    id: str
    severity: Severity
    summary: str
    explanation: str = ""
    good: str = ""
    bad: str = ""
    fixable: bool = False
    default_enabled: bool = True
    source: str = ""  # where the rule is defined: a file path or "built-in"
    # Rules that report the same thing better: a finding of this rule on a line where one of
    # them also reports is left out, so a reader sees each problem once.
    yields_to: tuple[str, ...] = ()
    # Its findings carry rule ids of their own below it (grammar.harper.SpellCheck), which
    # selectors may name.
    dynamic: bool = False

    @property
    def family(self) -> str:
        return self.id.split(".", 1)[0]
