"""``extends: sequence``: needs part-of-speech tags, which writer does not compute.

The rule is loaded (so its keys are checked) and skipped, with one notice naming it.
"""

from __future__ import annotations

from writer.checks.style.kinds.base import RuleEnv, RuleSpec, ValeRule

KEYS = frozenset({"tokens", "ignorecase"})


class Sequence(ValeRule):
    skipped = True

    def __init__(self, spec: RuleSpec, env: RuleEnv) -> None:
        super().__init__(spec, env)
        env.notices.append(
            f"{spec.path}: {spec.vale_name} is a sequence rule that needs part-of-speech tags, "
            "which writer does not compute; it is skipped"
        )
