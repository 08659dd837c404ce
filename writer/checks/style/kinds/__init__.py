"""Vale-format rule kinds, one module each. :data:`KINDS` maps ``extends`` to the class and
:data:`KIND_KEYS` to the keys that kind accepts (besides the common ones)."""

from __future__ import annotations

from writer.checks.style.kinds import (
    capitalization,
    conditional,
    consistency,
    existence,
    metric,
    occurrence,
    readability,
    repetition,
    sequence,
    spelling,
    substitution,
)
from writer.checks.style.kinds.base import RuleEnv, RuleSpec, ValeRule

COMMON_KEYS = frozenset(
    {"extends", "message", "description", "level", "scope", "link", "limit", "action", "name"}
)

KINDS: dict[str, type[ValeRule]] = {
    "existence": existence.Existence,
    "substitution": substitution.Substitution,
    "occurrence": occurrence.Occurrence,
    "repetition": repetition.Repetition,
    "consistency": consistency.Consistency,
    "conditional": conditional.Conditional,
    "capitalization": capitalization.Capitalization,
    "readability": readability.Readability,
    "metric": metric.Metric,
    "spelling": spelling.Spelling,
    "sequence": sequence.Sequence,
}

KIND_KEYS: dict[str, frozenset[str]] = {
    "existence": existence.KEYS,
    "substitution": substitution.KEYS,
    "occurrence": occurrence.KEYS,
    "repetition": repetition.KEYS,
    "consistency": consistency.KEYS,
    "conditional": conditional.KEYS,
    "capitalization": capitalization.KEYS,
    "readability": readability.KEYS,
    "metric": metric.KEYS,
    "spelling": spelling.KEYS,
    "sequence": sequence.KEYS,
}


def build(spec: RuleSpec, env: RuleEnv) -> ValeRule:
    return KINDS[spec.extends](spec, env)


__all__ = ["COMMON_KEYS", "KINDS", "KIND_KEYS", "RuleEnv", "RuleSpec", "ValeRule", "build"]
