"""``extends: existence``: flag every match of ``tokens`` (or ``raw``)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from writer.checks.style.kinds.base import (
    NONWORD_TEMPLATE,
    WORD_TEMPLATE,
    Alert,
    ExceptionTest,
    RuleEnv,
    RuleSpec,
    Unit,
    ValeRule,
    anchored,
    compile_pattern,
    exceptions_pattern,
    format_message,
    iter_matches,
    phrase_pattern,
    within_phrase,
)
from writer.checks.style.kinds.literals import required_literals

KEYS = frozenset({"tokens", "raw", "append", "ignorecase", "nonword", "exceptions", "vocab"})


class Existence(ValeRule):
    batchable = True

    def __init__(self, spec: RuleSpec, env: RuleEnv) -> None:
        super().__init__(spec, env)
        tokens = [token for token in spec.strings("tokens") if token.strip()]
        raw = "".join(spec.strings("raw"))
        nonword = spec.flag("nonword")
        template = WORD_TEMPLATE if tokens and not nonword else NONWORD_TEMPLATE
        body = template % "|".join(tokens) if tokens else ""
        if not tokens and not raw:
            body = ""
        source = body + raw if spec.flag("append") else raw + body
        if not source or source in ("(?m)(?:)",):
            source = r"(?!x)x"  # a rule with no tokens matches nothing
        if spec.flag("ignorecase"):
            source = "(?i)" + source
        self.pattern = compile_pattern(spec, source, "tokens" if tokens else "raw")
        self.batchable = not anchored(source)
        if tokens and not raw:
            self.literals = required_literals(tokens)
        use_vocab = spec.flag("vocab", True) and not nonword
        accepted = env.accepted if use_vocab else ()
        self.exceptions = ExceptionTest(
            exceptions_pattern(spec, spec.strings("exceptions"), accepted)
        )
        self.phrases = phrase_pattern(accepted)

    def alerts(self, unit: Unit, state: dict[Any, Any]) -> Iterator[Alert]:
        text = unit.text
        for match in iter_matches(self.pattern, text):
            if match.end() == match.start():
                continue
            observed = match.group().strip()
            if self.exceptions.covers(observed):
                continue
            if within_phrase(self.phrases, text, match.start(), match.end()):
                continue
            subs = [match.group()]
            groups = [g for g in match.groups() if g is not None]
            if groups and "%[" in self.message:
                subs = groups
            yield Alert(match.start(), match.end(), format_message(self.message, *subs))
